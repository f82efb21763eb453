"""Aligned pairs as a TMX 1.4b translation memory."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TextIO

from bireader import __version__
from bireader.export.fields import clean_xml, format_score
from bireader.model import Reading, Unit


def tmx_units(reading: Reading) -> list[Unit]:
    """The units a translation memory can hold: both sides non-empty after cleaning."""
    return [u for u in reading.units if clean_xml(u.ja).strip() and clean_xml(u.en).strip()]


def write_tmx(reading: Reading, out: TextIO, *, created: datetime | None = None) -> int:
    """Write a TMX 1.4b document: ``srclang="ja"``, one ``<tu>`` per unit with a Japanese and an English ``<tuv>``.

    Units with an empty side (text the aligner found no partner for) are left
    out: a translation unit needs both. Each ``<tu>`` carries the unit's
    position (``tuid``), its English source and its score as ``x-`` props.

    Args:
        reading: the units to write.
        out: a text stream; the document declares UTF-8.
        created: the header's creation date (default: now, UTC).

    Returns:
        The number of ``<tu>`` elements written.
    """
    from xml.sax.saxutils import escape, quoteattr

    def text(value: str) -> str:
        # \r would come back as \n from any XML parser; keep it as a reference.
        return escape(clean_xml(value)).replace("\r", "&#13;")

    created = created or datetime.now(timezone.utc)
    attrs = {
        "creationtool": "bireader",
        "creationtoolversion": __version__,
        "datatype": "plaintext",
        "segtype": "sentence" if reading.level == "sentence" else "paragraph",
        "adminlang": "en",
        "srclang": "ja",
        "o-tmf": "bireader",
        "creationdate": created.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ"),
    }
    units = tmx_units(reading)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write('<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n')
    out.write('<tmx version="1.4">\n')
    out.write("  <header " + " ".join(f"{k}={quoteattr(v)}" for k, v in attrs.items()) + ">\n")
    out.write(f'    <prop type="x-english-source">{text(reading.source)}</prop>\n')
    out.write("  </header>\n  <body>\n")
    for unit in units:
        out.write(f'    <tu tuid="{unit.index + 1}">\n')
        out.write(f'      <prop type="x-source">{text(unit.source)}</prop>\n')
        if unit.score is not None:
            out.write(f'      <prop type="x-score">{format_score(unit.score)}</prop>\n')
        out.write(f'      <tuv xml:lang="ja"><seg>{text(unit.ja)}</seg></tuv>\n')
        out.write(f'      <tuv xml:lang="en"><seg>{text(unit.en)}</seg></tuv>\n')
        out.write("    </tu>\n")
    out.write("  </body>\n</tmx>\n")
    return len(units)
