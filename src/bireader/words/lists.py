"""Word lists in and out: ``words import`` and ``words export``.

In: one word a line; a TSV or CSV whose first column is the word; an Anki notes export
(Anki's "Notes in Plain Text": ``#separator:…`` header lines, tab-separated fields, HTML in
them); our own JSON export (statuses and dates kept). Everything is checked before anything is
stored, so a malformed line (reported with its number) stores nothing.

Out: ``txt`` (headwords), ``tsv`` (every field, a header row), ``json`` (round-trips).
"""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from bireader.errors import InputError
from bireader.words.store import SETTERS, STATUSES, WordRecord

JSON_FORMAT = "bireader-words"
JSON_VERSION = 1
EXPORT_FORMATS = ("txt", "tsv", "json")
TSV_FIELDS = ("headword", "reading", "status", "entry_id", "set_by", "first_seen", "changed", "document")
_HEADER_WORDS = frozenset({"word", "words", "headword", "expression", "front", "term", "vocab", "単語", "見出し"})
_TAG = re.compile(r"<[^>]*>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][\d:.]+)?([+-]\d{2}:?\d{2}|Z)?$")


@dataclass(frozen=True, slots=True)
class ListedWord:
    """A word read from a list, with the line it came from (1-based)."""

    line: int
    word: str


def parse_word_list(text: str, *, name: str = "the list") -> tuple[str, list[ListedWord] | list[WordRecord]]:
    """The words of a list file's text: ``("json", records)`` for our JSON export, else
    ``(kind, words)`` with kind ``lines``, ``tsv``, ``csv`` or ``anki``.

    Raises:
        InputError: a malformed line (with its number), or nothing to import.
    """
    if "\x00" in text:
        raise InputError(f"{name} is a binary file, not a word list")
    stripped = text.lstrip("\ufeff").lstrip()
    if stripped.startswith("{") or stripped.startswith("["):
        return "json", _json_records(stripped, name)
    lines = text.lstrip("\ufeff").splitlines()
    if any(line.startswith("#separator:") or line.startswith("#html:") for line in lines[:10]):
        return "anki", _anki_words(lines, name)
    body = [line for line in lines if line.strip() and not line.startswith("#")]
    if body and all("\t" in line for line in body[:50]):
        return "tsv", _delimited_words(lines, "\t", name)
    if body and sum("," in line for line in body[:50]) > len(body[:50]) / 2 and not _all_japanese_commas(body):
        return "csv", _delimited_words(lines, ",", name)
    words = []
    for number, line in enumerate(lines, 1):
        word = line.strip()
        if not word or word.startswith("#"):
            continue
        _check_word(word, number, name)
        words.append(ListedWord(number, word))
    if not words:
        raise InputError(f"{name} has no words")
    return "lines", words


def _all_japanese_commas(lines: list[str]) -> bool:
    """A one-word-a-line list whose words contain no ASCII comma is never CSV (、 is Japanese)."""
    return not any("," in line for line in lines)


def _check_word(word: str, number: int, name: str) -> None:
    if _CONTROL.search(word):
        raise InputError(f"{name}, line {number}: control characters in {word!r}; nothing was imported")
    if len(word) > 64:
        raise InputError(
            f"{name}, line {number}: {len(word)} characters is not a word (at most 64); nothing was imported"
        )


def _delimited_words(lines: list[str], delimiter: str, name: str) -> list[ListedWord]:
    words = []
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter, strict=True)
    try:
        for number, row in enumerate(reader, 1):
            if not row or not row[0].strip() or row[0].startswith("#"):
                continue
            word = _plain(row[0])
            if number == 1 and word.lower() in _HEADER_WORDS:
                continue  # a header row
            _check_word(word, number, name)
            words.append(ListedWord(number, word))
    except csv.Error as err:
        raise InputError(f"{name}, line {reader.line_num}: {err}; nothing was imported") from err
    if not words:
        raise InputError(f"{name} has no words in its first column")
    return words


def _anki_words(lines: list[str], name: str) -> list[ListedWord]:
    """Anki's notes export: header lines ``#key:value``; the first field (after the guid,
    notetype and deck columns when the header names them) is the word."""
    separator = "\t"
    skip = 0
    for line in lines:
        if not line.startswith("#"):
            break
        key, _, value = line[1:].partition(":")
        if key == "separator":
            separator = {"tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|", "colon": ":"}.get(
                value.strip().lower(), "\t"
            )
        elif key in ("guid column", "notetype column", "deck column", "tags column"):
            if value.strip().isdigit() and int(value) <= skip + 1:
                skip += 1
    words = []
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=separator)
    for number, row in enumerate(reader, 1):
        if not row or row[0].startswith("#"):
            continue
        if len(row) <= skip:
            raise InputError(f"{name}, line {number}: a note with no fields; nothing was imported")
        word = _plain(row[skip])
        if not word:
            continue
        _check_word(word, number, name)
        words.append(ListedWord(number, word))
    if not words:
        raise InputError(f"{name} has no notes")
    return words


def _plain(cell: str) -> str:
    """A cell's text: HTML tags and entities (Anki fields) removed, furigana brackets dropped."""
    text = html.unescape(_TAG.sub("", cell)).strip()
    return re.sub(r"\[[^\]]*\]", "", text).strip()  # Anki's 漢字[かんじ] furigana syntax


