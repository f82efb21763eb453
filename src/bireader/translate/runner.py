"""Translating a list of units: cache first, then chunked batches with timeouts and retries.

The rules, in the order they apply:

* a unit already in the cache is never sent again (unless ``refresh``);
* the misses are split on sentence boundaries into pieces no longer than the
  engine's ``max_chars`` and packed, in order, into chunks of at most
  ``max_chars`` characters; each chunk is one ``translate_batch`` call (one
  request when the engine keeps the line breaks);
* a chunk that fails on a timeout, a connection error, HTTP 429 or 5xx is tried
  again after an exponential backoff with jitter, at most ``TRIES`` times; any
  other failure (a bad key, a spent quota, a malformed answer, another 4xx) is
  not retried;
* a chunk that still fails stops the run: a dead or hanging service costs one
  chunk's tries, never one per unit. Without a fallback the error is raised;
  with ``fallback="gloss"`` every unit not yet translated is glossed offline;
* every unit is written to the cache as soon as its chunk arrives (one
  transaction per chunk), so Ctrl-C or a failure keeps all finished work and a
  rerun sends only what is missing.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import Callable, Sequence

from bireader.errors import EngineError, InputError
from bireader.translate.base import BATCH_SEPARATOR, EngineFailure
from bireader.translate.registry import GLOSS, check_engine_name, make_engine

# Attempts per chunk, and the backoff between them: BACKOFF_BASE * 2**(n-1), capped
# at BACKOFF_MAX, plus up to as much again of random jitter so that several clients
# do not retry in step. A Retry-After header (429, 503) is honoured up to RETRY_AFTER_MAX.
TRIES = 3
BACKOFF_BASE = 1.0
BACKOFF_MAX = 8.0
RETRY_AFTER_MAX = 30.0

FALLBACKS = (GLOSS,)

# progress(done, total): units finished (from the cache, the network or the gloss) out of all units.
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class TranslationResult:
    """English for each text, where it came from, and the counts the CLI reports.

    ``texts`` and ``sources`` have one item per input text; a source is
    ``mt:ENGINE`` or ``gloss`` (offline, or the fallback after a failure).
    ``from_cache + from_network + glossed + empty == len(texts)``.
    """

    texts: list[str]
    sources: list[str]
    engine: str
    from_cache: int = 0
    from_network: int = 0
    glossed: int = 0
    empty: int = 0
    chunks: int = 0  # translate_batch calls that succeeded
    error: str | None = None  # the failure that made the fallback take over


@dataclass(frozen=True, slots=True)
class Piece:
    """Part of a unit that goes into one request; ``joiner`` goes before its translation."""

    unit: int
    text: str
    joiner: str


def translate_texts(
    texts: Sequence[str],
    engine: str | None,
    *,
    url: str | None = None,
    timeout: float = 10.0,
    refresh: bool = False,
    fallback: str | None = None,
    progress: Progress | None = None,
    source: str = "ja",
    target: str = "en",
) -> TranslationResult:
    """Render each text in English with ``engine``, through the translation cache.

    Nothing leaves the machine unless ``engine`` names a network engine
    (google, mymemory, deepl, libre); ``"gloss"`` or None renders the offline
    dictionary gloss and touches neither the network nor the cache.

    Args:
        texts: the units (paragraph or sentence texts), in order.
        engine: an engine name (see ``ENGINE_NAMES``), ``"gloss"`` or None.
        url: the LibreTranslate server (``--translator-url``); None means the config's
            ``translator_url``.
        timeout: seconds each request may take (connect, and each read).
        refresh: ignore cached translations and ask again (the answers replace them).
        fallback: ``"gloss"`` to gloss the units the engine could not translate
            instead of raising.
        progress: called as ``progress(done, total)`` after the cache lookup and after
            every chunk; an exception it raises (KeyboardInterrupt) stops the run
            with every finished unit already cached.

    Returns:
        A TranslationResult with one English text and one source per input text.

    Raises:
        InputError: unknown engine or fallback, a URL for an engine that takes none.
        EngineError: the engine failed and no fallback was given; units received
            before the failure are in the cache.
    """
    texts = list(texts)
    if fallback is not None and fallback not in FALLBACKS:
        raise InputError(f"unknown fallback {fallback!r}; the only fallback is: {', '.join(FALLBACKS)}")
    name = GLOSS if engine is None else check_engine_name(engine)
    if url and name != "libre":
        raise InputError(f"--translator-url applies to --translator libre only, not {name}")
    if timeout is None or timeout <= 0:
        raise InputError(f"--timeout must be a positive number of seconds, not {timeout}")
    if name == GLOSS:
        return _gloss_all(texts, progress)
    if url is None and name == "libre":
        from bireader.config import load_config

        url = load_config().translator_url
    return _Run(texts, name, url, timeout, refresh, fallback, progress, source, target).run()


def _gloss_all(texts: list[str], progress: Progress | None) -> TranslationResult:
    from bireader.gloss import gloss_text

    out = []
    for text in texts:
        out.append(gloss_text(text) if text.strip() else "")
    empty = sum(1 for t in texts if not t.strip())
    if progress is not None:
        progress(len(texts), len(texts))
    return TranslationResult(
        texts=out, sources=[GLOSS] * len(texts), engine=GLOSS, glossed=len(texts) - empty, empty=empty
    )


class _Run:
    """One call of translate_texts against a network engine."""

    def __init__(self, texts, name, url, timeout, refresh, fallback, progress, source, target) -> None:
        self.texts = texts
        self.name = name
        self.url = url
        self.timeout = timeout
        self.refresh = refresh
        self.fallback = fallback
        self.progress = progress
        self.source = source
        self.target = target
        self.out: list[str | None] = [None] * len(texts)
        self.sources = [f"mt:{name}"] * len(texts)
        self.done = 0
        self.counts = {"cache": 0, "network": 0, "gloss": 0, "empty": 0}
        self.chunks = 0

    def _fill(self, indices: list[int], english: str, how: str) -> None:
        for i in indices:
            self.out[i] = english
            if how == GLOSS:
                self.sources[i] = GLOSS
        self.counts[how] += len(indices)
        self.done += len(indices)

    def _report(self) -> None:
        if self.progress is not None:
            self.progress(self.done, len(self.texts))

    def run(self) -> TranslationResult:
        from bireader.translate.cache import TranslationCache

        # Identical texts are sent once; empty ones are not sent at all.
        wanted: dict[str, list[int]] = {}
        for i, text in enumerate(self.texts):
            if text.strip():
                wanted.setdefault(text, []).append(i)
            else:
                self._fill([i], "", "empty")
        error: str | None = None
        with TranslationCache() as cache:
            hits = {} if self.refresh else cache.get_many(self.name, self.source, self.target, wanted)
            for text, english in hits.items():
                self._fill(wanted[text], english, "cache")
            misses = [text for text in wanted if text not in hits]
            self._report()
            if misses:
                error = self._translate_misses(misses, wanted, cache)
        if error is not None:
            from bireader.gloss import gloss_text

            for text in wanted:
                indices = wanted[text]
                if self.out[indices[0]] is None:
                    self._fill(indices, gloss_text(text), GLOSS)
            self._report()
        return TranslationResult(
            texts=[t if t is not None else "" for t in self.out],
            sources=self.sources,
            engine=self.name,
            from_cache=self.counts["cache"],
            from_network=self.counts["network"],
            glossed=self.counts["gloss"],
            empty=self.counts["empty"],
            chunks=self.chunks,
            error=error,
        )

    def _translate_misses(self, misses: list[str], wanted: dict[str, list[int]], cache) -> str | None:
        """Send the misses chunk by chunk; returns the error message if the fallback took over."""
        try:
            engine = make_engine(self.name, url=self.url, timeout=self.timeout)
        except EngineError as err:
            if self.fallback is None:
                raise
            return err.message
        limit = engine.max_chars
        pieces: list[Piece] = []
        for unit, text in enumerate(misses):
            pieces.extend(Piece(unit, part, joiner) for joiner, part in split_unit(text, limit))
        remaining = [0] * len(misses)
        for piece in pieces:
            remaining[piece.unit] += 1
        parts: list[list[str]] = [[] for _ in misses]
        try:
            for chunk in make_chunks(pieces, limit):
                try:
                    answers = send_with_retries(engine, [p.text for p in chunk], self.source, self.target)
                except EngineError as err:
                    if self.fallback is None:
                        raise
                    return err.message
                self._store(chunk, answers, misses, wanted, parts, remaining, cache)
        finally:
            close = getattr(engine, "close", None)
            if close is not None:
                close()
        return None

    def _store(self, chunk, answers, misses, wanted, parts, remaining, cache) -> None:
        """Put a chunk's answers into their units; cache and count the units now complete."""
        self.chunks += 1
        finished: list[tuple[str, str]] = []
        for piece, answer in zip(chunk, answers):
            parts[piece.unit].append(piece.joiner + answer.strip() if parts[piece.unit] else answer.strip())
            remaining[piece.unit] -= 1
            if remaining[piece.unit] == 0:
                finished.append((misses[piece.unit], "".join(parts[piece.unit])))
        cache.put_many(self.name, self.source, self.target, finished)
        for text, english in finished:
            self._fill(wanted[text], english, "network")
        self._report()


