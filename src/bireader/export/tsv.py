"""Aligned pairs as TSV: ``index ja en source score``, one row per unit."""

from __future__ import annotations

from typing import TextIO

from bireader.export.fields import clean_field, format_score, format_time, has_cue_times, spreadsheet_safe, tsv_writer
from bireader.model import Reading

TSV_COLUMNS = ("index", "ja", "en", "source", "score")
TIME_COLUMNS = ("time_start", "time_end")  # subtitle input only: the cue times, HH:MM:SS,mmm


def write_tsv(reading: Reading, out: TextIO, *, header: bool = True, safe_for_spreadsheets: bool = False) -> int:
    """Write one row per unit: ``index ja en source score`` (score empty for MT and gloss).

    For subtitle input two more columns follow, ``time_start time_end``: the
    times of the unit's Japanese cues as ``HH:MM:SS,mmm`` (empty for English
    with no Japanese partner).

    Args:
        reading: the units to write.
        out: a text stream (opened with ``newline=""`` when it is a file).
        header: write the column names first.
        safe_for_spreadsheets: prefix text cells a spreadsheet would run as a formula
            (``export.fields.spreadsheet_safe``); off, the file is plain TSV for OmegaT and scripts.

    Returns:
        The number of rows written (without the header).
    """
    writer = tsv_writer(out)
    cell = spreadsheet_safe if safe_for_spreadsheets else _plain
    times = has_cue_times(reading)
    if header:
        writer.writerow(TSV_COLUMNS + (TIME_COLUMNS if times else ()))
    for unit in reading.units:
        row = (
            unit.index + 1, cell(clean_field(unit.ja)), cell(clean_field(unit.en)), cell(unit.source),
            format_score(unit.score),
        )
        if times:
            row += (format_time(unit.time_start), format_time(unit.time_end))
        writer.writerow(row)
    return len(reading.units)


def _plain(text: str) -> str:
    return text
