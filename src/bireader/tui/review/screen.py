"""The review screen: one card at a time, the sentence first, the answer on space, a rating on 1–4."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from bireader.errors import BireaderError
from bireader.render import display_text

if TYPE_CHECKING:
    from bireader.deck import Card, MinedSentence
    from bireader.review import ReviewSession

STYLE_WORD = "bold reverse"
STYLE_READING = "cyan"
STYLE_DIM = "dim"
RATING_KEYS = (("1", "again"), ("2", "hard"), ("3", "good"), ("4", "easy"))


def sentence_line(sentence: "MinedSentence") -> Text:
    """The sentence with the word highlighted (text shown literally, controls stripped)."""
    a, b = sentence.word_start, sentence.word_end
    line = Text(display_text(sentence.text[:a]))
    line.append(display_text(sentence.text[a:b]), style=STYLE_WORD)
    line.append(display_text(sentence.text[b:]))
    return line


def front_text(card: "Card") -> Text:
    """The question: every sentence of the card, the word highlighted in each."""
    return Text("\n\n").join(sentence_line(s) for s in card.sentences) if card.sentences else Text(card.headword)


def answer_text(card: "Card") -> Text:
    """The answer: the word and its reading, the senses, each sentence's English (a gloss says so), its source."""
    out = Text()
    out.append(display_text(card.headword), style="bold")
    if card.reading and card.reading != card.headword:
        out.append(f"  【{display_text(card.reading)}】", style=STYLE_READING)
    for number, sense in enumerate(card.senses, start=1):
        out.append(f"\n {number}. ", style=STYLE_DIM)
        if sense.pos:
            out.append(f"({display_text(', '.join(sense.pos[:2]))}) ", style="dim italic")
        out.append(display_text("; ".join(sense.glosses)))
    for sentence in card.sentences:
        out.append("\n\n")
        if not sentence.english.strip():
            out.append("(no English)", style="dim italic")
        else:
            if sentence.is_gloss:
                out.append("gloss: ", style="dim italic")
            out.append(display_text(sentence.english), style="italic" if sentence.is_gloss else "")
        if sentence.where:
            out.append(f"\n{display_text(sentence.where)}", style=STYLE_DIM)
    return out


def keys_text(*, revealed: bool, preview: dict[int, timedelta] | None = None, done: bool = False) -> Text:
    """The key line: space before the answer; the four ratings, each with the interval it gives, after."""
    from bireader.review import describe_interval

    out = Text()
    if done:
        out.append("q", style="bold")
        out.append(" quit")
        return out
    if not revealed:
        out.append("space", style="bold")
        out.append(" show the answer   ")
    else:
        for key, name in RATING_KEYS:
            out.append(key, style="bold")
            out.append(f" {name}")
            if preview and int(key) in preview:
                out.append(f" {describe_interval(preview[int(key)])}", style=STYLE_DIM)
            out.append("   ")
    out.append("q", style="bold")
    out.append(" quit")
    return out


class ReviewScreen(Screen):
    """Shows the session's current card; space reveals the answer; 1–4 rate it and bring the next one.

    Every rating is written to the store before the next card appears, so quitting loses nothing.
    """

    BINDINGS = [
        Binding("space", "reveal", "show answer"),
        Binding("1", "rate(1)", "again", show=False),
        Binding("2", "rate(2)", "hard", show=False),
        Binding("3", "rate(3)", "good", show=False),
        Binding("4", "rate(4)", "easy", show=False),
        Binding("q", "app.quit", "quit"),
    ]

    def __init__(self, session: "ReviewSession") -> None:
        super().__init__()
        self.session = session
        self.revealed = False
        self._shown_at = time.monotonic()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="counts")
        with VerticalScroll(id="card"):
            yield Static(id="front")
            yield Static(id="answer")
        yield Static(id="keys")

    def on_mount(self) -> None:
        self.show_card()

    # --- drawing ---------------------------------------------------------------------

    def show_card(self) -> None:
        """Draw the current card's question (or the end of the session)."""
        card = self.session.current
        self.revealed = False
        answer = self.query_one("#answer", Static)
        answer.update("")
        answer.display = False
        if card is None:
            self.query_one("#front", Static).update(self._done_text())
            self.query_one("#keys", Static).update(keys_text(revealed=False, done=True))
            self._update_counts()
            return
        self.query_one("#front", Static).update(front_text(card))
        self.query_one("#keys", Static).update(keys_text(revealed=False))
        self._update_counts()
        self.query_one("#card", VerticalScroll).scroll_home(animate=False)
        self._shown_at = time.monotonic()

    def _update_counts(self) -> None:
        new, due = self.session.counts()
        text = Text()
        text.append(f"new {new}", style="bold blue")
        text.append(" · ", style=STYLE_DIM)
        text.append(f"review {due}", style="bold green")
        text.append(" · ", style=STYLE_DIM)
        text.append(f"answered {self.session.answered}", style=STYLE_DIM)
        self.query_one("#counts", Static).update(text)

    def _done_text(self) -> Text:
        from bireader.review import describe_due

        n = self.session.answered
        text = Text("Nothing more to review now.", style="bold")
        text.append(f"\n\n{n} card{'s' if n != 1 else ''} answered this session.")
        next_due = self.session.store.next_due(self.session.deck)
        if next_due is not None:
            text.append(f"\nThe next card is due {describe_due(next_due)}.", style=STYLE_DIM)
        return text

    # --- keys ------------------------------------------------------------------------

    def action_reveal(self) -> None:
        card = self.session.current
        if card is None or self.revealed:
            return
        self.revealed = True
        answer = self.query_one("#answer", Static)
        answer.update(answer_text(card))
        answer.display = True
        try:
            preview = self.session.preview()
        except BireaderError:
            preview = {}
        self.query_one("#keys", Static).update(keys_text(revealed=True, preview=preview))

    def action_rate(self, rating: int) -> None:
        if self.session.current is None:
            return
        if not self.revealed:
            self.app.notify("Press space to see the answer first.", severity="warning", timeout=2)
            return
        duration = int((time.monotonic() - self._shown_at) * 1000)
        try:
            self.session.rate(rating, duration_ms=duration)
        except BireaderError as err:  # a locked or broken database: say so, keep the card
            self.app.notify(err.message, severity="error")
            return
        self.show_card()
