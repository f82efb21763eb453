"""The FSRS review: schedules persisted, the log kept, the word store followed, stats, the review screen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import pytest
from typer.testing import CliRunner

from bireader.cli import app
from bireader.deck import mine
from bireader.review import KNOWN_AFTER, LEARNING, NEW, REVIEW, ReviewSession, open_review
from bireader.words import open_words
from deck_fixtures import NOBERU, SENTENCE_1, SENTENCE_2, SHINKOU, YOKUSHIRYOKU, mine_kwargs, run_async

runner = CliRunner()
T0 = datetime(2025, 6, 15, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def utc():
    """Local time is UTC for the test, so "today" is the same day everywhere."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if old is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old
    time.tzset()


@pytest.fixture
def three_cards():
    ids = []
    for entry, sentence, surface in ((YOKUSHIRYOKU, SENTENCE_1, None), (SHINKOU, "侵攻が続く。", None), (NOBERU, SENTENCE_2, "述べ")):
        card, _ = mine(entry, **mine_kwargs(entry, sentence, surface))
        ids.append(card.id)
    return ids


def _answer_until_known(store, card_id, start=T0):
    """Answer Good each time the card comes due, until its interval passes 21 days; returns the answers."""
    answers, now = [], start
    for _ in range(12):
        answer = store.rate(card_id, 3, now=now)
        answers.append(answer)
        if answer.interval > KNOWN_AFTER:
            return answers, now
        now = answer.due
    raise AssertionError(f"never passed 21 days: {[a.interval for a in answers]}")


def test_a_first_answer_schedules_the_card_and_logs_it(three_cards):
    card_id = three_cards[0]
    with open_review() as store:
        assert store.schedule(card_id) is None and store.new_ids() == three_cards
        answer = store.rate(card_id, 3, now=T0, duration_ms=1200)
        assert answer.state == LEARNING and answer.interval == timedelta(minutes=10)
        schedule = store.schedule(card_id)
        assert schedule.due == T0 + timedelta(minutes=10)
        row = store.conn.execute("SELECT * FROM review_log").fetchone()
        assert (row["card_id"], row["rating"], row["state_before"], row["duration_ms"]) == (card_id, 3, NEW, 1200)
        (log,) = store.review_logs()
        assert (log.card_id, int(log.rating), log.review_datetime) == (card_id, 3, T0)
        assert store.new_ids() == three_cards[1:]


_RATE_IN_ANOTHER_PROCESS = """
import sys
from datetime import datetime
from bireader.review import open_review
with open_review() as store:
    answer = store.rate(int(sys.argv[1]), int(sys.argv[2]), now=datetime.fromisoformat(sys.argv[3]))
    print(answer.due.isoformat())
"""


def test_the_schedule_persists_across_processes(three_cards):
    card_id = three_cards[0]

    def rate_elsewhere(rating, when):
        out = subprocess.run(
            [sys.executable, "-c", _RATE_IN_ANOTHER_PROCESS, str(card_id), str(rating), when.isoformat()],
            capture_output=True, text=True, check=True,
        )
        return datetime.fromisoformat(out.stdout.strip())

    first_due = rate_elsewhere(3, T0)
    with open_review() as store:
        assert store.schedule(card_id).due == first_due.replace(microsecond=0)
    second_due = rate_elsewhere(3, first_due)
    with open_review() as store:
        schedule = store.schedule(card_id)
        assert schedule.state == REVIEW and schedule.due == second_due.replace(microsecond=0)
        assert store.reps_and_lapses(card_id) == (2, 0)
        assert [int(log.rating) for log in store.review_logs()] == [3, 3]
        # Here, the card continues from what the other processes wrote.
        answer = store.rate(card_id, 3, now=second_due)
        assert answer.interval > second_due - first_due


