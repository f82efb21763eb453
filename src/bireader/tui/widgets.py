"""Widgets of the interactive reader: a unit row, the Japanese text with its word cursor, the lookup panel."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from rich.cells import get_character_cell_size
from rich.text import Text
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from bireader.render import STYLE_READING, STYLE_TERM, display_text, is_doubtful, styled_en, vocab_items, wrap_spans

if TYPE_CHECKING:
    from bireader.model import Entry, Token, Unit
    from bireader.annotate import UnitNotes

STYLE_CURSOR = "reverse bold"
# The learner's words: unknown ones stand out, learning ones are underlined, known ones plain.
STYLE_UNKNOWN = "bold #ffd75f"
STYLE_LEARNING = "underline"
MARK_UNKNOWN = "°"  # with NO_COLOR a colour cannot say "unknown": a mark after the word does


def no_color() -> bool:
    import os

    return bool(os.environ.get("NO_COLOR"))


class JaText(Widget):
    """A unit's Japanese, wrapped by terminal cells, with a word cursor and optional inline readings.

    The widget wraps its own lines so a mouse click maps back to a character and
    from there to a token.
    """

    DEFAULT_CSS = "JaText { height: auto; }"

    class WordClicked(Message):
        """The user clicked the character at ``offset`` of unit ``unit``."""

        def __init__(self, unit: int, offset: int) -> None:
            super().__init__()
            self.unit = unit
            self.offset = offset

    def __init__(self, unit_index: int, text: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.unit_index = unit_index
        self.text = text
        self.cursor: tuple[int, int] | None = None  # (start, end) of the word under the cursor
        self.marks: tuple[tuple[int, int], ...] = ()  # glossary terms
        self.readings: tuple[tuple[int, int, str], ...] = ()
        self.word_statuses: tuple[tuple[int, int, str], ...] = ()  # (start, end, new|learning) of words not known
        self._cache: tuple | None = None

    # --- state -------------------------------------------------------------------

    def set_cursor(self, span: tuple[int, int] | None) -> None:
        if span != self.cursor:
            self.cursor = span
            self._cache = None
            self.refresh()

    def set_readings(self, readings: Sequence[tuple[int, int, str]]) -> None:
        self.readings = tuple(readings)
        self._cache = None
        self.refresh(layout=True)

    def set_word_statuses(self, spans: Sequence[tuple[int, int, str]]) -> None:
        spans = tuple(spans)
        if spans != self.word_statuses:
            self.word_statuses = spans
            self._cache = None
            self.refresh(layout=True)

    def set_marks(self, marks: Sequence[tuple[int, int]]) -> None:
        self.marks = tuple(marks)
        self._cache = None
        self.refresh()

    # --- layout ------------------------------------------------------------------

    def _display(self) -> tuple[Text, list[int]]:
        """The displayed Text and, per displayed character, its offset in ``text`` (-1 inside a
        reading or a mark shown after a word)."""
        text = Text(self.text)
        plain_marks = no_color()
        for s, e, status in self.word_statuses:
            text.stylize(STYLE_LEARNING if status == "learning" else ("bold" if plain_marks else STYLE_UNKNOWN), s, e)
        for s, e in self.marks:
            text.stylize(STYLE_TERM, s, e)
        if self.cursor:
            text.stylize(STYLE_CURSOR, *self.cursor)
        after: dict[int, list[tuple[str, str]]] = {}
        for _, end, reading in self.readings:
            after.setdefault(end, []).append((f"({reading})", STYLE_READING))
        if plain_marks:
            for _, end, status in self.word_statuses:
                if status == "new":
                    after.setdefault(end, []).insert(0, (MARK_UNKNOWN, "bold"))
        if not after:
            return text, list(range(len(self.text)))
        out = Text()
        origin: list[int] = []
        pos = 0
        for piece in text.divide(sorted(after)):
            if not piece.plain:
                continue
            out.append_text(piece)
            origin.extend(range(pos, pos + len(piece.plain)))
            pos += len(piece.plain)
            for shown, style in after.get(pos, ()):
                out.append(shown, style=style)
                origin.extend([-1] * len(shown))
        return out, origin

    def _layout(self, width: int) -> tuple[list[Text], list[int], list[int]]:
        key = (width, self.cursor, self.readings, self.marks, self.word_statuses)
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        display, origin = self._display()
        plain = display.plain
        keep = []
        if -1 in origin:
            starts = {end: start for start, end, _ in (*self.readings, *self.word_statuses)}
            # Keep each word with its reading: find the display span of word + "(reading)".
            i = 0
            while i < len(origin):
                if origin[i] == -1:
                    j = i
                    while j < len(origin) and origin[j] == -1:
                        j += 1
                    word_end = origin[i - 1] + 1 if i else 0
                    word_len = word_end - starts.get(word_end, word_end)
                    keep.append((i - word_len, j))
                    i = j
                else:
                    i += 1
        lines: list[Text] = []
        line_starts: list[int] = []
        base = 0
        for part in plain.split("\n"):
            end = base + len(part)
            part_keep = [(a - base, b - base) for a, b in keep if base <= a and b <= end]
            for s, e in wrap_spans(part, max(width, 4), part_keep):
                lines.append(display[base + s:base + e])
                line_starts.append(base + s)
            base = end + 1
        result = (lines, line_starts, origin)
        self._cache = (key, result)
        return result

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._layout(width)[0])

    def render(self) -> Text:
        lines, _, _ = self._layout(self.size.width)
        return Text("\n").join(lines)

    def offset_at(self, x: int, y: int) -> int | None:
        """The character of ``text`` shown at content cell (x, y), or None."""
        lines, starts, origin = self._layout(self.size.width)
        if not 0 <= y < len(lines):
            return None
        plain = lines[y].plain
        cells = 0
        for i, ch in enumerate(plain):
            cells += get_character_cell_size(ch)
            if cells > x:
                display_index = starts[y] + i
                found = origin[display_index] if display_index < len(origin) else -1
                if found == -1:  # a click on a reading belongs to the word before it
                    k = display_index
                    while k >= 0 and origin[k] == -1:
                        k -= 1
                    found = origin[k] if k >= 0 else -1
                return found if found >= 0 else None
        return None

    def on_click(self, event) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        char = self.offset_at(offset.x, offset.y)
        if char is not None:
            self.post_message(self.WordClicked(self.unit_index, char))


class UnitRow(Widget):
    """One aligned unit: number, Japanese (with the word cursor) beside English, the unit's vocabulary under both.

    The Japanese and English sit side by side, or one above the other when the screen is
    narrow (the screen's ``-narrow`` class; see reader.tcss).
    """

    def __init__(self, unit: Unit, **kwargs) -> None:
        super().__init__(id=f"unit-{unit.index}", **kwargs)
        self.unit = unit
        self.ja_text = display_text(unit.ja)
        self.en_text = display_text(unit.en)
        self.tokens: list[Token] | None = None  # filled on first visit
        self.notes: UnitNotes | None = None  # glossary marks and vocabulary
        # The children exist from the start, so the marks worker can set notes before or while
        # the row is mounted, with no query that could find a child not mounted yet.
        self.ja = JaText(unit.index, self.ja_text or "")
        self._en = Static(self._english(), classes="en")
        self._vocab = Static("", classes="vocab")
        self._vocab.display = False

    def compose(self):
        doubtful = is_doubtful(self.unit)
        label = f"{self.unit.index + 1}{'?' if doubtful else ''}"
        yield Static(Text(label), classes="number -doubtful" if doubtful else "number")
        # One grid, no nested containers: with thousands of rows every widget counts in each relayout.
        yield self.ja
        yield self._en
        yield self._vocab

    def _english(self) -> Text:
        if not self.en_text.strip():
            return Text("(no English partner)" if self.unit.source == "aligned" else "(no English)", style="dim italic")
        return styled_en(self.en_text, self.notes, style="italic" if self.unit.source == "gloss" else "")

    def set_notes(self, notes: UnitNotes, statuses: dict | None = None) -> None:
        """Glossary terms marked in both texts and the vocabulary line (from ``annotate_unit``);
        with the word store's ``statuses``, the words not known are highlighted."""
        self.notes = notes
        self.ja.set_marks(notes.ja_marks)
        if statuses is not None:
            self.set_statuses(statuses)
        self._en.update(self._english())
        self._vocab.update(Text(" · ", style="dim").join(vocab_items(notes)))
        self._vocab.display = bool(notes.vocab)

    def set_statuses(self, statuses: dict) -> None:
        """Highlight this unit's words that are new, underline the learning ones (``UnitNotes.words``)."""
        if self.notes is None:
            return
        spans = []
        for s, e, key in self.notes.words:
            status = statuses.get(key, "new")
            if status in ("new", "learning"):
                spans.append((s, e, status))
        self.ja.set_word_statuses(spans)

    def word_keys(self) -> set:
        return {key for _s, _e, key in self.notes.words} if self.notes is not None else set()


def entry_text(entry: Entry, *, max_senses: int = 6) -> Text:
    """A dictionary or glossary entry as the lookup panel shows it."""
    out = Text()
    head = display_text(entry.headword)
    out.append(head, style="bold")
    readings = [display_text(r) for r in entry.readings if r != entry.headword]
    if readings:
        out.append(f" 【{'・'.join(readings[:3])}】", style="cyan")
    tag = {"glossary": " your glossary", "jmnedict": " name", "romanized": " romanised"}.get(entry.source, "")
    if entry.is_common and entry.source == "jmdict":
        tag = " common"
    if tag:
        out.append(f" ·{tag}", style=STYLE_TERM if entry.source == "glossary" else "dim")
    for number, sense in enumerate(entry.senses[:max_senses], start=1):
        out.append("\n")
        out.append(f" {number}. ", style="dim")
        if sense.pos:
            out.append(f"({display_text(', '.join(sense.pos[:2]))}) ", style="dim italic")
        out.append(display_text("; ".join(sense.glosses)))
    if len(entry.senses) > max_senses:
        out.append(f"\n … {len(entry.senses) - max_senses} more senses", style="dim")
    if entry.note:
        out.append("\n " + display_text(entry.note), style="dim")
    return out


def lookup_text(word: str, lemma: str, reading: str, entries: Sequence[Entry], compound=None) -> Text:
    """The lookup panel: the word, the compound it belongs to, then its entries (glossary first)."""
    out = Text()
    out.append(display_text(word), style="bold reverse")
    if lemma and lemma != word:
        out.append(f" → {display_text(lemma)}", style="bold")
    if reading:
        out.append(f"  {display_text(reading)}", style="cyan")
    if compound is not None:
        out.append("\n")
        out.append("in compound ", style="dim")
        out.append(display_text(compound.surface), style="bold")
        if compound.reading:
            out.append(f" {display_text(compound.reading)}", style="cyan")
        if compound.entry is not None:
            out.append("  " + display_text(compound.entry.short_gloss))
    ordered = sorted(entries, key=lambda e: e.source != "glossary")
    if not ordered:
        out.append("\n(no dictionary entry)", style="dim")
    for entry in ordered[:4]:
        out.append("\n")
        out.append_text(entry_text(entry, max_senses=4))
    return out
