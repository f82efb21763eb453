"""The deck store: mined cards in ``user.db``, one card a word, each with the sentences it was met in.

A card holds the word as the dictionary has it (entry id, dictionary form, reading, the
senses the reader's panel shows, its frequency rank) and every sentence it was mined
from, each with the word's span, the sentence's English (aligned, machine translated, or
a gloss, labelled), the document's title and the unit it was in. Mining the same word
again adds the new sentence to its card instead of making a second card. Cards live in
named decks; one deck is the default.

Mining a word also makes it ``learning`` in the word store (same file, same connection).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Iterable, Sequence

from bireader.db import transaction
from bireader.deck.cards import AnkiRecord, Card, DeckInfo, MinedSentence, card_from_row, sentence_from_row
from bireader.errors import InputError, NothingFound
from bireader.model import Entry

STORE = "deck"
DEFAULT_DECK = "default"
# The reader's lookup panel shows up to four senses of an entry; a card keeps those.
PANEL_SENSES = 4
# Where a sentence's English came from: the aligner, an engine (``mt:google``), the offline
# gloss (a word-by-word rendering, never passed off as a translation), or nothing.
ENGLISH_SOURCES = ("aligned", "gloss", "")
# A card scheduled further out than this many days (here or in Anki) marks its word known:
# Anki calls such cards mature.
KNOWN_INTERVAL_DAYS = 21

_NOW_SQL = "strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')"

MIGRATIONS = (
    (
        "CREATE TABLE deck_decks ("
        " id INTEGER PRIMARY KEY,"
        " name TEXT NOT NULL UNIQUE,"
        " is_default INTEGER NOT NULL DEFAULT 0,"
        " created TEXT NOT NULL)",
        f"INSERT INTO deck_decks (name, is_default, created) VALUES ('{DEFAULT_DECK}', 1, {_NOW_SQL})",
        "CREATE TABLE deck_cards ("
        " id INTEGER PRIMARY KEY,"
        " deck_id INTEGER NOT NULL REFERENCES deck_decks (id) ON DELETE CASCADE,"
        " entry_id INTEGER NOT NULL,"
        " headword TEXT NOT NULL,"
        " reading TEXT NOT NULL DEFAULT '',"
        " senses TEXT NOT NULL DEFAULT '[]',"  # JSON: [{"glosses": [...], "pos": [...], "misc": [...]}]
        " frequency_rank INTEGER,"
        " entry_source TEXT NOT NULL DEFAULT 'jmdict',"
        " created TEXT NOT NULL,"
        " changed TEXT NOT NULL,"
        " UNIQUE (deck_id, entry_id, headword))",
        "CREATE TABLE deck_sentences ("
        " id INTEGER PRIMARY KEY,"
        " card_id INTEGER NOT NULL REFERENCES deck_cards (id) ON DELETE CASCADE,"
        " text TEXT NOT NULL,"
        " word_start INTEGER NOT NULL,"
        " word_end INTEGER NOT NULL,"
        " english TEXT NOT NULL DEFAULT '',"
        " english_source TEXT NOT NULL DEFAULT '',"
        " document TEXT NOT NULL DEFAULT '',"
        " document_path TEXT NOT NULL DEFAULT '',"
        " unit INTEGER,"
        " added TEXT NOT NULL,"
        " UNIQUE (card_id, document, text))",
        "CREATE INDEX deck_sentences_card ON deck_sentences (card_id, id)",
        # What `deck push` sent to Anki (AnkiConnect): the note id, and a hash of the fields as
        # sent, so a card whose fields changed since (a new sentence) is updated, not re-added;
        # `deck pull` records the interval and lapses it read back.
        "CREATE TABLE deck_anki ("
        " card_id INTEGER PRIMARY KEY REFERENCES deck_cards (id) ON DELETE CASCADE,"
        " note_id INTEGER NOT NULL,"
        " anki_deck TEXT NOT NULL,"
        " fields_hash TEXT NOT NULL,"
        " pushed TEXT NOT NULL,"
        " interval INTEGER,"
        " lapses INTEGER,"
        " pulled TEXT)",
    ),
)


def now() -> str:
    """The current time as stored: ISO 8601 in UTC, to the second (as the word store has it)."""
    from bireader.words import now as words_now

    return words_now()


def open_deck(path: Path | str | None = None) -> "DeckStore":
    """The deck store in ``user.db`` (``paths.user_db()`` by default), created or migrated as needed.

    Raises:
        StoreError: the database is unusable.
    """
    from bireader.userdb import open_store

    return DeckStore(open_store(STORE, MIGRATIONS, path))


def mine(
    entry: Entry,
    *,
    surface: str,
    sentence: str,
    word_span: tuple[int, int],
    english: str,
    english_source: str,
    document: str,
    unit: int | None,
    deck: str | None = None,
    document_path: str = "",
    reading: str | None = None,
    path: Path | str | None = None,
) -> tuple[Card, bool]:
    """Mine a word: open the deck store, add the card (or the sentence to its card), close it.

    The one call the interactive reader's ``m`` needs; see ``DeckStore.mine`` for the arguments.

    Returns:
        ``(card, is_new)``: the card as stored now, and whether it was created by this call.
    """
    with open_deck(path) as store:
        return store.mine(
            entry,
            surface=surface,
            sentence=sentence,
            word_span=word_span,
            english=english,
            english_source=english_source,
            document=document,
            unit=unit,
            deck=deck,
            document_path=document_path,
            reading=reading,
        )


def check_english_source(source: str) -> str:
    """``source`` if it names where English comes from (``aligned``, ``mt:ENGINE``, ``gloss`` or empty).

    Raises:
        InputError: with the valid choices.
    """
    if source in ENGLISH_SOURCES or (source.startswith("mt:") and len(source) > 3):
        return source
    raise InputError(f"unknown English source {source!r}; choose one of: aligned, mt:ENGINE, gloss, or empty")


class DeckStore:
    """The mined cards; a context manager that closes its connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._words_ready = False

    def __enter__(self) -> "DeckStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # --- decks ---------------------------------------------------------------------------

    def decks(self) -> list[DeckInfo]:
        """Every deck, the default first, then by name, with its number of cards."""
        rows = self.conn.execute(
            "SELECT d.name, d.is_default, count(c.id) FROM deck_decks d"
            " LEFT JOIN deck_cards c ON c.deck_id = d.id GROUP BY d.id ORDER BY d.is_default DESC, d.name"
        )
        return [DeckInfo(row[0], bool(row[1]), row[2]) for row in rows]

    def default_deck(self) -> str:
        """The name of the default deck (``default`` unless renamed)."""
        row = self.conn.execute("SELECT name FROM deck_decks WHERE is_default = 1").fetchone()
        return row[0] if row else DEFAULT_DECK

    def _deck_id(self, name: str | None, *, create: bool = False) -> int:
        """The id of deck ``name`` (None: the default deck); created when asked to.

        Raises:
            NothingFound: no such deck (and ``create`` is false), naming the decks there are.
        """
        if name is None:
            row = self.conn.execute("SELECT id FROM deck_decks WHERE is_default = 1").fetchone()
            if row is not None:
                return int(row[0])
            name = DEFAULT_DECK
            create = True
        name = _check_deck_name(name)
        row = self.conn.execute("SELECT id FROM deck_decks WHERE name = ?", (name,)).fetchone()
        if row is not None:
            return int(row[0])
        if not create:
            known = ", ".join(d.name for d in self.decks()) or "none"
            raise NothingFound(f"no deck named {name!r}; the decks are: {known}")
        is_default = self.conn.execute("SELECT 1 FROM deck_decks WHERE is_default = 1").fetchone() is None
        cursor = self.conn.execute(
            "INSERT INTO deck_decks (name, is_default, created) VALUES (?, ?, ?)", (name, int(is_default), now())
        )
        return int(cursor.lastrowid)

    def check_deck(self, name: str | None) -> str:
        """The deck's name as stored (None: the default deck's).

        Raises:
            NothingFound: no such deck.
        """
        if name is None:
            return self.default_deck()
        self._deck_id(name)
        return _check_deck_name(name)

    def rename_deck(self, old: str, new: str) -> None:
        """Rename deck ``old`` to ``new`` (it stays the default if it was).

        Raises:
            NothingFound: no deck ``old``.
            InputError: a deck ``new`` exists already, or the name is empty.
        """
        new = _check_deck_name(new)
        with transaction(self.conn):
            deck_id = self._deck_id(old)
            row = self.conn.execute("SELECT id FROM deck_decks WHERE name = ?", (new,)).fetchone()
            if row is not None and int(row[0]) != deck_id:
                raise InputError(f"a deck named {new!r} exists already; choose another name")
            self.conn.execute("UPDATE deck_decks SET name = ? WHERE id = ?", (new, deck_id))

    # --- cards ---------------------------------------------------------------------------

    def cards(self, deck: str | None = None) -> list[Card]:
        """Cards (of one deck, or all), oldest first, with their sentences.

        Raises:
            NothingFound: ``deck`` names no deck.
        """
        where, params = "", ()
        if deck is not None:
            where, params = " WHERE c.deck_id = ?", (self._deck_id(deck),)
        rows = self.conn.execute(
            "SELECT c.*, d.name AS deck FROM deck_cards c JOIN deck_decks d ON d.id = c.deck_id" + where + " ORDER BY c.id",
            params,
        ).fetchall()
        return self._with_sentences(rows)

    def card(self, card_id: int) -> Card | None:
        """The card with this id, or None."""
        rows = self.conn.execute(
            "SELECT c.*, d.name AS deck FROM deck_cards c JOIN deck_decks d ON d.id = c.deck_id WHERE c.id = ?",
            (int(card_id),),
        ).fetchall()
        found = self._with_sentences(rows)
        return found[0] if found else None

    def find(self, entry_id: int, headword: str, deck: str | None = None) -> Card | None:
        """The card of a word in a deck (None: the default deck), or None."""
        row = self.conn.execute(
            "SELECT id FROM deck_cards WHERE deck_id = ? AND entry_id = ? AND headword = ?",
            (self._deck_id(deck), int(entry_id), headword),
        ).fetchone()
        return self.card(row[0]) if row else None

    def count(self, deck: str | None = None) -> int:
        """How many cards there are (in one deck, or all)."""
        if deck is None:
            return int(self.conn.execute("SELECT count(*) FROM deck_cards").fetchone()[0])
        return int(
            self.conn.execute("SELECT count(*) FROM deck_cards WHERE deck_id = ?", (self._deck_id(deck),)).fetchone()[0]
        )

    def _with_sentences(self, rows: Sequence[sqlite3.Row]) -> list[Card]:
        if not rows:
            return []
        by_card: dict[int, list[MinedSentence]] = {row["id"]: [] for row in rows}
        if len(rows) <= 500:
            marks = ",".join("?" * len(rows))
            sentence_rows = self.conn.execute(
                f"SELECT * FROM deck_sentences WHERE card_id IN ({marks}) ORDER BY card_id, id", tuple(by_card)
            )
        else:  # a whole deck: one scan beats thousands of bound parameters
            sentence_rows = self.conn.execute("SELECT * FROM deck_sentences ORDER BY card_id, id")
        for s in sentence_rows:
            bucket = by_card.get(s["card_id"])
            if bucket is not None:
                bucket.append(sentence_from_row(s))
        return [card_from_row(row, tuple(by_card[row["id"]])) for row in rows]

    def mine(self, entry: Entry, **context) -> tuple[Card, bool]:
        """Add a word met in a sentence (see ``add_sentence`` for the arguments).

        Returns:
            ``(card, is_new)``: the card as stored now, and whether this call created it.
        """
        card, is_new, _added = self.add_sentence(entry, **context)
        return card, is_new

    def add_sentence(
        self,
        entry: Entry,
        *,
        surface: str,
        sentence: str,
        word_span: tuple[int, int],
        english: str,
        english_source: str,
        document: str,
        unit: int | None,
        deck: str | None = None,
        document_path: str = "",
        reading: str | None = None,
    ) -> tuple[Card, bool, bool]:
        """Add a word met in a sentence: a new card, or the sentence added to the word's card.

        The word becomes ``learning`` in the word store (unless the user set it known or
        ignored by hand). Mining the same sentence of the same document twice changes nothing.

        Args:
            entry: the dictionary (or glossary) entry of the word, as the reader's panel shows it.
            surface: the word as written in the sentence (checked against ``word_span``).
            sentence: the sentence's text.
            word_span: ``(start, end)`` of the word in ``sentence``.
            english: the sentence's English (aligned, translated, or the gloss).
            english_source: ``aligned``, ``mt:ENGINE``, ``gloss`` (labelled as such) or empty.
            document: the document's title (or file name).
            unit: the unit's number as ``read --range`` counts it (from 1), or None.
            deck: the deck (None: the default deck); created if missing.
            document_path: the document's file, when there is one.
            reading: the reading of this occurrence (default: the entry's first reading).

        Returns:
            ``(card, is_new, sentence_added)``: the card as stored now, whether this call
            created it, and whether the sentence was new to it.

        Raises:
            InputError: an empty sentence or word, a span outside the sentence, or a span
                that does not hold ``surface``.
        """
        start, end = int(word_span[0]), int(word_span[1])
        if not sentence.strip():
            raise InputError("cannot mine a word without its sentence")
        if not (0 <= start < end <= len(sentence)):
            raise InputError(f"the word's span {start}-{end} is not inside the sentence ({len(sentence)} characters)")
        if surface and sentence[start:end] != surface:
            raise InputError(f"the sentence has {sentence[start:end]!r} at {start}-{end}, not {surface!r}")
        headword = (entry.headword or surface).strip()
        if not headword:
            raise InputError("cannot mine a word with no headword")
        check_english_source(english_source)
        card_reading = reading if reading is not None else next((r for r in entry.readings if r), "")
        stamp = now()
        senses = json.dumps(
            [{"glosses": list(s.glosses), "pos": list(s.pos), "misc": list(s.misc)} for s in entry.senses[:PANEL_SENSES]],
            ensure_ascii=False,
        )
        with transaction(self.conn):
            deck_id = self._deck_id(deck, create=True)
            row = self.conn.execute(
                "SELECT id FROM deck_cards WHERE deck_id = ? AND entry_id = ? AND headword = ?",
                (deck_id, int(entry.entry_id), headword),
            ).fetchone()
            is_new = row is None
            if is_new:
                card_id = int(
                    self.conn.execute(
                        "INSERT INTO deck_cards (deck_id, entry_id, headword, reading, senses, frequency_rank,"
                        " entry_source, created, changed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (deck_id, int(entry.entry_id), headword, card_reading, senses, entry.frequency_rank,
                         entry.source, stamp, stamp),
                    ).lastrowid
                )
            else:
                card_id = int(row[0])
            added = self.conn.execute(
                "INSERT INTO deck_sentences (card_id, text, word_start, word_end, english, english_source,"
                " document, document_path, unit, added) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (card_id, document, text) DO NOTHING",
                (card_id, sentence, start, end, english or "", english_source, document or "", document_path or "",
                 unit, stamp),
            ).rowcount
            if added and not is_new:
                self.conn.execute("UPDATE deck_cards SET changed = ? WHERE id = ?", (stamp, card_id))
        # A second transaction on the same connection: the word store owns its writes (and
        # its rule that a status the user set by hand stays). Should it fail, mining the
        # word again repeats it; the card is what the user asked for and is already safe.
        self.words().set_status(
            [(int(entry.entry_id), headword, card_reading)], "learning", by="mining", document=document, auto=True
        )
        card = self.card(card_id)
        assert card is not None
        return card, is_new, bool(added)

    def remove(self, card_ids: Iterable[int]) -> int:
        """Remove cards (with their sentences, Anki records and review state), all or none.

        Returns:
            How many cards were removed.

        Raises:
            NothingFound: some ids name no card (then nothing is removed).
        """
        ids = sorted({int(i) for i in card_ids})
        with transaction(self.conn):
            existing = {
                row[0]
                for chunk in _chunks(ids, 500)
                for row in self.conn.execute(
                    f"SELECT id FROM deck_cards WHERE id IN ({','.join('?' * len(chunk))})", chunk
                )
            }
            missing = [i for i in ids if i not in existing]
            if missing:
                raise NothingFound(f"no card with id {', '.join(map(str, missing))}; nothing was removed")
            for chunk in _chunks(ids, 500):
                self.conn.execute(f"DELETE FROM deck_cards WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        return len(ids)

    # --- the word store, on this connection ----------------------------------------------

    def words(self):
        """The word store (``bireader.words.WordStore``) on this store's connection: same file, no second open."""
        from bireader.words import MIGRATIONS as WORD_MIGRATIONS
        from bireader.words import STORE as WORD_STORE
        from bireader.words import WordStore

        if not self._words_ready:
            from bireader.userdb import migrate_store

            migrate_store(self.conn, WORD_STORE, WORD_MIGRATIONS)
            self._words_ready = True
        return WordStore(self.conn)

    # --- what was sent to Anki -----------------------------------------------------------

    def anki_records(self) -> dict[int, AnkiRecord]:
        """The Anki note of every pushed card, by card id."""
        return {
            row["card_id"]: AnkiRecord(
                card_id=row["card_id"],
                note_id=row["note_id"],
                anki_deck=row["anki_deck"],
                fields_hash=row["fields_hash"],
                pushed=row["pushed"],
                interval=row["interval"],
                lapses=row["lapses"],
                pulled=row["pulled"],
            )
            for row in self.conn.execute("SELECT * FROM deck_anki")
        }

    def record_pushed(self, pushed: Iterable[tuple[int, int, str, str]]) -> None:
        """Record ``(card_id, note_id, anki_deck, fields_hash)`` of notes Anki accepted, in one transaction."""
        stamp = now()
        with transaction(self.conn):
            for card_id, note_id, anki_deck, fields_hash in pushed:
                self.conn.execute(
                    "INSERT INTO deck_anki (card_id, note_id, anki_deck, fields_hash, pushed) VALUES (?, ?, ?, ?, ?)"
                    " ON CONFLICT (card_id) DO UPDATE SET note_id = excluded.note_id, anki_deck = excluded.anki_deck,"
                    " fields_hash = excluded.fields_hash, pushed = excluded.pushed",
                    (int(card_id), int(note_id), anki_deck, fields_hash, stamp),
                )

    def forget_pushed(self, card_ids: Iterable[int]) -> None:
        """Forget that cards were pushed (their notes are gone from Anki), in one transaction."""
        with transaction(self.conn):
            for card_id in card_ids:
                self.conn.execute("DELETE FROM deck_anki WHERE card_id = ?", (int(card_id),))

    def record_pulled(self, pulled: Iterable[tuple[int, int | None, int | None]]) -> None:
        """Record ``(card_id, interval, lapses)`` read back from Anki, in one transaction."""
        stamp = now()
        with transaction(self.conn):
            for card_id, interval, lapses in pulled:
                self.conn.execute(
                    "UPDATE deck_anki SET interval = ?, lapses = ?, pulled = ? WHERE card_id = ?",
                    (interval, lapses, stamp, int(card_id)),
                )


# --- helpers ---------------------------------------------------------------------------


def _check_deck_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InputError("a deck name cannot be empty")
    return cleaned


def _chunks(items: list[int], size: int) -> Iterable[tuple[int, ...]]:
    for i in range(0, len(items), size):
        yield tuple(items[i : i + size])
