"""The reader on long texts (issue 14), with Pilot: it is virtual (only what is on screen is made),
goes to units, percentages and chapters it never showed, searches the whole text, keeps the
place in user.db, resumes after a rename or an edit, and reads a book aligned chapter by chapter."""

from __future__ import annotations

import json

import pytest
from test_tui import run_async, settle

from bireader.reading import stream_reading
from bireader.tui.reader import ReaderApp
from bireader.tui.reader.dialogs import OutlineScreen
from bireader.tui.reader.source import CACHE_UNITS

CHAPTERS = 30
PER_CHAPTER = 100  # 3,000 units, with a 見出し line at the start of each chapter
SIZE = (100, 30)


def long_text(last_word: str = "カラガノフ") -> str:
    """A long Aozora-style text: chapter 見出し, numbered paragraphs; ``last_word`` only in the last chapter."""
    lines = []
    for c in range(1, CHAPTERS + 1):
        lines.append(f"［＃大見出し］第{c}章［＃大見出し終わり］")
        for p in range(1, PER_CHAPTER):
            extra = f"{last_word}が来た。" if c == CHAPTERS and p == PER_CHAPTER // 2 else ""
            lines.append(f"第{c}章の{p}番目の段落。猫は本を読んだ。{extra}")
    return "\n".join(lines) + "\n"


@pytest.fixture()
def cheap_gloss(monkeypatch):
    """The gloss as a counter, so a test sees which units were made (and runs fast)."""
    made: list[str] = []

    def gloss(text: str) -> str:
        made.append(text)
        return f"gloss of {len(made)}"

    monkeypatch.setattr("bireader.reading.gloss_function", lambda: gloss)
    return made


def write_text(path, text: str | None = None):
    path.write_text(text if text is not None else long_text(), encoding="utf-8")
    return path


@run_async
async def test_only_what_is_on_screen_is_made_and_go_to_reaches_any_unit(real_dictionary, cheap_gloss, tmp_path):
    stream = stream_reading(write_text(tmp_path / "long.ja.txt"), translator="gloss")
    total = stream.total
    assert total == CHAPTERS * PER_CHAPTER
    app = ReaderApp(stream, vocab="none")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert 0 < len(cheap_gloss) < 60  # a screen and a few units beyond, not the text
        assert "unit 1 / 3,000 · 0% · 第1章" == str(screen.query_one("#position").render())
        await pilot.press("g", *"3000", "enter")
        await settle(app, pilot)
        assert screen.unit == total - 1
        last = app.source.state(total - 1)
        assert last.en is not None and last.en.startswith("gloss of")  # made when it came on screen
        assert "第30章の99番目の段落" in "\n".join(screen.view.render_line(y).text for y in range(10))
        assert "unit 3,000 / 3,000 · 100% · 第30章" == str(screen.query_one("#position").render())
        await pilot.press("g", *"50%", "enter")
        await settle(app, pilot)
        assert screen.unit == total // 2
        await pilot.press("g", *"1,204", "enter")
        assert screen.unit == 1203
        await pilot.press("home")
        assert screen.unit == 0
        await pilot.press("g", *"9999", "enter")  # no such unit: a message, the cursor stays
        assert screen.unit == 0
        assert any("no unit 9,999" in n.message for n in app._notifications)
        await pilot.press("end", "pageup")
        await settle(app, pilot)
        assert screen.unit < total - 1 and screen.view.top == screen.unit
        assert len(cheap_gloss) < 250
        assert len(app.source.states.keys()) <= CACHE_UNITS


@run_async
async def test_search_covers_text_never_shown_and_outline_jumps(real_dictionary, cheap_gloss, tmp_path):
    stream = stream_reading(write_text(tmp_path / "long.ja.txt"), translator="gloss")
    app = ReaderApp(stream, vocab="none")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("slash", *"カラガノフ", "enter")
        await settle(app, pilot)
        expected = (CHAPTERS - 1) * PER_CHAPTER + PER_CHAPTER // 2
        assert screen.unit == expected
        assert app.source.state(expected).ja[slice(*screen.view.cursor_span)] == "カラガノフ"
        await pilot.press("slash", *"存在しない言葉", "enter")
        assert any("Not found: 存在しない言葉" in n.message for n in app._notifications)
        await pilot.press("o")
        await settle(app, pilot)
        outline = app.screen
        assert isinstance(outline, OutlineScreen)
        assert len(outline.chapters) == CHAPTERS
        assert outline.current == CHAPTERS - 1  # the cursor is in the last chapter
        await pilot.press("home", "down", "down", "enter")  # 第3章
        await settle(app, pilot)
        assert app.screen is screen and screen.unit == 2 * PER_CHAPTER
        assert str(screen.query_one("#position").render()).endswith("第3章")


