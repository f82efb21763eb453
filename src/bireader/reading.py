"""The reading pipeline: a Japanese file and a chosen English source → a ``Reading``.

Where the English comes from, in order: the ``english`` file the user named
(paired by the aligner); the ``translator`` the user named (through the
translation cache; ``gloss`` for the offline gloss); the sidecar ``NAME.en.txt``
beside ``NAME.ja.txt`` (or ``NAME.txt``); the engine set in the user's config;
else the offline gloss. No text leaves the machine unless the user named an
engine on the command line or in the config.

``stream_reading`` yields the units one at a time, so a viewer can show the
first screen of a long text before the rest is glossed; ``build_reading``
collects them into a ``Reading``.

How an English version is paired depends on what both files are: two subtitle
files by cue times (``bireader.align.timing``), two books with chapters chapter by
chapter (``bireader.align.chapters``; the stream is then *progressive*: it starts with
the first chapter pair aligned and aligns the others as they are asked for),
anything else by the text aligner over the whole text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Sequence

from bireader.errors import InputError
from bireader.model import Bead, Document, Reading, Unit

LEVELS = ("paragraph", "sentence")
EMBEDDINGS = ("auto", "on", "off")
GLOSS = "gloss"


@dataclass(slots=True)
class _Piece:
    """A Japanese unit of the chosen level, with where it sits in the document."""

    text: str
    start: int
    end: int
    paragraph: int
    time_start: int | None = None
    time_end: int | None = None
    is_code: bool = False


@dataclass(frozen=True, slots=True)
class UnitText:
    """What a unit holds, known without producing it (no gloss, no translation): for a viewer
    that must place, search and go to units of a long text it has never shown.

    ``en`` is the English when the stream already has it (an aligned English version), else
    None (a gloss or a translation still to make)."""

    ja: str
    en: str | None
    paragraph: int
    ja_start: int


@dataclass
class ReadingStream:
    """A reading whose units are produced on demand.

    ``source`` names the English source for headers ("aligned: x.en.txt",
    "mt:google", "gloss"); ``notes`` carries remarks for the user (e.g. the
    aligner was unavailable); ``total`` is the number of units known so far.
    ``units(start, stop)`` does the work for those units only: the gloss is
    computed as the iterator advances, a machine translation of the range is
    fetched when ``units`` is called (so an engine error comes before any output).

    Progressive streams (a book paired with its English edition chapter by
    chapter) start with ``complete`` False: ``total`` then counts the units of
    the chapter pairs aligned so far, and ``wait_more()`` aligns the next chapter
    pair (blocking) and returns the new ``total``. ``units(start, stop)`` yields
    what is known and, past it, calls ``wait_more`` itself until ``stop`` (None:
    the end of the book) is reached; it never aligns a chapter beyond the one the
    last unit asked for is in. Every other stream is ``complete`` from the start,
    and ``wait_more()`` returns ``total`` at once. ``wait_more`` may be called
    from a worker thread while another thread reads units already known.
    """

    ja: Document
    level: str
    source: str
    en: Document | None
    notes: tuple[str, ...]
    total: int
    _produce: Callable[[int, int], Iterator[Unit]] = field(repr=False, default=lambda start, stop: iter(()))
    complete: bool = True
    # Aligns the next pending part; returns (total, complete). None for complete streams.
    _more: Callable[[], tuple[int, bool]] | None = field(repr=False, default=None)
    _peek: Callable[[int], UnitText] | None = field(repr=False, default=None)

    def peek(self, index: int) -> UnitText:
        """Unit ``index``'s text and place, without glossing or translating it (``index`` < ``total``)."""
        if self._peek is not None:
            return self._peek(index)
        unit = next(iter(self._produce(index, index + 1)))
        return UnitText(unit.ja, unit.en, unit.paragraph, unit.ja_start)

    def units(self, start: int = 0, stop: int | None = None) -> Iterator[Unit]:
        """Units ``start`` to ``stop`` (0-based, half-open; None: to the end)."""
        start = max(start, 0)
        if self.complete:
            stop = self.total if stop is None else min(stop, self.total)
            return self._produce(start, stop)
        return self._progressive_units(start, stop)

    def wait_more(self) -> int:
        """Align the next pending chapter pair (blocking) and return the new ``total``; at once when complete."""
        if self.complete or self._more is None:
            return self.total
        total, complete = self._more()
        # Two threads may both have waited: never let the later assignment step back.
        self.total, self.complete = max(self.total, total), self.complete or complete
        return self.total

    def _progressive_units(self, start: int, stop: int | None) -> Iterator[Unit]:
        position = start
        while True:
            known = self.total if stop is None else min(stop, self.total)
            if position < known:
                yield from self._produce(position, known)
                position = known
            if (stop is not None and position >= stop) or (self.complete and position >= self.total):
                return
            self.wait_more()

    def __iter__(self) -> Iterator[Unit]:
        return self.units()

    def collect(self) -> Reading:
        """Every unit, as a frozen Reading (a progressive stream is aligned to the end first)."""
        units = tuple(self.units())
        return Reading(ja=self.ja, units=units, level=self.level, source=self.source, en=self.en, notes=self.notes)


