"""``BeadList``: one row per bead, Japanese beside English, rendered a line at a time.

A ``ScrollView`` with the Line API (as toolong's ``LogLines``): only the rows on screen are
rendered, and rendered rows are kept in a bounded cache, so 2,000 beads open as fast as
twenty and a key redraws two rows. Every row is ``ROW_LINES`` high except the cursor's,
which shows its whole text, one unit per paragraph; so the line → row arithmetic is O(1).
"""

from __future__ import annotations

import math
from typing import Sequence

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from bireader.alignments.beads import SavedBead
from bireader.alignments.edit import is_doubtful
from bireader.document import strip_controls

ROW_LINES = 2
NUMBER_WIDTH = 6
SCORE_WIDTH = 7
SEPARATOR = " │ "

STYLE_NUMBER = Style(dim=True)
STYLE_UNIT_NUMBER = Style(dim=True, italic=True)
STYLE_SEPARATOR = Style(dim=True)
STYLE_DOUBTFUL = Style(color="black", bgcolor="yellow", bold=True)
STYLE_CONFIRMED = Style(color="green", bold=True)
STYLE_EVEN = Style(bgcolor="#1e1e1e")
STYLE_ODD = Style(bgcolor="#262626")
STYLE_DOUBTFUL_ROW = Style(bgcolor="#3a3418")
STYLE_CURSOR = Style(bgcolor="#1f3f66")
STYLE_ACTIVE_SIDE = Style(bgcolor="#2a5488")


def column_widths(width: int) -> tuple[int, int]:
    """Widths of the Japanese and English columns in a row ``width`` cells wide."""
    text = max(width - NUMBER_WIDTH - SCORE_WIDTH - len(SEPARATOR), 8)
    ja = text // 2
    return ja, text - ja


def header_text(width: int, side: str) -> Text:
    """The column header line above the list; the side ``<``/``>`` act on is marked."""
    ja_w, en_w = column_widths(width)
    ja = ("▸ Japanese" if side == "ja" else "  Japanese").ljust(ja_w)
    en = ("▸ English" if side == "en" else "  English").ljust(en_w)
    line = Text(no_wrap=True, overflow="crop")
    line.append("bead".rjust(NUMBER_WIDTH - 1) + " ", STYLE_NUMBER)
    line.append(" score ", STYLE_NUMBER)
    line.append(ja, Style(bold=side == "ja"))
    line.append(SEPARATOR, STYLE_SEPARATOR)
    line.append(en, Style(bold=side == "en"))
    return line


def format_score(score: float) -> str:
    """A score in two decimals, rounded down: 0.898 shows as 0.89, so a bead shown 0.90 is never doubtful at 0.9."""
    return f"{math.floor(score * 100) / 100:5.2f}"


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - cell_len(text), 0)


