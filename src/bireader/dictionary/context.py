"""The entries a token gets in context: UniDic's reading and tags choose among homographs.

A lookup of a bare word cannot know which 月 is meant; a token in a document can. Here:

- the entry read as the token is read comes first, with only the senses JMdict gives that
  reading (一人 read いちにん is "one person", not "alone");
- JMnedict names never outrank a JMdict word for a token UniDic tags as a common word, and
  come first only for proper nouns, after JMdict's own proper names (森さん is "Mori", not
  "forest"; モスクワ stays "Moscow"; 月 after 2 is never "Akari");
- a counter right after a number offers the number + counter word first when JMdict has it
  (2月 → ２月 "February"; JMdict 1.08 has no 月 read がつ to offer instead);
- among the rest, UniDic's normalised lemma picks the kanji of a kana word (なる → 成る) and
  the token's part of speech picks the sense (非 as a prefix is "non-");
- a token whose dictionary form JMdict lacks (食べさす, 待たす) is deinflected by the rules.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from typing import TYPE_CHECKING

from bireader.dictionary.forms import deinflected_entries
from bireader.dictionary.lookup import DictionaryIndex, _to_hiragana
from bireader.model import Entry

if TYPE_CHECKING:
    from bireader.model import Token

# UniDic pos1 → words in the JMdict pos labels of an entry that fits a token of that pos.
_POS_HINTS = {
    "名詞": ("noun", "suru verb", "pronoun", "numeric", "counter"),
    "代名詞": ("pronoun", "noun"),
    "動詞": ("verb",),
    "形容詞": ("i-adjective", "adjective"),
    "形状詞": ("na-adjective", "taru", "no-adjective"),
    "副詞": ("adverb",),
    "接頭辞": ("prefix",),
    "接尾辞": ("suffix", "counter"),
    "助詞": ("particle",),
    "助動詞": ("auxiliary", "copula"),
    "連体詞": ("pre-noun", "prenominal"),
    "接続詞": ("conjunction",),
    "感動詞": ("interjection",),
}
PROPER_NOUN = "固有名詞"  # UniDic pos2 of names
_INFLECTING_POS = frozenset({"動詞", "形容詞"})
_WIDE_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_NUMERALS = frozenset("0123456789０１２３４５６７８９〇一二三四五六七八九十百千万億兆,.")


def token_entries(index: DictionaryIndex, token: "Token", previous: "Token | None" = None) -> tuple[Entry, ...]:
    """Entries for one token in context, best first (see the module docstring).

    Args:
        index: the open dictionary index.
        token: a token from ``bireader.tokens.tokenize``.
        previous: the token before it, if any (a number before a counter).

    Returns:
        Ranked entries; empty when nothing is known (the caller romanises katakana).
    """
    after_number = (
        previous is not None and previous.end == token.start and is_numeral(previous.surface) and len(previous.surface) <= 2
    )
    found = index.memoized(_entries_for)(
        token.lemma, token.surface, token.lemma_reading or token.reading, token.pos, token.norm_lemma, token.pos_detail
    )
    if after_number:
        found = _counter_entries(index, previous.surface, token.surface) + found
    return found


def is_numeral(surface: str) -> bool:
    """Whether a token is a number written in digits or kanji numerals (2, ２, 二十)."""
    return bool(surface) and all(ch in _NUMERALS for ch in surface)


def _counter_entries(index: DictionaryIndex, number: str, counter: str) -> tuple[Entry, ...]:
    """JMdict's own word for a number + counter (２月, 二月), which JMdict spells with full-width digits."""
    form = number.translate(_WIDE_DIGITS) + counter
    if not index.is_spelled(form):
        return ()
    return tuple(e for e in index.entries(form) if e.source == "jmdict")


def _entries_for(
    index: DictionaryIndex, lemma: str, surface: str, reading: str, pos: str, norm_lemma: str, pos_detail: str
) -> tuple[Entry, ...]:
    """``token_entries`` without the number context (memoised per index on these fields)."""
    wanted = _to_hiragana(reading) if reading else ""
    found = _read_as(index, lemma, wanted) if lemma else ()
    if not found and surface != lemma:
        found = _read_as(index, surface, wanted)
    if not any(e.source == "jmdict" for e in found) and pos in _INFLECTING_POS:
        # UniDic's dictionary form is no JMdict word (食べさす, 待たす): the rules know it.
        found = deinflected_entries(index, lemma or surface) or deinflected_entries(index, surface) or found
    hints = _POS_HINTS.get(pos, ())
    if hints:
        found = tuple(_senses_for_pos(e, hints) for e in found)
    if len(found) > 1:
        proper = pos_detail == PROPER_NOUN
        found = tuple(
            sorted(
                found,
                key=lambda e: (
                    # Names come first only for proper nouns, after JMdict's own proper names
                    # (モスクワ "Moscow", glossed with a capital); never above a word otherwise.
                    _name_rank(e) if proper else (e.source == "jmnedict"),
                    bool(wanted) and wanted not in {_to_hiragana(r) for r in e.readings},
                    # UniDic's normalised lemma names the kanji spelling of a kana word
                    # (なる → 成る), which JMdict's frequency order alone gets wrong (生る).
                    bool(norm_lemma) and norm_lemma != lemma and norm_lemma not in e.kanji_forms,
                    bool(hints) and not _fits_pos(e, hints),
                ),
            )
        )
    return found


def _name_rank(entry: Entry) -> int:
    """For a proper noun: 0 a JMdict proper name (Moscow), 1 a JMnedict name, 2 a common word (森 "forest")."""
    if entry.source == "jmnedict":
        return 1
    gloss = entry.short_gloss
    return 0 if gloss[:1].isupper() else 2


def _read_as(index: DictionaryIndex, form: str, reading: str) -> tuple[Entry, ...]:
    """Entries spelt ``form`` (or its variants), each with the senses that apply to ``reading``."""
    if reading and index.is_spelled(form):
        found = index.entries_read_as(form, reading)
        if found:
            return found
    return index.variants(form)


def _fits_pos(entry: Entry, hints: tuple[str, ...]) -> bool:
    return any(hint in label for sense in entry.senses for label in sense.pos for hint in hints)


def _senses_for_pos(entry: Entry, hints: tuple[str, ...]) -> Entry:
    """The entry with the senses fitting the token's pos moved first, if its first sense does not fit."""
    first = entry.senses[0] if entry.senses else None
    if first is None or any(h in label for label in first.pos for h in hints):
        return entry
    fitting = [s for s in entry.senses if any(h in label for label in s.pos for h in hints)]
    if not fitting:
        return entry
    rest = [s for s in entry.senses if s not in fitting]
    return dataclasses.replace(entry, senses=tuple(fitting + rest))


def reads_as(entries: tuple[Entry, ...], reading: str) -> bool:
    """Whether some JMdict entry is read ``reading`` (hiragana), voicing and ー aside.

    UniDic reads the tokens of a compound one by one (本 + 棚: ほんたな for ほんだな), so only a
    reading that differs beyond rendaku means a different word (愛し + さ, いとしさ, is not the
    old spelling 愛しさ of 美しさ, うつくしさ).
    """
    if not reading:
        return True
    wanted = _plain(reading)
    return any(_plain(_to_hiragana(r)) == wanted for e in entries if e.source == "jmdict" for r in e.readings)


def _plain(kana: str) -> str:
    decomposed = unicodedata.normalize("NFD", kana)
    return "".join(ch for ch in decomposed if ch not in "\u3099\u309aー").replace("っ", "つ")
