"""What the rules read (``Segment``: one aligned bead) and what they report (``Finding``)."""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bireader.glossary import TermMatcher

# Below this aligner confidence a bead is doubtful: the calibrated threshold of the
# aligner (issue 18), the same the alignment editor highlights.
DOUBT = 0.9


@functools.lru_cache(maxsize=1 << 16)
def nfkc(text: str) -> str:
    """NFKC of a text, cached: several rules compare the same bead in this form (ＮＡＴＯ = NATO, ３ = 3)."""
    return unicodedata.normalize("NFKC", text)


@dataclass(frozen=True, slots=True)
class Segment:
    """One aligned bead as the rules see it: its Japanese and English and where it came from.

    ``number`` counts from 1 in the order of the pair (or the TMX); ``score`` is the
    aligner's confidence (None when unknown, e.g. a TMX without ``x-score``);
    ``ja_index``/``en_index`` are the units it joins; ``file`` names the source file
    of a translation-memory unit (its ``x-file``), empty for a pair of documents.
    """

    number: int
    ja: str
    en: str
    score: float | None = None
    ja_index: tuple[int, ...] = ()
    en_index: tuple[int, ...] = ()
    file: str = ""

    def finding(self, rule: str, detail: str) -> "Finding":
        """A finding of ``rule`` about this bead."""
        return Finding(
            bead=self.number, rule=rule, detail=detail, ja=self.ja, en=self.en, score=self.score,
            ja_index=self.ja_index, en_index=self.en_index, file=self.file,
        )


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a rule found in one bead: which rule, what it found, and both texts."""

    bead: int
    rule: str
    detail: str
    ja: str
    en: str
    score: float | None = None
    ja_index: tuple[int, ...] = ()
    en_index: tuple[int, ...] = ()
    file: str = ""

    def record(self) -> dict[str, Any]:
        """The JSON object of ``bireader check --json`` (one per finding)."""
        record: dict[str, Any] = {
            "bead": self.bead,
            "rule": self.rule,
            "detail": self.detail,
            "ja": self.ja,
            "en": self.en,
            "score": None if self.score is None else round(self.score, 4),
            "ja_index": list(self.ja_index),
            "en_index": list(self.en_index),
        }
        if self.file:
            record["file"] = self.file
        return record


@dataclass(frozen=True, slots=True)
class CheckContext:
    """What the rules share: the glossary terms to check and the doubt threshold."""

    glossary: "TermMatcher | None" = None
    doubt: float = DOUBT
