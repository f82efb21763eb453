"""The ``terms`` rule: a glossary term in the Japanese whose translation is missing from the English.

The glossary is the user's own, joined with a client's OmegaT glossary file when
one is given (``CheckContext.glossary``). What counts as the translation
occurring (plurals, a parenthesised abbreviation alone, "Russian" for "Russia" …)
is ``bireader.glossary.EnglishText``'s business. ``check_documents`` is the same
question asked by ``bireader glossary check``, with its own report shape.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Sequence

from bireader.check.findings import CheckContext, Finding, Segment
from bireader.glossary import EnglishText, user_matcher

if TYPE_CHECKING:
    from bireader.glossary import TermMatch, TermMatcher


@dataclass(slots=True)
class BeadTerms:
    """The glossary terms of one bead: every occurrence, and those whose translation is missing."""

    found: list[tuple[int, "TermMatch"]]  # (index of the Japanese part, match)
    missing: list[tuple[int, "TermMatch", tuple[str, ...]]]  # first occurrence per term, with its translations
    english: EnglishText | None  # the English prepared for excerpts (None when nothing was found)


def bead_terms(ja_parts: Sequence[str], en_text: str, matcher: "TermMatcher") -> BeadTerms:
    """Find the glossary terms of a bead's Japanese and check each one's translation in its English.

    Args:
        ja_parts: the bead's Japanese units.
        en_text: its English.
        matcher: the glossary terms to look for.
    """
    result = BeadTerms([], [], None)
    reported: set[str] = set()
    for index, ja_text in enumerate(ja_parts):
        for match in matcher.find(ja_text):
            result.found.append((index, match))
            if match.term in reported:
                continue
            translations = tuple(g for sense in match.entry.senses for g in sense.glosses)
            if result.english is None:
                result.english = EnglishText(en_text)
            if any(result.english.contains(t) for t in translations):
                continue
            reported.add(match.term)
            result.missing.append((index, match, translations))
    return result


def check_terms(segments: Sequence[Segment], context: CheckContext) -> Iterator[Finding]:
    """Beads with a glossary term whose translation is not in the English."""
    matcher = context.glossary
    if matcher is None or not matcher.entries:
        return
    for seg in segments:
        if not seg.ja or not seg.en:
            continue
        missing = [
            f"{match.term} → {' / '.join(translations)}" for _, match, translations in bead_terms([seg.ja], seg.en, matcher).missing
        ]
        if missing:
            yield seg.finding("terms", "translation missing: " + "; ".join(missing))


# --- bireader glossary check -----------------------------------------------------------------



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
    matcher = user_matcher(path)
    if not matcher.entries:
        return CheckReport(pairs=len(beads), occurrences=0, terms=0, problems=(), glossary_size=0)
    problems: list[CheckProblem] = []
    occurrences = 0
    seen_terms: set[str] = set()
    for number, bead in enumerate(beads, start=1):
        if not bead.ja:
            continue
        ja_parts = [ja_units[i] for i in bead.ja]
        en_text = " ".join(en_units[i] for i in bead.en)
        terms = bead_terms([text for text, _ in ja_parts], en_text, matcher)
        occurrences += len(terms.found)
        seen_terms.update(match.term for _, match in terms.found)
        for index, match, translations in terms.missing:
            ja_text, ja_offset = ja_parts[index]
            start = ja_offset + match.start
            excerpt = ""
            if en_text and terms.english is not None:
                excerpt = terms.english.excerpt(translations[0], near=_relative(ja_parts, ja_text, match.start))
            problems.append(
                CheckProblem(
                    pair=number,
                    paragraph=bisect.bisect_right(paragraph_starts, start),
                    term=match.term,
                    expected=translations,
                    ja=" ".join(t for t, _ in ja_parts),
                    en=en_text,
                    excerpt=excerpt,
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
