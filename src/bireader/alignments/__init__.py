"""Saved (corrected) alignments: the store in ``user.db``, the JSON file, realigning an edited pair,
the editor's operations.

``resolve_beads`` is what ``read``, ``export``, ``check`` and ``align`` call: the saved
alignment of the same two texts when there is one, else (a text changed) a new
alignment that keeps every confirmed bead whose units are still there, else the
aligner's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from bireader.alignments.beads import CoverError, SavedBead, check_cover, from_beads
from bireader.alignments.store import (
    MIGRATIONS,
    Alignment,
    AlignmentStore,
    Side,
    path_key,
    open_alignments,
    side_of,
    unit_texts,
    user_db_exists,
)

if TYPE_CHECKING:
    from bireader.model import Document

__all__ = [
    "MIGRATIONS",
    "Alignment",
    "AlignmentStore",
    "CoverError",
    "DOUBT_BELOW",
    "Resolved",
    "SavedBead",
    "Side",
    "check_cover",
    "from_beads",
    "find_saved",
    "has_saved",
    "open_alignments",
    "resolve_beads",
    "side_of",
    "unit_texts",
]

# A bead whose confidence is below this is doubtful (the aligner's calibrated threshold:
# at 0.9 and above, at least 99% of beads are right).
DOUBT_BELOW = 0.9


@dataclass(frozen=True, slots=True)
class Resolved:
    """The beads a reading should use, where they came from, and a note for the user.

    ``how`` is ``saved`` (the saved alignment of these texts), ``realigned`` (a text changed:
    aligned again keeping the confirmed beads) or ``aligned`` (no saved alignment, or ``--realign``).
    ``alignment`` carries both texts as the store knows them, ready to save.
    """

    alignment: Alignment
    how: str
    note: str | None = None
    kept: int = 0

    @property
    def beads(self) -> tuple[SavedBead, ...]:
        return self.alignment.beads


def find_saved(ja_doc: Document, en_doc: Document, level: str, *, path: Path | str | None = None) -> Alignment | None:
    """The saved alignment of this pair at ``level`` (same texts, else same paths), or None; never aligns.

    Raises:
        StoreError: the user database, or the saved alignment found in it, is damaged.
    """
    if not user_db_exists(path):
        return None
    with open_alignments(path) as store:
        return store.find(*_sides_to_find(ja_doc, en_doc), level)


def has_saved(ja_doc: Document, en_doc: Document, level: str, *, path: Path | str | None = None) -> bool:
    """Whether ``find_saved`` would find an alignment, without reading its beads (``resolve_beads``
    reads them once, after).

    Raises:
        StoreError: the user database is damaged.
    """
    if not user_db_exists(path):
        return False
    with open_alignments(path) as store:
        return store.exists(*_sides_to_find(ja_doc, en_doc), level)


def _sides_to_find(ja_doc: Document, en_doc: Document) -> tuple[Side, Side]:
    """The two sides as a saved alignment is found by: the texts' hashes or paths alone (no need
    to split a whole book into units first)."""
    return (
        Side(path=path_key(ja_doc.path), text_hash=ja_doc.text_hash, unit_hashes=()),
        Side(path=path_key(en_doc.path), text_hash=en_doc.text_hash, unit_hashes=()),
    )


def resolve_beads(
    ja_doc: Document,
    en_doc: Document,
    level: str,
    embeddings: str = "auto",
    *,
    realign: bool = False,
    path: Path | str | None = None,
    on_align: Callable[[str], None] | None = None,
) -> Resolved:
    """The beads of a pair: saved, realigned keeping confirmed beads, or freshly aligned.

    Args:
        ja_doc, en_doc: the two texts.
        level: ``paragraph`` or ``sentence``.
        embeddings: passed to the aligner when it runs.
        realign: ignore a saved alignment.
        path: the user database (default ``paths.user_db()``).
        on_align: called with a short description just before the aligner runs (the slow
            part: a caller shows it, so a long alignment is not silence).

    Returns:
        A ``Resolved``; its note says when a saved alignment was used or a text changed.

    Raises:
        StoreError: the user database, or the saved alignment found in it, is damaged.
    """
    ja_texts = unit_texts(ja_doc, level)
    en_texts = unit_texts(en_doc, level)
    ja = side_of(ja_doc, ja_texts)
    en = side_of(en_doc, en_texts)
    old = None
    if not realign and user_db_exists(path):
        with open_alignments(path) as store:
            old = store.find(ja, en, level)
    if old is None:
        if on_align:
            on_align(f"aligning the {level}s of both texts")
        return Resolved(Alignment(level, ja, en, _align(ja_doc, en_doc, level, embeddings)), "aligned")
    if old.ja.unit_hashes == ja.unit_hashes and old.en.unit_hashes == en.unit_hashes:
        note = (
            f"used the saved {level} alignment ({len(old.beads)} beads, {old.confirmed} confirmed, "
            f"saved {_when(old.saved_at)}); --realign aligns again"
        )
        return Resolved(Alignment(level, ja, en, old.beads, old.saved_at), "saved", note)
    what = _what_changed(old, ja, en)
    if on_align:
        on_align(f"{what} since its alignment was saved: aligning again")
    if not old.confirmed:
        beads = _align(ja_doc, en_doc, level, embeddings)
        note = f"{what} since its alignment was saved: aligned again (it had no confirmed beads to keep)"
        return Resolved(Alignment(level, ja, en, beads), "realigned", note)
    from bireader.alignments.realign import realign_keeping_confirmed

    result = realign_keeping_confirmed(
        old.beads,
        old.ja.unit_hashes,
        old.en.unit_hashes,
        ja.unit_hashes,
        en.unit_hashes,
        ja_texts,
        en_texts,
        _gap_aligner(embeddings),
    )
    check_cover(result.beads, ja.count, en.count)  # the realigner's promise, checked
    note = (
        f"{what} since its alignment was saved: aligned again, keeping {result.kept} of "
        f"{result.confirmed} confirmed beads; `bireader align JA EN -i` to review and save"
    )
    return Resolved(Alignment(level, ja, en, result.beads), "realigned", note, kept=result.kept)


def _when(saved_at: str) -> str:
    """``2024-05-01T09:30:12+00:00`` → ``2024-05-01 09:30 UTC`` (stored in UTC)."""
    return f"{saved_at[:16].replace('T', ' ')} UTC" if len(saved_at) >= 16 else saved_at or "earlier"


def _what_changed(old: Alignment, ja: Side, en: Side) -> str:
    ja_changed = old.ja.text_hash != ja.text_hash
    en_changed = old.en.text_hash != en.text_hash
    if ja_changed and en_changed:
        return "both texts changed"
    if ja_changed:
        return "the Japanese text changed"
    if en_changed:
        return "the English text changed"
    # Same texts, other units: this bireader splits sentences differently from the one that saved it.
    return "the texts split into other units"


def _align(ja_doc: Document, en_doc: Document, level: str, embeddings: str) -> tuple[SavedBead, ...]:
    from bireader import align

    return from_beads(align.align_documents(ja_doc, en_doc, level=level, embeddings=embeddings))


def _gap_aligner(embeddings: str):
    from bireader import align

    def align_gap(ja_texts, en_texts):
        return align.align_units(ja_texts, en_texts, embeddings=embeddings)

    return align_gap
