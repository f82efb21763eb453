"""Which loader reads a file: its extension first, then its content."""

from __future__ import annotations

import re
from pathlib import Path

# The names ``--format-in`` takes, in the order --help lists them.
INPUT_FORMATS = ("text", "aozora", "epub", "html", "markdown", "srt", "vtt", "ass")
SUBTITLE_FORMATS = ("srt", "vtt", "ass")

_EXTENSIONS = {
    ".txt": "text", ".text": "text",
    ".epub": "epub",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".xht": "html",
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".srt": "srt",
    ".vtt": "vtt", ".webvtt": "vtt",
    ".ass": "ass", ".ssa": "ass",
}
_SRT_START = re.compile(r"\A\s*\d+[ \t]*\n[ \t]*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}[ \t]*-->")
_HTML_START = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.I | re.S)
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.M)
_MD_FENCE = re.compile(r"^[ \t]{0,3}(?:```|~~~)", re.M)


def format_from_extension(path: str | Path | None) -> str | None:
    """The format a file name promises (``film.ja.srt`` → ``srt``), or None."""
    if not path or str(path) == "-":
        return None
    return _EXTENSIONS.get(Path(str(path)).suffix.lower())


def format_from_content(data: bytes) -> str:
    """The format the bytes look like; ``text`` when nothing else fits.

    Markdown needs clear signs (two ``#`` headings, or one and a code fence):
    a plain text with one line starting with ``#`` is still plain text.
    """
    if data[:4] == b"PK\x03\x04":
        return "epub"
    head = _head_text(data[:16384])
    if head.startswith("WEBVTT"):
        return "vtt"
    if head.lstrip().startswith("[Script Info]"):
        return "ass"
    if _SRT_START.match(head):
        return "srt"
    if _HTML_START.match(head):
        return "html"
    headings = len(_MD_HEADING.findall(head))
    if headings >= 2 or (headings == 1 and _MD_FENCE.search(head)):
        return "markdown"
    return "text"


def detect_format(path: str | Path | None, data: bytes) -> str:
    """The format of a file: by its extension, else by its content."""
    return format_from_extension(path) or format_from_content(data)


def _head_text(head: bytes) -> str:
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom):].decode(encoding, "ignore").replace("\r\n", "\n")
    return head.decode("utf-8", "ignore").replace("\r\n", "\n")
