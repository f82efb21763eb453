"""The learner's words: statuses in ``user.db`` (``store``), a word named in any form resolved to
its entry (``resolve``), the words of a text and its coverage (``text``), lists in and out (``lists``).

The store is what other parts use (the deck, the review, the reader's keys): its names are
re-exported here.
"""

from bireader.words.store import (
    MIGRATIONS,
    SETTERS,
    STATUSES,
    STORE,
    WordKey,
    WordRecord,
    WordStore,
    check_status,
    now,
    open_words,
    word_key,
)

__all__ = [
    "MIGRATIONS",
    "SETTERS",
    "STATUSES",
    "STORE",
    "WordKey",
    "WordRecord",
    "WordStore",
    "check_status",
    "now",
    "open_words",
    "word_key",
]
