"""Sentences of a paragraph: a bracket-aware Japanese splitter, and pysbd for English."""

from __future__ import annotations

import functools
import re
from typing import Callable, Iterator, Sequence

from bireader.model import Sentence


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace()):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


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


def get_segmenter():
    """The one pysbd segmenter of this process, made on first use."""
    global _segmenter
    if _segmenter is None:
        import pysbd

        _segmenter = pysbd.Segmenter(language="en", clean=False)
    return _segmenter


@functools.lru_cache(maxsize=1 << 12)
def _pysbd_sentences(text: str) -> tuple[str, ...]:
    """pysbd's sentences of ``text``, without its character-span pass; remembered per line
    (about 1 ms each: a line that recurs, a heading or another draft of the same text in a
    batch, is split once).

    ``Segmenter.segment`` finds each sentence again in the text through a regular expression
    built from it (``re.escape(sentence)``): a compile per sentence, a third of pysbd's
    time. The caller finds the sentences itself (``str.find``), so only the processor runs.
    """
    segmenter = get_segmenter()
    try:
        return tuple(segmenter.processor(text).process())
    except AttributeError:  # a pysbd without the processor hook
        return tuple(segmenter.segment(text))


# A line with no terminator, bracket, quote or ellipsis before its end (a title, a subtitle cue,
# a short line) is one sentence: pysbd finds nothing else there, and skipping it saves most
# of its cost (it recompiles regular expressions for every text it is given).
_ONE_SENTENCE = re.compile(r"[^.!?…)\]\"”\n]*[.!?]?")


def split_sentences_en(text: str) -> list[tuple[int, int]]:
    """Spans of English sentences, using pysbd (knows U.S., Mr., e.g., decimals), one span per line break too."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        base = line.start()
        cursor = 0
        chunk = line.group()
        s, e = _strip_span(chunk, 0, len(chunk))
        if _ONE_SENTENCE.fullmatch(chunk, s, e):
            if s < e:
                spans.append((base + s, base + e))
            continue
        for piece in _pysbd_sentences(chunk):
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




class LazySentences(Sequence):
    """A paragraph's sentences, split the first time they are used; otherwise it behaves as their tuple.

    Splitting a whole book costs seconds (pysbd for English; even the Japanese
    splitter takes a third of a second a megabyte), and a reading at paragraph
    level never looks at most of it: the loaders give paragraphs these instead
    of a tuple, so only what is used is split.
    """

    __slots__ = ("_text", "_start", "_split", "_items")

    def __init__(self, text: str, start: int, split: Callable[[str], list[tuple[int, int]]]) -> None:
        self._text, self._start, self._split = text, start, split
        self._items: tuple[Sentence, ...] | None = None

    def _sentences(self) -> tuple[Sentence, ...]:
        if self._items is None:
            text, start = self._text, self._start
            self._items = tuple(Sentence(text[s:e], start + s, start + e) for s, e in self._split(text))
        return self._items

    def __getitem__(self, index):
        return self._sentences()[index]

    def __len__(self) -> int:
        return len(self._sentences())

    def __iter__(self) -> Iterator[Sentence]:
        return iter(self._sentences())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazySentences):
            other = other._sentences()
        return self._sentences() == other

    def __hash__(self) -> int:
        return hash(self._sentences())

    def __repr__(self) -> str:
        return repr(self._sentences())


def sentences_of(text: str, start: int, lang: str) -> Sequence[Sentence]:
    """The sentences of a paragraph at offset ``start``, split when first used (Japanese or English)."""
    return LazySentences(text, start, split_sentences_ja if lang == "ja" else split_sentences_en)
