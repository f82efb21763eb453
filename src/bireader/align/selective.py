"""One alignment pass, and auto mode's selective re-search with embeddings of the doubtful regions."""

from __future__ import annotations

from bireader.align.band import Band, band_around, diagonal_band, path_points
from bireader.align.confidence import TEMPERATURE, confidence
from bireader.align.params import DEFAULT_PARAMS, NO_EMB_PARAMS, Params
from bireader.align.scorer import MIN_ONES, Scorer
from bireader.align.search import search
from bireader.align.units import en_features, ja_features
from bireader.model import Bead

# A bead below this posterior makes its neighbourhood worth embedding in auto mode; MARGIN
# beads on each side go with it, so the re-search can move the bead's boundaries and sees
# enough of its neighbours to tell a merge from a deletion. Measured on both dev sets (auto,
# overall F1 align-dev / align-dev-jaen, share of units embedded, DEFAULT_PARAMS): doubt 0.5
# margin 3 0.9852 / 0.9788, 17–18%; 0.5 / 2 0.9842 / 0.9796, 14–16%; 0.4 / 2 0.9828 / 0.9781,
# 7–9%, the last at half the embedding time of the first (embedding is most of auto mode's
# time; `on` scores 0.9857 / 0.9795). At 0.9, 61% of align-dev's units were embedded.
DOUBT = 0.4
MARGIN = 2
# Half-width of pass 2's band around pass 1's path.
NARROW = 6
# English units on each side of a Japanese unit's place that the similarity calibration of
# auto mode compares it with (the first pass's band is about this wide).
WINDOW = 15


def align_pass(ja, en, ja_lemmas, lexicon, vectors, params: Params | None, used: set[str], fixed=None, keep=None):
    """One alignment of the two unit lists with the given signals (two banded passes).

    Args:
        vectors: (ja, en) unit vectors, or None to align without embeddings.
        fixed: calibration measured on a whole text (see ``Scorer``), for a part of it.
        keep: a list the scorer is appended to (its calibration serves a later re-search).
    """
    n, m = len(ja), len(en)
    if n == 0 or m == 0:
        return [Bead(ja=(i,), en=(), score=0.0) for i in range(n)] + [Bead(ja=(), en=(j,), score=0.0) for j in range(m)]
    ja_units = ja_features(ja)
    en_units = en_features(en)
    used |= signals_used(ja_units, en_units, lexicon is not None, vectors is not None)
    if params is None:
        params = DEFAULT_PARAMS if vectors is not None else NO_EMB_PARAMS
    scorer = Scorer(ja, en, ja_units, en_units, ja_lemmas, lexicon, vectors, params, fixed)
    if keep is not None:
        keep.append(scorer)

    # Pass 1: a wide band around the length diagonal, widened while the path hits its edge.
    half = 15
    band = diagonal_band(list(scorer.ratio * scorer.ja_len + scorer.ja_lat), list(scorer.en_len), half)
    # Pass 1's path only gives pass 2 its band and the 1:1 beads the length model is measured
    # on. On a small pair neither depends on it: any band of half-width NARROW is the whole
    # grid when m ≤ NARROW, and the model needs MIN_ONES 1:1 beads. Pass 1 is then not
    # searched (its wide band is the whole grid too, never touched: the pair tables below are
    # those it would have had), and the beads are the same.
    needs_pass1 = m > NARROW or min(n, m) >= MIN_ONES
    for _ in range(4):
        scorer.pair_tables(band)
        scorer.prepare_embeddings(band)
        if not needs_pass1:
            break
        # The first pass only has to find the way: small beads are enough for that.
        scorer.rough = True
        beads, touched = search(scorer, band, max_units=4)
        scorer.rough = False
        if not touched:
            break
        half *= 2
        band = band_around(path_points(beads), n, m, half)
    if needs_pass1:
        # Pass 2: the length model measured on this text, in a narrow band around pass 1's path.
        scorer.set_length_model(beads)
        band = band_around(path_points(beads), n, m, NARROW)
    else:
        band = Band([0] * (n + 1), [m] * (n + 1))
    # The pair tables and calibration of pass 1 cover this narrower band.
    beads, _ = search(scorer, band, posterior=TEMPERATURE)
    return confidence(beads)


def signals_used(ja_units, en_units, lexical: bool, embedded: bool) -> set[str]:
    """The signals that had something to work with in this text."""
    used = {"lengths"}
    if any(u.numbers for u in ja_units) and any(u.numbers for u in en_units):
        used.add("numbers")
    if any(u.kana or u.latin_words for u in ja_units):
        used.add("names")
    if lexical:
        used.add("dictionary")
    if embedded:
        used.add("embeddings")
    return used


