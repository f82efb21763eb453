"""Files → Document: one loader a format, all giving the same model.

``read_document`` picks the loader from the ``format`` given (``--format-in``),
else from the file's extension, else from its content:

- ``text.py``: plain text, and Aozora Bunko (ruby, notes, 見出し as chapters);
- ``epub.py``: EPUB (ebooklib + selectolax), chapters from the navigation document;
- ``html.py``: a web page's main text; ``markdown.py``: Markdown;
- ``subtitles.py``: SRT, WebVTT, ASS/SSA (pysubs2), one paragraph a cue with its times.

The names below are the package's public API (many modules import them from
here); the helpers behind them live in ``encoding.py``, ``normalize.py`` and
``sentences.py``.
"""

from __future__ import annotations

from pathlib import Path

from bireader.document.detect import INPUT_FORMATS, SUBTITLE_FORMATS, detect_format
from bireader.document.encoding import ENCODING_HELP, LEGACY_ENCODINGS, decode_bytes, read_bytes
from bireader.document.normalize import normalize_for_matching, normalize_newlines, strip_controls
from bireader.document.sentences import split_sentences_en, split_sentences_ja
from bireader.document.subtitles import format_timestamp
from bireader.document.text import document_from_text, is_aozora, paragraph_spans, strip_aozora
from bireader.errors import InputError
from bireader.model import Document, Paragraph, Ruby, Sentence  # noqa: F401  (importable from here, as before)


def read_document(source: str | Path, lang: str = "ja", *, format: str | None = None) -> Document:
    """Read a file (or ``-`` for stdin) of any supported format into a Document.

    Args:
        source: a path, or ``-`` to read standard input.
        lang: ``ja`` or ``en``; chooses the sentence splitter.
        format: one of ``INPUT_FORMATS`` to force a loader; None: by the extension, then the content.

    Raises:
        InputError: an unknown format, or a file that is missing, a directory, binary,
            undecodable, malformed for its format, DRM-protected or empty.
    """
    if format is not None and format not in INPUT_FORMATS:
        raise InputError(f"unknown input format {format!r}; choose one of: {', '.join(INPUT_FORMATS)}")
    is_stdin = str(source) == "-"
    name = "standard input" if is_stdin else str(source)
    path = None if is_stdin else str(source)
    data = read_bytes(source)
    chosen = format or detect_format(path, data)
    if chosen == "epub":
        from bireader.document.epub import read_epub

        return read_epub(data, lang, name=name, path=path)
    if chosen == "html":
        from bireader.document.html import read_html

        return read_html(data, lang, name=name, path=path)
    text, encoding = decode_bytes(data, name)
    if chosen == "markdown":
        from bireader.document.markdown import read_markdown

        return read_markdown(text, lang, encoding=encoding, path=path)
    if chosen in SUBTITLE_FORMATS:
        from bireader.document.subtitles import read_subtitles

        # A forced format is what pysubs2 must parse; one from the extension only says
        # "subtitles" (a .srt is sometimes WebVTT inside), so pysubs2 reads the content.
        return read_subtitles(text, lang, format=format, encoding=encoding, path=path, name=name)
    # text: Aozora Bunko markup is recognised unless the user forced plain text.
    return document_from_text(text, lang=lang, encoding=encoding, path=path, format=format)


def read_lines(source: str | Path) -> list[str]:
    """One unit per line, taken as it is (presegmented input); blank lines are units too, except a final one.

    Raises:
        InputError: as ``read_document`` (missing, binary, undecodable, empty).
    """
    name = "standard input" if str(source) == "-" else str(source)
    text, _ = decode_bytes(read_bytes(source), name)
    text = normalize_newlines(text)
    if text.endswith("\n"):
        text = text[:-1]
    return text.split("\n") if text else []


__all__ = [
    "ENCODING_HELP", "INPUT_FORMATS", "LEGACY_ENCODINGS", "SUBTITLE_FORMATS", "decode_bytes", "detect_format",
    "document_from_text", "format_timestamp", "is_aozora", "normalize_for_matching", "normalize_newlines",
    "paragraph_spans", "read_bytes", "read_document", "read_lines", "split_sentences_en", "split_sentences_ja",
    "strip_aozora", "strip_controls",
]
