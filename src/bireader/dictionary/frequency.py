"""Word frequency ranks from wordfreq's Japanese list, mapped onto JMdict entries at build time.

wordfreq ships its Japanese table as a msgpack'd "cBpack" (a list of buckets of words, most
frequent first). Reading the table needs no MeCab: only ``wordfreq.lookup`` tokenizes. The
words in it are MeCab tokens, so besides dictionary forms (食べる) it holds stems that the
tokenizer cut from conjugations (食べ, 座っ, 怖く); those reach their entry through the
deinflector.

A rank is a word's 1-based position in that list among the words written in Japanese (digits
and Latin words skipped), so rank 1 is の. An entry takes the best rank of its spellings; a
spelling shared by several entries ranks its common ones written so (``build._frequency_ranks``):
なる ranks 成る and 生る but not 鳴る, which is written in kanji.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Iterator

# Spelled with at least one kana or kanji: the rest of the list is digits, Latin words and symbols.
_JAPANESE = re.compile(r"[\u3041-\u30ff\u3400-\u9fff\uf900-\ufaff\u3005]")
_KANJI = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3005]")
# MeCab stems before た/て: 座っ (座った), 読ん (読んだ); put the suffix back to deinflect them.
_BEFORE_TA = {"っ": "た", "ん": "だ", "い": "た"}

BANDS = (1_000, 2_000, 5_000, 10_000, 20_000, 50_000)


def wordfreq_words() -> Iterator[str]:
    """wordfreq's Japanese words (the large list), most frequent first; nothing if wordfreq is missing."""
    try:
        import wordfreq
    except ImportError:
        return iter(())
    path = wordfreq.DATA_PATH / "large_ja.msgpack.gz"
    try:
        buckets = wordfreq.read_cBpack(path)
    except (OSError, ValueError):
        return iter(())
    return (word for bucket in buckets for word in bucket)


def band(rank: int | None) -> str:
    """A short label for a rank: ``top 1k``, ``top 5k`` … ``top 50k``; empty beyond or when unknown."""
    if rank is None:
        return ""
    for limit in BANDS:
        if rank <= limit:
            return f"top {limit // 1000}k"
    return ""


def compute_ranks(
    words: Iterable[str],
    entries_of: Callable[[str], list[int]],
    stem_entries: Callable[[str], list[int]] | None = None,
) -> dict[int, int]:
    """Entry key → the best rank of its spellings.

    Args:
        words: the frequency list, most frequent first.
        entries_of: a spelling → the keys of the entries it ranks (empty when it is no spelling).
        stem_entries: for a word that is no spelling, the entry it is a conjugated stem of (or none);
            tried only for words ending in kana, the only ones MeCab cuts from a conjugation.

    Returns:
        Entry keys mapped to ranks (1 = most frequent); entries no word reaches are absent.
    """
    ranks: dict[int, int] = {}
    rank = 0
    for word in words:
        if not _JAPANESE.search(word):
            continue
        rank += 1
        keys = entries_of(word)
        if not keys and stem_entries is not None and not _KANJI.match(word[-1]):
            keys = stem_entries(word)
        for key in keys:
            if key not in ranks:
                ranks[key] = rank
    return ranks


def stem_candidates(word: str) -> list[str]:
    """What to deinflect for a MeCab stem: the word itself, and with た/だ put back after っ/ん/い."""
    out = [word]
    suffix = _BEFORE_TA.get(word[-1:])
    if suffix:
        out.append(word + suffix)
    return out
