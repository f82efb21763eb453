"""The deck's values: a mined card, its sentences, a deck, what was pushed to Anki; rows to values and JSON."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from bireader.model import Sense


@dataclass(frozen=True, slots=True)
class MinedSentence:
    """One sentence a card's word was mined from.

    ``word_start``/``word_end`` locate the word in ``text`` (half-open, characters);
    ``english_source`` is ``aligned``, ``mt:ENGINE``, ``gloss`` or empty (no English);
    ``unit`` is the unit's number as ``read --range`` counts it (from 1), or None.
    """

    text: str
    word_start: int
    word_end: int
    english: str = ""
    english_source: str = ""
    document: str = ""  # the document's title (or file name)
    document_path: str = ""
    unit: int | None = None
    added: str = ""

    @property
    def surface(self) -> str:
        """The word as it is written in this sentence (述べた for the card 述べる)."""
        return self.text[self.word_start : self.word_end]

    @property
    def is_gloss(self) -> bool:
        """Whether the English is the offline word-by-word gloss rather than a translation."""
        return self.english_source == "gloss"

    @property
    def where(self) -> str:
        """``Title · unit 3``: where the sentence was met."""
        parts = [self.document] if self.document else []
        if self.unit is not None:
            parts.append(f"unit {self.unit}")
        return " · ".join(parts)


@dataclass(frozen=True, slots=True)
class Card:
    """A mined word and the sentences it was met in (oldest first)."""

    id: int
    deck: str
    entry_id: int
    headword: str
    reading: str
    senses: tuple[Sense, ...]
    frequency_rank: int | None
    sentences: tuple[MinedSentence, ...]
    created: str
    changed: str
    entry_source: str = "jmdict"

    @property
    def word_key(self) -> tuple[int, str]:
        """The word store's key of this card's word."""
        return (self.entry_id, self.headword)

    @property
    def short_gloss(self) -> str:
        """The first gloss of the first sense (what a one-line listing shows)."""
        for sense in self.senses:
            if sense.glosses:
                return sense.glosses[0]
        return ""


@dataclass(frozen=True, slots=True)
class DeckInfo:
    """A deck: its name, whether it is the default, how many cards it holds."""

    name: str
    is_default: bool
    cards: int


@dataclass(frozen=True, slots=True)
class AnkiRecord:
    """What `deck push` sent of a card: the Anki note id, the Anki deck, the fields' hash; what `pull` read."""

    card_id: int
    note_id: int
    anki_deck: str
    fields_hash: str
    pushed: str
    interval: int | None = None
    lapses: int | None = None
    pulled: str | None = None


# --- rows ↔ values ---------------------------------------------------------------------


def senses_from_json(text: str) -> tuple[Sense, ...]:
    try:
        data = json.loads(text or "[]")
    except ValueError:
        return ()
    return tuple(
        Sense(tuple(s.get("glosses", ())), tuple(s.get("pos", ())), tuple(s.get("misc", ())))
        for s in data
        if isinstance(s, dict)
    )


def sentence_from_row(row: sqlite3.Row) -> MinedSentence:
    return MinedSentence(
        text=row["text"],
        word_start=row["word_start"],
        word_end=row["word_end"],
        english=row["english"],
        english_source=row["english_source"],
        document=row["document"],
        document_path=row["document_path"],
        unit=row["unit"],
        added=row["added"],
    )


def card_from_row(row: sqlite3.Row, sentences: tuple[MinedSentence, ...]) -> Card:
    return Card(
        id=row["id"],
        deck=row["deck"],
        entry_id=row["entry_id"],
        headword=row["headword"],
        reading=row["reading"],
        senses=senses_from_json(row["senses"]),
        frequency_rank=row["frequency_rank"],
        sentences=sentences,
        created=row["created"],
        changed=row["changed"],
        entry_source=row["entry_source"],
    )


def card_to_dict(card: Card) -> dict:
    """A card as ``deck list --json`` and ``deck show --json`` print it."""
    return {
        "id": card.id,
        "deck": card.deck,
        "entry_id": card.entry_id,
        "headword": card.headword,
        "reading": card.reading,
        "senses": [{"glosses": list(s.glosses), "pos": list(s.pos)} for s in card.senses],
        "frequency_rank": card.frequency_rank,
        "source": card.entry_source,
        "created": card.created,
        "changed": card.changed,
        "sentences": [
            {
                "text": s.text,
                "word": s.surface,
                "word_start": s.word_start,
                "word_end": s.word_end,
                "english": s.english,
                "english_source": s.english_source,
                "document": s.document,
                "document_path": s.document_path,
                "unit": s.unit,
                "added": s.added,
            }
            for s in card.sentences
        ],
    }
