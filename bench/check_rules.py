"""How often the check rules speak on human translations aligned by hand: the dev sets' gold beads.

Usage:
    python bench/check_rules.py [--condition clean] [--rules numbers,latin,...] [--examples 10]

Every bead of the gold alignments of align-dev and align-dev-jaen (one condition)
goes through the rules, with score 1.0 so the alignment rule stays out of it. A
human translation of news, posts and listings legitimately differs from its
source now and then (a rounded number, an expanded acronym), so this is not a
false-positive rate: read the examples it prints to judge which are noise. It is
the figure to watch when a rule changes.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
from pathlib import Path

from bireader.check import RULE_NAMES, Segment, check_segments

_HERE = Path(__file__).resolve()
# shared/data beside the checkout, or wherever BIREADER_ALIGN_DATA says (a clone elsewhere).
DATA = Path(os.environ.get("BIREADER_ALIGN_DATA") or next(
    (p / "shared" / "data" for p in _HERE.parents[1:4] if (p / "shared" / "data").is_dir()), _HERE.parents[2]))


def gold_beads(path: Path) -> list[tuple[list[int], list[int]]]:
    beads = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            left, right = line.split(":")
            beads.append(([int(x) for x in left.strip("[]").split(",") if x.strip()],
                          [int(x) for x in right.strip("[]").split(",") if x.strip()]))
    return beads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--condition", default="clean", choices=("clean", "merge", "delete", "mixed"))
    parser.add_argument("--rules", default=",".join(r for r in RULE_NAMES if r not in ("terms", "alignment")))
    parser.add_argument("--examples", type=int, default=10)
    args = parser.parse_args()
    rules = args.rules.split(",")
    counts: collections.Counter[str] = collections.Counter()
    examples: dict[str, list] = collections.defaultdict(list)
    total = 0
    for case in sorted(DATA.glob(f"align-dev*/cases/*__{args.condition}")):
        ja = (case / "ja.txt").read_text(encoding="utf-8").split("\n")
        en = (case / "en.txt").read_text(encoding="utf-8").split("\n")
        segments = [
            Segment(n, "".join(ja[i] for i in a), " ".join(en[i] for i in b), 1.0)
            for n, (a, b) in enumerate(gold_beads(case / "gold.txt"), start=1)
        ]
        total += len(segments)
        for finding in check_segments(segments, rules=rules):
            counts[finding.rule] += 1
            examples[finding.rule].append((case.name, finding.detail, finding.ja[:60], finding.en[:80]))
    print(f"{args.condition}: {total:,} gold beads; findings: "
          + ", ".join(f"{rule} {counts[rule]} ({counts[rule] / total:.1%})" for rule in rules))
    random.seed(1)
    for rule in rules:
        if examples[rule]:
            print(f"-- {rule}")
            for example in random.sample(examples[rule], min(args.examples, len(examples[rule]))):
                print("  ", " | ".join(example))


if __name__ == "__main__":
    main()
