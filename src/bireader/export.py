"""A ``Reading`` → TSV, TMX, JSONL, an Anki notes file or an Anki deck (.apkg).

Each format is one ``write_*(reading, out, ...)`` function writing to a stream
(text for all but ``apkg``, which writes bytes) and returning how many rows,
translation units or cards it wrote; ``FORMATS`` maps the format names of
``bireader export --format`` to them. ``atomic_output`` opens the destination:
stdout for ``-``, else a temporary file beside the target that replaces it
only once everything is written, so a failure never leaves a truncated file
in place of a good one.

Numbering: ``index`` is the unit's position in the reading counted from 1 (the
row number a reader sees); ``paragraph``, ``ja_index`` and ``en_index`` are
0-based indices into the documents' paragraphs or sentences, as in
``bireader align --format beads``.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import hashlib
import io
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any, BinaryIO, Callable, Iterator, Sequence, TextIO

from bireader import __version__
from bireader.errors import DictionaryMissing, InputError
from bireader.model import Entry, Reading, Unit

TSV_COLUMNS = ("index", "ja", "en", "source", "score")
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

# Characters that end a line for some reader (csv, spreadsheets, str.splitlines)
# or separate fields: they become one space inside a TSV field.
_TSV_BREAKS = re.compile("[\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
# Other C0 controls (NUL, ESC …) have no place in a spreadsheet cell.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f]")
# Characters XML 1.0 forbids even escaped: C0 controls but tab/LF/CR, lone
# surrogates, U+FFFE and U+FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# --- Field cleaning ------------------------------------------------------------------


def clean_field(text: str) -> str:
    """Text safe for one TSV field: tabs and line breaks become a space, other controls go."""
    return _CONTROLS.sub("", _TSV_BREAKS.sub(" ", text))


def clean_xml(text: str) -> str:
    """Text without the characters XML 1.0 cannot carry (escaping is the serializer's job)."""
    return _XML_ILLEGAL.sub("", text)


_JSON_LINE_BREAKS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def _score(score: float | None, digits: int = 3) -> str:
    return "" if score is None else f"{score:.{digits}f}"


def _tsv_writer(out: TextIO):
    # excel-tab quotes a field only when it holds a `"` (tabs and newlines are
    # gone by then): `say "hi"` is written `"say ""hi"""`, which csv.reader,
    # spreadsheets and Anki's importer all read back as `say "hi"`. Without the
    # quoting a field starting with `"` would lose its quotes on the way back.
    return csv.writer(out, dialect="excel-tab", lineterminator="\n")


# --- TSV, JSONL, TMX -----------------------------------------------------------------


def write_tsv(reading: Reading, out: TextIO, *, header: bool = True) -> int:
    """Write one row per unit: ``index ja en source score`` (score empty for MT and gloss).

    Args:
        reading: the units to write.
        out: a text stream (opened with ``newline=""`` when it is a file).
        header: write the column names first.

    Returns:
        The number of rows written (without the header).
    """
    writer = _tsv_writer(out)
    if header:
        writer.writerow(TSV_COLUMNS)
    for unit in reading.units:
        writer.writerow(
            (unit.index + 1, clean_field(unit.ja), clean_field(unit.en), unit.source, _score(unit.score))
        )
    return len(reading.units)


def unit_record(unit: Unit, level: str) -> dict[str, Any]:
    """The JSON object of one unit (what a JSONL line holds)."""
    return {
        "index": unit.index + 1,
        "ja": unit.ja,
        "en": unit.en,
        "source": unit.source,
        "score": None if unit.score is None else round(unit.score, 4),
        "level": level,
        "paragraph": unit.paragraph,
        "ja_index": list(unit.ja_index),
        "en_index": list(unit.en_index),
        "ja_start": unit.ja_start,
        "ja_end": unit.ja_end,
    }


def write_jsonl(reading: Reading, out: TextIO) -> int:
    """Write one JSON object per line and unit (UTF-8 text, not \\u escapes).

    Returns:
        The number of lines written.
    """
    for unit in reading.units:
        line = json.dumps(unit_record(unit, reading.level), ensure_ascii=False)
        # Valid JSON keeps U+2028/U+2029/U+0085 raw, but line-splitting readers
        # (str.splitlines, some JSONL tools) would cut the record there.
        out.write(line.translate(_JSON_LINE_BREAKS))
        out.write("\n")
    return len(reading.units)


def tmx_units(reading: Reading) -> list[Unit]:
    """The units a translation memory can hold: both sides non-empty after cleaning."""
    return [u for u in reading.units if clean_xml(u.ja).strip() and clean_xml(u.en).strip()]


def write_tmx(reading: Reading, out: TextIO, *, created: datetime | None = None) -> int:
    """Write a TMX 1.4b document: ``srclang="ja"``, one ``<tu>`` per unit with a Japanese and an English ``<tuv>``.

    Units with an empty side (text the aligner found no partner for) are left
    out: a translation unit needs both. Each ``<tu>`` carries the unit's
    position (``tuid``), its English source and its score as ``x-`` props.

    Args:
        reading: the units to write.
        out: a text stream; the document declares UTF-8.
        created: the header's creation date (default: now, UTC).

    Returns:
        The number of ``<tu>`` elements written.
    """
    from xml.sax.saxutils import escape, quoteattr

    def text(value: str) -> str:
        # \r would come back as \n from any XML parser; keep it as a reference.
        return escape(clean_xml(value)).replace("\r", "&#13;")

    created = created or datetime.now(timezone.utc)
    attrs = {
        "creationtool": "bireader",
        "creationtoolversion": __version__,
        "datatype": "plaintext",
        "segtype": "sentence" if reading.level == "sentence" else "paragraph",
        "adminlang": "en",
        "srclang": "ja",
        "o-tmf": "bireader",
        "creationdate": created.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ"),
    }
    units = tmx_units(reading)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write('<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n')
    out.write('<tmx version="1.4">\n')
    out.write("  <header " + " ".join(f"{k}={quoteattr(v)}" for k, v in attrs.items()) + ">\n")
    out.write(f'    <prop type="x-english-source">{text(reading.source)}</prop>\n')
    out.write("  </header>\n  <body>\n")
    for unit in units:
        out.write(f'    <tu tuid="{unit.index + 1}">\n')
        out.write(f'      <prop type="x-source">{text(unit.source)}</prop>\n')
        if unit.score is not None:
            out.write(f'      <prop type="x-score">{_score(unit.score)}</prop>\n')
        out.write(f'      <tuv xml:lang="ja"><seg>{text(unit.ja)}</seg></tuv>\n')
        out.write(f'      <tuv xml:lang="en"><seg>{text(unit.en)}</seg></tuv>\n')
        out.write("    </tu>\n")
    out.write("  </body>\n</tmx>\n")
    return len(units)


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
    writer = _tsv_writer(out)
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
    import sqlite3
    import time
    import zipfile

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
        note = _stable_note_class()(
            model=model,
            fields=[
                html.escape(card.word),
                html.escape(card.reading),
                html.escape(card.gloss),
                sentence_html,
                html.escape(clean_field(card.english)),
            ],
            tags=tags + (["glossary"] if card.is_user else []),
            guid=card.guid,
        )
        note_id = note_id_for(note.guid)
        while note_id in used_ids:  # a hash collision inside this deck: next free id, deterministically
            note_id += 1
        used_ids.add(note_id)
        note.stable_id = note_id
        deck.add_note(note)

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
    return len(cards)


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


# --- Formats and output --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """One ``--format``: its writer, whether it writes bytes, and its usual file suffix."""

    name: str
    write: Callable[..., int]
    binary: bool
    suffix: str
    counts: str  # what the writer's count is of ("rows", "cards" …)
    uses_header: bool = False  # takes header=


FORMATS: dict[str, ExportFormat] = {
    "tsv": ExportFormat("tsv", write_tsv, False, ".tsv", "rows", uses_header=True),
    "tmx": ExportFormat("tmx", write_tmx, False, ".tmx", "translation units"),
    "jsonl": ExportFormat("jsonl", write_jsonl, False, ".jsonl", "lines"),
    "anki": ExportFormat("anki", write_anki, False, ".txt", "cards", uses_header=True),
    "apkg": ExportFormat("apkg", write_apkg, True, ".apkg", "notes"),
}


def check_output(path: str | Path, *, force: bool = False) -> None:
    """Fail early when ``path`` cannot be written: exists without ``force``, is a directory, or its folder is missing.

    Raises:
        InputError: with a sentence saying what to do.
    """
    if str(path) == "-":
        return
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{target} is a directory; give a file name with -o")
    if target.exists() and not force:
        raise InputError(f"{target} already exists; use --force to overwrite it")
    parent = target.parent
    if not parent.is_dir():
        raise InputError(f"cannot write {target}: no such directory {parent}")


def _new_file_mode(existing: Path) -> int:
    """The mode a replaced file keeps, or what the umask gives a new file (mkstemp's 0600 is too strict)."""
    try:
        return existing.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def atomic_output(path: str | Path, *, binary: bool = False, force: bool = False) -> Iterator[IO]:
    """A stream for the export: stdout for ``-``, else a temp file renamed over ``path`` on success.

    On any error (or Ctrl-C) inside the block the temp file is removed and an
    existing ``path`` is left as it was.

    Raises:
        InputError: ``path`` exists and ``force`` is false, or it cannot be written.
    """
    if str(path) == "-":
        if binary:
            if sys.stdout.isatty():
                raise InputError("an .apkg deck is binary; write it to a file with -o FILE.apkg")
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
        elif (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "") in ("utf8", "utf8sig") or not hasattr(
            sys.stdout, "buffer"
        ):
            yield sys.stdout
            sys.stdout.flush()
        else:  # exports are UTF-8 whatever the locale says
            sys.stdout.flush()
            stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
            try:
                yield stream
                stream.flush()
            finally:
                stream.detach()  # leave sys.stdout's buffer open
        return
    target = Path(path)
    check_output(target, force=force)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as err:
        raise InputError(f"cannot write {target}: {err.strerror or err}") from None
    tmp = Path(tmp_name)
    try:
        with (open(fd, "wb") if binary else open(fd, "w", encoding="utf-8", newline="")) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp, _new_file_mode(target))
        if target.exists() and not force:  # appeared while we were writing
            raise InputError(f"{target} already exists; use --force to overwrite it")
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def export_reading(
    reading: Reading,
    fmt: str,
    output: str | Path = "-",
    *,
    force: bool = False,
    header: bool = True,
    **options: Any,
) -> int:
    """Write ``reading`` in format ``fmt`` to ``output`` (``-`` for stdout), atomically.

    Returns:
        What the format's writer counted (rows, translation units, cards).

    Raises:
        InputError: an unknown format, or an output that cannot be written.
    """
    try:
        spec = FORMATS[fmt]
    except KeyError:
        raise InputError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}") from None
    if spec.uses_header:
        options["header"] = header
    with atomic_output(output, binary=spec.binary, force=force) as out:
        return spec.write(reading, out, **options)
