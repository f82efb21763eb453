"""Annotations of one unit's text: glossary terms, the words worth glossing, readings over kanji.

What a view draws around a unit (the vocabulary panel, highlighted glossary terms in
both languages, furigana) comes from ``annotate_unit``; offsets are into the text given.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Sequence

from bireader.errors import InputError

VOCAB_MODES = ("all", "rare", "unknown", "glossary", "none")
READING_MODES = ("none", "all", "unknown")


@dataclass(frozen=True, slots=True)
class VocabNote:
    """A word worth glossing in a unit: where it is, its dictionary form, reading and short gloss."""

    surface: str
    lemma: str
    reading: str
    gloss: str
    start: int
    end: int
    is_user: bool = False  # from the user's glossary
    is_common: bool = False
    frequency_rank: int | None = None  # wordfreq rank of its entry (1 = most frequent)


@dataclass(frozen=True, slots=True)
class UnitNotes:
    """What a view draws around a unit's text: all spans are offsets into the text that was annotated."""

    vocab: tuple[VocabNote, ...] = ()
    ja_marks: tuple[tuple[int, int], ...] = ()  # user glossary terms in the Japanese
    en_marks: tuple[tuple[int, int], ...] = ()  # their English renderings in the English
    readings: tuple[tuple[int, int, str], ...] = ()  # furigana: (start, end, hiragana) over kanji
    # Every dictionary word of the text: (start, end, word-store key), for status highlighting.
    words: tuple[tuple[int, int, tuple[int, str]], ...] = ()


@functools.cache
def rare_rank() -> int:
    """``--vocab rare`` hides the words among this many most frequent (``rare_rank`` in the config)."""
    from bireader.config import load_config

    try:
        return load_config().rare_rank
    except InputError:  # a broken config is reported by the commands that read it for their options
        return 3000


class WordStatuses:
    """The word store's statuses, read once and reread only when another process changed them
    (the store's generation), so a view can ask per word without a query per word."""

    def __init__(self) -> None:
        self._generation: int | None = None
        self._statuses: dict[tuple[int, str], str] = {}
        self._checked = 0.0
        self._path = None

    def get(self) -> dict[tuple[int, str], str]:
        import time

        from bireader import paths

        now = time.monotonic()
        path = paths.user_db()
        # Within half a second the answer stands (a paragraph's words ask many times).
        if self._generation is not None and path == self._path and now - self._checked < 0.5:
            return self._statuses
        if path != self._path:
            self._generation, self._statuses, self._path = None, {}, path
        self._checked = now
        try:
            from bireader.words import open_words

            with open_words() as store:
                generation = store.generation()
                if generation != self._generation:
                    self._statuses = store.statuses()
                    self._generation = generation
        except Exception:  # a broken store is reported by `words`; the view shows every word
            self._generation = -1
        return self._statuses

    def refresh(self) -> None:
        """Reread at the next ``get`` (after this process changed the store)."""
        self._generation = None


word_statuses = WordStatuses()


def is_known(entry) -> bool:
    """Whether the learner has marked this dictionary entry known (the word store, cached)."""
    from bireader.words import word_key

    return word_statuses.get().get(word_key(entry)) == "known"


def has_known_words() -> bool:
    """Whether the learner has marked any word known (``--vocab unknown`` is then the default)."""
    try:
        from bireader.words import open_words

        with open_words() as store:
            return store.has_known()
    except Exception:  # as WordStatuses.get: a broken store is reported by `words`
        return False


