"""The reader's dialogs: the keys help, the outline of chapters, the add-to-glossary form."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from bireader.render import display_text

if TYPE_CHECKING:
    from bireader.model import Chapter

KEYS = [
    ("← →", "previous / next word"),
    ("↑ ↓", "previous / next unit"),
    ("PgUp PgDn", "a screen back / on"),
    ("Home End", "first / last unit"),
    ("click", "look up the word clicked"),
    ("k l i", "mark the word known / learning / ignored"),
    ("u", "undo the last mark"),
    ("m", "mine the word: a card with this sentence and its English"),
    ("K", "the word's kanji (KANJIDIC2)"),
    ("a", "add the word under the cursor to your glossary"),
    ("r", "show / hide readings"),
    ("/", "search the whole text (n: next match)"),
    ("g", "go to a unit number or a percentage (g 50%)"),
    ("o", "outline: the chapters; Enter jumps there"),
    ("?", "this help"),
    ("q", "quit (your place is kept)"),
]


class HelpScreen(ModalScreen[None]):
    """The keys, as a table; any key closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical { width: 68; height: auto; border: round $accent; padding: 1 2; background: $surface; }
    """
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        text = Text()
        text.append("Keys\n\n", style="bold")
        for key, what in KEYS:
            text.append(f"{key:>9}  ", style="bold cyan")
            text.append(what + "\n")
        text.append("\nPress any key to close.", style="dim")
        with Vertical():
            yield Static(text)

    def on_key(self, event) -> None:
        event.stop()
        self.dismiss()


def outline_label(chapter: Chapter, unit: int, total: int) -> Text:
    """One line of the outline: the title, indented by level, and where it starts."""
    label = Text("  " * max(chapter.level - 1, 0))
    label.append(display_text(chapter.title) or "(untitled)", style="bold" if chapter.level <= 1 else "")
    percent = 100 * unit // total if total else 0
    label.append(f"  unit {unit + 1:,} · {percent}%", style="dim")
    return label


class OutlineScreen(ModalScreen[int | None]):
    """The document's chapters (EPUB navigation, headings, 見出し, subtitle minutes); Enter goes there."""

    DEFAULT_CSS = """
    OutlineScreen { align: center middle; }
    OutlineScreen > Vertical { width: 80%; max-width: 90; height: 80%; border: round $accent; padding: 0 1;
                               background: $surface; }
    OutlineScreen OptionList { height: 1fr; border: none; }
    """
    BINDINGS = [Binding("escape,q,o", "close", "Close")]

    def __init__(self, chapters: list[tuple[Chapter, int]], total: int, current: int, *, note: str = "") -> None:
        super().__init__()
        self.chapters = chapters
        self.total = total
        self.current = current  # index into chapters of the chapter the cursor is in
        self.note = note

    def compose(self) -> ComposeResult:
        options = [Option(outline_label(c, unit, self.total), id=str(unit)) for c, unit in self.chapters]
        with Vertical():
            title = Text("Outline", style="bold")
            if self.note:
                title.append(f"  {self.note}", style="dim")
            yield Static(title)
            yield OptionList(*options, id="outline")

    def on_mount(self) -> None:
        outline = self.query_one(OptionList)
        outline.focus()
        if self.chapters:
            outline.highlighted = max(self.current, 0)

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id))

    def action_close(self) -> None:
        self.dismiss(None)


class AddTermScreen(ModalScreen[dict | None]):
    """Add a term to the glossary: prefilled with the dictionary form, reading and first gloss; editable."""

    DEFAULT_CSS = """
    AddTermScreen { align: center middle; }
    AddTermScreen > Vertical { width: 70; height: auto; border: round $accent; padding: 1 2; background: $surface; }
    AddTermScreen Label { margin-top: 1; }
    AddTermScreen Horizontal { height: auto; margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, term: str, reading: str, translation: str) -> None:
        super().__init__()
        self.values = {"term": term, "reading": reading, "translation": translation, "note": ""}

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Add to your glossary", style="bold"))
            for name, label in (("term", "Term"), ("reading", "Reading"), ("translation", "Translation"), ("note", "Note")):
                yield Label(label)
                yield Input(value=self.values[name], id=f"field-{name}")
            with Horizontal():
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def _collect(self) -> dict:
        return {name: self.query_one(f"#field-{name}", Input).value.strip() for name in self.values}

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def save(self) -> None:
        self.dismiss(self._collect())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
