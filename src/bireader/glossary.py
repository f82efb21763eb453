"""The user's glossary: a SQLite store of their own terms, and a matcher that finds them in text.

Public API (other modules depend on these names):

- ``open_glossary(path=None) -> Glossary`` opens (creating if needed) the store at
  ``paths.glossary_db()``. ``Glossary`` has ``add``, ``remove``, ``edit``, ``list``,
  ``get``, ``import_tsv``, ``export_tsv``, ``count`` and ``close``; rows come back
  as ``GlossaryEntry``.
- ``lookup_terms(text) -> list[Entry]``: the user's entries whose term equals
  ``text`` or its dictionary form, as ``Entry(source="glossary")`` so a dictionary
  lookup can put them first. Never creates the database; cheap when it is absent
  or empty.
- ``find_terms(text, tokens=None) -> list[TermMatch]``: every glossary term in a
  text, found on the characters (an Aho–Corasick automaton, so a multi-token term
  such as 非戦略核兵器 is found wherever it occurs) and, for single words, through
  each token's dictionary form (述べる matches 述べた).

Matching folds each character with NFKC and lower case when that keeps it one
character long (ＮＡＴＯ = NATO), so offsets always index the original text.

The TSV format is OmegaT's glossary format: ``term<TAB>translation<TAB>comment``,
then bireader's own columns ``reading`` and ``tags`` (comma separated), UTF-8,
lines starting with ``#`` are comments. OmegaT reads the first three columns and
ignores the rest.
"""

from __future__ import annotations

import contextlib
import io
import sqlite3
import threading
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator, Sequence, TextIO

from bireader.errors import InputError, NothingFound, StoreError
from bireader.model import Entry, Sense, Token

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

MAX_TERM_CHARS = 200
MAX_FIELD_CHARS = 2000
TAG_SEPARATOR = ","
TSV_HEADER = "# Glossary in tab-separated format -*- coding: utf-8 -*-\n# bireader: term, translation, comment, reading, tags\n"


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
class TermMatch:
    """A glossary term found in a text at ``text[start:end]``.

    ``entry`` is the term's ``Entry(source="glossary")`` (one sense per translation);
    ``by_lemma`` says the match came through a token's dictionary form (述べた for 述べる).
    """

    start: int
    end: int
    term: str
    entry: Entry
    by_lemma: bool = False


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


# --- validation ------------------------------------------------------------------------

_CONTROL_NAMES = {"\t": "a tab", "\n": "a newline", "\r": "a carriage return"}


