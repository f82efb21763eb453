"""Aligned pairs as JSON Lines: one object per unit."""

from __future__ import annotations

import json
from typing import Any, TextIO

from bireader.export.fields import JSON_LINE_BREAKS
from bireader.model import Reading, Unit


def unit_record(unit: Unit, level: str) -> dict[str, Any]:
    """The JSON object of one unit (what a JSONL line holds)."""
    return {
        "index": unit.index + 1,
        "ja": unit.ja,
        "en": unit.en,
        "source": unit.source,
        "score": None if unit.score is None else round(unit.score, 4),
        "level": level,
        "paragraph": unit.paragraph,
        "ja_index": list(unit.ja_index),
        "en_index": list(unit.en_index),
        "ja_start": unit.ja_start,
        "ja_end": unit.ja_end,
    }


def write_jsonl(reading: Reading, out: TextIO) -> int:
    """Write one JSON object per line and unit (UTF-8 text, not \\u escapes).

    Returns:
        The number of lines written.
    """
    for unit in reading.units:
        line = json.dumps(unit_record(unit, reading.level), ensure_ascii=False)
        # Valid JSON keeps U+2028/U+2029/U+0085 raw, but line-splitting readers
        # (str.splitlines, some JSONL tools) would cut the record there.
        out.write(line.translate(JSON_LINE_BREAKS))
        out.write("\n")
    return len(reading.units)
