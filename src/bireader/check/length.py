"""The ``length`` rule: beads whose English is far longer or shorter than this text's translations usually are.

A translation's length follows its source's: in Gale and Church's model (1993),
the English length of a bead is about ``c`` times its Japanese length, with a
variance that grows with the length. Here ``c`` is the text's own ratio (its
English characters over its Japanese ones) and the variance is estimated from the
text too, robustly (the median of the squared deviations, so the outliers being
looked for do not hide themselves). A bead is reported when its deviation is
beyond what the model gives with probability 1 in 1,000 *and* its ratio is at
least twice or at most half the text's, so that a long paragraph a little off the
mean is not reported. A text of fewer than ``MIN_BEADS`` beads has no ratio of its
own to speak of and is not checked.
"""

from __future__ import annotations

import math
from typing import Iterator, Sequence

from bireader.check.findings import CheckContext, Finding, Segment

MIN_BEADS = 10
# |z| above this has a probability under 0.001 for a normal deviation (two-sided).
Z_LIMIT = 3.29
# And the bead's ratio must be this many times the text's (or its inverse).
FACTOR = 2.0
# The median of a chi-square variable with one degree of freedom: turns the median
# squared deviation into a variance estimate.
CHI2_MEDIAN = 0.4549


def _chars(text: str) -> int:
    """Characters other than spaces (English spaces would count against Japanese, which has none)."""
    return len("".join(text.split()))


def check_length(segments: Sequence[Segment], context: CheckContext) -> Iterator[Finding]:
    """Beads whose English/Japanese length ratio is an outlier for the text."""
    sized = [(seg, _chars(seg.ja), _chars(seg.en)) for seg in segments]
    sized = [(seg, ja, en) for seg, ja, en in sized if ja and en]
    if len(sized) < MIN_BEADS:
        return
    ratio = sum(en for _, _, en in sized) / sum(ja for _, ja, _ in sized)
    squared = sorted((en - ratio * ja) ** 2 / ja for _, ja, en in sized)
    variance = squared[len(squared) // 2] / CHI2_MEDIAN
    if variance <= 0:
        return
    for seg, ja, en in sized:
        z = (en - ratio * ja) / math.sqrt(ja * variance)
        factor = (en / ja) / ratio
        if abs(z) > Z_LIMIT and (factor >= FACTOR or factor <= 1 / FACTOR):
            yield seg.finding(
                "length",
                f"the English is {factor:.2g} times the usual length for this text "
                f"({en / ja:.2f} English characters per Japanese character; the text's ratio: {ratio:.2f})",
            )
