"""Kanji from KANJIDIC2: meanings, readings, strokes, grade, old JLPT level, frequency, radical.

The build folds each character into one row of the index (``kanjidic.convert``); this module
reads those rows back. KANJIDIC2 © EDRDG, under the same licence as JMdict (``ATTRIBUTION``).
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bireader.dictionary.lookup import DictionaryIndex, IndexDamaged, _with_index
from bireader.model import Entry

KANJIDIC_ATTRIBUTION = (
    "This program uses the KANJIDIC2 dictionary file, the property of the Electronic Dictionary "
    "Research and Development Group (EDRDG), used in conformance with the Group's licence "
    "(https://www.edrdg.org/edrdg/licence.html)."
)

_GRADE_LABELS = {8: "grade 8", 9: "jinmeiyō", 10: "jinmeiyō (variant)"}


def is_kanji(ch: str) -> bool:
    """A CJK ideograph (the unified blocks, their extensions and compatibility forms) or 々."""
    if ch == "々":
        return True
    name = unicodedata.name(ch, "")
    return name.startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH"))


@dataclass(frozen=True, slots=True)
class Kanji:
    """One character of KANJIDIC2. ``kun`` keeps KANJIDIC's dot before the okurigana (おさ.える);
    ``jlpt`` is the old four-level test (1 hardest); ``frequency`` the newspaper rank (1–2,500)."""

    literal: str
    meanings: tuple[str, ...]
    on: tuple[str, ...]
    kun: tuple[str, ...]
    nanori: tuple[str, ...] = ()
    strokes: int | None = None
    grade: int | None = None
    jlpt: int | None = None
    frequency: int | None = None
    radical: int | None = None  # the classical (Kangxi) radical number, 1–214
    word_keys: tuple[int, ...] = ()  # JMdict words spelt with it, most frequent first

    @property
    def radical_char(self) -> str:
        """The radical as a character (手 for 64), from the Kangxi radicals block."""
        if not self.radical or not 1 <= self.radical <= 214:
            return ""
        return unicodedata.normalize("NFKC", chr(0x2F00 + self.radical - 1))

    @property
    def grade_label(self) -> str:
        """``grade 1``–``grade 6`` (taught in primary school), ``grade 8`` (the rest of the jōyō), ``jinmeiyō``."""
        if self.grade is None:
            return ""
        return _GRADE_LABELS.get(self.grade, f"grade {self.grade}")

    @property
    def jlpt_label(self) -> str:
        """``old JLPT 2``: KANJIDIC2 has the four levels of the test before 2010, not N1–N5."""
        return f"old JLPT {self.jlpt}" if self.jlpt else ""


def _from_row(literal: str, data: str) -> Kanji:
    d = json.loads(data)
    return Kanji(
        literal,
        tuple(d.get("meanings", ())),
        tuple(d.get("on", ())),
        tuple(d.get("kun", ())),
        tuple(d.get("nanori", ())),
        d.get("strokes"),
        d.get("grade"),
        d.get("jlpt"),
        d.get("frequency"),
        d.get("radical"),
        tuple(d.get("words", ())),
    )


def _read(index: DictionaryIndex, literals: list[str]) -> dict[str, Kanji]:
    if not literals:
        return {}
    marks = ",".join("?" * len(literals))
    try:
        rows = index._conn().execute(f"SELECT literal, data FROM kanji WHERE literal IN ({marks})", literals).fetchall()
    except (sqlite3.DatabaseError, ValueError) as err:
        raise IndexDamaged(str(err) or "the kanji table cannot be read") from err
    return {literal: _from_row(literal, data) for literal, data in rows}


def lookup_kanji(text: str, *, index: DictionaryIndex | None = None) -> list[Kanji]:
    """The kanji of ``text`` that KANJIDIC2 has, in order, each once; other characters are skipped.

    Args:
        text: any text (抑止力 gives 抑, 止, 力).
        index: an open index (default: the process-wide one, built first if missing).
    """
    literals = list(dict.fromkeys(ch for ch in text if is_kanji(ch)))
    if index is not None:
        found = _read(index, literals)
    else:
        found = _with_index(lambda idx: _read(idx, literals))
    return [found[ch] for ch in literals if ch in found]


def common_words(
    kanji: Kanji,
    *,
    limit: int = 5,
    known: Callable[[Entry], bool] | None = None,
    index: DictionaryIndex | None = None,
) -> list[Entry]:
    """A few frequent JMdict words spelt with ``kanji``, the ones ``known`` says the user knows first.

    Args:
        kanji: from ``lookup_kanji``.
        limit: how many words.
        known: an entry → whether the user knows it (the word store); known words come first,
            each group in frequency order.
        index: an open index (default: the process-wide one).
    """
    keys = kanji.word_keys
    if not keys or limit <= 0:
        return []
    if index is not None:
        by_key = index.entries_by_key(tuple(keys))
    else:
        by_key = _with_index(lambda idx: idx.entries_by_key(tuple(keys)))
    words = [by_key[k] for k in keys if k in by_key]
    if known is not None:
        words.sort(key=lambda e: not known(e))  # stable: frequency order within each group
    return words[:limit]


def kanji_line(k: Kanji) -> str:
    """One line for the reader's word panel: ``抑 ヨク おさ.える repress · 7 strokes · grade 8``."""
    readings = " ".join([*k.on[:2], *k.kun[:2]])
    head = " ".join(part for part in (k.literal, readings, ", ".join(k.meanings[:2])) if part)
    tail = [f"{k.strokes} strokes" if k.strokes else "", k.grade_label, k.jlpt_label]
    return " · ".join([head, *(t for t in tail if t)])


def kanji_to_dict(k: Kanji, words: Iterable[Entry] = ()) -> dict:
    """The JSON shape of ``bireader kanji --json`` (one object per character)."""
    return {
        "literal": k.literal,
        "meanings": list(k.meanings),
        "on": list(k.on),
        "kun": list(k.kun),
        "nanori": list(k.nanori),
        "strokes": k.strokes,
        "grade": k.grade,
        "jlpt_old": k.jlpt,
        "frequency": k.frequency,
        "radical": k.radical,
        "radical_char": k.radical_char,
        "words": [
            {"headword": e.headword, "reading": e.readings[0] if e.readings else "",
             "gloss": "; ".join(e.senses[0].glosses[:3]) if e.senses else "", "frequency_rank": e.frequency_rank,
             "entry_id": e.entry_id}
            for e in words
        ],
    }
