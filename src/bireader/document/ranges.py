"""Unit ranges as the user writes them (``--range 3-7``), shared by ``read``, ``export`` and ``words``."""

from __future__ import annotations

from bireader.errors import InputError


def parse_range(text: str | None, total: int) -> tuple[int, int]:
    """``3-7`` → 0-based half-open ``(2, 7)``; ``3`` is one unit, ``3-`` runs to the end, ``-7`` from the start.

    Raises:
        InputError: not a range, or outside 1..total.
    """
    if text is None:
        return 0, total
    value = text.strip().replace("–", "-").replace(":", "-")
    first_s, dash, last_s = value.partition("-")
    try:
        first = int(first_s) if first_s.strip() else 1
        last = (int(last_s) if last_s.strip() else total) if dash else first
    except ValueError:
        raise InputError(f"--range {text!r} is not a range of unit numbers like 3-7") from None
    if first < 1 or last < first:
        raise InputError(f"--range {text!r} is not a range of unit numbers like 3-7 (numbers start at 1)")
    if first > total:
        raise InputError(f"--range {text!r} starts after the last unit ({total})")
    return first - 1, min(last, total)
