"""``tm build``: every pair of a folder aligned in a process pool and written as one translation memory.

The pool's workers start once (forked, where the platform can, after this
process has loaded the aligner and the tokenizer; each opens the dictionary in
its first task) and then take runs of pairs neighbouring by name, biggest first
so that two workers finish together. The parent reads nothing but the files'
bytes (to find a pair in the cache) and writes each pair to the cache as soon
as a worker sends it back, so an interrupted build loses at most the pairs being
aligned. The memory itself is written at the end, atomically, in the order of the
pairs' names.
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Sequence

from bireader.errors import BireaderError, InputError
from bireader.tm.cache import AlignedBead, AlignedPair, AlignmentCache, pair_key
from bireader.tm.folder import FolderScan, PairFiles, find_pairs
from bireader.tm.writers import FORMATS, MemoryUnit, write_memory, write_review

LEVELS = ("sentence", "paragraph")


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """How to build: the unit level, embeddings, workers, the confidence floor, the output format."""

    level: str = "sentence"
    embeddings: str = "auto"
    jobs: int | None = None  # None: one worker per CPU
    min_confidence: float | None = None
    fmt: str = "tmx"
    force: bool = False
    fresh: bool = False  # align every pair again, ignoring the cache
    safe_for_spreadsheets: bool = False


@dataclass(frozen=True, slots=True)
class BuildProgress:
    """Where a build is: pairs done of the total, and units aligned by this run so far."""

    done: int
    total: int
    units: int


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What ``build_memory`` did."""

    output: str
    review: str | None
    pairs: int  # pairs found
    aligned: int  # aligned by this run
    reused: int  # taken from the cache
    units: int  # written to the memory
    below_floor: int  # left out for their confidence (listed in the review file)
    unpartnered: int  # beads with an empty side, which a translation unit cannot hold
    lines: int  # text lines of the pairs aligned by this run
    seconds: float  # time spent aligning
    workers: int
    unpaired: tuple[tuple[str, str], ...] = ()  # (file, why)
    unreadable: tuple[tuple[str, str], ...] = field(default=())  # (file, message)
    others: int = 0


def review_path(output: str | Path) -> Path:
    """The review list beside the memory: ``memory.tmx`` → ``memory.review.tsv``."""
    output = Path(output)
    return output.with_name(output.stem + ".review.tsv") if output.suffix else output.with_name(output.name + ".review.tsv")


