"""The review schedule of mined cards: FSRS (the ``fsrs`` package, default parameters) and the review log.

Each answer is written at once, in one transaction (the card's new schedule and a row of
the review log), so quitting in the middle of a session loses nothing, and the log keeps
every answer so that FSRS parameters can be fitted to it later (``review_logs``).

The word store follows the schedule: a card whose interval passes 21 days marks its word
``known``; forgetting it (Again on a card in review, a lapse) marks it ``learning`` again.
Both changes are automatic (``auto=True``): a status the user set by hand to known or
ignored stays as it is.
"""

from __future__ import annotations

import functools
from collections import deque
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from bireader.db import transaction
from bireader.deck.store import KNOWN_INTERVAL_DAYS
from bireader.errors import InputError

if TYPE_CHECKING:
    import fsrs

    from bireader.deck import Card, DeckStore

STORE = "review"
NEW = 0  # state_before of a card's first answer; fsrs numbers Learning 1, Review 2, Relearning 3
LEARNING, REVIEW, RELEARNING = 1, 2, 3
RATINGS = {1: "again", 2: "hard", 3: "good", 4: "easy"}
# A card scheduled further out than this is one the learner knows (Anki calls such cards mature).
KNOWN_AFTER = timedelta(days=KNOWN_INTERVAL_DAYS)
# A card that comes due within this long is shown again in the same session (Anki's learn-ahead limit).
LEARN_AHEAD = timedelta(minutes=20)
DEFAULT_LIMIT = 100
DEFAULT_NEW = 20
RETENTION_DAYS = 30

MIGRATIONS = (
    (
        # One row a card that has been answered at least once; a card without one is new.
        # Removing the card (deck remove) removes its schedule; its log rows stay.
        "CREATE TABLE review_state ("
        " card_id INTEGER PRIMARY KEY REFERENCES deck_cards (id) ON DELETE CASCADE,"
        " state INTEGER NOT NULL,"
        " step INTEGER,"
        " stability REAL,"
        " difficulty REAL,"
        " due TEXT NOT NULL,"  # ISO 8601 UTC to the second: text order is time order
        " last_review TEXT,"
        " reps INTEGER NOT NULL DEFAULT 0,"
        " lapses INTEGER NOT NULL DEFAULT 0)",
        "CREATE INDEX review_state_due ON review_state (due)",
        "CREATE TABLE review_log ("
        " id INTEGER PRIMARY KEY,"
        " card_id INTEGER NOT NULL,"
        " rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),"
        " reviewed TEXT NOT NULL,"
        " duration_ms INTEGER,"
        " state_before INTEGER NOT NULL,"
        " state_after INTEGER NOT NULL,"
        " due_after TEXT NOT NULL,"
        " stability REAL,"
        " difficulty REAL)",
        "CREATE INDEX review_log_reviewed ON review_log (reviewed)",
        "CREATE INDEX review_log_card ON review_log (card_id, reviewed)",
    ),
)


@dataclass(frozen=True, slots=True)
class Answer:
    """What one rating did: the card's new due time and interval, and the word's status if it changed."""

    card_id: int
    rating: int
    due: datetime
    interval: timedelta
    state: int
    word_status: str | None = None  # "known" or "learning" when the word store changed


