"""Saved alignments: the cover check, the store in user.db, the JSON file, realigning an edited pair."""

from __future__ import annotations

import io
import json

import pytest

from alignment_fixtures import EN_LINES, JA_LINES, alignment_of, docs, one_to_one
from bireader import userdb
from bireader.alignments import (
    CoverError,
    SavedBead,
    check_cover,
    find_saved,
    has_saved,
    open_alignments,
    resolve_beads,
    side_of,
    unit_texts,
)
from bireader.alignments.jsonfile import read_alignment, write_alignment
from bireader.alignments.realign import kept_beads, realign_keeping_confirmed, unit_map
from bireader.alignments.store import MIGRATIONS, STORE
from bireader.errors import InputError, StoreError
from bireader.model import Bead

B = SavedBead

# (beads, ja units, en units, bead at fault, words in the message)
BAD_COVERS = [
    ((B((0,), (0,), 1), B((), (), 1), B((1,), (1,), 1)), 2, 2, 1, "no Japanese and no English"),
    ((B((0,), (0,), 1), B((2,), (1,), 1)), 3, 2, 1, "Japanese unit 1 is skipped"),
    ((B((0, 1), (0,), 1), B((1,), (1,), 1)), 2, 2, 1, "Japanese unit 1 is already in an earlier bead"),
    ((B((0,), (0,), 1), B((1,), (1, 2), 1)), 2, 2, 1, "English unit 2 is past the last one (1)"),
    ((B((0,), (1,), 1), B((1,), (0,), 1)), 2, 2, 0, "English unit 0 is skipped"),
    ((B((0,), (0,), 1),), 2, 1, 1, "the beads end before Japanese unit 1"),
    ((B((0,), (0,), 1), B((1,), (-1,), 1)), 2, 2, 1, "English unit -1 is not a unit number"),
]


@pytest.mark.parametrize(("beads", "n", "m", "at", "words"), BAD_COVERS)
def test_a_bead_list_that_is_not_a_monotone_cover_is_refused_at_the_bead_at_fault(beads, n, m, at, words):
    with pytest.raises(CoverError) as caught:
        check_cover(beads, n, m)
    assert caught.value.bead == at
    assert words in str(caught.value)


@pytest.mark.parametrize(
    "beads",
    [
        (B((0,), (0,), 1), B((1, 2), (1,), 1), B((), (2,), 1), B((3,), (), 1)),
        (B((0, 1, 2, 3), (0, 1, 2), 1),),
        (B((), (0,), 1), B((0,), (), 1), B((1, 2, 3), (1, 2), 1)),
    ],
)
def test_n_to_m_beads_and_empty_sides_are_a_cover(beads):
    check_cover(beads, 4, 3)  # no error


# --- the store -----------------------------------------------------------------------


def test_a_saved_alignment_is_found_again_by_both_hashes_after_a_move(tmp_path):
    db = tmp_path / "user.db"
    ja, en = docs(ja_path=str(tmp_path / "a.ja.txt"), en_path=str(tmp_path / "a.en.txt"))
    beads = (B((0, 1), (0, 1), 0.4, True),) + one_to_one(5)[2:]
    with open_alignments(db) as store:
        store.save(alignment_of(ja, en, beads))
    # The same texts under other names (moved, renamed): found by their content.
    moved_ja, moved_en = docs(ja_path=str(tmp_path / "b" / "x.txt"), en_path=str(tmp_path / "b" / "y.txt"))
    with open_alignments(db) as store:
        found = store.find(side_of(moved_ja, JA_LINES), side_of(moved_en, EN_LINES), "paragraph")
    assert found.ja.text_hash == ja.text_hash and found.ja.path == str(tmp_path / "a.ja.txt")  # by content
    assert found.beads == beads and found.confirmed == 1
    assert found.saved_at  # stamped when saved