def default_jobs() -> int:
    """One worker per CPU this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def build_memory(
    folder: str | Path,
    output: str | Path,
    options: BuildOptions = BuildOptions(),
    *,
    on_progress: Callable[[BuildProgress], None] | None = None,
    cache_file: Path | None = None,
) -> BuildReport:
    """Align every ``NAME.ja.*``/``NAME.en.*`` pair of ``folder`` and write them as one memory.

    Args:
        folder: the folder (searched with its subfolders).
        output: the memory file, or ``-`` for stdout (not with a confidence floor).
        options: see ``BuildOptions``.
        on_progress: called after each pair with a ``BuildProgress``.
        cache_file: the alignment cache (``tm.cache.cache_path()`` by default).

    Returns:
        A ``BuildReport``; unpaired and unreadable files are listed there, not raised.

    Raises:
        InputError: no folder, no pair in it, a bad option, or an output that cannot be written.
    """
    from bireader.export.atomic import atomic_output, check_output

    folder = Path(folder)
    _check_options(folder, output, options)
    review = review_path(output) if options.min_confidence is not None else None
    check_output(output, force=options.force)
    if review is not None:
        check_output(review, force=options.force)
    excluded = [Path(output)] + ([review] if review else []) if str(output) != "-" else []
    scan = find_pairs(folder, exclude=excluded)
    if not scan.pairs:
        raise InputError(_no_pairs(folder, scan))
    embeddings = _resolve_embeddings(options.embeddings)
    settings = _settings(options.level, embeddings)
    aligned: dict[str, AlignedPair] = {}
    unreadable: list[tuple[str, str]] = []
    done = units_now = lines_now = reused = 0
    started = time.perf_counter()
    saved_versions = _saved_alignment_versions(scan.pairs, options.level)
    with AlignmentCache(cache_file) as cache:
        todo: list[tuple[PairFiles, str, int]] = []
        for pair in scan.pairs:
            try:
                ja_bytes, en_bytes = pair.ja.read_bytes(), pair.en.read_bytes()
            except OSError as err:
                unreadable.append((str(err.filename or pair.ja), err.strerror or str(err)))
                done += 1
                continue
            # A pair's saved (corrected) alignment is part of what it aligns to.
            key = pair_key(ja_bytes, en_bytes, settings + saved_versions(pair))
            hit = None if options.fresh else cache.get(key)
            if hit is not None:
                aligned[pair.name] = hit
                reused += 1
                done += 1
            else:
                todo.append((pair, key, len(ja_bytes) + len(en_bytes)))
        reused_done = done

        def workers_started() -> None:
            if on_progress:
                on_progress(BuildProgress(reused_done, len(scan.pairs), 0))

        # The dictionary index, when it has not been built yet, is built here, before the rate's
        # clock: a first run's lines/s would otherwise be the index build's (the workers only
        # open it; each would otherwise find it missing and wait for the first to build it).
        index_seconds = _ensure_dictionary() if todo else 0.0
        workers = min(options.jobs or default_jobs(), len(todo)) if todo else 0
        # closing(): an exception here (Ctrl-C) stops the pool at once, not when the generator is collected.
        with contextlib.closing(_align_all(todo, options.level, embeddings, workers, workers_started)) as results:
            for pair, key, outcome in results:
                done += 1
                if isinstance(outcome, str):
                    unreadable.append((pair.name, outcome))
                else:
                    cache.put(key, str(pair.ja), str(pair.en), outcome)
                    aligned[pair.name] = outcome
                    units_now += len(outcome.beads)
                    lines_now += outcome.lines
                if on_progress:
                    on_progress(BuildProgress(done, len(scan.pairs), units_now))
    seconds = time.perf_counter() - started - index_seconds

    files, below, unpartnered = _kept_units(scan.pairs, aligned, options.min_confidence)
    with atomic_output(output, force=options.force) as out:
        written = write_memory(
            options.fmt, out, [(name, units) for name, units, _ in files], level=options.level,
            safe_for_spreadsheets=options.safe_for_spreadsheets,
        )
    if review is not None:
        with atomic_output(review, force=options.force) as out:
            write_review(out, below, safe_for_spreadsheets=options.safe_for_spreadsheets)
    return BuildReport(
        output=str(output), review=str(review) if review else None, pairs=len(scan.pairs),
        aligned=len(aligned) - reused, reused=reused, units=written, below_floor=len(below),
        unpartnered=unpartnered, lines=lines_now, seconds=seconds, workers=workers,
        unpaired=tuple((str(p), why) for p, why in scan.unpaired), unreadable=tuple(unreadable), others=scan.others,
    )


def _ensure_dictionary() -> float:
    """Build the dictionary index if the aligner will need it and it is missing; the seconds it took."""
    from bireader.align.lexicon import default_lexicon

    start = time.perf_counter()
    default_lexicon()
    return time.perf_counter() - start


def _check_options(folder: Path, output: str | Path, options: BuildOptions) -> None:
    if not folder.is_dir():
        raise InputError(f"{folder} is not a folder" if folder.exists() else f"no such folder: {folder}")
    if options.level not in LEVELS:
        raise InputError(f"unknown level {options.level!r}; choose one of: {', '.join(LEVELS)}")
    if options.fmt not in FORMATS:
        raise InputError(f"unknown format {options.fmt!r}; choose one of: {', '.join(FORMATS)}")
    if options.jobs is not None and options.jobs < 1:
        raise InputError(f"--jobs must be at least 1, not {options.jobs}")
    if options.min_confidence is not None:
        if not 0.0 <= options.min_confidence <= 1.0:
            raise InputError(f"--min-confidence is a confidence between 0 and 1, not {options.min_confidence:g}")
        if str(output) == "-":
            raise InputError("--min-confidence lists the units it leaves out beside the memory; give -o FILE")
    if options.safe_for_spreadsheets and options.fmt != "tsv":
        raise InputError("--spreadsheet-safe is for --format tsv (the other formats are not opened as spreadsheets)")


def _no_pairs(folder: Path, scan: FolderScan) -> str:
    if scan.unpaired:
        first, why = scan.unpaired[0]
        return (f"no pairs in {folder}: {len(scan.unpaired)} file(s) have no partner ({first.name}: {why}); "
                "name them NAME.ja.EXT and NAME.en.EXT")
    return f"no pairs in {folder}: name the files NAME.ja.EXT and NAME.en.EXT (story.ja.txt beside story.en.txt)"


def _saved_alignment_versions(pairs, level: str):
    """``pair -> str``: the version of the alignment saved for the pair's two paths ("" if none).

    The workers align through ``reading``, which takes a saved alignment when there is one; the
    cache must therefore not answer for a pair whose saved alignment changed since it was cached.
    """
    from bireader.alignments import open_alignments, user_db_exists

    if not pairs or not user_db_exists():
        return lambda pair: ""
    with open_alignments() as store:
        versions = {pair.name: store.version_by_paths(pair.ja, pair.en, level) for pair in pairs}
    return lambda pair: f"|saved:{versions[pair.name]}" if versions[pair.name] else ""


def _resolve_embeddings(embeddings: str) -> str:
    """``auto`` becomes ``on`` or ``off`` here, so the cache key says what the alignment really used."""
    if embeddings not in ("auto", "on", "off"):
        raise InputError(f"unknown embeddings setting {embeddings!r}; choose one of: auto, on, off")
    if embeddings != "auto":
        return embeddings
    from bireader import embed

    return "on" if embed.is_available() else "off"


def _settings(level: str, embeddings: str) -> str:
    """Everything besides the texts that changes an alignment, as part of the cache key."""
    from bireader import __version__, paths

    return f"bireader {__version__}; level {level}; embeddings {embeddings}; dictionary {paths.dictionary_index().exists()}"


# --- aligning --------------------------------------------------------------------------------

Outcome = "AlignedPair | str"  # the pair, or why it could not be read


def align_pair_files(ja: str, en: str, level: str, embeddings: str) -> tuple[str, object]:
    """Read and align one pair (the work of a pool worker); never raises.

    The alignment goes through ``bireader.reading``, so a saved alignment of the pair is used.

    Returns:
        ``("ok", (lines, beads))`` with beads as plain tuples (cheap to send between
        processes), or ``("error", message)`` for a file that cannot be read or aligned.
    """
    from bireader.document import read_document
    from bireader.reading import build_reading

    try:
        ja_doc = read_document(ja, lang="ja")
        en_doc = read_document(en, lang="en")
        reading = build_reading(ja_doc, english=en_doc, level=level, embeddings=embeddings)
    except BireaderError as err:
        return "error", err.message
    except Exception as err:  # a loader's bug must not stop a batch of hundreds of files
        return "error", f"{type(err).__name__}: {err} (a bireader bug; please report it)"
    lines = _text_lines(ja_doc.text) + _text_lines(en_doc.text)
    beads = [(u.ja, u.en, u.score, tuple(u.ja_index), tuple(u.en_index)) for u in reading.units]
    return "ok", (lines, beads)


def _text_lines(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.strip())


def _outcome(result: tuple[str, object]) -> Outcome:
    status, payload = result
    if status != "ok":
        return str(payload)
    lines, beads = payload  # type: ignore[misc]
    return AlignedPair(beads=tuple(AlignedBead(*bead) for bead in beads), lines=lines)


# Where a worker sends each pair's result as soon as it is aligned (set by ``_start_worker``).
_finished = None


def _start_worker(embeddings: str, finished) -> None:
    """Pool initializer: leave Ctrl-C to the parent, and pay the aligner's start-up once, here."""
    import signal

    global _finished
    _finished = finished
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from bireader.align import align_units

    try:  # loads the tokenizer, the dictionary lexicon and, if used, the embedding model
        align_units(["準備。"], ["Ready."], embeddings=embeddings)
    except BireaderError:
        pass  # the first real pair reports it