def _clean(value: str | None, name: str, *, required: bool, limit: int = MAX_FIELD_CHARS) -> str:
    """Strip a field and refuse what a one-line TSV field cannot hold."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InputError(f"the {name} must be text, not {type(value).__name__}")
    value = value.strip()
    if required and not value:
        raise InputError(f"the {name} is empty; give a non-empty {name}")
    for ch in value:
        if unicodedata.category(ch) == "Cc" or ch in "\u2028\u2029":
            what = _CONTROL_NAMES.get(ch, f"the control character U+{ord(ch):04X}")
            raise InputError(f"the {name} {value[:40]!r} contains {what}; fields must be one line without control characters")
    if len(value) > limit:
        raise InputError(f"the {name} is {len(value)} characters long; the limit is {limit}")
    return value


def validate_term(term: str) -> str:
    term = _clean(term, "term", required=True, limit=MAX_TERM_CHARS)
    if term.startswith("#"):
        # OmegaT (and our own import) read a line starting with # as a comment.
        raise InputError(f"the term {term!r} starts with #, which TSV glossaries read as a comment line")
    return term


def validate_translation(translation: str) -> str:
    return _clean(translation, "translation", required=True)


def validate_tags(tags: Iterable[str] | str | None) -> tuple[str, ...]:
    """Tags: stripped, non-empty, without commas; sorted and unique."""
    if tags is None:
        return ()
    if isinstance(tags, str):
        tags = tags.split(TAG_SEPARATOR)
    out: set[str] = set()
    for tag in tags:
        tag = _clean(tag, "tag", required=False, limit=100)
        if TAG_SEPARATOR in tag:
            raise InputError(f"the tag {tag!r} contains a comma; give several tags as separate --tag options")
        if tag:
            out.add(tag)
    return tuple(sorted(out))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


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
        return _read_generation(self.conn)

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
        reading_v = None if reading is None else _clean(reading, "reading", required=False)
        note_v = None if note is None else _clean(note, "note", required=False)
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
        reading_v = None if reading is None else _clean(reading, "reading", required=False)
        note_v = None if note is None else _clean(note, "note", required=False)
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
        text = _read_tsv_text(source)
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


# --- TSV -------------------------------------------------------------------------------------


def format_tsv_line(fields: Sequence[str]) -> str:
    """One TSV line; trailing empty columns after the translation are dropped, as OmegaT writes them."""
    cols = list(fields)
    while len(cols) > 2 and not cols[-1]:
        cols.pop()
    return "\t".join(cols) + "\n"


def _read_tsv_text(source: Path | str | TextIO) -> str:
    if isinstance(source, io.TextIOBase) or hasattr(source, "read"):
        return source.read()  # type: ignore[union-attr]
    from bireader.document import read_bytes

    data = read_bytes(source)
    name = "standard input" if str(source) == "-" else str(source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(
            f"{name} line {line} is not UTF-8; glossary files must be UTF-8 "
            "(convert with `iconv -f ENCODING -t UTF-8 FILE > out.tsv`)"
        ) from None


def parse_tsv(text: str, *, skip_invalid: bool = False) -> tuple[list[tuple[int, tuple]], list[tuple[int, str]]]:
    """Parse glossary TSV text into validated rows.

    Returns:
        ``(rows, skipped)``: rows as ``(line_number, (term, translation, note, reading, tags))``
        and, with ``skip_invalid``, the bad lines as ``(line_number, message)``.

    Raises:
        InputError: a bad line (without ``skip_invalid``), naming its number.
    """
    rows: list[tuple[int, tuple]] = []
    skipped: list[tuple[int, str]] = []
    text = text.lstrip("\ufeff")
    # Split on \n only: a stray \r inside a line is a control character to report,
    # but a CRLF file (Windows) is fine.
    for number, line in enumerate(text.split("\n"), start=1):
        if line.endswith("\r"):
            line = line[:-1]
        if not line.strip() or line.startswith("#"):
            continue
        try:
            rows.append((number, _parse_tsv_line(line)))
        except InputError as err:
            if not skip_invalid:
                raise InputError(f"line {number}: {err.message}; nothing was imported (use --skip-invalid to import the good lines)") from None
            skipped.append((number, err.message))
    return rows, skipped


def _parse_tsv_line(line: str) -> tuple[str, str, str, str, tuple[str, ...]]:
    cols = line.split("\t")
    if len(cols) < 2:
        raise InputError("expected at least 2 tab-separated columns (term, translation), found 1")
    if len(cols) > 5:
        raise InputError(f"expected at most 5 columns (term, translation, comment, reading, tags), found {len(cols)}")
    cols += [""] * (5 - len(cols))
    term = validate_term(cols[0])
    translation = validate_translation(cols[1])
    note = _clean(cols[2], "comment", required=False)
    reading = _clean(cols[3], "reading", required=False)
    tags = validate_tags(cols[4])
    return term, translation, note, reading, tags


# --- matching ------------------------------------------------------------------------------


class _Fold(dict):
    """str.translate table folding a character with NFKC + lower case, only when it stays one character."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = unicodedata.normalize("NFKC", ch).lower()
        if len(folded) != 1:
            folded = ch.lower() if len(ch.lower()) == 1 else ch
        self[code] = folded
        return folded


_FOLD = _Fold()


def fold(text: str) -> str:
    """Fold text for matching; ``len(fold(t)) == len(t)`` always, so offsets carry over."""
    return text.translate(_FOLD)


