"""Bytes → Document: encoding detection, newline normalisation, paragraphs and sentences with offsets.

The original characters are kept for display; matching code normalises a copy
(``normalize_for_matching``).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

from bireader.errors import InputError
from bireader.model import Document, Paragraph, Ruby, Sentence

# Tried in this order after the BOM checks and strict UTF-8. Shift_JIS texts in the
# wild (Aozora Bunko, old web pages) are almost always CP932, Microsoft's superset,
# so CP932 stands for Shift_JIS.
LEGACY_ENCODINGS = ("cp932", "euc_jp")

ENCODING_HELP = (
    "save it as UTF-8 (or Shift_JIS/EUC-JP/UTF-16 with a BOM), e.g. `iconv -f ENCODING -t UTF-8 FILE > out.txt`"
)

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def read_document(source: str | Path, lang: str = "ja") -> Document:
    """Read a text file (or ``-`` for stdin) into a Document.

    Args:
        source: a path, or ``-`` to read standard input.
        lang: ``ja`` or ``en``; chooses the sentence splitter.

    Raises:
        InputError: the file is missing, a directory, binary, undecodable or empty.
    """
    name = "standard input" if str(source) == "-" else str(source)
    data = read_bytes(source)
    text, encoding = decode_bytes(data, name)
    return document_from_text(text, lang=lang, encoding=encoding, path=None if str(source) == "-" else str(source))


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


def read_bytes(source: str | Path) -> bytes:
    """The raw bytes of a file or of stdin (``-``), with one-line errors for the usual mistakes."""
    if str(source) == "-":
        return sys.stdin.buffer.read()
    path = Path(source)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a directory, not a text file") from None
    except PermissionError:
        raise InputError(f"permission denied reading {path}") from None
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror or err}") from None


def decode_bytes(data: bytes, name: str = "input") -> tuple[str, str]:
    """Decode bytes of unknown encoding; returns ``(text, encoding)``.

    Order: a BOM (UTF-8, UTF-16, UTF-32), strict UTF-8, then CP932 and EUC-JP
    (whichever decodes and reads more like Japanese). NUL bytes without a
    UTF-16/32 BOM mean binary data.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(f"{name} starts with a {encoding.upper()} byte-order mark but is not valid {encoding.upper()}; {ENCODING_HELP}") from None
            return _check_text(text, name), encoding.replace("-sig", "")
    if b"\x00" in data:
        raise InputError(f"{name} looks like a binary file, not text")
    try:
        return _check_text(data.decode("utf-8"), name), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for encoding in LEGACY_ENCODINGS:
        try:
            candidates.append((_japanese_score(data.decode(encoding)), encoding))
        except UnicodeDecodeError:
            continue
    if not candidates:
        raise InputError(f"cannot decode {name}: it is not UTF-8, UTF-16, Shift_JIS or EUC-JP text; {ENCODING_HELP}")
    _, encoding = max(candidates)
    return _check_text(data.decode(encoding), name), encoding


def _japanese_score(text: str) -> float:
    """Share of characters that are common in Japanese prose (kana, CJK, ASCII, CJK punctuation)."""
    if not text:
        return 0.0
    good = 0
    for ch in text:
        o = ord(ch)
        if (
            o < 0x80
            or 0x3040 <= o <= 0x30FF  # kana
            or 0x4E00 <= o <= 0x9FFF  # common CJK ideographs
            or 0x3000 <= o <= 0x303F  # CJK punctuation
            or 0xFF01 <= o <= 0xFF5E  # full-width ASCII
        ):
            good += 1
    return good / len(text)


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