def build_reading(
    source: str | Path | Document,
    *,
    english: str | Path | Document | None = None,
    translator: str | None = None,
    translator_url: str | None = None,
    level: str = "paragraph",
    embeddings: str = "auto",
    timeout: float = 10.0,
    refresh: bool = False,
    fallback: str | None = None,
    realign: bool = False,
    format_in: str | None = None,
) -> Reading:
    """Read a Japanese text and render it in English, unit by unit.

    Args:
        source: a Japanese file path, ``-`` for stdin, or a Document.
        english: an English version (path or Document); paired by the aligner.
        translator: an engine name (``google``, ``deepl``…) or ``gloss``.
        translator_url: endpoint for self-hosted engines (LibreTranslate).
        level: ``paragraph`` or ``sentence``.
        embeddings: ``auto``, ``on`` or ``off``, passed to the aligner.
        timeout: seconds per network call of the engine.
        refresh: translate again even when the translation cache has the unit.
        fallback: ``gloss`` to gloss the units an engine failed on.
        realign: align an English file again even when a saved alignment of the pair exists.
        format_in: force the Japanese file's format (``epub``, ``srt`` … see
            ``bireader.document.INPUT_FORMATS``); None: by extension, then content.

    Returns:
        A Reading whose ``source`` names where the English came from.

    Raises:
        InputError: unreadable input or a bad option; EngineError from the engine.
    """
    return stream_reading(
        source,
        english=english,
        translator=translator,
        translator_url=translator_url,
        level=level,
        embeddings=embeddings,
        timeout=timeout,
        refresh=refresh,
        fallback=fallback,
        realign=realign,
        format_in=format_in,
    ).collect()


def stream_reading(
    source: str | Path | Document,
    *,
    english: str | Path | Document | None = None,
    translator: str | None = None,
    translator_url: str | None = None,
    level: str = "paragraph",
    embeddings: str = "auto",
    timeout: float = 10.0,
    refresh: bool = False,
    fallback: str | None = None,
    realign: bool = False,
    format_in: str | None = None,
) -> ReadingStream:
    """Like ``build_reading`` but yields units as they are ready (same arguments).

    Machine translation of a range happens before its first unit; alignment
    happens before the first unit too, except for two books with chapters, which
    are aligned a chapter pair at a time (a progressive stream); the offline
    gloss is computed a few units at a time.
    """
    from bireader.document import read_document

    if level not in LEVELS:
        raise InputError(f"unknown level {level!r}; choose one of: {', '.join(LEVELS)}")
    if embeddings not in EMBEDDINGS:
        raise InputError(f"unknown embeddings setting {embeddings!r}; choose one of: {', '.join(EMBEDDINGS)}")
    if english is not None and translator is not None:
        raise InputError("give either an English file (--english) or a translator (--translator), not both")
    if fallback not in (None, GLOSS):
        raise InputError(f"unknown fallback {fallback!r}; the only fallback is: gloss")

    ja_doc = source if isinstance(source, Document) else read_document(source, lang="ja", format=format_in)
    pieces = _pieces(ja_doc, level)

    if english is None and translator is None:
        sidecar = find_sidecar(ja_doc.path)
        if sidecar is not None:
            english = sidecar
        else:
            translator = default_engine() or GLOSS

    if english is not None:
        en_doc = english if isinstance(english, Document) else read_document(english, lang="en")
        if not realign and has_saved_alignment(ja_doc, en_doc, level):
            # The user's corrected beads win over pairing by time or by chapter.
            return _aligned_stream(ja_doc, en_doc, pieces, level, embeddings)
        if _is_timed(ja_doc) and _is_timed(en_doc):
            return _timed_stream(ja_doc, en_doc, pieces, level, embeddings)
        if len(ja_doc.chapters) > 1 and len(en_doc.chapters) > 1:
            return _chaptered_stream(ja_doc, en_doc, pieces, level, embeddings)
        return _aligned_stream(ja_doc, en_doc, pieces, level, embeddings, realign)
    assert translator is not None
    if translator == GLOSS:
        return ReadingStream(
            ja=ja_doc,
            level=level,
            source=GLOSS,
            en=None,
            notes=(),
            total=len(pieces),
            _produce=lambda start, stop: _glossed_units(pieces, start, stop),
            _peek=lambda index: _piece_text(pieces[index]),
        )
    return _translated_stream(ja_doc, pieces, level, translator, translator_url, timeout, refresh, fallback)