def _preload() -> None:
    """Import the aligner, the dictionary's code and numpy, and load the tokenizer here, before
    forking: every worker then inherits them instead of paying for them again. (Not the
    dictionary index: an SQLite connection must not cross a fork, so each worker opens its own.)"""
    import bireader.dictionary  # noqa: F401  (its code only; the index opens on first lookup)
    import bireader.reading  # noqa: F401
    from bireader.align import align_units
    from bireader.document.sentences import get_segmenter
    from bireader.tokens import get_tagger

    get_tagger()
    get_segmenter()
    try:  # numpy and the scorer's modules, without the lexicon
        align_units(["準備。"], ["Ready."], embeddings="off", lexicon=False)
    except BireaderError:
        pass


def _align_all(
    todo: Sequence[tuple[PairFiles, str, int]], level: str, embeddings: str, workers: int, started: Callable[[], None]
) -> Iterator[tuple[PairFiles, str, Outcome]]:
    """Align the pairs, yielding each as it finishes: in this process for one worker, else in a pool.

    ``started`` is called once the workers run (a progress bar's thread must not exist
    before this process forks them).
    """
    if workers <= 1:
        started()
        for pair, key, _ in todo:
            yield pair, key, _outcome(align_pair_files(str(pair.ja), str(pair.en), level, embeddings))
        return
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # fork is the cheapest start (a worker inherits the imported modules), and safe while
    # this process has a single thread; otherwise forkserver forks the workers from a
    # clean single-threaded server, or spawn where there is none.
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        method = "fork"
    else:
        method = "forkserver" if "forkserver" in methods else "spawn"
    context = multiprocessing.get_context(method)
    if method == "fork":
        _preload()
    if method == "forkserver":
        context.set_forkserver_preload(["bireader.tm.build", "bireader.reading", "bireader.align"])
    # Each pair's result comes back through this queue as soon as it is aligned, not with its
    # run: Ctrl-C then loses only the pairs being aligned, not every pair of the runs in flight.
    finished = context.Queue()
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_start_worker, initargs=(embeddings, finished)
    )
    runs = _runs(todo, workers)
    try:
        futures = [
            pool.submit(_align_run, [(str(pair.ja), str(pair.en)) for pair, _, _ in run], level, embeddings, number)
            for number, run in enumerate(runs)
        ]
        started()  # with fork, every worker exists once the first task is submitted
        yield from _delivered(runs, _arrivals(finished, futures, len(todo)))
    except BrokenProcessPool:
        _stop(pool)
        raise BireaderError(
            "a worker process died (out of memory?); the pairs aligned so far are kept, run the command again to go on"
        ) from None
    except KeyboardInterrupt:
        # What the workers finished before Ctrl-C is in the queue: hand it over, then stop.
        arrived = _drain(finished)
        _stop(pool)
        yield from _delivered(runs, arrived)
        raise
    except BaseException:  # the caller stopped early
        _stop(pool)
        raise
    pool.shutdown(wait=True)


