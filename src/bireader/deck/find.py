"""Mining from a file: find a word's first occurrence, its sentence and that sentence's English.

``bireader mine WORD --from FILE [--unit N]`` reads the file through the reading pipeline
(so the English is what ``read`` shows: aligned, machine translated, or the gloss), finds
the word with the dictionary's longest-match scan (the word the reader's cursor would be
on: 述べた for 述べる, 抑止 inside 核抑止力) or the user's glossary, and mines it with the
sentence it is in.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from bireader.errors import InputError, NothingFound

if TYPE_CHECKING:
    from bireader.deck.cards import Card
    from bireader.model import Document, Entry
    from bireader.reading import ReadingStream


@dataclass(frozen=True, slots=True)
class Occurrence:
    """Where a word occurs in a document: offsets into ``Document.text``, its entry and reading."""

    start: int
    end: int
    surface: str
    entry: "Entry"
    reading: str


@dataclass(frozen=True, slots=True)
class MiningContext:
    """What a card's sentence needs: the sentence, the word's span in it, its English, where it is."""

    sentence: str
    word_span: tuple[int, int]
    english: str
    english_source: str
    document: str
    document_path: str
    unit: int  # counted from 1, as `read --range` numbers units at the reading's level


@dataclass(frozen=True, slots=True)
class MineResult:
    """The card after mining, whether it is new, and the occurrence and context that were mined."""

    card: "Card"
    is_new: bool
    sentence_added: bool  # false when the card had this sentence already
    occurrence: Occurrence
    context: MiningContext


def document_title(doc: "Document") -> str:
    """A document's title for a card: its own title, else its file name."""
    if doc.title.strip():
        return doc.title.strip()
    return Path(doc.path).name if doc.path and doc.path != "-" else "standard input"


def mine_from_file(
    word: str,
    source: str | Path,
    *,
    unit: int | None = None,
    level: str = "paragraph",
    english: str | Path | None = None,
    translator: str | None = None,
    translator_url: str | None = None,
    embeddings: str = "auto",
    timeout: float = 10.0,
    deck: str | None = None,
    path: Path | str | None = None,
) -> MineResult:
    """Mine the first occurrence of ``word`` in a file (or in unit ``unit``).

    Args:
        word: the word as written in the text or in its dictionary form (述べた, 述べる).
        source: the Japanese file.
        unit: look only in this unit (from 1, numbered as ``read --range`` numbers them at ``level``).
        level: ``paragraph`` or ``sentence``: what a unit is, as in ``read --level``.
        english, translator, translator_url, embeddings, timeout: the English source, as for ``read``.
        deck: the deck (None: the default deck).
        path: the user database (default: ``paths.user_db()``).

    Returns:
        The card, whether it is new, the occurrence and its context.

    Raises:
        NothingFound: the word is not in the text (or the unit), or no dictionary knows it.
        InputError: a bad unit number or an unreadable file; EngineError from an engine.
    """
    from bireader.deck.store import open_deck
    from bireader.reading import stream_reading

    word = word.strip()
    if not word:
        raise InputError("give the word to mine")
    options = dict(
        english=english, translator=translator, translator_url=translator_url, embeddings=embeddings, timeout=timeout
    )
    units = stream_reading(source, level=level, **options)
    doc = units.ja
    where = ""
    start, stop = 0, len(doc.text)
    if unit is not None:
        if not 1 <= unit <= units.total:
            raise InputError(f"--unit {unit} is not a unit of {source} (it has {units.total}, numbered from 1)")
        chosen = next(iter(units.units(unit - 1, unit)))
        start, stop = chosen.ja_start, chosen.ja_end
        where = f" unit {unit}"
    occurrence = find_word(doc, word, start, stop)
    if occurrence is None:
        raise NothingFound(f"{word!r} does not occur in {source}{where}")
    unit_number = unit if unit is not None else unit_at(units, occurrence.start) + 1
    sentences = units if level == "sentence" else stream_reading(doc, level="sentence", **options)
    context = context_for(doc, occurrence, sentences, unit=unit_number)
    with open_deck(path) as store:
        card, is_new, added = store.add_sentence(
            occurrence.entry,
            surface=occurrence.surface,
            sentence=context.sentence,
            word_span=context.word_span,
            english=context.english,
            english_source=context.english_source,
            document=context.document,
            unit=context.unit,
            deck=deck,
            document_path=context.document_path,
            reading=occurrence.reading,
        )
    return MineResult(card, is_new, added, occurrence, context)


# --- finding the word ----------------------------------------------------------------


