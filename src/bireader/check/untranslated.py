"""The ``untranslated`` rule: the English is empty, still contains Japanese, or is the source unchanged."""

from __future__ import annotations

import re
from typing import Iterator, Sequence

from bireader.check.findings import CheckContext, Finding, Segment, nfkc

# Hiragana, katakana (not the middle dot ・, used as a bullet), CJK ideographs and
# half-width katakana: text a reader of the English could not read.
_JAPANESE = re.compile("[\u3041-\u309f\u30a0-\u30fa\u30fc-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]+")


def _normal(text: str) -> str:
    return " ".join(nfkc(text).split())


def check_untranslated(segments: Sequence[Segment], context: CheckContext) -> Iterator[Finding]:
    """Beads whose Japanese has no English, or whose English is (partly) still Japanese."""
    for seg in segments:
        if not seg.ja.strip():
            continue  # English with no Japanese is the alignment rule's
        if not seg.en.strip():
            yield seg.finding("untranslated", "no English")
            continue
        japanese = _JAPANESE.search(seg.en)
        if japanese and _normal(seg.en) == _normal(seg.ja):
            # (A Japanese side with no Japanese in it, #Product1# or a URL, stays as it is.)
            yield seg.finding("untranslated", "the English is the Japanese unchanged")
        elif japanese:
            shown = japanese.group()
            shown = shown if len(shown) <= 20 else shown[:20] + "…"
            yield seg.finding("untranslated", f"the English contains Japanese: {shown}")
