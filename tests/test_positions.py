"""Reading positions: found by text after a rename, by path after an edit, per level; history order;
two writers at once; the store joining an older user.db; `bireader history`."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
from datetime import datetime, timezone

import pytest

from bireader import userdb
from bireader.errors import StoreError
from bireader.positions import (
    MIGRATIONS,
    STORE,
    Found,
    PositionRecord,
    open_positions,
    path_key,
    resume_notice,
    resume_unit,
)

HASH_A = "a" * 64
HASH_B = "b" * 64


def save(store, text_hash=HASH_A, path="/books/a.txt", *, level="paragraph", unit=4, total=10, when=None, **rest):
    store.save(text_hash=text_hash, path=path, title=rest.pop("title", "Book A"), level=level, unit=unit,
               total=total, ja_offset=rest.pop("ja_offset", 120), chapter=rest.pop("chapter", "第三章"), when=when)


@pytest.fixture
def store(tmp_path):
    with open_positions(tmp_path / "user.db") as s:
        yield s


def test_save_then_find_by_text(store, tmp_path):
    path = tmp_path / "a.txt"
    save(store, path=path, unit=499, total=9870, ja_offset=31_000)
    found = store.find(HASH_A, path, "paragraph")
    assert isinstance(found, Found) and isinstance(found, PositionRecord)
    assert (found.matched_by, found.unit, found.total, found.ja_offset, found.chapter, found.title) == (
        "text", 499, 9870, 31_000, "第三章", "Book A")
    assert found.path == str(path.resolve())
    assert datetime.fromisoformat(found.opened).tzinfo == timezone.utc
    assert found.percent == 5
    assert store.find(HASH_B, tmp_path / "other.txt", "paragraph") is None


def test_saving_again_moves_the_position(store):
    save(store, unit=2)
    save(store, unit=7, chapter="第四章")
    found = store.find(HASH_A, "/books/a.txt", "paragraph")
    assert (found.unit, found.chapter) == (7, "第四章")
    assert len(store.history()) == 1


def test_a_renamed_file_is_found_by_its_text(store):
    save(store, path="/books/old-name.txt", unit=3)
    found = store.find(HASH_A, "/elsewhere/new-name.txt", "paragraph")
    assert found.matched_by == "text" and found.unit == 3
    # The reader saves under the new name: still one document.
    save(store, path="/elsewhere/new-name.txt", unit=3)
    assert [r.path for r in store.history()] == ["/elsewhere/new-name.txt"]


def test_an_edited_file_is_found_by_its_path(store):
    save(store, HASH_A, "/books/a.txt", unit=6, when="2026-01-01T10:00:00.000000+00:00")
    save(store, "c" * 64, "/books/a.txt", unit=2, when="2025-01-01T10:00:00.000000+00:00")  # an older text of it
    found = store.find(HASH_B, "/books/a.txt", "paragraph")
    assert found.matched_by == "path"
    assert (found.text_hash, found.unit) == (HASH_A, 6)  # the most recently opened text of that path
    # Standard input has no path to fall back on.
    save(store, HASH_A, "", level="sentence")
    assert store.find(HASH_B, "", "sentence") is None
    assert store.find(HASH_B, "-", "sentence") is None


def test_levels_are_kept_apart(store):
    save(store, level="paragraph", unit=3, total=10)
    save(store, level="sentence", unit=30, total=100)
    assert store.find(HASH_A, "/books/a.txt", "paragraph").unit == 3
    assert store.find(HASH_A, "/books/a.txt", "sentence").unit == 30
    assert store.find(HASH_B, "/books/a.txt", "sentence").unit == 30  # by path, at its level
    # One history row per document: the level read last.
    assert [(r.level, r.unit) for r in store.history()] == [("sentence", 30)]


def test_history_is_most_recent_first_and_limited(store):
    save(store, HASH_A, "/books/a.txt")
    save(store, HASH_B, "/books/b.txt")
    save(store, "c" * 64, "/books/c.txt")
    save(store, HASH_A, "/books/a.txt", unit=5)  # opened again
    assert [r.path for r in store.history()] == ["/books/a.txt", "/books/c.txt", "/books/b.txt"]
    assert [r.path for r in store.history(limit=2)] == ["/books/a.txt", "/books/c.txt"]


def test_forget(store):
    save(store, HASH_A, "/books/a.txt")
    save(store, HASH_A, "/books/a.txt", level="sentence")
    save(store, HASH_B, "/books/b.txt")
    assert store.forget(text_hash=HASH_A) == 2
    assert store.forget(path="/books/b.txt") == 1
    assert store.history() == []


@pytest.mark.parametrize(
    ("unit", "total", "expected"),
    [(0, 0, 0), (0, 1, 100), (0, 200, 0), (499, 9870, 5), (9869, 9870, 100)],
)
def test_percent(unit, total, expected):
    record = PositionRecord(HASH_A, "", "", "paragraph", unit, total, 0, "", "2026-01-01T00:00:00+00:00")
    assert record.percent == expected


def _found(matched_by, *, unit=499, chapter="第三章"):
    return Found(HASH_A, "/a.txt", "A", "paragraph", unit, 9870, 0, chapter, "2026-12-03T17:40:00+00:00", matched_by)


def test_resume_notice_is_one_line():
    local = datetime(2026, 12, 3, 17, 40, tzinfo=timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M")
    assert resume_notice(_found("text"), 9870) == (
        f"Resumed at unit 500 of 9,870 (5%) · 第三章 — last read {local}; --from-start to begin again.")
    changed = resume_notice(_found("path"), 600)
    assert changed.startswith("The text changed since you last read it; resumed at unit 500 by its number")
    assert "\n" not in resume_notice(_found("text", chapter="第\n三章\x1b[31m"), 9870)
    assert "第三章" not in changed  # the chapter belongs to the old text


def test_a_text_that_got_shorter_resumes_at_its_end():
    assert resume_unit(_found("path", unit=499), 100) == 99
    assert "unit 100 by its number" in resume_notice(_found("path", unit=499), 100)


def _save_many(path, start, count):
    with open_positions(path) as store:
        for i in range(start, start + count):
            store.save(text_hash=f"{i:064x}", path=f"/books/{i}.txt", title=f"Book {i}", level="paragraph",
                       unit=0, total=1, ja_offset=0)


def test_two_writers_at_once_lose_nothing(tmp_path):
    path = tmp_path / "user.db"
    open_positions(path).close()
    # fork: a spawned child would import the test module and the CLI again, most of a second each.
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_save_many, args=(path, start, 100)) for start in (0, 1000)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    with open_positions(path) as store:
        assert len(store.history(limit=1000)) == 200


def test_the_store_joins_a_user_db_that_has_only_words(tmp_path):
    from bireader.words import open_words

    path = tmp_path / "user.db"
    with open_words(path) as words:
        words.set_status([(1358280, "食べる", "たべる")], "known")
    with open_positions(path) as store:
        save(store)
        assert store.find(HASH_A, "/books/a.txt", "paragraph").unit == 4
    with open_words(path) as words:
        assert words.status(1358280, "食べる") == "known"
    conn = userdb.connect(path)
    assert userdb.store_version(conn, STORE) == len(MIGRATIONS)
    conn.close()


def test_a_store_from_a_newer_bireader_is_refused(tmp_path):
    path = tmp_path / "user.db"
    userdb.open_store(STORE, MIGRATIONS + (("ALTER TABLE positions ADD COLUMN note TEXT",),), path).close()
    with pytest.raises(StoreError, match="newer bireader"):
        open_positions(path)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT version FROM store_versions WHERE store = ?", (STORE,)).fetchone()[0] == 2
    conn.close()


def test_a_file_that_is_not_sqlite_is_one_clear_error(tmp_path):
    path = tmp_path / "user.db"
    path.write_bytes(b"not a database at all" * 20)
    with pytest.raises(StoreError, match="not a SQLite database"):
        open_positions(path)


def test_path_key():
    assert path_key(None) == path_key("") == path_key("-") == ""
    assert path_key("rel/a.txt").startswith("/")


# --- bireader history ----------------------------------------------------------------------


def run(*args):
    from typer.testing import CliRunner

    from bireader.cli import app

    return CliRunner().invoke(app, list(args))


def test_history_json(temp_home):
    with open_positions() as store:  # BIREADER_HOME is the temporary home (conftest)
        save(store, HASH_A, "/books/a.txt", unit=499, total=9870, title="[bold]A[/bold]")
        save(store, HASH_B, "/books/b.txt", unit=0, total=3, chapter="")
    assert (temp_home / "user.db").exists()
    result = run("history", "--json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert [i["path"] for i in items] == ["/books/b.txt", "/books/a.txt"]
    assert items[1] == {
        "title": "[bold]A[/bold]", "path": "/books/a.txt", "text_hash": HASH_A, "level": "paragraph",
        "unit": 500, "total": 9870, "percent": 5, "chapter": "第三章", "last_opened": items[1]["last_opened"],
    }
    assert datetime.fromisoformat(items[1]["last_opened"]).tzinfo == timezone.utc
    assert len(json.loads(run("history", "--json", "--limit", "1").stdout)) == 1


def test_history_table_shows_titles_literally():
    with open_positions() as store:
        save(store, unit=499, total=9870, title="[b]A[/b]\x1b[2J")
    result = run("history")
    assert result.exit_code == 0, result.output
    assert "[b]A[/b]" in result.stdout and "\x1b" not in result.stdout
    assert "unit 500 / 9,870" in result.stdout and "5%" in result.stdout and "第三章" in result.stdout


def test_empty_history():
    result = run("history")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "No reading history yet; open a text with `bireader read FILE -i`." in result.stderr
    result = run("history", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_history_help_has_an_example():
    result = run("history", "--help")
    assert result.exit_code == 0 and "Example: bireader history" in result.stdout
