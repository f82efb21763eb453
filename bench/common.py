"""What several benchmark scripts share (they import it as ``common``: a script's folder is on ``sys.path``)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path


def bireader_command() -> list[str]:
    """The console script next to this interpreter, else the one on PATH, else ``python -m bireader``."""
    script = Path(sys.executable).with_name("bireader")
    if script.exists():
        return [str(script)]
    found = shutil.which("bireader")
    return [found] if found else [sys.executable, "-m", "bireader"]
