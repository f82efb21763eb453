"""Aligned pairs as JSON Lines: one object per unit."""

from __future__ import annotations

import json
from typing import Any, TextIO

from bireader.export.fields import JSON_LINE_BREAKS, format_time, has_cue_times
from bireader.model import Reading, Unit


def unit_record(unit: Unit, level: str, *, times: bool = False) -> dict[str, Any]:
    """The JSON object of one unit (what a JSONL line holds).

    ``times`` (subtitle input) adds ``time_start``/``time_end``: the unit's
    Japanese cue times as ``HH:MM:SS,mmm`` (null for English with no Japanese partner).
    """
    record = {
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
    if times:
        record["time_start"] = format_time(unit.time_start) or None
        record["time_end"] = format_time(unit.time_end) or None
    return record


def write_jsonl(reading: Reading, out: TextIO) -> int:
    """Write one JSON object per line and unit (UTF-8 text, not \\u escapes).

    Returns:
        The number of lines written.
    """
    times = has_cue_times(reading)
    for unit in reading.units:
        line = json.dumps(unit_record(unit, reading.level, times=times), ensure_ascii=False)
        # Valid JSON keeps U+2028/U+2029/U+0085 raw, but line-splitting readers
        # (str.splitlines, some JSONL tools) would cut the record there.
        out.write(line.translate(JSON_LINE_BREAKS))
        out.write("\n")
    return len(reading.units)
