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
    """Every kanji of ``word``: meanings, readings, strokes, grade, old JLPT, frequency, radical, words."""
    from bireader.dictionary.kanji import common_words, lookup_kanji
    from bireader.render import display_text

    out = Text()
    try:
        found = lookup_kanji(word)
    except BireaderError as err:
        return Text(err.message, style="red")
    if not found:
        return Text(f"KANJIDIC2 has none of the kanji of {display_text(word)}.", style="dim")
    known = _known()
    for n, k in enumerate(found):
        if n:
            out.append("\n\n")
        out.append(k.literal, style="bold")
        out.append("  " + display_text("; ".join(k.meanings)))
        if k.on:
            out.append("\n  on   " + "、".join(k.on))
        if k.kun:
            out.append("\n  kun  " + "、".join(k.kun))
        facts = [f"{k.strokes} strokes" if k.strokes else "", k.grade_label, k.jlpt_label,
                 f"frequency #{k.frequency:,}" if k.frequency else "",
                 f"radical {k.radical_char} ({k.radical})" if k.radical else ""]
        out.append("\n  " + " · ".join(f for f in facts if f), style="dim")
        for entry in common_words(k, limit=5, known=known):
            out.append("\n  ")
            out.append(display_text(entry.headword), style="bold")
            if entry.readings and entry.readings[0] != entry.headword:
                out.append(f" 【{display_text(entry.readings[0])}】", style="cyan")
            if entry.senses:
                out.append("  " + display_text("; ".join(entry.senses[0].glosses[:3])))
            if known is not None and known(entry):
                out.append("  known", style="green")
    return out


def _known():
    from bireader.annotate import word_statuses
    from bireader.words import word_key

    statuses = word_statuses.get()
    return lambda entry: statuses.get(word_key(entry)) == "known"


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
