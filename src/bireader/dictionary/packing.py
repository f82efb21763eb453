"""The rows of the index's ``spellings`` table: a spelling's entries packed at build, unpacked at lookup.

A row holds every entry of one spelling, already ranked, so a word lookup (and each
deinflection candidate) is one B-tree probe by an integer key with no JOIN. JMdict rows are
``marshal`` data, a tuple of records, one an entry::

    (key, kinds, headword, kanji_forms, readings, senses, priorities, frequency_rank, only)

- ``senses``: ``(glosses, pos, misc)`` tuples, the packed form ``model.Entry.senses`` decodes into
  ``Sense`` objects when first read;
- ``only``: ``()`` when no sense is restricted, else one item a sense: the spellings and
  readings JMdict restricts it to (stagk/stagr), or None;
- ``kinds`` and ``headword`` are what the lookup would otherwise work out for this spelling
  at every decode: the deinflection kinds of the senses that apply to it
  (``deinflect.lexical_kinds``) and the headword shown when it is matched.

A row also says whether JMnedict has the spelling, which spares most lookups the names trie.
The ``entries`` table holds each JMdict entry once more, by key, as its ``word_record``
(``pack_entry``, ``unpack_entry``), and the names as JSON (built inside SQLite, see
``build._jmnedict``; ``decode_entry`` reads them).

Rows are stored ``SPELLING_BLOCK`` to a block (``pack_blocks``).

Both build (``word_record``, ``pack_word``, ``pack_row``, ``pack_blocks``, ``pack_entry``) and lookup
(``unpack_words``, ``unpack_entry``, ``decode_entry``) use this module; it imports nothing
from either.
"""

from __future__ import annotations

import json
import marshal
from array import array
from typing import Iterator
from json.scanner import make_scanner

from bireader.dictionary.deinflect import lexical_kinds
from bireader.model import Entry, new_entry, new_sense

USUALLY_KANA = "usually kana"  # the misc label (build._MISC_LABELS) of a word usually written in kana
NAME_KEY_OFFSET = 10_000_000  # JMdict ent_seq < 10,000,000; JMnedict's overlap that range
# Spellings' rows a block of the ``spellings`` table (a power of two: a row's block is its id >>
# SPELLING_BLOCK_BITS). About 680 kB a block, 97 blocks: the first read in a block walks its chain
# of overflow pages (~0.2 ms), and each open handle holds a page; with 256 a block (1,545 blocks)
# the open handles pinned most of the page cache.
SPELLING_BLOCK_BITS = 12
SPELLING_BLOCK = 1 << SPELLING_BLOCK_BITS
# marshal's own format number, kept in the index's meta: a Python whose marshal differs rebuilds.
MARSHAL_VERSION = marshal.version

# The C scanner behind json.loads, called directly: two Python-level calls fewer per row decoded.
json_scan = make_scanner(json.JSONDecoder())
_loads = marshal.loads


def sense_applies(only: list[str] | tuple[str, ...], kanji, spelling: str, reading: str) -> bool:
    """Whether a sense restricted to the spellings/readings ``only`` applies to ``spelling`` read ``reading``.

    JMdict restricts a sense by kanji spelling (stagk) or by reading (stagr); a restriction of
    one kind says nothing of the other.
    """
    restricted_kanji = [form for form in only if form in kanji]
    restricted_readings = [form for form in only if form not in kanji]
    if spelling in kanji:
        if restricted_kanji and spelling not in restricted_kanji:
            return False
    elif spelling and restricted_readings and spelling not in restricted_readings:
        return False
    return not (reading and restricted_readings and reading not in restricted_readings)


def _applying(senses, only, kanji, spelling: str, reading: str) -> list:
    """The senses that apply to ``spelling`` read ``reading``; all of them when none does (as JMdict
    has it, a restriction narrows an entry's senses, never empties the entry)."""
    if not only:
        return list(senses)
    kept = [s for s, o in zip(senses, only) if o is None or sense_applies(o, kanji, spelling, reading)]
    return kept or list(senses)


def _headword(kanji, readings, first_misc, matched: str) -> str:
    headword = kanji[0] if kanji else readings[0]
    # A word usually written in kana keeps the kana spelling the reader typed or met.
    if kanji and matched in readings and USUALLY_KANA in first_misc:
        return matched
    return headword


# --- JMdict rows (build side) ---------------------------------------------------------------


def word_record(kanji: tuple, readings: tuple, senses: tuple, priorities: tuple, only: tuple, rank) -> tuple:
    """The part of an entry's records no spelling changes (``build._read_jmdict`` gives the parts):
    ``(kanji, readings, senses, priorities, rank, only, headword, is_usually_kana)``."""
    return (
        kanji, readings, senses, priorities, rank, only,
        kanji[0] if kanji else readings[0], bool(kanji) and USUALLY_KANA in senses[0][2],
    )


def pack_entry(record: tuple) -> bytes:
    """A JMdict entry's row in the ``entries`` table (lookups by key): its ``word_record``."""
    return marshal.dumps(record)


def unpack_entry(key: int, data: bytes) -> Entry:
    """A JMdict ``entries`` row as an Entry matched on its headword (every sense applies)."""
    kanji, readings, senses, priorities, rank, _only, headword, _kana = _loads(data)
    return new_entry(
        headword, readings, senses, priorities, "jmdict", key, kanji, headword, "", (), rank,
    )  # the senses stay packed until read (model.Entry.senses)


