"""Benchmark the interactive reader on a long (≥ 1 MB) text and a 300-chapter EPUB (issue 14).

The long text is ``long_text.build_long_text`` (the shared dev sets' Japanese, one chapter
a case); the book is ``formats.build_books`` (300 chapters). Each run is a fresh process
driving the reader headless with Textual's Pilot (120×40), offline gloss, so each figure
includes Python's start and every import, as a user's ``bireader read FILE -i`` does:

- first paint: the first frame with the text drawn (the Japanese; English still coming);
- first screen filled: every unit on the first screen has its English (gloss) and notes;
- go to the last unit: from the command to that unit drawn with its English;
- search: for a word that occurs only in the last chapter (found by scanning the text,
  not chosen by hand), from the command to the match under the cursor;
- RSS: peak resident memory after paging through the whole text (one run only: it pages
  ~900 screens and lets every tenth fill in).

Targets: first screen < 0.5 s after the index is built; last unit < 0.2 s; search < 1 s;
RSS < 300 MB; a 300-chapter EPUB's first screen < 1 s. Best of ``--runs``.

Usage: python bench/long_reader.py [--runs 3] [--no-paging] [--home DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))


def _rss_mb() -> tuple[float, float]:
    """(current, peak) resident memory of this process in MB, from /proc."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def only_in_last_chapter(doc) -> str:
    """A word (3+ kanji or katakana) of the last chapter that the text before it never has; failing
    that, the word of the last chapter that first occurs latest (the search then covers most of the text)."""
    last = doc.chapters[-1]
    start = doc.paragraphs[last.paragraph].start
    before, tail = doc.text[:start], doc.text[start:]
    words = re.findall(r"[\u4e00-\u9fff]{3,}|[\u30a0-\u30ff]{4,}", tail)
    for word in words:
        if word not in before:
            return word
    return max(words, key=lambda w: doc.text.find(w))


async def _child(path: str, t0: float, paging: bool) -> dict:
    from bireader.reading import stream_reading
    from bireader.tui.reader import ReaderApp
    from bireader.tui.reader.view import ReadingView

    marks: dict[str, float] = {}
    render_line = ReadingView.render_line

    def timed_render_line(self, y):
        if "first_paint" not in marks and self.source.total:
            marks["first_paint"] = time.time() - t0
        return render_line(self, y)

    ReadingView.render_line = timed_render_line
    stream = stream_reading(path, translator="gloss")
    app = ReaderApp(stream, remember=False)

    def filled(index: int) -> bool:
        state = app.source.states.get(index)
        return state is not None and state.en is not None and (state.notes is not None or not state.ja.strip())

    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        while not all(filled(i) for i in range(*screen.view.shown())) or not screen.view.shown()[1]:
            await asyncio.sleep(0.002)
        marks["first_filled"] = time.time() - t0
        total = app.source.total
        marks["units"] = total
        await pilot.pause()

        start = time.perf_counter()
        screen.go_to(str(total))
        while not filled(total - 1):
            await asyncio.sleep(0.002)
        await pilot.pause()
        marks["goto_last"] = time.perf_counter() - start

        word = only_in_last_chapter(stream.ja)
        screen.go_to("1")
        await app.workers.wait_for_complete()
        await pilot.pause()
        start = time.perf_counter()
        screen.search(word)
        found = screen.unit
        while not filled(found):
            await asyncio.sleep(0.002)
        await pilot.pause()
        marks["search"] = time.perf_counter() - start
        marks["search_word"] = word
        marks["search_unit"] = found + 1
        chapter = app.source.chapter_of(found, screen.chapters())
        marks["search_in_last_chapter"] = chapter is stream.ja.chapters[-1]

        if paging:
            screen.go_to("1")
            start = time.perf_counter()
            pages = 0
            while screen.unit < total - 1:
                screen.action_page(1)
                pages += 1
                await pilot.pause()
                if pages % 10 == 0:
                    await app.workers.wait_for_complete()
            marks["pages"] = pages
            marks["paging_s"] = time.perf_counter() - start
            marks["rss_mb"], marks["peak_rss_mb"] = _rss_mb()
            marks["states_held"] = len(app.source.states.keys())
    return marks


def run_child(path: Path, env: dict, *, paging: bool) -> dict:
    args = [sys.executable, __file__, "--child", str(path)] + ([] if paging else ["--no-paging"])
    env = dict(env, BENCH_T0=repr(time.time()))
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=1800)
    if done.returncode:
        raise SystemExit(f"child failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-paging", action="store_true", help="skip the page-through-everything RSS run")
    parser.add_argument("--home", type=Path, help="BIREADER_HOME with the dictionary index built (default: a temp dir)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        marks = asyncio.run(_child(args.child, float(os.environ["BENCH_T0"]), not args.no_paging))
        print(json.dumps(marks, ensure_ascii=False))
        return

    from formats import build_books
    from long_text import build_long_text

    home = args.home or Path(tempfile.gettempdir()) / "bireader-bench-home"
    env = dict(os.environ, BIREADER_HOME=str(home))
    env.pop("NO_COLOR", None)
    print(f"BIREADER_HOME={home}: building the dictionary index if needed…", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "bireader", "lookup", "日本"], env=env, capture_output=True, check=True)

    text = build_long_text()
    print(f"long text: {text} ({text.stat().st_size / 1e6:.2f} MB)")
    runs = [run_child(text, env, paging=False) for _ in range(args.runs)]
    best = {key: min(r[key] for r in runs) for key in ("first_paint", "first_filled", "goto_last", "search")}
    print(f"  units                   {runs[0]['units']:,}")
    print(f"  first paint             {best['first_paint']:.3f} s   (from process start; best of {args.runs})")
    print(f"  first screen filled     {best['first_filled']:.3f} s   (target < 0.5 s)")
    print(f"  go to the last unit     {best['goto_last']:.3f} s   (target < 0.2 s)")
    print(f"  search, last chapter    {best['search']:.3f} s   (target < 1 s; {runs[0]['search_word']} → unit "
          f"{runs[0]['search_unit']:,}, in the last chapter: {runs[0]['search_in_last_chapter']})")
    if not args.no_paging:
        paged = run_child(text, env, paging=True)
        print(f"  paged through           {paged['pages']} screens in {paged['paging_s']:.1f} s; RSS {paged['rss_mb']:.0f} MB"
              f", peak {paged['peak_rss_mb']:.0f} MB (target < 300 MB); unit states held {paged['states_held']}")

    with tempfile.TemporaryDirectory() as tmp:
        ja_book, _, chapters = build_books(Path(tmp), chapters=300)
        book_runs = [run_child(ja_book, env, paging=False) for _ in range(args.runs)]
        print(f"300-chapter EPUB ({book_runs[0]['units']:,} units, {chapters:,} characters)")
        print(f"  first paint             {min(r['first_paint'] for r in book_runs):.3f} s")
        print(f"  first screen filled     {min(r['first_filled'] for r in book_runs):.3f} s   (target < 1 s)")


if __name__ == "__main__":
    main()
