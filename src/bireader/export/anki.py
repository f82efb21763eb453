"""Vocabulary cards of a reading: an Anki notes file (TSV) or an Anki deck package (.apkg, genanki)."""

from __future__ import annotations

import functools
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Callable, Sequence, TextIO

from bireader.errors import DictionaryMissing
from bireader.export.fields import clean_field, tsv_writer
from bireader.model import Entry, Reading, Unit

ANKI_COLUMNS = ("Word", "Reading", "Gloss", "Sentence", "English")
# What an Anki TSV card says when its sentence has no English partner (a 1:0
# bead) in an export that otherwise carries English: Anki cards should have no
# blank fields, and a blank would read as a bug.
NO_ENGLISH = "(no English)"

# Anki identifies a note type and a deck by id: constants, so every export
# updates the same note type and deck instead of adding new ones. (Picked once
# at random in genanki's recommended range [2**30, 2**31).)
ANKI_MODEL_ID = 1_607_392_319
ANKI_DECK_ID = 2_059_400_110
ANKI_MODEL_NAME = "bireader vocabulary"
ANKI_DECK_NAME = "bireader"
# Note ids are derived from the note's GUID so two exports of the same words
# give the same ids; they are placed where Anki's millisecond-timestamp ids
# live (2023-11-14 plus up to ~3 years) so Anki shows a plausible "created" date.
_NOTE_ID_BASE = 1_700_000_000_000
_NOTE_ID_SPAN = 100_000_000_000


# --- Anki cards ----------------------------------------------------------------------

VocabularyFunction = Callable[..., Sequence[Any]]  # vocabulary(text, offset=0) -> [VocabItem]
TermsFunction = Callable[[str], Sequence[Any]]  # find_terms(text) -> [(start, end, term, entry)]


@dataclass(frozen=True, slots=True)
class Flashcard:
    """One vocabulary card: a word of the document with its context.

    ``word_start``/``word_end`` locate the word inside ``sentence``; ``english``
    is empty when the sentence's unit has no aligned or translated English.
    """

    word: str
    reading: str
    gloss: str
    sentence: str
    english: str
    word_start: int
    word_end: int
    is_user: bool = False

    @property
    def guid(self) -> str:
        """The Anki note GUID: the same word and reading always give the same note."""
        import genanki

        return genanki.guid_for(self.word, self.reading)


def _default_vocabulary() -> VocabularyFunction:
    try:
        from bireader.dictionary import vocabulary
    except ImportError:
        raise DictionaryMissing(
            "the dictionary layer (bireader.dictionary.vocabulary) is not available; reinstall bireader"
        ) from None
    return vocabulary


def _default_terms() -> TermsFunction:
    try:
        from bireader.glossary import find_terms
    except ImportError:  # the glossary layer not installed yet: no user terms
        return lambda text: []
    return find_terms


def _term_fields(found: Any) -> tuple[int, int, str, Entry]:
    """(start, end, term, entry) of a glossary match (a ``TermMatch`` or a plain tuple)."""
    if hasattr(found, "entry"):
        return found.start, found.end, found.term, found.entry
    return found[0], found[1], found[2], found[3]


def _gloss_of(entry: Entry) -> str:
    """A card's meaning: the user's translation, or the first sense's first three glosses."""
    if entry.is_user or not entry.senses:
        return entry.short_gloss
    for sense in entry.senses:
        if sense.glosses:
            return "; ".join(sense.glosses[:3])
    return ""


def _card_reading(token_reading: str, entry: Entry, word: str) -> str:
    """The reading to print: the entry's spelling of what the tokenizer read, else either one, else the word."""
    from bireader.tokens import katakana_to_hiragana

    if token_reading:
        for reading in entry.readings:
            if katakana_to_hiragana(reading) == katakana_to_hiragana(token_reading):
                return reading  # the entry's own kana (カラガノフ stays katakana)
        return token_reading  # UniDic read this occurrence; the entry's first reading may be another word's
    return next((r for r in entry.readings if r), "") or word


def _reading_from_tokens(text: str) -> str:
    from bireader.tokens import tokenize

    return "".join(t.reading or t.surface for t in tokenize(text))


def _has_english(unit: Unit) -> bool:
    """Real English for the unit: aligned or machine translated (a gloss is not a translation)."""
    return (unit.source == "aligned" or unit.source.startswith("mt:")) and bool(unit.en.strip())


