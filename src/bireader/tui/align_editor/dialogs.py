"""The editor's two dialogs: choosing where to split a bead, and quitting with unsaved edits."""

from __future__ import annotations

from typing import Sequence

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from bireader.document import strip_controls

BOUNDARY = "──── split here ────"


class SplitDialog(ModalScreen[tuple[int, int] | None]):
    """Choose the split point on each side of a bead; dismisses with ``(ja_at, en_at)`` or None.

    ``j``/``k`` move the boundary on the active side, ``tab`` switches side.
    """

    DEFAULT_CSS = """
    SplitDialog { align: center middle; }
    SplitDialog > Vertical {
        width: 90%; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    SplitDialog Horizontal { height: auto; }
    SplitDialog .side { width: 1fr; height: auto; padding: 0 1; }
    SplitDialog #split-help { color: $text-muted; }
    """

    BINDINGS = [
        Binding("j,down", "move(1)", "boundary down"),
        Binding("k,up", "move(-1)", "boundary up"),
        Binding("tab", "switch_side", "other side", priority=True),
        Binding("enter", "split", "split"),
        Binding("escape,q", "cancel", "cancel"),
    ]

    def __init__(
        self, ja: Sequence[tuple[int, str]], en: Sequence[tuple[int, str]], ja_at: int, en_at: int, *, side: str = "ja"
    ) -> None:
        super().__init__()
        self.ja = [(i, strip_controls(t)) for i, t in ja]
        self.en = [(i, strip_controls(t)) for i, t in en]
        self.at = {"ja": ja_at, "en": en_at}
        # Start on the side the editor was on, unless that side has no unit to split between.
        self.side = side if (self.ja if side == "ja" else self.en) else ("en" if side == "ja" else "ja")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(id="split-title")
            with Horizontal():
                yield Static(id="split-ja", classes="side")
                yield Static(id="split-en", classes="side")
            yield Static(
                "j/k move the boundary · tab other side · enter split · escape cancel", id="split-help"
            )

    def on_mount(self) -> None:
        self._redraw()

    def _column(self, side: str) -> Text:
        units = self.ja if side == "ja" else self.en
        active = side == self.side
        title = "Japanese" if side == "ja" else "English"
        text = Text()
        text.append(("▸ " if active else "  ") + title + "\n", Style(bold=active))
        at = self.at[side]
        for k in range(len(units) + 1):
            if k == at:
                text.append(BOUNDARY + "\n", Style(color="yellow", bold=active, reverse=active))
            if k < len(units):
                number, unit = units[k]
                text.append(f"{number} ", Style(dim=True, italic=True))
                text.append(unit + "\n")
        return text

    def _redraw(self) -> None:
        first = self.at["ja"], self.at["en"]
        second = len(self.ja) - first[0], len(self.en) - first[1]
        title = f"Split into {first[0]}:{first[1]} and {second[0]}:{second[1]}"
        if not self._valid():
            title += " — each part needs a unit"
        self.query_one("#split-title", Static).update(Text(title, Style(bold=True)))
        self.query_one("#split-ja", Static).update(self._column("ja"))
        self.query_one("#split-en", Static).update(self._column("en"))

    def _valid(self) -> bool:
        ja_at, en_at = self.at["ja"], self.at["en"]
        return (ja_at + en_at) > 0 and (len(self.ja) - ja_at + len(self.en) - en_at) > 0

    def action_move(self, step: int) -> None:
        units = self.ja if self.side == "ja" else self.en
        self.at[self.side] = max(0, min(len(units), self.at[self.side] + step))
        self._redraw()

    def action_switch_side(self) -> None:
        self.side = "en" if self.side == "ja" else "ja"
        self._redraw()

    def action_split(self) -> None:
        if not self._valid():
            self.app.bell()
            return
        self.dismiss((self.at["ja"], self.at["en"]))

    def action_cancel(self) -> None:
        self.dismiss(None)


class QuitDialog(ModalScreen[str]):
    """Unsaved edits: dismisses with ``save`` (save, then quit), ``discard`` (quit) or ``stay``."""

    DEFAULT_CSS = """
    QuitDialog { align: center middle; }
    QuitDialog > Static {
        width: auto; max-width: 80%; height: auto;
        border: thick $warning; background: $surface; padding: 1 2;
    }
    """

    BINDINGS = [
        Binding("w,y", "choose('save')", "save and quit"),
        Binding("q,n", "choose('discard')", "quit without saving"),
        Binding("escape", "choose('stay')", "stay"),
    ]

    def __init__(self, edits: str) -> None:
        super().__init__()
        self.edits = edits

    def compose(self) -> ComposeResult:
        yield Static(
            Text.assemble(
                (f"The alignment has {self.edits} not saved.\n\n", Style(bold=True)),
                "w  save and quit\nq  quit without saving\nescape  stay",
            )
        )

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
