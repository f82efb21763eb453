"""The ``consistency`` rule: one Japanese text rendered two ways, one English text used for two Japanese.

Within a pair (or a translation memory), a sentence that repeats should be
translated the same way each time, and one English sentence should not stand for
two different Japanese ones: either is what Xbench calls an inconsistency in
target or in source. Renderings that differ only in case, spacing or the
punctuation around them count as the same. A bead is reported against the first
bead that has the other rendering; texts with no letters (numbers, symbols) are
not compared.
"""

from __future__ import annotations

from typing import Iterator, Sequence

from bireader.check.findings import CheckContext, Finding, Segment, nfkc

_EDGE_PUNCTUATION = " \t.,;:!?…'\"“”‘’「」『』()（）[]【】、。！？・-–—"


def comparable(text: str) -> str:
    """The form renderings are compared in: NFKC, case-folded, single spaces, no edge punctuation."""
    return " ".join(nfkc(text).casefold().split()).strip(_EDGE_PUNCTUATION)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _first_by_key(keyed: Sequence[tuple[Segment, str, str]]) -> Iterator[tuple[Segment, Segment]]:
    """``(segment, earlier)`` for each ``(segment, key, value)`` whose key was seen before with another value."""
    firsts: dict[str, dict[str, Segment]] = {}
    for seg, key, value in keyed:
        renderings = firsts.setdefault(key, {})
        if value not in renderings:
            if renderings:
                yield seg, next(iter(renderings.values()))
            renderings[value] = seg


def check_consistency(segments: Sequence[Segment], context: CheckContext) -> Iterator[Finding]:
    """Beads whose Japanese was rendered otherwise before, or whose English rendered other Japanese."""
    compared = [
        (seg, comparable(seg.ja), comparable(seg.en)) for seg in segments if seg.ja.strip() and seg.en.strip()
    ]
    found: list[tuple[int, Finding]] = []
    by_ja = [(seg, ja, en) for seg, ja, en in compared if _has_letters(ja)]
    for seg, earlier in _first_by_key(by_ja):
        detail = f"the same Japanese is rendered otherwise in bead {earlier.number}: {_short(earlier.en)}"
        found.append((seg.number, seg.finding("consistency", detail)))
    by_en = [(seg, en, ja) for seg, ja, en in compared if _has_letters(en)]
    for seg, earlier in _first_by_key(by_en):
        detail = f"the same English renders other Japanese in bead {earlier.number}: {_short(earlier.ja, 40)}"
        found.append((seg.number, seg.finding("consistency", detail)))
    found.sort(key=lambda pair: pair[0])
    for _, finding in found:
        yield finding


def _has_letters(text: str) -> bool:
    # Most texts start with a letter once their edge punctuation is gone: no generator for those.
    return text[:1].isalpha() or any(ch.isalpha() for ch in text)
