"""Benchmark the format pipeline: a 300-chapter EPUB to its first unit, and a 1,500-cue film paired by time.

Both inputs are built here from the shared development cases
(``../shared/data/align-dev*/cases/*__clean/{ja,en}.txt``: real Japanese–English
line pairs), never downloaded:

- a 300-chapter book: one case a chapter (cycled), as a Japanese EPUB and its
  English edition (with a preface in the Japanese one only). Measured: time from
  ``stream_reading(book.ja.epub, ...)`` to its first unit, in-process, for the
  Japanese book alone (offline gloss) and for the pair (chapters paired, the
  first chapter aligned); target < 1 s. This is the pipeline's side: the
  interactive reader's own first paint comes on top.
- a 1,500-cue film pair: Japanese cues with random timings, the English release
  shifted by 2.3 s, jittered, with one cue in eight split in two. Measured:
  ``timing.pair_by_time`` alone (target < 0.5 s), and the whole ``build_reading``
  of the two SRT files (load both, pair, make units).

Each figure is the best of ``--runs`` runs after a warm-up run.

Usage: python bench/formats.py [--runs 5] [--embeddings off] [--keep DIR] [--repeat 7]
"""

from __future__ import annotations

import argparse
import gc
import glob
import html
import importlib.metadata
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent.parent / "shared" / "data"
sys.path.insert(0, str(ROOT / "tests"))


def dev_cases() -> list[tuple[list[str], list[str]]]:
    """(Japanese lines, English lines) of every clean development case (line i of one is line i of the other)."""
    roots = sorted(glob.glob(str(DEV / "align-dev*" / "cases" / "*__clean"))) or sorted(
        glob.glob("/work/shared/data/align-dev*/cases/*__clean")
    )
    cases = []
    for case in roots:
        ja = Path(case, "ja.txt").read_text(encoding="utf-8").splitlines()
        en = Path(case, "en.txt").read_text(encoding="utf-8").splitlines()
        if ja and len(ja) == len(en):
            cases.append((ja, en))
    if not cases:
        raise SystemExit("no development cases found under ../shared/data/align-dev*/cases")
    return cases


def build_books(directory: Path, chapters: int = 300, repeat: int = 1) -> tuple[Path, Path, int]:
    """A Japanese EPUB of ``chapters`` chapters (each case ``repeat`` times) and its English edition.

    Returns:
        The two paths and the Japanese book's size in characters.
    """
    from format_fixtures import make_epub

    cases = dev_cases()
    ja_chapters, en_chapters = [("まえがき", ["この本は開発用の対訳データから作られた。"])], []
    size = 0
    for number in range(1, chapters + 1):
        ja, en = cases[(number - 1) % len(cases)]
        ja, en = ja * repeat, en * repeat  # --repeat: longer chapters, as in a novel
        ja_chapters.append((f"第{number}章", [html.escape(line) for line in ja if line.strip()]))
        en_chapters.append((f"Chapter {number}", [html.escape(line) for line in en if line.strip()]))
        size += sum(len(line) for line in ja)
    ja_path = make_epub(directory / "book.ja.epub", ja_chapters, title="三百章の本", nav_in_spine=True)
    en_path = make_epub(directory / "book.en.epub", en_chapters, lang="en", title="A Book of 300 Chapters")
    return ja_path, en_path, size


def build_film(directory: Path, cues: int = 1500) -> tuple[Path, Path]:
    """A Japanese SRT of ``cues`` cues and an English one shifted, jittered and split differently."""
    from format_fixtures import srt_text

    rng = random.Random(14)
    lines = [pair for ja, en in dev_cases() for pair in zip(ja, en) if pair[0].strip() and pair[1].strip()]
    ja_cues, en_cues = [], []
    t = 0
    for k in range(cues):
        ja, en = lines[k % len(lines)]
        t += rng.randint(300, 2500)
        length = rng.randint(1200, 5000)
        ja_cues.append((t, t + length, ja[:60]))
        s, e = t + 2300 + rng.randint(-150, 150), t + length + 2300 + rng.randint(-150, 150)
        if k % 8 == 3:
            middle = (s + e) // 2
            cut = len(en) // 2
            en_cues += [(s, middle - 40, en[:cut]), (middle + 40, e, en[cut:] or "…")]
        else:
            en_cues.append((s, e, en[:80]))
        t += length
    (directory / "film.ja.srt").write_text(srt_text(ja_cues), encoding="utf-8")
    (directory / "film.en.srt").write_text(srt_text(en_cues), encoding="utf-8")
    return directory / "film.ja.srt", directory / "film.en.srt"


