"""Mining and review figures (issue 17), on a throw-away user.db of synthetic cards.

Measures:

- mining: ``bireader.deck.mine(...)`` — the library call behind the reader's ``m`` — on a
  store that already holds the cards; a new word and a second sentence for a word that has a
  card. And in the reader itself (the bundled corpus, headless): from ``m`` to its
  confirmation on screen, word after word (target: under 100 ms). The reader needs the
  dictionary index: the one in the user's cache is linked into the bench home when it exists,
  else it is built first (about 40 s).
- ``bireader deck export --format apkg`` of 5,000 cards, in fresh processes (target < 5 s).
- ``bireader review --stats`` with 5,000 cards and 50,000 review-log rows, in fresh
  processes (target < 0.5 s), and the ``stats()`` query alone.
- the review screen: from a rating to the next card drawn (target < 50 ms): the key's
  handler (answer written, word store followed, next card loaded and drawn into the
  widgets), and key press to screen idle through Textual's Pilot (which adds its own waits).

Each figure: a warm-up, then the best and median of several runs. Prints versions too.

Usage: python bench/deck.py [--cards 5000] [--logs 50000] [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import shutil
import statistics
import subprocess
import tempfile
import time
from datetime import datetime, timedelta, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from common import bireader_command


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def _ms(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return (
        f"best {ordered[0] * 1000:.1f} ms, median {statistics.median(ordered) * 1000:.1f} ms, "
        f"p95 {p95 * 1000:.1f} ms (n={len(ordered)})"
    )


def _entry(i: int):
    from bireader.model import Entry, Sense

    return Entry(
        headword=f"語彙{i}",
        readings=(f"ごい{i}",),
        senses=(Sense((f"word number {i}", "a vocabulary item"), ("noun (common) (futsuumeishi)",)),
                Sense((f"second sense {i}",), ())),
        entry_id=5_000_000 + i,
        frequency_rank=i + 1,
    )


def _sentence(i: int) -> str:
    return f"ロシアは核抑止力を視野に入れ、語彙{i}について国際戦略研究所の報告書が警告した。"


def populate(path: Path, cards: int, logs: int) -> None:
    """Write ``cards`` cards (one or two sentences each), their schedules and ``logs`` review-log rows."""
    from bireader.db import transaction
    from bireader.deck import open_deck
    from bireader.review import REVIEW, open_review, stamp

    rng = random.Random(17)
    now = datetime.now(timezone.utc)
    with open_deck(path) as store:
        deck_id = store._deck_id(None)
        with transaction(store.conn):
            for i in range(cards):
                entry = _entry(i)
                created = stamp(now - timedelta(days=rng.randint(0, 90)))
                cursor = store.conn.execute(
                    "INSERT INTO deck_cards (deck_id, entry_id, headword, reading, senses, frequency_rank,"
                    " entry_source, created, changed) VALUES (?, ?, ?, ?, ?, ?, 'jmdict', ?, ?)",
                    (deck_id, entry.entry_id, entry.headword, entry.readings[0],
                     '[{"glosses": ["word number %d", "a vocabulary item"], "pos": ["noun"], "misc": []}]' % i,
                     entry.frequency_rank, created, created),
                )
                for k in range(1 + (i % 3 == 0)):
                    text = _sentence(i) if k == 0 else f"二つ目の例文で語彙{i}が出てくる。"
                    start = text.index(f"語彙{i}")
                    store.conn.execute(
                        "INSERT INTO deck_sentences (card_id, text, word_start, word_end, english, english_source,"
                        " document, document_path, unit, added) VALUES (?, ?, ?, ?, ?, 'aligned', ?, '', ?, ?)",
                        (cursor.lastrowid, text, start, start + len(f"語彙{i}"),
                         f"Russia looks to nuclear deterrence, the IISS report on word {i} warns.",
                         "Synthetic article", 1 + i % 40, created),
                    )
    with open_review(path) as review:
        with transaction(review.conn):
            reviewed = int(cards * 0.8)  # a fifth of the cards are new
            for card_id in range(1, reviewed + 1):
                due = now + timedelta(hours=rng.uniform(-48, 24 * 60))
                review.conn.execute(
                    "INSERT INTO review_state (card_id, state, step, stability, difficulty, due, last_review, reps,"
                    " lapses) VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?)",
                    (card_id, REVIEW, rng.uniform(1, 60), rng.uniform(1, 10), stamp(due),
                     stamp(now - timedelta(days=rng.uniform(0, 30))), rng.randint(1, 20), rng.randint(0, 3)),
                )
            for _ in range(logs):
                when = now - timedelta(days=rng.uniform(0, 60))
                review.conn.execute(
                    "INSERT INTO review_log (card_id, rating, reviewed, duration_ms, state_before, state_after,"
                    " due_after, stability, difficulty) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (rng.randint(1, reviewed), rng.choice((1, 3, 3, 3, 3, 4, 2)), stamp(when), rng.randint(800, 9000),
                     rng.choice((1, 2, 2, 2, 3)), REVIEW, stamp(when + timedelta(days=3)), 5.0, 5.0),
                )


def bench_mining(path: Path, runs: int, cards: int) -> None:
    from bireader.deck import mine

    def call(i: int, sentence: str) -> float:
        entry = _entry(i)
        start = sentence.index(entry.headword)
        t = time.perf_counter()
        mine(entry, surface=entry.headword, sentence=sentence, word_span=(start, start + len(entry.headword)),
             english="Some English.", english_source="aligned", document="Bench", unit=3, path=path)
        return time.perf_counter() - t

    call(10**6, _sentence(10**6))  # warm-up: imports, the words store's migration check
    fresh = [call(10**6 + n, _sentence(10**6 + n)) for n in range(1, runs * 10 + 1)]
    repeat = [call(n, f"三つ目の文の語彙{n}。") for n in range(runs * 10)]
    print(f"mine() of a new word (a store of {cards}+ cards): {_ms(fresh)}")
    print(f"mine() adding a sentence to an existing card:   {_ms(repeat)}")


def _timed_process(args: list[str], runs: int, env: dict) -> list[float]:
    times = []
    for n in range(runs + 1):
        t = time.perf_counter()
        subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if n:  # the first run warms the OS file cache
            times.append(time.perf_counter() - t)
    return times


async def _reader_mining(words: int) -> list[float]:
    """From the reader's ``m`` to the "Mined …" confirmation, for ``words`` words of the corpus."""
    from bireader.reading import stream_reading
    from bireader.tui.reader import ReaderApp

    corpus = Path(__file__).resolve().parent.parent / "corpus" / "iiss-russia-nuclear.ja.txt"
    app = ReaderApp(stream_reading(str(corpus), translator="gloss"), remember=False)
    times: list[float] = []

    def mined() -> int:
        return sum(1 for n in app._notifications if n.message.startswith("Mined "))

    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        while len(times) < words:
            await pilot.press("right")  # the next word: its lookup fills the panel
            await app.workers.wait_for_complete()
            await pilot.pause()
            info = screen.lookup
            if info is None or info.entry is None:
                continue
            before = mined()
            t = time.perf_counter()
            screen.action_mine()
            while mined() == before:
                await asyncio.sleep(0.0005)
            times.append(time.perf_counter() - t)
    return times