def annotate_unit(
    ja: str, en: str = "", *, vocab: str = "rare", readings: bool | str = False, words: bool = False
) -> UnitNotes:
    """Glossary terms, words worth glossing and (optionally) readings of one unit's Japanese.

    Args:
        ja: the unit's Japanese text (as displayed).
        en: its English text, where the user's translations of glossary terms are marked.
        vocab: ``all`` (every word the dictionary layer thinks worth glossing),
            ``rare`` (without the words among the ``rare_rank`` most frequent), ``unknown``
            (without the words the learner knows or ignores), ``glossary`` (user terms only), ``none``.
        readings: furigana spans for kanji words: True or ``all``; ``unknown``: only over
            words the learner does not know; False or ``none``: none.
        words: fill ``UnitNotes.words`` even when the vocabulary mode needs no tokens.

    Returns:
        UnitNotes with offsets into ``ja`` and ``en``; user glossary terms come first in ``vocab``.
    """
    if vocab not in VOCAB_MODES:
        raise InputError(f"unknown vocabulary mode {vocab!r}; choose one of: {', '.join(VOCAB_MODES)}")
    if readings in (True, False):
        readings = "all" if readings else "none"
    if readings not in READING_MODES:
        raise InputError(f"unknown readings mode {readings!r}; choose one of: {', '.join(READING_MODES)}")
    if not ja.strip():
        return UnitNotes()
    need_tokens = words or readings != "none" or vocab in ("all", "rare", "unknown")
    # Tokens and matches shared with the unit's gloss line (``text_matches`` keeps the last few).
    tokens, matches = _text_matches(ja) if need_tokens else (None, ())
    terms = _find_terms(ja, tokens)
    user_notes: list[VocabNote] = []
    ja_marks: list[tuple[int, int]] = []
    en_marks: list[tuple[int, int]] = []
    seen: set[str] = set()
    for match in terms:
        ja_marks.append((match.start, match.end))
        entry = match.entry
        translations = [g for sense in entry.senses for g in sense.glosses]
        for translation in translations:
            en_marks.extend(_find_english(en, translation))
        if match.term in seen:
            continue
        seen.add(match.term)
        user_notes.append(
            VocabNote(
                surface=ja[match.start:match.end],
                lemma=match.term,
                reading=entry.readings[0] if entry.readings else "",
                gloss="; ".join(translations[:3]),
                start=match.start,
                end=match.end,
                is_user=True,
            )
        )
    notes: list[VocabNote] = list(user_notes)
    items, groups, spans_of_words = _vocabulary(matches) if tokens is not None else ([], [], [])
    keys = {start: key for start, _end, key in spans_of_words}
    statuses = word_statuses.get() if (vocab == "unknown" or readings == "unknown") else {}
    if vocab in ("all", "rare", "unknown"):
        limit = rare_rank()
        covered = [(m.start, m.end) for m in terms]
        for item in items:
            key = item.lemma or item.surface
            if key in seen or any(s <= item.start and item.end <= e for s, e in covered):
                continue
            if vocab == "rare" and item.frequency_rank is not None and item.frequency_rank <= limit:
                continue
            if vocab == "unknown" and statuses.get(keys.get(item.start)) in ("known", "ignored"):
                continue
            seen.add(key)
            notes.append(item)
    spans: tuple[tuple[int, int, str], ...] = ()
    if readings != "none" and tokens is not None:
        spans = furigana_spans(ja, tokens, groups + [(m.start, m.end) for m in terms])
        if readings == "unknown" and statuses:
            known_spans = [(s, e) for s, e, key in spans_of_words if statuses.get(key) in ("known", "ignored")]
            spans = tuple(sp for sp in spans if not any(s <= sp[0] and sp[1] <= e for s, e in known_spans))
    return UnitNotes(
        vocab=tuple(notes),
        ja_marks=tuple(sorted(set(ja_marks))),
        en_marks=tuple(sorted(set(en_marks))),
        readings=spans,
        words=tuple(spans_of_words),
    )


def _text_matches(text: str):
    from bireader.dictionary.vocab import text_matches

    return text_matches(text)


def _find_terms(text: str, tokens) -> list:
    """Glossary terms in ``text``; where they overlap, find_terms keeps the leftmost-longest."""
    from bireader.glossary import find_terms

    return find_terms(text, tokens)


