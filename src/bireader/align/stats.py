"""``AlignStats``: what an alignment used (signals, units embedded) and how long it took."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

SIGNALS = ("lengths", "numbers", "names", "dictionary", "embeddings")


@dataclass
class AlignStats:
    """Filled by ``align_units(..., stats=obj)`` (added up over calls, as ``align_documents`` makes several)."""

    signals: set[str] = field(default_factory=set)
    units: int = 0  # units of both sides
    embedded: int = 0  # units whose vectors the search used
    seconds: float = 0.0
    calls: int = 0

    def line(self) -> str:
        """The one summary line of ``bireader align --stats``."""
        used = ", ".join(s for s in SIGNALS if s in self.signals) or "none"
        share = f" ({self.embedded / self.units:.0%})" if self.units else ""
        return f"signals: {used}; embedded {self.embedded} of {self.units} units{share}; {self.seconds:.2f} s"


# The stats every ``align_units`` call adds to when its caller gave none: lets the CLI collect
# the figures of an alignment made several layers down (saved alignments, paragraph passes).
_COLLECTING: ContextVar[AlignStats | None] = ContextVar("bireader_align_stats", default=None)


@contextlib.contextmanager
def collecting(stats: AlignStats) -> Iterator[AlignStats]:
    """Every ``align_units`` call inside the block (without its own ``stats``) adds to ``stats``."""
    token = _COLLECTING.set(stats)
    try:
        yield stats
    finally:
        _COLLECTING.reset(token)


def active(stats: AlignStats | None) -> AlignStats | None:
    """``stats`` if given, else the block's (``collecting``), else None."""
    return stats if stats is not None else _COLLECTING.get()