def _is_hiragana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309f"


@dataclass(slots=True)
class _Matcher:
    """Everything matching needs, built once per glossary state."""

    generation: int
    entries: dict[str, Entry]  # folded term → Entry
    automaton: object | None
    # Whether some term ends in hiragana: only such terms (述べる, 高い, 抑止する) can
    # appear inflected, so only then is the text worth tokenizing for lemmas.
    has_inflectable: bool


_EMPTY = _Matcher(-1, {}, None, False)
_lock = threading.Lock()
_reader: dict = {"key": None, "conn": None, "matcher": None}


def _read_generation(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
    return row[0] if row else 0


def _entries_from_rows(rows: Iterable[sqlite3.Row]) -> dict[str, Entry]:
    grouped: dict[str, list] = {}
    for r in rows:
        grouped.setdefault(fold(r["term"]), []).append(r)
    entries = {}
    for key, group in grouped.items():
        readings = tuple(dict.fromkeys(r["reading"] for r in group if r["reading"]))
        senses = tuple(
            Sense(glosses=(r["translation"],), misc=tuple(r["tags"].split("\t")) if r["tags"] else ())
            for r in group
        )
        entries[key] = Entry(
            headword=group[0]["term"],
            readings=readings,
            senses=senses,
            source="glossary",
            entry_id=group[0]["id"],
            kanji_forms=tuple(dict.fromkeys(r["term"] for r in group)),
            matched=group[0]["term"],
            note="; ".join(dict.fromkeys(r["note"] for r in group if r["note"])),
        )
    return entries


def _build_matcher(conn: sqlite3.Connection, generation: int) -> _Matcher:
    rows = conn.execute(
        "SELECT e.id, e.term, e.translation, e.reading, e.note,"
        " (SELECT group_concat(tag, char(9)) FROM (SELECT tag FROM tags WHERE entry_id = e.id ORDER BY tag)) AS tags"
        " FROM entries e ORDER BY e.term, e.id"
    ).fetchall()
    entries = _entries_from_rows(rows)
    automaton = None
    if entries:
        import ahocorasick

        automaton = ahocorasick.Automaton()
        for key in entries:
            automaton.add_word(key, key)
        automaton.make_automaton()
    has_inflectable = any(_is_hiragana(key[-1]) for key in entries)
    return _Matcher(generation, entries, automaton, has_inflectable)


def _current_matcher(path: Path | None = None) -> _Matcher:
    """The matcher for the glossary at ``path`` (default: the user's), rebuilt only when it changed.

    Never creates the database: an absent file means an empty glossary.
    """
    from bireader import paths

    path = Path(path) if path is not None else paths.glossary_db()
    try:
        st = path.stat()
    except FileNotFoundError:
        return _EMPTY
    except OSError as err:
        raise StoreError(f"cannot read the {WHAT} at {path}: {err.strerror or err}") from None
    # The inode guards against the file being replaced (a test home, a restored backup).
    key = (str(path), st.st_dev, st.st_ino)
    with _lock:
        conn = _reader["conn"]
        if _reader["key"] != key or conn is None:
            if conn is not None:
                conn.close()
            from bireader import db

            _reader.update(key=None, conn=None, matcher=None)
            conn = db.connect(path, MIGRATIONS, what=WHAT)
            _reader.update(key=key, conn=conn)
        try:
            generation = _read_generation(conn)
            matcher = _reader["matcher"]
            if matcher is None or matcher.generation != generation:
                matcher = _build_matcher(conn, generation)
                _reader["matcher"] = matcher
        except sqlite3.DatabaseError as err:
            raise StoreError(f"cannot read the {WHAT} at {path}: {err}; move it away to start a new one") from None
        return matcher


def check_readable(path: Path | None = None) -> None:
    """Raise StoreError now if the user's glossary exists but cannot be read (never creates it).

    For callers that would otherwise meet the error deep inside a background worker.
    """
    _current_matcher(path)


def reset_cache() -> None:
    """Close the cached read connection (tests, or before deleting the database file)."""
    with _lock:
        if _reader["conn"] is not None:
            _reader["conn"].close()
        _reader.update(key=None, conn=None, matcher=None)


def lookup_terms(text: str, *, path: Path | None = None) -> list[Entry]:
    """The user's glossary entries for a word: its term equals ``text`` or the text's dictionary form.

    Args:
        text: a word as it appears (述べた) or its dictionary form (述べる).
        path: the glossary database; the user's by default. It is never created here.

    Returns:
        ``Entry(source="glossary", matched=text)`` values, the exact match first; empty
        when nothing matches, the glossary is empty or does not exist.
    """
    text = text.strip()
    if not text:
        return []
    matcher = _current_matcher(path)
    if not matcher.entries:
        return []
    found: list[Entry] = []
    exact = matcher.entries.get(fold(text))
    if exact is not None:
        found.append(_with_matched(exact, text))
    for form in _dictionary_forms(text):
        entry = matcher.entries.get(fold(form))
        if entry is not None and all(e.entry_id != entry.entry_id for e in found):
            found.append(_with_matched(entry, text))
    return found


def _with_matched(entry: Entry, matched: str) -> Entry:
    from dataclasses import replace

    return entry if entry.matched == matched else replace(entry, matched=matched)


def _dictionary_forms(text: str) -> list[str]:
    """Dictionary forms of a word as typed: 述べた → 述べる, 抑止した → 抑止する."""
    from bireader.tokens import tokenize

    tokens = tokenize(text)
    if not tokens:
        return []
    forms = []
    # The word is the first token(s); what follows must be endings (た, ます, て …),
    # otherwise the text is a phrase and has no single dictionary form.
    for n in range(1, min(len(tokens), 3) + 1):
        head, tail = tokens[:n], tokens[n:]
        if all(not t.is_content or t.pos == "助動詞" for t in tail):
            forms.append("".join(t.surface for t in head[:-1]) + head[-1].lemma)
    return [f for f in forms if f != text]


def find_terms(
    text: str, tokens: Sequence[Token] | None = None, *, offset: int = 0, overlapping: bool = False, path: Path | None = None
) -> list[TermMatch]:
    """Find the user's glossary terms in a text.

    Terms are found on the characters (folded, see ``fold``), so a term spanning
    several tokens is found wherever it occurs; a term that inflects (ends in
    hiragana: 述べる, 抑止する) is also found through the tokens' dictionary forms.

    Args:
        text: the text to search.
        tokens: its tokens, if the caller has them (``tokenize(text, offset)``); the
            text is tokenized here only when the glossary has inflectable terms.
        offset: what was added to the tokens' offsets (a paragraph's start in its
            document); returned matches are always offsets into ``text``.
        overlapping: return every match; by default the leftmost-longest ones that
            do not overlap (非戦略核兵器 wins over 核兵器 inside it).
        path: the glossary database; the user's by default.

    Returns:
        Matches sorted by start; ``text[m.start:m.end]`` is the matched text.
    """
    matcher = _current_matcher(path)
    if not matcher.entries or not text:
        return []
    matches: list[TermMatch] = []
    for end, key in matcher.automaton.iter(fold(text)):  # type: ignore[union-attr]
        start = end - len(key) + 1
        entry = matcher.entries[key]
        matches.append(TermMatch(start, end + 1, entry.headword, entry))
    if matcher.has_inflectable:
        if tokens is None:
            from bireader.tokens import tokenize

            tokens = tokenize(text)
            offset = 0
        elif tokens and not offset:
            offset = _infer_offset(text, tokens[0])
        matches.extend(_lemma_matches(text, tokens, offset, matcher.entries))
    if not matches:
        return []
    matches.sort(key=lambda m: (m.start, -(m.end - m.start), m.by_lemma))
    if overlapping:
        seen = set()
        unique = []
        for m in matches:
            if (m.start, m.end, m.term) not in seen:
                seen.add((m.start, m.end, m.term))
                unique.append(m)
        return unique
    kept: list[TermMatch] = []
    last_end = -1
    for m in matches:
        if m.start >= last_end:
            kept.append(m)
            last_end = m.end
    return kept


def _infer_offset(text: str, first: Token) -> int:
    """The offset of tokens made with ``tokenize(text, offset)`` when the caller did not pass it."""
    if text[first.start:first.end] == first.surface:
        return 0
    found = text.find(first.surface)
    return first.start - found if found >= 0 else 0


def _lemma_matches(text: str, tokens: Sequence[Token], offset: int, entries: dict[str, Entry]) -> list[TermMatch]:
    """Terms matched through dictionary forms: the surfaces of up to two tokens, then one token's lemma.

    述べた = 述べ(述べる)+た matches 述べる; 抑止した = 抑止+し(する)+た matches 抑止する;
    打ち負かした matches 打ち負かす whether UniDic makes it one token or two.
    """
    out: list[TermMatch] = []
    n = len(tokens)
    for i in range(n):
        prefix = ""
        for j in range(i, min(i + 3, n)):
            tok = tokens[j]
            if j > i and tokens[j - 1].end != tok.start:
                break  # a gap (space, newline) ends the word
            if tok.lemma != tok.surface:
                key = fold(prefix + tok.lemma)
                entry = entries.get(key)
                if entry is not None:
                    start, end = tokens[i].start - offset, tok.end - offset
                    if 0 <= start < end <= len(text) and text[end - len(tok.surface):end] == tok.surface:
                        out.append(TermMatch(start, end, entry.headword, entry, by_lemma=True))
            prefix += tok.surface
    return out


# --- consistency check -----------------------------------------------------------------------
#
# ``bireader glossary check`` asks, for each aligned pair, whether every glossary
# term in the Japanese has its translation in the paired English. What counts as
# "the translation occurs":
#
# - A translation offers alternatives: the whole text, the text without its
#   parenthesised parts, and each parenthesised part ("non-strategic nuclear
#   weapons (NSNW)" → "non-strategic nuclear weapons (NSNW)", "non-strategic
#   nuclear weapons", "NSNW"); ";" and " / " separate further alternatives
#   ("Kyiv; Kiev"). Any one alternative occurring is enough.
# - Words are compared case-insensitively after a light stemming (plural -s/-es/-ies,
#   -ed, -ing, a final -e, a doubled final consonant), so "nuclear weapon" matches
#   "nuclear weapons" and "deter" matches "deterred". Hyphens separate words
#   ("short-range" = "short range"); a hyphenated alternative also matches written
#   solid ("nonstrategic").
# - A one-word alternative also matches the word with a derivational ending
#   (-al, -ial, -an, -ian, -n, -ese, -ic, -ical): "president" is present in
#   "presidential approval", "Russia" in "Russian forces". These are the same term
#   in an English reading, and flagging them would bury real misses.
# - An all-capitals alternative (an acronym: NSNW, IISS, US) must occur in capitals
#   as a whole word (optionally with a plural s): "US" is not found in "use us".


@dataclass(frozen=True, slots=True)
class CheckProblem:
    """A glossary term in a Japanese unit whose translation is missing from the paired English."""

    pair: int  # 1-based number of the aligned pair
    paragraph: int  # 1-based number of the Japanese paragraph the term is in
    term: str
    expected: tuple[str, ...]  # the term's translations
    ja: str  # the Japanese unit
    en: str  # the paired English (empty when the Japanese has no partner)
    excerpt: str  # the part of the English nearest to the expected words
    ja_start: int  # the term's offsets in the Japanese document
    ja_end: int
    ja_index: tuple[int, ...] = ()
    en_index: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class CheckReport:
    """The result of ``check_documents``: what was checked and what was missing."""

    pairs: int
    occurrences: int  # glossary term occurrences checked
    terms: int  # distinct glossary terms found in the Japanese
    problems: tuple[CheckProblem, ...]
    glossary_size: int = 0

    @property
    def is_consistent(self) -> bool:
        return not self.problems


_WORD_RE = None


def _words(text: str):
    """Word matches in text (letters and digits; an apostrophe inside a word keeps it whole)."""
    global _WORD_RE
    if _WORD_RE is None:
        import re

        _WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
    return _WORD_RE.finditer(text)


def stem_word(word: str) -> str:
    """A light English stem for tolerant comparison: weapons → weapon, deterred → deter, studies → studi.

    Not a linguistic stemmer: both sides go through the same function, so it only
    has to map the forms of one word together, and rarely two different words.
    """
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= 3 or not w.isascii():
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "i"
    elif w.endswith("es") and len(w) > 4 and w[-3] in "sxzh":
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("ied") and len(w) > 4:
        w = w[:-3] + "i"
    elif w.endswith("ed") and len(w) > 4:
        w = w[:-2]
    elif w.endswith("ing") and len(w) > 5:
        w = w[:-3]
    if w.endswith("y") and len(w) > 3:
        w = w[:-1] + "i"
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]
    return w


