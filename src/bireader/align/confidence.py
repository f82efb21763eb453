"""Bead confidence."""

from __future__ import annotations

import math
from dataclasses import replace

from bireader.align.scorer import Scorer
from bireader.model import Bead


def confidence(scorer: Scorer, beads: list[Bead]) -> list[Bead]:
    """Map raw bead scores to [0, 1]: a logistic of the score per unit; unaligned units are doubtful."""
    out = []
    for bead in beads:
        units = len(bead.ja) + len(bead.en)
        if not bead.ja or not bead.en:
            conf = 0.2
        else:
            x = bead.score / max(units / 2.0, 1.0)
            conf = 1.0 / (1.0 + math.exp(-1.5 * (x - 0.5)))
        out.append(replace(bead, score=round(conf, 4)))
    return out


