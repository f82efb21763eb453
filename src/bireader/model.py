"""Frozen value types that flow through the pipeline; standard library only.

Offsets are half-open ``[start, end)`` character indices into ``Document.text``,
so ``doc.text[s.start:s.end] == s.text`` always holds.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields


@dataclass(frozen=True, slots=True)
class Ruby:
    """A reading given by the text itself (Aozora Bunko ``漢字《かんじ》``), at offsets into Document.text."""

    start: int
    end: int
    reading: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a paragraph."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A block of text: a blank-line separated block, or one line in a one-line-per-paragraph file."""

    text: str
    start: int
    end: int
    sentences: tuple[Sentence, ...]
    is_headline: bool = False
    # A subtitle cue's times, in milliseconds from the start of the film (None for other formats).
    time_start: int | None = None
    time_end: int | None = None
    is_code: bool = False  # a Markdown code block: shown as it is, never tokenized or glossed


@dataclass(frozen=True, slots=True)
class Chapter:
    """A titled part of a document: an EPUB navigation entry, a Markdown heading, an Aozora 見出し,
    a subtitle minute. ``paragraph`` is the index of its first paragraph; chapters are in order."""

    title: str
    paragraph: int
    level: int = 1


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded text split into paragraphs and sentences.

    ``text`` holds the original characters (after newline normalisation and, for
    Aozora Bunko files, markup removal); display uses it as it is.
    """

    text: str
    paragraphs: tuple[Paragraph, ...]
    lang: str = "ja"
    encoding: str = "utf-8"
    path: str | None = None
    rubies: tuple[Ruby, ...] = ()
    chapters: tuple[Chapter, ...] = ()
    title: str = ""  # from the book's metadata or the first heading; empty when the file has none
    format: str = "text"  # the loader that read it: text, aozora, epub, html, markdown, srt, vtt, ass

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for p in self.paragraphs for s in p.sentences)

    @property
    def text_hash(self) -> str:
        """SHA-256 of the text (hex): finds a document again after a rename or a move."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Token:
    """One morpheme from the tokenizer (fugashi + unidic-lite)."""

    surface: str
    lemma: str  # dictionary form usable for a JMdict lookup (述べ → 述べる, し → する)
    reading: str  # hiragana reading of the surface
    pos: str  # UniDic pos1 (名詞, 動詞, 助詞 …)
    pos_detail: str  # UniDic pos2 (普通名詞, 固有名詞 …)
    conj_type: str
    conj_form: str
    start: int
    end: int
    is_content: bool
    lemma_reading: str = ""  # hiragana reading of the dictionary form
    norm_lemma: str = ""  # UniDic's normalised headword (なる → 成る), to pick among kana homographs


@dataclass(frozen=True, slots=True)
class Sense:
    """One numbered sense of a dictionary entry."""

    glosses: tuple[str, ...]
    pos: tuple[str, ...] = ()
    misc: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Entry:
    """A dictionary or glossary entry, as every lookup returns it.

    ``source`` is ``jmdict``, ``jmnedict``, ``glossary`` (the user's own) or
    ``romanized`` (an unknown katakana name given its romanisation).
    """

    headword: str
    readings: tuple[str, ...]
    senses: tuple[Sense, ...]
    priorities: tuple[str, ...] = ()
    source: str = "jmdict"
    entry_id: int = 0
    kanji_forms: tuple[str, ...] = ()
    matched: str = ""  # the form the query matched (the dictionary form, for a deinflected query)
    note: str = ""
    # How an inflected query reached this entry, reasons in the order the suffixes were peeled
    # from the dictionary form outward (食べさせられなかった: causative, passive, negative, past);
    # empty for an exact match.
    deinflection: tuple[str, ...] = ()
    frequency_rank: int | None = None  # 1 = the most frequent word (wordfreq); None when unknown

    @property
    def is_common(self) -> bool:
        return any(p in COMMON_PRIORITIES for p in self.priorities)

    @property
    def is_user(self) -> bool:
        return self.source == "glossary"

    @property
    def short_gloss(self) -> str:
        for sense in self.senses:
            if sense.glosses:
                return sense.glosses[0]
        return ""


