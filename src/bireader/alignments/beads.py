"""Beads of a saved alignment, and the check that a bead list covers both texts in order.

A saved alignment must be a *monotone cover*: read in order, the beads take
each Japanese unit and each English unit exactly once, in order, and no bead is
empty. Every way a bead list comes in (the editor's save, a JSON file a script
edited, a row read back from ``user.db``) goes through ``check_cover``, so the
reader never pairs a sentence twice or loses one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from bireader.model import Bead


@dataclass(frozen=True, slots=True)
class SavedBead:
    """A bead plus whether a person confirmed it (``score`` stays the aligner's confidence)."""

    ja: tuple[int, ...]
    en: tuple[int, ...]
    score: float
    confirmed: bool = False

    def as_bead(self) -> Bead:
        """The pipeline's ``Bead``: a confirmed bead is certain, so its score is 1.0."""
        return Bead(ja=self.ja, en=self.en, score=1.0 if self.confirmed else float(self.score))


def from_beads(beads: Iterable[Bead]) -> tuple[SavedBead, ...]:
    """The aligner's beads as unconfirmed saved beads."""
    return tuple(SavedBead(tuple(b.ja), tuple(b.en), float(b.score)) for b in beads)


class CoverError(ValueError):
    """A bead list is not a monotone cover; ``bead`` is the 0-based index of the bead at fault
    (``len(beads)`` when the list ends too early)."""

    def __init__(self, bead: int, detail: str) -> None:
        super().__init__(f"bead {bead}: {detail}")
        self.bead = bead
        self.detail = detail


_SIDE_NAME = {"ja": "Japanese", "en": "English"}


def check_cover(beads: Sequence[SavedBead | Bead], ja_count: int, en_count: int) -> None:
    """Check that ``beads`` take every unit of both sides exactly once, in order.

    Args:
        beads: the bead list (indices are 0-based unit numbers of the level).
        ja_count: how many Japanese units the text has.
        en_count: how many English units.

    Raises:
        CoverError: at the first bead that breaks the rule, with what is wrong in words.
    """
    if _is_cover(beads, ja_count, en_count):
        return
    expected = {"ja": 0, "en": 0}
    counts = {"ja": ja_count, "en": en_count}
    for index, bead in enumerate(beads):
        if not bead.ja and not bead.en:
            raise CoverError(index, "it has no Japanese and no English unit")
        for side in ("ja", "en"):
            units = getattr(bead, side)
            name = _SIDE_NAME[side]
            for k, unit in enumerate(units):
                want = expected[side] + k
                if unit < 0:
                    raise CoverError(index, f"{name} unit {unit} is not a unit number")
                if unit >= counts[side]:
                    raise CoverError(index, f"{name} unit {unit} is past the last one ({counts[side] - 1})")
                if unit < want:
                    raise CoverError(index, f"{name} unit {unit} is already in an earlier bead or repeated")
                if unit > want:
                    raise CoverError(index, f"{name} unit {want} is skipped (the bead takes unit {unit} instead)")
            expected[side] += len(units)
    for side in ("ja", "en"):
        if expected[side] < counts[side]:
            missing = expected[side]
            raise CoverError(
                len(beads),
                f"the beads end before {_SIDE_NAME[side]} unit {missing} (the text has {counts[side]} units)",
            )


def _is_cover(beads: Sequence[SavedBead | Bead], ja_count: int, en_count: int) -> bool:
    """Whether ``beads`` are a monotone cover, quickly (a book's ten thousand beads are checked each
    time its alignment is read); ``check_cover`` goes through them again only to say what is wrong."""
    ja_next = en_next = 0
    for bead in beads:
        ja, en = bead.ja, bead.en
        if not ja and not en:
            return False
        for unit in ja:
            if unit != ja_next:
                return False
            ja_next += 1
        for unit in en:
            if unit != en_next:
                return False
            en_next += 1
    return ja_next == ja_count and en_next == en_count