def translation_alternatives(translation: str) -> list[str]:
    """The forms that count as the translation occurring (see the notes above ``CheckProblem``)."""
    import re

    alternatives: list[str] = []
    for part in re.split(r"\s*;\s*|\s+/\s+", translation):
        part = part.strip()
        if not part:
            continue
        alternatives.append(part)
        main = re.sub(r"\s*[(（][^()（）]*[)）]", " ", part).strip()
        if main:
            alternatives.append(" ".join(main.split()))
        alternatives.extend(inner.strip() for inner in re.findall(r"[(（]([^()（）]+)[)）]", part) if inner.strip())
    return list(dict.fromkeys(alternatives)) or [translation]


_DERIVATIONAL = frozenset({"al", "ial", "an", "ian", "n", "es", "ic", "ical"})  # "es": japanese stems to japanes


def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and all(c.isalnum() or c in "&.-" for c in text)


class EnglishText:
    """English prepared once for many ``contains`` questions."""

    def __init__(self, text: str) -> None:
        self.text = text
        matches = list(_words(fold(text)))
        self.spans = [(m.start(), m.end()) for m in matches]
        self.stems = [stem_word(m.group()) for m in matches]
        self.joined = " " + " ".join(self.stems) + " "
        self.stem_set = set(self.stems)
        self.raw_words = {m.group() for m in _words(text)}

    def contains(self, translation: str) -> bool:
        """Does any alternative of ``translation`` occur in this English?"""
        return any(self._contains_one(alt) for alt in translation_alternatives(translation))

    def _contains_one(self, alternative: str) -> bool:
        if _is_acronym(alternative):
            if " " in alternative:
                return alternative in self.text
            return any(w in self.raw_words for w in (alternative, alternative + "s", alternative + "'s", alternative + "’s"))
        stems = [stem_word(m.group()) for m in _words(fold(alternative))]
        if not stems:
            return fold(alternative) in fold(self.text)
        if " " + " ".join(stems) + " " in self.joined:
            return True
        if len(stems) == 1 and len(stems[0]) >= 4:
            stem = stems[0]
            if any(other.startswith(stem) and other[len(stem):] in _DERIVATIONAL for other in self.stem_set):
                return True
        if "-" in alternative:  # non-strategic written solid: nonstrategic
            solid = [stem_word(m.group()) for m in _words(fold(alternative.replace("-", "")))]
            return " " + " ".join(solid) + " " in self.joined
        return False

    def excerpt(self, translation: str, *, near: float = 0.0, width: int = 160) -> str:
        """About ``width`` characters of the English where the translation should have been.

        ``near`` is where the term sits in the Japanese unit (0 = start, 1 = end); the
        excerpt is centred on the English word sharing a stem with the translation
        that is closest to that relative position, or on the position itself.
        """
        text = " ".join(self.text.split())
        if len(text) <= width:
            return text
        wanted = {stem_word(m.group()) for alt in translation_alternatives(translation) for m in _words(fold(alt))}
        wanted = {w for w in wanted if len(w) > 3}
        guess = int(near * len(text))
        shared = [m.start() for m in _words(fold(text)) if stem_word(m.group()) in wanted]
        centre = min(shared, key=lambda pos: abs(pos - guess)) if shared else guess
        start = max(0, min(centre - width // 3, len(text) - width))
        end = min(len(text), start + width)
        # Cut on spaces so no word is broken.
        if start > 0:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < centre else start
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start else end
        return ("…" if start > 0 else "") + text[start:end] + ("…" if end < len(text) else "")


def _relative(parts: Sequence[tuple[str, int]], text: str, start: int) -> float:
    """Where ``start`` in ``text`` (one of ``parts``) falls in all the parts joined, from 0 to 1."""
    before = 0
    for part, _ in parts:
        if part is text:
            break
        before += len(part) + 1
    total = sum(len(p) + 1 for p, _ in parts) or 1
    return (before + start) / total


def check_documents(
    ja_doc, en_doc, beads: Sequence, *, level: str = "paragraph", path: Path | None = None
) -> CheckReport:
    """Check that every glossary term in the Japanese has its translation in the paired English.

    Args:
        ja_doc: the Japanese ``Document``.
        en_doc: the English ``Document``.
        beads: the alignment (``Bead`` values) at ``level``: indices into the
            documents' paragraphs, or into their sentences (``doc.sentences``).
        level: ``paragraph`` or ``sentence``.
        path: the glossary database; the user's by default (never created here).

    Returns:
        A ``CheckReport``; one problem per term per pair (the first occurrence).
    """
    if level == "paragraph":
        ja_units = [(p.text, p.start) for p in ja_doc.paragraphs]
        en_units = [p.text for p in en_doc.paragraphs]
    else:
        ja_units = [(s.text, s.start) for s in ja_doc.sentences]
        en_units = [s.text for s in en_doc.sentences]
    paragraph_starts = [p.start for p in ja_doc.paragraphs]
    matcher = _current_matcher(path)
    problems: list[CheckProblem] = []
    occurrences = 0
    seen_terms: set[str] = set()
    if not matcher.entries:
        return CheckReport(pairs=len(beads), occurrences=0, terms=0, problems=(), glossary_size=0)
    import bisect

    for number, bead in enumerate(beads, start=1):
        if not bead.ja:
            continue
        ja_parts = [ja_units[i] for i in bead.ja]
        en_text = " ".join(en_units[i] for i in bead.en)
        english: EnglishText | None = None
        reported: set[str] = set()
        for ja_text, ja_offset in ja_parts:
            for match in find_terms(ja_text, path=path):
                occurrences += 1
                seen_terms.add(match.term)
                if match.term in reported:
                    continue
                translations = tuple(g for sense in match.entry.senses for g in sense.glosses)
                if english is None:
                    english = EnglishText(en_text)
                if any(english.contains(t) for t in translations):
                    continue
                reported.add(match.term)
                start = ja_offset + match.start
                problems.append(
                    CheckProblem(
                        pair=number,
                        paragraph=bisect.bisect_right(paragraph_starts, start),
                        term=match.term,
                        expected=translations,
                        ja=" ".join(t for t, _ in ja_parts),
                        en=en_text,
                        excerpt=english.excerpt(translations[0], near=_relative(ja_parts, ja_text, match.start))
                        if en_text
                        else "",
                        ja_start=start,
                        ja_end=ja_offset + match.end,
                        ja_index=tuple(bead.ja),
                        en_index=tuple(bead.en),
                    )
                )
    return CheckReport(
        pairs=len(beads), occurrences=occurrences, terms=len(seen_terms), problems=tuple(problems),
        glossary_size=len(matcher.entries),
    )
