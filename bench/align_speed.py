"""Time the aligner on two long documents made by concatenating align-dev cases.

Usage:
    python bench/align_speed.py [--units 10000] [--embeddings off|on] [--condition mixed] [--repeat 3]

Prints the best wall time of ``--repeat`` runs, units per second, the peak
memory (tracemalloc) of one run, and, with embeddings, the cache hits of a
second run (a second run must not embed anything).
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
import tracemalloc
from pathlib import Path

from bireader.document import read_lines  # the same reader as `align --presegmented`

# shared/data beside the checkout: a main checkout, or a worktree one level deeper.
DEFAULT_DATA = next(
    (p / "shared" / "data" / "align-dev" for p in Path(__file__).resolve().parents if (p / "shared" / "data" / "align-dev").is_dir()),
    Path(__file__).resolve().parents[2] / "shared" / "data" / "align-dev",
)


def build(data: Path, units: int, condition: str) -> tuple[list[str], list[str], list[tuple[list[int], list[int]]]]:
    """Concatenate whole cases (cycling through them) until the Japanese side has ``units`` lines.

    Returns the two sides and the gold beads of the concatenation.
    """
    cases = sorted(p for p in (data / "cases").iterdir() if p.name.endswith(f"__{condition}"))
    ja: list[str] = []
    en: list[str] = []
    gold: list[tuple[list[int], list[int]]] = []
    k = 0
    while len(ja) < units:
        case = cases[k % len(cases)]
        dj, de = len(ja), len(en)
        for line in read_lines(case / "gold.txt"):
            left, right = line.split(":")
            gold.append(
                ([dj + int(x) for x in left.strip("[]").split(",") if x.strip()],
                 [de + int(x) for x in right.strip("[]").split(",") if x.strip()])
            )
        ja += read_lines(case / "ja.txt")
        en += read_lines(case / "en.txt")
        k += 1
    return ja, en, gold


def strict_f1(gold, beads) -> float:
    """vecalign's strict F1 (precision over all predicted beads, recall over 1:1+ gold beads)."""
    pred = {(tuple(b.ja), tuple(b.en)) for b in beads}
    gold_set = {(tuple(a), tuple(b)) for a, b in gold}
    tp = len(pred & gold_set)
    precision = tp / max(len(pred), 1)
    gold_nonempty = {g for g in gold_set if g[0] and g[1]}
    pred_nonempty = {p for p in pred if p[0] and p[1]}
    recall = len(pred_nonempty & gold_nonempty) / max(len(gold_nonempty), 1)
    return 2 * precision * recall / max(precision + recall, 1e-9)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--condition", default="mixed", choices=["clean", "merge", "delete", "mixed"])
    parser.add_argument("--embeddings", default="off", choices=["off", "on"])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    import numpy

    from bireader import align

    ja, en, gold = build(args.data, args.units, args.condition)
    lexicon = align.default_lexicon()
    print(f"python {platform.python_version()}, numpy {numpy.__version__}; "
          f"{len(ja)} ja units, {len(en)} en units ({args.condition}); "
          f"lexicon: {'dictionary' if lexicon is not None else 'none'}; embeddings: {args.embeddings}")
    if args.embeddings == "on":
        from bireader.embed import EmbeddingCache

        cache = EmbeddingCache()
        t = time.perf_counter()
        cache.embed(ja)
        cache.embed(en)
        print(f"embedding (first time only, {cache.misses} new texts): {time.perf_counter() - t:.1f} s")
        cache.close()
    align.align_units(ja[:200], en[:200], embeddings=args.embeddings, lexicon=lexicon)  # warm up
    times = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        beads = align.align_units(ja, en, embeddings=args.embeddings, lexicon=lexicon)
        times.append(time.perf_counter() - t)
    best = min(times)
    print(f"align: best {best:.2f} s of {args.repeat} (runs: {', '.join(f'{x:.2f}' for x in times)}); "
          f"{(len(ja) + len(en)) / best:,.0f} units/s; {len(beads)} beads; strict F1 {strict_f1(gold, beads):.3f}")
    if args.embeddings == "on":
        from bireader.embed import EmbeddingCache

        cache = EmbeddingCache()
        cache.embed(ja)
        cache.embed(en)
        print(f"second run of the embedding step: {cache.hits} cache hits, {cache.misses} embedded")
        cache.close()
    tracemalloc.start()
    align.align_units(ja[: len(ja) // 4], en[: len(en) // 4], embeddings=args.embeddings, lexicon=lexicon)
    quarter = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    align.align_units(ja, en, embeddings=args.embeddings, lexicon=lexicon)
    full = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"peak traced memory: {quarter / 1e6:.1f} MB at 1/4 size, {full / 1e6:.1f} MB at full size")
    return 0


if __name__ == "__main__":
    sys.exit(main())