def collect_cards(
    reading: Reading,
    *,
    vocabulary: VocabularyFunction | None = None,
    find_terms: TermsFunction | None = None,
) -> list[Flashcard]:
    """The document's words worth a flashcard, user glossary terms included, each once.

    A word's card takes the first sentence it occurs in that has English (else
    its first sentence). Cards come in order of first appearance; words with no
    gloss are left out.

    Args:
        reading: the document and its units.
        vocabulary: ``bireader.dictionary.vocabulary`` or a stand-in (tests).
        find_terms: ``bireader.glossary.find_terms`` or a stand-in (tests).

    Returns:
        Cards with non-empty word, reading, gloss and sentence.
    """
    import bisect

    vocabulary = vocabulary or _default_vocabulary()
    find_terms = find_terms or _default_terms()
    doc = reading.ja
    sentences = doc.sentences
    sentence_starts = [s.start for s in sentences]
    units = sorted((u for u in reading.units if u.ja_end > u.ja_start), key=lambda u: u.ja_start)
    unit_starts = [u.ja_start for u in units]

    def sentence_at(pos: int):
        i = bisect.bisect_right(sentence_starts, pos) - 1
        if i >= 0 and sentences[i].start <= pos < sentences[i].end:
            return sentences[i]
        return None

    def unit_at(pos: int) -> Unit | None:
        i = bisect.bisect_right(unit_starts, pos) - 1
        if i >= 0 and units[i].ja_start <= pos < units[i].ja_end:
            return units[i]
        return None

    # (start, end, word, reading, gloss, is_user) for every occurrence; glossary terms first.
    occurrences: list[tuple[int, int, str, str, str, bool]] = []
    for found in find_terms(doc.text):
        start, end, term, entry = _term_fields(found)
        gloss = _gloss_of(entry)
        if gloss and term.strip():
            reading_ = next((r for r in entry.readings if r), "") or _reading_from_tokens(term) or term
            occurrences.append((start, end, term, reading_, gloss, True))
    user_words = {o[2] for o in occurrences}
    for paragraph in doc.paragraphs:
        for item in vocabulary(paragraph.text, offset=paragraph.start):
            entry = getattr(item, "entry", None)
            word = getattr(item, "lemma", "") or item.surface
            if entry is None or word in user_words:
                continue  # no meaning to learn, or the user's glossary already has the word
            gloss = _gloss_of(entry)
            if gloss and word.strip():
                reading_ = _card_reading(getattr(item, "reading", ""), entry, word)
                occurrences.append((item.start, item.end, word, reading_, gloss, entry.is_user))

    # key -> (sort key of the first occurrence, card, whether the card has English)
    chosen: dict[tuple[str, str], tuple[tuple[int, int], Flashcard, bool]] = {}
    for start, end, word, reading_, gloss, is_user in occurrences:
        sentence = sentence_at(start)
        if sentence is None or not sentence.text.strip():
            continue
        unit = unit_at(start)
        english = unit.en if unit is not None and _has_english(unit) else ""
        key = (word, reading_)
        previous = chosen.get(key)
        if previous is not None and (previous[2] or not english):
            continue  # keep the first sentence, unless a later one brings English
        card = Flashcard(
            word=clean_field(word).strip(),
            reading=clean_field(reading_).strip(),
            gloss=clean_field(gloss).strip(),
            sentence=sentence.text,
            english=english,
            word_start=start - sentence.start,
            word_end=min(end, sentence.end) - sentence.start,
            is_user=is_user,
        )
        first = previous[0] if previous is not None else (start, 0 if is_user else 1)
        chosen[key] = (first, card, bool(english))
    ordered = sorted(chosen.values(), key=lambda v: v[0])
    return [card for _, card, _ in ordered if card.word and card.reading and card.gloss]


def write_anki(
    reading: Reading,
    out: TextIO,
    *,
    header: bool = True,
    vocabulary: VocabularyFunction | None = None,
    find_terms: TermsFunction | None = None,
) -> int:
    """Write an Anki notes file (TSV with Anki's ``#`` header lines): one card per word.

    Columns: Word, Reading, Gloss, Sentence, and English when the reading has
    aligned or translated English (a gloss is not English to learn from). A
    sentence without an English partner gets ``(no English)``, so no field is
    ever empty. ``header=False`` leaves out Anki's header lines.

    Returns:
        The number of cards written.
    """
    cards = collect_cards(reading, vocabulary=vocabulary, find_terms=find_terms)
    with_english = any(c.english for c in cards)
    columns = ANKI_COLUMNS if with_english else ANKI_COLUMNS[:4]
    if header:
        out.write("#separator:tab\n#html:false\n")
        out.write("#columns:" + "\t".join(columns) + "\n")
        out.write("#tags:bireader\n")
    writer = tsv_writer(out)
    for card in cards:
        row = [card.word, card.reading, card.gloss, clean_field(card.sentence)]
        if with_english:
            row.append(clean_field(card.english) or NO_ENGLISH)
        writer.writerow(row)
    return len(cards)


# --- Anki deck (.apkg) ---------------------------------------------------------------

_ANKI_CSS = """\
.card { font-family: sans-serif; font-size: 22px; text-align: center; color: black; background: white; }
.word { font-size: 40px; }
.sentence { font-size: 20px; margin-top: 1em; }
.sentence b { color: #c0392b; }
.reading { font-size: 26px; }
.gloss { margin-top: .5em; }
.english { font-size: 18px; color: #555; margin-top: 1em; }
"""
_ANKI_FRONT = '<div class="word">{{Word}}</div>\n<div class="sentence">{{Sentence}}</div>'
_ANKI_BACK = (
    '{{FrontSide}}\n<hr id="answer">\n<div class="reading">{{Reading}}</div>\n'
    '<div class="gloss">{{Gloss}}</div>\n{{#English}}<div class="english">{{English}}</div>{{/English}}'
)


