"""Subtitle pairing by time: Japanese cues with the English cues shown at the same moment.

Two subtitle files of one film split the dialogue differently (one long English
cue for two Japanese ones, or the reverse), so cues are paired n:m: every pair
of cues that overlaps for at least half of the shorter one is linked, and each
connected group of linked cues is one bead. Before that, the English times are
mapped onto the Japanese ones (a constant shift, and a drift when the two
releases run at different frame rates), found from the cue start differences.
Where times give no answer (cues on both sides with no partner in time, or a
tangle of more than ``MAX_RUN`` cues a side) the text aligner pairs the texts.

The result has the same shape as ``bireader.align.align_units``: beads in
order, covering every cue of both sides exactly once.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Callable, Sequence

from bireader.model import Bead

Times = Sequence[tuple[int, int]]  # (start ms, end ms) per cue, in time order
TextAligner = Callable[[list[str], list[str]], list[Bead]]

# Two cues are linked when they overlap for at least this share of the shorter one:
# subtitle timings of one line differ by a few hundred ms between releases, while a
# neighbouring line overlaps only at its edge.
LINK_SHARE = 0.5
# A bead bigger than this on both sides is a tangle, not a split: the text aligner decides.
MAX_RUN = 4
# The shift estimate: runs of RUN cues, at WINDOWS places in the film, whose starts must
# line up within TOLERANCE_MS; shifts (and drift over a film) up to MAX_SHIFT_MS.
RUN = 6
WINDOWS = 40
TOLERANCE_MS = 500
MAX_SHIFT_MS = 300_000


@dataclass(frozen=True, slots=True)
class CuePairing:
    """The beads, the time mapping used (``ja ≈ scale * en + offset_ms``) and how many beads the text aligner made."""

    beads: list[Bead]
    scale: float = 1.0
    offset_ms: float = 0.0
    by_text: int = 0

    def note(self) -> str:
        """One line for the user: how the cues were paired."""
        parts = ["cues paired by their times"]
        if abs(self.scale - 1.0) > 1e-4:
            parts.append(f"the English runs at {self.scale:.4f}× the Japanese speed and was mapped onto it")
        elif self.offset_ms:
            parts.append(f"the English times were shifted by {self.offset_ms / 1000:+.2f} s to match")
        if self.by_text:
            parts.append(f"{self.by_text} pairs where the times disagree were paired by their text")
        return "; ".join(parts)


def pair_by_time(
    ja: Times, en: Times, ja_texts: Sequence[str], en_texts: Sequence[str], *, align_texts: TextAligner
) -> CuePairing:
    """Pair Japanese and English cues by their times, n:m, with the text aligner where times disagree.

    Args:
        ja: the Japanese cues' times, in time order.
        en: the English cues' times, in time order.
        ja_texts: the Japanese cues' texts (for the text aligner).
        en_texts: the English cues' texts.
        align_texts: ``align_units``-like: two lists of texts → beads over them.

    Returns:
        A CuePairing whose beads cover every cue of both sides once, in order.
    """
    n, m = len(ja), len(en)
    if n == 0 or m == 0:
        return CuePairing([Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)])
    scale, offset = estimate_mapping(ja, en)
    mapped = [(scale * s + offset, scale * e + offset) for s, e in en]
    groups = _groups(ja, mapped)
    beads: list[Bead] = []
    by_text = 0

    def by_texts(i0: int, i1: int, j0: int, j1: int) -> None:
        nonlocal by_text
        made = _untimed(i0, i1, j0, j1, ja_texts, en_texts, align_texts)
        by_text += sum(1 for b in made if b.ja and b.en)
        beads.extend(made)

    i = j = 0
    for (i0, i1), (j0, j1) in groups:
        by_texts(i, i0, j, j0)  # the cues between two groups, which time did not pair
        if (i1 - i0 > MAX_RUN or j1 - j0 > MAX_RUN) and min(i1 - i0, j1 - j0) > 1:
            by_texts(i0, i1, j0, j1)
        else:
            beads.append(Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), _coverage(ja, mapped, i0, i1, j0, j1)))
        i, j = i1, j1
    by_texts(i, n, j, m)
    return CuePairing(beads, scale, offset, by_text)


def _untimed(i0, i1, j0, j1, ja_texts, en_texts, align_texts) -> list[Bead]:
    if i0 < i1 and j0 < j1:
        inner = align_texts(list(ja_texts[i0:i1]), list(en_texts[j0:j1]))
        return [Bead(tuple(i0 + k for k in b.ja), tuple(j0 + k for k in b.en), b.score) for b in inner]
    return [Bead((i,), (), 0.0) for i in range(i0, i1)] + [Bead((), (j,), 0.0) for j in range(j0, j1)]


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return min(a[1], b[1]) - max(a[0], b[0])


def _links(ja: Times, en: Sequence[tuple[float, float]]):
    """Pairs ``(i, j)`` of cues that overlap for ``LINK_SHARE`` of the shorter one."""
    starts = [s for s, _ in en]
    longest = max((e - s for s, e in en), default=0)
    for i, cue in enumerate(ja):
        ja_len = cue[1] - cue[0]
        if ja_len <= 0:
            continue
        j = bisect.bisect_left(starts, cue[0] - longest)
        while j < len(en) and en[j][0] < cue[1]:
            other = en[j]
            shorter = min(ja_len, other[1] - other[0])
            if shorter > 0 and _overlap(cue, other) >= LINK_SHARE * shorter:
                yield i, j
            j += 1


def _groups(ja: Times, en: Sequence[tuple[float, float]]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Linked cues as ``((i0, i1), (j0, j1))`` ranges, in order, never crossing.

    Connected cues form a group; a group spans from its first to its last cue on
    each side (a short cue inside it that linked to nothing belongs to it), and
    groups whose ranges cross or touch are merged, so the beads stay monotone.
    """
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x):
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    for i, j in _links(ja, en):
        a, b = find(("ja", i)), find(("en", j))
        if a != b:
            parent[a] = b
        parent.setdefault(b, b)
    spans: dict[tuple[str, int], list[int]] = {}
    for node in list(parent):
        root = find(node)
        span = spans.setdefault(root, [len(ja), -1, len(en), -1])
        side, k = node
        if side == "ja":
            span[0], span[1] = min(span[0], k), max(span[1], k)
        else:
            span[2], span[3] = min(span[2], k), max(span[3], k)
    ranges = sorted(
        [((s[0], s[1] + 1), (s[2], s[3] + 1)) for s in spans.values() if s[1] >= 0 and s[3] >= 0]
    )
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = []
    for (i0, i1), (j0, j1) in ranges:
        if merged and (i0 < merged[-1][0][1] or j0 < merged[-1][1][1]):
            (a0, a1), (b0, b1) = merged[-1]
            merged[-1] = ((min(a0, i0), max(a1, i1)), (min(b0, j0), max(b1, j1)))
        else:
            merged.append(((i0, i1), (j0, j1)))
    return merged


