"""The learner's words: a status per dictionary word (new, learning, known, ignored), in ``user.db``.

A word is keyed by its JMdict entry id and headword, so every form of it (食べた,
食べます, 食べる) is one word. ``entry_id`` is 0 for a word no JMdict entry has (a
glossary term, a romanised name): the headword alone names it.

Who set a status matters: mining and review change statuses as a card is learned,
but never a status the user set by hand to ``known`` or ``ignored`` (``auto=True``).
Every change is one transaction, so two processes marking words at once lose nothing.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from bireader.errors import InputError

STORE = "words"
STATUSES = ("new", "learning", "known", "ignored")
# Who changed a status: the user (commands, the reader's keys), an import, mining a card,
# the review schedule, or Anki's state read back by `deck pull`.
SETTERS = ("user", "import", "mining", "review", "anki")
_BY_HAND = ("user", "import")
_AUTOMATIC = ("mining", "review", "anki")

MIGRATIONS = (
    (
        "CREATE TABLE words ("
        " entry_id INTEGER NOT NULL,"
        " headword TEXT NOT NULL,"
        " reading TEXT NOT NULL DEFAULT '',"
        " status TEXT NOT NULL CHECK (status IN ('new', 'learning', 'known', 'ignored')),"
        " set_by TEXT NOT NULL DEFAULT 'user',"
        " first_seen TEXT NOT NULL,"
        " changed TEXT NOT NULL,"
        " document TEXT NOT NULL DEFAULT '',"
        " PRIMARY KEY (entry_id, headword)) WITHOUT ROWID",
        "CREATE INDEX words_status ON words (status, changed)",
        # Bumped by every write, so a view's cache of statuses knows when to reload.
        "CREATE TABLE words_generation (n INTEGER NOT NULL)",
        "INSERT INTO words_generation VALUES (0)",
    ),
)

WordKey = tuple[int, str]  # (JMdict entry id or 0, headword)


@dataclass(frozen=True, slots=True)
class WordRecord:
    """One stored word: its status, who set it, when it was first seen and last changed, and where."""

    entry_id: int
    headword: str
    reading: str
    status: str
    set_by: str
    first_seen: str  # ISO 8601, UTC
    changed: str
    document: str = ""  # path or title of the document it was marked in

    @property
    def key(self) -> WordKey:
        return (self.entry_id, self.headword)


def now() -> str:
    """The current time as stored: ISO 8601 in UTC, to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def check_status(status: str) -> str:
    """``status`` if it is one of STATUSES.

    Raises:
        InputError: with the valid choices.
    """
    if status not in STATUSES:
        raise InputError(f"unknown word status {status!r}; choose one of: {', '.join(STATUSES)}")
    return status


def open_words(path: Path | str | None = None) -> "WordStore":
    """The word store in ``user.db`` (``paths.user_db()`` by default), created or migrated as needed.

    Raises:
        StoreError: the database is unusable.
    """
    from bireader.userdb import open_store

    return WordStore(open_store(STORE, MIGRATIONS, path))


