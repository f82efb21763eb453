"""Blocks of text from a structured format (EPUB, HTML, Markdown, subtitles) → a Document.

Each loader turns its format into a list of ``Block`` values (a paragraph's
text, its rubies, whether it is a heading or code, a cue's times); ``assemble``
lays them out one after the other, separated by a blank line, so that every
paragraph's offsets slice ``Document.text`` and every ruby's offsets point at
its base text there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bireader.document.sentences import sentences_of
from bireader.errors import InputError
from bireader.model import Chapter, Document, Paragraph, Ruby, Sentence

SEPARATOR = "\n\n"


@dataclass(slots=True)
class Block:
    """One paragraph as a loader found it; ``rubies`` are ``(start, end, reading)`` into ``text``."""

    text: str
    rubies: list[tuple[int, int, str]] = field(default_factory=list)
    heading: int = 0  # 1–6: a heading of that level (it becomes a chapter unless the loader has its own)
    is_code: bool = False
    time_start: int | None = None
    time_end: int | None = None


def heading_chapters(blocks: list[Block], *, max_level: int = 6) -> tuple[Chapter, ...]:
    """A chapter at each heading block of level ``max_level`` or less (indices of the blocks kept by ``assemble``)."""
    chapters = []
    index = 0
    for block in blocks:
        if not _stripped(block)[0]:
            continue
        if block.heading and block.heading <= max_level:
            chapters.append(Chapter(" ".join(block.text.split()), index, block.heading))
        index += 1
    return tuple(chapters)


def _stripped(block: Block) -> tuple[str, int]:
    """The block's text without surrounding whitespace (code keeps its indentation) and how much was cut in front."""
    if block.is_code:
        text = block.text.strip("\n")
        text = text.rstrip()
        return text, block.text.index(text) if text else 0
    text = block.text.strip()
    return text, (block.text.index(text[0]) if text else 0)


def assemble(
    blocks: list[Block],
    lang: str,
    *,
    chapters: tuple[Chapter, ...] = (),
    title: str = "",
    format: str,
    encoding: str = "utf-8",
    path: str | None = None,
) -> Document:
    """Lay the blocks out as a Document; empty blocks are dropped.

    Args:
        blocks: the paragraphs in reading order.
        lang: ``ja`` or ``en``; chooses the sentence splitter.
        chapters: chapters whose ``paragraph`` indices count the non-empty blocks.
        title: the document's title.
        format: the loader's name (``epub``, ``html`` …).
        encoding: the encoding the bytes were decoded from.
        path: where the document came from.

    Raises:
        InputError: there is no text at all.
    """
    pieces: list[str] = []
    paragraphs: list[Paragraph] = []
    rubies: list[Ruby] = []
    length = 0
    for block in blocks:
        text, cut = _stripped(block)
        if not text:
            continue
        if pieces:
            pieces.append(SEPARATOR)
            length += len(SEPARATOR)
        start = length
        if block.is_code:
            # A code block is one unit, shown as it is: never split into "sentences".
            sentences = (Sentence(text, start, start + len(text)),)
        else:
            sentences = sentences_of(text, start, lang)
        paragraphs.append(
            Paragraph(
                text,
                start,
                start + len(text),
                sentences,
                is_headline=bool(block.heading),
                time_start=block.time_start,
                time_end=block.time_end,
                is_code=block.is_code,
            )
        )
        for s, e, reading in block.rubies:
            s, e = s - cut, e - cut
            if 0 <= s < e <= len(text) and reading:
                rubies.append(Ruby(start + s, start + e, reading))
        pieces.append(text)
        length += len(text)
    if not paragraphs:
        raise InputError(f"{path or 'the input'} is empty: there is no text to read")
    kept = tuple(c for c in chapters if 0 <= c.paragraph < len(paragraphs))
    return Document(
        text="".join(pieces),
        paragraphs=tuple(paragraphs),
        lang=lang,
        encoding=encoding,
        path=path,
        rubies=tuple(rubies),
        chapters=kept,
        title=title,
        format=format,
    )