def test_an_edited_text_finds_its_old_alignment_by_both_paths(tmp_path):
    db = tmp_path / "user.db"
    paths = dict(ja_path=str(tmp_path / "a.ja.txt"), en_path=str(tmp_path / "a.en.txt"))
    ja, en = docs(**paths)
    with open_alignments(db) as store:
        store.save(alignment_of(ja, en, one_to_one(5)))
    edited = EN_LINES[:2] + ["I love cats."] + EN_LINES[3:]
    ja2, en2 = docs(JA_LINES, edited, **paths)
    with open_alignments(db) as store:
        found = store.find(side_of(ja2, JA_LINES), side_of(en2, edited), "paragraph")
        # Neither another level nor other paths with other texts find it.
        assert store.find(side_of(ja2, JA_LINES), side_of(en2, edited), "sentence") is None
        other_ja, other_en = docs(JA_LINES, edited, ja_path=str(tmp_path / "c.txt"), en_path=str(tmp_path / "d.txt"))
        assert store.find(side_of(other_ja, JA_LINES), side_of(other_en, edited), "paragraph") is None
    assert found.en.text_hash == en.text_hash  # the old text's: found by the paths


def test_has_saved_answers_as_find_would_without_reading_the_beads(tmp_path):
    db = tmp_path / "user.db"
    paths = dict(ja_path=str(tmp_path / "a.ja.txt"), en_path=str(tmp_path / "a.en.txt"))
    ja, en = docs(**paths)
    assert not has_saved(ja, en, "paragraph", path=db)  # no user.db yet
    with open_alignments(db) as store:
        store.save(alignment_of(ja, en, one_to_one(5)))
    edited = EN_LINES[:2] + ["I love cats."] + EN_LINES[3:]
    moved_ja, moved_en = docs(ja_path=str(tmp_path / "b.txt"), en_path=str(tmp_path / "c.txt"))
    cases = [
        (ja, en, "paragraph"),  # the same texts and paths
        (moved_ja, moved_en, "paragraph"),  # the same texts elsewhere: by the hashes
        (*docs(JA_LINES, edited, **paths), "paragraph"),  # an edited English: by the paths
        (ja, en, "sentence"),  # another level
        (*docs(JA_LINES, edited, ja_path=str(tmp_path / "d.txt"), en_path=str(tmp_path / "e.txt")), "paragraph"),
        (*docs(JA_LINES, edited), "paragraph"),  # standard input has no path to go by
    ]
    answers = [has_saved(a, b, level, path=db) for a, b, level in cases]
    assert answers == [find_saved(a, b, level, path=db) is not None for a, b, level in cases]
    assert answers == [True, True, True, False, False, False]


def test_saving_again_replaces_the_pairs_alignment(tmp_path):
    db = tmp_path / "user.db"
    paths = dict(ja_path=str(tmp_path / "a.ja.txt"), en_path=str(tmp_path / "a.en.txt"))
    ja, en = docs(**paths)
    edited = EN_LINES[:4] + ["It rained hard."]
    ja2, en2 = docs(JA_LINES, edited, **paths)
    with open_alignments(db) as store:
        store.save(alignment_of(ja, en, one_to_one(5)))
        store.save(alignment_of(ja, en, one_to_one(5, 0.5)))  # same texts
        assert store.count() == 1
        store.save(alignment_of(ja2, en2, one_to_one(5, 0.7)))  # same paths, edited text
        assert store.count() == 1
        found = store.find(side_of(ja2, JA_LINES), side_of(en2, edited), "paragraph")
    assert found.en.text_hash == en2.text_hash and found.beads[0].score == 0.7


def test_saving_a_bead_list_that_is_not_a_cover_writes_nothing(tmp_path):
    db = tmp_path / "user.db"
    ja, en = docs()
    with open_alignments(db) as store:
        with pytest.raises(InputError, match="not saved: bead 4"):
            store.save(alignment_of(ja, en, one_to_one(4)))
        assert store.count() == 0


