"""Chapter pairing: a Japanese book and its English edition, chapter by chapter.

Books are aligned in two steps. First the chapters (sections: the paragraphs
from one chapter title to the next) are paired, in spine order, by a small
dynamic programme over 1:1 pairs and 1:0/0:1 skips, so a preface, a
translator's note or an afterword present in one edition only stays alone.
Its evidence: chapter numbers in the titles (第三章 / Chapter 3 / III), words
that mark front and back matter (まえがき / Preface, あとがき / Afterword), the
lengths of the sections (scaled by the books' overall length ratio) and their
positions in the book. Then the paragraphs of each chapter pair are aligned
with ``bireader.align.align_documents``, one pair at a time, so a reader can
show the first chapter before the rest of the book is aligned.
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass

from bireader.model import Bead, Document

# A pair scores its evidence minus this: a pair worth less than leaving both chapters
# alone (score 0) is not made. At 0.35 two chapters of matching length at matching
# places pair even without titles, while a short preface does not pair with a long chapter.
PAIR_THRESHOLD = 0.35


@dataclass(frozen=True, slots=True)
class Section:
    """Paragraphs ``first`` to ``stop`` (half-open) of a document, under one chapter title."""

    title: str
    first: int
    stop: int
    chars: int


def sections(doc: Document, level: int | None = None) -> list[Section]:
    """The document cut at its chapters of ``level`` or less (all levels for None).

    Paragraphs before the first chapter (a title page) are a section with an empty
    title; chapters that start at the same paragraph ("Part I", "Chapter 1") are
    one section, under the last (most specific) title.
    """
    starts: dict[int, str] = {}
    for chapter in doc.chapters:
        if level is None or chapter.level <= level:
            starts[chapter.paragraph] = chapter.title
    if not starts or 0 not in starts:
        starts.setdefault(0, "")
    firsts = sorted(p for p in starts if 0 <= p < len(doc.paragraphs))
    out = []
    for k, first in enumerate(firsts):
        stop = firsts[k + 1] if k + 1 < len(firsts) else len(doc.paragraphs)
        chars = sum(len(p.text) for p in doc.paragraphs[first:stop])
        out.append(Section(starts[first], first, stop, chars))
    return out


def matching_sections(ja_doc: Document, en_doc: Document) -> tuple[list[Section], list[Section]]:
    """Both books cut at the chapter levels whose counts agree best (deeper on a tie).

    One edition may list sections under its chapters and the other not; pairing
    the Japanese sections with English chapters would leave most of them alone.
    """
    ja_levels = sorted({c.level for c in ja_doc.chapters}) or [1]
    en_levels = sorted({c.level for c in en_doc.chapters}) or [1]
    best = None
    for lj in ja_levels:
        for le in en_levels:
            ja_s, en_s = sections(ja_doc, lj), sections(en_doc, le)
            key = (abs(len(ja_s) - len(en_s)), -(lj + le))
            if best is None or key < best[0]:
                best = (key, ja_s, en_s)
    assert best is not None
    return best[1], best[2]


def pair_sections(ja: list[Section], en: list[Section]) -> list[tuple[int | None, int | None]]:
    """Section pairs in order: ``(i, j)``, or ``(i, None)`` / ``(None, j)`` for a section with no partner.

    Returns:
        Every section of both sides exactly once, in order.
    """
    n, m = len(ja), len(en)
    ja_total = sum(s.chars for s in ja) or 1
    en_total = sum(s.chars for s in en) or 1
    ratio = en_total / ja_total
    ja_pos = _midpoints(ja, ja_total)
    en_pos = _midpoints(en, en_total)
    ja_keys = [_title_key(s.title) for s in ja]
    en_keys = [_title_key(s.title) for s in en]

    def score(i: int, j: int) -> float:
        length = math.exp(-2.0 * abs(math.log((ja[i].chars * ratio + 50) / (en[j].chars + 50))))
        position = math.exp(-10.0 * abs(ja_pos[i] - en_pos[j]))
        return 0.5 * length + 0.3 * position + _title_evidence(ja_keys[i], en_keys[j]) - PAIR_THRESHOLD

    # best[i][j]: the best total for the first i Japanese and j English sections.
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [[0] * (m + 1) for _ in range(n + 1)]  # 1: pair, 2: Japanese alone, 3: English alone
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            options = []
            if i and j:
                options.append((best[i - 1][j - 1] + score(i - 1, j - 1), 1))
            if i:
                options.append((best[i - 1][j], 2))
            if j:
                options.append((best[i][j - 1], 3))
            best[i][j], move[i][j] = max(options)
    pairs: list[tuple[int | None, int | None]] = []
    i, j = n, m
    while i or j:
        step = move[i][j]
        if step == 1:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif step == 2:
            pairs.append((i - 1, None))
            i -= 1
        else:
            pairs.append((None, j - 1))
            j -= 1
    pairs.reverse()
    return pairs


def _midpoints(secs: list[Section], total: int) -> list[float]:
    out = []
    done = 0
    for s in secs:
        out.append((done + s.chars / 2) / total)
        done += s.chars
    return out


# --- titles as evidence --------------------------------------------------------------

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}
_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
}
_FRONT = re.compile(r"序|まえがき|前書|はじめに|プロローグ|preface|foreword|introduction|prologue", re.I)
_BACK = re.compile(r"あとがき|後書|解説|エピローグ|終章|afterword|epilogue|postscript|note|commentary", re.I)
_ROMAN = re.compile(r"\b([IVXLC]{1,7})\b")
_NUMBER = re.compile(r"[0-9０-９]+|[〇零一二三四五六七八九十百千]+")


def _title_key(title: str) -> tuple[str, int | None]:
    """``("front"|"back"|"", number or None)`` of a chapter title."""
    kind = "front" if _FRONT.search(title) else "back" if _BACK.search(title) else ""
    return kind, _title_number(title)


def _title_number(title: str) -> int | None:
    m = _NUMBER.search(title)
    if m:
        text = m.group()
        if text[0] in _KANJI_DIGITS or text[0] in _KANJI_UNITS:
            return _kanji_number(text)
        return int(text.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    m = _ROMAN.search(title)
    if m:
        return _roman_number(m.group(1))
    for word in re.findall(r"[A-Za-z]+", title.lower()):
        if word in _WORDS:
            return _WORDS[word]
    return None


def _kanji_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十三 → 23, 百五 → 105; a run of digits (一二) reads positionally."""
    if not any(ch in _KANJI_UNITS for ch in text):
        return int("".join(str(_KANJI_DIGITS[ch]) for ch in text))
    total, digit = 0, 0
    for ch in text:
        if ch in _KANJI_DIGITS:
            digit = _KANJI_DIGITS[ch]
        else:
            total += (digit or 1) * _KANJI_UNITS[ch]
            digit = 0
    return total + digit


