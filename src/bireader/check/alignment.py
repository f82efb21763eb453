"""The ``alignment`` rule: beads the aligner is not confident about, and English with no Japanese."""

from __future__ import annotations

from typing import Iterator, Sequence

from bireader.check.findings import CheckContext, Finding, Segment


def check_alignment(segments: Sequence[Segment], context: CheckContext) -> Iterator[Finding]:
    """Beads below the doubt threshold (``context.doubt``) or with English but no Japanese.

    Japanese with no English is the untranslated rule's finding, so it is not repeated here.
    """
    for seg in segments:
        if not seg.ja.strip():
            if seg.en.strip():
                yield seg.finding("alignment", "English with no Japanese")
            continue
        if not seg.en.strip():
            continue
        if seg.score is not None and seg.score < context.doubt:
            yield seg.finding("alignment", f"aligner confidence {seg.score:.3f} (doubtful below {context.doubt:g})")
