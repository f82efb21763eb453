"""Sparse pair signals inside the band: anchors (numbers, Latin words, names) and dictionary overlap."""

from __future__ import annotations

import bisect
import functools

from bireader.align.band import Band
from bireader.align.params import MAX_RUN
from bireader.align.units import _fuzzy_equal, stem_en
from bireader.errors import BireaderError


class PairTables:
    """Mixin of ``Scorer``: the anchor and lexical tables of every unit pair that can share a bead."""

    def pair_tables(self, band: Band):
        """Per ja unit r and en unit c near the band: weighted anchor/lexical matches each way."""
        np = self.np
        n, m = self.n, self.m
        p = self.p
        # Column window of en units that can share a bead with ja unit r.
        self.ulo = np.zeros(n, dtype=np.int64)
        self.uhi = np.zeros(n, dtype=np.int64)
        for r in range(n):
            self.ulo[r] = max(0, band.lo[r] - MAX_RUN)
            self.uhi[r] = min(m, band.hi[min(n, r + MAX_RUN)] + 1)
        width = int((self.uhi - self.ulo).max()) if n else 0
        width = max(width, 1)
        hits_j = np.zeros((n, width + 1))  # cumulative over columns: weight of ja items matched
        hits_e = np.zeros((n, width + 1))
        # Item weights per unit (for the miss counts).
        self.ja_items = np.zeros(n)
        self.en_items = np.zeros(m)
        for r, u in enumerate(self.ja_units):
            self.ja_items[r] = (len(u.numbers) + len(u.latin_words)) * p.anchor_miss
        for c, u in enumerate(self.en_units):
            self.en_items[c] = len(u.numbers) * p.anchor_miss
        lemmas_gloss = []
        if self.lexicon is not None:
            for r in range(n):
                glosses = []
                for lemma in dict.fromkeys(self.ja_lemmas[r]):
                    g = self._gloss_cache.get(lemma)
                    if g is None:
                        try:
                            g = frozenset(self.lexicon(lemma) or ())
                        except (BireaderError, LookupError, ValueError):
                            g = frozenset()
                        g = stemmed(g)
                        self._gloss_cache[lemma] = g
                    if g:
                        glosses.append(g)
                lemmas_gloss.append(glosses)
        # English units by item, for the items a Japanese unit can match: an English text has
        # hundreds of words and its Japanese side a few Latin ones, so the rest is left out.
        ja_latin = set().union(*(u.latin_words for u in self.ja_units))
        ja_initials = {x[0] for u in self.ja_units for x in u.kana}
        glossed = set().union(*(g for glosses in lemmas_gloss for g in glosses))
        en_num_index: dict[str, list[int]] = {}
        en_lat_index: dict[str, list[int]] = {}
        en_kana_pairs: dict[str, list[tuple[int, str]]] = {}
        en_word_index: dict[str, list[int]] = {}
        for c, u in enumerate(self.en_units):
            for x in set(u.numbers):
                en_num_index.setdefault(x, []).append(c)
            for x in ja_latin.intersection(u.latin_words):
                en_lat_index.setdefault(x, []).append(c)
            for x in set(u.kana):
                if len(x) >= 2 and x[0] in ja_initials:
                    en_kana_pairs.setdefault(x[0], []).append((c, x))
            for x in glossed.intersection(u.words):
                en_word_index.setdefault(x, []).append(c)
        en_kana_index = {k: ([c for c, _ in v], [y for _, y in v]) for k, v in en_kana_pairs.items()}
        raw_j = [dict() for _ in range(n)]  # r -> {c: weight}
        self.max_hits = np.zeros(max(n, 1))
        raw_e = [dict() for _ in range(n)]
        # Per lemma of ja unit r and en unit c in r's window holding one of its glosses: r, c,
        # and how many gloss words c holds (lemmas of r matched in c; words of c matched in r).
        lex_rows: list[int] = []
        lex_cols: list[int] = []
        lex_counts: list[int] = []

        def add(table, r, c, w):
            table[r][c] = table[r].get(c, 0.0) + w

        for r, u in enumerate(self.ja_units):
            lo, hi = int(self.ulo[r]), int(self.uhi[r])
            # An anchor found in k nearby English units tells 1/k as much (NATO in every paragraph).
            for x in u.numbers:
                found = in_range(en_num_index.get(x, ()), lo, hi)
                for c in found:
                    add(raw_j, r, c, p.anchor_hit / len(found))
                    add(raw_e, r, c, 2 * p.anchor_miss)
            for x in u.latin_words:
                found = in_range(en_lat_index.get(x, ()), lo, hi)
                for c in found:
                    add(raw_j, r, c, p.anchor_hit / len(found))
                    add(raw_e, r, c, p.anchor_miss)
            for x in u.kana:
                cols, words = en_kana_index.get(x[0], ((), ()))
                start = bisect.bisect_left(cols, lo)
                end = bisect.bisect_left(cols, hi)
                found = {c for c, y in zip(cols[start:end], words[start:end]) if _fuzzy_equal(x, y)}
                for c in found:
                    add(raw_j, r, c, p.kana_hit / len(found))
            self.max_hits[r] = p.anchor_hit * (len(u.numbers) + len(u.latin_words)) + p.kana_hit * len(u.kana)
            if lemmas_gloss:
                for g in lemmas_gloss[r]:
                    cols, counts = self._postings(g, en_word_index)
                    start = bisect.bisect_left(cols, lo)
                    end = bisect.bisect_left(cols, hi)
                    if end > start:
                        lex_rows.extend([r] * (end - start))
                        lex_cols.extend(cols[start:end])
                        lex_counts.extend(counts[start:end])
        self.has_lex = bool(lemmas_gloss)
        if self.has_lex:
            self._lexical_tables(lemmas_gloss, lex_rows, lex_cols, lex_counts, width)
        for r in range(n):
            lo = int(self.ulo[r])
            for c, w in raw_j[r].items():
                hits_j[r, c - lo + 1] += w
            for c, w in raw_e[r].items():
                hits_e[r, c - lo + 1] += w
        self.cum_j = np.cumsum(hits_j, axis=1)
        self.cum_e = np.cumsum(hits_e, axis=1)
        self.width = width
        self.ja_items_cum = np.concatenate([[0.0], np.cumsum(self.ja_items)])
        self.en_items_cum = np.concatenate([[0.0], np.cumsum(self.en_items)])

    def _postings(self, glosses: frozenset[str], en_word_index):
        """English units holding any of ``glosses`` (sorted) and how many of them each holds; cached."""
        hit = self._posting_cache.get(glosses)
        if hit is None:
            found: dict[int, int] = {}
            for w in glosses:
                for c in en_word_index.get(w, ()):
                    found[c] = found.get(c, 0) + 1
            cols = sorted(found)
            hit = self._posting_cache[glosses] = (cols, [found[c] for c in cols])
        return hit

    def _lexical_tables(self, lemmas_gloss, lex_rows, lex_cols, lex_counts, width):
        """Cumulative lexical match counts, and the Dice overlap typical of unrelated and of matching pairs."""
        np = self.np
        n = self.n
        size = n * (width + 1)
        if lex_rows:
            cols = np.array(lex_cols, dtype=np.int64)
            rows = np.array(lex_rows, dtype=np.int64)
            flat = rows * (width + 1) + (cols - self.ulo[rows] + 1)
            # Whole-number counts: their sums are exact in any order.
            tj = np.bincount(flat, minlength=size).astype(np.float64).reshape(n, width + 1)
            te = np.bincount(flat, weights=np.array(lex_counts, dtype=np.float64), minlength=size).reshape(n, width + 1)
        else:
            tj = np.zeros((n, width + 1))
            te = np.zeros((n, width + 1))
        self.lex_nj = np.array([float(len(g)) for g in lemmas_gloss])
        self.lex_ne = np.array([float(len(u.words)) for u in self.en_units])
        widths = self.uhi - self.ulo
        inside = np.arange(width)[None, :] < widths[:, None]
        en_cols = np.minimum(self.ulo[:, None] + np.arange(width)[None, :], max(self.m - 1, 0))
        dice = (tj[:, 1:] + te[:, 1:]) / np.maximum(self.lex_nj[:, None] + self.lex_ne[en_cols], 1.0)
        dice_all = [dice[inside]] if inside.any() else []
        best = np.where(inside, dice, -np.inf).max(axis=1)[widths > 0]
        self.lexj_cum = np.cumsum(tj, axis=1)
        self.lexe_cum = np.cumsum(te, axis=1)
        self.lex_nj_cum = np.concatenate([[0.0], np.cumsum(self.lex_nj)])
        self.lex_ne_cum = np.concatenate([[0.0], np.cumsum(self.lex_ne)])
        if dice_all:
            self.lex_rand = median(np.concatenate(dice_all))
            self.lex_match = median(best)
        else:
            self.lex_rand, self.lex_match = 0.0, 0.1
        self.lex_match = max(self.lex_match, self.lex_rand + 0.05)
        if "lex_rand" in self.fixed:
            self.lex_rand, self.lex_match = self.fixed["lex_rand"], self.fixed["lex_match"]

    # -- embeddings ------------------------------------------------------------

def median(values) -> float:
    """``np.median`` of a 1-d array of finite numbers, the same value (the middle one, or the
    two middle ones added and halved) for a tenth of the cost on the few hundred values a
    short pair has."""
    ordered = values.copy()
    ordered.sort()
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[mid])
    return float((ordered[mid - 1] + ordered[mid]) / 2)


@functools.lru_cache(maxsize=1 << 16)
def stemmed(glosses: frozenset[str]) -> frozenset[str]:
    """The stems of a lemma's gloss words (``stem_en``); remembered per gloss set, since every
    pair of a batch looks the same common words up again."""
    return frozenset(stem_en(w) for w in glosses)


def in_range(sorted_list, lo: int, hi: int):
    start = bisect.bisect_left(sorted_list, lo)
    end = bisect.bisect_left(sorted_list, hi)
    return sorted_list[start:end]

