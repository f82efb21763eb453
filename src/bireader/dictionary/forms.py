"""Word lookups: a spelling's own entries, then the dictionary forms its deinflections reach.

``word_entries(index, text)`` is what a word (not a phrase, not English) finds: the exact
spelling's JMdict entries, then the entries the rule-based deinflector reaches (each with
its ``deinflection`` reasons and ``matched`` = the dictionary form), then JMnedict names.
Where the form is itself a word, both are offered: 行ける (いける, "to be good at") and
行く + potential.

A deinflected candidate counts only for an entry whose part of speech fits the chain's
word class (``deinflect.lexical_kinds``): 行ける → 行く hits 行く as a godan verb, never a
noun spelt 行く. The inflection lexicon (a trie of every inflectable spelling with its
kinds) rejects most candidates before any SQL.
"""

from __future__ import annotations

import re
import unicodedata

from bireader.dictionary.deinflect import Deinflection, dictionary_forms, lexical_kinds, may_deinflect, reinflect
from bireader.dictionary.deinflect_rules import VK, VS
from bireader.dictionary.lookup import DictionaryIndex, _to_hiragana
from bireader.model import Entry, held_senses, new_entry


def word_entries(index: DictionaryIndex, text: str) -> tuple[Entry, ...]:
    """Entries for one word as written: exact JMdict matches, deinflected ones, then names.

    Args:
        index: the open dictionary index.
        text: a word, e.g. ``行ける``, ``食べさせられなかった``, ``たべた``.

    Returns:
        Exact JMdict entries (as the index ranks them); then deinflected entries, fewest
        reasons first, common words first among equals; then exact JMnedict names.
    """
    exact = index.variants(text)
    ranked = _deinflected(index, text)
    if not ranked:
        return exact  # the index ranks words before names already
    deinflected = tuple(entry for entry, _candidate in ranked)
    words = [e for e in exact if e.source == "jmdict"]
    names = exact[len(words):]
    if not words and len(ranked[0][1].reasons) == 1 and _KANJI.search(text):
        words = list(_kana_words(index, ranked[0]))
    if not words and not names:
        return deinflected
    seen = {e.entry_id for e in words}
    return (*words, *(e for e in deinflected if e.entry_id not in seen), *names)


def deinflected_entries(index: DictionaryIndex, text: str) -> tuple[Entry, ...]:
    """JMdict entries the deinflections of ``text`` reach, each with its reasons, best first.

    One entry reached by several chains keeps the shortest. Katakana is deinflected as
    hiragana too (タベタ → たべる).
    """
    return tuple(entry for entry, _candidate in _deinflected(index, text))


def _deinflected(index: DictionaryIndex, text: str) -> list[tuple[Entry, Deinflection]]:
    normal = text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)
    hiragana = _to_hiragana(normal)
    if not may_deinflect(hiragana):
        return []  # most nouns: no rule ends in 力, ン or 〇
    kinds_of = index.kinds_function()
    candidates = dictionary_forms(normal, kinds_of)
    if hiragana != normal:
        candidates += dictionary_forms(hiragana, kinds_of)
    if not candidates:
        return []
    best: dict[int, tuple[tuple, Entry, Deinflection]] = {}
    order = 0
    word_kinds = index.word_kinds
    for candidate in candidates:
        # The index keeps each entry's kinds for the spelling (``lexical_kinds`` of its senses' pos).
        entries, kinds = word_kinds(candidate.form)
        for entry, kind in zip(entries, kinds):
            entry_kinds = kind & candidate.kinds
            if not entry_kinds:
                continue
            order += 1
            # An old or rare spelling of another word ranks after a word spelt so: 愛しさ is
            # 愛しい (いとしい) + -さ before it is 美しい (愛しい being an old spelling of it).
            other_spelling = candidate.form in entry.kanji_forms[1:]
            # Among equals, する and 来る first: the commonest verbs, whose kana forms look like
            # forms of rarer ones (こさせる: 来る, or 越す + causative).
            rank = (
                len(candidate.reasons), other_spelling, not entry.is_common, not entry_kinds & IRREGULAR,
                frequency_band(entry), order,
            )
            held = best.get(entry.entry_id)
            if held is None or rank < held[0]:
                best[entry.entry_id] = (rank, entry, candidate)
    ranked = sorted(best.values(), key=lambda item: item[0])
    return [(_with_reasons(entry, candidate.reasons), candidate) for _rank, entry, candidate in ranked]


def _with_reasons(entry: Entry, reasons: tuple[str, ...]) -> Entry:
    """The entry with its deinflection reasons (``dataclasses.replace``, spelt out: it is on the hot path;
    the senses are passed on as held, so packed ones stay packed)."""
    return new_entry(
        entry.headword, entry.readings, held_senses(entry), entry.priorities, entry.source, entry.entry_id,
        entry.kanji_forms, entry.matched, entry.note, reasons, entry.frequency_rank,
    )


def _kana_words(index: DictionaryIndex, best: tuple[Entry, Deinflection]) -> tuple[Entry, ...]:
    """JMdict verbs and adjectives spelt only in kana that a kanji query is read as.

    行ける is 行く + potential, and also the word JMdict spells いける ("to be good at"): the
    reading of the query, from the reading of its dictionary form put through the same rules.
    A lexicalised form is one step from its base, so only one-reason chains are tried.
    """
    entry, candidate = best
    out: list[Entry] = []
    words = index.trie("words")
    for reading in entry.readings:
        kana = reinflect(reading, candidate)
        if not kana or kana == reading or kana not in words:
            continue
        for word, kinds in zip(*index.word_kinds(kana)):
            if kinds and not word.kanji_forms and word not in out:
                out.append(word)
    return tuple(out)


_KANJI = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")


IRREGULAR = VK | VS


def is_irregular(entry: Entry) -> bool:
    """Whether an entry is する or 来る (or a する compound JMdict lists whole)."""
    return bool(lexical_kinds({label for sense in entry.senses for label in sense.pos}) & IRREGULAR)


def frequency_band(entry: Entry) -> int:
    """JMdict's nfXX band of an entry (1: the 500 most frequent words … 48), 99 when it has none."""
    for tag in entry.priorities:
        if tag.startswith("nf") and tag[2:].isdigit():
            return int(tag[2:])
    return 99


def deinflection_line(entry: Entry, query: str) -> str:
    """The chain line of a deinflected entry: ``食べさせられなかった ← 食べる · causative · passive · negative · past``.

    Args:
        entry: an entry from a lookup (its ``matched`` is the dictionary form reached).
        query: the text that was looked up, as the reader typed or met it.

    Returns:
        The line, or ``""`` when the entry matched the query as spelt (no deinflection).
    """
    if not entry.deinflection:
        return ""
    return f"{query} ← {entry.matched or entry.headword} · " + " · ".join(entry.deinflection)
