"""The band the search runs in: a strip around a monotone path through the (ja, en) grid."""

from __future__ import annotations

import bisect
from typing import Sequence

from bireader.model import Bead



class Band:
    """Rows i = 0..n (ja units consumed); row i holds columns lo[i]..hi[i] (en units consumed)."""

    def __init__(self, lo: list[int], hi: list[int]) -> None:
        self.lo = lo
        self.hi = hi


def diagonal_band(ja_len: Sequence[float], en_len: Sequence[float], half: int) -> Band:
    n, m = len(ja_len), len(en_len)
    centre = length_diagonal(ja_len, en_len)
    return band_around([(i, centre[i]) for i in range(n + 1)], n, m, half)


def length_diagonal(ja_len: Sequence[float], en_len: Sequence[float]) -> list[int]:
    n, m = len(ja_len), len(en_len)
    tj = sum(ja_len) or 1.0
    cum_en = [0.0]
    for x in en_len:
        cum_en.append(cum_en[-1] + x)
    te = cum_en[-1] or 1.0
    centre = []
    acc = 0.0
    for i in range(n + 1):
        frac = acc / tj if i < n else 1.0
        j = bisect.bisect_left(cum_en, frac * te) if te else round(frac * m)
        centre.append(min(m, max(0, j)))
        if i < n:
            acc += ja_len[i]
    if n == 0:
        return [m]
    return centre


def band_around(points: Sequence[tuple[int, int]], n: int, m: int, half: int) -> Band:
    """A band of half-width ``half`` (in units, both directions) around a monotone path."""
    # Row r spans the columns of every point within ``half`` rows of it, ``half`` further each
    # way: the lowest and highest column of the points on each row (padded by ``half`` rows
    # either side), then a window over the rows. m + half and -half stand for "no point".
    w = 2 * half + 1
    low = [m + half] * (n + w)
    high = [-half] * (n + w)
    for i, j in points:
        k = i + half
        if 0 <= k < n + w:
            if j < low[k]:
                low[k] = j
            if j > high[k]:
                high[k] = j
    lo = [max(0, min(low[r : r + w]) - half) for r in range(n + 1)]
    hi = [min(m, max(high[r : r + w]) + half) for r in range(n + 1)]
    # Monotone, and the corners included.
    lo[0] = 0
    hi[n] = m
    for i in range(1, n + 1):
        hi[i] = max(hi[i], hi[i - 1])
    for i in range(n - 1, -1, -1):
        lo[i] = min(lo[i], lo[i + 1])
    for i in range(n + 1):
        if lo[i] > hi[i]:
            lo[i], hi[i] = hi[i], lo[i]
    return Band(lo, hi)


def path_points(beads: Sequence[Bead]) -> list[tuple[int, int]]:
    pts = [(0, 0)]
    i = j = 0
    for b in beads:
        i += len(b.ja)
        j += len(b.en)
        pts.append((i, j))
    return pts