def send_with_retries(engine, texts: list[str], source: str = "ja", target: str = "en", *, tries: int | None = None) -> list[str]:
    """``engine.translate_batch(texts)`` with retries on transient failures.

    Raises:
        EngineError: a failure that is not transient, or a transient one after ``tries``
            attempts; the message names the engine and what to do.
    """
    tries = TRIES if tries is None else tries
    for attempt in range(1, tries + 1):
        try:
            answers = engine.translate_batch(texts, source, target)
        except EngineFailure as err:
            if not err.retryable:
                raise
            if attempt >= tries:
                raise EngineFailure(
                    f"{err.what} ({attempt} {'try' if attempt == 1 else 'tries'})",
                    err.advice,
                    kind=err.kind,
                    retryable=False,
                ) from err
            time.sleep(backoff_delay(attempt, err.retry_after))
            continue
        if len(answers) != len(texts):
            raise EngineError(
                f"{engine.engine_id} returned {len(answers)} translations for {len(texts)} texts; "
                "use --english FILE or --translator gloss"
            )
        return answers
    raise AssertionError("unreachable")  # pragma: no cover


def backoff_delay(attempt: int, retry_after: float | None = None) -> float:
    """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
    base = min(BACKOFF_MAX, BACKOFF_BASE * 2 ** (attempt - 1))
    delay = base + random.uniform(0, base)
    if retry_after is not None:
        delay = max(delay, min(retry_after, RETRY_AFTER_MAX))
    return delay


# --- chunking -----------------------------------------------------------------------------


def split_unit(text: str, limit: int) -> list[tuple[str, str]]:
    """Split a unit into ``(joiner, piece)`` pairs, each piece at most ``limit`` characters.

    Line breaks always split (the batch separator is a line break) and come back as
    ``"\\n"``; a line longer than ``limit`` is split between sentences (joined back
    with a space in English), and a sentence longer than ``limit`` at a comma or,
    failing that, anywhere. Blank lines and surrounding whitespace are dropped.
    """
    out: list[tuple[str, str]] = []
    for line in text.split(BATCH_SEPARATOR):
        line = line.strip()
        if not line:
            continue
        line_joiner = "\n" if out else ""
        if len(line) <= limit:
            out.append((line_joiner, line))
            continue
        for k, part in enumerate(_pack_sentences(line, limit)):
            out.append((line_joiner if k == 0 else " ", part))
    return out


def _pack_sentences(line: str, limit: int) -> list[str]:
    from bireader.document import split_sentences_ja

    spans: list[tuple[int, int]] = []
    for start, end in split_sentences_ja(line):
        spans.extend(_split_long(line, start, end, limit))
    parts: list[str] = []
    first = None
    last = None
    for start, end in spans:
        if first is not None and end - first > limit:
            parts.append(line[first:last].strip())
            first = None
        if first is None:
            first = start
        last = end
    if first is not None:
        parts.append(line[first:last].strip())
    return [p for p in parts if p]


_SOFT_BREAKS = "、，,；;：: 　"


def _split_long(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into spans of at most ``limit`` characters, at a comma when possible."""
    spans = []
    while end - start > limit:
        cut = max(text.rfind(ch, start, start + limit) for ch in _SOFT_BREAKS)
        cut = cut + 1 if cut > start else start + limit
        spans.append((start, cut))
        start = cut
    spans.append((start, end))
    return spans


def make_chunks(pieces: list[Piece], limit: int) -> list[list[Piece]]:
    """Pack pieces, in order, into chunks whose joined text is at most ``limit`` characters."""
    chunks: list[list[Piece]] = []
    current: list[Piece] = []
    size = 0
    for piece in pieces:
        extra = len(piece.text) + (len(BATCH_SEPARATOR) if current else 0)
        if current and size + extra > limit:
            chunks.append(current)
            current, size = [], 0
            extra = len(piece.text)
        current.append(piece)
        size += extra
    if current:
        chunks.append(current)
    return chunks