def _link_dictionary(home: Path) -> None:
    """The user's own dictionary index in the bench home, so the reader need not build one."""
    from platformdirs import user_cache_path

    index = user_cache_path("bireader", appauthor=False) / "dictionary.sqlite"
    if index.exists():
        (home / "cache").mkdir(parents=True, exist_ok=True)
        (home / "cache" / "dictionary.sqlite").symlink_to(index)
    else:
        print("no dictionary index in the user's cache: the reader builds one first (about 40 s)")


async def _review_screen(path: Path, ratings: int) -> tuple[list[float], list[float]]:
    from bireader.review import ReviewSession, open_review
    from bireader.tui.review import ReviewApp

    handler, drawn, pressed, idle = [], [], [], []
    with open_review(path) as store:
        session = ReviewSession(store, limit=ratings * 3, new=ratings)
        app = ReviewApp(session)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = app.screen
            for n in range(ratings * 2):
                await pilot.press("space")
                if n % 2 == 0:
                    # The key's handler (answer written, word store followed, next card loaded and put
                    # into the widgets), then the whole screen composited as Textual paints it.
                    t = time.perf_counter()
                    screen.action_rate(3)
                    handler.append(time.perf_counter() - t)
                    screen._compositor.reflow(screen, app.size)
                    screen._compositor.render_update(full=True)
                    drawn.append(time.perf_counter() - t)
                    await pilot.pause()
                else:  # the key press through Pilot until the app is idle again, and the same for a dead key
                    t = time.perf_counter()
                    await pilot.press("3")
                    await pilot.pause()
                    pressed.append(time.perf_counter() - t)
                    t = time.perf_counter()
                    await pilot.press("x")
                    await pilot.pause()
                    idle.append(time.perf_counter() - t)
    return handler, drawn, pressed, idle


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--logs", type=int, default=50000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="bireader-bench-deck-"))
    os.environ["BIREADER_HOME"] = str(home)
    env = dict(os.environ)
    path = home / "user.db"
    t = time.perf_counter()
    populate(path, args.cards, args.logs)
    print(f"populated {args.cards} cards, {args.logs} review-log rows in {time.perf_counter() - t:.1f} s ({path})")

    from bireader.review import open_review

    with open_review(path) as store:
        store.stats()
        query = []
        for _ in range(args.runs * 4):
            t = time.perf_counter()
            store.stats()
            query.append(time.perf_counter() - t)
    print(f"stats() query alone: {_ms(query)}")
    stats_times = _timed_process([*bireader_command(), "review", "--stats"], args.runs, env)
    print(f"`bireader review --stats` (fresh process): {_ms(stats_times)}")

    out = home / "mined.apkg"
    export_times = _timed_process(
        [*bireader_command(), "deck", "export", "--format", "apkg", "-o", str(out), "--force"], args.runs, env
    )
    print(f"`bireader deck export --format apkg` of {args.cards} cards (fresh process): {_ms(export_times)};"
          f" {out.stat().st_size / 1e6:.1f} MB")

    handler, drawn, pressed, idle = asyncio.run(_review_screen(path, max(args.runs * 4, 20)))
    print(f"review screen, rating handler (answer saved, next card in the widgets): {_ms(handler)}")
    print(f"review screen, rating handler + layout and full paint of the screen:    {_ms(drawn)}")
    print(f"review screen, key 3 pressed → app idle (Pilot):                        {_ms(pressed)}")
    print(f"  for scale, a key bound to nothing → app idle (Pilot's own waiting):    {_ms(idle)}")

    bench_mining(path, args.runs, args.cards)
    _link_dictionary(home)
    reader = asyncio.run(_reader_mining(max(args.runs * 4, 12)))
    print(f"reader: m → 'Mined …' confirmation (a store of {args.cards}+ cards): {_ms(reader)}")

    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs; "
          f"fsrs {_version('fsrs')}, genanki {_version('genanki')}, textual {_version('textual')}, "
          f"sqlite {__import__('sqlite3').sqlite_version}")
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
