"""What ``bireader lookup`` asks: a word, a conjugated form, a phrase, romaji or English → entries.

``lookup(text)`` tries, in order:

1. the user's glossary (``bireader.glossary.lookup_terms``, when that module exists);
2. the word as written and its deinflections (``forms.word_entries``): 食べさせられなかった →
   食べる (causative · passive · negative · past); 行ける → 行ける, then 行く (potential);
3. for Latin letters, English glosses (``english``) and romaji read as kana (taberu → たべる,
   then as step 2): a gloss that is exactly the query first, then the romaji, then the rest;
4. when nothing in JMdict has turned up, the tokenizer: the words of a phrase by longest
   match (重要になる → 重要; 考えなければならない → 考える).

When two dictionary forms are equally good deinflections (行った: 行く or 行う), the
tokenizer's reading of the query decides their order.
"""

from __future__ import annotations

import re

from bireader.dictionary.english import english_matches, is_english
from bireader.dictionary.forms import is_irregular, word_entries
from bireader.dictionary.lookup import DictionaryIndex, IndexDamaged, _with_index, default_index
from bireader.dictionary.romaji import kana_from_romaji
from bireader.dictionary.vocab import entries_for_phrase
from bireader.model import Entry

# Longer text is a passage, not a query: it gets nothing (quickly) rather than a tokenizer run
# and a thousand entries. `bireader read` is for passages.
MAX_QUERY_CHARS = 200
_ROMAJI_WITH_MARKS = re.compile("[A-Za-zāīūēōâîûêôĀĪŪĒŌ'-]+")  # gakkō, Tōkyō


def lookup(text: str, limit: int | None = None) -> list[Entry]:
    """Dictionary entries for a word or short phrase, best first.

    The user's glossary entries (``bireader.glossary.lookup_terms``, when that module
    exists) come first. Then the exact spelling (kanji or kana; also its NFKC form and the
    other kana script), then the dictionary forms its deinflections reach, each with its
    ``deinflection`` reasons (述べた → 述べる, past); English (``deterrence``) and romaji
    (``taberu``) are looked up too. A phrase nothing spells whole is tokenized and its words
    looked up (重要になる → 重要); an unknown katakana word gets a ``romanized`` entry.

    Args:
        text: the query, e.g. ``抑止力``, ``述べている``, ``エスカレーション``, ``deterrence``.
        limit: at most this many entries (None: all).

    Returns:
        Entries ranked: exact matches, then deinflected (fewest reasons first, common words
        first among equals), then names. Empty when nothing is known, and for an empty
        query or one over ``MAX_QUERY_CHARS`` characters.
    """
    query = text.strip()
    if not query or len(query) > MAX_QUERY_CHARS:
        return []
    results = _glossary_entries(query) if _glossary_lookup is not None else []
    try:
        results.extend(default_index().memoized(_query)(query))
    except IndexDamaged:  # rebuilt once, then asked again
        results.extend(_with_index(lambda index: index.memoized(_query)(query)))
    return results if limit is None else results[: max(limit, 0)]


def _query(index: DictionaryIndex, query: str) -> tuple[Entry, ...]:
    """The dictionary's answer to a query (memoised per index)."""
    if is_english(query) or (not query.isascii() and _ROMAJI_WITH_MARKS.fullmatch(query)):
        return _latin(index, query)
    found = word_entries(index, query)
    if not found or found[0].source != "jmdict":  # the index ranks words before names
        return _with_phrase(index, query, found)
    return _tokenizer_decides_ties(query, found)


def _latin(index: DictionaryIndex, query: str) -> tuple[Entry, ...]:
    """Latin letters: JMdict's own spelling (ＮＡＴＯ), English glosses, and the romaji read as kana."""
    exact = index.variants(query)
    english = english_matches(index, query)
    kana = kana_from_romaji(query)
    japanese = word_entries(index, kana) if kana else ()
    central = [entry for centrality, entry in english if centrality == 0]
    others = [entry for centrality, entry in english if centrality != 0]
    out: list[Entry] = []
    seen: set[tuple[str, int]] = set()
    for entry in (*exact, *central, *japanese, *others):
        key = (entry.source, entry.entry_id)
        if key not in seen:
            seen.add(key)
            out.append(entry)
    return tuple(out)


def _with_phrase(index: DictionaryIndex, query: str, found: tuple[Entry, ...]) -> tuple[Entry, ...]:
    """``found`` (names, or nothing) with the entries of the query's words, words before names.

    Entries the rules reached from a token's dictionary form are left out: the rules have had
    the whole query and found no form in it, and UniDic's reading of a non-form (食べささ + れる,
    a "verb" 食べさす) must not bring back what they rejected (食べる + short causative + passive).
    """
    extra = tuple(e for e in entries_for_phrase(index, query) if not e.deinflection)
    if not found:
        return extra
    seen = {(e.source, e.entry_id) for e in found}
    merged = found + tuple(e for e in extra if (e.source, e.entry_id) not in seen)
    return tuple(sorted(merged, key=lambda e: e.source == "jmnedict"))


def _tokenizer_decides_ties(query: str, found: tuple[Entry, ...]) -> tuple[Entry, ...]:
    """Deinflected entries tied for first, in the order of UniDic's reading of the query.

    Tied: as many reasons, both common or both not, both irregular or both not, different
    dictionary forms (なった: 成る or 生る, whose kana spelling JMdict tags as the more frequent;
    行った: 行く or 行う). UniDic has read such forms in context a million times.
    """
    if not found or not found[0].deinflection:
        return found  # an exact match comes first: nothing to decide
    deinflected = [e for e in found if e.deinflection]
    if len(deinflected) < 2 or any(e.source == "jmdict" and not e.deinflection for e in found):
        return found
    first = deinflected[0]
    irregular = is_irregular(first)

    def tied(entry: Entry) -> bool:
        return (
            len(entry.deinflection) == len(first.deinflection)
            and entry.is_common == first.is_common
            and is_irregular(entry) == irregular
        )

    group = [e for e in deinflected if tied(e)]
    if len(group) < 2:
        return found
    from bireader.tokens import tokenize

    lemmas = {form for t in tokenize(query) if t.is_content or t.pos == "動詞" for form in (t.lemma, t.norm_lemma)}

    def agreement(entry: Entry) -> int:
        """2: UniDic names this entry's kanji (なる → 成る); 1: its spelling; 0: neither."""
        if any(k in lemmas for k in entry.kanji_forms):
            return 2
        return 1 if entry.matched in lemmas or entry.headword in lemmas else 0

    reordered = iter(sorted(group, key=lambda e: -agreement(e)))
    members = {id(e) for e in group}
    return tuple(next(reordered) if id(e) in members else e for e in found)


_GLOSSARY_UNSET = object()
_glossary_lookup = _GLOSSARY_UNSET


def _glossary_entries(query: str) -> list[Entry]:
    """The user's glossary entries for ``query`` (issue 6); none until ``bireader.glossary`` exists."""
    global _glossary_lookup
    if _glossary_lookup is _GLOSSARY_UNSET:
        try:
            from bireader import glossary
        except ModuleNotFoundError as err:
            if err.name != "bireader.glossary":
                raise
            _glossary_lookup = None
        else:
            _glossary_lookup = getattr(glossary, "lookup_terms", None)
    if _glossary_lookup is None:
        return []
    return list(_glossary_lookup(query))
