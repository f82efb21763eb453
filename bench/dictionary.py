"""Benchmark of bireader.dictionary (issue 4): lookups/s, paragraph glossing, cold CLI, build.

Usage:
    python bench/dictionary.py                 # lookups, glossing, cold CLI (index built if missing)
    python bench/dictionary.py --build         # also time a full index build (into a temp dir)
    python bench/dictionary.py --make-words    # regenerate bench/words.txt from the corpus + dev texts

Prints figures; asserts nothing. Times are the best of several runs (the machine is shared).
"""

from __future__ import annotations

import argparse
import glob
import os
import platform
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


def best_of(runs: int, fn) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help="also time a full index build")
    parser.add_argument("--make-words", action="store_true", help="regenerate bench/words.txt")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import jamdict_data
    import marisa_trie  # noqa: F401

    from bireader import dictionary
    from bireader.dictionary import lookup as lookup_module_fn  # noqa: F401
    from bireader.tokens import tokenize

    lookup_module = sys.modules["bireader.dictionary.lookup"]
    print(f"python {platform.python_version()}, jamdict-data {jamdict_data.__version__}, {os.cpu_count()} cpus")

    if args.build:
        with tempfile.TemporaryDirectory() as tmp:
            from bireader.dictionary.build import build

            target = Path(tmp) / "dictionary.sqlite"
            times = []
            for _ in range(max(1, min(args.runs, 2))):
                started = time.perf_counter()
                build(target)
                times.append(time.perf_counter() - started)
            print(f"index build: best {min(times):.1f} s of {len(times)}; size {target.stat().st_size / 1e6:.1f} MB")

    words = make_words() if args.make_words or not WORDS.exists() else WORDS.read_text(encoding="utf-8").split()
    index = dictionary.default_index()  # builds if missing
    path = dictionary.index_path()
    print(f"index: {path} ({path.stat().st_size / 1e6:.1f} MB, built in {index.meta.get('build_seconds')} s)")

    # Single-word lookups.
    hits = sum(1 for w in words if dictionary.lookup(w))
    print(f"words: {len(words)} distinct lemmas from the corpus and dev texts; {hits / len(words):.1%} found")

    def all_words():
        for w in words:
            dictionary.lookup(w)

    warm = best_of(args.runs, all_words)
    print(
        f"warm lookups with the glossary hook (LRU cache hits + bireader.glossary.lookup_terms):"
        f" {len(words) / warm:,.0f}/s ({warm * 1e6 / len(words):.1f} µs each)"
    )
    hook = lookup_module._glossary_lookup
    lookup_module._glossary_lookup = None  # the dictionary alone, as issue 4 measures it
    warm = best_of(args.runs, all_words)
    print(f"warm lookups, dictionary alone (LRU cache hits): {len(words) / warm:,.0f}/s ({warm * 1e6 / len(words):.1f} µs each)")

    def uncached():
        index.entries.cache_clear()
        lookup_module._cached_query.cache_clear()
        lookup_module._token_entries.cache_clear()
        all_words()

    cold = best_of(args.runs, uncached)
    print(
        f"uncached lookups (SQLite + decode, index open; misses tokenized): {len(words) / cold:,.0f}/s"
        f" ({cold * 1e6 / len(words):.1f} µs each)"
    )

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
        f" {warm_gloss * 1000:.1f} ms warm (tokenize alone {tok_only * 1000:.1f} ms)"
    )

    def gloss_uncached():
        index.entries.cache_clear()
        lookup_module._cached_query.cache_clear()
        lookup_module._token_entries.cache_clear()
        gloss_all()

    print(f"glossing the corpus with empty caches: {best_of(args.runs, gloss_uncached) * 1000:.1f} ms")
    lookup_module._glossary_lookup = hook

    # Cold CLI: a new process each time (index built, OS file cache warm).
    bireader = Path(sys.executable).parent / "bireader"
    env = dict(os.environ, BIREADER_DICTIONARY_INDEX=str(path))
    walls = []
    for _ in range(args.runs):
        started = time.perf_counter()
        subprocess.run([str(bireader), "lookup", "抑止力"], env=env, check=True, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - started)
    print(f"cold `bireader lookup 抑止力`: best {min(walls):.3f} s, median {statistics.median(walls):.3f} s")


if __name__ == "__main__":
    main()
