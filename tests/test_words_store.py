"""The word store's core: statuses, who set them, and what automatic changes may not touch."""

from __future__ import annotations

import pytest

from bireader.errors import InputError
from bireader.words import open_words

TABERU = (1358280, "食べる", "たべる")


@pytest.fixture
def words(tmp_path):
    with open_words(tmp_path / "user.db") as store:
        yield store


def test_unmarked_words_are_new(words):
    assert words.status(1358280, "食べる") == "new"
    assert words.get(1358280, "食べる") is None
    assert words.counts() == {"new": 0, "learning": 0, "known": 0, "ignored": 0}


def test_marking_records_status_setter_dates_and_document(words):
    assert words.set_status([TABERU], "learning", document="story.ja.txt") == [TABERU[:2]]
    record = words.get(*TABERU[:2])
    assert (record.status, record.set_by, record.reading, record.document) == ("learning", "user", "たべる", "story.ja.txt")
    assert record.first_seen == record.changed
    words.set_status([TABERU], "known", when="2030-01-01T00:00:00+00:00")
    record = words.get(*TABERU[:2])
    assert record.status == "known" and record.changed == "2030-01-01T00:00:00+00:00"
    assert record.first_seen != record.changed and record.document == "story.ja.txt"
    assert words.statuses() == {TABERU[:2]: "known"}


def test_forget_sets_new_and_keeps_the_first_seen_date(words):
    words.set_status([TABERU], "known", when="2029-01-01T00:00:00+00:00")
    words.set_status([TABERU], "new")
    record = words.get(*TABERU[:2])
    assert record.status == "new" and record.first_seen == "2029-01-01T00:00:00+00:00"
    assert words.statuses() == {}


def test_automatic_changes_leave_hand_set_known_and_ignored_alone(words):
    hand_known = (1, "既知", "")
    hand_ignored = (2, "人名", "")
    mined = (3, "語彙", "")
    words.set_status([hand_known], "known")
    words.set_status([hand_ignored], "ignored")
    words.set_status([mined], "learning", by="mining")
    changed = words.set_status([hand_known, hand_ignored, mined], "learning", by="review", auto=True)
    assert changed == []  # the mined word is learning already; the others were set by hand
    changed = words.set_status([hand_known, hand_ignored, mined], "known", by="review", auto=True)
    assert changed == [(3, "語彙")]
    assert words.status(1, "既知") == "known" and words.get(1, "既知").set_by == "user"
    assert words.status(2, "人名") == "ignored"
    # A lapse makes the reviewed word learning again.
    assert words.set_status([mined], "learning", by="review", auto=True) == [(3, "語彙")]


def test_generation_changes_with_every_write(words):
    before = words.generation()
    words.set_status([TABERU], "known")
    assert words.generation() != before


def test_unknown_status_lists_the_choices(words):
    with pytest.raises(InputError, match="new, learning, known, ignored"):
        words.set_status([TABERU], "mastered")
