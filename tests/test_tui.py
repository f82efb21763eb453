"""The interactive reader, driven headless with Textual's Pilot (tokenization assumes unidic-lite)."""

from __future__ import annotations

import asyncio
import functools

from bireader.document import document_from_text
from bireader.model import Reading, Unit
from bireader.tui.reader import ReaderApp, ReaderScreen
from bireader.tui.reader.dialogs import AddTermScreen, HelpScreen

JA = [
    "ロシアは核抑止力を視野に入れている。",
    "報告書によると、NATOは躊躇してきた。",
    "カラガノフは論文を書いた。",
]
EN = [
    "Russia is looking to nuclear deterrence.",
    "According to the report, NATO has hesitated.",
    "",
]
SIZE = (100, 30)


def run_async(test):
    """Run an async test body with asyncio.run (no pytest-asyncio needed)."""

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return wrapper


def small_reading() -> Reading:
    """A fixed three-unit reading (independent of the aligner), the last unit without English."""
    text = "\n".join(JA) + "\n"
    doc = document_from_text(text, lang="ja", path="sample.ja.txt")
    units = []
    for i, p in enumerate(doc.paragraphs):
        units.append(
            Unit(i, p.text, EN[i], "aligned", 0.9 if EN[i] else 0.0, (i,), (i,) if EN[i] else (), i, p.start, p.end)
        )
    return Reading(ja=doc, units=tuple(units), source="aligned: sample.en.txt")


async def settle(app, pilot) -> None:
    """Let the loading and lookup workers finish and the screen catch up."""
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


def lookup_panel(screen) -> str:
    return str(screen.query_one("#lookup").render())


def state(screen, index: int):
    """Unit ``index`` as the reader holds it (text, notes, statuses, readings)."""
    return screen.source.state(index)


def words(screen, index: int) -> list[str]:
    return [t.surface for t in screen.words(state(screen, index))]


def shown_text(screen) -> str:
    """What the reading view draws, line by line."""
    view = screen.view
    return "\n".join(view.render_line(y).text for y in range(view.size.height))


def ja_text_at(screen, index: int, span) -> str:
    return state(screen, index).ja[slice(*span)]


@run_async
async def test_units_load_and_cursor_moves(real_dictionary):
    app = ReaderApp(small_reading())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert screen.source.total == 3
        assert (screen.unit, screen.token) == (0, 0)
        first = words(screen, 0)
        assert first[:4] == ["ロシア", "は", "核", "抑止"]
        await pilot.press("right", "right", "right")
        assert (screen.unit, screen.token) == (0, 3)
        assert (screen.view.cursor_unit, screen.view.cursor_span) == (0, (5, 7))  # 抑止 in ロシアは核抑止力…
        await pilot.press("left")
        assert screen.token == 2
        await pilot.press("down")
        assert (screen.unit, screen.token) == (1, 0)
        assert screen.view.cursor_unit == 1
        assert "unit 2 / 3" in str(screen.query_one("#position").render())
        await pilot.press("up", "left")  # before the first word of unit 0: stays
        assert (screen.unit, screen.token) == (0, 0)
        for _ in range(len(first)):
            await pilot.press("right")  # off the end of unit 0 into unit 1
        assert (screen.unit, screen.token) == (1, 0)


@run_async
async def test_lookup_panel_shows_entry_and_compound(real_dictionary):
    app = ReaderApp(small_reading())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("right", "right", "right")  # 抑止
        await settle(app, pilot)
        panel = lookup_panel(app.screen)
        assert panel.startswith("抑止")
        assert "よくし" in panel and "deterrence" in panel
        assert "in compound 核抑止力" in panel


@run_async
async def test_glossary_entry_comes_first(real_dictionary):
    from bireader.glossary import open_glossary

    with open_glossary() as glossary:
        glossary.add("抑止", "deterrence (my note)", reading="よくし")
    app = ReaderApp(small_reading())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("right", "right", "right")
        await settle(app, pilot)
        panel = lookup_panel(app.screen)
        assert "your glossary" in panel, panel
        assert panel.index("deterrence (my note)") < panel.index("· common"), panel


@run_async
async def test_add_term_writes_the_glossary(real_dictionary):
    from bireader.glossary import open_glossary

    app = ReaderApp(small_reading())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("down")
        for _ in range(words(app.screen, 1).index("躊躇")):
            await pilot.press("right")
        await settle(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AddTermScreen)
        values = dialog._collect()
        assert values["term"] == "躊躇" and values["reading"] == "ちゅうちょ" and values["translation"] == "hesitation"
        translation = dialog.query_one("#field-translation")
        translation.value = "hesitancy"
        translation.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        # The new term is highlighted in the Japanese.
        unit = state(app.screen, 1)
        assert [unit.ja[s:e] for s, e in unit.notes.ja_marks] == ["躊躇"]
    with open_glossary() as glossary:
        rows = glossary.get("躊躇")
    assert [(r.term, r.translation, r.reading) for r in rows] == [("躊躇", "hesitancy", "ちゅうちょ")]


