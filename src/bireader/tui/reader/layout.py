"""How one unit of the reader is laid out in terminal lines: pure functions, no widgets.

The reader (``view.ReadingView``) asks for the lines of the units it shows and no others;
a unit's lines depend only on its state (text, notes, readings, word statuses), the
width, and whether it holds the cursor, so they are cached on exactly that.

A line is a ``Line``: the Strip to draw and what it shows (which unit, and for the
Japanese its wrapped line number), so a click maps back to a character.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from rich.cells import cell_len, get_character_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from bireader.render import STYLE_READING, STYLE_TERM, cue_time, flow_items, styled_en, vocab_items, wrap_spans

if TYPE_CHECKING:
    from rich.console import Console

    from bireader.annotate import UnitNotes
    from bireader.model import Token, Unit

STYLE_CURSOR = "reverse bold"
# The learner's words: unknown ones stand out, learning ones are underlined, known ones plain.
STYLE_UNKNOWN = "bold #ffd75f"
STYLE_LEARNING = "underline"
MARK_UNKNOWN = "°"  # with NO_COLOR a colour cannot say "unknown": a mark after the word does
STYLE_NUMBER = Style(bold=True, color="#5fafff")
STYLE_NUMBER_DOUBT = Style(bold=True, color="#ffaf00")
STYLE_TIME = Style(dim=True)
STYLE_SEPARATOR = Style(dim=True)
STYLE_CURRENT = Style(bgcolor="#262c3a")
STYLE_PENDING = Style(dim=True, italic=True)
SEPARATOR = "│ "
NUMBER_WIDTH = 6
TIMED_NUMBER_WIDTH = 9  # a subtitle cue's time (0:01:02) goes under its number
NARROW = 90  # under this many columns the English goes under the Japanese


@dataclass(eq=False)
class UnitState:
    """A unit as the reader holds it: its text at once, the rest as workers fill it in.

    ``en`` is None until the English is made (gloss, translation); ``unit`` is None until the
    stream produced the unit. ``version`` changes whenever something shown changes, so the
    layout cache knows when a unit's lines are stale.
    """

    index: int
    ja: str  # as displayed (control characters made visible)
    en: str | None
    paragraph: int
    ja_start: int
    unit: Unit | None = None
    tokens: list[Token] | None = None  # the words the cursor visits, tokenized on first visit
    notes: UnitNotes | None = None  # glossary marks, vocabulary line, word spans
    readings: tuple[tuple[int, int, str], ...] | None = None
    statuses: tuple[tuple[int, int, str], ...] = ()  # (start, end, new|learning) of the words not known
    matches: list | None = None  # dictionary words of the unit (compounds), for the lookup panel
    version: int = 0

    def touch(self) -> None:
        self.version += 1


@dataclass(frozen=True, slots=True)
class Line:
    """One terminal line of a unit: what to draw and, for a Japanese line, which wrapped line it is."""

    strip: Strip
    unit: int
    ja_line: int = -1


@dataclass(frozen=True, slots=True)
class JaLayout:
    """A unit's Japanese wrapped to a width: the lines, where each starts in the displayed text, and
    per displayed character its offset in the unit's text (-1 inside a reading or a mark)."""

    lines: tuple[Text, ...]
    line_starts: tuple[int, ...]
    origin: tuple[int, ...]

    def offset_at(self, line: int, x: int) -> int | None:
        """The character of the unit's text shown at cell ``x`` of wrapped line ``line``, or None."""
        if not 0 <= line < len(self.lines):
            return None
        cells = 0
        for i, ch in enumerate(self.lines[line].plain):
            cells += get_character_cell_size(ch)
            if cells > x:
                k = self.line_starts[line] + i
                # A click on a reading belongs to the word before it.
                while k >= 0 and (k >= len(self.origin) or self.origin[k] == -1):
                    k -= 1
                return self.origin[k] if k >= 0 else None
        return None


def column_widths(width: int, *, timed: bool = False) -> tuple[int, int, int, bool]:
    """(number column, Japanese column, English column, narrow) for a view ``width`` cells wide."""
    number = TIMED_NUMBER_WIDTH if timed else NUMBER_WIDTH
    text = max(width - number, 8)
    if width < NARROW:
        return number, text, text, True
    ja = (text - len(SEPARATOR)) // 2
    return number, ja, text - len(SEPARATOR) - ja, False


