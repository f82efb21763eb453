"""Reading positions: where the reader left each document, and the history of what was read, in ``user.db``.

A position is keyed by the document's text (``Document.text_hash``) and the level it was read
at, so a renamed or moved file is found again by its text. When the text is not found, the
path is tried: the same file, edited since. Its unit numbers may have shifted, so the caller
resumes at the same number and says the text changed (``resume_notice``).

Every save is one upsert in its own transaction, so two readers saving at once lose nothing.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from bireader.paths import path_key
from bireader.errors import InputError, StoreError

STORE = "positions"
LEVELS = ("paragraph", "sentence")

MIGRATIONS = (
    (
        "CREATE TABLE positions ("
        " text_hash TEXT NOT NULL,"
        " path TEXT NOT NULL DEFAULT '',"
        " title TEXT NOT NULL DEFAULT '',"
        " level TEXT NOT NULL CHECK (level IN ('paragraph', 'sentence')),"
        " unit INTEGER NOT NULL CHECK (unit >= 0),"
        " total INTEGER NOT NULL CHECK (total >= 0),"
        " ja_offset INTEGER NOT NULL DEFAULT 0,"
        " chapter TEXT NOT NULL DEFAULT '',"
        " opened TEXT NOT NULL,"
        " PRIMARY KEY (text_hash, level))",
        "CREATE INDEX positions_path ON positions (path, level, opened)",
        "CREATE INDEX positions_opened ON positions (opened)",
    ),
)


@dataclass(frozen=True, slots=True)
class PositionRecord:
    """Where a document was left: its unit (0-based) of ``total`` at ``level``, and when it was last opened."""

    text_hash: str
    path: str  # absolute and resolved; "" for standard input
    title: str
    level: str  # paragraph or sentence
    unit: int  # 0-based
    total: int
    ja_offset: int  # character offset in Document.text of the unit's start
    chapter: str  # title of the chapter the unit is in; "" when none
    opened: str  # ISO 8601, UTC

    @property
    def percent(self) -> int:
        """How far in, as a whole percentage counting the current unit as read (0 for an empty text)."""
        return round(100 * (self.unit + 1) / self.total) if self.total else 0


@dataclass(frozen=True, slots=True)
class Found(PositionRecord):
    """A stored position found for a document, and how: ``text`` (same text, any path) or
    ``path`` (same file, but its text changed since)."""

    matched_by: str


def now() -> str:
    """The current time as stored: ISO 8601 in UTC, to the microsecond, so that saves in the
    same second still sort in the order they happened."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def check_level(level: str) -> str:
    """``level`` if it is one of LEVELS.

    Raises:
        InputError: with the valid choices.
    """
    if level not in LEVELS:
        raise InputError(f"unknown reading level {level!r}; choose one of: {', '.join(LEVELS)}")
    return level


def open_positions(path: Path | str | None = None) -> "PositionStore":
    """The position store in ``user.db`` (``paths.user_db()`` by default), created or migrated as needed.

    Args:
        path: the ``user.db`` file.

    Returns:
        A ``PositionStore``; use it as a context manager so its connection is closed.

    Raises:
        StoreError: the database is not SQLite, corrupt, locked too long, or from a newer bireader.
    """
    from bireader.userdb import open_store

    return PositionStore(open_store(STORE, MIGRATIONS, path))


@contextlib.contextmanager
def _store_errors() -> Iterator[None]:
    # Opening checks the file, but it can still be damaged or locked under a long-running reader.
    try:
        yield
    except sqlite3.OperationalError as err:
        if "locked" in str(err) or "busy" in str(err):
            raise StoreError(f"the user database stayed locked by another process ({err}); try again") from None
        raise StoreError(f"the user database cannot be used ({err}); move it away to start a new one") from None
    except sqlite3.DatabaseError as err:
        raise StoreError(f"the user database is corrupt ({err}); move it away to start a new one") from None