def pack_word(key: int, record: tuple, spelling: str, kinds: int | None = None) -> tuple:
    """The record of entry ``key`` in the row of ``spelling``.

    Args:
        key: the entry's ``ent_seq``.
        record: from ``word_record``.
        spelling: the row's spelling.
        kinds: the deinflection kinds of the entry's parts of speech for this spelling, when the
            caller has them already (they hold unless a sense is restricted); worked out here
            otherwise.
    """
    kanji, readings, senses, priorities, rank, only, headword, is_usually_kana = record
    if only or kinds is None:
        applying = _applying(senses, only, kanji, spelling, "")
        kinds = lexical_kinds({label for s in applying for label in s[1]}, spelling)
        headword = _headword(kanji, readings, applying[0][2] if applying else (), spelling)
    elif is_usually_kana and spelling in readings:
        headword = spelling  # as _headword has it, without its lookups
    return (key, kinds, headword, kanji, readings, senses, priorities, rank, only)


def pack_blocks(rows) -> Iterator[tuple[int, bytes, bytes]]:
    """``(block, offsets, data)`` for the ``spellings`` table from ``(row id, row)`` pairs in id order.

    Block ``b`` holds rows ``b * SPELLING_BLOCK`` up to the next block's first, concatenated;
    ``offsets`` (``array('I')``, SPELLING_BLOCK + 1 of them) is where each row starts in
    ``data`` and where the last ends. An id no row has gets an empty row, which no lookup
    can decode (a damaged index).
    """
    block, offsets, parts, size = 0, array("I", [0]), [], 0
    for row_id, row in rows:
        while row_id >= (block + 1) * SPELLING_BLOCK:  # the block is full (or ids skip past it)
            offsets.extend([size] * (SPELLING_BLOCK + 1 - len(offsets)))
            yield block, offsets.tobytes(), b"".join(parts)
            block, offsets, parts, size = block + 1, array("I", [0]), [], 0
        offsets.extend([size] * (row_id - block * SPELLING_BLOCK + 1 - len(offsets)))  # ids skipped
        parts.append(row)
        size += len(row)
        offsets.append(size)
    if parts:
        offsets.extend([size] * (SPELLING_BLOCK + 1 - len(offsets)))
        yield block, offsets.tobytes(), b"".join(parts)


def pack_row(records: list[tuple], is_name: bool = False) -> bytes:
    """A JMdict row: ``(is_name, records)``, the records of one spelling best first, and whether
    JMnedict has the spelling too."""
    return marshal.dumps((is_name, tuple(records)))


# --- JMdict rows (lookup side) --------------------------------------------------------------


def unpack_words(
    data: bytes, spelling: str, reading: str = "", kinds: list | None = None, restricted: set | None = None
) -> tuple:
    """A JMdict row as ``(is_name, entries)``: whether JMnedict has the spelling too, and its JMdict
    entries, best first, matched on it. With ``reading``, senses restricted to other
    readings are left out; with ``kinds``, the deinflection kinds of each entry are appended to it;
    with ``restricted``, the spelling is added to it when a sense of its entries is restricted
    (only then can a reading change the answer).

    The hot path of an uncached lookup: one ``marshal.loads``, then the Entry objects (their senses
    are decoded when first read).
    """
    is_name, records = _loads(data)
    entries = []
    for key, entry_kinds, headword, kanji, readings, senses, priorities, rank, only in records:
        if only:
            if restricted is not None:
                restricted.add(spelling)
            applying = _applying(senses, only, kanji, spelling, reading)
            senses = tuple(applying)
            if reading:
                headword = _headword(kanji, readings, applying[0][2] if applying else (), spelling)
        entries.append(new_entry(
            headword, readings, senses, priorities, "jmdict", key, kanji,
            spelling, "", (), rank,  # the fields in model.Entry's order (positional: the hot path)
        ))  # the senses stay packed until read (model.Entry.senses)
        if kinds is not None:
            kinds.append(entry_kinds)
    return is_name, tuple(entries)


# --- JMnedict rows and the entries table (JSON) ---------------------------------------------


def decode_entry(key: int, data: str, matched: str, reading: str = "") -> Entry:
    """An ``entries`` row (JSON: ``[kanji, readings, senses, priorities(, rank)]``) as an Entry matched
    on the spelling ``matched`` (the headword when empty); senses JMdict restricts to other
    spellings, or to readings other than ``reading``, are left out."""
    parts, _end = json_scan(data, 0)
    kanji, readings, senses, priorities = parts[0], parts[1], parts[2], parts[3]
    is_name = key >= NAME_KEY_OFFSET
    restricted = False
    out = []
    for s in senses:
        size = len(s)
        restricted = restricted or size > 3  # a sense JMdict restricts to some spellings
        out.append(new_sense(tuple(s[0]), tuple(s[1]), tuple(s[2]) if size > 2 else ()))
    decoded = tuple(out)
    if restricted:
        decoded = tuple(
            d for d, s in zip(decoded, senses) if len(s) < 4 or sense_applies(s[3], kanji, matched, reading)
        ) or decoded
    headword = _headword(kanji, readings, decoded[0].misc if decoded else (), matched)
    matched = matched or headword
    return new_entry(
        headword,
        tuple(readings),
        decoded,
        tuple(priorities),
        "jmnedict" if is_name else "jmdict",
        key - NAME_KEY_OFFSET if is_name else key,
        tuple(kanji),
        matched,  # the fields in model.Entry's order (positional: this is the hot path)
        "",
        (),
        parts[4] if len(parts) > 4 else None,  # the wordfreq rank (build.py)
    )
