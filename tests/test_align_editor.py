"""The alignment editor, driven with Textual's Pilot: moving, merge, split, move, confirm, undo, save, quit."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from alignment_fixtures import EN_LINES, JA_LINES, alignment_of, docs, run_async
from bireader.alignments import SavedBead as B
from bireader.alignments import check_cover, open_alignments, resolve_beads
from bireader.tui.align_editor.app import AlignEditorApp
from bireader.tui.align_editor.dialogs import QuitDialog, SplitDialog
from bireader.tui.align_editor.screen import EditorScreen

# Bead 1 (0-based) is a doubtful 2:1; bead 3 a doubtful English line with no partner.
BEADS = (
    B((0,), (0,), 0.97),
    B((1, 2), (1,), 0.41),
    B((3,), (2, 3), 0.93),
    B((), (4,), 0.2),
    B((4,), (), 0.2),
)


def make_app(saved: list | None = None, beads=BEADS, **kwargs) -> AlignEditorApp:
    ja = JA_LINES
    en = EN_LINES
    return AlignEditorApp(ja, en, beads, save=(saved.append if saved is not None else None), **kwargs)


def screen_of(app) -> EditorScreen:
    screen = app.screen
    assert isinstance(screen, EditorScreen)
    return screen


def screen_text(app) -> str:
    """The screen as plain text, as a terminal would show it."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True, force_terminal=True)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


@run_async
async def test_rows_show_both_sides_scores_and_doubtful_marks():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "東京は大きい。" in text and "Tokyo is big." in text
        assert "? 0.41" in text and "  0.97" in text  # doubtful marked, sure not
        assert "bead 1/5" in text and "3 doubtful (< 0.9)" in text


@run_async
async def test_j_k_move_and_n_finds_the_next_doubtful_bead():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = screen_of(app)
        await pilot.press("n")
        assert screen.cursor == 1
        await pilot.press("n")
        assert screen.cursor == 3
        await pilot.press("N")
        assert screen.cursor == 1
        await pilot.press("j", "j")
        assert screen.cursor == 3
        await pilot.press("k")
        assert screen.cursor == 2
        await pilot.press("G")
        assert screen.cursor == 4
        await pilot.press("j")  # stays on the last bead
        assert screen.cursor == 4


@run_async
async def test_merge_then_undo():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = screen_of(app)
        await pilot.press("j", "m")
        assert screen.beads[1] == B((1, 2, 3), (1, 2, 3), 0.41, True)
        assert len(screen.beads) == 4 and screen.history.dirty
        assert "unsaved" in screen_text(app)
        await pilot.press("u")
        assert screen.beads == BEADS and not screen.history.dirty


@run_async
async def test_split_with_the_boundary_chosen_on_each_side():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = screen_of(app)
        await pilot.press("j", "s")
        dialog = app.screen
        assert isinstance(dialog, SplitDialog)
        # The suggestion: the middle of the Japanese; 人が多い。 is the shorter half, so the English goes after.
        assert dialog.at == {"ja": 1, "en": 0}
        await pilot.press("j")  # the Japanese boundary down one: 2:0 and 0:1
        assert dialog.at == {"ja": 2, "en": 0}
        await pilot.press("tab", "j", "enter")  # 2:1 and 0:0 leaves an empty part: refused, still open
        assert app.screen is dialog and dialog.at == {"ja": 2, "en": 1}
        await pilot.press("k", "enter")
        assert app.screen is screen
        assert screen.beads[1:3] == (B((1, 2), (), 0.41, True), B((), (1,), 0.41, True))
        check_cover(screen.beads, 5, 5)


@run_async
async def test_escape_cancels_a_split_and_a_one_unit_bead_cannot_split():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = screen_of(app)
        await pilot.press("j", "s", "escape")
        assert app.screen is screen and screen.beads == BEADS
        await pilot.press("G", "s")  # bead 5 has one Japanese unit only
        assert app.screen is screen and "cannot be split" in screen_text(app)


