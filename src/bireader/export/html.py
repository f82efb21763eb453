"""A reading as one self-contained HTML page: Japanese and English facing, in two columns.

Everything is in the file (the style sheet inline, no scripts, no fonts, no
images), so it opens anywhere and can be mailed or printed. Chapters are
sections with a table of contents at the top; readings are ``<ruby>`` when
asked for. Below 700 pixels the columns stack, Japanese above English.
"""

from __future__ import annotations

import html
from typing import TextIO

from bireader import __version__
from bireader.document import format_timestamp
from bireader.export.book import book_chapters, book_title, ja_markup
from bireader.export.fields import clean_xml
from bireader.model import Reading

PAGE_CSS = """\
body { font-family: sans-serif; line-height: 1.7; max-width: 75em; margin: 0 auto; padding: 1em 2em; color: #222; }
header p { color: #666; margin-top: 0; }
nav ol { padding-left: 1.5em; }
nav .level-2 { margin-left: 1.5em; } nav .level-3 { margin-left: 3em; }
.pair { display: grid; grid-template-columns: 1fr 1fr; column-gap: 2.5em; margin: 0 0 1em 0; }
.pair > * { margin: 0; }
.pair .time { grid-column: 1 / -1; color: #888; font-size: 0.8em; }
.en { color: #333; }
.en.gloss { font-style: italic; color: #666; }
.missing { color: #aaa; font-style: italic; }
pre.code { grid-column: 1 / -1; white-space: pre-wrap; background: #f6f6f6; padding: 0.5em; }
rt { font-size: 0.55em; color: #666; }
@media (max-width: 700px) { .pair { grid-template-columns: 1fr; } .pair .en { margin-top: 0.2em; } }
"""


def write_html(reading: Reading, out: TextIO, *, readings: bool = False) -> int:
    """Write the reading as one HTML page with the two languages facing.

    Args:
        reading: the units, with the Japanese document (its chapters and title).
        out: a text stream (UTF-8).
        readings: put readings over kanji as ``<ruby>``.

    Returns:
        The number of units written.
    """
    esc = lambda text: html.escape(clean_xml(text))  # noqa: E731
    title = book_title(reading)
    chapters = book_chapters(reading)
    out.write('<!DOCTYPE html>\n<html lang="ja">\n<head>\n<meta charset="utf-8">\n')
    out.write(f'<meta name="generator" content="bireader {__version__}">\n<title>{esc(title)}</title>\n')
    out.write(f"<style>\n{PAGE_CSS}</style>\n</head>\n<body>\n")
    out.write(f"<header><h1>{esc(title)}</h1><p>{esc(_describe(reading.source))}</p></header>\n")
    if len(chapters) > 1:
        out.write('<nav id="contents"><h2>目次 · Contents</h2><ol>\n')
        for number, chapter in enumerate(chapters, 1):
            level = min(chapter.level, 3)
            out.write(f'<li class="level-{level}"><a href="#chapter-{number}">{esc(chapter.title)}</a></li>\n')
        out.write("</ol></nav>\n")
    out.write("<main>\n")
    count = 0
    for number, chapter in enumerate(chapters, 1):
        tag = f"h{min(chapter.level + 1, 6)}"
        out.write(f'<section id="chapter-{number}">\n<{tag}>{esc(chapter.title)}</{tag}>\n')
        for unit in chapter.units:
            out.write(f'<div class="pair" id="u{unit.index + 1}">')
            if unit.time_start is not None:
                out.write(f'<p class="time">{format_timestamp(unit.time_start)} → {format_timestamp(unit.time_end)}</p>')
            if unit.is_code:
                out.write(f'<pre class="code">{esc(unit.ja)}</pre>')
            else:
                ja = ja_markup(unit, reading, readings=readings).replace("<br/>", "<br>")
                out.write(f'<p class="ja" lang="ja">{ja}</p>' if unit.ja.strip() else '<p class="ja missing">—</p>')
                css = "en gloss" if unit.source == "gloss" else "en"
                en = esc(unit.en).replace("\n", "<br>")
                out.write(f'<p class="{css}" lang="en">{en}</p>' if unit.en.strip() else '<p class="en missing">—</p>')
            out.write("</div>\n")
            count += 1
        out.write("</section>\n")
    out.write("</main>\n</body>\n</html>\n")
    return count


def _describe(source: str) -> str:
    if source.startswith("aligned: "):
        return f"English: {source[len('aligned: '):]} (aligned by bireader)"
    if source.startswith("mt:"):
        return f"English: machine translation by {source[3:]}"
    if source == "gloss":
        return "English: word-by-word dictionary gloss, not a translation"
    return f"English: {source}"
