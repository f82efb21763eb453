"""``ReadingView``: the reader's text, drawn a line at a time (Textual's Line API).

Only the units on screen are laid out: the view keeps a *top* (a unit and a line inside
it) instead of one tall virtual page, so it never needs the height of the units above —
going to the last unit of a 9,000-unit book lays out one screen, not the book. A unit's
lines are cached on what they depend on (``layout.unit_lines``), in a bounded cache.

The scroll bar in the last column says where the top unit is in the text; a click on it
jumps there.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Callable

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from bireader.tui.reader.layout import JaLayout, Line, column_widths, unit_lines

if TYPE_CHECKING:
    from bireader.tui.reader.source import UnitSource

STYLE_BAR = Style(color="#3a3a3a")
STYLE_THUMB = Style(color="#8a8a8a")


class ReadingView(Widget, can_focus=False):
    """The units from ``top`` down, as many as fit. The screen owns the cursor and tells the view."""

    DEFAULT_CSS = "ReadingView { height: 1fr; }"

    class Clicked(Message):
        """A click on unit ``unit``; ``offset`` is the character of its Japanese clicked, if any."""

        def __init__(self, unit: int, offset: int | None) -> None:
            super().__init__()
            self.unit = unit
            self.offset = offset

    class Shown(Message):
        """Units ``first..end`` (half-open) are on screen now (the screen fills in what they lack)."""

        def __init__(self, first: int, end: int) -> None:
            super().__init__()
            self.first = first
            self.end = end

    def __init__(self, source: UnitSource, *, doubtful: Callable[[int], bool], **kwargs) -> None:
        super().__init__(**kwargs)
        self.source = source
        self.doubtful = doubtful
        self.top = 0  # the unit at the top of the screen
        self.top_line = 0  # how many of its lines are scrolled off
        self.cursor_unit = -1
        self.cursor_span: tuple[int, int] | None = None
        self.show_readings = False
        self.timed = any(p.time_start is not None for p in source.document.paragraphs[:1])
        self.no_color = bool(os.environ.get("NO_COLOR"))
        self._lines: LRUCache[tuple, tuple[list[Line], JaLayout]] = LRUCache(400)
        self._frame: list[Line] | None = None
        self._shown: tuple[int, int] = (0, 0)

    # --- what to show ------------------------------------------------------------

    @property
    def text_width(self) -> int:
        return max((self.size.width or 80) - 1, 20)  # the last column is the scroll bar

    def lines_of(self, index: int) -> tuple[list[Line], JaLayout]:
        """Unit ``index`` laid out at the current width (cached on everything the layout depends on)."""
        state = self.source.state(index)
        current = index == self.cursor_unit
        key = (index, state.version, self.text_width, current, self.cursor_span if current else None, self.show_readings)
        cached = self._lines.get(key)
        if cached is None:
            cached = unit_lines(
                state,
                self.text_width,
                self.app.console,
                cursor=self.cursor_span if current else None,
                current=current,
                doubtful=self.doubtful(index),
                show_readings=self.show_readings,
                timed=self.timed,
                no_color=self.no_color,
            )
            self._lines.set(key, cached)
        return cached

    def height_of(self, index: int) -> int:
        return len(self.lines_of(index)[0])

    def invalidate(self) -> None:
        """Something shown changed (a unit's state, the cursor, the width): draw the frame again."""
        self._frame = None
        self.refresh()

    def set_cursor(self, unit: int, span: tuple[int, int] | None) -> None:
        self.cursor_unit, self.cursor_span = unit, span
        self.invalidate()

    # --- where the top is ----------------------------------------------------------

    def scroll_to_unit(self, index: int) -> None:
        """Put unit ``index`` at the top of the screen."""
        self.top, self.top_line = max(0, min(index, self.source.total - 1)), 0
        self.invalidate()

    def ensure_visible(self, index: int) -> None:
        """Scroll as little as needed to show the whole of unit ``index`` (its start, if taller than the screen)."""
        height = self.size.height or 24
        if index < self.top or (index == self.top and self.top_line):
            self.top, self.top_line = index, 0
        else:
            used = -self.top_line
            for k in range(self.top, index + 1):
                used += self.height_of(k)
                if used > height:
                    break
            if used > height:
                # Bring the unit's end to the bottom: walk back from it while the screen has room.
                top, used = index, self.height_of(index)
                while top > 0 and used + self.height_of(top - 1) <= height:
                    top -= 1
                    used += self.height_of(top)
                self.top, self.top_line = top, 0
        self.invalidate()

    def scroll_lines(self, count: int) -> None:
        """Scroll by ``count`` lines (negative: up); the last unit can go no higher than the top."""
        total = self.source.total
        if not total:
            return
        top, line = self.top, self.top_line + count
        while line < 0 and top > 0:
            top -= 1
            line += self.height_of(top)
        line = max(line, 0)
        while top < total - 1 and line >= self.height_of(top):
            line -= self.height_of(top)
            top += 1
        self.top, self.top_line = top, min(line, self.height_of(top) - 1)
        self.invalidate()

    def shown(self) -> tuple[int, int]:
        """The units on screen: ``start..stop`` (half-open)."""
        self._ensure_frame()
        return self._shown

    # --- Line API ---------------------------------------------------------------------

    def _ensure_frame(self) -> list[Line]:
        if self._frame is None:
            height = self.size.height or 24
            total = self.source.total
            frame: list[Line] = []
            index, skip = self.top, self.top_line
            while len(frame) < height and index < total:
                frame.extend(self.lines_of(index)[0][skip:])
                skip = 0
                index += 1
            self._frame = frame[:height]
            shown = (self.top, index)
            if shown != self._shown:
                self._shown = shown
                self.post_message(self.Shown(*shown))
        return self._frame

    def render_line(self, y: int) -> Strip:
        frame = self._ensure_frame()
        width = self.text_width
        strip = frame[y].strip if y < len(frame) else Strip.blank(width)
        # The widget's own style under every segment (NO_COLOR's filter needs a style on each).
        return Strip([*strip, self._bar(y)], width + 1).apply_style(self.rich_style)

    def _bar(self, y: int) -> Segment:
        total = self.source.total
        height = self.size.height or 1
        if total <= 1:
            return Segment(" ")
        start, stop = self._shown
        if start == 0 and stop >= total and not self.top_line:
            return Segment(" ")  # the whole text is on screen: nothing to scroll
        thumb_top = self.top * height // total
        thumb_end = max(thumb_top + 1, stop * height // total)
        return Segment("┃", STYLE_THUMB) if thumb_top <= y < thumb_end else Segment("│", STYLE_BAR)

    def on_resize(self) -> None:
        self.invalidate()

    # --- the mouse --------------------------------------------------------------------

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.scroll_lines(3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.scroll_lines(-3)

    def on_click(self, event: events.Click) -> None:
        frame = self._ensure_frame()
        if event.x >= self.text_width:  # the scroll bar: jump to that place in the text
            height = self.size.height or 1
            self.post_message(self.Clicked(min(event.y * self.source.total // height, self.source.total - 1), None))
            return
        if not 0 <= event.y < len(frame):
            return
        line = frame[event.y]
        offset = None
        if line.ja_line >= 0:
            number_w = column_widths(self.text_width, timed=self.timed)[0]
            offset = self.lines_of(line.unit)[1].offset_at(line.ja_line, event.x - number_w)
        self.post_message(self.Clicked(line.unit, offset))
