"""The bead score: every bead shape scored over the whole band at once (numpy grids)."""

from __future__ import annotations

from typing import Sequence

from bireader.align.band import Band
from bireader.align.pairs import PairTables, median
from bireader.align.params import MAX_RUN, PRIOR_CHARS, RATIO_PRIOR, RATIO_RANGE, Params
from bireader.align.vectors import EmbeddingTables
from bireader.model import Bead



# The length model is measured on a text with at least this many 1:1 beads (else the defaults stay).
MIN_ONES = 5


class Scorer(PairTables, EmbeddingTables):
    """Everything needed to score any bead inside a band, precomputed per document."""

    def __init__(self, ja_texts, en_texts, ja_units, en_units, ja_lemmas, lexicon, vectors, params: Params, fixed=None):
        import numpy as np

        self.np = np
        self.n, self.m = len(ja_units), len(en_units)
        self.p = params
        self.ja_units, self.en_units = ja_units, en_units
        self.ja_len = np.array([u.length for u in ja_units], dtype=np.float64)
        self.en_len = np.array([u.length for u in en_units], dtype=np.float64)
        # Latin text inside the Japanese (names, URLs, English quotes) is measured like English.
        self.ja_lat = np.array([u.latin for u in ja_units], dtype=np.float64)
        self.ja_cum = np.concatenate([[0.0], np.cumsum(self.ja_len)])
        self.ja_lat_cum = np.concatenate([[0.0], np.cumsum(self.ja_lat)])
        self.en_cum = np.concatenate([[0.0], np.cumsum(self.en_len)])
        tj, te = self.ja_cum[-1], self.en_cum[-1]
        # Sentence ends inside units and at their ends, for the sentence count of any run.
        self.ja_inner_cum = np.concatenate([[0.0], np.cumsum([u.inner_ends for u in ja_units])])
        self.ja_end_cum = np.concatenate([[0.0], np.cumsum([float(u.ends_sentence) for u in ja_units])])
        self.en_inner_cum = np.concatenate([[0.0], np.cumsum([u.inner_ends for u in en_units])])
        self.en_end_cum = np.concatenate([[0.0], np.cumsum([float(u.ends_sentence) for u in en_units])])
        te_rest = te - self.ja_lat_cum[-1]
        self.ratio = estimate_ratio(max(te_rest, 0.0), tj)
        self.sigma = 0.45
        # Calibration measured on the whole text, for a re-search of a few of its units (auto
        # mode): a handful of units is too few to measure the length model or similarities on.
        self.fixed = fixed or {}
        if "ratio" in self.fixed:
            self.ratio, self.sigma = self.fixed["ratio"], self.fixed["sigma"]
        self.lexicon = lexicon
        self.ja_lemmas = ja_lemmas
        self.vectors = vectors
        self._gloss_cache: dict[str, frozenset[str]] = {}
        self.rough = False  # the first pass skips the finer checks
        self._posting_cache: dict[frozenset[str], tuple[list[int], list[int]]] = {}

    # -- pairwise sparse matches -------------------------------------------------
    def prepare_grid(self, band: Band):
        """Index grids of the band and, with embeddings, the dot products every bead score needs."""
        np = self.np
        n, m = self.n, self.m
        self.blo = np.array(band.lo, dtype=np.int64)
        self.bhi = np.array(band.hi, dtype=np.int64)
        self.W = int((self.bhi - self.blo).max()) + 1
        self.I = np.arange(n + 1)[:, None] * np.ones((1, self.W), dtype=np.int64)
        self.J = self.blo[:, None] + np.arange(self.W)[None, :]
        self.valid = self.J <= self.bhi[:, None]
        self.J = np.minimum(self.J, m)
        # Columns of each row extended MAX_RUN to the left: a bead of b English units ending at
        # column k of row i starts at extended column k + MAX_RUN - b, so every table a bead
        # score reads is gathered once per band into this grid and then only sliced.
        self.Jx = np.minimum(np.maximum(self.blo[:, None] + np.arange(-MAX_RUN, self.W)[None, :], 0), m)
        self._ext_cache: dict = {}
        # A bead whose last unit on one side ends mid-sentence (a comma) and on the other does
        # not: the sentence goes on in the next unit of one side only.
        ja_c = np.array([u.ends_clause for u in self.ja_units] or [False])
        en_c = np.array([u.ends_clause for u in self.en_units] or [False])
        self.clash = ja_c[np.maximum(np.arange(n + 1) - 1, 0)][:, None] != en_c[np.maximum(self.J - 1, 0)]
        if self.vectors is None:
            return
        vj, ve = self.vectors
        # Extended column range of row r: every column a bead touching row r can reach.
        xr = np.minimum(np.arange(n + 1) + MAX_RUN, n)
        self.xlo = np.maximum(self.blo - MAX_RUN, 0)
        self.xhi = np.minimum(self.bhi[xr] + 1, m + 1)
        self.G = self._band_dots(self.pj, self.pe, self.xlo, self.xhi)  # PJ[i]·PE[c]
        # K and H serve only the finer check of merged beads (not in the rough first pass).
        self.K = self.H = None
        self.Hlo = self.xlo[:n]

    def release_grid(self):
        """Drop the per-band tables that only the bead scores need."""
        self._ext_cache = {}
        self.G = self.K = self.H = None

    def _ext(self, key, table, lo, shift: int, unit_rows: bool = False):
        """``table[r, Jx - lo[r]]`` (index clipped to the table) for every extended cell, where
        r = i - shift (at least 0; at most n - 1 for per-unit tables); cached per band."""
        grid = self._ext_cache.get((key, shift))
        if grid is None:
            np = self.np
            rows = np.maximum(np.arange(self.n + 1) - shift, 0)
            if unit_rows:
                rows = np.minimum(rows, max(self.n - 1, 0))
            # minimum/maximum, not np.clip: a third of the cost on these small grids.
            cols = np.minimum(np.maximum(self.Jx - lo[rows][:, None], 0), table.shape[1] - 1)
            grid = self._ext_cache[(key, shift)] = table[rows[:, None], cols]
        return grid

    def _ext1(self, key, vector):
        """``vector[Jx]``: a per-column table on the extended grid; cached per band."""
        grid = self._ext_cache.get((key, None))
        if grid is None:
            grid = self._ext_cache[(key, None)] = vector[self.Jx]
        return grid

    def _ext_runs(self, key, tables, lo, first: int, runs: int):
        """``_ext`` of per-unit tables (stacked, same shape) for shifts ``first`` … ``runs``,
        as (table, shift, row, column): unit t of every Japanese run of at least t units; cached per band."""
        grid = self._ext_cache.get((key, first, runs))
        if grid is None:
            np = self.np
            n = self.n
            shifts = np.arange(first, runs + 1)
            rows = np.minimum(np.maximum(np.arange(n + 1)[None, :] - shifts[:, None], 0), max(n - 1, 0))
            cols = np.minimum(np.maximum(self.Jx[None, :, :] - lo[rows][:, :, None], 0), tables.shape[-1] - 1)
            grid = self._ext_cache[(key, first, runs)] = tables[:, rows[:, :, None], cols]
        return grid

    def _unit_terms(self, bs: Sequence[int], first: int, runs: int):
        """What unit t adds, for t = ``first`` … ``runs``, to the Japanese-run sums of beads of b
        English units, for each b of ``bs``: (b, table, t, row, column)."""
        np = self.np
        n = self.n
        X, W = MAX_RUN, self.W
        tables = self._ext_cache.get("unit tables")
        if tables is None:
            names = ("cum_j", "cum_e") + (("lexj_cum", "lexe_cum") if self.has_lex else ())
            tables = self._ext_cache["unit tables"] = np.stack([getattr(self, name) for name in names])
        grid = self._ext_runs("sums", tables, self.ulo, first, runs)
        terms = grid[None, :, :, :, X : X + W] - np.stack([grid[:, :, :, X - b : X - b + W] for b in bs])
        # Each item of unit r = i - t counts once, however many units of the bead repeat it.
        shifts = np.arange(first, runs + 1)
        r = np.minimum(np.maximum(np.arange(n + 1)[None, :] - shifts[:, None], 0), max(n - 1, 0))
        np.minimum(terms[:, 0], self.max_hits[r][:, :, None], out=terms[:, 0])
        return terms

    def _worst_terms(self, b: int, first: int, runs: int):
        """Per t = ``first`` … ``runs``: unit i-t's similarity to the English run of b units."""
        X, W = MAX_RUN, self.W
        self._unit_tables()
        grid = self._ext_runs("H", self.H[None], self.Hlo, first, runs)[0]
        return (grid[:, :, X : X + W] - grid[:, :, X - b : X - b + W]) / (self.en_norm[b][self.J] + 1e-9)

    def _ja_sums(self, shapes: Sequence[tuple[int, int]]) -> dict:
        """Sums over the Japanese units i-1 … i-a of each shape's beads, stacked as in
        ``shape_scores``: anchor hits, cancelled misses, lexical matches and (for merged
        beads) the lowest unit-to-run similarity.

        Unit t of a run adds the same terms to every run of at least t units: the sums are
        running sums (a running minimum) over t. For several shapes (a small band, scored at
        once) they are worked out for every b and t together; for one shape (a long book's
        band, scored a shape at a time, b by b and a ascending) they are kept for its b and
        extended by one unit. Either way the same additions in the same order.
        """
        np = self.np
        weak = self.vectors is not None and bool(self.p.weak) and not self.rough
        if len(shapes) == 1:
            return self._ja_sums_of(*shapes[0], weak)
        runs = max(a for a, _ in shapes)
        bs = sorted({b for _, b in shapes})
        cum = np.cumsum(self._unit_terms(bs, 1, runs), axis=2)  # (b, table, t, row, col)
        position = {b: k for k, b in enumerate(bs)}
        at_b = [position[b] for _, b in shapes]
        at_a = [a - 1 for a, _ in shapes]
        worst = None
        if weak:
            worst = np.stack([np.minimum.accumulate(self._worst_terms(b, 1, runs), axis=0) for b in bs])[at_b, at_a]
        return self._named_sums(cum[at_b, :, at_a], worst)  # (shape, table, row, col)

    def _ja_sums_of(self, a: int, b: int, weak: bool) -> dict:
        """``_ja_sums`` of one shape, from the sums of (a - 1, b) when they are the ones kept."""
        np = self.np
        st = self._ext_cache.get("sums of")
        if st is None or st["b"] != b or st["a"] > a or st["weak"] != weak:
            zeros = np.zeros((4 if self.has_lex else 2,) + self.J.shape)
            st = {"a": 0, "b": b, "weak": weak, "sums": zeros, "worst": np.full(self.J.shape, np.inf) if weak else None}
        while st["a"] < a:
            t = st["a"] + 1
            st = dict(st, a=t, sums=st["sums"] + self._unit_terms([b], t, t)[0, :, 0])
            if weak:
                st["worst"] = np.minimum(st["worst"], self._worst_terms(b, t, t)[0])
        self._ext_cache["sums of"] = st
        return self._named_sums(st["sums"][None], st["worst"][None] if weak else None)

    def _named_sums(self, sums, worst) -> dict:
        """``_ja_sums``'s answer from the stacked sums (shape, table, row, col) of the unit tables
        (``_unit_terms``' order) and the lowest unit-to-run similarities (None without the check)."""
        out = {"hits": sums[:, 0], "cancelled": sums[:, 1]}
        if self.has_lex:
            out["hj"], out["he"] = sums[:, 2], sums[:, 3]
        if worst is not None:
            out["worst"] = worst
        return out

    def shape_scores(self, shapes: Sequence[tuple[int, int]]):
        """Scores of every bead of each shape (a, b) ending at each band cell (−inf where
        impossible), stacked as (shape, row, column).

        The shapes are scored together: on the small grids of a short pair numpy's cost per
        call, not the arithmetic, is the time, so each step runs once for all of them. Each
        shape goes through the same operations in the same order as it would alone, so its
        scores do not depend on what it is stacked with. Give shapes with the same English
        run together, a ascending (the Japanese-side sums are extended unit by unit).
        """
        np = self.np
        p = self.p
        NEG = -1e18
        n = self.n
        J = self.J
        X, W = MAX_RUN, self.W
        at = slice(X, X + W)
        rows = np.arange(n + 1)
        A = np.array([a for a, _ in shapes], dtype=np.int64)
        B = np.array([b for _, b in shapes], dtype=np.int64)
        Ia = np.maximum(rows[None, :] - A[:, None], 0)  # (shape, row): the row a bead starts on
        Jb = self.Jx[:, (X - B)[:, None] + np.arange(W)[None, :]].transpose(1, 0, 2)  # … and its column
        ok = self.valid & (rows[None, :] >= A[:, None])[:, :, None] & (J >= B[:, None, None])
        ok &= (Jb >= self.blo[Ia][:, :, None]) & (Jb <= self.bhi[Ia][:, :, None])
        out = np.empty(ok.shape)
        full = [k for k, (a, b) in enumerate(shapes) if a and b]
        for k, (a, b) in enumerate(shapes):
            if not (a and b):
                out[k] = np.where(ok[k], -p.skip * (a + b), NEG)
        if not full:
            return out
        if len(full) < len(shapes):
            shapes = [shapes[k] for k in full]
            Ia, ok = Ia[full], ok[full]
        sums = self._ja_sums(shapes)

        start_cols = (X - np.array([b for _, b in shapes]))[:, None] + np.arange(W)[None, :]

        def starts(grid):
            """``grid``'s columns where each shape's English run starts (the run's end is ``at``),
            as (shape, row, column); C-ordered like every grid here (np.log's fast loops want it)."""
            return np.ascontiguousarray(grid[:, start_cols].transpose(1, 0, 2))

        # The English tables every shape reads, gathered onto the band together: their values at
        # the runs' ends (column ``at``) and at each shape's run start.
        en = self._ext_cache.get("en")
        if en is None:
            names = ("en_cum", "en_inner_cum", "en_end_cum", "en_items_cum") + (("lex_ne_cum",) if self.has_lex else ())
            en = self._ext_cache["en"] = np.stack([getattr(self, name) for name in names])[:, self.Jx]
        en_at = en[:, :, at]
        en_start = np.ascontiguousarray(en[:, :, start_cols].transpose(0, 2, 1, 3))  # (table, shape, row, col)
        lb = en_at[0] - en_start[0]
        la = self.ratio * (self.ja_cum[rows] - self.ja_cum[Ia]) + (self.ja_lat_cum[rows] - self.ja_lat_cum[Ia])
        k = p.len_smooth
        # score = length · (−½ (d / σ)²) with d the log ratio of the smoothed lengths.
        score = lb + k
        score /= (la + k)[:, :, None]
        np.log(score, out=score)
        score /= self.sigma
        np.square(score, out=score)
        if p.len_scale:
            # Short beads vary more: σ(L)² = σ² (1 + L0 / L) / 2, σ being the spread at L0.
            spread = la[:, :, None] + lb
            spread *= 0.5
            np.maximum(spread, 1.0, out=spread)
            np.divide(p.len_scale, spread, out=spread)
            spread += 1.0
            spread *= 0.5
            score /= spread
        score *= -0.5
        score *= p.length
        score += np.array(
            [(a + b) / 2.0 * p.bias - p.shape * (a + b - 2) - (p.both if a > 1 and b > 1 else 0.0) for a, b in shapes]
        )[:, None, None]
        if p.sentences:
            # A translation keeps its sentences more often than not (90–97% of gold beads have
            # as many on each side): a run whose sentence count differs from the other side's
            # is likely part of a bigger or smaller bead. Scale-free, as the length model is.
            prev = np.maximum(rows - 1, 0)
            sj = self.ja_inner_cum[rows] - self.ja_inner_cum[Ia] + self.ja_end_cum[prev] - self.ja_end_cum[np.minimum(Ia, prev)] + 1.0
            # Sentences of the English run: the ends inside its units, plus the ends between them.
            se = en_at[1] - en_start[1] + en[2][:, X - 1 : X - 1 + W] - en_start[2] + 1.0
            # Translators split a sentence more often than they join two (more English
            # sentences than Japanese in 1.8–3.5% of gold beads, fewer in 0.6–2.1%).
            d = np.log(se / sj[:, :, None])
            score -= np.where(d > 0, p.sentences, p.sentences_joined) * np.abs(d)
        if p.clause:
            score -= p.clause * self.clash
        if self.vectors is not None:
            self._embedding_scores(score, shapes, sums, Ia, starts)
        if self.has_lex:
            nj = (self.lex_nj_cum[rows] - self.lex_nj_cum[Ia])[:, :, None]
            ne = en_at[4] - en_start[4]
            dice = np.minimum(sums["hj"], nj)
            dice += np.minimum(sums["he"], ne)
            dice /= np.maximum(nj + ne, 1.0)
            dice -= self.lex_rand
            dice /= self.lex_match - self.lex_rand
            np.minimum(np.maximum(dice, -1.5, out=dice), 1.5, out=dice)
            dice *= p.lex
            score += dice
        items = (self.ja_items_cum[rows] - self.ja_items_cum[Ia])[:, :, None] + (en_at[3] - en_start[3])
        items -= sums["cancelled"]
        np.maximum(items, 0.0, out=items)
        # A match is evidence for the pair; an item left without its partner is weak evidence against.
        score += sums["hits"] - items
        out[full] = np.where(ok, score, NEG)
        return out

    def set_length_model(self, beads: Sequence[Bead]):
        """Re-estimate the length ratio and spread from the confident 1:1 beads of a first pass."""
        np = self.np
        if "ratio" in self.fixed:
            return
        ones = [b for b in beads if len(b.ja) == 1 and len(b.en) == 1]
        la = np.array([self.ja_len[b.ja[0]] for b in ones])
        lat = np.array([self.ja_lat[b.ja[0]] for b in ones])
        lb = np.array([self.en_len[b.en[0]] for b in ones])
        if len(la) < MIN_ONES:
            return
        k = self.p.len_smooth
        # Fit the ratio on the sums (robust to short lines) and the spread on log ratios.
        self.ratio = estimate_ratio(max(float(lb.sum() - lat.sum()), 0.0), float(la.sum()))
        d = np.log((lb + k) / (self.ratio * la + lat + k))
        if self.p.len_scale:
            d /= np.sqrt((1.0 + self.p.len_scale / np.maximum((self.ratio * la + lat + lb) / 2, 1.0)) / 2)
        mad = median(np.abs(d - median(d)))
        # At least 0.25: a few beads (a five-line text) can show almost no spread.
        self.sigma = float(min(0.8, max(0.25, 1.4826 * mad)))


def estimate_ratio(en_chars: float, ja_chars: float) -> float:
    """English/Japanese character ratio of a text, shrunk towards the usual ratio when the text is short."""
    ratio = (en_chars + RATIO_PRIOR * PRIOR_CHARS) / (ja_chars + PRIOR_CHARS)
    return min(RATIO_RANGE[1], max(RATIO_RANGE[0], ratio))


