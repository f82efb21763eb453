"""The embedding signal: run vectors as prefix sums of unit vectors, calibrated per text."""

from __future__ import annotations

from bireader.align.band import Band
from bireader.align.params import MAX_RUN


class EmbeddingTables:
    """Mixin of ``Scorer``: dot products and norms of every run pair in the band."""

    def prepare_embeddings(self, band: Band):
        np = self.np
        if self.vectors is None:
            return
        vj, ve = self.vectors
        # Weight a unit's vector by its length: a merged line's embedding is
        # dominated by its longer part, as mean pooling over tokens would be.
        wj = np.sqrt(np.maximum(self.ja_len + self.ja_lat / 2.5, 1.0))[:, None]
        we = np.sqrt(np.maximum(self.en_len, 1.0))[:, None]
        self.pj = np.concatenate([np.zeros((1, vj.shape[1])), np.cumsum(vj * wj, axis=0)])
        self.pe = np.concatenate([np.zeros((1, ve.shape[1])), np.cumsum(ve * we, axis=0)])
        self.ja_norm = {}
        for a in range(1, MAX_RUN + 1):
            arr = np.full(self.n + 1, np.nan)
            if self.n >= a:
                arr[a:] = np.linalg.norm(self.pj[a:] - self.pj[:-a], axis=1)
            self.ja_norm[a] = arr
        # Norms of every en run of length b ending at j.
        self.en_norm = {}
        for b in range(1, MAX_RUN + 1):
            arr = np.full(self.m + 1, np.nan)
            if self.m >= b:
                d = self.pe[b:] - self.pe[:-b]
                arr[b:] = np.linalg.norm(d, axis=1)
            self.en_norm[b] = arr
        # Calibration: typical similarity of unrelated pairs and of each unit's best match,
        # measured on unit pairs inside the band.
        U = self._band_dots(vj, ve, self.ulo, self.uhi)  # vj[r]·ve[c] for c in r's window
        widths = self.uhi - self.ulo
        mask = np.arange(U.shape[1])[None, :] < widths[:, None]
        if mask.any():
            self.mu_rand = float(np.median(U[mask]))
            Um = np.where(mask, U, -np.inf)
            top = np.sort(Um, axis=1)[:, -3:]
            top_ok = np.isfinite(top)
            best_j = np.where(top_ok[:, -1], top[:, -1], self.mu_rand)
            knn_j = np.where(top_ok.any(axis=1), np.where(top_ok, top, 0.0).sum(axis=1) / np.maximum(top_ok.sum(axis=1), 1), self.mu_rand)
            self.mu_match = float(np.median(best_j))
            # Per English unit: the mean of its 3 best similarities, over the rows whose window holds it.
            rows, ks = np.nonzero(mask)
            cols = self.ulo[rows] + ks
            vals = U[rows, ks]
            order = np.lexsort((vals, cols))
            cols, vals = cols[order], vals[order]
            ends = np.searchsorted(cols, np.arange(self.m), side="right")
            starts = np.maximum(ends - 3, np.searchsorted(cols, np.arange(self.m), side="left"))
            csum = np.concatenate([[0.0], np.cumsum(vals)])
            count = ends - starts
            knn_e = np.where(count > 0, (csum[ends] - csum[starts]) / np.maximum(count, 1), self.mu_rand)
        else:
            self.mu_rand, self.mu_match = 0.7, 0.9
            knn_j = np.full(self.n, self.mu_rand)
            knn_e = np.full(self.m, self.mu_rand)
        if "mu_rand" in self.fixed:
            f = self.fixed
            self.mu_rand, self.mu_match, knn_j, knn_e = f["mu_rand"], f["mu_match"], f["knn_j"], f["knn_e"]
        if self.mu_match - self.mu_rand < 0.03:
            self.mu_match = self.mu_rand + 0.03
        # Hubness: a unit similar to everything (a short line) gets its typical similarity discounted.
        self.hub_j = np.concatenate([[0.0], np.cumsum((knn_j - self.mu_rand) * wj[:, 0])])
        self.hub_e = np.concatenate([[0.0], np.cumsum((knn_e - self.mu_rand) * we[:, 0])])
        self.wj_cum = np.concatenate([[0.0], np.cumsum(wj[:, 0])])
        self.vj, self.ve = vj, ve
        self.we_cum = np.concatenate([[0.0], np.cumsum(we[:, 0])])

    # -- the grid --------------------------------------------------------------
    def _band_dots(self, A, B, lo, hi):
        """A[r]·B[c] for each row r and columns c = lo[r] … hi[r]-1, as (rows × width); 0 outside."""
        np = self.np
        rows = len(lo)
        width = max(1, int((hi - lo).max()) if rows else 1)
        out = np.zeros((rows, width))
        step = 64
        for r0 in range(0, rows, step):
            r1 = min(rows, r0 + step)
            c0 = int(lo[r0:r1].min())
            c1 = int(hi[r0:r1].max())
            if c1 <= c0:
                continue
            # einsum, not BLAS: OpenBLAS threads on these small blocks thrash a busy machine.
            block = np.einsum("ij,kj->ik", A[r0:r1], B[c0:c1])
            for r in range(r0, r1):
                w = int(hi[r] - lo[r])
                if w > 0:
                    out[r, :w] = block[r - r0, lo[r] - c0 : hi[r] - c0]
        return out

    def _unit_tables(self):
        """K[i, c] = PJ[i]·ve[c] and H[r, c] = vj[r]·PE[c] over the band (built on first use)."""
        np = self.np
        n = self.n
        if self.K is None:
            vj, ve = self.vectors
            self.K = self._band_dots(self.pj, np.vstack([ve, np.zeros((1, ve.shape[1]))]), self.xlo, self.xhi)
            uhi = self.xhi[np.minimum(np.arange(n) + 1, n)]
            self.H = self._band_dots(vj, self.pe, self.Hlo, uhi)

    def _embedding_scores(self, score, shapes, sums, Ia, starts):
        """Add the calibrated run-to-run similarity of each shape's beads to ``score``, in place."""
        np = self.np
        p = self.p
        X, W = MAX_RUN, self.W
        at = slice(X, X + W)
        rows = np.arange(self.n + 1)
        G0 = self._ext("G", self.G, self.xlo, 0)
        Ga = [self._ext("G", self.G, self.xlo, a) for a, _ in shapes]
        cos = G0[:, at] - starts(G0)
        cos -= np.stack([g[:, at] for g in Ga])
        cos += np.stack([g[:, X - b : X - b + W] for g, (_, b) in zip(Ga, shapes)])
        na = np.stack([self.ja_norm[a][:, None] for a, _ in shapes])
        den = na * np.stack([self.en_norm[b][self.J] for _, b in shapes])
        den += 1e-9
        cos /= den
        hub_a = (self.hub_j[rows] - self.hub_j[Ia]) / np.maximum(self.wj_cum[rows] - self.wj_cum[Ia], 1e-9)
        hub_e = self._ext1("hub_e", self.hub_e)
        we_cum = self._ext1("we_cum", self.we_cum)
        hub_b = (hub_e[:, at] - starts(hub_e)) / np.maximum(we_cum[:, at] - starts(we_cum), 1e-9)
        hub = hub_a[:, :, None] + hub_b
        hub *= p.hub * 0.5
        scale = 1.0 / (self.mu_match - self.mu_rand)
        e = cos
        e -= self.mu_rand
        e -= hub
        e *= scale
        np.minimum(np.maximum(e, -1.5, out=e), 1.5, out=e)
        e *= np.array([((a + b) / 2.0) ** p.upow * p.emb for a, b in shapes])[:, None, None]
        score += e
        if not p.weak or self.rough:
            return
        for k, (a, b) in enumerate(shapes):
            if a + b <= 2:
                continue
            # Every unit of a merged bead must belong to it: a unit unrelated to the other
            # side (a deletion swallowed by its neighbour) shows as a low unit-to-run similarity.
            if a > 1 and b > 1:
                worst = np.minimum(sums["worst"][k], self._en_worst(a, b))
            elif a > 1:
                worst = sums["worst"][k]
            else:
                worst = self._en_worst(a, b)
            weak = np.maximum(0.0, p.weak_at - (worst - self.mu_rand) * scale)
            score[k] -= p.weak * weak

    def _en_worst(self, a: int, b: int):
        """Lowest similarity of one of the English units j-1 … j-b to the Japanese run (kept per a)."""
        np = self.np
        X, W = MAX_RUN, self.W
        key = ("worst_en", a)
        st = self._ext_cache.get(key)
        if st is None or st[0] > b:
            st = (0, np.full(self.J.shape, np.inf))
        self._unit_tables()
        K0 = self._ext("K", self.K, self.xlo, 0)
        Ka = self._ext("K", self.K, self.xlo, a)
        na = self.ja_norm[a][:, None]
        done, worst = st
        for t in range(done + 1, b + 1):
            col = slice(X - t, X - t + W)  # en unit j - t
            worst = np.minimum(worst, (K0[:, col] - Ka[:, col]) / (na + 1e-9))
        self._ext_cache[key] = (b, worst)
        return worst
