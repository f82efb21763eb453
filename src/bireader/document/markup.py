"""(X)HTML → blocks: the part the EPUB and HTML loaders share.

Paragraphs come from block elements (``p``, ``h1``–``h6``, ``li``, ``div`` …):
the text of a block element's inline content, whitespace collapsed as a browser
does, is one paragraph. ``<ruby>`` keeps its base text in the paragraph and its
``<rt>`` as a reading (never ``漢字かんじ`` run together). Images, scripts, styles
and other non-text elements are skipped. Nothing here depends on CSS, so a
vertical-writing book (``writing-mode: vertical-rl``) reads like any other.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from bireader.document.blocks import Block
from bireader.document.encoding import decode_bytes
from bireader.errors import InputError

# Elements that end the paragraph before them and start their own.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav ol p pre section summary "
    "table tbody td tfoot th thead tr ul".split()
)
# Elements whose content is never reading text.
SKIP_TAGS = frozenset(
    "head title script style noscript template svg math img picture video audio source track iframe object embed "
    "canvas map area input button select option textarea rt rp rtc -comment".split()
)
# Block elements whose ``<br>`` is a line break inside the paragraph; elsewhere (a ``div``
# holding lines, as Aozora Bunko's XHTML files do) a ``<br>`` ends a paragraph.
PARAGRAPH_TAGS = frozenset("p h1 h2 h3 h4 h5 h6 li dd dt caption figcaption summary legend th td address".split())
HEADING_TAGS = {f"h{i}": i for i in range(1, 7)}
_WS = " \t\n\r\f"  # HTML's whitespace (not U+3000, the ideographic space, which is text)
_SPACE = re.compile(r"[ \t\n\r\f]+")


def _is_wide(ch: str) -> bool:
    """Characters written without spaces between them (CJK, kana, full-width forms)."""
    o = ord(ch)
    return 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF or 0x20000 <= o <= 0x3FFFF


def _collapse(m: re.Match) -> str:
    """A run of whitespace inside a text: nothing for a line break between wide characters, else one space."""
    text, start, end = m.string, m.start(), m.end()
    if "\n" in m.group() and start and end < len(text) and _is_wide(text[start - 1]) and _is_wide(text[end]):
        return ""
    return " "


@dataclass(slots=True)
class TextBuilder:
    """The paragraph being built: its characters, rubies, and whitespace not yet written."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    rubies: list[tuple[int, int, str]] = field(default_factory=list)
    space: str = ""  # collapsed whitespace waiting for the next character: "", " " or "\n"
    last: str = ""
    mark: int | None = None  # where the first character written since ``mark`` was cleared went

    def add(self, text: str, *, pre: bool = False) -> None:
        if pre:
            self._mark()
            self._write(text)
            return
        body = text.strip(_WS)
        if not body:
            if text:
                self._space(text)
            return
        lead = len(text) - len(text.lstrip(_WS))
        tail = len(text) - len(text.rstrip(_WS))
        if lead:
            self._space(text[:lead])
        if _SPACE.search(body):
            body = _SPACE.sub(_collapse if "\n" in body else " ", body)
        self._word(body)
        if tail:
            self._space(text[len(text) - tail:])

    def _space(self, run: str) -> None:
        """Whitespace the next character decides about: a line break is remembered as one."""
        self.space = "\n" if "\n" in run or self.space == "\n" else " "

    def _word(self, word: str) -> None:
        if self.space and self.length and self.last != "\n":
            # A line break between two Japanese characters is not a space (CSS Text 3,
            # segment break transformation); any other run of whitespace is one space.
            if not (self.space == "\n" and _is_wide(self.last) and _is_wide(word[0])):
                self._write(" ")
        self.space = ""
        self._mark()
        self._write(word)

    def _mark(self) -> None:
        if self.mark is None:
            self.mark = self.length

    def _write(self, text: str) -> None:
        if text:
            self.parts.append(text)
            self.length += len(text)
            self.last = text[-1]

    def line_break(self) -> None:
        if self.length:
            self._write("\n")
        self.space = ""

    def text(self) -> str:
        return "".join(self.parts)


