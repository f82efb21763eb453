"""``ReviewApp``: the review screen (``bireader review``) over a ``ReviewSession``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App

from bireader.tui.review.screen import ReviewScreen

if TYPE_CHECKING:
    from bireader.review import ReviewSession


class ReviewApp(App):
    """Holds the session (the queue of cards and the store) and shows it on a ``ReviewScreen``.

    Args:
        session: the cards of this sitting; every answer is written through it at once.
    """

    TITLE = "bireader review"
    # The layout lives here rather than in a .tcss file: this screen family ships as one package.
    CSS = """
    ReviewScreen { layout: vertical; }
    #counts { height: 1; padding: 0 2; }
    #card { height: 1fr; padding: 1 4; }
    #front { padding: 1 0; text-style: none; }
    #answer { padding: 1 0 0 0; border-top: solid $primary-darken-2; }
    #keys { height: 1; padding: 0 2; background: $boost; }
    """

    def __init__(self, session: "ReviewSession") -> None:
        super().__init__()
        self.session = session
        if session.deck:
            self.sub_title = f"deck {session.deck}"

    def on_mount(self) -> None:
        self.push_screen(ReviewScreen(self.session))
