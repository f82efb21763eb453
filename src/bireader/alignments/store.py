"""The saved-alignment store in ``user.db``: one row per pair of texts and level.

A row is found by both texts' content hashes (so a renamed or moved pair still
finds it) and, failing that, by both paths (so a pair whose English was edited
finds its old alignment, to realign keeping the confirmed beads). Each row keeps
a short hash of every unit's text, which is how the units of a confirmed bead
are found again in an edited text.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

from bireader import db, userdb
from bireader.paths import path_key
from bireader.alignments.beads import CoverError, SavedBead, check_cover
from bireader.errors import StoreError
from bireader.model import Document

STORE = "alignments"

MIGRATIONS: db.Migrations = (
    (
        """CREATE TABLE alignments (
            id INTEGER PRIMARY KEY,
            level TEXT NOT NULL,
            ja_hash TEXT NOT NULL,
            en_hash TEXT NOT NULL,
            ja_path TEXT NOT NULL DEFAULT '',
            en_path TEXT NOT NULL DEFAULT '',
            ja_units TEXT NOT NULL,
            en_units TEXT NOT NULL,
            beads TEXT NOT NULL,
            saved_at TEXT NOT NULL,
            UNIQUE (ja_hash, en_hash, level)
        )""",
        "CREATE INDEX alignments_by_path ON alignments (ja_path, en_path, level)",
    ),
)

# 16 hex digits of SHA-1 tell ten thousand sentences apart with room to spare, at a fifth of the size.
UNIT_HASH_DIGITS = 16


def unit_hash(text: str) -> str:
    """A short content hash of one unit's text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:UNIT_HASH_DIGITS]


def unit_texts(doc: Document, level: str) -> list[str]:
    """The texts of the document's units at ``level`` (paragraphs, or sentences through the whole text)."""
    if level == "paragraph":
        return [p.text for p in doc.paragraphs]
    return [s.text for s in doc.sentences]


@dataclass(frozen=True, slots=True)
class Side:
    """One text of a pair as the store knows it: where it was, its hash, its units' hashes."""

    path: str  # absolute path; "" for standard input
    text_hash: str
    unit_hashes: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.unit_hashes)


def side_of(doc: Document, texts: Sequence[str]) -> Side:
    """The store's view of a document whose units at the chosen level are ``texts``."""
    return Side(path=path_key(doc.path), text_hash=doc.text_hash, unit_hashes=tuple(unit_hash(t) for t in texts))


@dataclass(frozen=True, slots=True)
class Alignment:
    """A saved alignment of two texts at one level."""

    level: str
    ja: Side
    en: Side
    beads: tuple[SavedBead, ...]
    saved_at: str = ""

    @property
    def confirmed(self) -> int:
        return sum(1 for b in self.beads if b.confirmed)


def encode_beads(beads: Sequence[SavedBead]) -> str:
    """Compact JSON of a bead list, as the store keeps it: ``[[ja…], [en…], score, confirmed]`` per bead."""
    return json.dumps([[list(b.ja), list(b.en), b.score, int(b.confirmed)] for b in beads], separators=(",", ":"))


def decode_beads(text: str) -> tuple[SavedBead, ...]:
    """The inverse of ``encode_beads``.

    Raises:
        ValueError: not a bead list of that shape.
    """
    rows = json.loads(text)
    if not isinstance(rows, list):
        raise ValueError("the bead list is not a list")
    beads = []
    for k, row in enumerate(rows):
        try:
            ja, en, score, confirmed = row
            bead = SavedBead(tuple(int(i) for i in ja), tuple(int(i) for i in en), float(score), bool(confirmed))
        except (TypeError, ValueError):
            raise ValueError(f"bead {k} is not [[ja…], [en…], score, confirmed]") from None
        beads.append(bead)
    return tuple(beads)


