"""Benchmark of bireader.dictionary (issues 4 and 13): lookups/s uncached and cached, glossing, cold CLI, build.

Usage:
    python bench/dictionary.py                 # lookups, glossing, cold CLI (index built if missing)
    python bench/dictionary.py --build         # also time full index builds (into a temp dir)
    python bench/dictionary.py --build --compare-with /work/main/src   # … and another checkout's build
    python bench/dictionary.py --make-words    # regenerate bench/words.txt from the corpus + dev texts

The query list: ``--queries`` (default 24,000) distinct queries drawn from the index itself, a
fixed random sample of JMdict headwords plus at least 25% conjugated forms of real JMdict verbs
and adjectives, made by the small conjugator below (independent of the deinflector's table, so
the bench does not grade the rules by themselves). One pass over it with every cache cleared is
the *uncached* figure (no query repeats, so no result cache can help; the decoded entries of a
dictionary form met again within the pass are reused, as in real use); the same list again is
the *cached* figure. A lookup's entries keep their senses packed until someone reads them
(``model.Entry.senses``), so the uncached pass is timed twice: as lookups, and reading every
returned entry's senses, where the decoding left out of the first figure is paid.

Prints figures; asserts nothing. Times are the best of several runs (the machine is shared).
"""

from __future__ import annotations

import argparse
import glob
import importlib
import json
import marshal
import os
import platform
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = ROOT / "bench" / "words.txt"
CORPUS = ROOT / "corpus" / "iiss-russia-nuclear.ja.txt"
DEV_GLOB = "/work/shared/data/align-dev/cases/*__clean/ja.txt"

# The conjugator: godan rows (ending → a, i, e, o stems, te, ta), as any grammar book has them.
_GODAN = {
    "う": ("わ", "い", "え", "お", "って", "った"), "く": ("か", "き", "け", "こ", "いて", "いた"),
    "ぐ": ("が", "ぎ", "げ", "ご", "いで", "いだ"), "す": ("さ", "し", "せ", "そ", "して", "した"),
    "つ": ("た", "ち", "て", "と", "って", "った"), "ぬ": ("な", "に", "ね", "の", "んで", "んだ"),
    "ぶ": ("ば", "び", "べ", "ぼ", "んで", "んだ"), "む": ("ま", "み", "め", "も", "んで", "んだ"),
    "る": ("ら", "り", "れ", "ろ", "って", "った"),
}
_GODAN_POS = {f"godan verb ({romaji})": kana for romaji, kana in (
    ("u", "う"), ("ku", "く"), ("gu", "ぐ"), ("su", "す"), ("tsu", "つ"), ("nu", "ぬ"), ("bu", "ぶ"),
    ("mu", "む"), ("ru", "る"))}


def conjugate(word: str, pos: set[str]) -> list[str]:
    """Some conjugated forms of a dictionary verb or adjective (empty for other words)."""
    if "ichidan verb" in pos and word.endswith("る"):
        stem = word[:-1]
        return [stem + s for s in ("ない", "た", "て", "ます", "られる", "させる", "なかった", "ている", "れば", "よう",
                                   "ませんでした", "たい", "させられた")]
    for label, ending in _GODAN_POS.items():
        if label in pos and word.endswith(ending):
            a, i, e, o, te, ta = _GODAN[ending]
            stem = word[:-1]
            return [stem + s for s in (a + "ない", ta, te, i + "ます", e + "る", a + "れる", a + "せる", e + "ば",
                                       o + "う", a + "なかった", te + "いる", i + "たかった", a + "れていた")]
    if "i-adjective" in pos and word.endswith("い"):
        stem = word[:-1]
        return [stem + s for s in ("かった", "くない", "くて", "さ", "そう", "くなかった", "ければ", "すぎる")]
    return []


