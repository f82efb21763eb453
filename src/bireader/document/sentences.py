"""Sentences of a paragraph: a bracket-aware Japanese splitter, and pysbd for English."""

from __future__ import annotations

import re


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