def _json_records(text: str, name: str) -> list[WordRecord]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"{name}, line {err.lineno}: not valid JSON ({err.msg}); nothing was imported") from err
    if isinstance(data, dict):
        if data.get("format") != JSON_FORMAT:
            raise InputError(f"{name} is JSON but not a bireader word export (no \"format\": \"{JSON_FORMAT}\")")
        if not isinstance(data.get("version"), int) or data["version"] > JSON_VERSION:
            raise InputError(f"{name} is a word export of version {data.get('version')!r}, newer than this bireader")
        items = data.get("words")
    else:
        items = data
    if not isinstance(items, list):
        raise InputError(f"{name}: \"words\" must be a list; nothing was imported")
    records = []
    for number, item in enumerate(items, 1):
        where = f"{name}, word {number}"
        if not isinstance(item, dict):
            raise InputError(f"{where}: not an object; nothing was imported")
        try:
            record = WordRecord(
                entry_id=int(item.get("entry_id", 0)),
                headword=str(item["headword"]),
                reading=str(item.get("reading", "")),
                status=str(item["status"]),
                set_by=str(item.get("set_by", "import")),
                first_seen=str(item["first_seen"]),
                changed=str(item.get("changed", item["first_seen"])),
                document=str(item.get("document", "")),
            )
        except KeyError as err:
            raise InputError(f"{where}: missing {err.args[0]!r}; nothing was imported") from None
        except (TypeError, ValueError):
            raise InputError(f"{where}: entry_id must be a number; nothing was imported") from None
        if record.status not in STATUSES:
            raise InputError(f"{where}: unknown status {record.status!r}; nothing was imported")
        if not record.headword.strip():
            raise InputError(f"{where}: empty headword; nothing was imported")
        for stamp in (record.first_seen, record.changed):
            if not _ISO_DATE.match(stamp):
                raise InputError(f"{where}: {stamp!r} is not an ISO 8601 date; nothing was imported")
        if record.set_by not in SETTERS:
            record = dataclasses.replace(record, set_by="import")
        records.append(record)
    return records


# --- out ---------------------------------------------------------------------------------------


def export_lines(
    records: Iterable[WordRecord], fmt: str, *, cell: Callable[[str], str] | None = None
) -> Iterator[str]:
    """The export's text, piece by piece (``txt``, ``tsv`` or ``json``).

    Args:
        records: the words, in the order to write them.
        fmt: one of EXPORT_FORMATS.
        cell: how a TSV cell is written (the CLI passes the exporters' cleaning, and their
            ``--spreadsheet-safe`` quoting); by default tabs and line breaks become spaces.
    """
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown word list format {fmt!r}; choose one of: {', '.join(EXPORT_FORMATS)}")
    if fmt == "txt":
        for r in records:
            yield r.headword + "\n"
    elif fmt == "tsv":
        write = cell or (lambda text: re.sub(r"[\t\r\n]+", " ", text))
        yield "\t".join(TSV_FIELDS) + "\n"
        for r in records:
            yield "\t".join(write(str(getattr(r, name))) for name in TSV_FIELDS) + "\n"
    else:
        words = [dataclasses.asdict(r) for r in records]
        yield json.dumps({"format": JSON_FORMAT, "version": JSON_VERSION, "words": words}, ensure_ascii=False, indent=1)
        yield "\n"


@dataclass(frozen=True)
class ImportResult:
    """What ``import_words`` did: the list's kind, words stored, and the lines skipped as unknown."""

    kind: str
    stored: int
    changed: int
    skipped: tuple[ListedWord, ...] = ()
    notes: tuple[str, ...] = ()


def import_words(
    text: str, store, *, status: str = "known", name: str = "the list", skip_unknown: bool = False
) -> ImportResult:
    """Read a word list and store it in one transaction (nothing at all when any line is bad).

    Args:
        text: the file's text.
        store: an open ``WordStore``.
        status: what the words become (a JSON export keeps its own statuses).
        name: the file's name, for messages.
        skip_unknown: import the rest when some words are in no dictionary (default: refuse,
            naming them with their line numbers).

    Raises:
        InputError: a malformed line, or unknown words without ``skip_unknown``.
    """
    from bireader.errors import NothingFound
    from bireader.words.resolve import resolve_word
    from bireader.words.store import check_status

    check_status(status)
    kind, items = parse_word_list(text, name=name)
    if kind == "json":
        count = store.put_records(items)
        return ImportResult(kind, count, count)
    resolved: list[tuple[int, str, str]] = []
    unknown: list[ListedWord] = []
    notes: list[str] = []
    for item in items:
        try:
            word = resolve_word(item.word)
        except NothingFound:
            unknown.append(item)
            continue
        resolved.append((word.key[0], word.key[1], word.reading))
    if unknown and not skip_unknown:
        shown = ", ".join(f"line {w.line} ({w.word!r})" for w in unknown[:5])
        more = f" and {len(unknown) - 5:,} more" if len(unknown) > 5 else ""
        raise InputError(
            f"{name}: no dictionary entry for {shown}{more}; nothing was imported"
            " (--skip-unknown imports the rest)"
        )
    if unknown:
        notes.append(f"skipped {len(unknown):,} words no dictionary has (first: line {unknown[0].line})")
    changed = store.set_status(resolved, status, by="import", document=name)
    return ImportResult(kind, len({(e, h) for e, h, _r in resolved}), len(changed), tuple(unknown), tuple(notes))
