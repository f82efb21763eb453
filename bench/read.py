"""Benchmark `bireader read`: the corpus article cold, and a 1 MB Japanese text streamed.

Runs the real command in a fresh process each time (stdout piped, so plain text),
with the dictionary index already built. Reports the best of N runs:

- corpus: wall time of `bireader read corpus/iiss-russia-nuclear.ja.txt` (target < 1.5 s);
- 1 MB: time until the first screen (50 lines) arrives and until the whole output is
  written, for a text made by repeating the corpus article to 1 MB with no English
  sidecar (so the offline gloss and the vocabulary panel are computed unit by unit;
  targets < 1 s and < 20 s).

Usage: python bench/read.py [--runs 3] [--embeddings off]
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "iiss-russia-nuclear.ja.txt"
BIREADER = [sys.executable, "-m", "bireader"]
SCREEN_LINES = 50


def make_big_text(path: Path, size: int = 1_000_000) -> int:
    """Repeat the corpus article (one paragraph per line) until the file holds ``size`` bytes."""
    article = CORPUS.read_text(encoding="utf-8").strip() + "\n"
    copies = size // len(article.encode("utf-8")) + 1
    path.write_text(article * copies, encoding="utf-8")
    return path.stat().st_size


def timed_run(args: list[str], env: dict) -> tuple[float, float, int]:
    """Run the command; returns (seconds to the first screen, seconds to the end, lines)."""
    start = time.perf_counter()
    proc = subprocess.Popen(BIREADER + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    first = None
    lines = 0
    assert proc.stdout is not None
    for _ in proc.stdout:
        lines += 1
        if lines == SCREEN_LINES:
            first = time.perf_counter() - start
    proc.wait()
    total = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"bireader failed: {proc.stderr.read().decode(errors='replace')}")
    return (first if first is not None else total), total, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--embeddings", default="auto", choices=("auto", "on", "off"))
    args = parser.parse_args()

    env = dict(os.environ, COLUMNS="120")
    env.pop("NO_COLOR", None)
    # Make sure the dictionary index exists first (a one-time build is not what we measure).
    subprocess.run(BIREADER + ["read", str(CORPUS), "--range", "1", "--embeddings", args.embeddings], env=env, capture_output=True, check=True)

    from importlib.metadata import version

    print(f"python {platform.python_version()}, rich {version('rich')}, fugashi {version('fugashi')}, {platform.machine()}, {os.cpu_count()} cpus")
    corpus = [timed_run(["read", str(CORPUS), "--embeddings", args.embeddings], env) for _ in range(args.runs)]
    best = min(corpus, key=lambda r: r[1])
    print(f"corpus article ({CORPUS.stat().st_size} bytes, embeddings={args.embeddings}): "
          f"best {best[1]:.2f} s of {args.runs} runs (all: {', '.join(f'{r[1]:.2f}' for r in corpus)}), {best[2]} lines")

    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.ja.txt"
        size = make_big_text(big)
        runs = [timed_run(["read", str(big)], env) for _ in range(args.runs)]
        first = min(r[0] for r in runs)
        total = min(r[1] for r in runs)
        print(f"1 MB text ({size} bytes, gloss, vocab rare): first {SCREEN_LINES} lines in {first:.2f} s, "
              f"whole output in {total:.1f} s ({runs[0][2]} lines); runs: "
              + ", ".join(f"{a:.2f}/{b:.1f}" for a, b, _ in runs))


if __name__ == "__main__":
    main()
