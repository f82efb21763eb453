"""Time the translator's workbench: ``tm build`` with one and two workers, and ``check`` on a 10,000-unit pair.

Usage:
    python bench/workbench.py [--pairs 200] [--repeat 3] [--units 10000] [--home DIR]

tm build: a folder of ``--pairs`` pairs taken in turn from the shared dev sets
(align-dev, align-dev-jaen), built with ``--jobs 1`` and ``--jobs 2`` in the
same run, alternately, embeddings off, every pair aligned afresh (``--fresh``),
each build a ``bireader`` process of its own as a user would run it. Prints the
best wall time of each, the builder's own alignment time and lines/s, and the
speed-up of two workers.

check: a pair made of ``--units`` lines of align-dev (one paragraph a line),
checked at paragraph level with embeddings off, (a) from the files, aligning
them, as ``bireader check`` does; (b) given the beads, as with a saved
alignment (the alignment step answers with beads computed beforehand), and
(c) the rules alone on the beads.

The dictionary index is built in the bench's home first (about half a minute,
once per home; the aligner would build it on first use), and bytecode is cached
in a temp dir (``--no-bytecode-cache`` to compile every module in every process,
as this environment's PYTHONDONTWRITEBYTECODE asks). Targets (issue 18): tm build 1.6x faster with
two workers, 3,000 lines/s overall; check < 10 s aligning, < 1 s on a saved alignment.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The shared dev sets sit beside the checkout (/work/main → /work/shared), or two levels up from a worktree.
_HERE = Path(__file__).resolve()
# shared/data beside the checkout, or wherever BIREADER_ALIGN_DATA says (a clone elsewhere).
DATA = Path(os.environ.get("BIREADER_ALIGN_DATA") or next(
    (p / "shared" / "data" for p in _HERE.parents[1:4] if (p / "shared" / "data").is_dir()), _HERE.parents[2]))


def make_folder(folder: Path, pairs: int) -> int:
    """``pairs`` dev cases copied in as NAME.ja.txt / NAME.en.txt, alternating the two sets; returns the lines."""
    sets = [sorted((DATA / name / "cases").iterdir()) for name in ("align-dev", "align-dev-jaen")]
    lines = 0
    for i in range(pairs):
        case = sets[i % 2][(i // 2) % len(sets[i % 2])]
        for lang in ("ja", "en"):
            text = (case / f"{lang}.txt").read_text(encoding="utf-8")
            (folder / f"{case.parent.parent.name}-{case.name}.{lang}.txt").write_text(text, encoding="utf-8")
            lines += sum(1 for line in text.splitlines() if line.strip())
    return lines


def run_bireader(*args: str, env: dict) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "bireader", *args], env=env, capture_output=True, text=True)
    return time.perf_counter() - started, result


def children_cpu() -> float:
    """CPU seconds used so far by finished child processes (and the workers they waited for)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bench_tm(work: Path, pairs: int, repeat: int, env: dict) -> None:
    folder = work / "pairs"
    folder.mkdir()
    lines = make_folder(folder, pairs)
    memory = work / "memory.tmx"
    print(f"tm build: {pairs} pairs, {lines:,} lines, embeddings off, --fresh (every pair aligned)")
    best: dict[int, tuple[float, dict, float]] = {}
    run_bireader("tm", "build", str(folder), "-o", str(memory), "--embeddings", "off", "--force", env=env)  # warm-up
    for _ in range(repeat):
        for jobs in (1, 2):
            cpu = children_cpu()
            wall, result = run_bireader(
                "tm", "build", str(folder), "-o", str(memory), "--embeddings", "off", "--force", "--fresh",
                "--jobs", str(jobs), "--json", env=env,
            )
            cpu = children_cpu() - cpu
            if result.returncode != 0:
                sys.exit(f"tm build failed: {result.stderr.strip()}")
            report = json.loads(result.stdout)
            if jobs not in best or wall < best[jobs][0]:
                best[jobs] = (wall, report, cpu)
    for jobs, (wall, report, cpu) in sorted(best.items()):
        rate = report["lines"] / report["seconds"] if report["seconds"] else 0
        print(
            f"  --jobs {jobs}: {wall:.2f} s wall ({lines / wall:,.0f} lines/s), aligning {report['seconds']:.2f} s "
            f"({rate:,.0f} lines/s), {cpu:.2f} CPU s in all processes, {report['units']:,} units"
        )
    print(f"  speed-up with 2 workers: {best[1][0] / best[2][0]:.2f}x wall, "
          f"{best[1][1]['seconds'] / best[2][1]['seconds']:.2f}x aligning "
          f"(load average now {os.getloadavg()[0]:.1f}; on a loaded machine the workers share the cores)")


