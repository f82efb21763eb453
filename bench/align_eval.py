"""Score the aligner on the align-dev set (416 cases): strict/lax F1 per condition.

Runs ``bireader.align.align_units`` (the API) on every case, writes
``PRED_ROOT/<case>/pred.txt`` in the vecalign bead format and runs the set's own
``score.py`` on them.

Usage:
    python bench/align_eval.py [--data DIR] [--embeddings on|off|auto] [--lexicon default|none]
                               [--pred-root DIR] [--only SUBSTRING]

Embeddings are cached under ``BIREADER_HOME`` (or the user cache): the first run
with ``--embeddings on`` embeds about 5,000 lines, later runs read the cache.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bireader.document import read_lines  # the same reader as `align --presegmented`

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "align-dev"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--embeddings", default="on", choices=["on", "off", "auto"])
    parser.add_argument("--lexicon", default="default", choices=["default", "none"])
    parser.add_argument("--pred-root", type=Path, default=None)
    parser.add_argument("--only", default="", help="run only cases whose name contains this")
    parser.add_argument("--json", action="store_true", help="print the scorer's JSON")
    args = parser.parse_args(argv)

    from bireader.align import align_units, default_lexicon, format_beads

    cases = sorted(p for p in (args.data / "cases").iterdir() if p.is_dir() and args.only in p.name)
    lexicon = default_lexicon() if args.lexicon == "default" else False
    print(f"lexicon: {'dictionary' if lexicon else 'none'}; embeddings: {args.embeddings}", file=sys.stderr)
    root = args.pred_root or Path(tempfile.mkdtemp(prefix="align-eval-"))
    start = time.perf_counter()
    for case in cases:
        ja = read_lines(case / "ja.txt")
        en = read_lines(case / "en.txt")
        beads = align_units(ja, en, embeddings=args.embeddings, lexicon=lexicon)
        out = root / case.name
        out.mkdir(parents=True, exist_ok=True)
        (out / "pred.txt").write_text(format_beads(beads), encoding="utf-8")
    elapsed = time.perf_counter() - start
    print(f"{len(cases)} cases aligned in {elapsed:.1f} s; predictions in {root}", file=sys.stderr)
    if args.only:
        # score.py wants every case; score just these by pointing it at a filtered copy.
        filtered = Path(tempfile.mkdtemp(prefix="align-gold-")) / "cases"
        filtered.mkdir()
        for case in cases:
            (filtered / case.name).symlink_to(case)
        data = filtered
    else:
        data = args.data
    cmd = [sys.executable, str(args.data / "score.py"), str(data), str(root)]
    if args.json:
        cmd.append("--json")
    return subprocess.call(cmd)


if __name__ == "__main__":
    raise SystemExit(main())
