"""Small parallel texts and helpers for the saved-alignment and editor tests."""

from __future__ import annotations

from pathlib import Path

from bireader.alignments import Alignment, SavedBead, side_of, unit_texts
from bireader.document import document_from_text

# Five Japanese sentences and five English ones, one a line (one paragraph each), 1:1.
JA_LINES = ["東京は大きい。", "人が多い。", "猫が好きだ。", "犬も好きだ。", "雨が降った。"]
EN_LINES = ["Tokyo is big.", "There are many people.", "I like cats.", "I like dogs too.", "It rained."]


def write_pair(folder: Path, ja_lines=JA_LINES, en_lines=EN_LINES, name: str = "story") -> tuple[Path, Path]:
    """``NAME.ja.txt`` and ``NAME.en.txt`` in ``folder``, one paragraph a line."""
    ja = folder / f"{name}.ja.txt"
    en = folder / f"{name}.en.txt"
    ja.write_text("\n".join(ja_lines) + "\n", encoding="utf-8")
    en.write_text("\n".join(en_lines) + "\n", encoding="utf-8")
    return ja, en


def docs(ja_lines=JA_LINES, en_lines=EN_LINES, ja_path: str | None = None, en_path: str | None = None):
    ja = document_from_text("\n".join(ja_lines) + "\n", lang="ja", path=ja_path)
    en = document_from_text("\n".join(en_lines) + "\n", lang="en", path=en_path)
    return ja, en


def one_to_one(n: int, score: float = 0.95) -> tuple[SavedBead, ...]:
    return tuple(SavedBead((i,), (i,), score) for i in range(n))


def alignment_of(ja_doc, en_doc, beads, level: str = "paragraph") -> Alignment:
    """An alignment of two documents with the given beads, ready to save."""
    return Alignment(
        level,
        side_of(ja_doc, unit_texts(ja_doc, level)),
        side_of(en_doc, unit_texts(en_doc, level)),
        tuple(beads),
    )


def run_async(test):
    """Run an async test body with asyncio.run (no pytest-asyncio needed), as tests/test_tui.py does."""
    import asyncio
    import functools

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return wrapper
