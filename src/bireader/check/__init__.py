"""Quality checks of a translation, bead by bead: the rules of ``bireader check``.

One small function a rule, each ``rule(segments, context) -> Iterator[Finding]``:

- ``numbers``: every number on one side is on the other (３万 = 30,000 = 30 thousand);
- ``latin``: Latin-script tokens (NATO, ``v2.1``), URLs and e-mail addresses kept;
- ``terms``: a glossary term in the Japanese whose translation is missing;
- ``untranslated``: the English is empty, still Japanese, or the source unchanged;
- ``consistency``: one Japanese text rendered two ways, or one English for two Japanese;
- ``length``: an English/Japanese length ratio far from the text's own;
- ``alignment``: beads the aligner doubts (score below 0.9), English with no Japanese.

The beads come from a pair of documents (``segments_from_documents``: the
alignment through ``bireader.reading``, so a saved alignment is used when there is
one) or from a translation memory (``segments_from_tmx``). ``check_segments`` runs
the rules and returns the findings in bead order.
"""

from __future__ import annotations

import contextlib
import gc
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence

from bireader.check.alignment import check_alignment
from bireader.check.consistency import check_consistency
from bireader.check.findings import DOUBT, CheckContext, Finding, Segment
from bireader.check.latin import check_latin
from bireader.check.length import check_length
from bireader.check.numbers import check_numbers
from bireader.check.terms import check_terms
from bireader.check.untranslated import check_untranslated
from bireader.errors import InputError

if TYPE_CHECKING:
    from bireader.export.tmx import TmxMemory
    from bireader.glossary import TermMatcher
    from bireader.model import Document, Reading

Rule = Callable[[Sequence[Segment], CheckContext], Iterator[Finding]]

RULES: dict[str, Rule] = {
    "numbers": check_numbers,
    "latin": check_latin,
    "terms": check_terms,
    "untranslated": check_untranslated,
    "consistency": check_consistency,
    "length": check_length,
    "alignment": check_alignment,
}
RULE_NAMES: tuple[str, ...] = tuple(RULES)


def choose_rules(ignore: Iterable[str] = ()) -> tuple[str, ...]:
    """The rules left after ``ignore`` (names, or comma-separated lists of names).

    Raises:
        InputError: an unknown rule name, naming the valid ones.
    """
    ignored: set[str] = set()
    for item in ignore:
        for name in item.split(","):
            name = name.strip().lower()
            if not name:
                continue
            if name not in RULES:
                raise InputError(f"unknown rule {name!r}; the rules are: {', '.join(RULE_NAMES)}")
            ignored.add(name)
    return tuple(name for name in RULE_NAMES if name not in ignored)


def check_segments(
    segments: Sequence[Segment],
    *,
    rules: Iterable[str] = RULE_NAMES,
    glossary: "TermMatcher | None" = None,
    doubt: float = DOUBT,
) -> list[Finding]:
    """Run the chosen rules over the beads.

    Args:
        segments: the beads, in order.
        rules: rule names (see ``RULES``); all by default.
        glossary: the terms for the ``terms`` rule (``bireader.glossary.user_matcher()``,
            possibly combined with a client's); no terms rule without one.
        doubt: the aligner confidence below which a bead is doubtful.

    Returns:
        The findings sorted by bead, then in the order of ``RULE_NAMES``.
    """
    context = CheckContext(glossary=glossary, doubt=doubt)
    order = {name: i for i, name in enumerate(RULE_NAMES)}
    findings: list[Finding] = []
    with _no_cycle_collection():
        for name in rules:
            findings.extend(RULES[name](segments, context))
    findings.sort(key=lambda f: (f.bead, order[f.rule]))
    return findings


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while a check reads a pair or runs its rules.

    Both make tens of thousands of small objects (paragraphs, beads, segments, the numbers
    of each bead) that make no reference cycles: reference counting frees whatever they
    drop, and every collection their allocations set off walks all the live ones again for
    nothing (about a tenth of a check of a 10,000-bead pair on a saved alignment).
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def segments_from_reading(reading: "Reading") -> list[Segment]:
    """The beads of an aligned ``Reading``, numbered from 1."""
    return [
        Segment(
            number=unit.index + 1, ja=unit.ja, en=unit.en, score=unit.score,
            ja_index=tuple(unit.ja_index), en_index=tuple(unit.en_index),
        )
        for unit in reading.units
    ]


