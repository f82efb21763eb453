"""Imports point one way, down the module map of STYLE.md; the core never imports the CLI or the TUI."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "bireader"

# Lower layers first. A module may import only modules at its own level or earlier.
LAYERS = [
    {"errors", "model"},
    {"paths"},
    {"config", "db"},
    {"userdb"},  # user.db: the file the learner's and translator's stores share
    {"document"},  # one loader a format
    {"tokens"},
    # The glossary sits under the dictionary: lookups put the user's entries first.
    {"glossary"},
    {"dictionary"},  # index, deinflection, lookup, vocabulary, kanji, frequency
    {"words", "positions"},  # the learner's statuses of words; reading positions and history
    {"annotate"},
    {"align", "embed"},  # align/ also holds timing (subtitle cues paired by time) and chapters (books by chapter)
    {"alignments"},  # saved (corrected) alignments
    {"translate", "gloss"},
    {"reading"},
    {"deck", "ankiconnect"},  # mined cards; sending them to Anki (AnkiConnect)
    {"review"},  # the FSRS review schedule and log
    {"render", "export", "unit_lines"},  # unit_lines: a stream's units as lines, in workers for long plain output
    {"check", "tm"},  # the translator's QA rules and translation-memory builder
    {"tui"},
    {"cli", "__main__"},
]
LEVEL = {name: i for i, layer in enumerate(LAYERS) for name in layer}


def _top(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "bireader" and len(parts) > 1 else None


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        name = rel.parts[0].removesuffix(".py")
        if name == "__init__":
            continue
        yield name, path


@pytest.mark.parametrize(("name", "path"), list(_modules()), ids=lambda v: str(v))
def test_imports_point_down(name, path):
    if name not in LEVEL:
        pytest.fail(f"{name} is not in the layer map of tests/test_layering.py; add it")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "bireader":  # `from bireader import paths` names modules; __version__ is not one
                targets = [f"bireader.{a.name}" for a in node.names if not a.name.startswith("__")]
            else:
                targets = [node.module]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        for target in targets:
            top = _top(target)
            if top is None or top == name or top == "__init__":
                continue
            assert top in LEVEL, f"{path}: imports unknown bireader module {target}"
            assert LEVEL[top] <= LEVEL[name], f"{path}: {name} must not import {target} (a later layer)"