@run_async
async def test_resume_after_quit_rename_and_edit(real_dictionary, cheap_gloss, tmp_path):
    from typer.testing import CliRunner

    from bireader.cli import app as cli_app

    path = write_text(tmp_path / "long.ja.txt")
    app = ReaderApp(stream_reading(path, translator="gloss"), vocab="none")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("g", *"500", "enter")
        await settle(app, pilot)
        await pilot.press("q")
    # The place is in user.db, and history says so.
    result = CliRunner().invoke(cli_app, ["history", "--json"])
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert (row["unit"], row["total"], row["chapter"], row["path"]) == (500, 3000, "第5章", str(path.resolve()))

    moved = path.rename(tmp_path / "renamed.ja.txt")  # found again by the hash of its text
    app = ReaderApp(stream_reading(moved, translator="gloss"), vocab="none")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.screen.unit == 499
        assert any(n.message.startswith("Resumed at unit 500 of 3,000") for n in app._notifications)

    write_text(moved, long_text().replace("猫は本を読んだ。", "犬は本を読んだ。", 3))  # edited: found by path
    app = ReaderApp(stream_reading(moved, translator="gloss"), vocab="none")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.screen.unit == 499
        assert any("The text changed" in n.message for n in app._notifications)

    app = ReaderApp(stream_reading(moved, translator="gloss"), vocab="none", first_unit=0)  # --from-start
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.screen.unit == 0
        assert not any("Resumed" in n.message for n in app._notifications)


def test_read_interactive_passes_from_start_and_range(real_dictionary, cheap_gloss, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from bireader.cli import app as cli_app

    opened = []
    monkeypatch.setattr(ReaderApp, "run", lambda self, *a, **k: opened.append(self.first_unit))
    path = write_text(tmp_path / "long.ja.txt")
    for args in ([], ["--from-start"], ["--range", "7-9"]):
        result = CliRunner().invoke(cli_app, ["read", str(path), "-i", "-t", "gloss", *args])
        assert result.exit_code == 0, result.output
    assert opened == [None, 0, 6]  # None: resume where the user left


@run_async
async def test_a_broken_user_db_is_a_message_and_the_reader_still_opens(real_dictionary, cheap_gloss, tmp_path, temp_home):
    (temp_home / "user.db").write_bytes(b"this is not sqlite" * 100)
    app = ReaderApp(stream_reading(write_text(tmp_path / "long.ja.txt"), translator="gloss"), vocab="none")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.screen.unit == 0
        assert any("Your place could not be read" in n.message for n in app._notifications)
        await pilot.press("g", "9", "enter")
        await pilot.press("q")
    assert app.remember is False and app.save_error == ""  # the broken file was left alone
    assert (temp_home / "user.db").read_bytes() == b"this is not sqlite" * 100


@run_async
async def test_a_book_aligned_chapter_by_chapter_grows_while_read(real_dictionary, tmp_path):
    import format_fixtures as fx

    ja = fx.make_epub(tmp_path / "book.ja.epub", fx.JA_CHAPTERS)
    en = fx.make_epub(tmp_path / "book.en.epub", fx.EN_CHAPTERS, lang="en", title="The Test Book")
    stream = stream_reading(ja, english=en, embeddings="off")
    assert not stream.complete
    app = ReaderApp(stream, vocab="none")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.source.complete  # the rest was aligned while the first chapter was on screen
        await pilot.press("slash", *"帰りの", "enter")
        await settle(app, pilot)
        state = app.source.state(app.screen.unit)
        assert "帰りの電車" in state.ja and "train home" in state.en
        await pilot.press("o")
        await settle(app, pilot)
        assert [c.title for c, _ in app.screen.chapters] == [t for t, _ in fx.JA_CHAPTERS]
