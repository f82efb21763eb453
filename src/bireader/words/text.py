"""The words of a text, and how much of it the learner knows (``words stats FILE``, ``known --from``).

A running word is a content word the dictionary knows, matched as the reader's word cursor
matches it (the longest entry: 事務総長 is one word); particles, auxiliaries, numbers and
punctuation are not words to learn and are not counted. Code blocks are skipped, as the
reader skips them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bireader.model import Document, Entry
from bireader.words.store import WordKey, WordStore, word_key


@dataclass
class TextWords:
    """The running words of a text: the key of each occurrence in order, and one entry per word."""

    running: list[WordKey] = field(default_factory=list)
    entries: dict[WordKey, Entry] = field(default_factory=dict)

    @property
    def counts(self) -> Counter:
        return Counter(self.running)


@dataclass(frozen=True)
class Coverage:
    """How much of a text the learner knows.

    ``known_share``: known running words / running words, ignored words left out of both (a
    name the learner ignores is neither known nor to learn).
    """

    running: int
    known_running: int
    ignored_running: int
    unique: int
    unique_unknown: int
    top_unknown: tuple[tuple[Entry, int], ...]  # the most frequent unknown words of the text, with counts

    @property
    def known_share(self) -> float:
        counted = self.running - self.ignored_running
        return self.known_running / counted if counted else 1.0


def document_words(doc: Document, start: int = 0, stop: int | None = None) -> TextWords:
    """The running words of paragraphs ``start..stop`` (0-based, half-open; numbered as ``read --range``)."""
    from bireader.dictionary import match_tokens
    from bireader.tokens import tokenize

    out = TextWords()
    for paragraph in doc.paragraphs[start:stop]:
        if paragraph.is_code or not paragraph.text.strip():
            continue
        for match in match_tokens(tokenize(paragraph.text)):
            entry = match.entry
            if entry is None or not match.is_content or entry.source == "romanized":
                continue
            key = word_key(entry)
            out.running.append(key)
            out.entries.setdefault(key, entry)
    return out


def read_text_words(source: str | Path, range_: str | None = None) -> TextWords:
    """``document_words`` of a file (any format the reader loads), optionally of a ``--range A-B``."""
    from bireader.document import read_document
    from bireader.document.ranges import parse_range

    doc = read_document(source, lang="ja")
    start, stop = parse_range(range_, len(doc.paragraphs))
    return document_words(doc, start, stop)


def coverage(words: TextWords, store: WordStore, *, top: int = 20) -> Coverage:
    """The text's coverage by the store's statuses, and its ``top`` most frequent unknown words."""
    counts = words.counts
    statuses = store.statuses_of(counts)
    known = ignored = 0
    unknown: list[tuple[Entry, int]] = []
    for key, n in counts.items():
        status = statuses.get(key, "new")
        if status == "known":
            known += n
        elif status == "ignored":
            ignored += n
        else:
            unknown.append((words.entries[key], n))
    # Most frequent in the text first; among equals, the more frequent word in the language.
    unknown.sort(key=lambda item: (-item[1], item[0].frequency_rank or 10**9, item[0].headword))
    return Coverage(
        running=len(words.running),
        known_running=known,
        ignored_running=ignored,
        unique=len(counts),
        unique_unknown=len(unknown),
        top_unknown=tuple(unknown[:top]),
    )
