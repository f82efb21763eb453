"""Markdown → Document: headings become chapters, paragraphs stay paragraphs, code stays code.

markdown-it-py (CommonMark, plus tables) parses the file. Inline markup goes
(``**太字**`` is 太字, a link is its text, an image is nothing), a line break
inside a paragraph joins as it would on a web page, inline ``<ruby>`` keeps its
reading, and fenced or indented code blocks become ``Paragraph.is_code``
paragraphs that are shown as they are and never tokenized or glossed.
"""

from __future__ import annotations

import re

from bireader.document.blocks import Block, assemble, heading_chapters
from bireader.document.markup import TextBuilder, blocks_from_html, parse_html
from bireader.document.normalize import normalize_newlines
from bireader.model import Document

# YAML front matter (Jekyll, Hugo, Obsidian): metadata, not text.
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FRONT_TITLE = re.compile(r"^title:\s*[\"']?(.*?)[\"']?\s*$", re.M)
_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9]*)")


def read_markdown(text: str, lang: str, *, encoding: str = "utf-8", path: str | None = None) -> Document:
    """The text of a Markdown file.

    Args:
        text: the decoded file.
        lang: ``ja`` or ``en``.
        encoding: what the bytes were decoded from.
        path: the file's path (kept on the Document).

    Raises:
        InputError: there is no text (only markup, or nothing at all).
    """
    from markdown_it import MarkdownIt

    text = normalize_newlines(text)
    title = ""
    front = _FRONT_MATTER.match(text)
    if front:
        found = _FRONT_TITLE.search(front.group(1))
        title = found.group(1).strip() if found else ""
        # Keep the line count (blank lines) so nothing else moves.
        text = "\n" * front.group(0).count("\n") + text[front.end():]
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    blocks: list[Block] = []
    heading = 0
    row: list[str] | None = None
    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            heading = int(token.tag[1:])
        elif kind == "heading_close":
            heading = 0
        elif kind in ("fence", "code_block"):
            blocks.append(Block(token.content, is_code=True))
        elif kind == "html_block":
            tree = parse_html(token.content)
            if tree.body is not None:
                blocks.extend(blocks_from_html(tree.body)[0])
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            blocks.append(Block(" | ".join(cell for cell in row if cell)))
            row = None
        elif kind == "inline":
            block = _inline_block(token.children or [])
            if row is not None:
                row.append(block.text.strip())
            else:
                block.heading = heading
                blocks.append(block)
    chapters = heading_chapters(blocks)
    if not title and chapters and chapters[0].level == 1:
        title = chapters[0].title
    return assemble(blocks, lang, chapters=chapters, title=title, format="markdown", encoding=encoding, path=path)


def _inline_block(children) -> Block:
    """The text of one paragraph's inline tokens, with the readings of any inline ``<ruby>``."""
    builder = TextBuilder()
    reading: list[str] | None = None  # collecting an <rt>
    skipping = False  # inside <rp>
    for child in children:
        kind = child.type
        if kind == "html_inline":
            m = _TAG.match(child.content)
            if not m:
                continue
            closing, tag = m.group(1) == "/", m.group(2).lower()
            if tag == "ruby" and not closing:
                builder.mark = None
            elif tag == "rt":
                if not closing:
                    reading = []
                else:
                    text = "".join("".join(reading or []).split())
                    if builder.mark is not None and text and builder.length > builder.mark:
                        builder.rubies.append((builder.mark, builder.length, text))
                    builder.mark = None
                    reading = None
            elif tag == "rp":
                skipping = not closing
            elif tag == "br":
                builder.line_break()
            continue
        if skipping:
            continue
        if kind in ("text", "code_inline"):
            if reading is not None:
                reading.append(child.content)
            else:
                builder.add(child.content)
        elif kind == "softbreak":
            builder.add("\n")
        elif kind == "hardbreak":
            builder.line_break()
    return Block(builder.text(), builder.rubies)
