"""Screens of the interactive reader: the reader itself, the keys help, the add-to-glossary dialog."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Header, Input, Label, Static

from bireader.errors import BireaderError
from bireader.tui.learner import LearnerKeys, word_panel_lines
from bireader.tui.widgets import JaText, UnitRow, lookup_text

if TYPE_CHECKING:
    from bireader.model import Entry, Token, Unit

# Tokens the word cursor skips: punctuation and spaces are not words to look up.
_SKIP_POS = frozenset({"補助記号", "空白"})
_BATCH = 25  # units mounted first while the reading loads; later batches double up to _MAX_BATCH
_MAX_BATCH = 800

KEYS = [
    ("← →", "previous / next word"),
    ("↑ ↓", "previous / next unit"),
    ("click", "look up the word clicked"),
    ("k l i", "mark the word known / learning / ignored"),
    ("u", "undo the last mark"),
    ("m", "mine the word: a card with this sentence and its English"),
    ("K", "the word's kanji (KANJIDIC2)"),
    ("a", "add the word under the cursor to your glossary"),
    ("r", "show / hide readings"),
    ("/", "search the text (n: next match)"),
    ("g", "go to a unit number"),
    ("?", "this help"),
    ("q", "quit"),
]


@dataclass
class Lookup:
    """What the lookup panel shows, kept for the add-to-glossary dialog, marking and mining."""

    unit: int
    token: int
    word: str
    lemma: str
    reading: str
    gloss: str
    entry: "Entry | None" = None  # the dictionary word under the cursor (the longest match)
    span: tuple[int, int] = (0, 0)  # where that word is in the unit's Japanese


class UnitList(VerticalScroll, can_focus=False):
    """The scrolling list of units; the screen owns the keys."""


class HelpScreen(ModalScreen[None]):
    """The keys, as a table; any key closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical { width: 64; height: auto; border: round $accent; padding: 1 2; background: $surface; }
    """
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        text = Text()
        text.append("Keys\n\n", style="bold")
        for key, what in KEYS:
            text.append(f"{key:>7}  ", style="bold cyan")
            text.append(what + "\n")
        text.append("\nPress any key to close.", style="dim")
        with Vertical():
            yield Static(text)

    def on_key(self, event) -> None:
        event.stop()
        self.dismiss()


class AddTermScreen(ModalScreen[dict | None]):
    """Add a term to the glossary: prefilled with the dictionary form, reading and first gloss; editable."""

    DEFAULT_CSS = """
    AddTermScreen { align: center middle; }
    AddTermScreen > Vertical { width: 70; height: auto; border: round $accent; padding: 1 2; background: $surface; }
    AddTermScreen Label { margin-top: 1; }
    AddTermScreen Horizontal { height: auto; margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, term: str, reading: str, translation: str) -> None:
        super().__init__()
        self.values = {"term": term, "reading": reading, "translation": translation, "note": ""}

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Add to your glossary", style="bold"))
            for name, label in (("term", "Term"), ("reading", "Reading"), ("translation", "Translation"), ("note", "Note")):
                yield Label(label)
                yield Input(value=self.values[name], id=f"field-{name}")
            with Horizontal():
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def _collect(self) -> dict:
        return {name: self.query_one(f"#field-{name}", Input).value.strip() for name in self.values}

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def save(self) -> None:
        self.dismiss(self._collect())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ReaderScreen(LearnerKeys, Screen):
    """The reading: units Japanese beside English, a word cursor, and the lookup panel below."""

    AUTO_FOCUS = None  # the keys belong to the screen; the prompt is focused only while open
    # Under 90 columns the Japanese goes above the English (as `bireader read` does).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (90, "-wide")]

    BINDINGS = [
        Binding("left", "word(-1)", "Word", show=False),
        Binding("right", "word(1)", "Word", show=False),
        Binding("up", "unit(-1)", "Unit", show=False),
        Binding("down", "unit(1)", "Unit", show=False),
        Binding("k", "mark('known')", "Known"),
        Binding("l", "mark('learning')", "Learning", show=False),
        Binding("i", "mark('ignored')", "Ignore", show=False),
        Binding("u", "undo_mark", "Undo", show=False),
        Binding("m", "mine", "Mine"),
        Binding("K", "kanji", "Kanji", show=False),
        Binding("a", "add_term", "Add to glossary"),
        Binding("r", "toggle_readings", "Readings"),
        Binding("slash", "prompt('search')", "Search"),
        Binding("n", "next_match", "Next match", show=False),
        Binding("g", "prompt('goto')", "Go to"),
        Binding("question_mark", "help", "Keys"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, *, first_unit: int = 0) -> None:
        super().__init__()
        self.rows: list[UnitRow] = []
        self.unit = -1  # index into rows
        self.token = 0  # index into the current unit's words
        self.first_unit = first_unit
        self.readings = False
        self.prompt_mode = ""
        self.last_search = ""
        self.lookup: Lookup | None = None
        self.loaded = False  # every unit mounted
        self._matches: dict[int, list] = {}
        self._undo: list[tuple[tuple[int, str], str, str]] = []  # (word key, reading, status before)

    def compose(self) -> ComposeResult:
        yield Header()
        yield UnitList(id="units")
        yield Static(Text("Loading…", style="dim"), id="lookup")
        yield Input(id="prompt", disabled=True)
        yield Footer()

    def on_mount(self) -> None:
        self.load_units()

    # --- loading -------------------------------------------------------------------

    @work(thread=True, group="load")
    def load_units(self) -> None:
        """Produce the units (the gloss, if any, is computed here) and mount them in batches."""
        batch: list[Unit] = []
        size = _BATCH
        try:
            for unit in self.app.unit_source():
                batch.append(unit)
                if len(batch) >= size:
                    self.app.call_from_thread(self.add_units, batch)
                    batch = []
                    # The first screen comes at once; after it, bigger batches mean fewer relayouts
                    # of the whole list (each mount lays out every row mounted so far).
                    size = min(size * 2, _MAX_BATCH)
        except BireaderError as err:
            self.app.call_from_thread(self.app.notify, err.message, severity="error", timeout=10)
        self.app.call_from_thread(self.add_units, batch, True)

    async def add_units(self, units: list[Unit], done: bool = False) -> None:
        rows = [UnitRow(unit) for unit in units]
        self.rows.extend(rows)
        if rows:
            await self.query_one("#units", UnitList).mount_all(rows)
        if self.unit < 0 and self.rows:
            target = next((i for i, r in enumerate(self.rows) if r.unit.index >= self.first_unit), None)
            if target is not None:
                self.move_to(target, 0)
        if self.readings and rows:
            self.compute_readings(rows)
        if rows:
            self.mark_terms(rows)
        if done:
            self.loaded = True
        if done and not self.rows:
            self.query_one("#lookup", Static).update(Text("The text has no units.", style="dim"))

    # --- the cursor ----------------------------------------------------------------

    def words(self, row: UnitRow) -> list[Token]:
        """The current unit's words (tokens without punctuation), tokenized on first visit."""
        if row.tokens is None:
            from bireader.tokens import tokenize

            row.tokens = [t for t in tokenize(row.ja_text) if t.pos not in _SKIP_POS and t.surface.strip()]
        return row.tokens

    def move_to(self, unit: int, token: int) -> None:
        if not self.rows:
            return
        unit = max(0, min(unit, len(self.rows) - 1))
        if 0 <= self.unit < len(self.rows) and self.unit != unit:
            old = self.rows[self.unit]
            old.remove_class("-current")
            old.ja.set_cursor(None)
        self.unit = unit
        row = self.rows[unit]
        row.add_class("-current")
        words = self.words(row)
        if not words:
            self.token = 0
            row.ja.set_cursor(None)
            self.lookup = None
            self.query_one("#lookup", Static).update(Text("(no Japanese words in this unit)", style="dim"))
        else:
            self.token = max(0, min(token, len(words) - 1))
            tok = words[self.token]
            row.ja.set_cursor((tok.start, tok.end))
            self.look_up(unit, self.token)
        row.scroll_visible(animate=False)

    def action_word(self, step: int) -> None:
        if self.unit < 0:
            return
        words = self.words(self.rows[self.unit])
        target = self.token + step
        if 0 <= target < len(words):
            self.move_to(self.unit, target)
        elif target < 0 and self.unit > 0:
            self.move_to(self.unit - 1, 10**9)  # the last word of the previous unit
        elif target >= len(words) and self.unit < len(self.rows) - 1:
            self.move_to(self.unit + 1, 0)

    def action_unit(self, step: int) -> None:
        if self.unit >= 0:
            self.move_to(self.unit + step, 0)

    @on(JaText.WordClicked)
    def word_clicked(self, message: JaText.WordClicked) -> None:
        index = next((i for i, r in enumerate(self.rows) if r.unit.index == message.unit), None)
        if index is None:
            return
        words = self.words(self.rows[index])
        for k, tok in enumerate(words):
            if tok.start <= message.offset < tok.end:
                self.move_to(index, k)
                return

    # --- lookups (in a worker: the dictionary may be cold) ---------------------------

    @work(thread=True, exclusive=True, group="lookup")
    def look_up(self, unit: int, token: int) -> None:
        row = self.rows[unit]
        tok = self.words(row)[token]
        try:
            from bireader.dictionary import lookup

            from bireader.dictionary.vocab import match_tokens

            matches = self._matches.get(unit)
            if matches is None:
                from bireader.tokens import tokenize

                matches = match_tokens(tokenize(row.ja_text))
                self._matches[unit] = matches
            compound = next((m for m in matches if m.token_count > 1 and m.start <= tok.start and tok.end <= m.end), None)
            entries = lookup(tok.lemma) or lookup(tok.surface)
            word = compound or next((m for m in matches if m.start <= tok.start < m.end), None)
            entry = word.entry if word is not None and word.entry is not None else (entries[0] if entries else None)
            extra = word_panel_lines(tok.surface, entries, entry)
        except BireaderError as err:
            text = Text(f"{tok.surface}: {err.message}", style="red")
            self.app.call_from_thread(self._show_lookup, unit, token, text, None)
            return
        gloss = next((e.short_gloss for e in sorted(entries, key=lambda e: e.source != "glossary")), "")
        span = (word.start, word.end) if word is not None else (tok.start, tok.end)
        info = Lookup(unit, token, tok.surface, tok.lemma, tok.lemma_reading or tok.reading, gloss, entry, span)
        text = lookup_text(tok.surface, tok.lemma, tok.lemma_reading or tok.reading, entries, compound)
        text = text + extra if extra is not None else text
        self.app.call_from_thread(self._show_lookup, unit, token, text, info)

    def _show_lookup(self, unit: int, token: int, text: Text, info: Lookup | None) -> None:
        if (unit, token) != (self.unit, self.token):
            return  # the cursor has moved on
        self.lookup = info
        self.query_one("#lookup", Static).update(text)

    # --- glossary --------------------------------------------------------------------

    def action_add_term(self) -> None:
        info = self.lookup
        if info is None:
            self.app.notify("Move the cursor to a word first.", severity="warning")
            return
        self.app.push_screen(AddTermScreen(info.lemma or info.word, info.reading, info.gloss), self._term_entered)

    def _term_entered(self, values: dict | None) -> None:
        if values:
            self.save_term(values)

    @work(thread=True, group="glossary")
    def save_term(self, values: dict) -> None:
        from bireader.glossary import open_glossary

        try:
            with open_glossary() as glossary:
                glossary.add(
                    values["term"], values["translation"], reading=values["reading"], note=values["note"]
                )
        except BireaderError as err:
            self.app.call_from_thread(self.app.notify, err.message, severity="error", timeout=8)
            return
        self.app.call_from_thread(self.app.notify, f"Added {values['term']} to your glossary.")
        self.app.call_from_thread(self._refresh_after_add)

    def _refresh_after_add(self) -> None:
        try:
            from bireader.dictionary import reset

            reset()  # the lookup cache may hold the word without its new glossary entry
        except ImportError:
            pass
        if self.unit >= 0:
            self.look_up(self.unit, self.token)
        self.mark_terms(list(self.rows))

    @work(thread=True, group="marks")
    def mark_terms(self, rows: list[UnitRow]) -> None:
        """Highlight the user's glossary terms and fill each unit's vocabulary line (``--vocab``)."""
        from bireader.annotate import annotate_unit

        mode = self.app.vocab if self.app.vocab != "none" else "glossary"

        def notes(row: UnitRow):
            found = annotate_unit(row.ja_text, row.en_text, vocab=mode, words=True)
            # With --vocab none only the marks are kept: the user asked for no vocabulary.
            return replace(found, vocab=()) if self.app.vocab == "none" else found

        self._annotate_rows(rows, notes, self._set_notes)

    # --- readings ---------------------------------------------------------------------

    def action_toggle_readings(self) -> None:
        self.readings = not self.readings
        if self.readings:
            self.compute_readings(list(self.rows))
        else:
            for row in self.rows:
                row.ja.set_readings(())

    @work(thread=True, group="readings")
    def compute_readings(self, rows: list[UnitRow]) -> None:
        from bireader.annotate import annotate_unit

        def spans(row: UnitRow):
            return annotate_unit(row.ja_text, vocab="none", readings=True).readings

        self._annotate_rows(rows, spans, self._set_readings)

    def _annotate_rows(self, rows: list[UnitRow], compute, apply) -> None:
        """In a worker thread: ``compute(row)`` for each row with text, handed to ``apply`` on the
        screen's thread in batches (one screen update per batch, not per row). A store or
        dictionary error stops the work with a notification instead of killing the app."""
        done: list[tuple[UnitRow, object]] = []
        for row in rows:
            if row.ja_text.strip():
                try:
                    done.append((row, compute(row)))
                except BireaderError as err:  # e.g. the glossary database broke while reading
                    self.app.call_from_thread(self.app.notify, err.message, severity="error", timeout=10)
                    return
            if len(done) >= _BATCH:
                self.app.call_from_thread(apply, done)
                done = []
        if done:
            self.app.call_from_thread(apply, done)

    def _set_readings(self, done) -> None:
        for row, spans in done:
            if self.readings:
                row.ja.set_readings(spans)

    def _set_notes(self, done) -> None:
        from bireader.annotate import word_statuses

        statuses = word_statuses.get()
        for row, notes in done:
            row.set_notes(notes, statuses)

    # --- search and go to -------------------------------------------------------------

    def action_prompt(self, mode: str) -> None:
        prompt = self.query_one("#prompt", Input)
        self.prompt_mode = mode
        prompt.placeholder = "Search the text (Enter to find, Esc to cancel)" if mode == "search" else "Go to unit number"
        prompt.value = ""
        prompt.disabled = False
        prompt.add_class("-visible")
        prompt.focus()

    def _close_prompt(self) -> None:
        prompt = self.query_one("#prompt", Input)
        prompt.remove_class("-visible")
        prompt.disabled = True
        self.set_focus(None)

    def on_key(self, event) -> None:
        if event.key == "escape" and self.query_one("#prompt", Input).has_class("-visible"):
            event.stop()
            self._close_prompt()

    @on(Input.Submitted, "#prompt")
    def prompt_submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        self._close_prompt()
        if not value:
            return
        if self.prompt_mode == "goto":
            self.go_to(value)
        else:
            self.last_search = value
            self.search(value)

    def go_to(self, value: str) -> None:
        try:
            number = int(value)
        except ValueError:
            self.app.notify(f"{value!r} is not a unit number.", severity="warning")
            return
        index = next((i for i, r in enumerate(self.rows) if r.unit.index == number - 1), None)
        if index is None:
            if self.loaded:
                self.app.notify(f"There is no unit {number} (1–{len(self.rows)}).", severity="warning")
            else:
                self.app.notify(f"Unit {number} is not loaded yet ({len(self.rows)} so far); try again in a moment.")
            return
        self.move_to(index, 0)

    def action_next_match(self) -> None:
        if self.last_search:
            self.search(self.last_search)

    def search(self, query: str) -> None:
        """Move to the next unit (after the current one, wrapping) whose text contains ``query``."""
        needle = query.casefold()
        n = len(self.rows)
        for step in range(1, n + 1):
            index = (self.unit + step) % n
            row = self.rows[index]
            at = row.ja_text.casefold().find(needle)
            if at >= 0:
                words = self.words(row)
                token = next((k for k, t in enumerate(words) if t.end > at), 0)
                self.move_to(index, token)
                return
            if needle in row.en_text.casefold():
                self.move_to(index, 0)
                return
        where = "" if self.loaded else f" in the {n} units loaded so far"
        self.app.notify(f"Not found{where}: {query}", severity="warning")

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())
