"""A translation memory written out: TMX 1.4b, TSV, JSON Lines or XLIFF 1.2, and the review list.

Every writer takes the kept units grouped by file, in order, and returns how many
units it wrote. TMX reuses the export's writer (``bireader.export.tmx``) and adds
an ``x-file`` prop; XLIFF has one ``<file>`` per pair, as CAT tools exchange them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, Iterable, Sequence, TextIO

from bireader import __version__
from bireader.export.fields import (
    JSON_LINE_BREAKS, clean_field, clean_xml, escape, format_score, quoteattr, spreadsheet_safe, tsv_writer,
)
from bireader.export.tmx import write_tmx_footer, write_tmx_header, write_tu

FORMATS = ("tmx", "tsv", "jsonl", "xliff")
SUFFIXES = {".tmx": "tmx", ".tsv": "tsv", ".jsonl": "jsonl", ".xlf": "xliff", ".xliff": "xliff"}
TSV_COLUMNS = ("file", "index", "ja", "en", "score")
REVIEW_COLUMNS = ("file", "index", "score", "ja", "en")


@dataclass(frozen=True, slots=True)
class MemoryUnit:
    """A unit of the memory: its pair's Japanese file, its bead number in that pair (from 1), both texts."""

    file: str
    index: int
    ja: str
    en: str
    score: float | None
    ja_index: tuple[int, ...] = ()
    en_index: tuple[int, ...] = ()


FileUnits = tuple[str, Sequence[MemoryUnit]]  # (the pair's Japanese file, its units)


def write_memory(
    fmt: str, out: TextIO, files: Iterable[FileUnits], *, level: str, safe_for_spreadsheets: bool = False
) -> int:
    """Write the units in ``fmt`` (one of ``FORMATS``); returns the number of units written."""
    if fmt == "tmx":
        return _write_tmx(out, files, level)
    if fmt == "tsv":
        return _write_tsv(out, files, safe_for_spreadsheets)
    if fmt == "jsonl":
        return _write_jsonl(out, files, level)
    if fmt == "xliff":
        return _write_xliff(out, files)
    raise ValueError(f"unknown memory format {fmt!r}")


def _write_tmx(out: TextIO, files: Iterable[FileUnits], level: str) -> int:
    write_tmx_header(out, level=level)
    tuid = 0
    for _, units in files:
        for unit in units:
            tuid += 1
            props = [("x-source", "aligned")]
            if unit.score is not None:
                props.append(("x-score", format_score(unit.score)))
            props.append(("x-file", unit.file))
            write_tu(out, tuid, unit.ja, unit.en, props)
    write_tmx_footer(out)
    return tuid


def _cell(safe: bool) -> Callable[[str], str]:
    return (lambda text: spreadsheet_safe(clean_field(text))) if safe else clean_field


def _write_tsv(out: TextIO, files: Iterable[FileUnits], safe: bool) -> int:
    writer = tsv_writer(out)
    cell = _cell(safe)
    writer.writerow(TSV_COLUMNS)
    count = 0
    for _, units in files:
        for unit in units:
            writer.writerow((cell(unit.file), unit.index, cell(unit.ja), cell(unit.en), format_score(unit.score)))
            count += 1
    return count


def _write_jsonl(out: TextIO, files: Iterable[FileUnits], level: str) -> int:
    count = 0
    for _, units in files:
        for unit in units:
            record = {
                "file": unit.file, "index": unit.index, "ja": unit.ja, "en": unit.en,
                "score": None if unit.score is None else round(unit.score, 4), "level": level,
                "ja_index": list(unit.ja_index), "en_index": list(unit.en_index),
            }
            out.write(json.dumps(record, ensure_ascii=False).translate(JSON_LINE_BREAKS) + "\n")
            count += 1
    return count


def _xml(text: str) -> str:
    return escape(clean_xml(text)).replace("\r", "&#13;")


def _write_xliff(out: TextIO, files: Iterable[FileUnits]) -> int:
    """XLIFF 1.2: a ``<file>`` per pair (``original`` = its Japanese file), a ``<trans-unit>`` per unit.

    The aligner's confidence goes in a ``<note>``, since XLIFF 1.2 has no attribute for it.
    """
    created = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write('<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n')
    count = 0
    for name, units in files:
        out.write(
            f"  <file original={quoteattr(clean_xml(name))} source-language=\"ja\" target-language=\"en\""
            f" datatype=\"plaintext\" date=\"{created}\" tool-id=\"bireader\">\n"
        )
        out.write(f'    <header><tool tool-id="bireader" tool-name="bireader" tool-version="{_xml(__version__)}"/></header>\n')
        out.write("    <body>\n")
        for unit in units:
            out.write(f'      <trans-unit id="{unit.index}">\n')
            out.write(f'        <source xml:lang="ja">{_xml(unit.ja)}</source>\n')
            out.write(f'        <target xml:lang="en" state="translated">{_xml(unit.en)}</target>\n')
            if unit.score is not None:
                out.write(f'        <note from="bireader">aligner confidence {format_score(unit.score)}</note>\n')
            out.write("      </trans-unit>\n")
            count += 1
        out.write("    </body>\n  </file>\n")
    out.write("</xliff>\n")
    return count


def write_review(out: TextIO, units: Iterable[MemoryUnit], *, safe_for_spreadsheets: bool = False) -> int:
    """The units left out for their low confidence, as TSV (``file index score ja en``), in memory order."""
    writer = tsv_writer(out)
    cell = _cell(safe_for_spreadsheets)
    writer.writerow(REVIEW_COLUMNS)
    ordered = list(units)
    for unit in ordered:
        writer.writerow((cell(unit.file), unit.index, format_score(unit.score), cell(unit.ja), cell(unit.en)))
    return len(ordered)