def segments_from_documents(
    ja: "str | Path | Document",
    en: "str | Path | Document",
    *,
    level: str = "sentence",
    embeddings: str = "auto",
    realign: bool = False,
) -> tuple[list[Segment], tuple[str, ...]]:
    """Align a Japanese text with its English (or take the saved alignment) and return its beads.

    The alignment goes through ``bireader.reading`` (``align_beads``), the one place
    that knows about saved alignments; a pair with one is not made into a ``Reading`` first.

    Returns:
        ``(segments, notes)``: the beads and the reading's remarks for the user
        (for instance that a saved alignment was used).
    """
    from bireader import reading
    from bireader.alignments import unit_texts
    from bireader.document import read_document
    from bireader.model import Document

    if level not in reading.LEVELS or embeddings not in reading.EMBEDDINGS:
        return _segments_of_reading(ja, en, level, embeddings, realign)  # which says what is wrong
    with _no_cycle_collection():
        ja_doc = ja if isinstance(ja, Document) else read_document(ja, lang="ja")
        en_doc = en if isinstance(en, Document) else read_document(en, lang="en")
        saved = not realign and reading.has_saved_alignment(ja_doc, en_doc, level)
    if not saved:
        # (The aligner runs here, collector on: it makes arrays and objects of its own.)
        return _segments_of_reading(ja_doc, en_doc, level, embeddings, realign)
    with _no_cycle_collection():
        # A saved alignment wins over pairing by time or by chapter (as in ``stream_reading``): its
        # beads become segments at once, with no ``Reading`` of ten thousand units made on the way.
        beads, note = reading.align_beads(ja_doc, en_doc, level, embeddings)
        ja_texts, en_texts = unit_texts(ja_doc, level), unit_texts(en_doc, level)
        segments = [
            # Joined as a reading joins a bead's units: Japanese with no separator, English with a space.
            Segment(
                number=number, ja="".join([ja_texts[i] for i in bead.ja]), en=" ".join([en_texts[i] for i in bead.en]),
                score=float(bead.score), ja_index=tuple(bead.ja), en_index=tuple(bead.en),
            )
            for number, bead in enumerate(beads, start=1)
        ]
    return segments, (note,) if note else ()


def _segments_of_reading(ja, en, level: str, embeddings: str, realign: bool) -> tuple[list[Segment], tuple[str, ...]]:
    from bireader.reading import build_reading

    reading = build_reading(ja, english=en, level=level, embeddings=embeddings, realign=realign)
    return segments_from_reading(reading), reading.notes


def segments_from_tmx(memory: "TmxMemory", *, name: str = "the memory") -> list[Segment]:
    """The Japanese–English units of a translation memory, numbered in file order.

    Raises:
        InputError: the memory has no unit with both a Japanese and an English segment.
    """
    segments: list[Segment] = []
    for number, unit in enumerate(memory.units, start=1):
        ja, en = unit.text("ja"), unit.text("en")
        if ja is None or en is None:
            continue
        score = unit.props.get("x-score")
        try:
            value = float(score) if score else None
        except ValueError:
            value = None
        segments.append(Segment(number=number, ja=ja, en=en, score=value, file=unit.props.get("x-file", "")))
    if memory.units and not segments:
        languages = sorted({lang for unit in memory.units for lang in unit.segments})
        raise InputError(f"{name} has no unit with both Japanese and English (its languages: {', '.join(languages)})")
    return segments


__all__ = [
    "DOUBT", "RULES", "RULE_NAMES", "CheckContext", "Finding", "Rule", "Segment", "check_segments", "choose_rules",
    "segments_from_documents", "segments_from_reading", "segments_from_tmx",
]
