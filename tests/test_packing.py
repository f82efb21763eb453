"""Tests of the index's packed rows (bireader.dictionary.packing, index formats 7 and 8, issue 13).

A spelling's row must decode to what the format-6 JOIN of ``forms`` and ``entries`` gave: the
same entries in the same order, the same headword and senses for that spelling (and reading),
and the deinflection kinds ``lexical_kinds`` gives the senses that apply.
"""

from __future__ import annotations

import json
import marshal
import sqlite3
from array import array

import pytest
from dictionary_fixtures import make_tiny_source

from bireader import dictionary
from bireader.dictionary import packing
from bireader.dictionary.build import FORMAT_VERSION, build
from bireader.dictionary.deinflect import lexical_kinds
from bireader.dictionary.lookup import DictionaryIndex, IndexDamaged, check_index
from bireader.model import Entry, Sense, held_senses

# (record parts: kanji, readings, senses, priorities, only; the spelling; its reading) → the
# expected (headword, senses' first glosses).
ICHININ = (
    ("一人", "独り"), ("ひとり", "いちにん"),
    ((("one person",), ("noun",), ()), (("alone",), ("noun",), ())), ("ichi1",), (None, ("ひとり",)),
)
SURU = (("為る",), ("する",), ((("to do",), ("suru verb (included)",), ("usually kana",)),), (), ())
UNPACKED = [
    (ICHININ, "一人", "", "一人", ["one person", "alone"]),
    (ICHININ, "ひとり", "", "一人", ["one person", "alone"]),
    (ICHININ, "いちにん", "", "一人", ["one person"]),  # "alone" is restricted to ひとり
    (ICHININ, "一人", "いちにん", "一人", ["one person"]),
    (SURU, "する", "", "する", ["to do"]),  # usually written in kana: the kana stays the headword
    (SURU, "為る", "", "為る", ["to do"]),
]


def _json_blob(parts: tuple, rank) -> str:
    """The format-6 JSON of an entry's record parts (what ``decode_entry`` reads)."""
    kanji, readings, senses, priorities, only = parts
    out_senses = []
    for n, (glosses, pos, misc) in enumerate(senses):
        sense = [list(glosses), list(pos)]
        restricted = only[n] if only else None
        if misc or restricted:
            sense.append(list(misc))
        if restricted:
            sense.append(list(restricted))
        out_senses.append(sense)
    blob = [list(kanji), list(readings), out_senses, list(priorities)]
    return json.dumps(blob + ([rank] if rank is not None else []), ensure_ascii=False)


@pytest.mark.parametrize(("parts", "spelling", "reading", "headword", "glosses"), UNPACKED)
def test_a_packed_row_decodes_as_the_json_entry_did(parts, spelling, reading, headword, glosses):
    record = packing.word_record(*parts, 1234)
    row = packing.pack_row([packing.pack_word(1000110, record, spelling)])
    kinds: list[int] = []
    is_name, (entry,) = packing.unpack_words(row, spelling, reading, kinds)
    assert not is_name
    assert entry.headword == headword and entry.matched == spelling
    assert [s.glosses[0] for s in entry.senses] == glosses
    assert (entry.entry_id, entry.source, entry.frequency_rank) == (1000110, "jmdict", 1234)
    assert entry == packing.decode_entry(1000110, _json_blob(parts, 1234), spelling, reading)
    assert kinds == [lexical_kinds({p for s in entry.senses for p in s.pos}, spelling)]


def test_an_entry_by_key_is_matched_on_its_headword():
    record = packing.word_record(*ICHININ, None)
    entry = packing.unpack_entry(1000110, packing.pack_entry(record))
    assert entry == packing.decode_entry(1000110, _json_blob(ICHININ, None), "")
    assert entry.matched == "一人" and len(entry.senses) == 2 and entry.frequency_rank is None