# --- English sources -----------------------------------------------------------------


def find_sidecar(path: str | None) -> Path | None:
    """The English sidecar of a Japanese file: ``NAME.ja.txt`` → ``NAME.en.txt``, ``NAME.txt`` → ``NAME.en.txt``."""
    if not path or path == "-":
        return None
    p = Path(path)
    name = p.name
    candidates = []
    if ".ja." in name:
        candidates.append(p.with_name(name.replace(".ja.", ".en.", 1)))
    elif name.endswith(".ja"):
        candidates.append(p.with_name(name[:-3] + ".en"))
    if p.suffix and ".ja" not in p.suffixes:
        candidates.append(p.with_name(p.stem + ".en" + p.suffix))
    for candidate in candidates:
        if candidate != p and candidate.is_file():
            return candidate
    return None


def default_engine() -> str | None:
    """The engine set in the user's config, or None (then the gloss is the default)."""
    from bireader.translate import resolve_engine

    engine = resolve_engine(None)
    if engine is None:
        return None
    if isinstance(engine, str):
        return engine
    return getattr(engine, "engine_id", None) or getattr(engine, "name", None)


# --- Units of a level ----------------------------------------------------------------


def _pieces(doc: Document, level: str) -> list[_Piece]:
    # A sentence of a subtitle cue carries its cue's times.
    if level == "paragraph":
        return [
            _Piece(p.text, p.start, p.end, i, p.time_start, p.time_end, p.is_code) for i, p in enumerate(doc.paragraphs)
        ]
    return [
        _Piece(s.text, s.start, s.end, i, p.time_start, p.time_end, p.is_code)
        for i, p in enumerate(doc.paragraphs)
        for s in p.sentences
    ]


def _en_texts(doc: Document, level: str) -> list[str]:
    if level == "paragraph":
        return [p.text for p in doc.paragraphs]
    return [s.text for s in doc.sentences]


# --- Aligned English -----------------------------------------------------------------


def align_beads(
    ja_doc: Document, en_doc: Document, level: str, embeddings: str, *, realign: bool = False
) -> tuple[list[Bead], str | None]:
    """The beads of a pair: the saved alignment of the same two texts if there is one, else the aligner's.

    When a text changed since its alignment was saved, the pair is aligned again keeping every
    confirmed bead whose units are still there. A confirmed bead's score is 1.0.

    Args:
        ja_doc, en_doc: the two texts.
        level: ``paragraph`` or ``sentence``.
        embeddings: ``auto``, ``on`` or ``off``, for the aligner.
        realign: ignore a saved alignment.

    Returns:
        The beads, and a note for the user saying which alignment was used (None when the
        aligner ran with nothing saved).

    Raises:
        StoreError: the saved alignment found is damaged (refused, not used).
    """
    from bireader.alignments import resolve_beads

    resolved = resolve_beads(ja_doc, en_doc, level, embeddings, realign=realign)
    return [b.as_bead() for b in resolved.beads], resolved.note


def has_saved_alignment(ja_doc: Document, en_doc: Document, level: str) -> bool:
    """Whether the user saved an alignment of this pair (same texts, or same paths) at ``level``."""
    from bireader.alignments import has_saved

    return has_saved(ja_doc, en_doc, level)


def _aligned_stream(
    ja_doc: Document, en_doc: Document, pieces: list[_Piece], level: str, embeddings: str, realign: bool = False
) -> ReadingStream:
    beads, note = align_beads(ja_doc, en_doc, level, embeddings, realign=realign)
    en_texts = _en_texts(en_doc, level)
    name = en_doc.path or "standard input"
    return ReadingStream(
        ja=ja_doc,
        level=level,
        source=f"aligned: {name}",
        en=en_doc,
        notes=(note,) if note else (),
        total=len(beads),
        _produce=lambda start, stop: _aligned_units(beads, pieces, en_texts, start, stop),
        _peek=lambda index: _bead_text(beads, index, pieces, en_texts),
    )


