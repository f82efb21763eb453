"""English → Japanese: the JMdict entries whose glosses contain an English word or phrase.

The index holds a full-text index (SQLite FTS5, Porter-stemmed, so "deterrence" also meets
"deterrent") over every English gloss of JMdict. Hits are ranked by how central the query is
to the gloss (the whole gloss, then the gloss's head, then a word inside it), then by
commonness, then by how early the sense comes in its entry: ``deterrence`` finds 抑止 and
抑止力 before 核抑止 ("nuclear deterrence") and before words that merely mention it.
"""

from __future__ import annotations

import re

from bireader.dictionary.forms import frequency_band
from bireader.dictionary.lookup import DictionaryIndex
from bireader.model import Entry

MAX_HITS = 500  # gloss rows read per query (best by bm25) before re-ranking
_WORD = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")
_NOTE = re.compile(r"\([^)]*\)")  # "(esp. in a game)": not part of the gloss proper
_LEADING = ("to", "a", "an", "the")  # "to deter", "a deterrent"
_ENGLISH = re.compile(r"[A-Za-z][A-Za-z '-]*")


def is_english(text: str) -> bool:
    """Whether a query looks like English: Latin letters (at least two), spaces, - and '."""
    stripped = text.strip()
    if not stripped.isascii() or len(stripped) < 2:
        return False
    return bool(_ENGLISH.fullmatch(stripped)) and sum(ch.isalpha() for ch in stripped) >= 2


def english_entries(index: DictionaryIndex, text: str, limit: int = 20) -> tuple[Entry, ...]:
    """JMdict entries with a gloss containing ``text`` (a word or a phrase), most central first.

    Args:
        index: the open dictionary index.
        text: English, e.g. ``deterrence``, ``nuclear weapon``.
        limit: at most this many entries.

    Returns:
        Entries (``matched`` is their headword, ``deinflection`` empty), best first; empty
        when no gloss has the words.
    """
    return tuple(entry for _centrality, entry in english_matches(index, text, limit))


def english_matches(index: DictionaryIndex, text: str, limit: int = 20) -> list[tuple[int, Entry]]:
    """``english_entries`` with each entry's ``centrality`` (0: some gloss is exactly the query)."""
    words = _WORD.findall(text.lower())
    if not words:
        return []
    hits = index.gloss_hits('"' + " ".join(words) + '"', MAX_HITS)  # one phrase, quoted for FTS5
    if not hits:
        return []
    keys: list[int] = []
    for key, _number, _score in hits:
        if key not in keys:
            keys.append(key)
    entries = index.entries_by_key(tuple(keys))
    best: dict[int, tuple] = {}
    for order, (key, number, _score) in enumerate(hits):
        entry = entries.get(key)
        if entry is None:
            continue
        found = _gloss(entry, number)
        if found is None:
            continue
        sense_index, gloss = found
        rank = (centrality(gloss, words), not entry.is_common, sense_index, frequency_band(entry), order)
        if key not in best or rank < best[key][0]:
            best[key] = (rank, entry)
    ranked = sorted(best.values(), key=lambda item: item[0])
    return [(rank[0], entry) for rank, entry in ranked[: max(limit, 0)]]


def _gloss(entry: Entry, number: int) -> tuple[int, str] | None:
    """The ``number``-th gloss of an entry (counted over its senses, as the build numbered them)."""
    count = 0
    for sense_index, sense in enumerate(entry.senses):
        if number < count + len(sense.glosses):
            return sense_index, sense.glosses[number - count]
        count += len(sense.glosses)
    return None


def centrality(gloss: str, words: list[str]) -> int:
    """How central the query words are to a gloss: 0 the whole gloss, 1 its head or most of it,
    2 a word somewhere in it (or only a stem of it: "deterrent" for "deterrence")."""
    gloss_words = _WORD.findall(_NOTE.sub(" ", gloss.lower()))
    while len(gloss_words) > len(words) and gloss_words[0] in _LEADING:
        gloss_words = gloss_words[1:]
    if gloss_words == words:
        return 0
    size = len(words)
    if gloss_words[:size] == words or (gloss_words[-size:] == words and len(gloss_words) <= size + 2):
        return 1
    return 2
