"""The dictionary signal: Japanese content lemmas and their English glosses."""

from __future__ import annotations

import functools
import re
from typing import Callable, Sequence

from bireader.align.params import Lexicon
from bireader.align.units import _RE_EN_WORD, _STOP, stem_en
from bireader.errors import BireaderError, DictionaryMissing



# Glosses recur across entries ("to do", "person"): each is read once per process.
@functools.lru_cache(maxsize=1 << 15)
def _gloss_words(gloss: str) -> frozenset[str]:
    words = set()
    for w in _RE_EN_WORD.findall(re.sub(r"\([^)]*\)", " ", gloss)):
        lw = w.lower()
        if lw not in _STOP and len(lw) > 1:
            words.add(stem_en(lw))
    return frozenset(words)


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


# The aligner builds the dictionary index the first time it needs it, so that the same command
# gives the same beads on a fresh install as after a `lookup` (issue 15). Tests that do not
# exercise the build turn this off (tests/conftest.py) to stay fast.
BUILD_ON_FIRST_USE = True


def default_lexicon(build: bool | None = None) -> Lexicon | None:
    """The dictionary-backed lexicon, or None when the dictionary layer is not available.

    Args:
        build: build the index (with the usual progress bar) when it is missing;
            ``None`` means ``BUILD_ON_FIRST_USE``.
    """
    if build is None:
        build = BUILD_ON_FIRST_USE
    try:
        from bireader import dictionary

        if not dictionary.index_available():
            if not build:
                return None
            dictionary.build_index()
        key = str(dictionary.index_path())
        lookup = dictionary.lookup
    except (ImportError, AttributeError, DictionaryMissing, BireaderError, OSError):
        # No dictionary data at all: the aligner goes on with its other signals.
        return None
    lexicon = _LEXICONS.get(key)
    if lexicon is None:
        lexicon = _LEXICONS[key] = DictionaryLexicon(lookup)
    return lexicon


_LEXICONS: dict[str, DictionaryLexicon] = {}


def content_lemmas(texts: Sequence[str]) -> list[list[str]]:
    """The dictionary forms of each text's content words (``tokens.content_words``)."""
    return [list(_content_lemmas(text)) for text in texts]


# Per text across calls: a text recurs in the sentence pass (a one-sentence paragraph), as a
# repeated heading, and in the other drafts of a document in the same batch.
@functools.lru_cache(maxsize=1 << 14)
def _content_lemmas(text: str) -> tuple[str, ...]:
    try:
        from bireader.tokens import content_words
    except ImportError:  # pragma: no cover - the tokenizer is part of the core
        return ()
    return tuple(content_words(text))
