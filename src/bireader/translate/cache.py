"""The translation cache: every machine-translated unit, so nothing is sent twice.

One SQLite file (``paths.translation_cache_db()``), one row per
``(engine, source, target, sha256(text))`` with the translation and the UTC time
it arrived. The source text itself is not stored: the hash is the key.
"""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from bireader import db, paths

WHAT = "translation cache"

MIGRATIONS: list[tuple[str, ...]] = [
    (
        """CREATE TABLE translation (
            engine TEXT NOT NULL,
            source TEXT NOT NULL,
            target TEXT NOT NULL,
            text_sha256 TEXT NOT NULL,
            translation TEXT NOT NULL,
            created TEXT NOT NULL,
            PRIMARY KEY (engine, source, target, text_sha256)
        ) WITHOUT ROWID""",
    ),
]

# SQLite's default limit on host parameters is 999 on older builds; stay under it.
_BATCH = 900


def text_key(text: str) -> str:
    """The cache key of a source text: the hex SHA-256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class TranslationCache:
    """Lookups and stores against the cache file; one instance per thread."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else paths.translation_cache_db()
        self.conn: sqlite3.Connection = db.connect(self.path, MIGRATIONS, what=WHAT)

    def get_many(self, engine_id: str, source: str, target: str, texts: Iterable[str]) -> dict[str, str]:
        """The cached translations of ``texts`` (only the hits), keyed by source text."""
        by_key: dict[str, list[str]] = {}
        for text in texts:
            by_key.setdefault(text_key(text), []).append(text)
        found: dict[str, str] = {}
        keys = list(by_key)
        for i in range(0, len(keys), _BATCH):
            chunk = keys[i : i + _BATCH]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT text_sha256, translation FROM translation"
                f" WHERE engine = ? AND source = ? AND target = ? AND text_sha256 IN ({marks})",
                (engine_id, source, target, *chunk),
            )
            for key, translation in rows:
                for text in by_key[key]:
                    found[text] = translation
        return found

    def put_many(self, engine_id: str, source: str, target: str, pairs: Iterable[tuple[str, str]]) -> int:
        """Store ``(source text, translation)`` pairs in one transaction (replacing old ones); returns the count."""
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        rows = [(engine_id, source, target, text_key(text), translation, now) for text, translation in pairs]
        if not rows:
            return 0
        with db.transaction(self.conn):
            self.conn.executemany(
                "INSERT OR REPLACE INTO translation (engine, source, target, text_sha256, translation, created)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
        return len(rows)

    def count(self, engine_id: str | None = None) -> int:
        """How many translations are stored (for one engine, or all)."""
        if engine_id is None:
            return self.conn.execute("SELECT count(*) FROM translation").fetchone()[0]
        return self.conn.execute("SELECT count(*) FROM translation WHERE engine = ?", (engine_id,)).fetchone()[0]

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "TranslationCache":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
