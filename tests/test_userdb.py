"""user.db: one file, a schema version per store, upgrades in place without losing another store's data."""

from __future__ import annotations

import multiprocessing
import sqlite3

import pytest

from bireader import userdb
from bireader.errors import StoreError
from bireader.words import MIGRATIONS as WORD_MIGRATIONS
from bireader.words import open_words

# A store as an older bireader shipped it (version 1), and as this one has it (version 2).
OLD_NOTES = (("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)",),)
NEW_NOTES = OLD_NOTES + (("ALTER TABLE notes ADD COLUMN tag TEXT NOT NULL DEFAULT ''",),)


def test_a_store_upgrades_in_place_and_keeps_its_rows(tmp_path):
    path = tmp_path / "user.db"
    conn = userdb.open_store("notes", OLD_NOTES, path)
    conn.execute("INSERT INTO notes (text) VALUES ('kept')")
    conn.close()

    conn = userdb.open_store("notes", NEW_NOTES, path)
    assert userdb.store_version(conn, "notes") == 2
    assert [tuple(r) for r in conn.execute("SELECT text, tag FROM notes")] == [("kept", "")]
    conn.close()


def test_a_new_store_joins_a_file_made_by_an_older_bireader(tmp_path):
    path = tmp_path / "user.db"
    conn = userdb.open_store("notes", OLD_NOTES, path)
    conn.execute("INSERT INTO notes (text) VALUES ('from before')")
    conn.close()

    with open_words(path) as words:
        words.set_status([(1358280, "食べる", "たべる")], "known")
    conn = userdb.connect(path)
    assert [r[0] for r in conn.execute("SELECT text FROM notes")] == ["from before"]
    assert userdb.store_version(conn, "words") == len(WORD_MIGRATIONS)
    assert userdb.store_version(conn, "notes") == 1
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_a_store_from_a_newer_bireader_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "user.db"
    userdb.open_store("notes", NEW_NOTES, path).close()
    with pytest.raises(StoreError, match="newer bireader"):
        userdb.open_store("notes", OLD_NOTES, path)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT version FROM store_versions WHERE store = 'notes'").fetchone()[0] == 2
    conn.close()


def test_a_file_that_is_not_sqlite_is_one_clear_error(tmp_path):
    path = tmp_path / "user.db"
    path.write_bytes(b"these are not the bytes of a database" * 10)
    with pytest.raises(StoreError, match="not a SQLite database"):
        open_words(path)
    assert path.read_bytes().startswith(b"these are not")


def _mark(path, start, count):
    with open_words(path) as words:
        for i in range(start, start + count):
            words.set_status([(i, f"word{i}", "")], "known")


def test_two_processes_marking_at_once_lose_nothing(tmp_path):
    path = tmp_path / "user.db"
    open_words(path).close()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_mark, args=(path, start, 60)) for start in (1, 1001)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    with open_words(path) as words:
        assert words.counts()["known"] == 120