def _check_text(text: str, name: str) -> str:
    # Many C0 controls mean this was never text (an image, an archive) even if it decoded.
    if text and len(_CONTROL.findall(text[:65536])) > max(8, len(text[:65536]) // 100):
        raise InputError(f"{name} looks like a binary file, not text")
    if not text.strip():
        raise InputError(f"{name} is empty: there is no text to read")
    return text


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF; a leading BOM character is dropped."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def normalize_for_matching(text: str) -> str:
    """NFKC (folds full-width ASCII and half-width kana) and lower case; for matching only, never display."""
    return unicodedata.normalize("NFKC", text).lower()


def document_from_text(text: str, lang: str = "ja", *, encoding: str = "utf-8", path: str | None = None) -> Document:
    """Build a Document from decoded text.

    Raises:
        InputError: the text is empty.
    """
    text = normalize_newlines(text)
    rubies: tuple[Ruby, ...] = ()
    if lang == "ja" and is_aozora(text):
        text, rubies = strip_aozora(text)
    if not text.strip():
        raise InputError(f"{path or 'the input'} is empty: there is no text to read")
    split = split_sentences_ja if lang == "ja" else split_sentences_en
    paragraphs = []
    for start, end in paragraph_spans(text, lang):
        ptext = text[start:end]
        sentences = tuple(Sentence(text[start + s:start + e], start + s, start + e) for s, e in split(ptext))
        paragraphs.append(Paragraph(ptext, start, end, sentences))
    if len(paragraphs) > 1 and not _ends_like_sentence(paragraphs[0].text):
        first = paragraphs[0]
        paragraphs[0] = Paragraph(first.text, first.start, first.end, first.sentences, is_headline=True)
    return Document(text=text, paragraphs=tuple(paragraphs), lang=lang, encoding=encoding, path=path, rubies=rubies)


_SENTENCE_FINAL = "。．.！？!?」』）)\"”’"


def _ends_like_sentence(text: str) -> bool:
    return text.rstrip()[-1:] in _SENTENCE_FINAL


def paragraph_spans(text: str, lang: str = "ja") -> list[tuple[int, int]]:
    """Character spans of the paragraphs (stripped of surrounding whitespace).

    Blank lines separate paragraphs. A text with no blank lines at all (like the
    corpus article, or most Japanese files) has one paragraph per line. Inside a
    blank-line block, Japanese lines that start with an indent (full-width space)
    each begin a new paragraph, as in Aozora Bunko texts.
    """
    spans: list[tuple[int, int]] = []
    has_blank = re.search(r"\n[ \t\u3000]*\n", text) is not None
    if not has_blank:
        blocks = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    else:
        blocks = [(m.start(), m.end()) for m in re.finditer(r"(?:[^\n]*[^\s\u3000][^\n]*(?:\n|$))+", text)]
        if lang == "ja":
            split_blocks = []
            for start, end in blocks:
                lines = [(m.start() + start, m.end() + start) for m in re.finditer(r"[^\n]+", text[start:end])]
                if len(lines) > 1 and sum(text[s] == "\u3000" for s, _ in lines) >= len(lines) - 1:
                    split_blocks.extend(lines)
                else:
                    split_blocks.append((start, end))
            blocks = split_blocks
    for start, end in blocks:
        s, e = _strip_span(text, start, end)
        if s < e:
            spans.append((s, e))
    return spans


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace()):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --- Terminal safety ---------------------------------------------------------------

# CSI (ESC [ … final), OSC (ESC ] … BEL or ST), DCS/SOS/PM/APC strings, other
# two-character escapes, and their 8-bit C1 forms.
_TERMINAL_ESCAPE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|\x9d[^\x07\x9c]*(?:\x07|\x9c)?"
)
# C0/C1 controls (tab and newline are kept, tab as a space) and bidirectional
# overrides, which can make a line display differently from what it holds.
_TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def strip_controls(text: str) -> str:
    """Text made safe for a terminal and for the tokenizer: escape sequences and control characters removed.

    Documents keep their characters as they are; views and the gloss call this on a copy.
    """
    if "\x1b" in text or "\x9b" in text or "\x9d" in text:
        text = _TERMINAL_ESCAPE.sub("", text)
    text = text.replace("\t", " ")
    return _TERMINAL_CONTROL.sub("", text)


# --- Japanese sentences -------------------------------------------------------------

_OPEN = "「『（(【〈《［“‘"
_CLOSE = "」』）)】〉》］”’"
_PAIR = dict(zip(_OPEN, _CLOSE))
_JA_TERMINATORS = "。！？!?．"
_TRAILING = "」』）)】〉》］”’\"'"


def _matched_brackets(text: str) -> set[int]:
    """Positions of brackets that have a partner; an unmatched one (a quote the writer never closed)
    must not swallow the rest of the paragraph."""
    stack: list[int] = []
    matched: set[int] = set()
    for i, ch in enumerate(text):
        if ch in _PAIR:
            stack.append(i)
        elif ch in _CLOSE:
            # Close the nearest opener of the same kind; skip over unmatched inner openers.
            for depth in range(len(stack) - 1, -1, -1):
                if _PAIR[text[stack[depth]]] == ch:
                    matched.add(stack[depth])
                    matched.add(i)
                    del stack[depth:]
                    break
    return matched


