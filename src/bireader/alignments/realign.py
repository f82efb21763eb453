"""Align an edited pair again, keeping every confirmed bead whose units are still there.

The units of the old alignment are found in the new texts by their text (the
store keeps a hash of every unit): a longest-matching-blocks diff of the old and
new hash lists maps each unchanged unit to its new number. A confirmed bead is
kept when all its units are still there and still next to each other; the
aligner then runs only on the gaps between the kept beads, so it can neither
undo a person's decision nor pair across it.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Callable, Sequence

from bireader.alignments.beads import SavedBead
from bireader.model import Bead

# align(ja_texts, en_texts) -> beads with indices into those lists (``bireader.align.align_units``).
Aligner = Callable[[Sequence[str], Sequence[str]], Sequence[Bead]]


@dataclass(frozen=True, slots=True)
class Realigned:
    """The new bead list and how many of the old confirmed beads it kept."""

    beads: tuple[SavedBead, ...]
    kept: int
    confirmed: int  # confirmed beads in the old alignment


def unit_map(old: Sequence[str], new: Sequence[str]) -> dict[int, int]:
    """Old unit number → new unit number, for the units whose text is unchanged (in order)."""
    # autojunk off: a text repeats short units (a "＊" separator, "Yes."), and they must still match.
    matcher = SequenceMatcher(None, list(old), list(new), autojunk=False)
    mapping: dict[int, int] = {}
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            mapping[a + k] = b + k
    return mapping


def _run(indices: Sequence[int], mapping: dict[int, int]) -> tuple[int, ...] | None:
    """The new numbers of a run of old units, or None if one is gone or they are no longer adjacent."""
    out = []
    for i in indices:
        j = mapping.get(i)
        if j is None or (out and j != out[-1] + 1):
            return None
        out.append(j)
    return tuple(out)


def _position(before: int, mapping: dict[int, int], old_count: int) -> int | None:
    """Where an empty side sits in the new text: after the unit that preceded it, or before the one that followed."""
    if before == 0:
        return 0
    if before - 1 in mapping:
        return mapping[before - 1] + 1
    if before < old_count and before in mapping:
        return mapping[before]
    return None


def _start(run: tuple[int, ...] | None, before: int, mapping: dict[int, int], old_count: int) -> int | None:
    if run is None:
        return None
    return run[0] if run else _position(before, mapping, old_count)


def kept_beads(
    beads: Sequence[SavedBead],
    old_ja: Sequence[str],
    old_en: Sequence[str],
    new_ja: Sequence[str],
    new_en: Sequence[str],
) -> list[tuple[SavedBead, int, int]]:
    """The confirmed beads that survive, renumbered for the new texts, in order.

    Args:
        beads: the old bead list.
        old_ja, old_en: the old units' hashes (or texts); new_ja, new_en: the new ones.

    Returns:
        ``(bead, ja_at, en_at)`` per kept bead: the bead with new indices, and where it starts
        on each side (needed for a bead with an empty side).
    """
    ja_map = unit_map(old_ja, new_ja)
    en_map = unit_map(old_en, new_en)
    kept: list[tuple[SavedBead, int, int]] = []
    ja_before = en_before = 0
    ja_end = en_end = 0  # where the last kept bead ends in the new texts
    for bead in beads:
        if bead.confirmed:
            ja = _run(bead.ja, ja_map)
            en = _run(bead.en, en_map)
            ja_at = _start(ja, ja_before, ja_map, len(old_ja))
            en_at = _start(en, en_before, en_map, len(old_en))
            # Kept only if it still follows the last kept bead on both sides (an edit may have moved text).
            if ja_at is not None and en_at is not None and ja_at >= ja_end and en_at >= en_end:
                kept.append((SavedBead(ja or (), en or (), bead.score, True), ja_at, en_at))
                ja_end, en_end = ja_at + len(ja or ()), en_at + len(en or ())
        ja_before += len(bead.ja)
        en_before += len(bead.en)
    return kept


def realign_keeping_confirmed(
    beads: Sequence[SavedBead],
    old_ja: Sequence[str],
    old_en: Sequence[str],
    new_ja_hashes: Sequence[str],
    new_en_hashes: Sequence[str],
    new_ja_texts: Sequence[str],
    new_en_texts: Sequence[str],
    align: Aligner,
) -> Realigned:
    """A bead list for the new texts: the surviving confirmed beads, and the aligner's beads between them.

    Args:
        beads: the old alignment's beads.
        old_ja, old_en: the old units' hashes.
        new_ja_hashes, new_en_hashes: the new units' hashes.
        new_ja_texts, new_en_texts: the new units' texts (what the aligner reads).
        align: aligns two lists of texts (``align_units`` with the caller's settings).

    Returns:
        A monotone cover of the new texts.
    """
    kept = kept_beads(beads, old_ja, old_en, new_ja_hashes, new_en_hashes)
    out: list[SavedBead] = []
    ja_at = en_at = 0
    for bead, ja_start, en_start in kept:
        out.extend(_align_gap(ja_at, ja_start, en_at, en_start, new_ja_texts, new_en_texts, align))
        out.append(bead)
        ja_at, en_at = ja_start + len(bead.ja), en_start + len(bead.en)
    out.extend(_align_gap(ja_at, len(new_ja_texts), en_at, len(new_en_texts), new_ja_texts, new_en_texts, align))
    return Realigned(beads=tuple(out), kept=len(kept), confirmed=sum(1 for b in beads if b.confirmed))


def _align_gap(
    ja_from: int, ja_to: int, en_from: int, en_to: int, ja_texts: Sequence[str], en_texts: Sequence[str], align: Aligner
) -> list[SavedBead]:
    if ja_from >= ja_to and en_from >= en_to:
        return []
    if ja_from >= ja_to or en_from >= en_to:
        # One side only: nothing to pair, each unit stands alone (as the aligner's 1:0 beads do).
        return [SavedBead((i,), (), 0.0) for i in range(ja_from, ja_to)] + [
            SavedBead((), (j,), 0.0) for j in range(en_from, en_to)
        ]
    inner = align(list(ja_texts[ja_from:ja_to]), list(en_texts[en_from:en_to]))
    return [
        SavedBead(tuple(ja_from + i for i in b.ja), tuple(en_from + j for j in b.en), float(b.score)) for b in inner
    ]