def _delivered(runs, arrivals) -> Iterator[tuple[PairFiles, str, Outcome]]:
    """``(pair, key, outcome)`` of each ``(run, position, result)`` a worker sent."""
    for number, position, result in arrivals:
        pair, key, _ = runs[number][position]
        yield pair, key, _outcome(result)


def _arrivals(finished, futures, expected: int) -> Iterator[tuple[int, int, tuple[str, object]]]:
    """The ``expected`` results from the workers' queue, as they come; a task's error is raised
    (a worker that died makes its future fail: the queue is polled, never waited on for good)."""
    import queue

    received = 0
    while received < expected:
        try:
            item = finished.get(timeout=0.25)
        except queue.Empty:
            for future in futures:
                if future.done() and future.exception() is not None:
                    raise future.exception()
            continue
        received += 1
        yield item


def _drain(finished) -> list:
    """The results already in the queue, without waiting for more."""
    import queue

    out = []
    while True:
        try:
            out.append(finished.get_nowait())
        except (queue.Empty, OSError, ValueError):
            return out


# Runs per worker: few enough that neighbouring texts stay together (on the bench's folder,
# 4 per worker left the workers 0.5 CPU s less to do in all than one pair a task), enough
# that the workers finish within a run of each other.
RUNS_PER_WORKER = 8