class WordStore:
    """Statuses of the user's words; a context manager that closes its connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> "WordStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # --- reading -------------------------------------------------------------------------

    def get(self, entry_id: int, headword: str) -> WordRecord | None:
        """The stored record of a word, or None if it was never marked."""
        row = self.conn.execute(
            "SELECT * FROM words WHERE entry_id = ? AND headword = ?", (int(entry_id), headword)
        ).fetchone()
        return _record(row) if row else None

    def status(self, entry_id: int, headword: str) -> str:
        """The word's status; ``new`` when it was never marked."""
        row = self.conn.execute(
            "SELECT status FROM words WHERE entry_id = ? AND headword = ?", (int(entry_id), headword)
        ).fetchone()
        return row[0] if row else "new"

    def statuses(self) -> dict[WordKey, str]:
        """Every word whose status is not ``new``: what a view needs to mark a whole text at once."""
        return {
            (row[0], row[1]): row[2]
            for row in self.conn.execute("SELECT entry_id, headword, status FROM words WHERE status != 'new'")
        }

    def statuses_of(self, keys: Iterable[WordKey]) -> dict[WordKey, str]:
        """The status of each of ``keys`` that is not ``new``: a text's words, without loading
        the whole store (``statuses()`` of 20,000 words costs more than this for a text's 1,000)."""
        wanted = set(keys)
        ids = sorted({int(entry_id) for entry_id, _headword in wanted})
        out: dict[WordKey, str] = {}
        for i in range(0, len(ids), 500):  # under SQLite's limit of bound parameters
            chunk = ids[i:i + 500]
            rows = self.conn.execute(
                f"SELECT entry_id, headword, status FROM words WHERE entry_id IN ({','.join('?' * len(chunk))})"
                " AND status != 'new'",
                chunk,
            ).fetchall()
            for entry_id, headword, status in rows:
                if (entry_id, headword) in wanted:
                    out[(entry_id, headword)] = status
        return out

    def records(self, status: str | None = None) -> list[WordRecord]:
        """Stored words (all, or those with ``status``), most recently changed first."""
        if status is None:
            rows = self.conn.execute("SELECT * FROM words ORDER BY changed DESC, headword")
        else:
            rows = self.conn.execute(
                "SELECT * FROM words WHERE status = ? ORDER BY changed DESC, headword", (check_status(status),)
            )
        return [_record(row) for row in rows]

    def counts(self) -> dict[str, int]:
        """How many stored words have each status (every status present, 0 when none)."""
        counts = dict.fromkeys(STATUSES, 0)
        for status, count in self.conn.execute("SELECT status, count(*) FROM words GROUP BY status"):
            counts[status] = count
        return counts

    def has_known(self) -> bool:
        """Whether any word is marked known (the reader then shows only unknown words by default)."""
        return self.conn.execute("SELECT 1 FROM words WHERE status = 'known' LIMIT 1").fetchone() is not None

    def generation(self) -> int:
        """A number that changes whenever any process changes the store (for caches of statuses)."""
        return int(self.conn.execute("SELECT n FROM words_generation").fetchone()[0])

    # --- writing -------------------------------------------------------------------------

    def set_status(
        self,
        words: Iterable[tuple[int, str, str]],
        status: str,
        *,
        by: str = "user",
        document: str = "",
        auto: bool = False,
        when: str | None = None,
    ) -> list[WordKey]:
        """Give ``status`` to each ``(entry_id, headword, reading)`` in one transaction.

        Args:
            words: the words; repeats are harmless.
            status: one of STATUSES (``new`` is what ``words forget`` sets).
            by: who sets it (one of SETTERS).
            document: where the words were marked (kept as the word's document when first stored).
            auto: a change made by mining, review or Anki: leave alone words the user set by
                hand to ``known`` or ``ignored``.
            when: the time to record (default: now); imports pass the dates they carry.

        Returns:
            The keys whose status actually changed, in the order given.
        """
        check_status(status)
        if by not in SETTERS:
            raise ValueError(f"unknown setter {by!r}")
        stamp = when or now()
        changed: list[WordKey] = []
        seen: set[WordKey] = set()
        from bireader.db import transaction

        with transaction(self.conn):
            for entry_id, headword, reading in words:
                key = (int(entry_id), headword)
                if key in seen or not headword:
                    continue
                seen.add(key)
                row = self.conn.execute(
                    "SELECT status, set_by FROM words WHERE entry_id = ? AND headword = ?", key
                ).fetchone()
                if row is None:
                    self.conn.execute(
                        "INSERT INTO words (entry_id, headword, reading, status, set_by, first_seen, changed, document)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (key[0], headword, reading or "", status, by, stamp, stamp, document),
                    )
                    changed.append(key)
                    continue
                current, setter = row
                if auto and setter in _BY_HAND and current in ("known", "ignored"):
                    continue
                if current == status and (setter == by or by in _AUTOMATIC):
                    continue
                self.conn.execute(
                    "UPDATE words SET status = ?, set_by = ?, changed = ?,"
                    " reading = CASE WHEN ? != '' THEN ? ELSE reading END"
                    " WHERE entry_id = ? AND headword = ?",
                    (status, by, stamp, reading or "", reading or "", key[0], headword),
                )
                if current != status:
                    changed.append(key)
            self.conn.execute("UPDATE words_generation SET n = n + 1")
        return changed

    def put_records(self, records: Iterable[WordRecord]) -> int:
        """Store whole records (a JSON import from another machine), keeping their dates; one transaction.

        Returns:
            The number of records written.
        """
        from bireader.db import transaction

        count = 0
        with transaction(self.conn):
            for r in records:
                check_status(r.status)
                self.conn.execute(
                    "INSERT INTO words (entry_id, headword, reading, status, set_by, first_seen, changed, document)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (entry_id, headword) DO UPDATE SET reading = excluded.reading,"
                    " status = excluded.status, set_by = excluded.set_by, changed = excluded.changed,"
                    " first_seen = min(first_seen, excluded.first_seen), document = excluded.document",
                    (int(r.entry_id), r.headword, r.reading, r.status, r.set_by, r.first_seen, r.changed, r.document),
                )
                count += 1
            self.conn.execute("UPDATE words_generation SET n = n + 1")
        return count

    def iter_known(self) -> Iterator[WordKey]:
        """Keys of the words marked known."""
        for row in self.conn.execute("SELECT entry_id, headword FROM words WHERE status = 'known'"):
            yield (row[0], row[1])


def _record(row: sqlite3.Row) -> WordRecord:
    return WordRecord(
        entry_id=row["entry_id"],
        headword=row["headword"],
        reading=row["reading"],
        status=row["status"],
        set_by=row["set_by"],
        first_seen=row["first_seen"],
        changed=row["changed"],
        document=row["document"],
    )


def word_key(entry) -> WordKey:
    """The store's key of a dictionary entry: JMdict words by entry id and headword; names,
    glossary terms and romanised words (whose ids are not JMdict's) by headword alone."""
    return (int(entry.entry_id) if entry.source == "jmdict" else 0, entry.headword)
