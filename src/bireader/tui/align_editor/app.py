"""``AlignEditorApp``: the alignment editor (``bireader align JA EN -i``)."""

from __future__ import annotations

from typing import Callable, Sequence

from textual.app import App

from bireader.alignments.beads import SavedBead
from bireader.document import strip_controls
from bireader.tui.align_editor.screen import EditorScreen


class AlignEditorApp(App[int]):
    """Holds the two texts' units and the beads, and shows them on an ``EditorScreen``.

    Args:
        ja_units, en_units: the units' texts at the alignment's level.
        beads: the bead list to start from (a monotone cover of both).
        save: stores a bead list (``w``); raises ``BireaderError`` when it cannot. None: saving
            only counts (for tests that check what would be saved through ``saved``).
        doubt: a bead scored below this, and not confirmed, is doubtful.
        title, subtitle: for the header (the file names, the level).

    The app's return value is how many times the beads were saved.
    """

    TITLE = "bireader align"
    ENABLE_COMMAND_PALETTE = False

    def __init__(
        self,
        ja_units: Sequence[str],
        en_units: Sequence[str],
        beads: Sequence[SavedBead],
        *,
        save: Callable[[tuple[SavedBead, ...]], None] | None = None,
        doubt: float = 0.9,
        title: str = "",
        subtitle: str = "",
    ) -> None:
        super().__init__()
        if not beads:
            raise ValueError("the alignment editor needs at least one bead")
        self.ja_units = list(ja_units)
        self.en_units = list(en_units)
        self.initial_beads = tuple(beads)
        self.save_function = save
        self.doubt = doubt
        self.saves = 0
        self.saved: tuple[SavedBead, ...] | None = None
        if title:
            self.title = strip_controls(title)
        if subtitle:
            self.sub_title = strip_controls(subtitle)

    def on_mount(self) -> None:
        self.push_screen(EditorScreen(self.ja_units, self.en_units, self.initial_beads, doubt=self.doubt))

    def save_beads(self, beads: tuple[SavedBead, ...]) -> None:
        """Save ``beads`` (the screen's ``w``)."""
        if self.save_function is not None:
            self.save_function(beads)
        self.saved = beads
        self.saves += 1

    def exit(self, result: int | None = None, *args, **kwargs) -> None:  # type: ignore[override]
        super().exit(self.saves if result is None else result, *args, **kwargs)