COMMON_PRIORITIES = frozenset({"news1", "ichi1", "spec1", "spec2", "gai1"})


def positional_constructor(cls):
    """A function that builds a frozen, slotted dataclass from all its fields given positionally,
    for the few places that make hundreds of thousands of them (decoding dictionary entries).

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__`` looked up by
    name, ~1.5 µs an Entry; this sets the slots through their descriptors, about half of that.
    The result is the same object (equal, same hash); there is no ``__post_init__`` to skip.
    """
    names = [f.name for f in fields(cls)]
    namespace = {"_new": object.__new__, "_cls": cls}
    namespace.update({f"_set_{name}": getattr(cls, name).__set__ for name in names})
    body = "".join(f"    _set_{name}(obj, {name})\n" for name in names)
    exec(f"def build({', '.join(names)}):\n    obj = _new(_cls)\n{body}    return obj\n", namespace)  # noqa: S102
    build = namespace["build"]
    build.__doc__ = f"{cls.__name__}({', '.join(names)}), every field given."
    return build


new_sense = positional_constructor(Sense)
new_token = positional_constructor(Token)  # the tokenizer makes one a morpheme
# Built before ``senses`` becomes a property (below), so it stores what it is given in the slot:
# the index passes its packed sense records, which stay packed until someone reads them.
new_entry = positional_constructor(Entry)


def _senses_on_first_read(slot):
    """``Entry.senses`` as a property over its slot: packed records become Senses on first read.

    The index decodes tens of thousands of entries a second, most of which no one reads the
    senses of (the other entries of a spelling, the deinflector's candidates). Left packed,
    an entry's senses are a tuple of ``(glosses, pos, misc)`` tuples of strings, which the
    cycle collector stops tracking after its first look; as Sense objects they are a tuple
    and one tracked object a sense, which every full collection visits again (with them, an
    uncached lookup pass spent a sixth of its time collecting). Every reader of the field,
    the dataclass's own ``__eq__``, ``__hash__`` and ``__repr__`` included, sees Senses.
    """
    read, write = slot.__get__, slot.__set__

    def senses(entry: Entry) -> tuple[Sense, ...]:
        held = read(entry, Entry)
        if held and type(held[0]) is tuple:  # packed: the first read decodes and keeps them
            held = tuple([new_sense(*record) for record in held])
            write(entry, held)
        return held

    return property(senses, write, doc="The entry's senses, in JMdict's order.")


held_senses = Entry.senses.__get__  # an entry's senses as it holds them, packed or not (see below)
Entry.senses = _senses_on_first_read(Entry.senses)  # type: ignore[assignment, method-assign]


@dataclass(frozen=True, slots=True)
class Bead:
    """A run of Japanese units paired with a run of English units (either may be empty)."""

    ja: tuple[int, ...]
    en: tuple[int, ...]
    score: float


@dataclass(frozen=True, slots=True)
class Unit:
    """One row of a reading: Japanese text and its English rendering.

    ``source`` is ``aligned``, ``mt:ENGINE`` or ``gloss``; ``score`` is the
    alignment confidence (None for machine translation and gloss).
    ``ja_index``/``en_index`` are paragraph or sentence indices, per the level.
    """

    index: int
    ja: str
    en: str
    source: str
    score: float | None
    ja_index: tuple[int, ...] = ()
    en_index: tuple[int, ...] = ()
    paragraph: int = 0
    ja_start: int = 0
    ja_end: int = 0
    # Subtitle input: the cue times of the unit's Japanese, in milliseconds (None otherwise).
    time_start: int | None = None
    time_end: int | None = None
    is_code: bool = False  # a Markdown code block: shown as it is, never glossed, translated or annotated


@dataclass(frozen=True, slots=True)
class Reading:
    """A Japanese document with an English rendering, unit by unit, ready to view or export."""

    ja: Document
    units: tuple[Unit, ...]
    level: str = "paragraph"
    source: str = "gloss"  # what the header names: "aligned: FILE", "mt:google", "gloss"
    en: Document | None = None
    notes: tuple[str, ...] = field(default=())
