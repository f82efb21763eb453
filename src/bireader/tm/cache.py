"""Alignments already done, kept so an interrupted or repeated ``tm build`` does not align a pair twice.

A pair is found by the SHA-256 of both files' bytes and the settings that change
its alignment (level, embeddings, dictionary, bireader version), so an edited
file is aligned again and an untouched one never is. The file lives in the cache
directory (it can always be rebuilt) and every pair is written in its own
transaction the moment it comes back from its worker, so Ctrl-C or a crash loses at most
the pairs the workers are aligning at that moment.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from bireader import db
from bireader.errors import StoreError

WHAT = "translation-memory cache"

MIGRATIONS: db.Migrations = (
    (
        """CREATE TABLE pairs (
            key TEXT PRIMARY KEY,
            ja_file TEXT NOT NULL,
            en_file TEXT NOT NULL,
            lines INTEGER NOT NULL,
            beads TEXT NOT NULL,
            created TEXT NOT NULL
        )""",
    ),
)


@dataclass(frozen=True, slots=True)
class AlignedBead:
    """One bead of an aligned pair, as the memory needs it."""

    ja: str
    en: str
    score: float | None
    ja_index: tuple[int, ...]
    en_index: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class AlignedPair:
    """A pair's beads and how many text lines its two files have."""

    beads: tuple[AlignedBead, ...]
    lines: int


def cache_path() -> Path:
    """``tm-alignments.sqlite`` in the cache directory."""
    from bireader import paths

    return paths.cache_dir() / "tm-alignments.sqlite"


def pair_key(ja_bytes: bytes, en_bytes: bytes, settings: str) -> str:
    """The cache key of a pair: both contents and the alignment settings."""
    digest = hashlib.sha256()
    for part in (settings.encode("utf-8"), hashlib.sha256(ja_bytes).digest(), hashlib.sha256(en_bytes).digest()):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


class AlignmentCache:
    """The cache file: ``get`` and ``put`` pairs by key; use as a context manager."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or cache_path()
        self.conn = db.connect(self.path, MIGRATIONS, what=WHAT)

    def __enter__(self) -> "AlignmentCache":
        return self

    def __exit__(self, *exc) -> None:
        self.conn.close()

    def get(self, key: str) -> AlignedPair | None:
        """The pair stored under ``key``, or None."""
        try:
            row = self.conn.execute("SELECT lines, beads FROM pairs WHERE key = ?", (key,)).fetchone()
        except sqlite3.DatabaseError as err:
            raise StoreError(f"cannot read the {WHAT} at {self.path}: {err}; delete it to start afresh") from None
        if row is None:
            return None
        try:
            beads = tuple(
                AlignedBead(ja, en, score, tuple(ja_index), tuple(en_index))
                for ja, en, score, ja_index, en_index in json.loads(row["beads"])
            )
        except (ValueError, TypeError):
            return None  # a damaged entry is aligned again
        return AlignedPair(beads=beads, lines=row["lines"])

    def put(self, key: str, ja_file: str, en_file: str, pair: AlignedPair) -> None:
        """Store one aligned pair in its own transaction."""
        beads = json.dumps(
            [[b.ja, b.en, b.score, list(b.ja_index), list(b.en_index)] for b in pair.beads], ensure_ascii=False
        )
        try:
            with db.transaction(self.conn):
                self.conn.execute(
                    "INSERT OR REPLACE INTO pairs (key, ja_file, en_file, lines, beads, created) VALUES (?, ?, ?, ?, ?, ?)",
                    (key, ja_file, en_file, pair.lines, beads, datetime.now(timezone.utc).isoformat(timespec="seconds")),
                )
        except sqlite3.Error as err:
            raise StoreError(f"cannot write the {WHAT} at {self.path}: {err}") from None