def _vocabulary(matches) -> tuple[list[VocabNote], list[tuple[int, int]], list[tuple[int, int, tuple]]]:
    """Words worth glossing (the dictionary layer's ``vocabulary``), the spans of every
    multi-token word, and every word's span with its word-store key, from a text's matches."""
    from bireader.dictionary.vocab import vocabulary_from_matches
    from bireader.words import word_key

    groups = [(m.start, m.end) for m in matches if m.token_count > 1]
    words = [
        (m.start, m.end, word_key(m.entries[0]))
        for m in matches
        if m.entries and m.is_content and m.entries[0].source != "romanized"
    ]
    out = []
    for item in vocabulary_from_matches(matches):
        entry = item.entry
        out.append(
            VocabNote(
                surface=item.surface,
                lemma=item.lemma or item.surface,
                reading=item.reading or (entry.readings[0] if entry.readings else ""),
                gloss=entry.short_gloss,
                start=item.start,
                end=item.end,
                is_user=entry.source == "glossary",
                is_common=entry.is_common,
                frequency_rank=entry.frequency_rank,
            )
        )
    return out, groups, words


def _find_english(en: str, translation: str) -> list[tuple[int, int]]:
    """Where a glossary translation occurs in the English, case-insensitively, on word boundaries."""
    translation = translation.strip()
    if not en or len(translation) < 2:
        return []
    pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in translation.split()) + r"(?!\w)"
    return [(m.start(), m.end()) for m in re.finditer(pattern, en, flags=re.IGNORECASE)]


_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヵヶ]")
_ALL_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヵヶ]+")


def _to_hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def furigana(surface: str, reading: str) -> tuple[int, int, str] | None:
    """The kanji core of ``surface`` and its reading, without the kana both share at either end.

    ``被っ``/``こうむっ`` → ``(0, 1, "こうむ")``; None when there is no kanji or no usable reading.
    """
    if not reading or not _KANJI.search(surface):
        return None
    s = _to_hiragana(surface)
    r = _to_hiragana(reading)
    if s == r:
        return None
    head = 0
    while head < len(s) and head < len(r) and s[head] == r[head] and not _KANJI.match(s[head]):
        head += 1
    tail = 0
    while (
        tail < len(s) - head
        and tail < len(r) - head
        and s[-1 - tail] == r[-1 - tail]
        and not _KANJI.match(s[-1 - tail])
    ):
        tail += 1
    core = r[head:len(r) - tail]
    if not core:
        return None
    return head, len(s) - tail, core


def furigana_spans(text: str, tokens, groups: Sequence[tuple[int, int]] = ()) -> tuple[tuple[int, int, str], ...]:
    """Furigana for the kanji words of ``text``: ``(start, end, reading)``, in order.

    Consecutive tokens inside one dictionary word or glossary term (``groups``: spans
    such as 抑止力 = 抑止 + 力) share one reading, so it reads 抑止力(よくしりょく)
    rather than 抑止(よくし)力(りょく).
    """
    spans: list[tuple[int, int, str]] = []
    ordered = sorted(groups, key=lambda g: (g[0], -(g[1] - g[0])))
    i = 0
    toks = [t for t in tokens if t.surface.strip()]
    while i < len(toks):
        tok = toks[i]
        group_end = None
        for start, end in ordered:
            if start == tok.start and end > tok.end:
                group_end = end
                break
        j = i + 1
        if group_end is not None:
            while j < len(toks) and toks[j].end <= group_end:
                j += 1
        else:
            # A run of all-kanji tokens is one compound to a reader: 核抑止力(かくよくしりょく).
            while (
                j < len(toks)
                and toks[j].start == toks[j - 1].end
                and _ALL_KANJI.fullmatch(toks[j - 1].surface)
                and _ALL_KANJI.fullmatch(toks[j].surface)
            ):
                j += 1
        run = toks[i:j]
        start, end = run[0].start, run[-1].end
        surface = text[start:end]
        reading = "".join(t.reading for t in run)
        found = furigana(surface, reading)
        if found is not None:
            a, b, core = found
            spans.append((start + a, start + b, core))
        i = j
    return tuple(spans)