@run_async
async def test_search_goto_readings_help_and_click(real_dictionary):
    app = ReaderApp(small_reading())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("slash", *"カラガノフ", "enter")
        await settle(app, pilot)
        assert screen.unit == 2
        assert app.focused is None  # the prompt gave the keys back
        await pilot.press("slash", *"hesitated", "enter")
        assert screen.unit == 1
        await pilot.press("g", "1", "enter")
        assert (screen.unit, screen.token) == (0, 0)
        await pilot.press("r")
        await settle(app, pilot)
        assert ("核抑止力" in JA[0]) and any(r == "かくよくしりょく" for _, _, r in state(screen, 0).readings)
        assert "核抑止力(かくよくしりょく)" in shown_text(screen)
        await pilot.press("r")
        assert "(かくよくしりょく)" not in shown_text(screen)
        # Clicks map terminal cells to characters (two cells each) and on to tokens: 報告|書.
        row = next(y for y in range(30) if screen.view.render_line(y).text.lstrip(" ▌").startswith("2 "))
        number_w = 6
        await pilot.click("#units", offset=(number_w + 4, row))
        await settle(app, pilot)
        assert screen.unit == 1
        assert ja_text_at(screen, 1, screen.view.cursor_span) == "書"
        await pilot.click("#units", offset=(number_w + 1, row))
        await settle(app, pilot)
        assert ja_text_at(screen, 1, screen.view.cursor_span) == "報告"
        assert lookup_panel(screen).startswith("報告")
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("x")
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("q")
    assert app.return_code in (0, None)


@run_async
async def test_narrow_screen_stacks_japanese_above_english(real_dictionary):
    app = ReaderApp(small_reading(), vocab="none")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        lines = shown_text(app.screen).splitlines()
        first = next(line for line in lines if "ロシア" in line)
        assert "Russia" in first  # wide: side by side, on one line
        await pilot.resize_terminal(80, 30)
        await settle(app, pilot)
        lines = shown_text(app.screen).splitlines()
        ja = next(k for k, line in enumerate(lines) if "ロシア" in line)
        assert "Russia" not in lines[ja] and "Russia" in lines[ja + 1]  # narrow: English under the Japanese
        assert lines[ja].index("ロシア") == lines[ja + 1].index("Russia")  # in the same column


@run_async
async def test_vocab_modes(real_dictionary):
    from bireader.glossary import open_glossary

    with open_glossary() as glossary:
        glossary.add("躊躇", "hesitancy", reading="ちゅうちょ")
    shown = {}
    from bireader.render import vocab_items

    for mode in ("all", "glossary", "none"):
        app = ReaderApp(small_reading(), vocab=mode)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            units = [state(app.screen, i) for i in range(3)]
            shown[mode] = [
                " · ".join(item.plain for item in vocab_items(u.notes)) if u.notes.vocab else None for u in units
            ]
            # Glossary terms are marked in every mode, the English rendering too.
            assert [units[1].ja[s:e] for s, e in units[1].notes.ja_marks] == ["躊躇"]
            if mode == "all":
                assert "核抑止力" in shown_text(app.screen)
    assert "核抑止力" in shown["all"][0] and "論文" in shown["all"][2]
    assert shown["all"][1].startswith("★躊躇")  # the user's term first
    assert shown["glossary"] == [None, shown["glossary"][1], None] and "hesitancy" in shown["glossary"][1]
    assert shown["none"] == [None, None, None]


@run_async
async def test_a_broken_glossary_is_a_message_not_a_crash(real_dictionary, temp_home):
    (temp_home / "glossary.db").write_bytes(b"not a database at all")
    app = ReaderApp(small_reading())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        messages = [n.message for n in app._notifications]
        assert any("is not a SQLite database" in m for m in messages), messages
        assert "ロシア" in shown_text(app.screen)  # the reading itself is there


def test_read_interactive_checks_the_glossary_before_the_screen_opens(real_dictionary, temp_home, monkeypatch):
    from typer.testing import CliRunner

    from bireader.cli import app as cli_app
    from conftest import CORPUS_JA

    def never(self, *args, **kwargs):
        raise AssertionError("the screen should not open")

    monkeypatch.setattr(ReaderApp, "run", never)
    (temp_home / "glossary.db").write_bytes(b"not a database at all")
    result = CliRunner().invoke(cli_app, ["read", str(CORPUS_JA), "-i", "--embeddings", "off"])
    assert result.exit_code == 5, result.output
    assert "is not a SQLite database" in result.output and "Traceback" not in result.output
    # The plain view says so too, before printing anything.
    plain = CliRunner().invoke(cli_app, ["read", str(CORPUS_JA), "--embeddings", "off", "--vocab", "none"])
    assert plain.exit_code == 5 and plain.output.startswith("error:"), plain.output


def test_reader_snapshot(real_dictionary, snap_compare):
    async def run_before(pilot) -> None:
        app = pilot.app
        await settle(app, pilot)
        await pilot.press("right", "right", "right")
        await settle(app, pilot)

    assert snap_compare(ReaderApp(small_reading()), terminal_size=SIZE, run_before=run_before)
