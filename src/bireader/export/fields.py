"""Cleaning of exported text: TSV fields, XML character data, JSON lines, scores.

Shared by every export format (and by the translator's and learner's exporters).
"""

from __future__ import annotations

import csv
import re
from typing import TextIO

# Characters that end a line for some reader (csv, spreadsheets, str.splitlines)
# or separate fields: they become one space inside a TSV field.
_TSV_BREAKS = re.compile("[\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
# Other C0 controls (NUL, ESC …) have no place in a spreadsheet cell.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f]")
# Characters XML 1.0 forbids even escaped: C0 controls but tab/LF/CR, lone
# surrogates, U+FFFE and U+FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_field(text: str) -> str:
    """Text safe for one TSV field: tabs and line breaks become a space, other controls go."""
    return _CONTROLS.sub("", _TSV_BREAKS.sub(" ", text))


# A spreadsheet runs a cell that starts with one of these as a formula (=1+1, +A1,
# -A1, @SUM(A1)): the "CSV injection" of OWASP's cheat sheet. Tab and carriage return
# are on that list too, but clean_field has already made them spaces.
FORMULA_STARTS = ("=", "+", "-", "@")


def spreadsheet_safe(text: str) -> str:
    """A cell a spreadsheet shows as text: an apostrophe before a leading ``=``, ``+``, ``-`` or ``@``.

    Spreadsheets (Excel, LibreOffice, Google Sheets) hide the apostrophe and show the
    text as it was. Only for files meant for a spreadsheet: anything else (OmegaT,
    Anki, a script) would keep the apostrophe as part of the text.
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def clean_xml(text: str) -> str:
    """Text without the characters XML 1.0 cannot carry (escaping is the serializer's job)."""
    return _XML_ILLEGAL.sub("", text)


JSON_LINE_BREAKS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as entities (``xml.sax.saxutils.escape``, which would bring in
    urllib and http.client: 25 ms of every ``tm build``'s start)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(text: str) -> str:
    """``text`` escaped and quoted as an XML attribute value, as ``xml.sax.saxutils.quoteattr`` does."""
    text = escape(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' in text:
        if "'" in text:
            return '"' + text.replace('"', "&quot;") + '"'
        return "'" + text + "'"
    return '"' + text + '"'


def format_score(score: float | None, digits: int = 3) -> str:
    """A score as fixed-point text, empty for none (machine translation and gloss have no score)."""
    return "" if score is None else f"{score:.{digits}f}"


def tsv_writer(out: TextIO):
    """A csv writer for TSV rows (excel-tab dialect, LF line ends)."""
    # excel-tab quotes a field only when it holds a `"` (tabs and newlines are
    # gone by then): `say "hi"` is written `"say ""hi"""`, which csv.reader,
    # spreadsheets and Anki's importer all read back as `say "hi"`. Without the
    # quoting a field starting with `"` would lose its quotes on the way back.
    return csv.writer(out, dialect="excel-tab", lineterminator="\n")


def has_cue_times(reading) -> bool:
    """Subtitle input: its exports carry each unit's cue times (``time_start``, ``time_end``)."""
    from bireader.document import SUBTITLE_FORMATS

    return reading.ja.format in SUBTITLE_FORMATS


def format_time(ms: int | None) -> str:
    """A cue time as ``HH:MM:SS,mmm``; empty for none (a unit with no Japanese cue)."""
    from bireader.document import format_timestamp

    return format_timestamp(ms)