def test_the_store_joins_a_user_db_made_by_other_stores_and_keeps_their_rows(tmp_path):
    db = tmp_path / "user.db"
    other = userdb.open_store("other", (("CREATE TABLE things (x)",), ("INSERT INTO things VALUES (1)",)), db)
    other.close()
    with open_alignments(db) as store:
        assert userdb.store_version(store.conn, STORE) == len(MIGRATIONS)
        assert store.conn.execute("SELECT x FROM things").fetchall()[0][0] == 1


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("beads", "{not json"),
        ("beads", json.dumps([[[0], [0], 0.9, 0], [[2], [1], 0.9, 0]])),  # skips Japanese unit 1
        ("beads", json.dumps([["x"], [0]])),
        ("ja_units", "abc"),  # unit hashes cut short
    ],
)
def test_a_damaged_store_row_is_refused_with_one_line_and_not_loaded(tmp_path, column, value):
    db = tmp_path / "user.db"
    ja, en = docs(ja_path="/t/a.ja.txt", en_path="/t/a.en.txt")
    with open_alignments(db) as store:
        store.save(alignment_of(ja, en, one_to_one(5)))
        store.conn.execute(f"UPDATE alignments SET {column} = ?", (value,))
        with pytest.raises(StoreError) as caught:
            store.find(side_of(ja, JA_LINES), side_of(en, EN_LINES), "paragraph")
    message = caught.value.message
    assert "\n" not in message
    assert "a.ja.txt and a.en.txt" in message and "damaged" in message and "--realign" in message


def test_resolve_refuses_a_damaged_row_but_realign_goes_round_it(tmp_path):
    db = tmp_path / "user.db"
    ja, en = docs()
    with open_alignments(db) as store:
        store.save(alignment_of(ja, en, one_to_one(5)))
        store.conn.execute("UPDATE alignments SET beads = '[]'")
    with pytest.raises(StoreError, match="damaged"):
        resolve_beads(ja, en, "paragraph", "off", path=db)
    assert resolve_beads(ja, en, "paragraph", "off", realign=True, path=db).how == "aligned"


def test_a_reading_without_saved_alignments_does_not_create_user_db(tmp_path):
    db = tmp_path / "user.db"
    ja, en = docs()
    resolved = resolve_beads(ja, en, "paragraph", "off", path=db)
    assert resolved.how == "aligned" and resolved.note is None
    assert not db.exists()


def test_an_unreadable_user_db_is_a_store_error(tmp_path):
    db = tmp_path / "user.db"
    db.write_bytes(b"this is not sqlite at all, not even close....")
    ja, en = docs()
    with pytest.raises(StoreError):
        resolve_beads(ja, en, "paragraph", "off", path=db)


# --- the JSON file -------------------------------------------------------------------


def _sides(ja, en):
    return lambda level: (side_of(ja, unit_texts(ja, level)), side_of(en, unit_texts(en, level)))


def test_the_json_file_round_trips_and_has_one_bead_a_line():
    ja, en = docs(ja_path="a.ja.txt", en_path="a.en.txt")
    beads = (B((0, 1), (0,), 0.41, True), B((), (1,), 0.2), B((2,), (2,), 0.97)) + one_to_one(5)[3:]
    out = io.StringIO()
    write_alignment(alignment_of(ja, en, beads), out, ja_name="a.ja.txt", en_name="a.en.txt")
    text = out.getvalue()
    data = json.loads(text)
    assert data["format"] == "bireader-alignment" and data["level"] == "paragraph"
    assert data["ja_hash"] == ja.text_hash and data["en_hash"] == en.text_hash
    assert data["beads"][0] == {"ja_index": [0, 1], "en_index": [0], "score": 0.41, "confirmed": True}
    bead_lines = [line for line in text.splitlines() if '"ja_index"' in line]
    assert len(bead_lines) == len(beads)
    loaded = read_alignment(text, "a.json", _sides(ja, en))
    assert loaded.beads == beads and loaded.level == "paragraph"


def _file_with(beads_json: list[str], ja, en, **head) -> str:
    fields = {
        "format": "bireader-alignment", "version": 1, "level": "paragraph",
        "ja_hash": ja.text_hash, "en_hash": en.text_hash, **head,
    }
    lines = ["{"] + [f"  {json.dumps(k)}: {json.dumps(v)}," for k, v in fields.items()] + ['  "beads": [']
    lines += [f"    {b}," for b in beads_json[:-1]] + [f"    {beads_json[-1]}", "  ]", "}"]
    return "\n".join(lines) + "\n"