def test_an_interval_past_21_days_makes_the_word_known_and_a_lapse_learning(three_cards):
    card_id = three_cards[0]
    with open_review() as store:
        answers, last = _answer_until_known(store, card_id)
        assert answers[-1].word_status == "known"
        assert all(a.word_status is None for a in answers[:-1])
        with open_words() as words:
            record = words.get(YOKUSHIRYOKU.entry_id, "抑止力")
            assert (record.status, record.set_by) == ("known", "review")
        lapse = store.rate(card_id, 1, now=answers[-1].due)
        assert lapse.word_status == "learning"
        assert store.reps_and_lapses(card_id)[1] == 1
    with open_words() as words:
        assert words.status(YOKUSHIRYOKU.entry_id, "抑止力") == "learning"


@pytest.mark.parametrize("hand_set", ["known", "ignored"])
def test_review_never_overrides_a_status_set_by_hand(three_cards, hand_set):
    card_id = three_cards[0]
    with open_words() as words:
        words.set_status([(YOKUSHIRYOKU.entry_id, "抑止力", "よくしりょく")], hand_set, by="user")
    with open_review() as store:
        answers, _ = _answer_until_known(store, card_id)
        lapse = store.rate(card_id, 1, now=answers[-1].due)
        assert answers[-1].word_status is None and lapse.word_status is None
    with open_words() as words:
        assert words.status(YOKUSHIRYOKU.entry_id, "抑止力") == hand_set


def test_stats_due_new_reviewed_and_retention(three_cards, utc):
    first, second, _third = three_cards
    with open_review() as store:
        store.rate(first, 3, now=T0)  # due in 10 minutes: today
        store.rate(second, 4, now=T0)  # Easy on a new card: days away, within the week?
        second_due = store.schedule(second).due
        # Answers to cards in review over the last 30 days: 3 passes, 1 Again; one older Again left out.
        for days, rating in ((2, 3), (3, 4), (4, 2), (5, 1), (40, 1)):
            store.conn.execute(
                "INSERT INTO review_log (card_id, rating, reviewed, state_before, state_after, due_after)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (first, rating, (T0 - timedelta(days=days)).isoformat(), REVIEW, REVIEW, T0.isoformat()),
            )
        stats = store.stats(now=T0 + timedelta(minutes=1))
    assert stats.cards == 3 and stats.new == 1
    assert stats.due_today == 1
    assert stats.due_this_week == 1 + (second_due < datetime(2025, 6, 22, tzinfo=timezone.utc))
    assert stats.reviewed_today == 2
    assert (stats.reviews_30d, stats.retention_30d) == (4, 0.75)
    assert stats.next_due == T0 + timedelta(minutes=10)


def test_review_stats_cli_changes_after_rating(three_cards):
    before = json.loads(runner.invoke(app, ["review", "--stats", "--json"]).output)
    assert (before["cards"], before["new"], before["reviewed_today"], before["retention_30d"]) == (3, 3, 0, None)
    with open_review() as store:
        store.rate(three_cards[0], 3)
    after = json.loads(runner.invoke(app, ["review", "--stats", "--json"]).output)
    assert (after["new"], after["reviewed_today"], after["due_today"]) == (2, 1, 1)
    plain = runner.invoke(app, ["review", "--stats"])
    assert plain.exit_code == 0 and "reviewed today" in plain.output and "retention (30 days)" in plain.output


def test_nothing_due_says_when_the_next_card_is(three_cards):
    with open_review() as store:
        for card_id in three_cards:
            store.rate(card_id, 3)
    result = runner.invoke(app, ["review"])
    assert result.exit_code == 0
    assert "nothing due; the next card is due in 10m" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_nothing_to_review_at_all(temp_home):
    result = runner.invoke(app, ["review"])
    assert result.exit_code == 0 and "no cards to review" in result.output
    only_new = runner.invoke(app, ["review", "--new", "0"])
    assert only_new.exit_code == 0


def test_review_needs_a_terminal_and_json_needs_stats(three_cards):
    result = runner.invoke(app, ["review"])
    assert result.exit_code == 2 and "needs a terminal" in result.output and "Traceback" not in result.output
    assert runner.invoke(app, ["review", "--json"]).exit_code == 2
    assert runner.invoke(app, ["review", "--deck", "nope"]).exit_code == 1