def doubtful_regions(beads: list[Bead]) -> list[list[int]]:
    """Runs [lo, hi] of bead indices: each doubtful bead with MARGIN beads each side, overlaps joined."""
    regions: list[list[int]] = []
    for k, b in enumerate(beads):
        if b.score >= DOUBT:
            continue
        lo, hi = max(0, k - MARGIN), min(len(beads) - 1, k + MARGIN)
        if regions and lo <= regions[-1][1] + 1:
            regions[-1][1] = max(regions[-1][1], hi)
        else:
            regions.append([lo, hi])
    return regions


def embed_doubtful(ja, en, ja_lemmas, lexicon, params, beads: list[Bead], first: Scorer, used: set[str]):
    """Re-align, with embeddings, each run of doubtful beads (plus MARGIN beads each side).

    Confident beads stay as they are; only the units of the doubtful regions are embedded,
    all in one batch. Each region is re-searched with the whole text's calibration (the
    length model and dictionary overlap of the first pass, the similarity of embedded
    units measured across all regions), since a few units are too few to measure it on.
    Returns the spliced beads and how many units were embedded."""
    import numpy as np

    from bireader.embed import embed_texts

    regions = doubtful_regions(beads)
    parts = []
    for lo, hi in regions:
        part = beads[lo : hi + 1]
        ja_idx = [i for b in part for i in b.ja]
        en_idx = [j for b in part for j in b.en]
        if ja_idx and en_idx:
            parts.append((lo, hi, ja_idx, en_idx))
    if not parts:
        return beads, 0
    all_ja = [i for _, _, a, _ in parts for i in a]
    all_en = [j for _, _, _, b in parts for j in b]
    vj = embed_texts([ja[i] for i in all_ja]).astype("float64")
    ve = embed_texts([en[j] for j in all_en]).astype("float64")
    calib = _similarity_calibration(np, beads, all_ja, all_en, vj, ve)
    row_of = {i: k for k, i in enumerate(all_ja)}
    col_of = {j: k for k, j in enumerate(all_en)}
    fixed = {"ratio": first.ratio, "sigma": first.sigma}
    if getattr(first, "has_lex", False):
        fixed.update(lex_rand=first.lex_rand, lex_match=first.lex_match)
    out: list[Bead] = []
    done = 0
    for lo, hi, ja_idx, en_idx in parts:
        out += beads[done:lo]
        rows = [row_of[i] for i in ja_idx]
        cols = [col_of[j] for j in en_idx]
        region = dict(fixed, mu_rand=calib[0], mu_match=calib[1], knn_j=calib[2][rows], knn_e=calib[3][cols])
        inner = align_pass(
            [ja[i] for i in ja_idx], [en[j] for j in en_idx], [ja_lemmas[i] for i in ja_idx],
            lexicon, (vj[rows], ve[cols]), params, used, fixed=region,
        )
        i0, j0 = ja_idx[0], en_idx[0]
        out += [Bead(ja=tuple(i0 + i for i in b.ja), en=tuple(j0 + j for j in b.en), score=b.score) for b in inner]
        done = hi + 1
    out += beads[done:]
    return out, len(all_ja) + len(all_en)


def _similarity_calibration(np, beads, all_ja, all_en, vj, ve):
    """Typical similarity of unrelated and of matching pairs, and each unit's mean of its 3 best
    (hubness), over embedded pairs within WINDOW units of the first pass's path."""
    place = {}
    for b in beads:
        for i in b.ja:
            place[i] = b.en[0] if b.en else None
    j_arr = np.array(all_en)
    pos = []
    last = 0
    for i in all_ja:
        p = place.get(i)
        last = p if p is not None else last
        pos.append(last)
    near = np.abs(np.array(pos)[:, None] - j_arr[None, :]) <= WINDOW
    sims = vj @ ve.T
    pairs = sims[near]
    if pairs.size < 4:
        return 0.7, 0.9, np.full(len(all_ja), 0.7), np.full(len(all_en), 0.7)
    mu_rand = float(np.median(pairs))
    masked = np.where(near, sims, -np.inf)
    best = masked.max(axis=1)
    mu_match = float(np.median(best[np.isfinite(best)])) if np.isfinite(best).any() else 0.9

    def knn(table, axis):
        top = np.sort(table, axis=axis)
        top = top[:, -3:] if axis == 1 else top[-3:, :].T
        ok = np.isfinite(top)
        return np.where(ok.any(axis=1), np.where(ok, top, 0.0).sum(axis=1) / np.maximum(ok.sum(axis=1), 1), mu_rand)

    return mu_rand, mu_match, knn(masked, 1), knn(masked, 0)
