"""Score the aligner on both dev sets (align-dev, align-dev-jaen) in each embeddings mode.

Runs ``bireader.align.align_units`` (the API) on every case, writes
``PRED_ROOT/<set>/<mode>/<case>/pred.txt`` in the vecalign bead format and scores them
with the sets' shared ``score.py`` (align-dev/score.py; gold files are only read).
Per set and mode it prints the per-condition strict F1, end-to-end lines/s (Japanese
plus English lines, reading the files included), the share of units embedded, and a
calibration table: confidence bucket → share of beads right (strict: the bead is a gold
bead), count, and the share of all errors held by the 10% least confident beads.

Usage:
    python bench/align_eval.py [--sets dev,jaen] [--modes off,auto,on] [--lexicon default|none]
                               [--cold] [--pred-root DIR] [--only SUBSTRING] [--repeat N]

``--cold`` points the embedding cache at a new empty file for each run (a first run as a new
user sees it); otherwise the cache under BIREADER_HOME makes later runs free.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bireader.document import read_lines  # the same reader as `align --presegmented`

def _shared_data() -> Path:
    """``shared/data`` beside the checkout (a main checkout or a worktree one level deeper)."""
    for parent in Path(__file__).resolve().parents:
        if (parent / "shared" / "data" / "align-dev").is_dir():
            return parent / "shared" / "data"
    return Path(__file__).resolve().parents[2] / "shared" / "data"


SHARED = Path(os.environ.get("BIREADER_ALIGN_DATA") or _shared_data())
SETS = {"dev": SHARED / "align-dev", "jaen": SHARED / "align-dev-jaen"}
SCORE = SHARED / "align-dev" / "score.py"
BUCKETS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1.01)


def parse_beads(path: Path) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    out = []
    for line in read_lines(path):
        left, right = line.split(":")
        out.append(
            (tuple(int(x) for x in left.strip("[] ").split(",") if x.strip()),
             tuple(int(x) for x in right.strip("[] ").split(",") if x.strip()))
        )
    return out


def run(data: Path, mode: str, lexicon, root: Path, only: str):
    from bireader.align import AlignStats, align_units, forget_texts, format_beads

    cases = sorted(p for p in (data / "cases").iterdir() if p.is_dir() and only in p.name)
    stats = AlignStats()
    scored: list[tuple[float, bool]] = []  # (confidence, right) of every predicted bead
    lines = 0
    start = time.perf_counter()
    for case in cases:
        forget_texts()  # each case timed as a new process would align it (no memo of the other conditions)
        ja = read_lines(case / "ja.txt")
        en = read_lines(case / "en.txt")
        lines += len(ja) + len(en)
        beads = align_units(ja, en, embeddings=mode, lexicon=lexicon, stats=stats)
        out = root / case.name
        out.mkdir(parents=True, exist_ok=True)
        (out / "pred.txt").write_text(format_beads(beads), encoding="utf-8")
        gold = set(parse_beads(case / "gold.txt"))
        scored += [(b.score, (b.ja, b.en) in gold) for b in beads]
    elapsed = time.perf_counter() - start
    return cases, stats, scored, lines, elapsed


def score(data: Path, cases: list[Path], root: Path, only: str) -> dict:
    if only:
        # score.py wants every case; score just these by pointing it at a filtered copy.
        filtered = Path(tempfile.mkdtemp(prefix="align-gold-")) / "cases"
        filtered.mkdir()
        for case in cases:
            (filtered / case.name).symlink_to(case)
        data = filtered
    out = subprocess.run([sys.executable, str(SCORE), str(data), str(root), "--json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def calibration(scored: list[tuple[float, bool]]) -> list[str]:
    rows = ["  confidence   right  count"]
    for lo, hi in zip(BUCKETS, BUCKETS[1:]):
        part = [ok for c, ok in scored if lo <= c < hi]
        if part:
            rows.append(f"  [{lo:.2f},{min(hi, 1.0):.2f}{')' if hi <= 1 else ']'}  {sum(part) / len(part):.4f}  {len(part):5d}")
    high = [ok for c, ok in scored if c >= 0.9]
    errors = sum(1 for _, ok in scored if not ok)
    low = sorted(scored, key=lambda x: x[0])[: max(1, len(scored) // 10)]
    rows.append(f"  >=0.90 right: {sum(high) / max(len(high), 1):.4f} of {len(high)}; "
                f"10% least confident hold {sum(1 for _, ok in low if not ok)} of {errors} errors "
                f"({sum(1 for _, ok in low if not ok) / max(errors, 1):.0%})")
    return rows


def f1_rows(result: dict) -> dict[str, float]:
    """condition → strict F1 from score.py's JSON (whatever its exact nesting)."""
    table = result.get("conditions", result) if isinstance(result, dict) else {}
    out = {}
    for name, row in table.items():
        if isinstance(row, dict):
            for key in ("F1_strict", "f1_strict", "strict_f1"):
                if key in row:
                    out[name] = row[key]
    if "overall" in result and isinstance(result["overall"], dict):
        for key in ("F1_strict", "f1_strict", "strict_f1"):
            if key in result["overall"]:
                out["overall"] = result["overall"][key]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="dev,jaen")
    parser.add_argument("--modes", default="off,auto,on")
    parser.add_argument("--lexicon", default="default", choices=["default", "none"])
    parser.add_argument("--cold", action="store_true", help="a new, empty embedding cache for each run")
    parser.add_argument("--pred-root", type=Path, default=None)
    parser.add_argument("--only", default="", help="run only cases whose name contains this")
    parser.add_argument("--repeat", type=int, default=1, help="runs per set and mode; the best speed is shown")
    args = parser.parse_args(argv)

    from bireader.align import default_lexicon

    lexicon = default_lexicon(build=True) if args.lexicon == "default" else False
    root = args.pred_root or Path(tempfile.mkdtemp(prefix="align-eval-"))
    for set_name in args.sets.split(","):
        data = SETS[set_name]
        for mode in args.modes.split(","):
            best = None
            for _ in range(args.repeat):
                if args.cold:
                    from bireader import dictionary

                    # The index stays where it is; only the embedding cache is new.
                    os.environ.setdefault("BIREADER_DICTIONARY_INDEX", str(dictionary.index_path()))
                    os.environ["BIREADER_HOME"] = tempfile.mkdtemp(prefix="align-eval-home-")
                out = root / set_name / mode
                got = run(data, mode, lexicon, out, args.only)
                if best is None or got[4] < best[4]:
                    best = got
            cases, stats, scored, lines, elapsed = best
            f1 = f1_rows(score(data, cases, out, args.only))
            print(f"\n== {set_name} ({data.name}), embeddings {mode}, lexicon {'dictionary' if lexicon else 'none'}")
            print("  " + "  ".join(f"{k} {v:.4f}" for k, v in f1.items()))
            print(f"  {lines} lines in {elapsed:.1f} s: {lines / elapsed:.0f} lines/s end to end; "
                  f"embedded {stats.embedded} of {stats.units} units ({stats.embedded / max(stats.units, 1):.0%})")
            print("\n".join(calibration(scored)))
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
