"""The kanji view (``K`` in the reader): KANJIDIC2 for each kanji of the word under the cursor."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from bireader.errors import BireaderError


def kanji_text(word: str) -> Text:
    """Every kanji of ``word`` (``render.kanji_block``), known words first among its examples."""
    from bireader.annotate import is_known
    from bireader.dictionary.kanji import common_words, lookup_kanji
    from bireader.render import display_text, kanji_block

    try:
        found = lookup_kanji(word)
    except BireaderError as err:
        return Text(err.message, style="red")
    if not found:
        return Text(f"KANJIDIC2 has none of the kanji of {display_text(word)}.", style="dim")
    blocks = [kanji_block(k, common_words(k, limit=5, known=is_known), is_known) for k in found]
    return Text("\n\n").join(blocks)


class KanjiScreen(ModalScreen[None]):
    """KANJIDIC2 for a word's kanji; Esc, q or K closes it."""

    DEFAULT_CSS = """
    KanjiScreen { align: center middle; }
    KanjiScreen > VerticalScroll { width: 84; max-height: 90%; height: auto; border: round $accent;
                                   padding: 1 2; background: $surface; }
    """
    BINDINGS = [Binding("escape,q,K", "dismiss", "Close")]

    def __init__(self, word: str) -> None:
        super().__init__()
        self.word = word

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(kanji_text(self.word), id="kanji-text")
