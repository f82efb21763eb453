"""The lookup panel's text: the word under the cursor, its compound, its entries (glossary first)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from rich.text import Text

from bireader.render import STYLE_TERM, display_text

if TYPE_CHECKING:
    from bireader.model import Entry


def entry_text(entry: Entry, *, max_senses: int = 6) -> Text:
    """A dictionary or glossary entry as the lookup panel shows it."""
    out = Text()
    head = display_text(entry.headword)
    out.append(head, style="bold")
    readings = [display_text(r) for r in entry.readings if r != entry.headword]
    if readings:
        out.append(f" 【{'・'.join(readings[:3])}】", style="cyan")
    tag = {"glossary": " your glossary", "jmnedict": " name", "romanized": " romanised"}.get(entry.source, "")
    if entry.is_common and entry.source == "jmdict":
        tag = " common"
    if tag:
        out.append(f" ·{tag}", style=STYLE_TERM if entry.source == "glossary" else "dim")
    for number, sense in enumerate(entry.senses[:max_senses], start=1):
        out.append("\n")
        out.append(f" {number}. ", style="dim")
        if sense.pos:
            out.append(f"({display_text(', '.join(sense.pos[:2]))}) ", style="dim italic")
        out.append(display_text("; ".join(sense.glosses)))
    if len(entry.senses) > max_senses:
        out.append(f"\n … {len(entry.senses) - max_senses} more senses", style="dim")
    if entry.note:
        out.append("\n " + display_text(entry.note), style="dim")
    return out


def lookup_text(word: str, lemma: str, reading: str, entries: Sequence[Entry], compound=None) -> Text:
    """The lookup panel: the word, the compound it belongs to, then its entries (glossary first)."""
    out = Text()
    out.append(display_text(word), style="bold reverse")
    if lemma and lemma != word:
        out.append(f" → {display_text(lemma)}", style="bold")
    if reading:
        out.append(f"  {display_text(reading)}", style="cyan")
    if compound is not None:
        out.append("\n")
        out.append("in compound ", style="dim")
        out.append(display_text(compound.surface), style="bold")
        if compound.reading:
            out.append(f" {display_text(compound.reading)}", style="cyan")
        if compound.entry is not None:
            out.append("  " + display_text(compound.entry.short_gloss))
    ordered = sorted(entries, key=lambda e: e.source != "glossary")
    if not ordered:
        out.append("\n(no dictionary entry)", style="dim")
    for entry in ordered[:4]:
        out.append("\n")
        out.append_text(entry_text(entry, max_senses=4))
    return out