def make_pair(work: Path, units: int) -> tuple[Path, Path]:
    cases = sorted(p for p in (DATA / "align-dev" / "cases").iterdir() if p.name.endswith("__clean"))
    ja: list[str] = []
    en: list[str] = []
    k = 0
    while len(ja) < units:
        ja += (cases[k % len(cases)] / "ja.txt").read_text(encoding="utf-8").splitlines()
        en += (cases[k % len(cases)] / "en.txt").read_text(encoding="utf-8").splitlines()
        k += 1
    ja_path, en_path = work / "big.ja.txt", work / "big.en.txt"
    ja_path.write_text("\n".join(ja[:units]) + "\n", encoding="utf-8")
    en_path.write_text("\n".join(en[:units]) + "\n", encoding="utf-8")
    return ja_path, en_path


def open_user_db_alignments(env: dict):
    """The bench home's alignment store (to drop the saved alignment after timing with it)."""
    os.environ.update(env)
    from bireader.alignments import open_alignments

    return open_alignments()


def bench_check(work: Path, units: int, repeat: int, env: dict) -> None:
    ja_path, en_path = make_pair(work, units)
    print(f"check: a {units:,}-line pair (align-dev, clean), paragraph level, embeddings off")
    walls = []
    for _ in range(repeat):
        wall, result = run_bireader(
            "check", str(ja_path), str(en_path), "--level", "paragraph", "--embeddings", "off", "--json", "--realign",
            env=env,
        )
        if result.returncode not in (0, 1):
            sys.exit(f"check failed: {result.stderr.strip()}")
        walls.append(wall)
        findings = len(result.stdout.splitlines())
    print(f"  (a) aligning: {min(walls):.2f} s wall (bireader check, best of {repeat}), {findings:,} findings")

    # (d) bireader check as a user runs it on a pair whose alignment is saved in user.db.
    saved = work / "saved.json"
    for args in (("--save", str(saved)), ("--load", str(saved))):
        _, result = run_bireader(
            "align", str(ja_path), str(en_path), "--level", "paragraph", "--embeddings", "off", *args, env=env
        )
        if result.returncode != 0:
            sys.exit(f"align {args[0]} failed: {result.stderr.strip()}")
    walls = []
    for _ in range(max(repeat, 3)):
        wall, result = run_bireader(
            "check", str(ja_path), str(en_path), "--level", "paragraph", "--embeddings", "off", "--json", env=env
        )
        if result.returncode not in (0, 1) or "used the saved" not in result.stderr:
            sys.exit(f"check did not use the saved alignment: {result.stderr.strip()}")
        walls.append(wall)
    print(f"  (d) on the saved alignment: {min(walls):.2f} s wall (bireader check, best of {len(walls)})")
    with open_user_db_alignments(env) as store:
        store.conn.execute("DELETE FROM alignments")
        store.conn.commit()

    # (b) and (c) in this process, with the bench's home.
    os.environ.update(env)
    from bireader import reading
    from bireader.check import check_segments, segments_from_documents
    from bireader.document import read_document

    ja_doc, en_doc = read_document(ja_path, lang="ja"), read_document(en_path, lang="en")
    beads, _ = reading.align_beads(ja_doc, en_doc, "paragraph", "off")
    real = reading.align_beads
    reading.align_beads = lambda *args, **kwargs: (beads, None)  # what a saved alignment gives
    try:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            segments, _ = segments_from_documents(str(ja_path), str(en_path), level="paragraph", embeddings="off")
            findings = check_segments(segments)
            times.append(time.perf_counter() - started)
    finally:
        reading.align_beads = real
    print(f"  (b) given the beads: {min(times):.2f} s (reading both files, building the beads, all rules)")
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        check_segments(segments)
        times.append(time.perf_counter() - started)
    started = time.perf_counter()
    read_document(ja_path, lang="ja"), read_document(en_path, lang="en")
    loading = time.perf_counter() - started
    print(f"  (c) the rules alone: {min(times):.2f} s for {len(segments):,} beads; reading the two files: {loading:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dictionary", action="store_true",
                        help="(kept for old command lines: the index is always built in the bench home first)")
    parser.add_argument("--no-bytecode-cache", action="store_true",
                        help="keep PYTHONDONTWRITEBYTECODE as set: every bireader process then compiles its modules"
                        " again (~0.1-0.3 s); by default bytecode is cached in the bench's temp dir, as an install has it")
    parser.add_argument("--home", type=Path, help="BIREADER_HOME for the runs (default: a temporary one)")
    parser.add_argument("--skip-tm", action="store_true")
    parser.add_argument("--skip-check", action="store_true")
    args = parser.parse_args()

    import bireader

    print(f"Python {platform.python_version()}, bireader {bireader.__version__}, {os.cpu_count()} CPUs, "
          f"load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    work = Path(tempfile.mkdtemp(prefix="bireader-workbench-"))
    home = args.home or work / "home"
    env = {**os.environ, "BIREADER_HOME": str(home), "NO_COLOR": "1"}
    if not args.no_bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")  # not into the source tree
    try:
        # The aligner builds the index on first use; built here, so no timed run pays for it.
        started = time.perf_counter()
        run_bireader("lookup", "核", env=env)
        print(f"dictionary index ready in {home / 'cache'} ({time.perf_counter() - started:.0f} s)")
        if not args.skip_tm:
            bench_tm(work, args.pairs, args.repeat, env)
        if not args.skip_check:
            bench_check(work, args.units, args.repeat, env)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
