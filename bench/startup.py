"""Wall time of `bireader --help` (and `--version`) in fresh processes: best and median of N runs.

Usage: python bench/startup.py [N]
"""

from __future__ import annotations

import platform
import shutil
import statistics
import subprocess
import sys
import time


def time_command(argv: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    exe = shutil.which("bireader") or sys.exit("bireader is not on PATH; pip install -e . first")
    print(f"python {platform.python_version()} on {platform.machine()}, {runs} runs each")
    for args in (["--help"], ["--version"]):
        times = time_command([exe, *args], runs)
        print(f"bireader {' '.join(args):10s} best {min(times) * 1000:6.1f} ms   median {statistics.median(times) * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
