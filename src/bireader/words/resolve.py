"""A word as the user types it (食べた, たべる, 行く) → the dictionary entry the store keys it by."""

from __future__ import annotations

from dataclasses import dataclass

from bireader.errors import NothingFound
from bireader.model import Entry
from bireader.words.store import WordKey, word_key


@dataclass(frozen=True, slots=True)
class ResolvedWord:
    """``query`` resolved to ``entry``; ``others`` are the other words the query could be."""

    query: str
    entry: Entry
    others: tuple[Entry, ...] = ()

    @property
    def key(self) -> WordKey:
        return word_key(self.entry)

    @property
    def reading(self) -> str:
        return self.entry.readings[0] if self.entry.readings else ""

    def choice_note(self) -> str:
        """A line saying which entry an ambiguous form was taken as ('' when it was not ambiguous)."""
        if not self.others:
            return ""
        alternatives = "、".join(_label(e) for e in self.others[:4])
        return (
            f"{self.query}: took {_label(self.entry)}; it could also be {alternatives}"
            " (give that spelling to mark another)"
        )


def _label(entry: Entry) -> str:
    reading = entry.readings[0] if entry.readings else ""
    gloss = entry.short_gloss
    shown = entry.headword + (f" ({reading})" if reading and reading != entry.headword else "")
    return f"{shown} “{gloss}”" if gloss else shown


def resolve_word(query: str) -> ResolvedWord:
    """The entry a word in any form names: the dictionary's first JMdict word for it (exact
    spellings before deinflected ones), else the user's glossary term, else a name.

    Raises:
        NothingFound: no dictionary or glossary entry knows the word.
    """
    from bireader.dictionary import lookup

    text = query.strip()
    entries = lookup(text) if text else []
    words = [e for e in entries if e.source == "jmdict"]
    if words:
        first = words[0]
        # Other words the same query reaches as directly (same spelling or the same chain length).
        others = tuple(
            e for e in words[1:]
            if e.entry_id != first.entry_id and len(e.deinflection) <= len(first.deinflection)
            and e.is_common
        )
        return ResolvedWord(text, first, others)
    for source in ("glossary", "jmnedict"):
        match = next((e for e in entries if e.source == source), None)
        if match is not None:
            return ResolvedWord(text, match)
    raise NothingFound(f"no dictionary entry for {text!r}")