class BeadList(ScrollView, can_focus=True, inherit_bindings=False):
    """The bead rows. The screen owns the beads and tells the list with ``show``.

    It has no keys of its own (the scrolling keys it would inherit move the view, not the
    cursor); a click on a row posts ``BeadList.Clicked``.
    """

    class Clicked(Message):
        """A row was clicked."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    DEFAULT_CSS = """
    BeadList {
        overflow-x: hidden;
        overflow-y: auto;
        height: 1fr;
    }
    """

    def __init__(self, ja_units: Sequence[str], en_units: Sequence[str], *, doubt: float, **kwargs) -> None:
        super().__init__(**kwargs)
        # Untrusted text is shown literally: Rich Text takes no markup; control characters go here.
        self.ja_units = [strip_controls(t) for t in ja_units]
        self.en_units = [strip_controls(t) for t in en_units]
        self.doubt = doubt
        self.beads: tuple[SavedBead, ...] = ()
        self.cursor = 0
        self.side = "ja"
        self._cursor_lines: list[Strip] = []
        self._rows: LRUCache[tuple, list[Strip]] = LRUCache(1024)

    # --- what to show --------------------------------------------------------

    def show(self, beads: tuple[SavedBead, ...], cursor: int, side: str | None = None) -> None:
        """Show ``beads`` with the cursor on bead ``cursor`` (and ``side`` marked), scrolled into view."""
        self.beads = beads
        self.cursor = max(0, min(cursor, len(beads) - 1))
        if side is not None:
            self.side = side
        self._cursor_lines = self._render_row(self.cursor, cursor=True)
        self._update_virtual_size()
        self.scroll_to_cursor()
        self.refresh()

    def scroll_to_cursor(self) -> None:
        """Scroll so that the cursor's row is on screen (the whole row when it fits)."""
        height = self.scrollable_content_region.height or self.size.height
        if not height:
            return
        top = self.cursor * ROW_LINES
        bottom = top + len(self._cursor_lines)
        y = self.scroll_offset.y
        if top < y:
            y = top
        elif bottom > y + height:
            # Scroll just enough to show the row's end; a row taller than the screen shows its start.
            y = bottom - height if bottom - top <= height else top
        if y != self.scroll_offset.y:
            self.scroll_to(y=y, animate=False, immediate=True)

    def _update_virtual_size(self) -> None:
        rows = len(self.beads)
        lines = max(rows - 1, 0) * ROW_LINES + len(self._cursor_lines)
        self.virtual_size = Size(self._width(), lines)

    def _width(self) -> int:
        return self.scrollable_content_region.width or self.size.width or 80

    def on_resize(self) -> None:
        if self.beads:
            self._cursor_lines = self._render_row(self.cursor, cursor=True)
            self._update_virtual_size()
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        index, _ = self.row_at(event.y + self.scroll_offset.y)
        if index < len(self.beads):
            self.post_message(self.Clicked(index))

    # --- Line API ------------------------------------------------------------

    def row_at(self, line: int) -> tuple[int, int]:
        """The bead shown on virtual line ``line`` and the line within its row."""
        cursor_top = self.cursor * ROW_LINES
        if line < cursor_top:
            return divmod(line, ROW_LINES)
        cursor_height = len(self._cursor_lines)
        if line < cursor_top + cursor_height:
            return self.cursor, line - cursor_top
        row, within = divmod(line - cursor_top - cursor_height, ROW_LINES)
        return self.cursor + 1 + row, within

    def render_line(self, y: int) -> Strip:
        width = self._width()
        index, within = self.row_at(y + self.scroll_offset.y)
        if index >= len(self.beads):
            return Strip.blank(width)
        if index == self.cursor:
            lines = self._cursor_lines
        else:
            lines = self._render_row(index, cursor=False)
        if within >= len(lines):
            return Strip.blank(width)
        return lines[within]

    # --- rows ----------------------------------------------------------------

    def _render_row(self, index: int, *, cursor: bool) -> list[Strip]:
        if not self.beads:
            return [Strip.blank(self._width())]
        bead = self.beads[index]
        width = self._width()
        doubtful = is_doubtful(bead, self.doubt)
        key = (index, bead, width, cursor, self.side if cursor else "", doubtful)
        cached = self._rows.get(key)
        if cached is not None:
            return cached
        lines = self._build_row(index, bead, width, cursor=cursor, doubtful=doubtful)
        self._rows.set(key, lines)
        return lines

    def _wrap(self, texts: Sequence[tuple[int, str]], width: int, *, full: bool, joiner: str) -> list[tuple[str, str]]:
        """Lines of a column: ``(unit label, text)``; the cursor row starts each unit on a new line."""
        console = self.app.console
        out: list[tuple[str, str]] = []
        if not full:
            joined = joiner.join(t for _, t in texts)
            # Two lines need at most two widths of characters: the rest is not wrapped at all.
            head = joined[: 2 * width + 2]
            wrapped = Text(head).wrap(console, width, overflow="fold")
            for line in wrapped[:ROW_LINES]:
                out.append(("", line.plain))
            if len(wrapped) > ROW_LINES or len(joined) > len(head):
                last = out[-1][1].rstrip()
                if cell_len(last) >= width:
                    last = last[:-1]
                out[-1] = ("", last + "…")
            return out
        label_width = max((len(str(i)) for i, _ in texts), default=1) + 1
        for unit, text in texts:
            label = str(unit).rjust(label_width - 1) + " "
            wrapped = Text(text).wrap(console, max(width - label_width, 4), overflow="fold") or [Text("")]
            for k, line in enumerate(wrapped):
                out.append((label if k == 0 else " " * label_width, line.plain))
        return out

    def _build_row(self, index: int, bead: SavedBead, width: int, *, cursor: bool, doubtful: bool) -> list[Strip]:
        ja_w, en_w = column_widths(width)
        ja_texts = [(i, self.ja_units[i]) for i in bead.ja]
        en_texts = [(i, self.en_units[i]) for i in bead.en]
        # Japanese units join with nothing, English with a space, as the reader shows them.
        ja_lines = self._wrap(ja_texts, ja_w, full=cursor, joiner="")
        en_lines = self._wrap(en_texts, en_w, full=cursor, joiner=" ")
        height = max(len(ja_lines), len(en_lines), ROW_LINES) if cursor else ROW_LINES
        if cursor:
            viewport = self.scrollable_content_region.height or self.size.height or 24
            height = min(height, max(viewport - 1, ROW_LINES))
        if cursor:
            base = STYLE_CURSOR
        elif doubtful:
            base = STYLE_DOUBTFUL_ROW
        else:
            base = STYLE_EVEN if index % 2 == 0 else STYLE_ODD
        active = STYLE_ACTIVE_SIDE if cursor else base
        ja_style = active if cursor and self.side == "ja" else base
        en_style = active if cursor and self.side == "en" else base
        shown = format_score(bead.score)
        if bead.confirmed:
            score_text, score_style = f"✓{shown} ", base + STYLE_CONFIRMED
        elif doubtful:
            score_text, score_style = f"?{shown} ", STYLE_DOUBTFUL
        else:
            score_text, score_style = f" {shown} ", base + STYLE_NUMBER
        strips = []
        for k in range(height):
            number = str(index + 1).rjust(NUMBER_WIDTH - 1) + " " if k == 0 else " " * NUMBER_WIDTH
            score = score_text if k == 0 else " " * SCORE_WIDTH
            segments = [
                Segment(number, base + STYLE_NUMBER),
                Segment(score, score_style if k == 0 else base),
            ]
            for lines, col_w, style in ((ja_lines, ja_w, ja_style), (en_lines, en_w, en_style)):
                label, text = lines[k] if k < len(lines) else ("", "")
                if label:
                    segments.append(Segment(label, style + STYLE_UNIT_NUMBER))
                segments.append(Segment(_pad(text, col_w - cell_len(label)), style))
                if lines is ja_lines:
                    segments.append(Segment(SEPARATOR, base + STYLE_SEPARATOR))
            strip = Strip(segments).adjust_cell_length(width, base)
            strips.append(strip)
        if cursor and height < max(len(ja_lines), len(en_lines)):
            # A bead longer than the screen: say so on its last line rather than cut it silently.
            more = [Segment(" " * NUMBER_WIDTH, base), Segment("… (longer than the screen)", base + STYLE_NUMBER)]
            strips[-1] = Strip(more).adjust_cell_length(width, base)
        return strips
