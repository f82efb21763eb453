"""The review screen (``bireader review``): ``ReviewApp`` in ``app.py``, ``ReviewScreen`` in ``screen.py``."""

from bireader.tui.review.app import ReviewApp
from bireader.tui.review.screen import ReviewScreen

__all__ = ["ReviewApp", "ReviewScreen"]