@run_async
async def test_less_and_greater_move_a_unit_of_the_chosen_side():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = screen_of(app)
        await pilot.press("j", "<")  # Japanese unit 1 to bead 0
        assert screen.beads[:2] == (B((0, 1), (0,), 0.97, True), B((2,), (1,), 0.41, True))
        await pilot.press("j", "tab", ">")  # bead 2's last English unit to bead 3
        assert screen.side == "en"
        assert screen.beads[2:4] == (B((3,), (2,), 0.93, True), B((), (3, 4), 0.2, True))
        await pilot.press("u", "u")
        assert screen.beads == BEADS


@run_async
async def test_confirm_marks_the_bead_and_next_doubtful_skips_it():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = screen_of(app)
        await pilot.press("n", "c")
        assert screen.beads[1].confirmed
        assert "✓" in screen_text(app)
        await pilot.press("g", "n")
        assert screen.cursor == 3


@run_async
async def test_w_saves_the_edited_beads():
    saved: list = []
    app = make_app(saved)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = screen_of(app)
        await pilot.press("j", "m", "w")
        assert saved == [screen.beads] and not screen.history.dirty
        await pilot.press("q")  # nothing unsaved: quits at once
    assert app.return_value == 1


@run_async
async def test_quit_asks_when_unsaved_and_escape_stays():
    saved: list = []
    app = make_app(saved)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m", "q")
        assert isinstance(app.screen, QuitDialog)
        await pilot.press("escape")
        assert isinstance(app.screen, EditorScreen)
        await pilot.press("q", "q")  # quit without saving
    assert saved == [] and app.return_value == 0


@run_async
async def test_quit_dialog_can_save_then_quit():
    saved: list = []
    app = make_app(saved)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m", "q", "w")
    assert len(saved) == 1 and saved[0][0] == B((0, 1, 2), (0, 1), 0.41, True)
    assert app.return_value == 1


@run_async
async def test_a_failed_save_keeps_the_editor_open_and_says_why():
    from bireader.errors import StoreError

    def broken(beads):
        raise StoreError("the user database is locked")

    app = AlignEditorApp(JA_LINES, EN_LINES, BEADS, save=broken)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m", "w")
        screen = screen_of(app)
        assert screen.history.dirty and "locked" in screen_text(app)


@run_async
async def test_untrusted_text_is_shown_literally():
    ja = ["[bold]太字[/bold]\x1b[31m赤"] + JA_LINES[1:]
    app = AlignEditorApp(ja, EN_LINES, tuple(B((i,), (i,), 0.95) for i in range(5)))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "[bold]太字[/bold]" in text and "\x1b" not in text


@run_async
async def test_a_long_pair_scrolls_with_the_cursor():
    n = 2000
    ja = [f"文{i}です。" for i in range(n)]
    en = [f"Sentence {i}." for i in range(n)]
    beads = tuple(B((i,), (i,), 0.5 if i % 97 == 0 else 0.99) for i in range(n))
    app = AlignEditorApp(ja, en, beads)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("G")
        assert "Sentence 1999." in screen_text(app)
        await pilot.press("g", "n", "n")
        assert screen_of(app).cursor == 194
        assert "Sentence 194." in screen_text(app)


@run_async
async def test_saving_into_the_store_is_what_read_then_uses(tmp_path):
    db = tmp_path / "user.db"
    ja, en = docs()
    alignment = alignment_of(ja, en, BEADS)

    def save(beads):
        with open_alignments(db) as store:
            store.save(alignment.__class__(alignment.level, alignment.ja, alignment.en, beads))

    app = AlignEditorApp(JA_LINES, EN_LINES, BEADS, save=save)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("j", "m", "w", "q")
    resolved = resolve_beads(ja, en, "paragraph", "off", path=db)
    assert resolved.how == "saved"
    assert resolved.beads[1] == B((1, 2, 3), (1, 2, 3), 0.41, True)


@pytest.mark.parametrize("doubt", [0.3, 0.95])
@run_async
async def test_doubt_sets_what_is_doubtful(doubt):
    app = make_app(doubt=doubt)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        expected = sum(1 for b in BEADS if b.score < doubt)
        assert f"{expected} doubtful (< {doubt:g})" in screen_text(app)