def _is_timed(doc: Document) -> bool:
    """A subtitle document: every paragraph is a cue with its times."""
    return bool(doc.paragraphs) and all(p.time_start is not None for p in doc.paragraphs)


def _text_aligner(embeddings: str) -> Callable[[list[str], list[str]], list[Bead]]:
    from bireader.align import align_units

    return lambda ja, en: list(align_units(ja, en, embeddings=embeddings))


def _timed_stream(ja_doc: Document, en_doc: Document, pieces: list[_Piece], level: str, embeddings: str) -> ReadingStream:
    """Two subtitle files: cues paired by time (``bireader.align.timing``), sentences inside each cue pair by text."""
    from bireader.align.timing import pair_by_time, sentence_beads

    align_texts = _text_aligner(embeddings)
    pairing = pair_by_time(
        [(p.time_start, p.time_end) for p in ja_doc.paragraphs],
        [(p.time_start, p.time_end) for p in en_doc.paragraphs],
        [p.text for p in ja_doc.paragraphs],
        [p.text for p in en_doc.paragraphs],
        align_texts=align_texts,
    )
    beads = pairing.beads
    if level == "sentence":
        beads = sentence_beads(beads, ja_doc, en_doc, align_texts=align_texts)
    notes = [pairing.note()]
    en_texts = _en_texts(en_doc, level)
    return ReadingStream(
        ja=ja_doc,
        level=level,
        source=f"aligned: {en_doc.path or 'standard input'}",
        en=en_doc,
        notes=tuple(n for n in notes if n),
        total=len(beads),
        _produce=lambda start, stop: _aligned_units(beads, pieces, en_texts, start, stop),
        _peek=lambda index: _bead_text(beads, index, pieces, en_texts),
    )


def _chaptered_stream(
    ja_doc: Document, en_doc: Document, pieces: list[_Piece], level: str, embeddings: str
) -> ReadingStream:
    """Two books with chapters: chapters paired first, then each pair's paragraphs, one pair at a time."""
    from bireader.align.chapters import ChapterAligner

    aligner = ChapterAligner(ja_doc, en_doc, level=level, embeddings=embeddings)
    total, complete = aligner.step()  # the first chapter pair: what the first screen shows
    en_texts = _en_texts(en_doc, level)
    paired = sum(1 for i, j in aligner.pairs if i is not None and j is not None)
    notes = [f"{paired} chapters paired by title, length and place, then aligned chapter by chapter"]
    alone = aligner.unpaired()
    if alone:
        shown = ", ".join(alone[:4]) + (f" and {len(alone) - 4} more" if len(alone) > 4 else "")
        notes.append(f"no partner in the other edition: {shown}")
    return ReadingStream(
        ja=ja_doc,
        level=level,
        source=f"aligned: {en_doc.path or 'standard input'}",
        en=en_doc,
        notes=tuple(notes),
        total=total,
        _produce=lambda start, stop: _aligned_units(aligner.beads, pieces, en_texts, start, stop),
        _peek=lambda index: _bead_text(aligner.beads, index, pieces, en_texts),
        complete=complete,
        _more=aligner.step,
    )


def _aligned_units(
    beads: Sequence[Bead], pieces: list[_Piece], en_texts: list[str], first: int, stop: int
) -> Iterator[Unit]:
    # An English-only unit sits where the last Japanese unit before it ended.
    last_paragraph = 0
    position = 0
    for bead in reversed(beads[:first]):
        if bead.ja:
            last_paragraph, position = pieces[bead.ja[-1]].paragraph, pieces[bead.ja[-1]].end
            break
    for index in range(first, stop):
        bead = beads[index]
        ja_parts = [pieces[i] for i in bead.ja]
        if ja_parts:
            paragraph = ja_parts[0].paragraph
            start, end = ja_parts[0].start, ja_parts[-1].end
            last_paragraph, position = ja_parts[-1].paragraph, end
        else:
            paragraph = last_paragraph
            start = end = position
        yield Unit(
            index=index,
            # Japanese runs join with no separator, English with a single space.
            ja="".join(p.text for p in ja_parts),
            en=" ".join(en_texts[i] for i in bead.en),
            source="aligned",
            score=float(bead.score),
            ja_index=tuple(bead.ja),
            en_index=tuple(bead.en),
            paragraph=paragraph,
            ja_start=start,
            ja_end=end,
            time_start=_first_time(ja_parts),
            time_end=max((p.time_end for p in ja_parts if p.time_end is not None), default=None),
            is_code=bool(ja_parts) and all(p.is_code for p in ja_parts),
        )