def test_a_session_shows_due_cards_first_then_new_and_again_comes_back(three_cards):
    first, second, third = three_cards
    clock = [T0]
    with open_review() as store:
        store.rate(third, 4, now=T0 - timedelta(days=30))  # long overdue by T0
        session = ReviewSession(store, new=1, clock=lambda: clock[0])
        assert session.current.id == third and session.counts() == (1, 1)
        session.rate(3)
        assert session.current.id == first
        session.rate(1)  # Again: due in a minute, back in this session
        assert session.current.id == first and session.remaining == 1
        clock[0] = T0 + timedelta(minutes=2)
        session.rate(4)
        assert session.current is None and session.answered == 3
        assert second in store.new_ids()  # --new 1 left it for another day


def test_an_older_user_db_with_only_words_gains_the_deck_and_review_stores(tmp_path):
    from bireader import userdb

    path = tmp_path / "user.db"
    with open_words(path) as words:
        words.set_status([(1358280, "食べる", "たべる")], "known")
    with open_review(path) as store:
        assert store.stats().cards == 0
    conn = userdb.connect(path)
    try:
        assert {row[0] for row in conn.execute("SELECT store FROM store_versions")} == {"words", "deck", "review"}
    finally:
        conn.close()
    with open_words(path) as words:
        assert words.status(1358280, "食べる") == "known"


def test_removing_a_card_drops_its_schedule_but_keeps_its_answers(three_cards):
    with open_review() as store:
        store.rate(three_cards[0], 3, now=T0)
        store.deck.remove([three_cards[0]])
        assert store.schedule(three_cards[0]) is None
        assert len(store.review_logs()) == 1


# --- the review screen (Textual Pilot) ------------------------------------------------------


@run_async
async def test_review_screen_keys_reveal_rate_and_quit(three_cards):
    from textual.widgets import Static

    from bireader.tui.review import ReviewApp

    with open_review() as store:
        session = ReviewSession(store)
        app_ = ReviewApp(session)
        async with app_.run_test(size=(100, 30)) as pilot:
            screen = app_.screen
            front = str(screen.query_one("#front", Static).render())
            assert "核抑止力を視野" in front
            assert not screen.query_one("#answer", Static).display
            assert "space" in str(screen.query_one("#keys", Static).render())
            await pilot.press("3")  # before the answer: nothing is rated
            assert session.answered == 0
            await pilot.press("space")
            assert screen.query_one("#answer", Static).display
            answer = str(screen.query_one("#answer", Static).render())
            assert "よくしりょく" in answer and "deterrence" in answer and "English of:" in answer
            keys = str(screen.query_one("#keys", Static).render())
            assert "1 again 1m" in keys and "3 good 10m" in keys
            await pilot.press("3")
            assert session.answered == 1 and session.current.id == three_cards[1]
            assert not screen.query_one("#answer", Static).display
            assert "侵攻が続く" in str(screen.query_one("#front", Static).render())
            # The answer is in the store already, before the session ends.
            assert store.schedule(three_cards[0]) is not None
            await pilot.press("space", "4", "space", "4")
            # Good on a new card is a 10-minute learning step: it comes back in this session.
            assert session.answered == 3 and session.current.id == three_cards[0]
            await pilot.press("space", "4")
            assert session.answered == 4
            assert "Nothing more to review" in str(screen.query_one("#front", Static).render())
            await pilot.press("q")
        assert not app_.is_running
    with open_review() as store:
        assert store.new_ids() == [] and len(store.review_logs()) == 4


@run_async
async def test_review_screen_shows_the_gloss_labelled_and_markup_literally(temp_home):
    from textual.widgets import Static

    from bireader.tui.review import ReviewApp

    sentence = "[bold]侵攻[/bold]が\x1b[31m続く。"
    mine(SHINKOU, **mine_kwargs(SHINKOU, sentence, english="invasion [red]continue", english_source="gloss"))
    with open_review() as store:
        app_ = ReviewApp(ReviewSession(store))
        async with app_.run_test(size=(100, 30)) as pilot:
            front = str(app_.screen.query_one("#front", Static).render())
            assert front.startswith("[bold]侵攻[/bold]が") and "\x1b" not in front
            await pilot.press("space")
            answer = str(app_.screen.query_one("#answer", Static).render())
            assert "gloss: invasion [red]continue" in answer