def _coverage(ja: Times, en: Sequence[tuple[float, float]], i0: int, i1: int, j0: int, j1: int) -> float:
    """How much of the shorter side's time span the other side covers, in [0, 1]: the bead's confidence."""
    a = (min(s for s, _ in ja[i0:i1]), max(e for _, e in ja[i0:i1]))
    b = (min(s for s, _ in en[j0:j1]), max(e for _, e in en[j0:j1]))
    shorter = min(a[1] - a[0], b[1] - b[0])
    if shorter <= 0:
        return 0.0
    return round(max(0.0, min(1.0, _overlap(a, b) / shorter)), 4)


# --- the mapping from English times to Japanese times ------------------------------------


def estimate_mapping(ja: Times, en: Times) -> tuple[float, float]:
    """``(scale, offset_ms)`` with ``ja_time ≈ scale * en_time + offset_ms``; ``(1.0, 0.0)`` for files in sync.

    Local shifts are measured in short runs of cues spread over the film (the
    shift under which most of a run's cues find an English cue starting with
    them); the candidates are their median (a constant shift) and the line through
    them (a drift, as between releases at 25 and 23.976 frames a second). The one
    under which the most cue time overlaps wins, and it must beat the identity
    clearly (by 10%), so files already in sync are never nudged.
    """
    identity = _total_overlap(ja, en, 1.0, 0.0)
    points = _local_shifts(ja, en)
    candidates: list[tuple[float, float]] = []
    if points:
        shifts = sorted(d for _, d in points)
        candidates.append((1.0, shifts[len(shifts) // 2]))
        line = _theil_sen(points)
        # shift(t) = ja - en is linear in t when ja = scale * en + offset:
        # shift = (1 - 1/scale) * t + offset / scale.
        if line is not None and abs(line[0]) < 0.1:  # frame-rate mismatches are a few percent
            slope, intercept = line
            scale = 1.0 / (1.0 - slope)
            candidates.append((scale, scale * intercept))
    best, best_score = (1.0, 0.0), identity
    for scale, offset in candidates:
        score = _total_overlap(ja, en, scale, offset)
        if score > best_score:
            best, best_score = (scale, offset), score
    if best != (1.0, 0.0) and best_score < 1.1 * identity:
        return 1.0, 0.0
    return best


def _local_shifts(ja: Times, en: Times) -> list[tuple[float, float]]:
    """``(time, shift)`` points: for runs of ``RUN`` Japanese cues, the shift that lines most of them up with English starts."""
    en_starts = [s for s, _ in en]
    points = []
    step = max((len(ja) - RUN) // WINDOWS, 1)
    for w in range(0, max(len(ja) - RUN + 1, 1), step):
        run = ja[w:w + RUN]
        centre = run[len(run) // 2][0]
        a = bisect.bisect_left(en_starts, centre - MAX_SHIFT_MS)
        b = bisect.bisect_right(en_starts, centre + MAX_SHIFT_MS)
        best_count, best_shift = 0, 0.0
        for j in range(a, b):
            shift = centre - en_starts[j]
            matched = []
            for start, _ in run:
                k = bisect.bisect_left(en_starts, start - shift - TOLERANCE_MS)
                if k < len(en_starts) and en_starts[k] <= start - shift + TOLERANCE_MS:
                    matched.append(start - en_starts[k])
            if len(matched) > best_count:
                best_count, best_shift = len(matched), sum(matched) / len(matched)
        if best_count >= max(2, round(0.6 * len(run))):
            points.append((float(centre), best_shift))
    return points


def _theil_sen(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """The median-slope line through the points (robust to a few wrong local shifts), or None for fewer than 3."""
    if len(points) < 3:
        return None
    slopes = sorted(
        (d2 - d1) / (t2 - t1) for k, (t1, d1) in enumerate(points) for t2, d2 in points[k + 1:] if t2 > t1
    )
    if not slopes:
        return None
    slope = slopes[len(slopes) // 2]
    intercepts = sorted(d - slope * t for t, d in points)
    return slope, intercepts[len(intercepts) // 2]


def _total_overlap(ja: Times, en: Times, scale: float, offset: float) -> float:
    """Milliseconds of Japanese cue time overlapped by mapped English cues (linked pairs only)."""
    mapped = [(scale * s + offset, scale * e + offset) for s, e in en]
    return sum(_overlap(ja[i], mapped[j]) for i, j in _links(ja, mapped))


# --- sentences inside cue pairs ----------------------------------------------------------


def sentence_beads(beads: Sequence[Bead], ja_doc, en_doc, *, align_texts: TextAligner) -> list[Bead]:
    """Cue beads refined to sentence beads (global sentence indices), by text inside each cue pair.

    A sentence bead never crosses a cue bead, and is no surer than the cue pair it sits in.
    """
    ja_first = _first_sentences(ja_doc)
    en_first = _first_sentences(en_doc)
    ja_sentences = ja_doc.sentences
    en_sentences = en_doc.sentences
    out: list[Bead] = []
    for bead in beads:
        ja_ids = [s for p in bead.ja for s in range(ja_first[p], ja_first[p + 1])]
        en_ids = [s for p in bead.en for s in range(en_first[p], en_first[p + 1])]
        if not ja_ids or not en_ids or (len(ja_ids) == 1 and len(en_ids) == 1):
            if ja_ids and en_ids:
                out.append(Bead(tuple(ja_ids), tuple(en_ids), bead.score))
            else:
                out.extend(Bead((s,), (), 0.0) for s in ja_ids)
                out.extend(Bead((), (s,), 0.0) for s in en_ids)
            continue
        inner = align_texts([ja_sentences[s].text for s in ja_ids], [en_sentences[s].text for s in en_ids])
        for b in inner:
            out.append(Bead(tuple(ja_ids[k] for k in b.ja), tuple(en_ids[k] for k in b.en), min(b.score, bead.score)))
    return out


def _first_sentences(doc) -> list[int]:
    firsts = [0]
    for p in doc.paragraphs:
        firsts.append(firsts[-1] + len(p.sentences))
    return firsts