def ja_layout(
    text: str,
    width: int,
    *,
    cursor: tuple[int, int] | None = None,
    marks: Sequence[tuple[int, int]] = (),
    readings: Sequence[tuple[int, int, str]] = (),
    statuses: Sequence[tuple[int, int, str]] = (),
    no_color: bool = False,
) -> JaLayout:
    """The Japanese of a unit, styled (word statuses, glossary terms, the cursor), readings after
    their words, wrapped to ``width`` cells without breaking a word from its reading."""
    styled = Text(text)
    for s, e, status in statuses:
        styled.stylize(STYLE_LEARNING if status == "learning" else ("bold" if no_color else STYLE_UNKNOWN), s, e)
    for s, e in marks:
        styled.stylize(STYLE_TERM, s, e)
    if cursor:
        styled.stylize(STYLE_CURSOR, *cursor)
    after: dict[int, list[tuple[str, str]]] = {}
    for _, end, reading in readings:
        after.setdefault(end, []).append((f"({reading})", STYLE_READING))
    if no_color:
        for _, end, status in statuses:
            if status == "new":
                after.setdefault(end, []).insert(0, (MARK_UNKNOWN, "bold"))
    keep: list[tuple[int, int]] = []
    if after:
        display = Text()
        origin: list[int] = []
        starts = {end: start for start, end, _ in (*readings, *statuses)}
        pos = 0
        for piece in styled.divide(sorted(after)):
            if not piece.plain:
                continue
            display.append_text(piece)
            origin.extend(range(pos, pos + len(piece.plain)))
            pos += len(piece.plain)
            shown = after.get(pos, ())
            if shown:
                word_start = len(origin) - (pos - starts.get(pos, pos))
                for extra, style in shown:
                    display.append(extra, style=style)
                    origin.extend([-1] * len(extra))
                keep.append((word_start, len(origin)))  # the word with its reading stays on one line
    else:
        display, origin = styled, list(range(len(text)))
    lines: list[Text] = []
    line_starts: list[int] = []
    plain = display.plain
    base = 0
    for part in plain.split("\n"):
        end = base + len(part)
        part_keep = [(a - base, b - base) for a, b in keep if base <= a and b <= end]
        for s, e in wrap_spans(part, max(width, 4), part_keep) or [(0, 0)]:
            lines.append(display[base + s:base + e])
            line_starts.append(base + s)
        base = end + 1
    return JaLayout(tuple(lines), tuple(line_starts), tuple(origin))


def english_text(state: UnitState) -> Text:
    """The unit's English as shown: the text (glossary terms marked), or why there is none."""
    if state.en is None:
        return Text("…", style=STYLE_PENDING)
    unit = state.unit
    source = unit.source if unit is not None else ""
    if not state.en.strip():
        if unit is not None and unit.is_code:
            return Text("")
        return Text("(no English partner)" if source == "aligned" else "(no English)", style="dim italic")
    return styled_en(state.en, state.notes, style="italic" if source == "gloss" else "")


def unit_lines(
    state: UnitState,
    width: int,
    console: Console,
    *,
    cursor: tuple[int, int] | None,
    current: bool,
    doubtful: bool,
    show_readings: bool,
    timed: bool,
    no_color: bool,
) -> tuple[list[Line], JaLayout]:
    """The lines of one unit: its number (and cue time), the Japanese beside the English (or above
    it when narrow), the vocabulary line under both, and one blank line after."""
    number_w, ja_w, en_w, narrow = column_widths(width, timed=timed)
    notes = state.notes
    ja = ja_layout(
        state.ja,
        ja_w - 1,
        cursor=cursor,
        marks=notes.ja_marks if notes is not None else (),
        readings=(state.readings or ()) if show_readings else (),
        statuses=state.statuses,
        no_color=no_color,
    )
    en_lines = list(english_text(state).wrap(console, max(en_w - 1, 4), overflow="fold")) or [Text("")]
    vocab = vocab_items(notes) if notes is not None else []
    vocab_lines = flow_items(vocab, max((ja_w if narrow else width - number_w) - 1, 8)) if vocab else []
    base = STYLE_CURRENT if current else Style()
    label = f"{state.index + 1}{'?' if doubtful else ''}"
    marker = "▌" if current else " "
    numbers = [
        Segment(marker, STYLE_NUMBER + base),
        Segment(label.rjust(number_w - 2) + " ", (STYLE_NUMBER_DOUBT if doubtful else STYLE_NUMBER) + base),
    ]
    time_start = state.unit.time_start if state.unit is not None else None
    second = [Segment(marker + (cue_time(time_start).rjust(number_w - 2) + " " if time_start is not None else " " * (number_w - 1)), STYLE_TIME + base)]
    blank_number = [Segment(marker + " " * (number_w - 1), base)]

    def number_for(row: int) -> list[Segment]:
        return numbers if row == 0 else (second if row == 1 else blank_number)

    def cells(text: Text, w: int) -> list[Segment]:
        segments = list(text.render(console, end=""))
        gap = w - cell_len(text.plain)
        if gap > 0:
            segments.append(Segment(" " * gap))
        return segments

    lines: list[Line] = []
    row = 0
    if narrow:
        for k, ja_line in enumerate(ja.lines):
            lines.append(Line(_strip(number_for(row) + cells(ja_line, ja_w), width, base), state.index, k))
            row += 1
        for en_line in en_lines:
            lines.append(Line(_strip(number_for(row) + cells(en_line, en_w), width, base), state.index))
            row += 1
    else:
        for k in range(max(len(ja.lines), len(en_lines))):
            segments = number_for(row)
            segments = segments + cells(ja.lines[k] if k < len(ja.lines) else Text(""), ja_w)
            segments.append(Segment(SEPARATOR, STYLE_SEPARATOR))
            segments += cells(en_lines[k] if k < len(en_lines) else Text(""), en_w)
            lines.append(Line(_strip(segments, width, base), state.index, k if k < len(ja.lines) else -1))
            row += 1
    for vocab_line in vocab_lines:
        vocab_line.stylize("dim")
        lines.append(Line(_strip(number_for(row) + cells(vocab_line, width - number_w), width, base), state.index))
        row += 1
    while row < 2 and time_start is not None:  # the cue time needs a second line
        lines.append(Line(_strip(number_for(row), width, base), state.index))
        row += 1
    lines.append(Line(Strip.blank(width), state.index))
    return lines, ja


def _strip(segments: list[Segment], width: int, base: Style) -> Strip:
    strip = Strip(segments).adjust_cell_length(width)
    return strip.apply_style(base) if base else strip
