"""The JSON file of ``bireader align JA EN --save FILE`` / ``--load FILE``: an alignment a script can edit.

The file names both texts by their SHA-256, the level, and lists the beads one per
line, so that an error can name the line it is on::

    {
      "format": "bireader-alignment",
      "version": 1,
      "level": "sentence",
      "ja_path": "corpus/a.ja.txt", "ja_hash": "…", "ja_units": 92,
      "en_path": "corpus/a.en.txt", "en_hash": "…", "en_units": 95,
      "beads": [
        {"ja_index": [0], "en_index": [0], "score": 0.9731, "confirmed": false},
        {"ja_index": [1, 2], "en_index": [1], "score": 0.41, "confirmed": true}
      ]
    }

Indices are 0-based unit numbers, as in ``bireader align --format json`` (which gives the
texts too). On load, ``score`` may be left out (0) and ``confirmed`` too (false).
"""

from __future__ import annotations

import json
from typing import Callable, TextIO

from bireader.alignments.beads import CoverError, SavedBead, check_cover
from bireader.alignments.store import Alignment, Side
from bireader.errors import InputError

FORMAT = "bireader-alignment"
VERSION = 1
LEVELS = ("paragraph", "sentence")


def write_alignment(alignment: Alignment, out: TextIO, *, ja_name: str = "", en_name: str = "") -> None:
    """Write ``alignment`` as the JSON file format (one bead a line).

    Args:
        alignment: what to write.
        out: a text stream.
        ja_name, en_name: the paths to record (as the user gave them; default: the stored ones).
    """
    head = {
        "format": FORMAT,
        "version": VERSION,
        "level": alignment.level,
        "ja_path": ja_name or alignment.ja.path,
        "ja_hash": alignment.ja.text_hash,
        "ja_units": alignment.ja.count,
        "en_path": en_name or alignment.en.path,
        "en_hash": alignment.en.text_hash,
        "en_units": alignment.en.count,
    }
    out.write("{\n")
    for key, value in head.items():
        out.write(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n")
    out.write('  "beads": [\n')
    last = len(alignment.beads) - 1
    for k, bead in enumerate(alignment.beads):
        line = json.dumps(
            {"ja_index": list(bead.ja), "en_index": list(bead.en), "score": bead.score, "confirmed": bead.confirmed}
        )
        out.write(f"    {line}{',' if k < last else ''}\n")
    out.write("  ]\n}\n")


def read_alignment(text: str, name: str, sides: Callable[[str], tuple[Side, Side]]) -> Alignment:
    """Parse and validate a JSON alignment file against the two texts it must belong to.

    Args:
        text: the file's contents.
        name: the file name, for messages.
        sides: level → the store's view of the two texts given on the command line, at that level.

    Returns:
        The alignment, with the given texts' paths.

    Raises:
        InputError: not the format, for other texts (a hash differs), or a bead list that is not
            a monotone cover; the message names the line it fails at.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"{name} line {err.lineno}: not valid JSON ({err.msg})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(f'{name} is not a bireader alignment file (it needs "format": "{FORMAT}")')
    if data.get("version") != VERSION:
        raise InputError(f"{name} is version {data.get('version')!r} of the alignment format; this bireader reads {VERSION}")
    level = data.get("level")
    if level not in LEVELS:
        raise InputError(f'{name}: "level" must be one of {", ".join(LEVELS)}, not {level!r}')
    ja, en = sides(level)
    for side, given, label in (("ja", ja, "Japanese"), ("en", en, "English")):
        saved = data.get(f"{side}_hash")
        if saved != given.text_hash:
            raise InputError(
                f"{name} was saved for another {label} text ({side}_hash {str(saved)[:12]}…, "
                f"this one is {given.text_hash[:12]}…); it was not loaded"
            )
    beads_raw = data.get("beads")
    if not isinstance(beads_raw, list):
        raise InputError(f'{name}: "beads" must be a list of beads')
    lines = _bead_lines(text)
    beads = []
    for k, raw in enumerate(beads_raw):
        beads.append(_bead(raw, f"{name} line {_line(lines, k)}"))
    ja_units = data.get("ja_units", ja.count)
    en_units = data.get("en_units", en.count)
    for label, saved_count, side in (("Japanese", ja_units, ja), ("English", en_units, en)):
        if saved_count != side.count:
            raise InputError(
                f"{name} counts {saved_count} {label} {level} units, but this bireader splits the text into {side.count}; "
                "save it again from this version"
            )
    try:
        check_cover(beads, ja.count, en.count)
    except CoverError as err:
        where = _line(lines, err.bead) if err.bead < len(beads) else _line(lines, len(beads))
        raise InputError(f"{name} line {where}: bead {err.bead}: {err.detail}; it was not loaded") from None
    return Alignment(level=level, ja=ja, en=en, beads=tuple(beads))


def _bead(raw: object, where: str) -> SavedBead:
    if not isinstance(raw, dict):
        raise InputError(f'{where}: a bead must be an object like {{"ja_index": [0], "en_index": [0]}}')
    indices = {}
    for key in ("ja_index", "en_index"):
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in value):
            raise InputError(f'{where}: "{key}" must be a list of unit numbers')
        indices[key] = tuple(value)
    score = raw.get("score", 0.0)
    if isinstance(score, bool) or not isinstance(score, (int, float)) or not 0.0 <= score <= 1.0:
        raise InputError(f'{where}: "score" must be a number from 0 to 1')
    confirmed = raw.get("confirmed", False)
    if not isinstance(confirmed, bool):
        raise InputError(f'{where}: "confirmed" must be true or false')
    return SavedBead(indices["ja_index"], indices["en_index"], float(score), confirmed)


def _bead_lines(text: str) -> list[int]:
    """The line of each element of the top-level "beads" array, and last the line of its closing bracket.

    ``json`` keeps no positions, so the array is walked with the decoder's own scanner:
    any layout a script writes is handled, not only ours.
    """
    decoder = json.JSONDecoder()
    ws = " \t\n\r"
    i = 0

    def skip(i: int) -> int:
        while i < len(text) and text[i] in ws:
            i += 1
        return i

    i = skip(i)
    if not text.startswith("{", i):
        return []
    i = skip(i + 1)
    offsets: list[int] = []
    while i < len(text) and text[i] != "}":
        key, i = json.decoder.scanstring(text, i + 1)
        i = skip(i)
        i = skip(i + 1)  # the colon
        if key == "beads" and text.startswith("[", i):
            i = skip(i + 1)
            while i < len(text) and text[i] != "]":
                offsets.append(i)
                _, i = decoder.raw_decode(text, i)
                i = skip(i)
                if text.startswith(",", i):
                    i = skip(i + 1)
            offsets.append(i)
            break
        _, i = decoder.raw_decode(text, i)
        i = skip(i)
        if text.startswith(",", i):
            i = skip(i + 1)
    return [text.count("\n", 0, offset) + 1 for offset in offsets]


def _line(lines: list[int], k: int) -> int:
    if not lines:
        return 1
    return lines[min(k, len(lines) - 1)]
