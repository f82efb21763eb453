"""``ReaderApp``: the interactive reader (``bireader read FILE -i``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from textual.app import App

from bireader.render import describe_source, display_text
from bireader.tui.screens import ReaderScreen

if TYPE_CHECKING:
    from bireader.model import Reading, Unit
    from bireader.reading import ReadingStream


class ReaderApp(App):
    """Holds the reading and shows it on a ``ReaderScreen``.

    Args:
        reading: a ``Reading`` or a ``ReadingStream`` (units produced as the screen loads them,
            so a long glossed text opens at once).
        vocab: the vocabulary line under each unit, as in ``bireader read``: ``all``, ``rare``,
            ``glossary`` (the user's terms only) or ``none``.
        readings: start with readings shown.
        first_unit: 0-based unit to put the cursor on first.
    """

    CSS_PATH = "reader.tcss"
    TITLE = "bireader"

    def __init__(
        self, reading: Reading | ReadingStream, *, vocab: str = "rare", readings: bool = False, first_unit: int = 0
    ) -> None:
        super().__init__()
        self.reading = reading
        self.vocab = vocab
        self.start_with_readings = readings
        self.first_unit = first_unit
        name = reading.ja.path or "standard input"
        self.title = display_text(Path(name).name)
        self.sub_title = display_text(describe_source(reading.source).split(" (use --english")[0])

    def unit_source(self) -> Iterator[Unit]:
        """The units, in order (called from the loading worker)."""
        units = getattr(self.reading, "units", None)
        if callable(units):  # a ReadingStream
            return units()
        return iter(units or ())

    def on_mount(self) -> None:
        screen = ReaderScreen(first_unit=self.first_unit)
        self.push_screen(screen)
        if self.start_with_readings:
            screen.readings = True
