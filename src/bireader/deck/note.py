"""A mined card as an Anki note: the note type, its fields as HTML, the Anki deck it goes to.

One note type serves both ways to Anki, the package (``deck export --format apkg``) and
AnkiConnect (``deck push``), so a card looks the same whichever way it went. The front is
the sentence with the word highlighted; the back adds the word, its reading, the senses,
the English of the sentence (a gloss says so) and where the sentence was met. A card
mined from several sentences shows them all, each beside its own English. No field is
ever empty: Anki would show a blank, and an import would look broken.
"""

from __future__ import annotations

import hashlib
import html
import json

from bireader.deck.cards import Card, MinedSentence
from bireader.deck.store import DEFAULT_DECK

# Anki identifies a note type by id (in a package) and by name (through AnkiConnect):
# constants, so every export and push finds the same note type. Picked once at random
# in genanki's recommended range [2**30, 2**31); not export/anki.py's vocabulary type.
MODEL_ID = 1_478_210_563
MODEL_NAME = "bireader mined word"
FIELDS = ("Word", "Reading", "Senses", "Sentence", "English", "Source")
TEMPLATE_NAME = "Sentence → word"
ANKI_DECK = "bireader"  # the default deck's name in Anki; other decks go under it (bireader::news)
TAGS = ("bireader", "mined")
NO_ENGLISH = "(no English)"

FRONT = '<div class="sentence">{{Sentence}}</div>'
BACK = (
    '{{FrontSide}}\n<hr id="answer">\n'
    '<div class="word">{{Word}}</div>\n<div class="reading">{{Reading}}</div>\n'
    '<div class="senses">{{Senses}}</div>\n<div class="english">{{English}}</div>\n'
    '<div class="source">{{Source}}</div>'
)
CSS = """\
.card { font-family: sans-serif; font-size: 22px; text-align: center; color: black; background: white; }
.sentence div { margin: .3em 0; }
.sentence b { color: #c0392b; }
.word { font-size: 36px; margin-top: .5em; }
.reading { font-size: 22px; color: #2c3e50; }
.senses { font-size: 18px; text-align: left; display: inline-block; }
.english { font-size: 18px; color: #555; margin-top: .8em; }
.english .label { font-size: 13px; color: #999; font-style: italic; }
.source { font-size: 13px; color: #999; margin-top: .8em; }
"""


def anki_deck_name(deck: str) -> str:
    """The Anki deck a bireader deck goes to: ``bireader`` for the default deck, ``bireader::NAME`` for others."""
    return ANKI_DECK if deck == DEFAULT_DECK else f"{ANKI_DECK}::{deck}"


def sentence_html(sentence: MinedSentence) -> str:
    """The sentence, HTML-escaped, with the word in ``<b>``."""
    s, a, b = sentence.text, sentence.word_start, sentence.word_end
    return html.escape(s[:a]) + "<b>" + html.escape(s[a:b]) + "</b>" + html.escape(s[b:])


def english_html(sentence: MinedSentence) -> str:
    """The sentence's English, HTML-escaped; a gloss is labelled so it is never taken for a translation."""
    if not sentence.english.strip():
        return html.escape(NO_ENGLISH)
    text = html.escape(sentence.english.strip())
    if sentence.is_gloss:
        return f'<span class="label">gloss:</span> {text}'
    return text


def senses_html(card: Card) -> str:
    """The card's senses as a numbered list: ``(noun) deterrence; deterrent``."""
    items = []
    for sense in card.senses:
        if not sense.glosses:
            continue
        pos = f"<i>({html.escape(', '.join(sense.pos[:2]))})</i> " if sense.pos else ""
        items.append(f"<li>{pos}{html.escape('; '.join(sense.glosses))}</li>")
    return "<ol>" + "".join(items) + "</ol>" if items else html.escape(card.headword)


def note_fields(card: Card) -> dict[str, str]:
    """The note's fields (HTML), every one non-empty, in the order of ``FIELDS``."""
    sentences = card.sentences or (MinedSentence(card.headword, 0, len(card.headword)),)
    return {
        "Word": html.escape(card.headword),
        "Reading": html.escape(card.reading or card.headword),
        "Senses": senses_html(card),
        "Sentence": "".join(f"<div>{sentence_html(s)}</div>" for s in sentences),
        "English": "".join(f"<div>{english_html(s)}</div>" for s in sentences),
        "Source": "".join(f"<div>{html.escape(s.where or 'bireader')}</div>" for s in sentences),
    }


def fields_hash(fields: dict[str, str]) -> str:
    """A hash of a note's fields: a pushed card whose hash changed (a new sentence) is updated in Anki."""
    data = json.dumps([fields.get(name, "") for name in FIELDS], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def guid_parts(card: Card) -> tuple[str, ...]:
    """What a card's Anki GUID is made of: the word (entry id, headword) and its deck.

    Not the card's row id, which another machine's user.db would give to another word.
    """
    return ("bireader mined", str(card.entry_id), card.headword, card.deck)
