"""A reading as a bilingual EPUB 3 book: each Japanese paragraph followed by its English.

ebooklib writes the container: a navigation document and an NCX (the table of
contents, one entry a chapter), the spine, the language (``ja``, with ``en``
as a second language), a unique identifier derived from the text (the same
export of the same text gets the same identifier, so a reader keeps its place).
"""

from __future__ import annotations

import html
import uuid
from typing import BinaryIO

from bireader.document import format_timestamp
from bireader.export.book import BookChapter, book_chapters, book_title, ja_markup
from bireader.export.fields import clean_xml
from bireader.model import Reading, Unit

BOOK_CSS = """\
body { line-height: 1.7; }
h1, h2, h3 { line-height: 1.3; }
.pair { margin: 0 0 1.2em 0; }
.ja { margin: 0; }
.en { margin: 0.2em 0 0 0; color: #444; font-style: normal; }
.en.gloss { font-style: italic; }
.time { color: #888; font-size: 0.8em; margin: 0; }
.heading-en { font-size: 1.1em; color: #444; margin-top: -0.5em; }
pre.code { white-space: pre-wrap; font-size: 0.85em; }
rt { font-size: 0.5em; }
"""


def write_epub(reading: Reading, out: BinaryIO, *, readings: bool = False) -> int:
    """Write the reading as an EPUB book to a binary stream.

    Args:
        reading: the units, with the Japanese document (its chapters and title).
        out: a binary stream (a file, or a pipe: ebooklib's ZIP writer needs no seeking).
        readings: put readings over kanji as ``<ruby>`` (see ``export.book.ruby_segments``).

    Returns:
        The number of units written.
    """
    from ebooklib import epub

    title = book_title(reading)
    book = epub.EpubBook()
    book.set_identifier(f"urn:uuid:{book_identifier(reading)}")
    book.set_title(title)
    book.set_language("ja")
    book.add_metadata("DC", "language", "en")
    book.add_metadata("DC", "contributor", "bireader")
    book.add_metadata("DC", "description", f"Japanese with English ({reading.source})")
    style = epub.EpubItem(uid="style", file_name="style/book.css", media_type="text/css", content=BOOK_CSS.encode())
    book.add_item(style)
    items = []
    count = 0
    for number, chapter in enumerate(book_chapters(reading), 1):
        # Beside the style sheet's folder: ebooklib links the sheet by its own path, relative to the chapter.
        item = epub.EpubHtml(title=chapter.title, file_name=f"chapter-{number:04d}.xhtml", lang="ja")
        item.content = _chapter_xhtml(chapter, reading, readings=readings)
        item.add_item(style)
        book.add_item(item)
        items.append(item)
        count += len(chapter.units)
    book.toc = [epub.Link(item.file_name, item.title, f"chapter-{k + 1}") for k, item in enumerate(items)]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *items]
    epub.write_epub(out, book, {"raise_exceptions": True})
    return count


def book_identifier(reading: Reading) -> uuid.UUID:
    """A UUID from the Japanese text, the English source and the level: stable across exports of the same reading."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"bireader:{reading.ja.text_hash}:{reading.source}:{reading.level}")


def _chapter_xhtml(chapter: BookChapter, reading: Reading, *, readings: bool) -> str:
    tag = f"h{min(chapter.level, 6)}"
    units = list(chapter.units)
    parts = [f'<{tag} lang="ja">{html.escape(clean_xml(chapter.title))}</{tag}>']
    # The chapter's own heading paragraph is its title: show its English under the title, not again as a pair.
    if units and _same(units[0].ja, chapter.title) and not units[0].is_code:
        first = units.pop(0)
        if first.en.strip():
            parts.append(f'<p class="heading-en" lang="en">{html.escape(clean_xml(first.en))}</p>')
    for unit in units:
        parts.append(unit_xhtml(unit, reading, readings=readings))
    return f'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>{html.escape(clean_xml(chapter.title))}</title></head><body>{"".join(parts)}</body></html>'


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def unit_xhtml(unit: Unit, reading: Reading, *, readings: bool) -> str:
    """One unit: its cue time (subtitles), its Japanese paragraph, then its English one."""
    parts = [f'<div class="pair" id="u{unit.index + 1}">']
    if unit.time_start is not None:
        parts.append(f'<p class="time">{format_timestamp(unit.time_start)} → {format_timestamp(unit.time_end)}</p>')
    if unit.is_code:
        parts.append(f'<pre class="code">{html.escape(clean_xml(unit.ja))}</pre>')
    elif unit.ja.strip():
        parts.append(f'<p class="ja" lang="ja">{ja_markup(unit, reading, readings=readings)}</p>')
    if unit.en.strip():
        css = "en gloss" if unit.source == "gloss" else "en"
        parts.append(f'<p class="{css}" lang="en">{html.escape(clean_xml(unit.en)).replace(chr(10), "<br/>")}</p>')
    parts.append("</div>")
    return "".join(parts)
