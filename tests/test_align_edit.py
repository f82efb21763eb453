"""The editor's operations as pure functions on a bead list, and its undo history."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bireader.alignments import SavedBead as B
from bireader.alignments import check_cover
from bireader.alignments import edit

BEADS = (B((0,), (0,), 0.95), B((1, 2), (1,), 0.4), B((3,), (2, 3), 0.7), B((), (4,), 0.2))


def test_merge_joins_a_bead_with_the_next_and_confirms_it():
    merged = edit.merge(BEADS, 1)
    assert merged == (BEADS[0], B((1, 2, 3), (1, 2, 3), 0.4, True), BEADS[3])
    assert BEADS[1].confirmed is False  # the input is not changed


def test_the_last_bead_cannot_merge():
    with pytest.raises(edit.EditError, match="no next bead"):
        edit.merge(BEADS, 3)


@pytest.mark.parametrize(
    ("ja_at", "en_at", "first", "second"),
    [
        (1, 1, ((1,), (1,)), ((2,), ())),
        (2, 0, ((1, 2), ()), ((), (1,))),
        (0, 1, ((), (1,)), ((1, 2), ())),
    ],
)
def test_split_cuts_a_bead_at_the_chosen_point_on_each_side(ja_at, en_at, first, second):
    out = edit.split(BEADS, 1, ja_at, en_at)
    assert out[1] == B(*first, 0.4, True) and out[2] == B(*second, 0.4, True)
    assert len(out) == len(BEADS) + 1


@pytest.mark.parametrize(("ja_at", "en_at"), [(0, 0), (2, 1), (3, 0), (1, 2)])
def test_a_split_that_leaves_an_empty_part_or_leaves_the_bead_is_refused(ja_at, en_at):
    with pytest.raises(edit.EditError):
        edit.split(BEADS, 1, ja_at, en_at)


def test_moving_a_unit_gives_it_to_the_neighbour():
    out, cursor = edit.move_unit(BEADS, 1, "ja", -1)  # its first Japanese unit to bead 0
    assert out[:2] == (B((0, 1), (0,), 0.95, True), B((2,), (1,), 0.4, True)) and cursor == 1
    out, cursor = edit.move_unit(BEADS, 2, "en", 1)  # its last English unit to bead 3
    assert out[2:] == (B((3,), (2,), 0.7, True), B((), (3, 4), 0.2, True)) and cursor == 2


def test_a_bead_that_gives_its_last_unit_away_disappears():
    out, cursor = edit.move_unit(BEADS, 3, "en", -1)
    assert out == BEADS[:2] + (B((3,), (2, 3, 4), 0.7, True),) and cursor == 2


@pytest.mark.parametrize(
    ("index", "side", "direction", "words"),
    [(0, "ja", -1, "no bead before"), (3, "en", 1, "no bead after"), (3, "ja", -1, "no Japanese unit")],
)
def test_a_move_with_nowhere_to_go_is_refused(index, side, direction, words):
    with pytest.raises(edit.EditError, match=words):
        edit.move_unit(BEADS, index, side, direction)


def test_confirm_toggles():
    once = edit.toggle_confirmed(BEADS, 1)
    assert once[1].confirmed and not edit.toggle_confirmed(once, 1)[1].confirmed


def test_next_doubtful_skips_confirmed_beads_and_wraps_round():
    beads = (B((0,), (0,), 0.5), B((1,), (1,), 0.99), B((2,), (2,), 0.3, True), B((3,), (3,), 0.8))
    assert edit.next_doubtful(beads, 0, 0.9) == 3
    assert edit.next_doubtful(beads, 3, 0.9) == 0  # wrapped
    assert edit.next_doubtful(beads, 3, 0.9, step=-1) == 0
    assert edit.next_doubtful(beads, 0, 0.4) is None  # only the confirmed bead is below 0.4
    assert edit.next_doubtful(beads, 1, 0.6) == 0  # wrapped to the only one
    assert edit.next_doubtful(beads, 0, 0.6) == 0  # the only one is where we are


@pytest.mark.parametrize(
    ("ja", "en", "expected"),
    [
        ([10], [20], (1, 0)),  # 1:1 → 1:0 and 0:1
        ([30, 10], [20], (1, 1)),  # the longer Japanese unit keeps the English
        ([10, 30], [20], (1, 0)),
        ([10, 30], [20, 60], (1, 1)),  # English boundary at the same share of the text
        ([30, 10], [20, 20, 20], (1, 2)),
        ([], [10, 10, 10], (0, 2)),
        ([10, 10], [], (1, 0)),
    ],
)
def test_suggest_split(ja, en, expected):
    assert edit.suggest_split(ja, en) == expected


def test_history_undo_and_dirty():
    history = edit.History(beads=BEADS)
    assert not history.dirty and not history.can_undo
    history.push(edit.merge(BEADS, 0), 0)
    assert history.dirty
    history.mark_saved()
    assert not history.dirty
    history.push(edit.toggle_confirmed(history.beads, 1), 1)
    assert history.dirty
    assert history.undo() and not history.dirty  # back at the saved state
    assert history.undo() and history.beads == BEADS and history.dirty  # before the save
    assert not history.undo()


# Random edits never break the cover: whatever the user does, read gets every unit once, in order.
_ops = st.lists(
    st.tuples(st.sampled_from(["merge", "split", "move", "confirm"]), st.integers(0, 50), st.integers(0, 4),
              st.integers(0, 4), st.sampled_from(["ja", "en"]), st.sampled_from([-1, 1])),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(_ops)
def test_any_sequence_of_edits_keeps_a_monotone_cover(ops):
    beads = BEADS + (B((4, 5), (5,), 0.5), B((6,), (6, 7), 0.5))
    for op, index, a, b, side, direction in ops:
        index %= len(beads)
        try:
            if op == "merge":
                beads = edit.merge(beads, index)
            elif op == "split":
                beads = edit.split(beads, index, a, b)
            elif op == "move":
                beads, _ = edit.move_unit(beads, index, side, direction)
            else:
                beads = edit.toggle_confirmed(beads, index)
        except edit.EditError:
            pass
        check_cover(beads, 7, 8)
