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

import unicodedata
from typing import Iterator, Sequence

from bireader.check.findings import CheckContext, Finding, Segment

_EDGE_PUNCTUATION = " \t.,;:!?…'\"“”‘’「」『』()（）[]【】、。！？・-–—"


def comparable(text: str) -> str:
    """The form renderings are compared in: NFKC, case-folded, single spaces, no edge punctuation."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split()).strip(_EDGE_PUNCTUATION)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _first_by_key(segments: Sequence[Segment], key_side: str, value_side: str) -> Iterator[tuple[Segment, Segment]]:
    """``(segment, earlier)`` where ``earlier`` has the same ``key_side`` text but another ``value_side``."""
    firsts: dict[str, dict[str, Segment]] = {}
    for seg in segments:
        key_text, value_text = getattr(seg, key_side), getattr(seg, value_side)
        if not key_text.strip() or not value_text.strip():
            continue
        key = comparable(key_text)
        if not any(ch.isalpha() for ch in key):
            continue
        renderings = firsts.setdefault(key, {})
        value = comparable(value_text)
        if value not in renderings:
            if renderings:
                yield seg, next(iter(renderings.values()))
            renderings[value] = seg


def check_consistency(segments: Sequence[Segment], context: CheckContext) -> Iterator[Finding]:
    """Beads whose Japanese was rendered otherwise before, or whose English rendered other Japanese."""
    found: list[tuple[int, Finding]] = []
    for seg, earlier in _first_by_key(segments, "ja", "en"):
        detail = f"the same Japanese is rendered otherwise in bead {earlier.number}: {_short(earlier.en)}"
        found.append((seg.number, seg.finding("consistency", detail)))
    for seg, earlier in _first_by_key(segments, "en", "ja"):
        detail = f"the same English renders other Japanese in bead {earlier.number}: {_short(earlier.ja, 40)}"
        found.append((seg.number, seg.finding("consistency", detail)))
    found.sort(key=lambda pair: pair[0])
    for _, finding in found:
        yield finding
