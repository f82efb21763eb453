"""The user's glossary store: a SQLite file of their own terms (add, remove, edit, list, import, export).

``open_glossary(path=None) -> Glossary`` opens (creating if needed) the store at
``paths.glossary_db()``; rows come back as ``GlossaryEntry``. Import and export
speak OmegaT's TSV (``formats.py``); finding the terms in a text is ``matcher.py``'s job.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator, Sequence, TextIO

from bireader.errors import InputError, NothingFound, StoreError
from bireader.glossary.formats import (
    TAG_SEPARATOR,
    TSV_HEADER,
    clean_value,
    format_tsv_line,
    parse_tsv,
    read_tsv_text,
    validate_tags,
    validate_term,
    validate_translation,
)

WHAT = "glossary database"

# Step i brings the schema from user_version i to i + 1 (bireader.db.migrate).
# ``meta.generation`` is bumped by triggers on every change, so a matcher cached
# in any process knows when to rebuild without watching files.
MIGRATIONS: list[tuple[str, ...]] = [
    (
        """CREATE TABLE entries (
            id INTEGER PRIMARY KEY,
            term TEXT NOT NULL,
            translation TEXT NOT NULL,
            reading TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            UNIQUE (term, translation)
        )""",
        """CREATE TABLE tags (
            entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (entry_id, tag)
        )""",
        "CREATE INDEX tags_by_tag ON tags (tag)",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
        "INSERT INTO meta (key, value) VALUES ('generation', 0)",
        *(
            f"""CREATE TRIGGER {table}_{action.lower()}_generation AFTER {action} ON {table}
                BEGIN UPDATE meta SET value = value + 1 WHERE key = 'generation'; END"""
            for table in ("entries", "tags")
            for action in ("INSERT", "UPDATE", "DELETE")
        ),
    ),
]

@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """One row of the glossary: a term and one of its translations."""

    id: int
    term: str
    translation: str
    reading: str = ""
    note: str = ""
    tags: tuple[str, ...] = ()
    created: str = ""
    updated: str = ""

    def to_tsv_fields(self) -> tuple[str, str, str, str, str]:
        """The five TSV columns: term, translation, comment, reading, tags."""
        return (self.term, self.translation, self.note, self.reading, TAG_SEPARATOR.join(self.tags))


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What ``Glossary.import_tsv`` did: counts, and the skipped lines as ``(line_number, message)``."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: tuple[tuple[int, str], ...] = field(default=())

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def read_generation(conn: sqlite3.Connection) -> int:
    """The glossary's change counter (``meta.generation``), bumped by a trigger on every write."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
    return row[0] if row else 0


# --- the store ---------------------------------------------------------------------------


def open_glossary(path: Path | str | None = None) -> "Glossary":
    """Open the user's glossary, creating the database (and its directory) if needed.

    Args:
        path: the database file; ``paths.glossary_db()`` by default.

    Raises:
        StoreError: the file is not SQLite, is corrupt or is from a newer bireader (never overwritten).
    """
    from bireader import db, paths

    path = Path(path) if path is not None else paths.glossary_db()
    return Glossary(db.connect(path, MIGRATIONS, what=WHAT), path)


