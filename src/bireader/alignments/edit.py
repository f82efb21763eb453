"""Pure editing operations on a bead list, and an undo history: what the alignment editor does.

Each operation takes a tuple of beads and returns a new one (the input is never
changed), so the editor's undo is a stack of tuples and the tests call the
operations directly. Every result is still a monotone cover. A bead an edit
makes is marked confirmed: a person decided it. Its score stays the aligner's
(the lower one for a merge), for the record.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Sequence

from bireader.alignments.beads import SavedBead
from bireader.errors import InputError

Beads = tuple[SavedBead, ...]
SIDES = ("ja", "en")


class EditError(InputError):
    """An edit that cannot be made here (no next bead, nothing to move); the beads are unchanged."""


def merge(beads: Beads, index: int) -> Beads:
    """Merge bead ``index`` with the next one.

    Raises:
        EditError: ``index`` is the last bead.
    """
    _check_index(beads, index)
    if index + 1 >= len(beads):
        raise EditError("the last bead has no next bead to merge with")
    a, b = beads[index], beads[index + 1]
    merged = SavedBead(a.ja + b.ja, a.en + b.en, min(a.score, b.score), True)
    return beads[:index] + (merged,) + beads[index + 2 :]


def split(beads: Beads, index: int, ja_at: int, en_at: int) -> Beads:
    """Split bead ``index`` into two: its first ``ja_at`` Japanese and ``en_at`` English units, and the rest.

    Raises:
        EditError: a boundary outside the bead, or one of the halves would be empty.
    """
    _check_index(beads, index)
    bead = beads[index]
    if not 0 <= ja_at <= len(bead.ja) or not 0 <= en_at <= len(bead.en):
        raise EditError("the split point is outside the bead")
    first = SavedBead(bead.ja[:ja_at], bead.en[:en_at], bead.score, True)
    second = SavedBead(bead.ja[ja_at:], bead.en[en_at:], bead.score, True)
    if not (first.ja or first.en) or not (second.ja or second.en):
        raise EditError("each part of a split needs at least one unit")
    return beads[:index] + (first, second) + beads[index + 1 :]


def move_unit(beads: Beads, index: int, side: str, direction: int) -> tuple[Beads, int]:
    """Move a boundary unit of bead ``index`` on one side to the neighbouring bead.

    ``direction`` -1 (``<``) gives the bead's first unit on ``side`` to the bead before it;
    +1 (``>``) gives its last unit to the bead after it. A bead left with no unit disappears.

    Returns:
        The new beads and the index of the bead the cursor should stay on (the one that
        gave the unit, or the one that took it when the giver disappeared).

    Raises:
        EditError: no neighbour that way, or the bead has no unit on that side.
    """
    _check_index(beads, index)
    if side not in SIDES:
        raise ValueError(f"side must be ja or en, not {side!r}")
    if direction not in (-1, 1):
        raise ValueError("direction must be -1 or +1")
    other = index + direction
    if not 0 <= other < len(beads):
        raise EditError(f"there is no bead {'before' if direction < 0 else 'after'} this one")
    bead, neighbour = beads[index], beads[other]
    units = getattr(bead, side)
    name = "Japanese" if side == "ja" else "English"
    if not units:
        raise EditError(f"this bead has no {name} unit to move")
    if direction < 0:
        unit, rest = units[0], units[1:]
        taken = getattr(neighbour, side) + (unit,)
    else:
        unit, rest = units[-1], units[:-1]
        taken = (unit,) + getattr(neighbour, side)
    giver = replace(bead, **{side: rest}, confirmed=True)
    taker = replace(neighbour, **{side: taken}, confirmed=True)
    pair = (taker, giver) if direction < 0 else (giver, taker)
    low = min(index, other)
    if not (giver.ja or giver.en):
        pair = tuple(b for b in pair if b is not giver)
        return beads[:low] + pair + beads[low + 2 :], low
    return beads[:low] + pair + beads[low + 2 :], index


def toggle_confirmed(beads: Beads, index: int) -> Beads:
    """Confirm bead ``index``, or take the confirmation back."""
    _check_index(beads, index)
    bead = beads[index]
    return beads[:index] + (replace(bead, confirmed=not bead.confirmed),) + beads[index + 1 :]


def is_doubtful(bead: SavedBead, below: float) -> bool:
    """A bead the aligner is unsure of (score < ``below``) that nobody has confirmed."""
    return not bead.confirmed and bead.score < below


def next_doubtful(beads: Sequence[SavedBead], start: int, below: float, step: int = 1) -> int | None:
    """The index of the next (``step`` 1) or previous (-1) doubtful bead after ``start``, wrapping round; None if none."""
    count = len(beads)
    for k in range(1, count + 1):
        index = (start + step * k) % count
        if is_doubtful(beads[index], below):
            return index
    return None


def suggest_split(ja_lengths: Sequence[int], en_lengths: Sequence[int]) -> tuple[int, int]:
    """Default split points for a bead whose units have these lengths.

    The Japanese side splits in the middle; the English boundary is the one whose share of
    the English text is closest to the Japanese half's share of the Japanese. A 1:1 bead
    splits into 1:0 and 0:1. (A bead of one unit cannot be split; the result is then invalid.)
    """
    n, m = len(ja_lengths), len(en_lengths)
    if n == 0:
        return 0, (m + 1) // 2
    ja_at = (n + 1) // 2 if n >= 2 else n
    share = sum(ja_lengths[:ja_at]) / (sum(ja_lengths) or 1)
    total_en = sum(en_lengths) or 1
    en_at, best_gap, acc = 0, 2.0, 0
    for k in range(m + 1):
        gap = abs(acc / total_en - share)
        if gap < best_gap:
            en_at, best_gap = k, gap
        if k < m:
            acc += en_lengths[k]
    if ja_at == n and en_at == m and m:
        en_at -= 1  # the second part needs a unit
    return ja_at, en_at


def can_split(bead: SavedBead) -> bool:
    """Whether the bead has two units or more (one unit cannot be split)."""
    return len(bead.ja) + len(bead.en) >= 2


def _check_index(beads: Sequence[SavedBead], index: int) -> None:
    if not 0 <= index < len(beads):
        raise EditError(f"there is no bead {index + 1}")


@dataclass
class History:
    """The editor's states, for undo: each edit pushes the bead list and cursor it replaced.

    ``dirty`` compares the current state with the one last saved, so undoing back to the
    saved state is clean again.
    """

    beads: Beads
    cursor: int = 0
    limit: int = 1000
    _undo: list[tuple[Beads, int, int]] = field(default_factory=list)
    _serial: int = 0
    _next_serial: int = 1
    _saved_serial: int = 0

    def push(self, beads: Beads, cursor: int) -> None:
        """Make ``beads`` the current state (after an edit), keeping the old one for undo."""
        self._undo.append((self.beads, self.cursor, self._serial))
        if len(self._undo) > self.limit:
            del self._undo[0]
        self.beads = beads
        self.cursor = cursor
        self._serial = self._next_serial
        self._next_serial += 1

    def undo(self) -> bool:
        """Go back one edit; False when there is nothing to undo."""
        if not self._undo:
            return False
        self.beads, self.cursor, self._serial = self._undo.pop()
        return True

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def mark_saved(self) -> None:
        self._saved_serial = self._serial

    @property
    def dirty(self) -> bool:
        return self._serial != self._saved_serial