def anki_model():
    """bireader's own note type: Word, Reading, Gloss, Sentence, English; one card (word → meaning)."""
    import genanki

    return genanki.Model(
        ANKI_MODEL_ID,
        ANKI_MODEL_NAME,
        fields=[{"name": name} for name in ANKI_COLUMNS],
        templates=[{"name": "Word → meaning", "qfmt": _ANKI_FRONT, "afmt": _ANKI_BACK}],
        css=_ANKI_CSS,
    )


def note_id_for(guid: str) -> int:
    """A stable Anki note id for a GUID (same GUID, same id, in every export)."""
    digest = hashlib.sha256(guid.encode("utf-8")).digest()
    return _NOTE_ID_BASE + int.from_bytes(digest[:8], "big") % _NOTE_ID_SPAN


def _anki_tag(name: str) -> str:
    """A document name as an Anki tag (no spaces; Anki splits tags on them)."""
    return re.sub(r"[\s\"]+", "_", name).strip("_") or "document"


def write_apkg(
    reading: Reading,
    out: BinaryIO,
    *,
    vocabulary: VocabularyFunction | None = None,
    find_terms: TermsFunction | None = None,
    timestamp: float | None = None,
) -> int:
    """Write an Anki deck package (a zip holding ``collection.anki2``): one note per word.

    The note type, the deck, every note's GUID (word + reading) and its id are
    stable, so importing a new export updates the notes instead of adding
    copies. ``timestamp`` (default: now) is the notes' modification time, which
    Anki compares to decide that the import is newer.

    Returns:
        The number of notes written.
    """
    import html

    import genanki

    cards = collect_cards(reading, vocabulary=vocabulary, find_terms=find_terms)
    model = anki_model()
    deck = genanki.Deck(ANKI_DECK_ID, ANKI_DECK_NAME, description="Vocabulary exported by bireader.")
    tags = ["bireader"]
    if reading.ja.path:
        tags.append(_anki_tag(Path(reading.ja.path).name.split(".")[0]))
    used_ids: set[int] = set()
    for card in cards:
        s = card.sentence
        sentence_html = (
            html.escape(s[: card.word_start])
            + "<b>"
            + html.escape(s[card.word_start : card.word_end])
            + "</b>"
            + html.escape(s[card.word_end :])
        )
        fields = [
            html.escape(card.word),
            html.escape(card.reading),
            html.escape(card.gloss),
            sentence_html,
            html.escape(clean_field(card.english)),
        ]
        deck.add_note(stable_note(model, fields, tags + (["glossary"] if card.is_user else []), card.guid, used_ids))
    write_package(deck, out, timestamp=timestamp)
    return len(cards)


def stable_note(model, fields: Sequence[str], tags: Sequence[str], guid: str, used_ids: set[int]):
    """A genanki note whose id comes from its GUID (``note_id_for``), so every export gives it the same id.

    ``used_ids`` holds the ids already given in this package; a hash collision takes the
    next free id, deterministically.
    """
    note = _stable_note_class()(model=model, fields=list(fields), tags=list(tags), guid=guid)
    note_id = note_id_for(guid)
    while note_id in used_ids:
        note_id += 1
    used_ids.add(note_id)
    note.stable_id = note_id
    return note


def write_package(deck, out: BinaryIO, *, timestamp: float | None = None) -> None:
    """Write a genanki deck (or a list of decks) as an Anki package (a zip holding ``collection.anki2``).

    Built in memory and written in one go, so the stream can be ``atomic_output``'s temp
    file (genanki's own writer wants a path). ``timestamp`` (default: now) is the notes'
    modification time, which Anki compares to decide that an import is newer.
    """
    import sqlite3
    import time
    import zipfile

    import genanki

    conn = sqlite3.connect(":memory:")
    try:
        genanki.Package(deck).write_to_db(conn.cursor(), time.time() if timestamp is None else timestamp, None)
        conn.commit()
        collection = conn.serialize()
    finally:
        conn.close()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("collection.anki2", collection)
        package.writestr("media", "{}")
    out.write(buffer.getvalue())


@functools.cache
def _stable_note_class():
    """A genanki Note whose id (and its one card's id) is ``stable_id``, not a clock reading.

    Built on first use so that importing this module does not import genanki.
    """
    import itertools

    import genanki

    class StableNote(genanki.Note):
        stable_id = 0

        def write_to_db(self, cursor, timestamp, deck_id, id_gen):  # noqa: ARG002 - id_gen replaced
            super().write_to_db(cursor, timestamp, deck_id, itertools.repeat(self.stable_id))

    return StableNote