def best_of(runs: int, work) -> tuple[float, object]:
    work()  # warm-up: imports, the tokenizer, the dictionary index, caches
    times = []
    result = None
    for _ in range(runs):
        # The previous run's book is garbage before this one starts, as in a fresh process:
        # kept alive, its objects would make every garbage collection of this run longer.
        result = None
        gc.collect()
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--embeddings", default="off", choices=("auto", "on", "off"))
    parser.add_argument("--keep", type=Path, help="build the inputs in DIR and keep them")
    parser.add_argument("--repeat", type=int, default=1, help="each chapter holds its case this many times (7: a 1 MB novel)")
    args = parser.parse_args()

    from bireader.document import read_document
    from bireader.reading import build_reading, stream_reading
    from bireader.align.timing import pair_by_time

    directory = args.keep or Path(tempfile.mkdtemp(prefix="bireader-bench-formats-"))
    directory.mkdir(parents=True, exist_ok=True)
    ja_book, en_book, size = build_books(directory, repeat=args.repeat)
    ja_film, en_film = build_film(directory)

    print(f"python {platform.python_version()} on {platform.machine()}; " + ", ".join(
        f"{name} {importlib.metadata.version(name)}" for name in ("ebooklib", "selectolax", "pysubs2", "pysbd")
    ))
    print(f"inputs in {directory}; embeddings={args.embeddings}; best of {args.runs} after a warm-up")

    load, doc = best_of(args.runs, lambda: read_document(ja_book))
    print(f"300-chapter EPUB ({size:,} Japanese characters, {len(doc.paragraphs):,} paragraphs, "
          f"{len(doc.chapters)} chapters): read_document {load * 1000:.0f} ms")
    load_en, en_doc = best_of(args.runs, lambda: read_document(en_book, lang="en"))
    print(f"  its English edition ({len(en_doc.text):,} characters): read_document {load_en * 1000:.0f} ms")

    def first_unit(**kwargs):
        stream = stream_reading(ja_book, embeddings=args.embeddings, **kwargs)
        return stream, next(iter(stream.units(0, 1)))

    gloss, _ = best_of(args.runs, lambda: first_unit(translator="gloss"))
    print(f"  first unit, Japanese alone (offline gloss): {gloss * 1000:.0f} ms   (target < 1000 ms)")
    paired, (stream, unit) = best_of(args.runs, lambda: first_unit(english=en_book))
    print(f"  first unit, with the English edition (chapters paired, first pair aligned): "
          f"{paired * 1000:.0f} ms   (target < 1000 ms); complete={stream.complete}, total={stream.total}")

    def first_paired_unit():
        # The preface has no English partner: this is the first unit that shows aligned English.
        fresh = stream_reading(ja_book, english=en_book, embeddings=args.embeddings)
        return next(u for u in fresh.units() if u.en)

    first_pair, unit = best_of(args.runs, first_paired_unit)
    print(f"  first unit with English (chapter 1 aligned too): {first_pair * 1000:.0f} ms; unit {unit.index + 1}: {unit.en[:40]!r}")
    start = time.perf_counter()
    while not stream.complete:
        stream.wait_more()
    print(f"  the rest of the book aligned chapter by chapter: {time.perf_counter() - start:.1f} s, {stream.total:,} units")

    ja_doc = read_document(ja_film)
    en_doc = read_document(en_film, lang="en")
    ja_times = [(p.time_start, p.time_end) for p in ja_doc.paragraphs]
    en_times = [(p.time_start, p.time_end) for p in en_doc.paragraphs]
    texts_ja = [p.text for p in ja_doc.paragraphs]
    texts_en = [p.text for p in en_doc.paragraphs]
    from bireader.align import align_units

    def text_aligner(ja, en):
        return align_units(ja, en, embeddings=args.embeddings)

    timing, pairing = best_of(args.runs, lambda: pair_by_time(ja_times, en_times, texts_ja, texts_en, align_texts=text_aligner))
    splits = sum(1 for b in pairing.beads if len(b.ja) == 1 and len(b.en) == 2)
    print(f"film: {len(ja_times):,} Japanese and {len(en_times):,} English cues: pair_by_time {timing * 1000:.0f} ms "
          f"(target < 500 ms); shift found {pairing.offset_ms / 1000:+.2f} s, {len(pairing.beads):,} beads, "
          f"{splits} 1:2, {pairing.by_text} by text")
    whole, reading = best_of(args.runs, lambda: build_reading(ja_film, english=en_film, embeddings=args.embeddings))
    print(f"  build_reading of the two SRT files (load, pair, units): {whole * 1000:.0f} ms, {len(reading.units):,} units")


if __name__ == "__main__":
    main()