@dataclass(frozen=True, slots=True)
class Stats:
    """``review --stats``: counts of one deck (or all) at a moment."""

    cards: int
    due_today: int  # answered before and due by the end of today (local time), overdue included
    due_this_week: int  # due by the end of the 7th day from today, today's included
    new: int  # never answered
    reviewed_today: int  # answers given since local midnight
    reviews_30d: int  # answers to cards in review over the last 30 days
    retention_30d: float | None  # share of those that were not Again; None when there were none
    next_due: datetime | None  # the earliest due time of an answered card

    def to_dict(self) -> dict:
        return {
            "cards": self.cards,
            "due_today": self.due_today,
            "due_this_week": self.due_this_week,
            "new": self.new,
            "reviewed_today": self.reviewed_today,
            "reviews_30d": self.reviews_30d,
            "retention_30d": None if self.retention_30d is None else round(self.retention_30d, 4),
            "next_due": self.next_due.isoformat() if self.next_due else None,
        }


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def stamp(moment: datetime) -> str:
    """A moment as stored: ISO 8601 in UTC, to the second."""
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def parse_stamp(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(timezone.utc)


def check_rating(rating: int) -> int:
    """``rating`` if it is 1–4 (Again, Hard, Good, Easy).

    Raises:
        InputError: any other value.
    """
    if rating not in RATINGS:
        raise InputError(f"a rating is 1 (again), 2 (hard), 3 (good) or 4 (easy), not {rating!r}")
    return int(rating)


@functools.cache
def scheduler() -> "fsrs.Scheduler":
    """The FSRS scheduler with the package's default parameters (the ones Anki starts from)."""
    import fsrs

    return fsrs.Scheduler()


def open_review(path: Path | str | None = None) -> "ReviewStore":
    """The review store in ``user.db`` (with the deck store it schedules), created or migrated as needed.

    Raises:
        StoreError: the database is unusable.
    """
    from bireader.deck import open_deck
    from bireader.userdb import migrate_store

    deck = open_deck(path)
    try:
        migrate_store(deck.conn, STORE, MIGRATIONS)
    except BaseException:
        deck.close()
        raise
    return ReviewStore(deck)


class ReviewStore:
    """Schedules and answers of the cards of a ``DeckStore`` (same connection); closes it on exit."""

    def __init__(self, deck: "DeckStore") -> None:
        self.deck = deck
        self.conn = deck.conn

    def __enter__(self) -> "ReviewStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.deck.close()

    # --- reading -------------------------------------------------------------------------

    def schedule(self, card_id: int) -> "fsrs.Card | None":
        """The card's FSRS state, or None for a card never answered."""
        row = self.conn.execute("SELECT * FROM review_state WHERE card_id = ?", (int(card_id),)).fetchone()
        return _fsrs_card(row) if row else None

    def reps_and_lapses(self, card_id: int) -> tuple[int, int]:
        row = self.conn.execute("SELECT reps, lapses FROM review_state WHERE card_id = ?", (int(card_id),)).fetchone()
        return (row[0], row[1]) if row else (0, 0)

    def _deck_clause(self, deck: str | None, column: str) -> tuple[str, tuple]:
        if deck is None:
            return "", ()
        deck_id = self.deck._deck_id(deck)
        return f" AND {column} IN (SELECT id FROM deck_cards WHERE deck_id = ?)", (deck_id,)

    def due_ids(self, deck: str | None = None, *, now: datetime | None = None, limit: int | None = None) -> list[int]:
        """Answered cards due by ``now``, most overdue first."""
        clause, params = self._deck_clause(deck, "card_id")
        sql = "SELECT card_id FROM review_state WHERE due <= ?" + clause + " ORDER BY due, card_id"
        if limit is not None:
            sql += f" LIMIT {max(int(limit), 0)}"
        return [row[0] for row in self.conn.execute(sql, (stamp(now or utc_now()), *params))]

    def new_ids(self, deck: str | None = None, *, limit: int | None = None) -> list[int]:
        """Cards never answered, in the order they were mined."""
        clause, params = self._deck_clause(deck, "c.id")
        sql = (
            "SELECT c.id FROM deck_cards c LEFT JOIN review_state s ON s.card_id = c.id"
            " WHERE s.card_id IS NULL" + clause + " ORDER BY c.id"
        )
        if limit is not None:
            sql += f" LIMIT {max(int(limit), 0)}"
        return [row[0] for row in self.conn.execute(sql, params)]

    def next_due(self, deck: str | None = None) -> datetime | None:
        """When the next answered card comes due (None: no card was answered yet)."""
        clause, params = self._deck_clause(deck, "card_id")
        row = self.conn.execute("SELECT min(due) FROM review_state WHERE 1" + clause, params).fetchone()
        return parse_stamp(row[0]) if row and row[0] else None

    def stats(self, deck: str | None = None, *, now: datetime | None = None) -> Stats:
        """Due today, due this week, new, reviewed today, retention over the last 30 days.

        "Today" and "this week" are local calendar days (the learner's day, not UTC's).

        Raises:
            NothingFound: ``deck`` names no deck.
        """
        now = now or utc_now()
        today = now.astimezone().date()
        start_today = _local_midnight(today)
        end_today = _local_midnight(today + timedelta(days=1))
        end_week = _local_midnight(today + timedelta(days=7))
        state_clause, params = self._deck_clause(deck, "card_id")
        due_today, due_week, next_due = self.conn.execute(
            "SELECT coalesce(sum(due < ?), 0), coalesce(sum(due < ?), 0), min(due) FROM review_state WHERE 1" + state_clause,
            (stamp(end_today), stamp(end_week), *params),
        ).fetchone()
        if deck is None:
            cards = self.deck.count()
            answered = self.conn.execute("SELECT count(*) FROM review_state").fetchone()[0]
        else:
            cards = self.deck.count(deck)
            answered = self.conn.execute("SELECT count(*) FROM review_state WHERE 1" + state_clause, params).fetchone()[0]
        reviewed_today = self.conn.execute(
            "SELECT count(*) FROM review_log WHERE reviewed >= ?" + state_clause, (stamp(start_today), *params)
        ).fetchone()[0]
        total, passed = self.conn.execute(
            "SELECT count(*), coalesce(sum(rating > 1), 0) FROM review_log WHERE reviewed >= ? AND state_before = ?"
            + state_clause,
            (stamp(now - timedelta(days=RETENTION_DAYS)), REVIEW, *params),
        ).fetchone()
        return Stats(
            cards=cards,
            due_today=due_today,
            due_this_week=due_week,
            new=cards - answered,
            reviewed_today=reviewed_today,
            reviews_30d=total,
            retention_30d=(passed / total) if total else None,
            next_due=parse_stamp(next_due) if next_due else None,
        )

    def review_logs(self) -> list["fsrs.ReviewLog"]:
        """Every answer as an ``fsrs.ReviewLog``, oldest first (what ``fsrs.Optimizer`` fits parameters to)."""
        import fsrs

        return [
            fsrs.ReviewLog(
                card_id=row["card_id"],
                rating=fsrs.Rating(row["rating"]),
                review_datetime=parse_stamp(row["reviewed"]),
                review_duration=row["duration_ms"],
            )
            for row in self.conn.execute("SELECT * FROM review_log ORDER BY reviewed, id")
        ]

    # --- answering -----------------------------------------------------------------------

    def preview(self, card_id: int, *, now: datetime | None = None) -> dict[int, timedelta]:
        """The interval each rating would give the card now (what the review screen shows by 1–4)."""
        import fsrs

        now = (now or utc_now()).astimezone(timezone.utc)  # fsrs insists on UTC
        card = self.schedule(card_id) or fsrs.Card(card_id=int(card_id), due=now)
        out = {}
        for rating in RATINGS:
            # review_card works on a copy: the stored card is untouched.
            after, _log = scheduler().review_card(card, fsrs.Rating(rating), review_datetime=now)
            out[rating] = after.due - now
        return out

    def rate(
        self, card_id: int, rating: int, *, now: datetime | None = None, duration_ms: int | None = None
    ) -> Answer:
        """Answer a card: schedule it with FSRS, log the answer, follow it in the word store.

        Args:
            card_id: a deck card's id.
            rating: 1 Again, 2 Hard, 3 Good, 4 Easy.
            now: the time of the answer (default: now), timezone-aware.
            duration_ms: how long the answer took, kept in the log.

        Returns:
            The card's new due time and interval, and the word status it set, if any.

        Raises:
            InputError: a bad rating; NothingFound: no such card.
        """
        import fsrs

        from bireader.errors import NothingFound

        rating = check_rating(rating)
        now = (now or utc_now()).astimezone(timezone.utc)
        word = self.conn.execute(
            "SELECT entry_id, headword, reading, d.name FROM deck_cards c JOIN deck_decks d ON d.id = c.deck_id"
            " WHERE c.id = ?",
            (int(card_id),),
        ).fetchone()
        if word is None:
            raise NothingFound(f"no card with id {card_id}")
        with transaction(self.conn):
            row = self.conn.execute("SELECT * FROM review_state WHERE card_id = ?", (int(card_id),)).fetchone()
            before = _fsrs_card(row) if row else fsrs.Card(card_id=int(card_id), due=now)
            state_before = int(before.state) if row else NEW
            reps, lapses = (row["reps"], row["lapses"]) if row else (0, 0)
            after, _log = scheduler().review_card(before, fsrs.Rating(rating), review_datetime=now)
            is_lapse = state_before == REVIEW and rating == 1
            self.conn.execute(
                "INSERT INTO review_state (card_id, state, step, stability, difficulty, due, last_review, reps, lapses)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (card_id) DO UPDATE SET state = excluded.state,"
                " step = excluded.step, stability = excluded.stability, difficulty = excluded.difficulty,"
                " due = excluded.due, last_review = excluded.last_review, reps = excluded.reps, lapses = excluded.lapses",
                (int(card_id), int(after.state), after.step, after.stability, after.difficulty, stamp(after.due),
                 stamp(after.last_review or now), reps + 1, lapses + int(is_lapse)),
            )
            self.conn.execute(
                "INSERT INTO review_log (card_id, rating, reviewed, duration_ms, state_before, state_after, due_after,"
                " stability, difficulty) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (int(card_id), rating, stamp(now), duration_ms, state_before, int(after.state), stamp(after.due),
                 after.stability, after.difficulty),
            )
        interval = after.due - now
        status = None
        if int(after.state) == REVIEW and interval > KNOWN_AFTER:
            status = "known"
        elif is_lapse:
            status = "learning"
        changed = False
        if status is not None:
            changed = bool(
                self.deck.words().set_status(
                    [(word["entry_id"], word["headword"], word["reading"])], status, by="review", auto=True
                )
            )
        return Answer(int(card_id), rating, after.due, interval, int(after.state), status if changed else None)


