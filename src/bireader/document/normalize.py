"""Normalising text: newlines for documents, NFKC for matching, terminal safety for display.

The original characters are kept for display; matching code normalises a copy
(``normalize_for_matching``), and views strip escapes from a copy (``strip_controls``).
"""

from __future__ import annotations

import re
import unicodedata


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF; a leading BOM character is dropped."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def normalize_for_matching(text: str) -> str:
    """NFKC (folds full-width ASCII and half-width kana) and lower case; for matching only, never display."""
    return unicodedata.normalize("NFKC", text).lower()



# --- Terminal safety ---------------------------------------------------------------

# CSI (ESC [ … final), OSC (ESC ] … BEL or ST), DCS/SOS/PM/APC strings, other
# two-character escapes, and their 8-bit C1 forms.
_TERMINAL_ESCAPE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|\x9d[^\x07\x9c]*(?:\x07|\x9c)?"
)
# C0/C1 controls (tab and newline are kept, tab as a space) and bidirectional
# overrides, which can make a line display differently from what it holds.
_TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def strip_controls(text: str) -> str:
    """Text made safe for a terminal and for the tokenizer: escape sequences and control characters removed.

    Documents keep their characters as they are; views and the gloss call this on a copy.
    """
    if "\x1b" in text or "\x9b" in text or "\x9d" in text:
        text = _TERMINAL_ESCAPE.sub("", text)
    text = text.replace("\t", " ")
    return _TERMINAL_CONTROL.sub("", text)


