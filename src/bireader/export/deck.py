"""Mined cards (``bireader deck export``) as an Anki package, an Anki notes file, or plain TSV.

The package and the notes file carry bireader's mined-word note type (``deck/note.py``:
front, the sentence with the word highlighted; back, the reading, the senses, the English)
with a GUID made from the word and its deck, so importing a later export updates the
notes instead of adding copies; the package also gives every note the same id each time
(``export/anki.py``'s stable notes). Plain TSV has one row a sentence, for scripts.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import BinaryIO, Callable, Sequence, TextIO

from bireader.deck import Card
from bireader.deck.note import (
    CSS,
    BACK,
    DEFAULT_DECK,
    FIELDS,
    FRONT,
    MODEL_ID,
    MODEL_NAME,
    TAGS,
    TEMPLATE_NAME,
    anki_deck_name,
    guid_parts,
    note_fields,
)
from bireader.export.anki import ANKI_DECK_ID, stable_note, write_package
from bireader.export.fields import clean_field, tsv_writer

DECK_TSV_COLUMNS = (
    "id", "deck", "headword", "reading", "senses", "frequency_rank", "sentence", "word", "word_start", "word_end",
    "english", "english_source", "document", "unit", "added",
)
NOTES_COLUMNS = ("GUID", "Deck", *FIELDS, "Tags")


def note_guid(card: Card) -> str:
    """The card's Anki GUID: the same word in the same deck always gives the same note."""
    import genanki

    return genanki.guid_for(*guid_parts(card))


@functools.cache
def mined_model():
    """bireader's mined-word note type as a genanki Model (the one ``deck push`` creates through AnkiConnect)."""
    import genanki

    return genanki.Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": TEMPLATE_NAME, "qfmt": FRONT, "afmt": BACK}],
        css=CSS,
    )


def _deck_id(name: str) -> int:
    """A stable Anki deck id for an Anki deck name (the default deck shares the vocabulary export's)."""
    import hashlib

    if name == anki_deck_name(DEFAULT_DECK):
        return ANKI_DECK_ID
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return 2**30 + int.from_bytes(digest[:4], "big") % 2**30


def write_deck_apkg(cards: Sequence[Card], out: BinaryIO, *, timestamp: float | None = None) -> int:
    """Write the cards as an Anki package, one note a card, each bireader deck as its own Anki deck.

    Args:
        cards: the cards (``DeckStore.cards()``).
        out: a binary stream.
        timestamp: the notes' modification time (default: now); Anki updates a note on import
            when the package's is newer.

    Returns:
        The number of notes written.
    """
    import genanki

    model = mined_model()
    decks: dict[str, genanki.Deck] = {}
    used_ids: set[int] = set()
    for card in cards:
        name = anki_deck_name(card.deck)
        deck = decks.get(name)
        if deck is None:
            deck = decks[name] = genanki.Deck(_deck_id(name), name, description="Words mined with bireader.")
        fields = note_fields(card)
        deck.add_note(stable_note(model, [fields[f] for f in FIELDS], TAGS, note_guid(card), used_ids))
    if not decks:  # an empty package still imports (as an empty deck) rather than failing in Anki
        decks[anki_deck_name(DEFAULT_DECK)] = genanki.Deck(ANKI_DECK_ID, anki_deck_name(DEFAULT_DECK))
    write_package(list(decks.values()), out, timestamp=timestamp)
    return len(cards)


def write_deck_anki(cards: Sequence[Card], out: TextIO, *, header: bool = True) -> int:
    """Write the cards as an Anki notes file (tab-separated, HTML fields, Anki's ``#`` header lines).

    Columns: GUID, Deck, the note type's fields, Tags. Anki's importer reads the GUID
    column, so importing a later file updates the notes rather than adding copies.

    Returns:
        The number of notes written.
    """
    if header:
        out.write("#separator:tab\n#html:true\n")
        out.write("#guid column:1\n#deck column:2\n")
        out.write(f"#tags column:{len(NOTES_COLUMNS)}\n")
        out.write("#columns:" + "\t".join(NOTES_COLUMNS) + "\n")
    writer = tsv_writer(out)
    for card in cards:
        fields = note_fields(card)
        writer.writerow(
            [note_guid(card), anki_deck_name(card.deck), *(clean_field(fields[f]) for f in FIELDS), " ".join(TAGS)]
        )
    return len(cards)


def senses_text(card: Card) -> str:
    """The senses as one plain line: ``(noun) check; restraint / (suru verb) to deter``."""
    parts = []
    for sense in card.senses:
        if sense.glosses:
            pos = f"({', '.join(sense.pos[:2])}) " if sense.pos else ""
            parts.append(pos + "; ".join(sense.glosses))
    return " / ".join(parts)


def write_deck_tsv(cards: Sequence[Card], out: TextIO, *, header: bool = True) -> int:
    """Write plain TSV: one row a sentence of a card (the card's columns repeated), for scripts.

    Returns:
        The number of rows written.
    """
    writer = tsv_writer(out)
    if header:
        writer.writerow(DECK_TSV_COLUMNS)
    rows = 0
    for card in cards:
        senses = clean_field(senses_text(card))
        for s in card.sentences:
            writer.writerow([
                card.id, clean_field(card.deck), clean_field(card.headword), clean_field(card.reading), senses,
                "" if card.frequency_rank is None else card.frequency_rank, clean_field(s.text), clean_field(s.surface),
                s.word_start, s.word_end, clean_field(s.english), s.english_source, clean_field(s.document),
                "" if s.unit is None else s.unit, s.added,
            ])
            rows += 1
    return rows


@dataclass(frozen=True, slots=True)
class DeckFormat:
    """One ``deck export --format``: its writer, whether it writes bytes, what its count is of."""

    name: str
    write: Callable[..., int]
    binary: bool
    counts: str
    uses_header: bool = False


DECK_FORMATS: dict[str, DeckFormat] = {
    "apkg": DeckFormat("apkg", write_deck_apkg, True, "notes"),
    "anki": DeckFormat("anki", write_deck_anki, False, "notes", uses_header=True),
    "tsv": DeckFormat("tsv", write_deck_tsv, False, "rows", uses_header=True),
}


def export_deck(cards: Sequence[Card], fmt: str, output: str = "-", *, force: bool = False, header: bool = True) -> int:
    """Write ``cards`` in format ``fmt`` to ``output`` (``-``: stdout), atomically.

    Raises:
        InputError: an unknown format, or an output that cannot be written.
    """
    from bireader.errors import InputError
    from bireader.export.atomic import atomic_output

    try:
        spec = DECK_FORMATS[fmt]
    except KeyError:
        raise InputError(f"unknown format {fmt!r}; choose one of: {', '.join(DECK_FORMATS)}") from None
    options = {"header": header} if spec.uses_header else {}
    with atomic_output(output, binary=spec.binary, force=force) as out:
        return spec.write(cards, out, **options)
