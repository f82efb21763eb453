"""Units and their cheap signals: lengths, numbers, Latin tokens and katakana names."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Sequence


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
# Sentence ends: Japanese 。！？ (and a Latin full stop), English . ! ? … before a space or the end;
# closing brackets and quotes after them belong to the sentence.
_RE_JA_END = re.compile(r"[。!?]+[」』)\]\"']*|(?<![.\d])\.(?=\s|$)")
_RE_EN_END = re.compile(r"(?:[.!?]+|…)[\"')\]]*(?=\s|$)")
_RE_CLOSERS = re.compile(r"[」』)\]\"'”’]+$")
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
    # The matching blocks hold at most the letters both have (difflib's quick_ratio): when
    # even those fall short, so does the ratio, without building a SequenceMatcher.
    common = sum(min(a.count(ch), b.count(ch)) for ch in set(a))
    if 2.0 * common / (len(a) + len(b)) < 0.75:
        return False
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b).ratio() >= 0.75


@functools.lru_cache(maxsize=1 << 16)  # every English word of both texts and every gloss word passes here
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


@dataclass(frozen=True)
class Unit:
    """A unit's cheap signals; one object serves every unit with the same text (see ``ja_features``)."""

    length: float
    numbers: list[str]
    latin_words: list[str]
    kana: list[str]  # ja: skeletons of katakana words; en: skeletons of candidate words
    words: set[str]  # en: stems of content words
    latin: float = 0.0  # ja: ASCII characters (English-like text inside Japanese)
    inner_ends: int = 0  # sentence ends followed by more text
    ends_sentence: bool = False  # the unit ends with a sentence end
    ends_clause: bool = False  # the unit ends with a comma, colon or semicolon (its sentence goes on)


def ends_clause(text: str) -> bool:
    """Whether ``text`` (NFKC) ends with a comma, colon or semicolon, closing quotes aside."""
    t = _RE_CLOSERS.sub("", text.strip())
    return bool(t) and t[-1] in "、,;:"


def sentence_ends(text: str, ja: bool) -> tuple[int, bool]:
    """Sentence ends inside ``text`` (followed by more text), and whether it ends with one."""
    t = text.strip()
    ends = [m.end() for m in (_RE_JA_END if ja else _RE_EN_END).finditer(t)]
    inner = sum(1 for e in ends if t[e:].strip())
    return inner, bool(ends) and not t[ends[-1] :].strip()


def ja_features(texts: Sequence[str]) -> list[Unit]:
    return [_ja_unit(text) for text in texts]


# Per text, not per call: the paragraph pass and the sentence pass of a pair, and the pairs of a
# batch (drafts and revisions of one document), give the same texts again. Bounded like the caches above.
@functools.lru_cache(maxsize=1 << 14)
def _ja_unit(text: str) -> Unit:
    t = _norm(text)
    kana = [skeleton(romanize_katakana(k)) for k in _RE_KATA.findall(t)]
    inner, ends = sentence_ends(t, ja=True)
    return Unit(
        length=float(sum(1 for ch in t if not ch.isascii())),
        latin=float(sum(1 for ch in t if ch.isascii() and not ch.isspace())),
        numbers=_numbers_ja(t),
        latin_words=[w.lower() for w in _RE_LATIN.findall(t) if len(w) >= 2],
        kana=[k for k in kana if len(k) >= 2],
        words=set(),
        inner_ends=inner,
        ends_sentence=ends,
        ends_clause=ends_clause(t),
    )


def en_features(texts: Sequence[str]) -> list[Unit]:
    return [_en_unit(text) for text in texts]


@functools.lru_cache(maxsize=1 << 14)
def _en_unit(text: str) -> Unit:
    t = _norm(text)
    words = _RE_EN_WORD.findall(t)
    lowered = {w.lower() for w in words}
    numbers = _numbers_en(t)
    numbers += [str(_NUM_WORDS[w]) for w in lowered if w in _NUM_WORDS and _NUM_WORDS[w] >= 2]
    inner, ends = sentence_ends(t, ja=False)
    return Unit(
        length=float(len(t.strip())),
        numbers=numbers,
        latin_words=sorted(lowered),
        kana=[skeleton(w) for w in set(words) if len(w) >= 3 and w.lower() not in _STOP],
        words={stem_en(w) for w in lowered if w not in _STOP and len(w) > 1},
        inner_ends=inner,
        ends_sentence=ends,
        ends_clause=ends_clause(t),
    )