def test_every_spelling_has_its_row(tiny_dictionary):
    dictionary.lookup("核")  # builds the tiny index
    index = dictionary.default_index()
    conn = sqlite3.connect(f"file:{tiny_dictionary}?mode=ro", uri=True)
    words, names = index.trie("words"), index.trie("names")
    rows = _rows(conn)
    conn.close()
    assert sorted(rows) == sorted(words[form] for form in words.keys())
    for form in words.keys():
        is_name, records = marshal.loads(rows[words[form]])
        assert is_name == (form in names)
        assert all(form in record[3] or form in record[4] for record in records)
    # 月 is a word and a name: one row of words, then the name through name_spellings.
    assert [(e.source, e.headword) for e in index.entries("月")] == [("jmdict", "月"), ("jmnedict", "月")]
    assert [e.short_gloss for e in index.entries("プーチン")] == ["Putin"]  # a name only


def _rows(conn: sqlite3.Connection) -> dict[int, bytes]:
    """Every non-empty row of the ``spellings`` table by its id, unpacked from the blocks."""
    rows = {}
    for block, offsets_bytes, data in conn.execute("SELECT block, offsets, data FROM spellings"):
        offsets = array("I")
        offsets.frombytes(offsets_bytes)
        assert len(offsets) == packing.SPELLING_BLOCK + 1 and offsets[-1] == len(data)
        for slot in range(packing.SPELLING_BLOCK):
            if offsets[slot + 1] > offsets[slot]:
                rows[block * packing.SPELLING_BLOCK + slot] = data[offsets[slot]:offsets[slot + 1]]
    return rows


def test_rows_are_packed_in_blocks_with_the_offsets_of_each():
    size = packing.SPELLING_BLOCK
    ids = [0, 1, 3, size - 1, size, 3 * size + 2]  # gaps, a block's edges, an empty block
    rows = [(row_id, f"row {row_id}".encode()) for row_id in ids]
    blocks = list(packing.pack_blocks(rows))
    assert [block for block, _, _ in blocks] == [0, 1, 2, 3]
    found = {}
    for block, offsets_bytes, data in blocks:
        offsets = array("I")
        offsets.frombytes(offsets_bytes)
        assert len(offsets) == size + 1 and offsets[0] == 0 and offsets[-1] == len(data)
        assert list(offsets) == sorted(offsets)
        for slot in range(size):
            if offsets[slot + 1] > offsets[slot]:
                found[block * size + slot] = data[offsets[slot]:offsets[slot + 1]]
    assert found == dict(rows)
    assert list(packing.pack_blocks([])) == []


def test_index_of_the_previous_format_is_rebuilt(tiny_dictionary, capsys):
    assert dictionary.lookup("核兵器")
    dictionary.reset()
    conn = sqlite3.connect(tiny_dictionary)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'format_version'", (str(FORMAT_VERSION - 1),))
    conn.commit()
    conn.close()
    assert check_index(tiny_dictionary) == f"it has format {FORMAT_VERSION - 1}, this bireader needs {FORMAT_VERSION}"
    assert [e.headword for e in dictionary.lookup("核兵器")] == ["核兵器"]
    assert "rebuilding" in capsys.readouterr().err
    assert check_index(tiny_dictionary) is None


def _tiny_index_then(tmp_path, statement: str):
    """A tiny index built in ``tmp_path``, then changed by one SQL statement; its path."""
    target = tmp_path / "dictionary.sqlite"
    build(target, source=make_tiny_source(tmp_path / "src.db"))
    conn = sqlite3.connect(target)
    conn.execute(statement)
    conn.commit()
    conn.close()
    return target


def test_index_of_another_marshal_format_is_rebuilt(tmp_path):
    target = _tiny_index_then(tmp_path, "UPDATE meta SET value = '-1' WHERE key = 'marshal_version'")
    assert "marshal" in check_index(target, check_source=False)