class AlignmentStore:
    """Saved alignments in ``user.db`` (open with ``open_alignments``)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "AlignmentStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def exists(self, ja: Side, en: Side, level: str) -> bool:
        """Whether ``find`` would find an alignment (the same query, without reading its beads:
        a 10,000-bead alignment takes a tenth of a second to decode and check)."""
        try:
            row = self.conn.execute(
                "SELECT 1 FROM alignments WHERE level = ? AND ((ja_hash = ? AND en_hash = ?)"
                " OR (? != '' AND ? != '' AND ja_path = ? AND en_path = ?)) LIMIT 1",
                (level, ja.text_hash, en.text_hash, ja.path, en.path, ja.path, en.path),
            ).fetchone()
        except sqlite3.DatabaseError as err:
            raise StoreError(f"the {userdb.WHAT} is corrupt ({err}); move it away to start a new one") from None
        return row is not None

    def find(self, ja: Side, en: Side, level: str) -> Alignment | None:
        """The saved alignment of this pair at ``level``: of the same two texts (by their hashes),
        else of the same two paths (a text changed since; its sides hold the old hashes), else None.

        Raises:
            StoreError: the row found is damaged (it is refused, not loaded).
        """
        try:
            row = self.conn.execute(
                "SELECT * FROM alignments WHERE level = ? AND ja_hash = ? AND en_hash = ?",
                (level, ja.text_hash, en.text_hash),
            ).fetchone()
            if row is None and ja.path and en.path:
                row = self.conn.execute(
                    "SELECT * FROM alignments WHERE level = ? AND ja_path = ? AND en_path = ?"
                    " ORDER BY saved_at DESC, id DESC LIMIT 1",
                    (level, ja.path, en.path),
                ).fetchone()
        except sqlite3.DatabaseError as err:
            raise StoreError(f"the {userdb.WHAT} is corrupt ({err}); move it away to start a new one") from None
        return None if row is None else _alignment_from_row(row)

    def save(self, alignment: Alignment) -> None:
        """Store ``alignment``, replacing the one of the same texts or of the same paths at its level.

        Raises:
            InputError: the beads are not a monotone cover of both texts (nothing is written).
        """
        from bireader.errors import InputError

        try:
            check_cover(alignment.beads, alignment.ja.count, alignment.en.count)
        except CoverError as err:
            raise InputError(f"the alignment was not saved: {err}") from None
        saved_at = alignment.saved_at or datetime.now(timezone.utc).isoformat(timespec="seconds")
        ja, en = alignment.ja, alignment.en
        try:
            with db.transaction(self.conn):
                self.conn.execute(
                    "DELETE FROM alignments WHERE level = ? AND ((ja_hash = ? AND en_hash = ?)"
                    " OR (ja_path != '' AND ja_path = ? AND en_path = ?))",
                    (alignment.level, ja.text_hash, en.text_hash, ja.path, en.path),
                )
                self.conn.execute(
                    "INSERT INTO alignments (level, ja_hash, en_hash, ja_path, en_path, ja_units, en_units, beads, saved_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        alignment.level,
                        ja.text_hash,
                        en.text_hash,
                        ja.path,
                        en.path,
                        "".join(ja.unit_hashes),
                        "".join(en.unit_hashes),
                        encode_beads(alignment.beads),
                        saved_at,
                    ),
                )
        except sqlite3.DatabaseError as err:
            raise StoreError(f"could not save the alignment in the {userdb.WHAT}: {err}") from None

    def version_by_paths(self, ja_path: str | Path, en_path: str | Path, level: str) -> str:
        """A string that changes whenever the alignment saved for these two paths changes ("" when none).

        Cheap (no text is read): a batch job keyed on file contents adds it to its cache key, so a
        correction saved after the job ran is not hidden behind the job's cached alignment.
        """
        row = self.conn.execute(
            "SELECT id, saved_at FROM alignments WHERE level = ? AND ja_path = ? AND en_path = ?"
            " ORDER BY saved_at DESC, id DESC LIMIT 1",
            (level, path_key(ja_path), path_key(en_path)),
        ).fetchone()
        return "" if row is None else f"{row['saved_at']}#{row['id']}"

    def count(self) -> int:
        """How many alignments are saved (all pairs and levels)."""
        return int(self.conn.execute("SELECT count(*) FROM alignments").fetchone()[0])


def _split_hashes(joined: str) -> tuple[str, ...]:
    if len(joined) % UNIT_HASH_DIGITS:
        raise ValueError("the unit hashes are cut short")
    return tuple(joined[i : i + UNIT_HASH_DIGITS] for i in range(0, len(joined), UNIT_HASH_DIGITS))


def _alignment_from_row(row: sqlite3.Row) -> Alignment:
    """Parse and check a stored row; a damaged one is refused with one line naming the pair."""
    names = f"{Path(row['ja_path']).name or 'standard input'} and {Path(row['en_path']).name or 'standard input'}"
    try:
        ja = Side(row["ja_path"], row["ja_hash"], _split_hashes(row["ja_units"]))
        en = Side(row["en_path"], row["en_hash"], _split_hashes(row["en_units"]))
        beads = decode_beads(row["beads"])
        check_cover(beads, ja.count, en.count)
    except (ValueError, TypeError) as err:
        raise StoreError(
            f"the saved {row['level']} alignment of {names} in the {userdb.WHAT} is damaged ({err}), so it was not used; "
            "`--realign` aligns again without it, and saving from `bireader align JA EN -i` replaces it"
        ) from None
    return Alignment(level=row["level"], ja=ja, en=en, beads=beads, saved_at=row["saved_at"])


def open_alignments(path: Path | str | None = None) -> AlignmentStore:
    """Open the alignment store in ``user.db`` (``paths.user_db()`` by default), creating it if needed.

    Raises:
        StoreError: the file is not SQLite, corrupt, or from a newer bireader.
    """
    return AlignmentStore(userdb.open_store(STORE, MIGRATIONS, path))


def user_db_exists(path: Path | str | None = None) -> bool:
    """Whether ``user.db`` exists yet (a reading with no saved alignment need not create it)."""
    if path is None:
        from bireader.paths import user_db

        path = user_db()
    return Path(path).exists()