def _local_midnight(day: date) -> datetime:
    """The start of a local calendar day, as an aware datetime (DST-correct: local time is resolved per day)."""
    return datetime.combine(day, time(0)).astimezone()


def _fsrs_card(row) -> "fsrs.Card":
    import fsrs

    return fsrs.Card(
        card_id=row["card_id"],
        state=fsrs.State(row["state"]),
        step=row["step"],
        stability=row["stability"],
        difficulty=row["difficulty"],
        due=parse_stamp(row["due"]),
        last_review=parse_stamp(row["last_review"]) if row["last_review"] else None,
    )


# --- a session -----------------------------------------------------------------------


class ReviewSession:
    """The cards of one sitting: due cards first (most overdue first), then new ones, one at a time.

    A card answered so that it comes due again within ``LEARN_AHEAD`` (a new card's
    learning steps, a forgotten card) goes back to the end of the queue, as in Anki.

    Args:
        store: the review store.
        deck: only this deck's cards (None: every deck).
        limit: at most this many due cards.
        new: at most this many new cards.
        clock: returns the current time (tests pass a fixed one).
    """

    def __init__(
        self,
        store: ReviewStore,
        *,
        deck: str | None = None,
        limit: int = DEFAULT_LIMIT,
        new: int = DEFAULT_NEW,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        if limit < 0 or new < 0:
            raise InputError("--limit and --new count cards: give 0 or more")
        self.store = store
        self.deck = store.deck.check_deck(deck) if deck is not None else None
        self.clock = clock
        now = clock()
        due = store.due_ids(self.deck, now=now, limit=limit)
        fresh = store.new_ids(self.deck, limit=new)
        self.queue: deque[int] = deque(due + fresh)  # disjoint: a new card has no schedule
        self.is_new = set(fresh)
        self.answered = 0
        self._current: "Card | None" = None
        self._load()

    @property
    def current(self) -> "Card | None":
        """The card to show now, or None when the session is over."""
        return self._current

    @property
    def remaining(self) -> int:
        """Cards left, the current one included."""
        return len(self.queue)

    def counts(self) -> tuple[int, int]:
        """``(new, review)``: how many new and how many answered-before cards are left."""
        new = sum(1 for i in self.queue if i in self.is_new)
        return new, len(self.queue) - new

    def preview(self) -> dict[int, timedelta]:
        """The interval each rating would give the current card."""
        if self._current is None:
            return {}
        return self.store.preview(self._current.id, now=self.clock())

    def rate(self, rating: int, *, duration_ms: int | None = None) -> Answer:
        """Answer the current card (written at once) and move on to the next.

        Raises:
            InputError: a bad rating, or no card to answer.
        """
        if self._current is None:
            raise InputError("no card to answer: the session is over")
        now = self.clock()
        answer = self.store.rate(self._current.id, rating, now=now, duration_ms=duration_ms)
        self.answered += 1
        card_id = self.queue.popleft()
        self.is_new.discard(card_id)
        if answer.due - now <= LEARN_AHEAD:
            self.queue.append(card_id)
        self._load()
        return answer

    def _load(self) -> None:
        while self.queue:
            card = self.store.deck.card(self.queue[0])
            if card is not None:
                self._current = card
                return
            self.queue.popleft()  # removed by another process meanwhile
        self._current = None


def describe_interval(interval: timedelta) -> str:
    """``<1m``, ``10m``, ``5h``, ``3d``, ``2.1mo``, ``1.5y``: an interval as the review screen and Anki show it."""
    seconds = interval.total_seconds()
    if seconds < 60:
        return "<1m"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


def describe_due(due: datetime, *, now: datetime | None = None) -> str:
    """``in 3 hours (14:20)``, ``in 2 days (Fri 3 May)``, ``now``: when a card is due, for a person."""
    now = now or utc_now()
    delta = due - now
    local = due.astimezone()
    if delta.total_seconds() <= 0:
        return "now"
    when = local.strftime("%H:%M") if delta < timedelta(hours=20) else local.strftime("%a %d %b %Y %H:%M")
    return f"in {describe_interval(delta)} ({when})"
