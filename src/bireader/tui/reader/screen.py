"""``ReaderScreen``: the reading, a word cursor, the lookup panel and the position line.

The screen owns the cursor (a unit and a word in it) and the workers; the view draws.
Units are filled in as they come on screen: the stream makes them (a gloss or a
translation: slow, so in a worker), then the notes (glossary marks, vocabulary line,
the learner's words) and, when shown, readings. Nothing off screen is computed, so a
book opens, goes anywhere and searches at the same speed as a page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static
from textual.worker import get_current_worker

from bireader.errors import BireaderError
from bireader.render import display_text, is_doubtful
from bireader.tui.reader.dialogs import AddTermScreen, HelpScreen, OutlineScreen
from bireader.tui.reader.learner import LearnerKeys, word_panel_lines
from bireader.tui.reader.panel import lookup_text
from bireader.tui.reader.view import ReadingView

if TYPE_CHECKING:
    from bireader.model import Entry, Token, Unit
    from bireader.tui.reader.layout import UnitState
    from bireader.tui.reader.source import UnitSource

# Tokens the word cursor skips: punctuation and spaces are not words to look up.
_SKIP_POS = frozenset({"補助記号", "空白"})
_PRODUCE_RUN = 16  # units asked of the stream at once (a translation engine gets them in one call)


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


class ReaderScreen(LearnerKeys, Screen):
    """The reading: units Japanese beside English (one above the other when narrow), the lookup panel below."""

    AUTO_FOCUS = None  # the keys belong to the screen; the prompt is focused only while open

    BINDINGS = [
        Binding("left", "word(-1)", "Word", show=False),
        Binding("right", "word(1)", "Word", show=False),
        Binding("up", "unit(-1)", "Unit", show=False),
        Binding("down", "unit(1)", "Unit", show=False),
        Binding("pageup", "page(-1)", "Page", show=False),
        Binding("pagedown,space", "page(1)", "Page", show=False),
        Binding("home", "edge(0)", "First", show=False),
        Binding("end", "edge(1)", "Last", show=False),
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
        Binding("o", "outline", "Outline"),
        Binding("question_mark", "help", "Keys"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, source: UnitSource, *, first_unit: int = 0, readings: bool = False) -> None:
        super().__init__()
        self.source = source
        self.unit = -1  # the cursor's unit
        self.token = 0  # index into the cursor unit's words
        self.first_unit = first_unit
        self.readings = readings
        self.prompt_mode = ""
        self.last_search = ""
        self.lookup: Lookup | None = None
        self._undo: list[tuple[tuple[int, str], str, str]] = []  # (word key, reading, status before)
        self._chapters: list | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        view = ReadingView(self.source, doubtful=self.unit_is_doubtful, id="units")
        view.show_readings = self.readings
        yield view
        yield Static(Text("", style="dim"), id="lookup")
        yield Static("", id="position")
        yield Input(id="prompt", disabled=True)
        yield Footer()

    @property
    def view(self) -> ReadingView:
        return self.query_one(ReadingView)

    def on_mount(self) -> None:
        if not self.source.total:
            self.query_one("#lookup", Static).update(Text("The text has no units.", style="dim"))
            return
        start = max(0, min(self.first_unit, self.source.total - 1))
        self.view.scroll_to_unit(start)
        self.move_to(start, 0)
        if not self.source.complete:
            self.grow()

    def on_unmount(self) -> None:
        # However the reader closes (q, Ctrl+C, the end of a test), the place is kept.
        self.app.save_position(self)

    # --- the cursor ------------------------------------------------------------------

    def unit_is_doubtful(self, index: int) -> bool:
        unit = self.source.state(index).unit
        return unit is not None and is_doubtful(unit)

    def state(self, index: int) -> UnitState:
        return self.source.state(index)

    def words(self, state: UnitState) -> list[Token]:
        """A unit's words (tokens without punctuation), tokenized on first visit."""
        if state.tokens is None:
            if state.unit is not None and state.unit.is_code:
                state.tokens = []  # code is not Japanese to look up
            else:
                from bireader.tokens import tokenize

                state.tokens = [t for t in tokenize(state.ja) if t.pos not in _SKIP_POS and t.surface.strip()]
        return state.tokens

    def move_to(self, unit: int, token: int, *, scroll: bool = True) -> None:
        total = self.source.total
        if not total:
            return
        unit = max(0, min(unit, total - 1))
        self.unit = unit
        state = self.state(unit)
        words = self.words(state)
        view = self.view
        if not words:
            self.token = 0
            view.set_cursor(unit, None)
            self.lookup = None
            self.query_one("#lookup", Static).update(Text("(no Japanese words in this unit)", style="dim"))
        else:
            self.token = max(0, min(token, len(words) - 1))
            tok = words[self.token]
            view.set_cursor(unit, (tok.start, tok.end))
            self.look_up(unit, self.token, state, tok)
        if scroll:
            view.ensure_visible(unit)
        self.show_position()

    def action_word(self, step: int) -> None:
        if self.unit < 0:
            return
        words = self.words(self.state(self.unit))
        target = self.token + step
        if 0 <= target < len(words):
            self.move_to(self.unit, target)
        elif target < 0 and self.unit > 0:
            self.move_to(self.unit - 1, 10**9)  # the last word of the previous unit
        elif target >= len(words) and self.unit < self.source.total - 1:
            self.move_to(self.unit + 1, 0)

    def action_unit(self, step: int) -> None:
        if self.unit >= 0:
            self.move_to(self.unit + step, 0)

    def action_page(self, step: int) -> None:
        """A screen on (or back): the cursor goes to the unit at the new top."""
        view = self.view
        view.scroll_lines(step * max((view.size.height or 24) - 2, 1))
        self.move_to(view.top, 0, scroll=False)

    def action_edge(self, end: int) -> None:
        target = self.source.total - 1 if end else 0
        self.view.scroll_to_unit(target)
        self.move_to(target, 0)

    @on(ReadingView.Clicked)
    def clicked(self, message: ReadingView.Clicked) -> None:
        if message.offset is None:
            if message.unit != self.unit:
                if message.unit not in range(*self.view.shown()):  # the scroll bar: a place off screen
                    self.view.scroll_to_unit(message.unit)
                self.move_to(message.unit, 0)
            return
        words = self.words(self.state(message.unit))
        for k, tok in enumerate(words):
            if tok.start <= message.offset < tok.end:
                self.move_to(message.unit, k)
                return

    # --- the position line ---------------------------------------------------------------

    def chapters(self) -> list:
        """The chapters reached so far with their first units (``_grown`` drops this when the book grows)."""
        if self._chapters is None:
            self._chapters = self.source.chapter_units()
        return self._chapters

    def position_text(self) -> str:
        """``unit 1,204 / 9,870 · 12% · 第三章`` for the cursor's unit."""
        total = self.source.total
        if self.unit < 0 or not total:
            return ""
        parts = [f"unit {self.unit + 1:,} / {total:,}", f"{100 * (self.unit + 1) // total}%"]
        chapter = self.source.chapter_of(self.unit, self.chapters())
        if chapter is not None:
            parts.append(display_text(chapter.title))
        if not self.source.complete:
            parts.append("aligning the rest…")
        return " · ".join(parts)

    def show_position(self) -> None:
        self.query_one("#position", Static).update(Text(self.position_text(), style="dim"))

    # --- filling in what is on screen ------------------------------------------------------

    @on(ReadingView.Shown)
    def shown(self, message: ReadingView.Shown) -> None:
        self.fill_in(message.first, message.end)

    def fill_in(self, start: int, stop: int) -> None:
        """Start the work the units ``start..stop`` still need (a few beyond, so scrolling finds them ready)."""
        stop = min(stop + 4, self.source.total)
        todo = []
        for index in range(max(start, 0), stop):
            state = self.state(index)
            need = set()
            if state.en is None or state.unit is None:
                need.add("unit")
            if state.notes is None and state.ja.strip():
                need.add("notes")
            if self.readings and state.readings is None and state.ja.strip():
                need.add("readings")
            if need:
                todo.append((index, need, state.ja, state.en))
        if todo:
            # One worker for the screen: a new one replaces the last (which stops at its next unit).
            self.fill(todo)

    @work(thread=True, group="fill", exclusive=True)
    def fill(self, todo: list) -> None:
        """In a worker: make the units, then their notes and readings, handing each batch to the screen."""
        from bireader.annotate import annotate_unit

        worker = get_current_worker()
        english: dict[int, str] = {}
        try:
            missing = [index for index, need, _, _ in todo if "unit" in need]
            for run in _runs(missing, _PRODUCE_RUN):
                if worker.is_cancelled:
                    return
                units = list(self.source.produce(run[0], run[-1] + 1))
                english.update((u.index, display_text(u.en)) for u in units)
                self.app.call_from_thread(self._set_units, units)
            mode = self.app.vocab if self.app.vocab != "none" else "glossary"
            for index, need, ja, en in todo:
                if worker.is_cancelled:
                    return
                en = english.get(index, en) or ""
                notes = readings = None
                if "notes" in need:
                    notes = annotate_unit(ja, en, vocab=mode, words=True)
                    # With --vocab none only the marks are kept: the user asked for no vocabulary.
                    notes = replace(notes, vocab=()) if self.app.vocab == "none" else notes
                if "readings" in need:
                    readings = annotate_unit(ja, vocab="none", readings=True).readings
                self.app.call_from_thread(self._set_notes, index, ja, notes, readings)
        except BireaderError as err:  # e.g. an engine failed or the glossary broke while reading
            self.app.call_from_thread(self.app.notify, err.message, severity="error", timeout=10)

    def _set_units(self, units: list[Unit]) -> None:
        for unit in units:
            state = self.state(unit.index)
            state.unit = unit
            state.en = display_text(unit.en)
            state.touch()
        self.view.invalidate()
        if any(u.index == self.unit for u in units):
            self.move_to(self.unit, self.token, scroll=False)

    def _set_notes(self, index: int, ja: str, notes, readings) -> None:
        from bireader.annotate import word_statuses

        state = self.state(index)
        if state.ja != ja:
            return
        if notes is not None:
            state.notes = notes
            self.apply_statuses(state, word_statuses.get())
        if readings is not None:
            state.readings = readings
        state.touch()
        self.view.invalidate()

    def apply_statuses(self, state: UnitState, statuses: dict) -> None:
        """Highlight the unit's words that are new, underline the learning ones (``UnitNotes.words``)."""
        if state.notes is None:
            return
        spans = []
        for s, e, key in state.notes.words:
            status = statuses.get(key, "new")
            if status in ("new", "learning"):
                spans.append((s, e, status))
        state.statuses = tuple(spans)
        state.touch()

    def refill(self, states=None, *, notes: bool = True) -> None:
        """Drop what ``states`` (default: every unit held) computed and fill in the screen again."""
        for state in self.source.held() if states is None else states:
            if notes:
                state.notes = None
                state.touch()
        self.view.invalidate()
        self.fill_in(*self.view.shown())

    # --- lookups (in a worker: the dictionary may be cold) ---------------------------------

    @work(thread=True, exclusive=True, group="lookup")
    def look_up(self, unit: int, token: int, state: UnitState, tok: Token) -> None:
        # ``state`` is handed over by the screen's thread: the worker must not touch the unit cache.
        try:
            from bireader.dictionary import lookup
            from bireader.dictionary.vocab import match_tokens

            matches = state.matches
            if matches is None:
                from bireader.tokens import tokenize

                matches = match_tokens(tokenize(state.ja))
                state.matches = matches
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

    # --- glossary ----------------------------------------------------------------------------

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
                glossary.add(values["term"], values["translation"], reading=values["reading"], note=values["note"])
        except BireaderError as err:
            self.app.call_from_thread(self.app.notify, err.message, severity="error", timeout=8)
            return
        self.app.call_from_thread(self.app.notify, f"Added {values['term']} to your glossary.")
        self.app.call_from_thread(self._refresh_after_add)

    def _refresh_after_add(self) -> None:
        from bireader.dictionary import reset

        reset()  # the lookup cache may hold the word without its new glossary entry
        if self.unit >= 0:
            self.move_to(self.unit, self.token, scroll=False)
        self.refill()

    # --- readings ----------------------------------------------------------------------------

    def action_toggle_readings(self) -> None:
        self.readings = not self.readings
        self.view.show_readings = self.readings
        self.view.invalidate()
        if self.readings:
            self.fill_in(*self.view.shown())

    # --- search, go to, outline ----------------------------------------------------------------

    def action_prompt(self, mode: str) -> None:
        prompt = self.query_one("#prompt", Input)
        self.prompt_mode = mode
        prompt.placeholder = (
            "Search the whole text (Enter to find, Esc to cancel)"
            if mode == "search"
            else f"Go to a unit (1–{self.source.total:,}) or a percentage (50%)"
        )
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
        """Go to a unit number (``1204``, ``1,204``) or a percentage of the text (``12%``)."""
        total = self.source.total
        text = value.replace(",", "").strip()
        try:
            if text.endswith("%"):
                percent = float(text[:-1])
                if not 0 <= percent <= 100:
                    raise ValueError
                index = min(int(percent * total / 100), total - 1)
            else:
                index = int(text) - 1
        except ValueError:
            self.app.notify(f"{value!r} is not a unit number or a percentage.", severity="warning")
            return
        if not 0 <= index < total:
            more = "" if self.source.complete else " so far; the rest is still being aligned"
            self.app.notify(f"There is no unit {index + 1:,} (1–{total:,}{more}).", severity="warning")
            return
        self.view.scroll_to_unit(index)
        self.move_to(index, 0)

    def action_next_match(self) -> None:
        if self.last_search:
            self.search(self.last_search)

    def search(self, query: str) -> None:
        """Move to the next unit after the cursor (wrapping) whose text holds ``query``: the whole text."""
        found = self.source.search(query, self.unit)
        if found is None:
            where = "" if self.source.complete else " in the part aligned so far"
            self.app.notify(f"Not found{where}: {query}", severity="warning")
            return
        index, at = found
        token = 0
        if at is not None:
            words = self.words(self.state(index))
            token = next((k for k, t in enumerate(words) if t.end > at), 0)
        if index not in range(*self.view.shown()):
            self.view.scroll_to_unit(index)
        self.move_to(index, token)

    def action_outline(self) -> None:
        chapters = self.chapters()
        if not chapters:
            self.app.notify("This text has no chapters (no headings, 見出し or navigation).", severity="warning")
            return
        current = self.source.chapter_at(self.unit, chapters)
        note = "" if self.source.complete else "(more as the rest is aligned)"
        self.app.push_screen(OutlineScreen(chapters, self.source.total, current, note=note), self._outline_chosen)

    def _outline_chosen(self, unit: int | None) -> None:
        if unit is not None:
            self.view.scroll_to_unit(unit)
            self.move_to(unit, 0)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    # --- a book aligned chapter by chapter ---------------------------------------------------

    @work(thread=True, group="grow")
    def grow(self) -> None:
        """Align the rest of a book, a chapter pair at a time, while the first is read."""
        try:
            while not self.source.complete:
                self.source.more()
                self.app.call_from_thread(self._grown)
        except BireaderError as err:
            self.app.call_from_thread(self.app.notify, err.message, severity="error", timeout=10)

    def _grown(self) -> None:
        self._chapters = None
        self.show_position()
        self.view.invalidate()


def _runs(indices: list[int], longest: int) -> list[list[int]]:
    """Consecutive indices in runs of at most ``longest``."""
    runs: list[list[int]] = []
    for index in indices:
        if runs and index == runs[-1][-1] + 1 and len(runs[-1]) < longest:
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs
