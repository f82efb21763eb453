"""The interactive reader (``bireader read FILE -i``).

``app.ReaderApp`` holds the reading and the place in it; ``source.UnitSource`` gives any
unit's text at once and the rest on demand; ``view.ReadingView`` draws only what is on
screen (``layout`` lays one unit out); ``screen.ReaderScreen`` owns the cursor, the keys and
the workers; ``learner`` the learner's keys (k l i u m K); ``dialogs``, ``kanji`` and ``panel``
the rest of what it shows.
"""

from bireader.tui.reader.app import ReaderApp
from bireader.tui.reader.screen import ReaderScreen

__all__ = ["ReaderApp", "ReaderScreen"]