def _bead(ja, en, confirmed=False):
    return json.dumps({"ja_index": ja, "en_index": en, "score": 0.9, "confirmed": confirmed})


def test_a_bead_list_that_is_not_a_cover_is_refused_with_the_line_it_fails_at():
    ja, en = docs()
    beads = [_bead([0], [0]), _bead([1], [1]), _bead([3], [2]), _bead([4], [3]), _bead([], [4])]
    text = _file_with(beads, ja, en)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if '"ja_index": [3]' in row)
    with pytest.raises(InputError) as caught:
        read_alignment(text, "edited.json", _sides(ja, en))
    assert caught.value.message.startswith(f"edited.json line {line}: bead 2: Japanese unit 2 is skipped")
    assert "not loaded" in caught.value.message


def test_a_bead_list_that_ends_early_names_the_closing_line():
    ja, en = docs()
    text = _file_with([_bead([0, 1, 2, 3], [0, 1, 2, 3, 4])], ja, en)
    closing = text.splitlines().index("  ]") + 1
    with pytest.raises(InputError, match=f"line {closing}: bead 1: the beads end before Japanese unit 4"):
        read_alignment(text, "f.json", _sides(ja, en))


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda t: t.replace('"version": 1', '"version": 7'), "version 7"),
        (lambda t: t.replace("bireader-alignment", "other"), "not a bireader alignment file"),
        (lambda t: t.replace('"level": "paragraph"', '"level": "word"'), '"level" must be one of'),
        (lambda t: t.replace('"score": 0.9', '"score": "high"', 1), 'line 8: "score" must be a number'),
        (lambda t: t.replace('"ja_index": [0]', '"ja_index": "0"', 1), 'line 8: "ja_index" must be a list'),
        (lambda t: t.replace('"confirmed": false', '"confirmed": 1', 1), 'line 8: "confirmed" must be true or false'),
        (lambda t: t.replace("},\n", "}\n", 1), "line 9: not valid JSON"),
    ],
)
def test_a_malformed_file_is_refused_with_one_line(change, words):
    ja, en = docs()
    text = change(_file_with([_bead([i], [i]) for i in range(5)], ja, en))
    with pytest.raises(InputError) as caught:
        read_alignment(text, "f.json", _sides(ja, en))
    assert words in caught.value.message and "\n" not in caught.value.message


def test_a_file_saved_for_another_text_is_refused_by_its_hash():
    ja, en = docs()
    edited_ja, edited_en = docs(JA_LINES, EN_LINES[:4] + ["It rained hard."])
    text = _file_with([_bead([i], [i]) for i in range(5)], ja, en)
    with pytest.raises(InputError, match="saved for another English text"):
        read_alignment(text, "f.json", _sides(edited_ja, edited_en))


def test_a_file_that_counts_other_units_is_refused():
    ja, en = docs()
    text = _file_with([_bead([i], [i]) for i in range(5)], ja, en, ja_units=6)
    with pytest.raises(InputError, match="counts 6 Japanese paragraph units"):
        read_alignment(text, "f.json", _sides(ja, en))


# --- realigning an edited pair -------------------------------------------------------


def test_unit_map_follows_inserted_and_deleted_units():
    old = ["a", "b", "c", "d", "e"]
    new = ["a", "x", "b", "d", "e", "f"]
    assert unit_map(old, new) == {0: 0, 1: 2, 3: 3, 4: 4}


def test_confirmed_beads_whose_units_are_still_there_are_kept_renumbered():
    old_ja = ["j0", "j1", "j2", "j3", "j4"]
    old_en = ["e0", "e1", "e2", "e3", "e4"]
    beads = (
        B((0, 1), (0,), 0.5, True),  # kept: both Japanese units and the English unit unchanged
        B((2,), (1,), 0.9, True),  # dropped: its English unit was edited
        B((), (2,), 0.2, True),  # kept: an English unit with no partner, after e1's new place
        B((3,), (3,), 0.9, False),  # not confirmed: realigned
        B((4,), (4,), 0.9, True),  # kept, renumbered after an inserted English unit
    )
    new_en = ["e0", "E1", "e2", "new", "e3", "e4"]
    kept = kept_beads(beads, old_ja, old_en, old_ja, new_en)
    assert [(b.ja, b.en, at_ja, at_en) for b, at_ja, at_en in kept] == [
        ((0, 1), (0,), 0, 0),
        ((), (2,), 3, 2),
        ((4,), (5,), 4, 5),
    ]


