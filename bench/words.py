"""The learner's words, the frequency rank, kanji and mining (issues 16 and 17), on a throw-away user.db.

Measures (best of ``--runs``; the machine is shared, so the best is the figure, the median beside it):

1. two processes marking 300 distinct words each at once, one ``set_status`` transaction a
   word (``bireader.words.open_words``): all 600 stored, no "database is locked", the wall time;
2. ``bireader words import`` of a 10,000-line list of JMdict headwords (fresh process, fresh store);
3. ``bireader words stats`` and ``words stats FILE`` on the corpus, cold (fresh process), with
   20,000 words in the store (imported from a list of JMdict headwords read from the index);
4. the frequency rank's cost on lookups: 2,000 common words looked up (uncached and cached)
   in the index as built and in a copy with the rank taken out of every entry;
5. ``bireader kanji 抑止力`` cold, beside ``bireader --help`` (the CLI's own start);
6. ``bireader.deck.mine(...)`` (the reader's ``m``) in a warm process, and ``bireader mine WORD
   --from FILE`` cold.

Prints a table with the target beside each figure; asserts nothing.

Usage: python bench/words.py [--runs 3] [--skip-rank]
"""

from __future__ import annotations

import argparse
import marshal
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from common import bireader_command

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "iiss-russia-nuclear.ja.txt"

ROWS: list[tuple[str, str, str]] = []  # (what, figure, target)


def _fmt(times: list[float]) -> str:
    return f"{min(times):.3f} s (median {statistics.median(times):.3f})"


def report(what: str, figure: str, target: str = "") -> None:
    ROWS.append((what, figure, target))
    print(f"  {what}: {figure}" + (f"   [target {target}]" if target else ""), flush=True)


def timed_process(args: list[str], runs: int, env: dict, before=None) -> list[float]:
    """Wall times of ``args`` in fresh processes (one untimed run first warms the OS file cache)."""
    times = []
    for n in range(runs + 1):
        if before is not None:
            before()
        t = time.perf_counter()
        done = subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        elapsed = time.perf_counter() - t
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
        if n:
            times.append(elapsed)
    return times


def headwords(index: Path, count: int, *, common_only: bool = False, skip: int = 0) -> list[tuple[int, str, str]]:
    """``count`` distinct JMdict (entry id, headword, reading), in key order after ``skip`` entries;
    a headword that is also another entry's spelling is left out, so each names one word."""
    import json

    conn = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
    out: list[tuple[int, str, str]] = []
    seen: set[str] = set()
    rows = conn.execute("SELECT key, data FROM entries WHERE key < 10000000 ORDER BY key")
    skipped = 0
    for key, data in rows:
        # Format 7 stores a JMdict entry as marshal data (bytes), format 6 as JSON (text).
        kanji, readings, _senses, priorities = (marshal.loads(data) if isinstance(data, bytes) else json.loads(data))[:4]
        if common_only and not priorities:
            continue
        head = kanji[0] if kanji else readings[0]
        if head in seen or len(head) > 20:
            continue
        seen.add(head)
        if skipped < skip:
            skipped += 1
            continue
        out.append((key, head, readings[0] if readings else ""))
        if len(out) >= count:
            break
    conn.close()
    return out


# --- 1. concurrent marking ---------------------------------------------------------------------

_MARKER = textwrap.dedent(
    """
    import json, sys, time
    from bireader.words import open_words
    words, start_at, db = json.loads(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
    errors = 0
    with open_words(db) as store:
        while time.time() < start_at:
            time.sleep(0.001)
        t = time.perf_counter()
        for entry_id, headword, reading in words:
            try:
                store.set_status([(entry_id, headword, reading)], "known", by="user")
            except Exception as err:  # a lost mark is what this measures
                errors += 1
                print(repr(err), file=sys.stderr)
        print(json.dumps([time.perf_counter() - t, errors]))
    """
)


