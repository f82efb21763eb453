"""Sentence mining: cards of words met in a text, each with its sentences and their English.

- ``mine(entry, *, surface, sentence, word_span, english, english_source, document, unit)``
  → ``(card, is_new)``: what the interactive reader's ``m`` calls; a second mine of the
  same word adds the sentence to its card; the word becomes ``learning``.
- ``open_deck(path=None)`` → ``DeckStore``: decks, cards, remove, rename, what was pushed to Anki.
- ``mine_from_file(word, file, unit=None, ...)``: ``bireader mine WORD --from FILE``.

Cards live in ``user.db`` (``paths.user_db()``), beside the word store and the review log.
"""

from __future__ import annotations

from bireader.deck.find import (
    MineResult,
    MiningContext,
    Occurrence,
    context_for,
    document_title,
    find_word,
    mine_from_file,
    occurrence_reading,
    unit_at,
)
from bireader.deck.cards import AnkiRecord, Card, DeckInfo, MinedSentence, card_to_dict
from bireader.deck.store import (
    DEFAULT_DECK,
    KNOWN_INTERVAL_DAYS,
    MIGRATIONS,
    PANEL_SENSES,
    STORE,
    DeckStore,
    check_english_source,
    mine,
    open_deck,
)

__all__ = [
    "DEFAULT_DECK", "KNOWN_INTERVAL_DAYS", "MIGRATIONS", "PANEL_SENSES", "STORE", "AnkiRecord", "Card", "DeckInfo", "DeckStore",
    "MineResult", "MinedSentence", "MiningContext", "Occurrence", "card_to_dict", "check_english_source",
    "context_for", "document_title", "find_word", "mine", "mine_from_file", "occurrence_reading", "open_deck",
    "unit_at",
]
