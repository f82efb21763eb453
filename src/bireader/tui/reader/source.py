"""``UnitSource``: the reader's view of a reading — any unit's text at once, the rest on demand.

A long text is never produced whole: the reader peeks at units' text (free: no gloss, no
translation) to place, search and go to them, and asks for the units themselves only
when they come on screen (``produce``, from a worker: a gloss or a translation takes time).
Unit states live in a bounded LRU cache, so paging through a whole book keeps memory flat.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING, Iterator

from textual.cache import LRUCache

from bireader.render import display_text
from bireader.tui.reader.layout import UnitState

if TYPE_CHECKING:
    from bireader.model import Chapter, Reading, Unit
    from bireader.reading import ReadingStream, UnitText

CACHE_UNITS = 1500  # unit states kept; a screen shows a few dozen


class _Column:
    """One field of every unit's peek, as a sequence ``bisect`` can search (it is sorted: units are in text order)."""

    def __init__(self, source: UnitSource, name: str) -> None:
        self.source, self.name = source, name

    def __len__(self) -> int:
        return self.source.total

    def __getitem__(self, index: int) -> int:
        return getattr(self.source.peek(index), self.name)


class UnitSource:
    """Units of a ``Reading`` (all made) or a ``ReadingStream`` (made as asked), for the reader."""

    def __init__(self, reading: Reading | ReadingStream) -> None:
        self.reading = reading
        self.document = reading.ja
        self.states: LRUCache[int, UnitState] = LRUCache(CACHE_UNITS)
        self._frozen: tuple[Unit, ...] | None = None if callable(getattr(reading, "units", None)) else reading.units

    # --- size -----------------------------------------------------------------------

    @property
    def total(self) -> int:
        """Units known so far (a book aligned chapter by chapter grows)."""
        return len(self._frozen) if self._frozen is not None else self.reading.total

    @property
    def complete(self) -> bool:
        return self._frozen is not None or self.reading.complete

    def more(self) -> int:
        """Align the next pending part (blocking; call from a worker) and return the new total."""
        return self.total if self._frozen is not None else self.reading.wait_more()

    # --- units ----------------------------------------------------------------------

    def peek(self, index: int) -> UnitText:
        if self._frozen is not None:
            from bireader.reading import UnitText

            unit = self._frozen[index]
            return UnitText(unit.ja, unit.en, unit.paragraph, unit.ja_start)
        return self.reading.peek(index)

    def state(self, index: int) -> UnitState:
        """Unit ``index``'s state, made from its text if the cache does not hold it."""
        state = self.states.get(index)
        if state is None:
            if self._frozen is not None:
                unit = self._frozen[index]
                state = UnitState(index, display_text(unit.ja), display_text(unit.en), unit.paragraph, unit.ja_start, unit)
            else:
                text = self.peek(index)
                en = None if text.en is None else display_text(text.en)
                state = UnitState(index, display_text(text.ja), en, text.paragraph, text.ja_start)
            self.states.set(index, state)
        return state

    def held(self) -> list[UnitState]:
        """The unit states in the cache now (what a change to the glossary or the words must redo)."""
        return [state for key in self.states.keys() if (state := self.states.get(key)) is not None]

    def produce(self, start: int, stop: int) -> Iterator[Unit]:
        """Units ``start..stop``, glossed or translated as the stream does (slow: from a worker)."""
        if self._frozen is not None:
            return iter(self._frozen[start:stop])
        return self.reading.units(start, stop)

    # --- places ---------------------------------------------------------------------

    def unit_at_offset(self, offset: int) -> int:
        """The unit holding character ``offset`` of the Japanese text (the last one starting at or before it)."""
        if not self.total:
            return 0
        return max(bisect.bisect_right(_Column(self, "ja_start"), offset) - 1, 0)

    def chapter_units(self) -> list[tuple[Chapter, int]]:
        """Each chapter of the document with the first unit in it (chapters not reached yet are left out)."""
        column = _Column(self, "paragraph")
        out = []
        for chapter in self.document.chapters:
            index = bisect.bisect_left(column, chapter.paragraph)
            if index < self.total:
                out.append((chapter, index))
        return out

    def chapter_at(self, index: int, chapters: list[tuple[Chapter, int]]) -> int:
        """The position in ``chapters`` (from ``chapter_units``) of the chapter unit ``index`` is in; -1 before the first."""
        return bisect.bisect_right(chapters, index, key=lambda chapter: chapter[1]) - 1

    def chapter_of(self, index: int, chapters: list[tuple[Chapter, int]]) -> Chapter | None:
        """The chapter unit ``index`` is in (from ``chapter_units``), or None before the first."""
        at = self.chapter_at(index, chapters)
        return chapters[at][0] if at >= 0 else None

    def search(self, query: str, after: int) -> tuple[int, int | None] | None:
        """The next unit after ``after`` (wrapping) whose Japanese or English holds ``query``
        (case-folded), and where in the Japanese (None for a match in the English).

        The whole text is searched, shown or not: Japanese from the text itself, English where
        the stream has it (an aligned version) or a unit already made holds it."""
        needle = query.casefold()
        total = self.total
        if not needle or not total:
            return None
        for step in range(1, total + 1):
            index = (after + step) % total
            text = self.peek(index)
            at = text.ja.casefold().find(needle)
            if at >= 0:
                return index, at
            en = text.en
            if en is None:
                state = self.states.get(index)
                en = state.en if state is not None else None
            if en and needle in en.casefold():
                return index, None
        return None