@pytest.mark.parametrize(
    "damage",
    [
        "DELETE FROM spellings",  # the block is missing
        "UPDATE spellings SET offsets = x'00'",  # its offsets are cut short
        "UPDATE spellings SET data = x''",  # its rows are gone
        "UPDATE spellings SET data = zeroblob(length(data))",  # its rows are garbage
    ],
)
def test_a_damaged_block_of_rows_is_damage(tmp_path, damage):
    target = _tiny_index_then(tmp_path, damage)
    index = DictionaryIndex(target)
    with pytest.raises(IndexDamaged):
        index.entries("核")
    index.close()


def test_rows_are_read_from_blocks_opened_once_per_thread(tiny_dictionary):
    import threading

    dictionary.lookup("核")  # builds the tiny index
    index = DictionaryIndex(tiny_dictionary)
    words = index.trie("words")
    expected = _rows(sqlite3.connect(f"file:{tiny_dictionary}?mode=ro", uri=True))
    assert all(index._row(words[form]) == expected[words[form]] for form in words.keys())
    opened = len(index._local.blocks)
    assert opened == len({words[form] >> packing.SPELLING_BLOCK_BITS for form in words.keys()})
    index._row(words["核"])
    assert len(index._local.blocks) == opened
    seen = []
    thread = threading.Thread(target=lambda: seen.append(index.entries.__wrapped__("核")))
    thread.start()
    thread.join()
    assert seen and seen[0] == index.entries("核")
    index.close()


def _packed_and_made():
    """One entry twice: decoded from a packed row (senses left packed) and made from Senses."""
    record = packing.word_record(*SURU, 1234)
    row = packing.pack_row([packing.pack_word(1000110, record, "する")])
    (packed,) = packing.unpack_words(row, "する")[1]
    made = Entry(
        "する", ("する",), (Sense(("to do",), ("suru verb (included)",), ("usually kana",)),),
        (), "jmdict", 1000110, ("為る",), "する", "", (), 1234,
    )
    return packed, made


def test_a_decoded_entry_keeps_its_senses_packed_until_they_are_read():
    packed, made = _packed_and_made()
    assert type(held_senses(packed)[0]) is tuple  # not decoded by the lookup
    assert packed.senses == made.senses and all(type(s) is Sense for s in packed.senses)
    assert type(held_senses(packed)[0]) is Sense  # decoded once, then kept


def test_an_entry_with_packed_senses_equals_hashes_and_copies_as_one_made_whole():
    import copy
    import dataclasses
    import pickle

    packed, made = _packed_and_made()
    assert packed == made and hash(packed) == hash(made) and repr(packed) == repr(made)
    for copied in (pickle.loads(pickle.dumps(_packed_and_made()[0])), copy.deepcopy(_packed_and_made()[0])):
        assert copied == made
    assert dataclasses.replace(_packed_and_made()[0], note="x").senses == made.senses
    with pytest.raises(dataclasses.FrozenInstanceError):
        packed.senses = ()  # type: ignore[misc]


def test_deinflected_entries_pass_packed_senses_on_without_decoding_them():
    from bireader.dictionary.forms import _with_reasons

    packed, made = _packed_and_made()
    reasoned = _with_reasons(packed, ("past",))
    assert type(held_senses(reasoned)[0]) is tuple and type(held_senses(packed)[0]) is tuple
    assert reasoned.deinflection == ("past",) and reasoned.senses == made.senses


def test_entries_read_as_a_reading_are_those_decoded_for_it(tiny_dictionary):
    dictionary.lookup("核")  # builds the tiny index
    index = DictionaryIndex(tiny_dictionary)
    words = index.trie("words")
    checked = 0
    for form in words.keys():
        readings = {r for e in index.entries(form) for r in e.readings} | {"いちにん", "ひとり", "つき"}
        for reading in sorted(readings):
            # Only spellings with restricted senses are decoded again for a reading; the rest
            # (and the names after the words) are the entries of the spelling.
            assert index.entries_read_as(form, reading) == index._entries(form, reading), (form, reading)
            checked += 1
    assert checked > 20 and "一人" in index._reading_dependent and "核" not in index._reading_dependent
    assert [e.short_gloss for e in index.entries_read_as("一人", "いちにん")] == ["one person"]
    index.close()