class PositionStore:
    """Reading positions and history; a context manager that closes its connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> "PositionStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # --- writing -------------------------------------------------------------------------

    def save(
        self,
        *,
        text_hash: str,
        path: str | Path | None,
        title: str,
        level: str,
        unit: int,
        total: int,
        ja_offset: int,
        chapter: str = "",
        when: str | None = None,
    ) -> None:
        """Record where a document is now (insert or replace its position at this level), in one transaction.

        Args:
            text_hash: ``Document.text_hash``.
            path: the file ("" or None or "-" for standard input); stored absolute and resolved.
            title: the document's title, as the history shows it.
            level: ``paragraph`` or ``sentence``.
            unit: the current unit, 0-based.
            total: the number of units at this level.
            ja_offset: character offset in ``Document.text`` of the unit's start.
            chapter: the title of the chapter the unit is in ("" when none).
            when: the time to record (default: now).

        Raises:
            InputError: an unknown level.
            ValueError: a unit outside the text (a caller's mistake, not the user's).
            StoreError: the database cannot be written.
        """
        check_level(level)
        if unit < 0 or total < 0 or (total and unit >= total):
            raise ValueError(f"unit {unit} is outside a text of {total} units")
        from bireader.db import transaction

        with _store_errors(), transaction(self.conn):
            self.conn.execute(
                "INSERT INTO positions (text_hash, path, title, level, unit, total, ja_offset, chapter, opened)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (text_hash, level) DO UPDATE SET path = excluded.path, title = excluded.title,"
                " unit = excluded.unit, total = excluded.total, ja_offset = excluded.ja_offset,"
                " chapter = excluded.chapter, opened = excluded.opened",
                (text_hash, path_key(path), title or "", level, int(unit), int(total), int(ja_offset),
                 chapter or "", when or now()),
            )

    def forget(self, text_hash: str | None = None, path: str | Path | None = None) -> int:
        """Remove the positions of a text (every level), of a path, or of both together.

        Returns:
            The number of positions removed.

        Raises:
            InputError: neither a text hash nor a path was given.
        """
        if not text_hash and not path:
            raise InputError("give a text hash or a path to forget")
        clauses, args = [], []
        if text_hash:
            clauses.append("text_hash = ?")
            args.append(text_hash)
        if path:
            clauses.append("path = ?")
            args.append(path_key(path))
        from bireader.db import transaction

        with _store_errors(), transaction(self.conn):
            return self.conn.execute(f"DELETE FROM positions WHERE {' AND '.join(clauses)}", args).rowcount

    # --- reading -------------------------------------------------------------------------

    def find(self, text_hash: str, path: str | Path | None, level: str) -> Found | None:
        """The stored position of a document at ``level``: by its text first, else by its path.

        Args:
            text_hash: ``Document.text_hash`` of the text being opened.
            path: its file; standard input ("" or None) is never matched by path.
            level: ``paragraph`` or ``sentence``.

        Returns:
            The position with ``matched_by="text"`` (the same text, wherever it is now), or
            ``matched_by="path"`` (the most recently opened position of that file: its text
            changed), or None when the document was never read at this level.
        """
        check_level(level)
        with _store_errors():
            row = self.conn.execute(
                "SELECT * FROM positions WHERE text_hash = ? AND level = ?", (text_hash, level)
            ).fetchone()
            if row is not None:
                return _found(row, "text")
            key = path_key(path)
            if not key:
                return None
            row = self.conn.execute(
                "SELECT * FROM positions WHERE path = ? AND level = ? ORDER BY opened DESC LIMIT 1", (key, level)
            ).fetchone()
        return _found(row, "path") if row is not None else None

    def history(self, limit: int = 50) -> list[PositionRecord]:
        """The documents read, most recently opened first: one position per text (the level read last).

        A file that was edited keeps a row for each text it had; that is the reading history as it was.

        Args:
            limit: at most this many documents.
        """
        with _store_errors():
            rows = self.conn.execute(
                "SELECT * FROM (SELECT *, rowid AS seq, row_number() OVER"
                " (PARTITION BY text_hash ORDER BY opened DESC, rowid DESC) AS nth FROM positions)"
                " WHERE nth = 1 ORDER BY opened DESC, seq DESC LIMIT ?",
                (max(int(limit), 0),),
            ).fetchall()
        return [_record(row) for row in rows]


def _record(row: sqlite3.Row) -> PositionRecord:
    return PositionRecord(**{name: row[name] for name in _FIELDS})


def _found(row: sqlite3.Row, matched_by: str) -> Found:
    return Found(**{name: row[name] for name in _FIELDS}, matched_by=matched_by)


_FIELDS = (
    "text_hash", "path", "title", "level", "unit", "total", "ja_offset", "chapter", "opened",
)


def resume_unit(found: PositionRecord, total_now: int) -> int:
    """The unit to resume at in the text as it is now: the stored one, or the last unit if the text got shorter."""
    return max(0, min(found.unit, total_now - 1))


def local_time(stamp: str) -> str:
    """A stored UTC time as the user's local time, short: ``2026-12-03 17:40`` (the stamp itself if unreadable)."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def resume_notice(found: Found, total_now: int) -> str:
    """The one line the reader shows when it resumes a document.

    Args:
        found: what ``PositionStore.find`` returned.
        total_now: the number of units of the text as it is now.

    Returns:
        "Resumed at unit 500 of 9,870 (5%) · 第三章 — last read 2026-12-03 17:40; --from-start to
        begin again." or, when the text changed (found by path), "The text changed since you last
        read it; resumed at unit 500 by its number — …".
    """
    unit = resume_unit(found, total_now) + 1
    when = local_time(found.opened)
    if found.matched_by == "path":
        # The stored chapter and percentage belong to the old text, so neither is repeated.
        return (
            f"The text changed since you last read it; resumed at unit {unit:,} by its number"
            f" — last read {when}; --from-start to begin again."
        )
    percent = round(100 * unit / total_now) if total_now else 0
    chapter = _one_line(found.chapter)
    where = f" · {chapter}" if chapter else ""
    return f"Resumed at unit {unit:,} of {total_now:,} ({percent}%){where} — last read {when}; --from-start to begin again."


def _one_line(text: str) -> str:
    # A chapter title comes from the document: a newline or a control character in it must not
    # break the one-line notice or reach the terminal.
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