def _runs(todo: Sequence[tuple[PairFiles, str, int]], workers: int) -> list[list[tuple[PairFiles, str, int]]]:
    """The pairs cut into runs of neighbours by name (``RUNS_PER_WORKER`` runs' worth of bytes
    each, a big pair alone), biggest run first.

    Pairs named alike are often drafts or parts of one text and share lines, and a worker
    remembers what it split, tokenised and looked up: a run keeps that in one worker.
    """
    budget = sum(size for _, _, size in todo) / (workers * RUNS_PER_WORKER)
    runs: list[list[tuple[PairFiles, str, int]]] = []
    size = 0.0
    for item in sorted(todo, key=lambda item: item[0].name):
        if not runs or size + item[2] > budget:
            runs.append([])
            size = 0.0
        runs[-1].append(item)
        size += item[2]
    return sorted(runs, key=lambda run: -sum(size for _, _, size in run))


def _align_run(files: Sequence[tuple[str, str]], level: str, embeddings: str, number: int) -> int:
    """``align_pair_files`` of each pair of run ``number`` (a pool task), each result sent to the
    parent as ``(number, position, result)`` when it is done; returns how many were sent."""
    for position, (ja, en) in enumerate(files):
        _finished.put((number, position, align_pair_files(ja, en, level, embeddings)))
    return len(files)


def _stop(pool) -> None:
    """Shut the pool down without waiting for pairs in flight (Ctrl-C must not wait for a long book)."""
    # ProcessPoolExecutor has no public way to stop a running task before Python 3.14,
    # and shutdown() forgets its processes: take them first.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()


def _kept_units(
    pairs: Sequence[PairFiles], aligned: dict[str, AlignedPair], floor: float | None
) -> tuple[list[tuple[str, list[MemoryUnit], int]], list[MemoryUnit], int]:
    """The units each pair gives the memory, those below the floor, and how many beads had an empty side."""
    from bireader.export.fields import clean_xml

    files: list[tuple[str, list[MemoryUnit], int]] = []
    below: list[MemoryUnit] = []
    unpartnered = 0
    for pair in pairs:
        result = aligned.get(pair.name)
        if result is None:
            continue
        kept: list[MemoryUnit] = []
        ja_name = pair.ja_name
        for index, bead in enumerate(result.beads, start=1):
            if not clean_xml(bead.ja).strip() or not clean_xml(bead.en).strip():
                unpartnered += 1
                continue
            unit = MemoryUnit(ja_name, index, bead.ja, bead.en, bead.score, bead.ja_index, bead.en_index)
            if floor is not None and (bead.score is None or bead.score < floor):
                below.append(unit)
            else:
                kept.append(unit)
        files.append((pair.ja_name, kept, len(result.beads)))
    return files, below, unpartnered