def _roman_number(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for k, ch in enumerate(text):
        value = values[ch]
        total += -value if k + 1 < len(text) and values[text[k + 1]] > value else value
    return total


def _title_evidence(ja: tuple[str, int | None], en: tuple[str, int | None]) -> float:
    (ja_kind, ja_number), (en_kind, en_number) = ja, en
    evidence = 0.0
    if ja_kind and ja_kind == en_kind:
        evidence += 0.6
    elif ja_kind != en_kind and (ja_kind or en_kind):
        evidence -= 0.3
    if ja_number is not None and en_number is not None:
        evidence += 0.6 if ja_number == en_number else -0.4
    return evidence


# --- paragraphs inside a chapter pair ------------------------------------------------


def align_section_pair(
    ja_doc: Document,
    en_doc: Document,
    ja: Section | None,
    en: Section | None,
    *,
    level: str = "paragraph",
    embeddings: str = "auto",
) -> list[Bead]:
    """Beads of one section pair, with indices into the whole documents (paragraphs, or sentences at ``level="sentence"``).

    A section with no partner gives one bead a unit with an empty other side.
    """
    from bireader.align import align_documents

    ja_units = _unit_range(ja_doc, ja, level)
    en_units = _unit_range(en_doc, en, level)
    if ja is None or en is None or not len(ja_units) or not len(en_units):
        return [Bead((i,), (), 0.0) for i in ja_units] + [Bead((), (j,), 0.0) for j in en_units]
    beads = align_documents(_part(ja_doc, ja), _part(en_doc, en), level=level, embeddings=embeddings)
    ja0, en0 = ja_units.start, en_units.start
    return [Bead(tuple(ja0 + i for i in b.ja), tuple(en0 + j for j in b.en), b.score) for b in beads]


def _part(doc: Document, section: Section) -> Document:
    """The section as a Document of its own (same text, only its paragraphs)."""
    return Document(text=doc.text, paragraphs=doc.paragraphs[section.first:section.stop], lang=doc.lang)


def _unit_range(doc: Document, section: Section | None, level: str) -> range:
    if section is None:
        return range(0)
    if level == "paragraph":
        return range(section.first, section.stop)
    before = sum(len(p.sentences) for p in doc.paragraphs[: section.first])
    inside = sum(len(p.sentences) for p in doc.paragraphs[section.first:section.stop])
    return range(before, before + inside)


# --- a book pair, step by step --------------------------------------------------------


class ChapterAligner:
    """A book pair aligned one section pair at a time; ``beads`` (indices into the whole books) only grows.

    Built, it has paired the chapters (cheap); each ``step()`` aligns the next
    section pair's paragraphs. Steps are serialised by a lock, so a reader's
    worker thread may step while another thread reads the beads made so far.
    """

    def __init__(self, ja_doc: Document, en_doc: Document, *, level: str = "paragraph", embeddings: str = "auto") -> None:
        self.ja_doc, self.en_doc, self.level, self.embeddings = ja_doc, en_doc, level, embeddings
        self.ja_sections, self.en_sections = matching_sections(ja_doc, en_doc)
        self.pairs = pair_sections(self.ja_sections, self.en_sections)
        self.beads: list[Bead] = []
        self._next = 0
        self._lock = threading.Lock()

    @property
    def complete(self) -> bool:
        return self._next >= len(self.pairs)

    def step(self) -> tuple[int, bool]:
        """Align the next section pair that gives units; returns ``(beads so far, complete)``."""
        with self._lock:
            before = len(self.beads)
            while not self.complete and len(self.beads) == before:
                i, j = self.pairs[self._next]
                self.beads.extend(
                    align_section_pair(
                        self.ja_doc,
                        self.en_doc,
                        None if i is None else self.ja_sections[i],
                        None if j is None else self.en_sections[j],
                        level=self.level,
                        embeddings=self.embeddings,
                    )
                )
                self._next += 1
            return len(self.beads), self.complete

    def unpaired(self) -> list[str]:
        """Titles of the sections left without a partner, for a note."""
        out = []
        for i, j in self.pairs:
            if i is None or j is None:
                section = self.ja_sections[i] if i is not None else self.en_sections[j]
                side = "Japanese" if i is not None else "English"
                out.append(f"{section.title or '(untitled)'} ({side} only)")
        return out