def test_realigning_keeps_confirmed_beads_and_aligns_only_the_gaps():
    old_ja = ["j0", "j1", "j2", "j3"]
    old_en = ["e0", "e1", "e2", "e3"]
    beads = (B((0, 1), (0,), 0.5, True), B((2,), (1,), 0.9), B((3,), (2, 3), 0.6, True))
    new_en = ["e0", "inserted", "e1", "e2", "e3"]
    gaps = []

    def fake_align(ja, en):
        gaps.append((list(ja), list(en)))
        return [Bead((0,), tuple(range(len(en))), 0.8)]

    result = realign_keeping_confirmed(beads, old_ja, old_en, old_ja, new_en, old_ja, new_en, fake_align)
    assert gaps == [(["j2"], ["inserted", "e1"])]
    assert result.beads == (B((0, 1), (0,), 0.5, True), B((2,), (1, 2), 0.8), B((3,), (3, 4), 0.6, True))
    assert (result.kept, result.confirmed) == (2, 2)
    check_cover(result.beads, 4, 5)


def test_a_gap_with_one_side_empty_needs_no_aligner():
    beads = (B((0,), (0,), 0.9, True), B((1,), (1,), 0.9, True))
    new_ja = ["j0", "extra", "more", "j1"]

    def no_align(ja, en):  # pragma: no cover - must not run
        raise AssertionError("aligner called on a one-sided gap")

    result = realign_keeping_confirmed(beads, ["j0", "j1"], ["e0", "e1"], new_ja, ["e0", "e1"], new_ja, ["e0", "e1"], no_align)
    assert result.beads == (B((0,), (0,), 0.9, True), B((1,), (), 0.0), B((2,), (), 0.0), B((3,), (1,), 0.9, True))


def test_resolve_uses_the_saved_alignment_then_realigns_an_edited_english_keeping_confirmed(tmp_path):
    db = tmp_path / "user.db"
    paths = dict(ja_path=str(tmp_path / "s.ja.txt"), en_path=str(tmp_path / "s.en.txt"))
    ja, en = docs(**paths)
    beads = (B((0, 1), (0, 1), 0.3, True),) + one_to_one(5)[2:4] + (B((4,), (4,), 0.6, True),)
    with open_alignments(db) as store:
        store.save(alignment_of(ja, en, beads))

    same = resolve_beads(ja, en, "paragraph", "off", path=db)
    assert same.how == "saved" and same.beads == beads
    assert same.note.startswith("used the saved paragraph alignment (4 beads, 2 confirmed")

    edited = EN_LINES[:2] + ["I really like cats."] + EN_LINES[3:]
    ja2, en2 = docs(JA_LINES, edited, **paths)
    again = resolve_beads(ja2, en2, "paragraph", "off", path=db)
    assert again.how == "realigned" and again.kept == 2
    assert again.beads[0] == B((0, 1), (0, 1), 0.3, True) and again.beads[-1] == B((4,), (4,), 0.6, True)
    assert "the English text changed" in again.note and "keeping 2 of 2 confirmed beads" in again.note
    check_cover(again.beads, 5, 5)

    ignored = resolve_beads(ja, en, "paragraph", "off", realign=True, path=db)
    assert ignored.how == "aligned" and ignored.note is None


def test_a_database_error_while_finding_is_a_store_error(tmp_path):
    db = tmp_path / "user.db"
    ja, en = docs()
    with open_alignments(db) as store:
        store.conn.execute("DROP TABLE alignments")
        with pytest.raises(StoreError):
            store.find(side_of(ja, JA_LINES), side_of(en, EN_LINES), "paragraph")
