"""Aligned pairs as TSV: ``index ja en source score``, one row per unit."""

from __future__ import annotations

from typing import TextIO

from bireader.export.fields import clean_field, format_score, tsv_writer
from bireader.model import Reading

TSV_COLUMNS = ("index", "ja", "en", "source", "score")


def write_tsv(reading: Reading, out: TextIO, *, header: bool = True) -> int:
    """Write one row per unit: ``index ja en source score`` (score empty for MT and gloss).

    Args:
        reading: the units to write.
        out: a text stream (opened with ``newline=""`` when it is a file).
        header: write the column names first.

    Returns:
        The number of rows written (without the header).
    """
    writer = tsv_writer(out)
    if header:
        writer.writerow(TSV_COLUMNS)
    for unit in reading.units:
        writer.writerow(
            (unit.index + 1, clean_field(unit.ja), clean_field(unit.en), unit.source, format_score(unit.score))
        )
    return len(reading.units)