def make_queries(index_path: Path, total: int, seed: int = 13) -> tuple[list[str], int]:
    """``total`` distinct queries: JMdict headwords and ≥25% conjugated forms; returns (queries, inflected count)."""
    conn = sqlite3.connect(f"file:{index_path}?mode=ro", uri=True)
    rows = conn.execute("SELECT data FROM entries WHERE key < 10000000 ORDER BY key").fetchall()
    conn.close()
    rng = random.Random(seed)
    rng.shuffle(rows)
    heads: list[str] = []
    inflected: list[str] = []
    seen: set[str] = set()
    want_inflected = total * 3 // 10
    for (data,) in rows:
        # The entry: kanji, readings, senses (glosses, pos …), then more. Format 7 stores a JMdict
        # entry as marshal data (bytes), format 6 as JSON (text); both give the same three lists.
        kanji, readings, senses = (marshal.loads(data) if isinstance(data, bytes) else json.loads(data))[:3]
        head = kanji[0] if kanji else readings[0]
        pos = {label for sense in senses for label in sense[1]}
        forms = conjugate(head, pos)
        if forms and len(inflected) < want_inflected:
            for form in rng.sample(forms, min(3, len(forms))):
                if form not in seen:
                    seen.add(form)
                    inflected.append(form)
        elif len(heads) < total - want_inflected and head not in seen:
            seen.add(head)
            heads.append(head)
        if len(heads) + len(inflected) >= total:
            break
    queries = heads + inflected[: total - len(heads)]
    rng.shuffle(queries)
    return queries, sum(1 for q in queries if q in set(inflected))


def make_words() -> list[str]:
    """Distinct dictionary forms of the content words of the corpus and the dev texts, in order of first use."""
    from bireader.tokens import tokenize

    texts = [CORPUS.read_text(encoding="utf-8")]
    texts += [Path(p).read_text(encoding="utf-8") for p in sorted(glob.glob(DEV_GLOB))]
    seen: dict[str, None] = {}
    for text in texts:
        for token in tokenize(text):
            if token.is_content and token.lemma.strip():
                seen.setdefault(token.lemma, None)
    words = list(seen)
    WORDS.write_text("\n".join(words) + "\n", encoding="utf-8")
    return words


