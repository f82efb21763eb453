"""A reading stream's units as display lines: one unit at a time, or, for long plain output, in
worker processes.

``unit_lines`` is what ``bireader read`` prints for one unit (its notes, the Japanese, the
English). Glossing a unit offline (tokenizing, scanning the dictionary, rendering the gloss
and the notes) costs about a millisecond, all of it Python, so a 1 MB novel piped to a file
takes seconds on one core. ``plain_texts`` renders such output with ``workers`` forked
processes, in chunks of neighbouring units, and yields the chunks' text in order, as the
one-process loop would write it: the same bytes, sooner.

Only the offline gloss is rendered this way: an aligned or machine-translated stream has its
English already (its engine calls and caches stay in the parent), and a terminal or pager gets
styled lines, which are not worth sending between processes.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Iterator

if TYPE_CHECKING:
    from rich.text import Text

    from bireader.model import Unit
    from bireader.reading import ReadingStream

# Units a chunk: large enough that sending its text back costs little beside rendering it
# (~60 ms of work), small enough that the first chunk is on its way within a tenth of a second.
CHUNK_UNITS = 64
# Below this many units one process is as quick: starting the workers costs ~0.1 s.
PARALLEL_MIN_UNITS = 400


@dataclass(frozen=True)
class LineOptions:
    """How ``bireader read`` shows a unit."""

    width: int
    level: str = "paragraph"
    vocab: str = "rare"
    readings: str = "none"
    show_source: bool = False  # machine translation: each unit names its engine


def unit_lines(unit: Unit, options: LineOptions, paragraph_start: bool) -> list[Text]:
    """The lines of one unit, wrapped to ``options.width``, and the blank line after it."""
    from rich.text import Text

    from bireader.annotate import annotate_unit
    from bireader.render import UnitView, display_text

    notes = None
    if (options.vocab != "none" or options.readings != "none") and not unit.is_code:  # code is not glossed
        notes = annotate_unit(
            display_text(unit.ja), display_text(unit.en), vocab=options.vocab, readings=options.readings
        )
    view = UnitView(
        unit,
        notes,
        level=options.level,
        readings=options.readings != "none",
        show_source=options.show_source,
        paragraph_start=paragraph_start,
    )
    return view.lines(options.width) + [Text("")]


def units_lines(units: Iterable[Unit], options: LineOptions, previous_paragraph: int | None = None) -> Iterator[list[Text]]:
    """``unit_lines`` of each unit in turn; a unit starts a paragraph when its paragraph is not the
    one before it (``previous_paragraph`` for the first: None, the first unit shown starts one)."""
    for unit in units:
        yield unit_lines(unit, options, paragraph_start=unit.paragraph != previous_paragraph)
        previous_paragraph = unit.paragraph


def plain(lines: list[Text]) -> str:
    """Lines as plain text, as a pipe gets them (styles dropped, trailing spaces trimmed)."""
    return "\n".join(line.plain.rstrip() for line in lines) + "\n"


def workers_for(stream: ReadingStream, units: int) -> int:
    """How many processes should render ``units`` units of ``stream`` as plain text (1: this one).

    More than one only for the offline gloss, on a machine with cores to spare, where this
    process can fork safely (no other threads) and the text is long enough to pay for it.
    """
    from bireader.reading import GLOSS

    if stream.source != GLOSS or units < PARALLEL_MIN_UNITS:
        return 1
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


# The job the forked workers render from: set in the parent just before it forks them.
_job: tuple[ReadingStream, LineOptions] | None = None


def plain_texts(
    stream: ReadingStream, start: int, stop: int, options: LineOptions, *, workers: int, chunk: int = CHUNK_UNITS
) -> Iterator[str]:
    """The plain text of units ``start..stop`` of an offline-gloss stream, a chunk at a time, in order.

    Rendered by ``workers`` forked processes (in this one when ``workers`` is 1); together the
    chunks are what ``plain`` gives for each of ``units_lines(stream.units(start, stop))``, the
    loop of one process. Closing the iterator early (a closed pipe) stops the workers.
    """
    if workers <= 1 or stop - start <= chunk:
        yield _render(stream, options, start, stop, start)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _job
    _prepare_to_fork()
    _job = (stream, options)
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker
    )
    try:
        ranges = [(a, min(a + chunk, stop)) for a in range(start, stop, chunk)]
        ahead = workers * 3  # chunks in flight: the workers never wait for this process to write
        pending = [pool.submit(_render_job, a, b, start) for a, b in ranges[:ahead]]
        for position in range(len(ranges)):
            text = pending[position].result()
            following = position + ahead
            if following < len(ranges):
                pending.append(pool.submit(_render_job, *ranges[following], start))
            pending[position] = None  # its text is written; let it go
            yield text
    finally:
        _job = None
        pool.shutdown(wait=True, cancel_futures=True)


def _render(stream: ReadingStream, options: LineOptions, start: int, stop: int, first: int) -> str:
    """The plain text of units ``start..stop`` of the output that begins at unit ``first``."""
    # A chunk inside the output goes on from the unit before it, as one loop over it all would.
    previous = stream.peek(start - 1).paragraph if start > first else None
    return "".join(plain(lines) for lines in units_lines(stream.units(start, stop), options, previous))


def _render_job(start: int, stop: int, first: int) -> str:
    assert _job is not None, "a worker renders only the job it was forked with"
    stream, options = _job
    return _render(stream, options, start, stop, first)


def _start_worker() -> None:
    """Pool initializer: leave Ctrl-C to the parent, which stops the pool."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _prepare_to_fork() -> None:
    """Load here, before forking, what every worker would otherwise load again: the tokenizer, the
    dictionary's tries and lexicon (each worker opens its own connections to the index: an SQLite
    connection must not cross a fork; ``dictionary.lookup`` drops inherited ones), and build the
    index if it is missing, so that two workers never build it at once."""
    from bireader import dictionary
    from bireader.tokens import get_tagger

    get_tagger()
    index = dictionary.default_index()  # builds a missing index, with its progress bar, here
    index.trie("words")
    index.trie("names")
    index.lexicon()
