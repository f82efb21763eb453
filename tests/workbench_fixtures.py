"""Helpers for the translator's workbench tests (issue 18): folders of pairs made from the shared dev cases."""

from __future__ import annotations

from pathlib import Path

import pytest

_HERE = Path(__file__).resolve()
# The shared dev sets sit beside the checkout (/work/main → /work/shared), or two levels up from a worktree.
DEV_DATA = next((p / "shared" / "data" for p in _HERE.parents[1:4] if (p / "shared" / "data").is_dir()), None)


def dev_cases(count: int) -> list[Path]:
    """``count`` dev cases, taken in turn from align-dev and align-dev-jaen (all four conditions)."""
    if DEV_DATA is None:
        pytest.skip("the shared dev sets (shared/data/align-dev*) are not on this machine")
    sets = [sorted((DEV_DATA / name / "cases").iterdir()) for name in ("align-dev", "align-dev-jaen")]
    return [sets[i % 2][(i // 2) * 7 % len(sets[i % 2])] for i in range(count)]


def make_pair_folder(folder: Path, count: int) -> list[str]:
    """Copy ``count`` dev cases into ``folder`` as NAME.ja.txt / NAME.en.txt; returns the names."""
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for case in dev_cases(count):
        name = f"{case.parent.parent.name}-{case.name}"
        for lang in ("ja", "en"):
            (folder / f"{name}.{lang}.txt").write_bytes((case / f"{lang}.txt").read_bytes())
        names.append(name)
    return names
