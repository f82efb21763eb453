"""What the book-like exports (EPUB, HTML) share: units grouped by chapter, and ruby segments.

A chapter of the export is a chapter of the Japanese document (units go to the
chapter their first Japanese paragraph is in; units before the first chapter
join it), so the exported book has as many chapters as the source. A document
without chapters is one chapter named after the document.
"""

from __future__ import annotations

import bisect
import html
from dataclasses import dataclass, field
from pathlib import Path

from bireader.export.fields import clean_xml
from bireader.model import Reading, Unit


@dataclass(slots=True)
class BookChapter:
    """One chapter of the exported book: its title, level (1 = top) and units."""

    title: str
    level: int
    units: list[Unit] = field(default_factory=list)


def book_title(reading: Reading) -> str:
    """The Japanese document's title, else its file name, else a generic one."""
    doc = reading.ja
    if doc.title.strip():
        return " ".join(doc.title.split())
    if doc.path:
        name = Path(doc.path).name
        for suffix in (".epub", ".html", ".htm", ".md", ".txt", ".srt", ".vtt", ".ass"):
            name = name.removesuffix(suffix)
        return name.removesuffix(".ja") or name
    return "bireader"


def book_chapters(reading: Reading) -> list[BookChapter]:
    """The reading's units, chapter by chapter, in order (empty chapters kept: they are in the outline)."""
    chapters = reading.ja.chapters
    if not chapters:
        return [BookChapter(book_title(reading), 1, list(reading.units))]
    out = [BookChapter(" ".join(c.title.split()) or str(k + 1), max(c.level, 1)) for k, c in enumerate(chapters)]
    starts = [c.paragraph for c in chapters]
    for unit in reading.units:
        # bisect_right - 1: of several chapters starting at one paragraph, the last (innermost) gets it.
        k = max(bisect.bisect_right(starts, unit.paragraph) - 1, 0)
        out[k].units.append(unit)
    return out


def ruby_segments(unit: Unit, reading: Reading, *, readings: bool | str) -> list[tuple[str, str | None]]:
    """The unit's Japanese as ``(text, reading)`` pieces; ``reading`` None for text without ruby.

    With ``readings``, the document's own ruby (EPUB ``<ruby>``, Aozora 《》) is
    used where it has some, and the tokenizer's readings (as ``read --readings``
    shows them) over the other kanji words.
    """
    text = unit.ja
    mode = "all" if readings is True else (readings or "none")
    if mode == "none" or not text.strip() or unit.is_code:
        return [(text, None)]
    spans: list[tuple[int, int, str]] = []
    doc = reading.ja
    if doc.rubies and doc.text[unit.ja_start:unit.ja_end] == text:
        spans = [
            (r.start - unit.ja_start, r.end - unit.ja_start, r.reading)
            for r in doc.rubies
            if unit.ja_start <= r.start and r.end <= unit.ja_end
        ]
    from bireader.annotate import annotate_unit

    for s, e, r in annotate_unit(text, vocab="none", readings=mode).readings:
        if all(e <= a or s >= b for a, b, _ in spans):
            spans.append((s, e, r))
    spans.sort()
    out: list[tuple[str, str | None]] = []
    position = 0
    for s, e, r in spans:
        if s < position:
            continue
        if s > position:
            out.append((text[position:s], None))
        out.append((text[s:e], r))
        position = e
    if position < len(text):
        out.append((text[position:], None))
    return out


def ja_markup(unit: Unit, reading: Reading, *, readings: bool | str) -> str:
    """The unit's Japanese as (X)HTML: escaped text, readings as ``<ruby>`` when asked for."""
    out = []
    for text, reading_ in ruby_segments(unit, reading, readings=readings):
        escaped = html.escape(clean_xml(text))
        out.append(f"<ruby>{escaped}<rt>{html.escape(reading_)}</rt></ruby>" if reading_ else escaped)
    return "".join(out).replace("\n", "<br/>")