@dataclass
class Walker:
    """Collects the blocks of one (X)HTML tree; ``ids`` maps element ids to the index of the block they begin."""

    drop: frozenset[str] = frozenset()
    blocks: list[Block] = field(default_factory=list)
    ids: dict[str, int] = field(default_factory=dict)
    _current: TextBuilder = field(default_factory=TextBuilder)
    _heading: int = 0
    _pre: int = 0

    def walk(self, node) -> list[Block]:
        """Walk ``node``'s children (a selectolax node) and return all blocks so far."""
        self._children(node, in_paragraph=False)
        self._flush()
        return self.blocks

    def _children(self, node, *, in_paragraph: bool) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                self._current.add(child.text(deep=False) or "", pre=self._pre > 0)
                continue
            if tag in SKIP_TAGS or tag in self.drop:
                continue
            element_id = child.id
            if tag == "br":
                if self._pre or in_paragraph:
                    self._current.line_break()
                else:
                    self._flush()
                continue
            if tag == "ruby":
                self._ruby(child)
                continue
            if tag in BLOCK_TAGS:
                self._flush()
                if element_id:
                    self.ids.setdefault(element_id, len(self.blocks))
                heading, pre = self._heading, self._pre
                self._heading = HEADING_TAGS.get(tag, heading)
                self._pre += tag == "pre"
                self._children(child, in_paragraph=tag in PARAGRAPH_TAGS or tag == "pre")
                self._flush()
                self._heading, self._pre = heading, pre
                continue
            if element_id and not self._current.length:
                self.ids.setdefault(element_id, len(self.blocks))
            self._children(child, in_paragraph=in_paragraph)

    def _ruby(self, node) -> None:
        """Base text into the paragraph, each ``<rt>`` a reading over the base text before it."""
        current = self._current
        current.mark = None
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag in ("rp", "rtc", "-comment"):
                continue
            if tag == "rt":
                reading = "".join((child.text(deep=True) or "").split())
                if current.mark is not None and reading and current.length > current.mark:
                    current.rubies.append((current.mark, current.length, reading))
                current.mark = None
                continue
            self._inline(child)

    def _inline(self, node) -> None:
        if node.tag == "-text":
            self._current.add(node.text(deep=False) or "", pre=self._pre > 0)
        elif node.tag not in SKIP_TAGS:
            self._children(node, in_paragraph=True)

    def _flush(self) -> None:
        current = self._current
        if current.length:
            self.blocks.append(
                Block(current.text(), current.rubies, heading=self._heading, is_code=self._pre > 0)
            )
        self._current = TextBuilder()


def blocks_from_html(
    root, *, drop: frozenset[str] = frozenset(), name: str = "the page"
) -> tuple[list[Block], dict[str, int]]:
    """The blocks under a selectolax node, and where each element id begins.

    Args:
        root: a selectolax node (usually ``<body>``).
        drop: more element names to skip with all they contain (``nav``, ``footer`` …).
        name: how an error names the file.

    Returns:
        ``(blocks, ids)``: blocks in document order; ``ids[id]`` is the index of the block the element starts.

    Raises:
        InputError: elements nested deeper than Python's recursion allows (a broken or hostile file).
    """
    walker = Walker(drop=drop)
    try:
        return walker.walk(root), walker.ids
    except RecursionError:
        raise InputError(f"{name} nests its elements too deeply to read (a broken or generated file?)") from None


def parse_html(text: str):
    """A selectolax (lexbor) tree of an HTML or XHTML text."""
    from selectolax.lexbor import LexborHTMLParser

    # lexbor is an HTML parser: an XML declaration would become a comment, which is harmless.
    return LexborHTMLParser(text)


# --- charset -------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.\-]+)["']""", re.I)
# Names pages declare for encodings Python knows better by another name.
_CHARSET_ALIASES = {"shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932", "windows-31j": "cp932"}


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML/XHTML file declares (``<meta charset>``, ``http-equiv`` or the XML declaration), if Python knows it."""
    head = data[:4096]
    m = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes, name: str) -> tuple[str, str]:
    """Decode an HTML/XHTML file: a BOM first, then the declared charset, else the usual detection.

    A declared legacy charset loses to bytes that are valid UTF-8 with non-ASCII
    characters in them: a page re-saved as UTF-8 by an editor keeps its old
    ``<meta charset=Shift_JIS>``, while Shift_JIS text is almost never valid UTF-8.

    Returns:
        ``(text, encoding)``.
    """
    declared = declared_charset(data)
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        is_utf8 = False
        if declared != "utf-8":
            try:
                data.decode("utf-8")
                is_utf8 = not data.isascii()
            except UnicodeDecodeError:
                pass
        if not is_utf8:
            try:
                return data.decode(declared), declared
            except UnicodeDecodeError:
                pass  # the declaration is wrong; let the bytes speak
    return decode_bytes(data, name)
