"""``ReaderApp``: the interactive reader (``bireader read FILE -i``), and where it keeps your place.

The place is kept per document in ``user.db`` (``bireader.positions``): found again by the
hash of the text (a renamed or moved file resumes) or, failing that, by its path (an
edited file resumes at the same unit number, and says the text changed). It is saved when
the reader closes and every few seconds while it is open, so a killed terminal loses
at most those seconds.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App

from bireader.errors import BireaderError
from bireader.render import describe_source, display_text
from bireader.tui.reader.screen import ReaderScreen
from bireader.tui.reader.source import UnitSource

if TYPE_CHECKING:
    from bireader.model import Reading
    from bireader.reading import ReadingStream

SAVE_EVERY = 5.0  # seconds between saves of the place while reading


class ReaderApp(App):
    """Holds the reading and shows it on a ``ReaderScreen``.

    Args:
        reading: a ``Reading`` or a ``ReadingStream`` (units made as they come on screen, so a
            long glossed text opens at once).
        vocab: the vocabulary line under each unit, as in ``bireader read``: ``all``, ``rare``,
            ``unknown``, ``glossary`` (the user's terms only) or ``none``.
        readings: start with readings shown.
        first_unit: 0-based unit to open at; None: where the user left this document (unit 0
            the first time).
        remember: keep the place in ``user.db`` (and resume from it when ``first_unit`` is None).
    """

    CSS_PATH = "reader.tcss"
    TITLE = "bireader"

    def __init__(
        self,
        reading: Reading | ReadingStream,
        *,
        vocab: str = "rare",
        readings: bool = False,
        first_unit: int | None = None,
        remember: bool = True,
    ) -> None:
        super().__init__()
        self.reading = reading
        self.source = UnitSource(reading)
        self.vocab = vocab
        self.start_with_readings = readings
        self.first_unit = first_unit
        self.remember = remember and bool(reading.ja.text)
        self.resume_notice = ""
        self.save_error = ""  # a place that could not be kept as the reader closed: the CLI says it after
        self._saved: tuple | None = None
        name = reading.ja.path or "standard input"
        self.title = display_text(Path(name).name)
        self.sub_title = display_text(describe_source(reading.source).split(" (use --english")[0])

    @property
    def level(self) -> str:
        return getattr(self.reading, "level", "paragraph")

    def on_mount(self) -> None:
        first = self.first_unit
        if first is None:
            first = self._resumed_unit() if self.remember else 0
        self.push_screen(ReaderScreen(self.source, first_unit=first, readings=self.start_with_readings))
        if self.resume_notice:
            self.notify(self.resume_notice, timeout=6)
        if self.remember:
            self.set_interval(SAVE_EVERY, self.save_position_later)

    # --- the place ----------------------------------------------------------------

    def _resumed_unit(self) -> int:
        """Where this document was left (0 if never read); sets the notice that says so."""
        from bireader.positions import open_positions, resume_notice, resume_unit

        doc = self.reading.ja
        try:
            with open_positions() as store:
                found = store.find(doc.text_hash, doc.path, self.level)
        except BireaderError as err:
            # A broken user.db is not written to either; the reading itself goes on.
            self.resume_notice = f"Your place could not be read, and will not be kept: {err.message}"
            self.remember = False
            return 0
        if found is None:
            return 0
        total = self.source.total
        if found.matched_by == "text" and found.total != total:
            # Same text, units counted another way (another English source): find the same place.
            unit = self.source.unit_at_offset(found.ja_offset)
        else:
            unit = resume_unit(found, total)
        if unit <= 0 and found.unit <= 0:
            return 0
        self.resume_notice = resume_notice(replace(found, unit=unit), total)
        return unit

    def position(self, screen: ReaderScreen | None = None) -> dict | None:
        """What would be saved now: the cursor's unit and where it starts, or None before there is one."""
        if screen is None:
            screen = next((s for s in self.screen_stack if isinstance(s, ReaderScreen)), None)
        if screen is None or screen.unit < 0 or not self.source.total:
            return None
        doc = self.reading.ja
        chapter = self.source.chapter_of(screen.unit, screen.chapters())
        return {
            "text_hash": doc.text_hash,
            "path": doc.path or "",
            "title": doc.title or Path(doc.path or "standard input").name,
            "level": self.level,
            "unit": screen.unit,
            "total": self.source.total,
            "ja_offset": self.source.state(screen.unit).ja_start,
            "chapter": chapter.title if chapter is not None else "",
        }

    def save_position(self, screen: ReaderScreen | None = None) -> None:
        """Keep the place now, on this thread (when the reader closes)."""
        where = self.position(screen)
        if self.remember and where is not None and tuple(where.values()) != self._saved:
            self._write_position(where)

    def save_position_later(self) -> None:
        """Every few seconds: keep the place if it moved, written by a worker."""
        where = self.position()
        if self.remember and where is not None and tuple(where.values()) != self._saved:
            self.run_worker(lambda: self._write_position(where, threaded=True), thread=True, group="position")

    def _write_position(self, where: dict, *, threaded: bool = False) -> None:
        from bireader.positions import open_positions

        try:
            with open_positions() as store:
                store.save(**where)
            self._saved = tuple(where.values())
        except BireaderError as err:
            self.remember = False  # say it once, not every few seconds
            message = f"Your place was not saved: {err.message}"
            self.save_error = message
            if threaded:
                self.call_from_thread(self.notify, message, severity="error", timeout=8)
            else:
                self.notify(message, severity="error", timeout=8)
