"""bireader's dictionary: JMdict and JMnedict (from jamdict-data) behind a compact index.

Public API (everything else is internal):

- ``lookup(text, limit=None) -> list[Entry]``: ranked entries for a word or short
  phrase (the user's glossary entries first, when ``bireader.glossary.lookup_terms``
  exists); conjugated forms are deinflected by rule (``Entry.deinflection`` says how:
  食べさせられなかった → 食べる, causative · passive · negative · past); English
  (``deterrence``) and romaji (``taberu``) work too.
- ``deinflection_line(entry, query)``: that chain as one line for display
  (``食べさせられなかった ← 食べる · causative · passive · negative · past``).
- ``deinflect(text)``: the rule-based deinflector alone (candidates, not entries).
- ``match_tokens(tokens) -> list[Match]``: longest dictionary match over a token
  sequence (事務 + 総長 → 事務総長), with the parts still on offer; one Match per word,
  punctuation skipped, unknown words with empty ``entries``. Use it to gloss every
  occurrence (the gloss line, the reader's word cursor).
- ``vocabulary(text, offset=0) -> list[VocabItem]``: the words worth glossing in a
  paragraph (content words and compounds, no particles, auxiliaries or numbers), in
  order of first appearance, each once (by dictionary form), with its best entry.
  ``vocabulary_from_matches(matches)`` does the same from matches already made.
  Neither consults the user's glossary: callers that show both put glossary terms first.
- ``lookup_token(token, previous=None)``: one token's entries in context (its reading,
  its tags, a number before a counter choose among homographs), ``romanize(kana)``,
  ``kana_from_romaji(text)``, ``romanized_entry(katakana)``, ``entry_to_dict(entry)``
  (the JSON shape of ``bireader lookup --json``).
- ``index_available()``, ``build_index(force=False)``, ``default_index()``,
  ``index_path()`` (``$BIREADER_DICTIONARY_INDEX`` or ``paths.dictionary_index()``),
  ``set_index_path(path)``, ``reset()``.

Speed: after the first use of a word, ``lookup`` and the per-token lookups behind
``match_tokens``/``vocabulary`` are in-process LRU cache hits (a few µs); a new word is
a deinflection (pure Python, a few µs) and one SQLite read by integer key per spelling
found, its entries packed in one row (see ``bench/dictionary.py``). All of it is
thread-safe (one SQLite connection per thread).

Modules, each importing only those above it: ``deinflect_rules`` (the table) →
``deinflect`` → ``packing`` (the index's rows, packed and unpacked) → ``build`` →
``lookup`` (the index) → ``forms`` (a word and its
deinflections) → ``context`` (a token's entries) and ``english`` → ``vocab`` (token
sequences, paragraphs) → ``query`` (``lookup``).

The index is opened lazily on first use and built (with a progress bar) when it is
missing, stale or damaged. Dictionary data © EDRDG, used under its licence:
see ``ATTRIBUTION``.
"""

from __future__ import annotations

from bireader.dictionary.deinflect import Deinflection, deinflect
from bireader.dictionary.forms import deinflection_line
from bireader.dictionary.lookup import (
    INDEX_ENV,
    DictionaryIndex,
    build_index,
    check_index,
    default_index,
    entry_to_dict,
    index_available,
    index_path,
    reset,
    set_index_path,
)
from bireader.dictionary.romaji import kana_from_romaji, romanize

# Importing the submodules ``lookup`` and ``vocab`` bound package attributes to modules; the
# imports below bind ``lookup`` and ``vocabulary`` to the functions. Cheap: marisa_trie and the
# tokenizer are imported only when a lookup or a scan first runs.
from bireader.dictionary.query import lookup  # noqa: E402
from bireader.dictionary.vocab import (  # noqa: E402
    Match,
    VocabItem,
    lookup_token,
    match_tokens,
    romanized_entry,
    vocabulary,
    vocabulary_from_matches,
)

ATTRIBUTION = (
    "This program uses the JMdict/EDICT and JMnedict dictionary files. These files are the "
    "property of the Electronic Dictionary Research and Development Group (EDRDG), and are "
    "used in conformance with the Group's licence (https://www.edrdg.org/edrdg/licence.html)."
)

__all__ = [
    "ATTRIBUTION",
    "INDEX_ENV",
    "Deinflection",
    "DictionaryIndex",
    "Match",
    "VocabItem",
    "build_index",
    "check_index",
    "default_index",
    "deinflect",
    "deinflection_line",
    "entry_to_dict",
    "index_available",
    "index_path",
    "kana_from_romaji",
    "lookup",
    "lookup_token",
    "match_tokens",
    "reset",
    "romanize",
    "romanized_entry",
    "set_index_path",
    "vocabulary",
    "vocabulary_from_matches",
]
