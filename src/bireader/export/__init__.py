"""A ``Reading`` → TSV, TMX, JSONL, an Anki notes file or deck (.apkg), a bilingual EPUB or HTML page; one module a format.

Each format is one ``write_*(reading, out, ...)`` function writing to a stream
(text for all but ``apkg``, which writes bytes) and returning how many rows,
translation units or cards it wrote; ``FORMATS`` maps the format names of
``bireader export --format`` to them. ``atomic_output`` (``export/atomic.py``)
opens the destination: stdout for ``-``, else a temporary file beside the target
that replaces it only once everything is written, so a failure never leaves a
truncated file in place of a good one.

Numbering: ``index`` is the unit's position in the reading counted from 1 (the
row number a reader sees); ``paragraph``, ``ja_index`` and ``en_index`` are
0-based indices into the documents' paragraphs or sentences, as in
``bireader align --format beads``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from bireader.errors import InputError
from bireader.export.anki import (
    ANKI_COLUMNS,
    ANKI_DECK_ID,
    ANKI_DECK_NAME,
    ANKI_MODEL_ID,
    ANKI_MODEL_NAME,
    NO_ENGLISH,
    Flashcard,
    anki_model,
    collect_cards,
    note_id_for,
    write_anki,
    write_apkg,
)
from bireader.export.atomic import atomic_output, check_output
from bireader.export.epub import write_epub
from bireader.export.fields import clean_field, clean_xml, spreadsheet_safe
from bireader.export.html import write_html
from bireader.export.jsonl import unit_record, write_jsonl
from bireader.export.tmx import (
    TmxMemory,
    TmxUnit,
    read_tmx,
    tmx_units,
    unit_props,
    write_tmx,
    write_tmx_footer,
    write_tmx_header,
    write_tu,
)
from bireader.export.tsv import TSV_COLUMNS, write_tsv
from bireader.model import Reading

@dataclass(frozen=True, slots=True)
class ExportFormat:
    """One ``--format``: its writer, whether it writes bytes, and its usual file suffix."""

    name: str
    write: Callable[..., int]
    binary: bool
    suffix: str
    counts: str  # what the writer's count is of ("rows", "cards" …)
    uses_header: bool = False  # takes header=
    uses_readings: bool = False  # takes readings= (ruby over kanji)


FORMATS: dict[str, ExportFormat] = {
    "tsv": ExportFormat("tsv", write_tsv, False, ".tsv", "rows", uses_header=True),
    "tmx": ExportFormat("tmx", write_tmx, False, ".tmx", "translation units"),
    "jsonl": ExportFormat("jsonl", write_jsonl, False, ".jsonl", "lines"),
    "anki": ExportFormat("anki", write_anki, False, ".txt", "cards", uses_header=True),
    "apkg": ExportFormat("apkg", write_apkg, True, ".apkg", "notes"),
    "epub": ExportFormat("epub", write_epub, True, ".epub", "units", uses_readings=True),
    "html": ExportFormat("html", write_html, False, ".html", "units", uses_readings=True),
}


def export_reading(
    reading: Reading,
    fmt: str,
    output: str | Path = "-",
    *,
    force: bool = False,
    header: bool = True,
    **options: Any,
) -> int:
    """Write ``reading`` in format ``fmt`` to ``output`` (``-`` for stdout), atomically.

    Returns:
        What the format's writer counted (rows, translation units, cards).

    Raises:
        InputError: an unknown format, or an output that cannot be written.
    """
    try:
        spec = FORMATS[fmt]
    except KeyError:
        raise InputError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}") from None
    if spec.uses_header:
        options["header"] = header
    with atomic_output(output, binary=spec.binary, force=force) as out:
        return spec.write(reading, out, **options)


__all__ = [
    "ANKI_COLUMNS", "ANKI_DECK_ID", "ANKI_DECK_NAME", "ANKI_MODEL_ID", "ANKI_MODEL_NAME", "FORMATS", "NO_ENGLISH",
    "TSV_COLUMNS", "ExportFormat", "Flashcard", "TmxMemory", "TmxUnit", "anki_model", "atomic_output",
    "check_output", "clean_field", "clean_xml", "collect_cards", "export_reading", "note_id_for", "read_tmx",
    "spreadsheet_safe", "tmx_units", "unit_props", "unit_record", "write_anki", "write_apkg", "write_epub",
    "write_html", "write_jsonl", "write_tmx", "write_tmx_footer", "write_tmx_header", "write_tsv", "write_tu",
]
