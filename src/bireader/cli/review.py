"""``bireader review``: the due cards one at a time (FSRS), or ``--stats``."""

from __future__ import annotations

import json
import sys
from typing import Optional

import typer

from bireader.cli import app
from bireader.cli.common import print_note, user_errors

DEFAULT_LIMIT = 100  # bireader.review.DEFAULT_LIMIT / DEFAULT_NEW, kept here so --help stays cheap
DEFAULT_NEW = 20


@app.command()
def review(
    deck: Optional[str] = typer.Option(None, "--deck", metavar="D", help="Only the cards of deck D."),
    limit: int = typer.Option(DEFAULT_LIMIT, "--limit", metavar="N", help="At most N due cards this session."),
    new: int = typer.Option(DEFAULT_NEW, "--new", metavar="N", help="At most N new cards this session."),
    stats: bool = typer.Option(False, "--stats", help="Print due today, due this week, new, reviewed today, retention."),
    as_json: bool = typer.Option(False, "--json", help="With --stats: print them as JSON."),
) -> None:
    """Review your mined cards: the sentence with the word highlighted; space shows the answer; 1–4 rate it.

    1 again, 2 hard, 3 good, 4 easy; q quits (every answer is saved as you give it). Scheduling is
    FSRS with its default parameters. A card whose interval passes 21 days marks its word known.

    Example: bireader review --new 10
    """
    with user_errors():
        from bireader.errors import InputError
        from bireader.review import ReviewSession, describe_due, open_review

        if as_json and not stats:
            raise InputError("--json goes with --stats")
        with open_review() as store:
            if stats:
                _print_stats(store.stats(deck), as_json=as_json)
                return
            session = ReviewSession(store, deck=deck, limit=limit, new=new)
            if session.current is None:
                next_due = store.next_due(session.deck)
                if next_due is not None:
                    print_note(f"nothing due; the next card is due {describe_due(next_due)}")
                elif store.deck.count(session.deck) and new == 0:
                    print_note("nothing due; only new cards are left (give --new N to learn some)")
                else:
                    print_note("no cards to review; mine words first: bireader mine WORD --from FILE")
                return
            if not (sys.stdin.isatty() and sys.stdout.isatty()):
                raise InputError("the review screen needs a terminal; `bireader review --stats` prints the counts")
            from bireader.tui.review import ReviewApp

            ReviewApp(session).run()
            next_due = store.next_due(session.deck)
        done = f"reviewed {session.answered} card{'s' if session.answered != 1 else ''}"
        print_note(done + (f"; the next card is due {describe_due(next_due)}" if next_due else ""))


def _print_stats(stats, *, as_json: bool) -> None:
    from bireader.review import describe_due

    if as_json:
        typer.echo(json.dumps(stats.to_dict(), ensure_ascii=False))
        return
    if stats.retention_30d is None:
        retention = "— (no reviews of cards in review yet)"
    else:
        retention = f"{stats.retention_30d:.0%} of {stats.reviews_30d} reviews"
    rows = [
        ("cards", str(stats.cards)),
        ("due today", str(stats.due_today)),
        ("due this week", str(stats.due_this_week)),
        ("new", str(stats.new)),
        ("reviewed today", str(stats.reviewed_today)),
        ("retention (30 days)", retention),
        ("next due", describe_due(stats.next_due) if stats.next_due else "—"),
    ]
    width = max(len(name) for name, _ in rows)
    typer.echo("\n".join(f"{name:<{width}}  {value}" for name, value in rows))