def bench_concurrent(words: list[tuple[int, str, str]], runs: int, home: Path, env: dict) -> None:
    import json

    walls, stored_counts, errors = [], [], 0
    halves = (words[:300], words[300:600])
    for run in range(runs):
        db = home / f"concurrent-{run}.db"
        from bireader.words import open_words

        with open_words(db):  # created and migrated before the race, as a reader's first mark would
            pass
        start_at = time.time() + 1.5  # both processes imported and connected by then
        procs = [
            subprocess.Popen([sys.executable, "-c", _MARKER, json.dumps(half, ensure_ascii=False), str(start_at), str(db)],
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for half in halves
        ]
        results = [p.communicate() for p in procs]
        wall = time.time() - start_at
        for out, err in results:
            each, errs = json.loads(out.strip().splitlines()[-1])
            errors += errs
            if err.strip():
                print(err.strip()[:300], file=sys.stderr)
        walls.append(wall)
        conn = sqlite3.connect(db)
        stored_counts.append(conn.execute("SELECT count(*) FROM words WHERE status = 'known'").fetchone()[0])
        conn.close()
    report("2 processes × 300 marks at once: stored", f"{min(stored_counts)}/600 in every run ({runs} runs), "
           f"{errors} errors", "600, none lost")
    report("2 processes × 300 marks at once: wall", _fmt(walls) + f", {600 / min(walls):,.0f} marks/s")


# --- 4. the frequency rank's cost on lookups ---------------------------------------------------

def _strip_rank(index: Path, out: Path) -> int:
    """A copy of the index whose entries carry no frequency rank; returns how many entries had one.

    Format 7 keeps an entry's rank in its record (item 4 of the ``entries`` row, item 7 of each
    record of a spelling's row in ``spellings``: see ``bireader.dictionary.packing``); format 6
    in the 5th item of the entry's JSON.
    """
    shutil.copyfile(index, out)
    conn = sqlite3.connect(out)
    if not conn.execute("SELECT 1 FROM sqlite_schema WHERE name = 'spellings'").fetchone():
        tail = re.compile(r",-?\d+\]$")
        rows = conn.execute("SELECT key, data FROM entries WHERE data GLOB '*,[0-9]*]'").fetchall()
        changed = [(tail.sub("]", data), key) for key, data in rows if tail.search(data) and data.count("],[") >= 2]
        conn.executemany("UPDATE entries SET data = ? WHERE key = ?", changed)
        conn.commit()
        conn.close()
        return len(changed)
    changed = []
    for key, data in conn.execute("SELECT key, data FROM entries WHERE key < 10000000"):
        record = marshal.loads(data)
        if record[4] is not None:
            changed.append((marshal.dumps(record[:4] + (None,) + record[5:]), key))
    conn.executemany("UPDATE entries SET data = ? WHERE key = ?", changed)
    rows = []
    for row_id, data in conn.execute("SELECT id, data FROM spellings"):
        is_name, records = marshal.loads(data)
        if any(r[7] is not None for r in records):
            rows.append((marshal.dumps((is_name, tuple(r[:7] + (None,) + r[8:] for r in records))), row_id))
    conn.executemany("UPDATE spellings SET data = ? WHERE id = ?", rows)
    conn.commit()
    conn.close()
    return len(changed)


_LOOKUPS = textwrap.dedent(
    """
    import json, sys, time
    from bireader import dictionary
    from bireader.dictionary import query
    query._glossary_lookup = None  # the dictionary alone
    words, runs = json.loads(sys.argv[1]), int(sys.argv[2])
    index = dictionary.default_index()
    for w in words:
        dictionary.lookup(w)
    ranked = sum(1 for w in words if (dictionary.lookup(w) or [None])[0] is not None
                 and dictionary.lookup(w)[0].frequency_rank is not None)
    cold, warm = [], []
    for _ in range(runs):
        index.clear_caches()
        t = time.perf_counter()
        for w in words:
            dictionary.lookup(w)
        cold.append(time.perf_counter() - t)
        t = time.perf_counter()
        for w in words:
            dictionary.lookup(w)
        warm.append(time.perf_counter() - t)
    print(json.dumps([min(cold), min(warm), ranked]))
    """
)


def bench_rank(index: Path, runs: int, home: Path, env: dict) -> None:
    import json

    words = [w for _k, w, _r in headwords(index, 2000, common_only=True)]
    stripped = home / "dictionary-no-rank.sqlite"
    t = time.perf_counter()
    n = _strip_rank(index, stripped)
    print(f"  (copy of the index without ranks: {n:,} entries rewritten in {time.perf_counter() - t:.1f} s)")
    results: dict[str, list] = {"with": [], "without": []}
    # Alternate the two indexes, several rounds, so the machine's noise falls on both alike.
    for _ in range(max(runs, 3)):
        for label, path in (("with", index), ("without", stripped)):
            run_env = dict(env, BIREADER_DICTIONARY_INDEX=str(path))
            out = subprocess.run([sys.executable, "-c", _LOOKUPS, json.dumps(words, ensure_ascii=False), "5"],
                                 env=run_env, check=True, capture_output=True, text=True).stdout
            results[label].append(json.loads(out))
    best = {label: (min(r[0] for r in rs), min(r[1] for r in rs), rs[0][2]) for label, rs in results.items()}
    for kind, i in (("uncached", 0), ("cached", 1)):
        with_rank, without = best["with"][i], best["without"][i]
        report(f"lookup of 2,000 common words, {kind}, with rank", f"{len(words) / with_rank:,.0f}/s",
               "≥ 50,000/s" if kind == "uncached" else "")
        report(f"lookup of 2,000 common words, {kind}, rank stripped", f"{len(words) / without:,.0f}/s")
        report(f"  rank's overhead ({kind})", f"{(with_rank / without - 1) * 100:+.1f}%", "< 5%")
    report("  common words with a rank", f"{best['with'][2]:,} of {len(words):,} (stripped copy: {best['without'][2]})")
    stripped.unlink()


# --- 6. mining ---------------------------------------------------------------------------------

def bench_mine(index: Path, runs: int, home: Path, env: dict) -> None:
    from bireader.deck import mine
    from bireader.dictionary import lookup

    db = home / "mine.db"
    text = CORPUS.read_text(encoding="utf-8")
    sentences = [s for s in re.split(r"(?<=。)", text) if len(s.strip()) > 10][:60]
    targets = []
    for w in ("抑止力", "核兵器", "報告", "戦略", "安全保障", "同盟", "軍事", "威嚇", "配備", "政策"):
        entry = lookup(w)[0]
        sentence = next((s for s in sentences if w in s), f"ロシアの{w}について。")
        targets.append((entry, sentence.strip()))

    def call(entry, sentence, n) -> float:
        start = sentence.find(entry.headword)
        start = max(start, 0)
        t = time.perf_counter()
        mine(entry, surface=entry.headword, sentence=sentence, word_span=(start, start + len(entry.headword)),
             english=f"English sentence {n}.", english_source="aligned", document="corpus", unit=n, path=db)
        return time.perf_counter() - t

    call(*targets[0], 0)  # warm-up: imports, the stores' migration checks
    new, again = [], []
    for n in range(runs * 5):
        entry, sentence = targets[(n + 1) % len(targets)]
        (new if n < len(targets) - 1 else again).append(call(entry, f"{sentence}{n}", n + 1))
    report("deck.mine() warm, a new card", f"best {min(new) * 1000:.1f} ms, median {statistics.median(new) * 1000:.1f} ms",
           "< 100 ms")
    if again:
        report("deck.mine() warm, a sentence added to a card",
               f"best {min(again) * 1000:.1f} ms, median {statistics.median(again) * 1000:.1f} ms", "< 100 ms")
    times = timed_process([*bireader_command(), "mine", "抑止力", "--from", str(CORPUS), "--translator", "gloss"], runs, env)
    report("`bireader mine 抑止力 --from corpus --translator gloss` cold", _fmt(times), "(none set)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--stored", type=int, default=20_000, help="words in the store for `words stats`")
    parser.add_argument("--import-lines", type=int, default=10_000)
    parser.add_argument("--skip-rank", action="store_true", help="skip the rank-overhead figure (copies the index)")
    parser.add_argument("--no-bytecode-cache", action="store_true",
                        help="keep PYTHONDONTWRITEBYTECODE as set: every fresh process then compiles bireader's"
                        " modules again (~0.1-0.3 s); by default bytecode is cached in a temp dir, as an install has it")
    args = parser.parse_args()

    from bireader import dictionary

    dictionary.default_index()  # builds it into the user's home if missing
    index = dictionary.index_path()
    home = Path(tempfile.mkdtemp(prefix="bireader-bench-words-"))
    os.environ["BIREADER_HOME"] = str(home)
    os.environ["BIREADER_DICTIONARY_INDEX"] = str(index)
    if not args.no_bytecode_cache:
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = str(home / "pycache")  # not into the source tree
    env = dict(os.environ)
    print(f"bytecode cache: {'as the environment has it' if args.no_bytecode_cache else home / 'pycache'}"
          f" (PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', 'unset')})")
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs, "
          f"sqlite {sqlite3.sqlite_version}, load average {os.getloadavg()[0]:.1f}; index {index}")

    words = headwords(index, max(args.stored, args.import_lines, 600))
    print("1. concurrent marking")
    bench_concurrent(words[:600], args.runs, home, env)

    print("2. import")
    listing = home / "list.txt"
    listing.write_text("\n".join(w for _k, w, _r in words[: args.import_lines]) + "\n", encoding="utf-8")
    user_db = home / "user.db"

    def fresh_store() -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{user_db}{suffix}").unlink(missing_ok=True)

    times = timed_process([*bireader_command(), "words", "import", str(listing)], args.runs, env, before=fresh_store)
    report(f"`words import` of {args.import_lines:,} lines (fresh store)", _fmt(times), "< 3 s")
    big = home / "big.txt"
    big.write_text("\n".join(w for _k, w, _r in words[: args.stored]) + "\n", encoding="utf-8")
    fresh_store()
    t = time.perf_counter()
    subprocess.run([*bireader_command(), "words", "import", str(big)], env=env, check=True, capture_output=True)
    report(f"`words import` of {args.stored:,} lines (once, to fill the store)", f"{time.perf_counter() - t:.3f} s")
    count = sqlite3.connect(user_db).execute("SELECT count(*) FROM words").fetchone()[0]

    print(f"3. stats with {count:,} words stored")
    report(f"`words stats` cold ({count:,} stored)", _fmt(timed_process([*bireader_command(), "words", "stats"], args.runs, env)),
           "< 0.5 s")
    times = timed_process([*bireader_command(), "words", "stats", str(CORPUS)], args.runs, env)
    report(f"`words stats {CORPUS.name}` cold ({count:,} stored)", _fmt(times), "< 0.5 s (issue: < 1 s)")

    if not args.skip_rank:
        print("4. the frequency rank on lookups")
        bench_rank(index, args.runs, home, env)

    print("5. kanji")
    report("`bireader --help` cold (the CLI's start)", _fmt(timed_process([*bireader_command(), "--help"], args.runs, env)))
    report("`bireader kanji 抑止力` cold", _fmt(timed_process([*bireader_command(), "kanji", "抑止力"], args.runs, env)),
           "< 0.5 s")

    print("6. mining")
    bench_mine(index, args.runs, home, env)

    width = max(len(r[0]) for r in ROWS)
    fig = max(len(r[1]) for r in ROWS)
    print(f"\n{'what':<{width}}  {'figure':<{fig}}  target")
    for what, figure, target in ROWS:
        print(f"{what:<{width}}  {figure:<{fig}}  {target}")
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