def split_sentences_ja(text: str) -> list[tuple[int, int]]:
    """Spans of Japanese sentences in ``text``.

    A sentence ends at 。！？!?． (with any closing brackets right after it) or at a
    line break, but never inside a matched 「」『』（）“” quotation: ``「…。…」と述べた。``
    is one sentence. Whitespace between sentences belongs to neither.
    """
    matched = _matched_brackets(text)
    spans: list[tuple[int, int]] = []
    depth = 0
    start = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if i in matched:
            depth += 1 if ch in _PAIR else -1
        elif ch == "\n" and depth == 0:
            spans.append((start, i))
            start = i + 1
        elif ch in _JA_TERMINATORS and depth == 0:
            j = i + 1
            while j < n and (text[j] in _JA_TERMINATORS or (text[j] in _TRAILING and (j not in matched or text[j] in _CLOSE))):
                if j in matched:
                    break  # a matched closer right after belongs to an outer structure
                j += 1
            spans.append((start, j))
            start = j
            i = j
            continue
        i += 1
    spans.append((start, n))
    out = []
    for s, e in spans:
        s, e = _strip_span(text, s, e)
        if s < e:
            out.append((s, e))
    return out


# --- English sentences ---------------------------------------------------------------

_segmenter = None


def _get_segmenter():
    global _segmenter
    if _segmenter is None:
        import pysbd

        _segmenter = pysbd.Segmenter(language="en", clean=False)
    return _segmenter


def split_sentences_en(text: str) -> list[tuple[int, int]]:
    """Spans of English sentences, using pysbd (knows U.S., Mr., e.g., decimals), one span per line break too."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        base = line.start()
        cursor = 0
        chunk = line.group()
        for piece in _get_segmenter().segment(chunk):
            piece = piece.strip()
            if not piece:
                continue
            found = chunk.find(piece, cursor)
            if found < 0:  # pysbd altered the text; fall back to the rest of the line
                found = cursor
                piece = chunk[cursor:].strip()
            spans.append((base + found, base + found + len(piece)))
            cursor = found + len(piece)
        # Any tail pysbd dropped still belongs to the last sentence.
        rest = chunk[cursor:].strip()
        if rest:
            tail_start = chunk.find(rest, cursor)
            if spans and spans[-1][1] >= base:
                spans[-1] = (spans[-1][0], base + tail_start + len(rest))
            else:
                spans.append((base + tail_start, base + tail_start + len(rest)))
    return [_strip_span(text, s, e) for s, e in spans if _strip_span(text, s, e)[0] < _strip_span(text, s, e)[1]]


# --- Aozora Bunko --------------------------------------------------------------------

_AOZORA_NOTE = re.compile(r"［＃[^］]*］")
_AOZORA_RUBY = re.compile(r"(?:｜([^《｜\n]+)|([\u4e00-\u9fff\u3400-\u4dbf々〆ヵヶ〇]+))《([^》\n]+)》")
_AOZORA_RULE = re.compile(r"^-{20,}$", re.M)


def is_aozora(text: str) -> bool:
    """Does the text carry Aozora Bunko markup (ruby 《》, notes ［＃］, or its header rules)?"""
    return "《" in text and "》" in text or "［＃" in text or bool(_AOZORA_RULE.search(text[:5000]) and "底本" in text)


def strip_aozora(text: str) -> tuple[str, tuple[Ruby, ...]]:
    """Remove Aozora Bunko markup; returns the reading text and its ruby readings (offsets into it)."""
    rules = list(_AOZORA_RULE.finditer(text[:20000]))
    if len(rules) >= 2 and "記号について" in text[rules[0].end():rules[1].start()]:
        text = text[: rules[0].start()] + text[rules[1].end():]
    footer = re.search(r"\n\s*底本[：:]", text)
    if footer:
        text = text[: footer.start()] + "\n"
    text = _AOZORA_NOTE.sub("", text)
    out: list[str] = []
    rubies: list[Ruby] = []
    length = 0
    last = 0
    for m in _AOZORA_RUBY.finditer(text):
        before = text[last:m.start()]
        out.append(before)
        length += len(before)
        base = m.group(1) or m.group(2)
        rubies.append(Ruby(length, length + len(base), m.group(3)))
        out.append(base)
        length += len(base)
        last = m.end()
    out.append(text[last:])
    plain = "".join(out).replace("｜", "")
    return plain, tuple(rubies)