class Glossary:
    """The glossary store; one connection, use as a context manager or call ``close()``."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    def __enter__(self) -> "Glossary":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # -- reading

    def _rows(self, where: str = "", params: Sequence = ()) -> list[GlossaryEntry]:
        try:
            rows = self.conn.execute(
                "SELECT e.id, e.term, e.translation, e.reading, e.note, e.created, e.updated,"
                " (SELECT group_concat(tag, char(9)) FROM (SELECT tag FROM tags WHERE entry_id = e.id ORDER BY tag)) AS tags"
                f" FROM entries e {where} ORDER BY e.term, e.translation",
                params,
            ).fetchall()
        except sqlite3.DatabaseError as err:
            raise StoreError(f"cannot read the {WHAT} at {self.path}: {err}") from None
        return [
            GlossaryEntry(
                id=r["id"], term=r["term"], translation=r["translation"], reading=r["reading"], note=r["note"],
                tags=tuple(r["tags"].split("\t")) if r["tags"] else (), created=r["created"], updated=r["updated"],
            )
            for r in rows
        ]

    def list(self, tag: str | None = None) -> list[GlossaryEntry]:
        """All entries sorted by term then translation; only those carrying ``tag`` if given."""
        if tag is not None:
            return self._rows("WHERE e.id IN (SELECT entry_id FROM tags WHERE tag = ?)", (tag.strip(),))
        return self._rows()

    def get(self, term: str) -> list[GlossaryEntry]:
        """The entries of one term (one per translation); empty if the term is not in the glossary."""
        return self._rows("WHERE e.term = ?", (term.strip(),))

    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM entries").fetchone()[0]

    def generation(self) -> int:
        """A number that changes whenever the glossary changes (in any process)."""
        return read_generation(self.conn)

    # -- writing

    def add(
        self,
        term: str,
        translation: str,
        *,
        reading: str | None = None,
        note: str | None = None,
        tags: Iterable[str] = (),
        allow_multiple: bool = False,
    ) -> tuple[GlossaryEntry, bool]:
        """Add a term, or update it if it is already there.

        An existing term is updated in place: its translation is replaced (when it
        has exactly one), and ``reading``/``note``/``tags`` replace the old ones when
        given (None or no tags keeps them). With ``allow_multiple`` a new translation
        is added beside the existing ones instead.

        Returns:
            ``(entry, created)``: the stored row and whether a new row was made.

        Raises:
            InputError: an invalid field, or the term has several translations and
                it is unclear which one to replace. Nothing is written then.
        """
        term = validate_term(term)
        translation = validate_translation(translation)
        reading_v = None if reading is None else clean_value(reading, "reading", required=False)
        note_v = None if note is None else clean_value(note, "note", required=False)
        tags_v = validate_tags(tags)
        with self._write() as conn:
            entry_id, created = self._upsert(conn, term, translation, reading_v, note_v, tags_v or None, allow_multiple)
        return self._rows("WHERE e.id = ?", (entry_id,))[0], created

    def _upsert(self, conn, term, translation, reading, note, tags, allow_multiple) -> tuple[int, bool]:
        now = _now()
        existing = conn.execute("SELECT id, translation FROM entries WHERE term = ? ORDER BY id", (term,)).fetchall()
        same = [r for r in existing if r["translation"] == translation]
        if same:
            target = same[0]["id"]
        elif not existing or allow_multiple:
            cur = conn.execute(
                "INSERT INTO entries (term, translation, reading, note, created, updated) VALUES (?, ?, ?, ?, ?, ?)",
                (term, translation, reading or "", note or "", now, now),
            )
            if tags:
                conn.executemany("INSERT INTO tags (entry_id, tag) VALUES (?, ?)", [(cur.lastrowid, t) for t in tags])
            return cur.lastrowid, True
        elif len(existing) == 1:
            target = existing[0]["id"]
            conn.execute("UPDATE entries SET translation = ?, updated = ? WHERE id = ?", (translation, now, target))
        else:
            raise InputError(
                f"{term} has {len(existing)} translations; remove one with `bireader glossary remove {term} "
                f"--translation …`, or add this one beside them with --multiple"
            )
        self._update_fields(conn, target, reading=reading, note=note, tags=tags, now=now)
        return target, False

    @staticmethod
    def _update_fields(conn, entry_id: int, *, reading=None, note=None, tags=None, now: str) -> None:
        """Set the given fields (None = keep) and touch ``updated`` only if something really changed."""
        row = conn.execute("SELECT reading, note FROM entries WHERE id = ?", (entry_id,)).fetchone()
        sets, params = [], []
        tags_changed = False
        if reading is not None and reading != row["reading"]:
            sets.append("reading = ?")
            params.append(reading)
        if note is not None and note != row["note"]:
            sets.append("note = ?")
            params.append(note)
        if tags is not None:
            old = tuple(r[0] for r in conn.execute("SELECT tag FROM tags WHERE entry_id = ? ORDER BY tag", (entry_id,)))
            if old != tuple(tags):
                conn.execute("DELETE FROM tags WHERE entry_id = ?", (entry_id,))
                conn.executemany("INSERT INTO tags (entry_id, tag) VALUES (?, ?)", [(entry_id, t) for t in tags])
                tags_changed = True
        if sets or tags_changed:
            sets.append("updated = ?")
            conn.execute(f"UPDATE entries SET {', '.join(sets)} WHERE id = ?", (*params, now, entry_id))

    def remove(self, term: str, translation: str | None = None) -> int:
        """Remove a term (all its translations, or only ``translation``); returns how many rows went.

        Raises:
            NothingFound: no such term (or translation) in the glossary.
        """
        term = term.strip()
        with self._write() as conn:
            if translation is None:
                n = conn.execute("DELETE FROM entries WHERE term = ?", (term,)).rowcount
            else:
                n = conn.execute(
                    "DELETE FROM entries WHERE term = ? AND translation = ?", (term, translation.strip())
                ).rowcount
        if not n:
            if translation is not None and self.get(term):
                raise NothingFound(f"{term} has no translation {translation.strip()!r} in the glossary")
            raise NothingFound(f"{term} is not in the glossary")
        return n

    def edit(
        self,
        term: str,
        *,
        translation: str | None = None,
        reading: str | None = None,
        note: str | None = None,
        tags: Iterable[str] | None = None,
        old_translation: str | None = None,
    ) -> list[GlossaryEntry]:
        """Change fields of an existing term; None leaves a field as it is, "" clears reading or note.

        A term with several translations needs ``old_translation`` to change one
        translation; reading, note and tags changes then apply to the chosen row,
        or to every row of the term when none is chosen.

        Returns:
            the edited rows.

        Raises:
            NothingFound: the term (or ``old_translation``) is not in the glossary.
            InputError: an invalid field, or an ambiguous translation change.
        """
        term = term.strip()
        translation_v = None if translation is None else validate_translation(translation)
        reading_v = None if reading is None else clean_value(reading, "reading", required=False)
        note_v = None if note is None else clean_value(note, "note", required=False)
        tags_v = None if tags is None else validate_tags(tags)
        now = _now()
        with self._write() as conn:
            rows = conn.execute("SELECT id, translation FROM entries WHERE term = ? ORDER BY id", (term,)).fetchall()
            if not rows:
                raise NothingFound(f"{term} is not in the glossary; add it with `bireader glossary add`")
            if old_translation is not None:
                rows = [r for r in rows if r["translation"] == old_translation.strip()]
                if not rows:
                    raise NothingFound(f"{term} has no translation {old_translation.strip()!r} in the glossary")
            if translation_v is not None and len(rows) > 1:
                raise InputError(
                    f"{term} has {len(rows)} translations; say which one to change with --old-translation"
                )
            ids = [r["id"] for r in rows]
            if translation_v is not None and translation_v != rows[0]["translation"]:
                clash = conn.execute(
                    "SELECT 1 FROM entries WHERE term = ? AND translation = ?", (term, translation_v)
                ).fetchone()
                if clash:
                    raise InputError(f"{term} already has the translation {translation_v!r}")
                conn.execute("UPDATE entries SET translation = ?, updated = ? WHERE id = ?", (translation_v, now, ids[0]))
            for entry_id in ids:
                self._update_fields(conn, entry_id, reading=reading_v, note=note_v, tags=tags_v, now=now)
        marks = ",".join("?" * len(ids))
        return self._rows(f"WHERE e.id IN ({marks})", ids)

    def import_tsv(self, source: Path | str | TextIO, *, skip_invalid: bool = False) -> ImportReport:
        """Import an OmegaT-style TSV glossary (see the module docstring) in one transaction.

        The file is authoritative for the terms it names: each such term ends up with
        exactly the translations the file gives it (several lines may give one term
        several translations). Other terms are left alone.

        Args:
            source: a path, ``-`` for stdin, or an open text stream.
            skip_invalid: import the good lines and report the bad ones instead of
                importing nothing.

        Raises:
            InputError: the file cannot be read, or (without ``skip_invalid``) a line
                is invalid; the message names the line and nothing is written.
        """
        text = read_tsv_text(source)
        parsed, skipped = parse_tsv(text, skip_invalid=skip_invalid)
        by_term: dict[str, dict[str, tuple]] = {}
        for _, (term, translation, note, reading, tags) in parsed:
            by_term.setdefault(term, {})[translation] = (note, reading, tags)
        added = updated = unchanged = removed = 0
        now = _now()
        with self._write() as conn:
            for term, wanted in by_term.items():
                existing = {
                    r["translation"]: r
                    for r in conn.execute(
                        "SELECT e.id, e.translation, e.reading, e.note,"
                        " (SELECT group_concat(tag, char(9)) FROM (SELECT tag FROM tags WHERE entry_id = e.id ORDER BY tag)) AS tags"
                        " FROM entries e WHERE term = ?",
                        (term,),
                    )
                }
                gone = [row for translation, row in existing.items() if translation not in wanted]
                for row in gone:
                    conn.execute("DELETE FROM entries WHERE id = ?", (row["id"],))
                fresh = [t for t in wanted if t not in existing]
                # A term given another translation counts as updated, not as added + removed.
                replaced = min(len(gone), len(fresh))
                removed += len(gone) - replaced
                updated += replaced
                added -= replaced
                for translation, (note, reading, tags) in wanted.items():
                    row = existing.get(translation)
                    if row is None:
                        cur = conn.execute(
                            "INSERT INTO entries (term, translation, reading, note, created, updated) VALUES (?, ?, ?, ?, ?, ?)",
                            (term, translation, reading, note, now, now),
                        )
                        conn.executemany(
                            "INSERT INTO tags (entry_id, tag) VALUES (?, ?)", [(cur.lastrowid, t) for t in tags]
                        )
                        added += 1
                    else:
                        old_tags = tuple(row["tags"].split("\t")) if row["tags"] else ()
                        if (row["reading"], row["note"], old_tags) == (reading, note, tags):
                            unchanged += 1
                        else:
                            self._update_fields(conn, row["id"], reading=reading, note=note, tags=tags, now=now)
                            updated += 1
        return ImportReport(added=added, updated=updated, unchanged=unchanged, removed=removed, skipped=tuple(skipped))

    def export_tsv(self, out: TextIO, *, tag: str | None = None) -> int:
        """Write the glossary (or the entries carrying ``tag``) as TSV; returns the number of entries."""
        entries = self.list(tag=tag)
        out.write(TSV_HEADER)
        for entry in entries:
            out.write(format_tsv_line(entry.to_tsv_fields()))
        return len(entries)

    # -- plumbing

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; SQLite failures (disk full, locked past the timeout) become StoreError."""
        from bireader import db

        try:
            with db.transaction(self.conn) as conn:
                yield conn
        except sqlite3.IntegrityError as err:  # pragma: no cover - validation should have caught it
            raise StoreError(f"the {WHAT} at {self.path} refused a change: {err}") from None
        except sqlite3.Error as err:
            raise StoreError(f"cannot write the {WHAT} at {self.path}: {err}") from None