def _bead_text(beads: Sequence[Bead], index: int, pieces: list[_Piece], en_texts: list[str]) -> UnitText:
    bead = beads[index]
    en = " ".join(en_texts[i] for i in bead.en)
    if bead.ja:
        first = pieces[bead.ja[0]]
        return UnitText("".join(pieces[i].text for i in bead.ja), en, first.paragraph, first.start)
    # English alone sits where the Japanese before it ended (as ``_aligned_units`` places it).
    for before in range(index - 1, -1, -1):
        if beads[before].ja:
            last = pieces[beads[before].ja[-1]]
            return UnitText("", en, last.paragraph, last.end)
    return UnitText("", en, 0, 0)


def _piece_text(piece: _Piece) -> UnitText:
    # Code blocks are never glossed or translated: their English is known to be empty.
    return UnitText(piece.text, "" if piece.is_code else None, piece.paragraph, piece.start)


def _first_time(parts: Sequence[_Piece]) -> int | None:
    return min((p.time_start for p in parts if p.time_start is not None), default=None)


# --- Gloss and machine translation ---------------------------------------------------


def gloss_function() -> Callable[[str], str]:
    """``bireader.gloss.gloss_text`` (a seam the tests replace)."""
    from bireader.gloss import gloss_text

    return gloss_text


def _glossed_units(pieces: list[_Piece], start: int, stop: int) -> Iterator[Unit]:
    gloss = gloss_function()
    for index in range(start, stop):
        piece = pieces[index]
        # Code is not Japanese to gloss.
        yield _unit(index, piece, "" if piece.is_code else gloss(piece.text), GLOSS)


def _unit(index: int, piece: _Piece, en: str, source: str) -> Unit:
    return Unit(
        index=index,
        ja=piece.text,
        en=en,
        source=source,
        score=None,
        ja_index=(index,),
        en_index=(index,) if en else (),
        paragraph=piece.paragraph,
        ja_start=piece.start,
        ja_end=piece.end,
        time_start=piece.time_start,
        time_end=piece.time_end,
        is_code=piece.is_code,
    )


def _translated_stream(
    ja_doc: Document,
    pieces: list[_Piece],
    level: str,
    engine: str,
    url: str | None,
    timeout: float,
    refresh: bool,
    fallback: str | None,
) -> ReadingStream:
    from bireader.translate import translate_texts

    def produce(start: int, stop: int) -> Iterator[Unit]:
        chosen = pieces[start:stop]
        # Code blocks are not sent to the engine: they are not Japanese to translate.
        prose = [i for i, p in enumerate(chosen) if not p.is_code]
        texts = [""] * len(chosen)
        sources = [f"mt:{engine}"] * len(chosen)
        if prose:
            result = translate_texts(
                [chosen[i].text for i in prose], engine, url=url, timeout=timeout, refresh=refresh, fallback=fallback
            )
            got = list(getattr(result, "sources", None) or [f"mt:{engine}"] * len(result.texts))
            for k, i in enumerate(prose):
                texts[i], sources[i] = result.texts[k], got[k]
        units = [
            _unit(start + i, piece, texts[i], _unit_source(sources[i], engine)) for i, piece in enumerate(chosen)
        ]
        return iter(units)

    return ReadingStream(
        ja=ja_doc,
        level=level,
        source=f"mt:{engine}",
        en=None,
        notes=(),
        total=len(pieces),
        _produce=produce,
        _peek=lambda index: _piece_text(pieces[index]),
    )


def _unit_source(source: str, engine: str) -> str:
    """Normalise what the translation layer reports per unit to ``mt:ENGINE`` or ``gloss``."""
    if not source:
        return f"mt:{engine}"
    if source == GLOSS or source.startswith(GLOSS):
        return GLOSS
    if source.startswith("mt:"):
        return source
    if source in ("cache", "network", "mt"):
        return f"mt:{engine}"
    return f"mt:{source}"
