"""The glossary's file format: OmegaT's tab-separated glossary, and the field rules it imposes.

``term<TAB>translation<TAB>comment``, then bireader's own columns ``reading`` and
``tags`` (comma separated), UTF-8, lines starting with ``#`` are comments. OmegaT
reads the first three columns and ignores the rest, so a file bireader writes is
an OmegaT glossary, and an OmegaT glossary (three columns or fewer) imports as it is.

A field must fit on one line of such a file, which is why validation lives here:
the store refuses what its own export could not write.
"""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path
from typing import Iterable, Sequence, TextIO

from bireader.errors import InputError

MAX_TERM_CHARS = 200
MAX_FIELD_CHARS = 2000
TAG_SEPARATOR = ","
TSV_HEADER = "# Glossary in tab-separated format -*- coding: utf-8 -*-\n# bireader: term, translation, comment, reading, tags\n"

# A parsed line: term, translation, comment, reading, tags.
TsvRow = tuple[str, str, str, str, tuple[str, ...]]


# --- validation ------------------------------------------------------------------------

_CONTROL_NAMES = {"\t": "a tab", "\n": "a newline", "\r": "a carriage return"}


def clean_value(value: str | None, name: str, *, required: bool, limit: int = MAX_FIELD_CHARS) -> str:
    """Strip a field and refuse what a one-line TSV field cannot hold."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InputError(f"the {name} must be text, not {type(value).__name__}")
    value = value.strip()
    if required and not value:
        raise InputError(f"the {name} is empty; give a non-empty {name}")
    for ch in value:
        if unicodedata.category(ch) == "Cc" or ch in "\u2028\u2029":
            what = _CONTROL_NAMES.get(ch, f"the control character U+{ord(ch):04X}")
            raise InputError(f"the {name} {value[:40]!r} contains {what}; fields must be one line without control characters")
    if len(value) > limit:
        raise InputError(f"the {name} is {len(value)} characters long; the limit is {limit}")
    return value


def validate_term(term: str) -> str:
    """A term: one line, non-empty, at most ``MAX_TERM_CHARS``, not starting with ``#``."""
    term = clean_value(term, "term", required=True, limit=MAX_TERM_CHARS)
    if term.startswith("#"):
        # OmegaT (and our own import) read a line starting with # as a comment.
        raise InputError(f"the term {term!r} starts with #, which TSV glossaries read as a comment line")
    return term


def validate_translation(translation: str) -> str:
    """A translation: one line, non-empty, at most ``MAX_FIELD_CHARS``."""
    return clean_value(translation, "translation", required=True)


def validate_tags(tags: Iterable[str] | str | None) -> tuple[str, ...]:
    """Tags: stripped, non-empty, without commas; sorted and unique."""
    if tags is None:
        return ()
    if isinstance(tags, str):
        tags = tags.split(TAG_SEPARATOR)
    out: set[str] = set()
    for tag in tags:
        tag = clean_value(tag, "tag", required=False, limit=100)
        if TAG_SEPARATOR in tag:
            raise InputError(f"the tag {tag!r} contains a comma; give several tags as separate --tag options")
        if tag:
            out.add(tag)
    return tuple(sorted(out))


# --- TSV -------------------------------------------------------------------------------------


def format_tsv_line(fields: Sequence[str]) -> str:
    """One TSV line; trailing empty columns after the translation are dropped, as OmegaT writes them."""
    cols = list(fields)
    while len(cols) > 2 and not cols[-1]:
        cols.pop()
    return "\t".join(cols) + "\n"


def read_tsv_text(source: Path | str | TextIO) -> str:
    """The text of a glossary file: a path, ``-`` for stdin or an open stream; UTF-8 (a BOM is dropped).

    Raises:
        InputError: the file cannot be read or is not UTF-8 (the message names the line).
    """
    if isinstance(source, io.TextIOBase) or hasattr(source, "read"):
        return source.read()  # type: ignore[union-attr]
    from bireader.document import read_bytes

    data = read_bytes(source)
    name = "standard input" if str(source) == "-" else str(source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(
            f"{name} line {line} is not UTF-8; glossary files must be UTF-8 "
            "(convert with `iconv -f ENCODING -t UTF-8 FILE > out.tsv`)"
        ) from None


def parse_tsv(text: str, *, skip_invalid: bool = False) -> tuple[list[tuple[int, TsvRow]], list[tuple[int, str]]]:
    """Parse glossary TSV text into validated rows.

    Returns:
        ``(rows, skipped)``: rows as ``(line_number, (term, translation, note, reading, tags))``
        and, with ``skip_invalid``, the bad lines as ``(line_number, message)``.

    Raises:
        InputError: a bad line (without ``skip_invalid``), naming its number.
    """
    rows: list[tuple[int, TsvRow]] = []
    skipped: list[tuple[int, str]] = []
    text = text.lstrip("\ufeff")
    # Split on \n only: a stray \r inside a line is a control character to report,
    # but a CRLF file (Windows) is fine.
    for number, line in enumerate(text.split("\n"), start=1):
        if line.endswith("\r"):
            line = line[:-1]
        if not line.strip() or line.startswith("#"):
            continue
        try:
            rows.append((number, _parse_tsv_line(line)))
        except InputError as err:
            if not skip_invalid:
                raise InputError(f"line {number}: {err.message}; nothing was imported (use --skip-invalid to import the good lines)") from None
            skipped.append((number, err.message))
    return rows, skipped


def _parse_tsv_line(line: str) -> TsvRow:
    cols = line.split("\t")
    if len(cols) < 2:
        raise InputError("expected at least 2 tab-separated columns (term, translation), found 1")
    if len(cols) > 5:
        raise InputError(f"expected at most 5 columns (term, translation, comment, reading, tags), found {len(cols)}")
    cols += [""] * (5 - len(cols))
    term = validate_term(cols[0])
    translation = validate_translation(cols[1])
    note = clean_value(cols[2], "comment", required=False)
    reading = clean_value(cols[3], "reading", required=False)
    tags = validate_tags(cols[4])
    return term, translation, note, reading, tags
