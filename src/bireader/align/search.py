"""The banded dynamic-programming search for the best bead path."""

from __future__ import annotations

from bireader.align.band import Band
from bireader.align.params import MAX_RUN, SHAPES
from bireader.align.scorer import Scorer
from bireader.model import Bead

# Cells (shapes × rows × columns) scored in one stack: enough for every shape of a pair of
# short texts at once, small enough that a book's temporaries stay a few megabytes each.
STACKED_CELLS = 1 << 16


def search(
    scorer: Scorer, band: Band, max_units: int = 2 * MAX_RUN, posterior: float | None = None
) -> tuple[list[Bead], bool]:
    """Best path through the band (beads of at most ``max_units`` units); also says whether it touched the band's edge.

    With ``posterior`` (a temperature), each bead's score is its posterior probability: the
    share of all paths through the band, weighted by exp(score / temperature), that hold it
    (a forward-backward pass over the same grid); else the raw bead score."""
    np = scorer.np
    n, m = scorer.n, scorer.m
    scorer.prepare_grid(band)
    lo = scorer.blo
    W = scorer.W
    NEG = -1e18
    shapes = [(a, b) for a, b in SHAPES if a >= 1 and a + b <= max_units]
    S = len(shapes)
    rows = np.arange(n + 1)
    # Per row, cell and shape: the bead's score and the flat index in D of its predecessor
    # cell (i - a, j - b), so that each row is one gather and one max over the shapes.
    scores = np.empty((n + 1, S, W))
    index = np.int32 if (n + 1) * W < 2**31 else np.int64
    # Shapes with the same English run share most terms: score them b by b. A small band has
    # all its shapes scored in one stack (numpy's cost per call is the time there); a long
    # book's band one shape at a time, as its grids are big enough to be the time themselves.
    order = sorted(range(S), key=lambda k: (shapes[k][1], shapes[k][0]))
    if S * (n + 1) * W <= STACKED_CELLS:
        scores[:] = scorer.shape_scores([shapes[k] for k in order]).transpose(1, 0, 2)[:, np.argsort(order), :]
        A = np.array([a for a, _ in shapes])
        B = np.array([b for _, b in shapes])
        Ia = np.maximum(rows[:, None] - A[None, :], 0)  # (row, shape)
        prev = (Ia[:, :, None] * W + np.minimum(np.maximum(scorer.J[:, None, :] - B[None, :, None] - lo[Ia][:, :, None], 0), W - 1)).astype(index)
    else:
        prev = np.empty((n + 1, S, W), dtype=index)
        for k in order:
            a, b = shapes[k]
            scores[:, k, :] = scorer.shape_scores([(a, b)])[0]
            Ia = np.maximum(rows - a, 0)
            prev[:, k, :] = Ia[:, None] * W + np.minimum(np.maximum(scorer.J - b - lo[Ia][:, None], 0), W - 1)
    scorer.release_grid()
    # Shapes are ordered by a: the first rows can only end beads of the first few shapes.
    usable = [sum(1 for a, _ in shapes if a <= i) for i in range(MAX_RUN + 1)]
    skip = scorer.p.skip
    D = np.full((n + 1, W), NEG)
    flat = D.reshape(-1)
    choice = np.full((n + 1, W), -1, dtype=np.int8)  # index into shapes; len(shapes) means 0:1
    ramp = skip * np.arange(W)
    none = np.full(W, -1, dtype=np.intp)
    invalid = ~scorer.valid
    # Row by row, each step in place where it can be: on a short pair numpy's cost per call is the time.
    for i in range(n + 1):
        c = usable[i] if i <= MAX_RUN else S
        if c:
            cand = flat[prev[i, :c]]
            cand += scores[i, :c]
            # The first shape with the highest score wins, and nothing beats NEG.
            best = cand.max(axis=0)
            ch = np.where(best > NEG, cand.argmax(axis=0), none)
            np.maximum(best, NEG, out=best)
        else:
            best = np.full(W, NEG)
            ch = none
        if i == 0:
            best[0] = 0.0
        # 0:1 beads move along the row: D[j] = max(best[j], D[j-1] - skip).
        row = D[i]
        np.add(best, ramp, out=row)
        np.maximum.accumulate(row, out=row)
        row -= ramp
        choice[i] = np.where(row > best + 1e-9, S, ch)
        row[invalid[i]] = NEG
    beads: list[Bead] = []
    i, j = n, m
    touched = False
    hi = scorer.bhi
    while i > 0 or j > 0:
        col = j - lo[i]
        k = int(choice[i, col])
        if k < 0:
            raise RuntimeError("alignment search found no path")  # cannot happen: 1:0/0:1 always connect
        if (j == lo[i] and lo[i] > 0) or (j == hi[i] and hi[i] < m):
            touched = True
        if k == len(shapes):
            a, b, s = 0, 1, -skip
        else:
            a, b = shapes[k]
            s = float(scores[i, k, col])
        beads.append(Bead(ja=tuple(range(i - a, i)), en=tuple(range(j - b, j)), score=s))
        i, j = i - a, j - b
    beads.reverse()
    if posterior is not None:
        beads = _posteriors(np, beads, scores, prev, scorer.valid, lo, shapes, usable, skip, posterior)
    return beads, touched


def _posteriors(np, beads, scores, prev, valid, lo, shapes, usable, skip, temperature):
    """Forward-backward over the band: each bead of the best path with its posterior probability."""
    n1, S, W = scores.shape
    NEG = -1e18
    sc = scores / temperature
    sk = skip / temperature
    ramp = sk * np.arange(W)
    F = np.full((n1, W), NEG)
    ff = F.reshape(-1)
    for i in range(n1):
        c = usable[i] if i <= MAX_RUN else S
        row = np.logaddexp.reduce(ff[prev[i, :c]] + sc[i, :c], axis=0) if c else np.full(W, NEG)
        if i == 0:
            row[0] = 0.0
        # Any number of 0:1 beads along the row, in closed form.
        row = np.logaddexp.accumulate(row + ramp) - ramp
        row[~valid[i]] = NEG
        F[i] = row
    B = np.full((n1, W), NEG)
    bf = B.reshape(-1)
    last = n1 - 1
    B[last, int(np.flatnonzero(valid[last])[-1])] = 0.0
    for i in range(last, -1, -1):
        row = B[i]
        row = (np.logaddexp.accumulate((row - ramp)[::-1]) + ramp[::-1])[::-1] if W > 1 else row
        row[~valid[i]] = NEG
        B[i] = row
        c = usable[i] if i <= MAX_RUN else S
        if c and i > 0:
            np.logaddexp.at(bf, prev[i, :c].reshape(-1), (sc[i, :c] + row[None, :]).reshape(-1))
    total = F[last, int(np.flatnonzero(valid[last])[-1])]
    index = {shape: k for k, shape in enumerate(shapes)}
    out = []
    i = j = 0
    for bead in beads:
        a, b = len(bead.ja), len(bead.en)
        i2, j2 = i + a, j + b
        end = (i2, j2 - lo[i2])
        if a == 0:
            logp = F[i2, j2 - 1 - lo[i2]] - sk + B[end] - total
        else:
            k = index[(a, b)]
            logp = ff[prev[i2, k, end[1]]] + sc[i2, k, end[1]] + B[end] - total
        out.append(Bead(ja=bead.ja, en=bead.en, score=float(min(1.0, np.exp(min(logp, 0.0))))))
        i, j = i2, j2
    return out