def best_of(runs: int, fn, before=None) -> float:
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def time_builds(runs: int, compare_with: str | None) -> None:
    """Best-of wall and CPU times of full builds: this checkout's, and another's if given, alternately."""
    code = (
        "import sys, time, resource; from pathlib import Path; sys.path.insert(0, sys.argv[1]);"
        "from bireader.dictionary.build import build; t = time.perf_counter(); build(Path(sys.argv[2]));"
        "r = resource.getrusage(resource.RUSAGE_SELF);"
        "print(time.perf_counter() - t, r.ru_utime + r.ru_stime)"
    )
    checkouts = [("this checkout", str(ROOT / "src"))]
    if compare_with:
        checkouts.append((compare_with, compare_with))
    results: dict[str, list[tuple[float, float]]] = {label: [] for label, _ in checkouts}
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(runs):
            for label, src in checkouts:
                target = Path(tmp) / f"index-{run}-{len(results[label])}.sqlite"
                out = subprocess.run(
                    [sys.executable, "-c", code, src, str(target)], check=True, capture_output=True, text=True
                ).stdout.split()
                results[label].append((float(out[0]), float(out[1])))
                size = target.stat().st_size / 1e6
                target.unlink()
                print(f"  build {run + 1} ({label}): {float(out[0]):.1f} s wall, {float(out[1]):.1f} s CPU, {size:.0f} MB")
    for label, times in results.items():
        print(
            f"index build ({label}): best {min(t[0] for t in times):.1f} s wall,"
            f" {min(t[1] for t in times):.1f} s CPU, of {len(times)}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help="also time full index builds")
    parser.add_argument("--compare-with", metavar="SRC", help="with --build: also time the build of the bireader in SRC")
    parser.add_argument("--make-words", action="store_true", help="regenerate bench/words.txt")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--queries", type=int, default=24_000, help="distinct queries for the lookup figures")
    parser.add_argument("--skip-cli", action="store_true", help="skip the cold CLI timing")
    args = parser.parse_args()

    from importlib.metadata import version

    import jamdict_data

    from bireader import dictionary
    from bireader.tokens import tokenize

    query_module = importlib.import_module("bireader.dictionary.query")
    print(
        f"python {platform.python_version()}, sqlite {sqlite3.sqlite_version}, jamdict-data {jamdict_data.__version__},"
        f" marisa-trie {version('marisa-trie')}, fugashi {version('fugashi')}, unidic-lite {version('unidic-lite')},"
        f" {os.cpu_count()} cpus,"
        f" load average {os.getloadavg()[0]:.1f}"
    )
    if args.build:
        time_builds(max(1, min(args.runs, 3)), args.compare_with)

    index = dictionary.default_index()  # builds if missing
    path = dictionary.index_path()
    print(f"index: {path} ({path.stat().st_size / 1e6:.1f} MB, built in {index.meta.get('build_seconds')} s)")

    queries, inflected = make_queries(path, args.queries)
    print(f"queries: {len(queries)} distinct, {inflected} of them ({inflected / len(queries):.0%}) conjugated forms")
    hook = query_module._glossary_lookup
    query_module._glossary_lookup = None  # the dictionary alone, as issue 13 measures it

    def all_queries():
        for q in queries:
            dictionary.lookup(q)

    all_queries()  # warm the OS cache of the file and the tries
    found = sum(1 for q in queries if dictionary.lookup(q))
    deinflected = sum(1 for q in queries if any(e.deinflection for e in dictionary.lookup(q)))
    print(f"found: {found / len(queries):.1%} of the queries; {deinflected} by deinflection")
    cold = best_of(args.runs, all_queries, before=index.clear_caches)
    print(f"uncached lookups (one pass, every cache cleared first): {len(queries) / cold:,.0f}/s ({cold * 1e6 / len(queries):.1f} µs each)")

    def all_queries_read():
        for q in queries:
            for entry in dictionary.lookup(q):
                entry.senses  # noqa: B018 — decoded on first read (model.Entry.senses)

    read = best_of(args.runs, all_queries_read, before=index.clear_caches)
    print(f"uncached lookups, reading every entry's senses: {len(queries) / read:,.0f}/s ({read * 1e6 / len(queries):.1f} µs each)")
    all_queries()
    warm = best_of(args.runs, all_queries)
    print(f"cached lookups (the same list again): {len(queries) / warm:,.0f}/s ({warm * 1e6 / len(queries):.2f} µs each)")
    query_module._glossary_lookup = hook
    warm = best_of(args.runs, all_queries)
    print(f"cached lookups with the glossary hook: {len(queries) / warm:,.0f}/s")
    query_module._glossary_lookup = None

    # The corpus lemmas (issue 4's figure; repeats little, so mostly a cache test once warm).
    words = make_words() if args.make_words or not WORDS.exists() else WORDS.read_text(encoding="utf-8").split()

    def all_words():
        for w in words:
            dictionary.lookup(w)

    hits = sum(1 for w in words if dictionary.lookup(w))
    print(f"corpus lemmas: {len(words)} distinct; {hits / len(words):.1%} found;"
          f" uncached {len(words) / best_of(args.runs, all_words, before=index.clear_caches):,.0f}/s")

    # Glossing the corpus article paragraph by paragraph.
    text = CORPUS.read_text(encoding="utf-8")
    paragraphs = []
    start = 0
    for line in text.split("\n"):
        if line.strip():
            paragraphs.append((line, start))
        start += len(line) + 1

    def gloss_all():
        return [dictionary.vocabulary(p, offset=o) for p, o in paragraphs]

    items = sum(len(v) for v in gloss_all())
    tokens = sum(len(tokenize(p)) for p, _ in paragraphs)
    warm_gloss = best_of(args.runs, gloss_all)
    tok_only = best_of(args.runs, lambda: [tokenize(p) for p, _ in paragraphs])
    print(
        f"glossing the corpus ({len(paragraphs)} paragraphs, {len(text)} chars, {tokens} tokens, {items} items):"
        f" {warm_gloss * 1000:.1f} ms warm (tokenize alone {tok_only * 1000:.1f} ms);"
        f" {best_of(args.runs, gloss_all, before=index.clear_caches) * 1000:.1f} ms with empty caches"
    )
    query_module._glossary_lookup = hook

    if args.skip_cli:
        return
    # Cold CLI: a new process each time (index built, OS file cache warm).
    bireader = Path(sys.executable).parent / "bireader"
    env = dict(os.environ, BIREADER_DICTIONARY_INDEX=str(path))
    for query in ("抑止力", "食べさせられなかった", "deterrence"):
        walls = []
        for _ in range(args.runs):
            started = time.perf_counter()
            subprocess.run([str(bireader), "lookup", query], env=env, check=True, stdout=subprocess.DEVNULL)
            walls.append(time.perf_counter() - started)
        print(f"cold `bireader lookup {query}`: best {min(walls):.3f} s, median {statistics.median(walls):.3f} s")


if __name__ == "__main__":
    main()
