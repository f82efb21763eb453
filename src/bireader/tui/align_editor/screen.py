"""``EditorScreen``: the alignment editor's keys, its status line, and the edits they make."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from bireader.alignments import edit
from bireader.alignments.beads import SavedBead
from bireader.errors import BireaderError
from bireader.tui.align_editor.bead_list import ROW_LINES, BeadList, format_score, header_text
from bireader.tui.align_editor.dialogs import QuitDialog, SplitDialog

SIDE_NAMES = {"ja": "Japanese", "en": "English"}


class EditorScreen(Screen):
    """One row per bead; the keys of the issue (``n``/``N``, ``j``/``k``, ``m``, ``s``, ``<``/``>``,
    ``c``, ``u``, ``w``, ``q``) plus ``tab`` to choose the side ``<``/``>`` and the split act on."""

    DEFAULT_CSS = """
    EditorScreen #columns { height: 1; background: $panel; }
    EditorScreen #status { height: 1; background: $panel; padding: 0 1; }
    """

    BINDINGS = [
        Binding("j,down", "move(1)", "down", show=False),
        Binding("k,up", "move(-1)", "up", show=False),
        Binding("pagedown,space", "page(1)", "page down", show=False),
        Binding("pageup,b", "page(-1)", "page up", show=False),
        Binding("home,g", "jump(0)", "first", show=False),
        Binding("end,G", "jump(-1)", "last", show=False),
        Binding("n", "doubtful(1)", "doubtful"),
        Binding("N", "doubtful(-1)", "previous doubtful", show=False),
        Binding("m", "merge", "merge"),
        Binding("s", "split", "split"),
        Binding("less_than_sign", "move_unit(-1)", "unit up"),
        Binding("greater_than_sign", "move_unit(1)", "unit down"),
        Binding("tab", "switch_side", "side", priority=True),
        Binding("c", "confirm", "confirm"),
        Binding("u", "undo", "undo"),
        Binding("w", "save", "save"),
        Binding("q", "quit_editor", "quit"),
    ]

    def __init__(self, ja_units, en_units, beads: tuple[SavedBead, ...], *, doubt: float) -> None:
        super().__init__()
        self.history = edit.History(beads=tuple(beads))
        self.doubt = doubt
        self.side = "ja"
        self.ja_units = ja_units
        self.en_units = en_units

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(id="columns")
        yield BeadList(self.ja_units, self.en_units, doubt=self.doubt, id="beads")
        yield Static(id="status")
        yield Footer()

    @property
    def bead_list(self) -> BeadList:
        return self.query_one(BeadList)

    @property
    def beads(self) -> tuple[SavedBead, ...]:
        return self.history.beads

    @property
    def cursor(self) -> int:
        return self.history.cursor

    def on_mount(self) -> None:
        self.bead_list.focus()
        self._show()

    def on_resize(self) -> None:
        self._update_header()

    # --- drawing -------------------------------------------------------------

    def _show(self) -> None:
        self.bead_list.show(self.beads, self.cursor, self.side)
        self._update_header()
        self._update_status()

    def _update_header(self) -> None:
        width = self.bead_list.scrollable_content_region.width or self.size.width
        self.query_one("#columns", Static).update(header_text(width, self.side))

    def _update_status(self, message: str = "") -> None:
        beads = self.beads
        bead = beads[self.cursor]
        doubtful = sum(1 for b in beads if edit.is_doubtful(b, self.doubt))
        confirmed = sum(1 for b in beads if b.confirmed)
        state = "confirmed" if bead.confirmed else ("doubtful" if edit.is_doubtful(bead, self.doubt) else "")
        # The side <, > and s act on is marked in the column header (▸), not here.
        parts = [
            "unsaved" if self.history.dirty else "saved",
            f"bead {self.cursor + 1}/{len(beads)} {len(bead.ja)}:{len(bead.en)}",
            f"score {format_score(bead.score).strip()}" + (f" {state}" if state else ""),
            f"{doubtful} doubtful (< {self.doubt:g})",
            f"{confirmed} confirmed",
        ]
        line = Text()
        if message:
            # The message first: a narrow terminal cuts the end of the line, not what just happened.
            line.append(message, style="bold")
            line.append(" │ ", style="dim")
        line.append(" · ".join(parts))
        self.query_one("#status", Static).update(line)

    def _apply(self, beads: tuple[SavedBead, ...], cursor: int, message: str = "") -> None:
        self.history.push(beads, cursor)
        self._show()
        if message:
            self._update_status(message)

    def _refuse(self, err: BireaderError) -> None:
        self.app.bell()
        self._update_status(err.message)

    # --- moving --------------------------------------------------------------

    def _move_to(self, index: int) -> None:
        index = max(0, min(index, len(self.beads) - 1))
        if index != self.history.cursor:
            # Moving is not an edit: the undo history keeps edits only.
            self.history.cursor = index
            self._show()

    def on_bead_list_clicked(self, message: BeadList.Clicked) -> None:
        self._move_to(message.index)

    def action_move(self, step: int) -> None:
        self._move_to(self.cursor + step)

    def action_page(self, step: int) -> None:
        rows = max((self.bead_list.size.height or 10) // ROW_LINES - 1, 1)
        self._move_to(self.cursor + step * rows)

    def action_jump(self, where: int) -> None:
        self._move_to(len(self.beads) - 1 if where < 0 else where)

    def action_doubtful(self, step: int) -> None:
        found = edit.next_doubtful(self.beads, self.cursor, self.doubt, step)
        if found is None:
            self._update_status("no doubtful bead left")
            return
        wrapped = (found < self.cursor) if step > 0 else (found > self.cursor)
        self._move_to(found)
        if wrapped:
            self._update_status("search wrapped round")

    def action_switch_side(self) -> None:
        self.side = "en" if self.side == "ja" else "ja"
        self._show()

    # --- edits ---------------------------------------------------------------

    def action_merge(self) -> None:
        try:
            beads = edit.merge(self.beads, self.cursor)
        except edit.EditError as err:
            self._refuse(err)
            return
        self._apply(beads, self.cursor, "merged")

    def action_split(self) -> None:
        bead = self.beads[self.cursor]
        if not edit.can_split(bead):
            self._refuse(edit.EditError("a bead of one unit cannot be split"))
            return
        ja = [(i, self.ja_units[i]) for i in bead.ja]
        en = [(i, self.en_units[i]) for i in bead.en]
        ja_at, en_at = edit.suggest_split([len(t) for _, t in ja], [len(t) for _, t in en])
        index = self.cursor

        def done(choice: tuple[int, int] | None) -> None:
            if choice is None:
                return
            try:
                beads = edit.split(self.beads, index, *choice)
            except edit.EditError as err:
                self._refuse(err)
                return
            self._apply(beads, index, "split")

        self.app.push_screen(SplitDialog(ja, en, ja_at, en_at, side=self.side), done)

    def action_move_unit(self, direction: int) -> None:
        try:
            beads, cursor = edit.move_unit(self.beads, self.cursor, self.side, direction)
        except edit.EditError as err:
            self._refuse(err)
            return
        where = "previous" if direction < 0 else "next"
        self._apply(beads, cursor, f"moved a {SIDE_NAMES[self.side]} unit to the {where} bead")

    def action_confirm(self) -> None:
        beads = edit.toggle_confirmed(self.beads, self.cursor)
        self._apply(beads, self.cursor, "confirmed" if beads[self.cursor].confirmed else "unconfirmed")

    def action_undo(self) -> None:
        if not self.history.undo():
            self._update_status("nothing to undo")
            self.app.bell()
            return
        self._show()
        self._update_status("undone")

    def action_save(self) -> bool:
        try:
            self.app.save_beads(self.beads)
        except BireaderError as err:
            self._refuse(err)
            return False
        self.history.mark_saved()
        self._update_status(f"saved {len(self.beads)} beads")
        return True

    def action_quit_editor(self) -> None:
        if not self.history.dirty:
            self.app.exit()
            return

        def done(choice: str) -> None:
            if choice == "save" and self.action_save():
                self.app.exit()
            elif choice == "discard":
                self.app.exit()

        self.app.push_screen(QuitDialog("edits"), done)