def find_word(doc: "Document", word: str, start: int = 0, stop: int | None = None) -> Occurrence | None:
    """The first occurrence of ``word`` in ``doc.text[start:stop]``, as a word the dictionary knows.

    Glossary terms and dictionary words (longest match, with the parts of compounds) are
    looked at first; failing those, the plain text (a word the tokenizer cut differently).
    The word may be given as written (述べた), in its dictionary form (述べる) or, for a
    kana word, by its reading.

    Returns:
        The occurrence, or None when the text does not have it.

    Raises:
        NothingFound: the text has it but no dictionary or glossary entry knows it.
    """
    from bireader.dictionary import match_tokens
    from bireader.glossary import find_terms
    from bireader.tokens import tokenize

    stop = len(doc.text) if stop is None else stop
    for paragraph in doc.paragraphs:
        if paragraph.end <= start or paragraph.start >= stop or paragraph.is_code or not paragraph.text.strip():
            continue
        text = paragraph.text
        tokens = tokenize(text, paragraph.start)
        found: list[Occurrence] = []
        for term in find_terms(text, tokens, offset=paragraph.start):
            s, e = paragraph.start + term.start, paragraph.start + term.end
            if start <= s and e <= stop and word in (term.term, text[term.start : term.end]):
                reading = next((r for r in term.entry.readings if r), "")
                found.append(Occurrence(s, e, text[term.start : term.end], term.entry, reading))
        for match in match_tokens(tokens):
            for candidate in (match, *match.parts):
                if start <= candidate.start and candidate.end <= stop and _names(candidate, word):
                    entry = _best_entry(candidate.entries, word) or _looked_up(word, candidate.lemma)
                    if entry is not None:
                        reading = occurrence_reading(entry, candidate.reading)
                        found.append(Occurrence(candidate.start, candidate.end, candidate.surface, entry, reading))
                    break
        if not found:
            at = _first_index(text, word, max(start - paragraph.start, 0), stop - paragraph.start)
            if at >= 0:
                entry = _looked_up(word, word)
                if entry is None:
                    raise NothingFound(f"{word!r} is in the text, but no dictionary entry or glossary term knows it")
                s = paragraph.start + at
                found.append(Occurrence(s, s + len(word), word, entry, occurrence_reading(entry, "")))
        if found:
            return min(found, key=lambda o: (o.start, -(o.end - o.start)))
    return None


def _names(match, word: str) -> bool:
    """Whether a dictionary match is ``word``: as written, its dictionary form, its entry, or its reading."""
    if word in (match.surface, match.lemma):
        return True
    entry = match.entry
    if entry is not None and (word == entry.headword or word in entry.kanji_forms):
        return True
    from bireader.dictionary.romaji import is_kana

    return is_kana(word) and len(word) > 1 and word == match.reading


def _best_entry(entries: Iterable["Entry"], word: str) -> "Entry | None":
    """The entry spelled ``word`` if one is, else the best-ranked one."""
    entries = list(entries)
    for entry in entries:
        if word == entry.headword or word in entry.kanji_forms or word in entry.readings:
            return entry
    return entries[0] if entries else None


def _looked_up(*queries: str) -> "Entry | None":
    from bireader.dictionary import lookup

    for query in queries:
        if query:
            found = lookup(query, limit=1)
            if found:
                return found[0]
    return None


def _first_index(text: str, word: str, start: int, stop: int) -> int:
    at = text.find(word, start)
    return at if 0 <= at and at + len(word) <= stop else -1


def occurrence_reading(entry: "Entry", token_reading: str) -> str:
    """The reading to keep: the entry's spelling of what the tokenizer read, else that reading, else the entry's first."""
    from bireader.tokens import katakana_to_hiragana

    if token_reading:
        wanted = katakana_to_hiragana(token_reading)
        for reading in entry.readings:
            if katakana_to_hiragana(reading) == wanted:
                return reading  # the entry's own kana (カラガノフ stays katakana)
        return token_reading
    return next((r for r in entry.readings if r), "")


# --- its sentence and English --------------------------------------------------------


def unit_at(stream: "ReadingStream", position: int) -> int:
    """The 0-based index of the unit of ``stream`` holding document offset ``position``.

    Aligned units are beads (several paragraphs, or none), so they are walked (cheap: no
    text is produced); glossed and translated units are one a paragraph or sentence, in order.
    """
    if stream.source.startswith("aligned"):
        last = 0
        for unit in stream.units():
            if unit.ja_end <= unit.ja_start:
                continue
            if unit.ja_start <= position < unit.ja_end:
                return unit.index
            if unit.ja_start > position:
                break
            last = unit.index
        return last
    doc = stream.ja
    spans = doc.paragraphs if stream.level == "paragraph" else doc.sentences
    starts = [s.start for s in spans]
    return max(bisect.bisect_right(starts, position) - 1, 0)


def context_for(doc: "Document", occurrence: Occurrence, sentences: "ReadingStream", *, unit: int) -> MiningContext:
    """The sentence holding ``occurrence`` and its English from a sentence-level stream of ``doc``.

    An aligned sentence with no English partner (a 1:0 bead) gets the gloss, labelled as such.
    """
    sentence = next((s for s in doc.sentences if s.start <= occurrence.start < s.end), None)
    if sentence is None:  # a word the sentence splitter left out (cannot happen for a found word)
        raise NothingFound("the word is not inside a sentence of the text")
    english_unit = next(iter(sentences.units(*_one(unit_at(sentences, sentence.start)))), None)
    english, source = "", ""
    if english_unit is not None and english_unit.en.strip():
        english = english_unit.en
        source = "gloss" if english_unit.source == "gloss" else english_unit.source
    if not english:
        from bireader.gloss import gloss_text

        english, source = gloss_text(sentence.text), "gloss"
        if not english:
            source = ""
    start = occurrence.start - sentence.start
    end = min(occurrence.end, sentence.end) - sentence.start
    return MiningContext(
        sentence=sentence.text,
        word_span=(start, end),
        english=english,
        english_source=source,
        document=document_title(doc),
        document_path=str(Path(doc.path).resolve()) if doc.path and doc.path != "-" else "",
        unit=unit,
    )


def _one(index: int) -> tuple[int, int]:
    return index, index + 1
