"""Mined cards to and from a running Anki, through the AnkiConnect add-on (its HTTP JSON API, version 6).

``push`` sends the cards Anki does not have yet (``canAddNotes`` then ``addNotes``) and
updates (``updateNoteFields``) the ones pushed before whose fields changed since (a new
sentence), adding again any such note deleted in Anki meanwhile; which cards were pushed, and as which note, is recorded in the deck store, so
a second push sends nothing again. ``pull`` reads back, for pushed cards, Anki's interval
and lapses (``findCards``, ``cardsInfo``) so that words learned in Anki become known here
too (same rules as the review: an interval over 21 days → known, a new lapse → learning,
never over a status set by hand).

AnkiConnect listens on 127.0.0.1 only; requests never go through a proxy.
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bireader.deck.store import KNOWN_INTERVAL_DAYS
from bireader.errors import EXIT_ENGINE, BireaderError

if TYPE_CHECKING:
    from bireader.deck import Card, DeckStore

DEFAULT_URL = "http://127.0.0.1:8765"
API_VERSION = 6
DEFAULT_TIMEOUT = 10.0


class AnkiError(BireaderError):
    """Anki cannot be reached through AnkiConnect, or refused a request."""

    exit_code = EXIT_ENGINE


class AnkiConnect:
    """A minimal AnkiConnect client: one ``invoke(action, **params)`` per request.

    Args:
        url: where AnkiConnect listens (``http://127.0.0.1:8765``).
        timeout: seconds for each request (connect and answer).
    """

    def __init__(self, url: str = DEFAULT_URL, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.url = url.rstrip("/") or DEFAULT_URL
        self.timeout = timeout
        # No proxy: AnkiConnect is on this machine, and an http_proxy setting must not reroute it.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def invoke(self, action: str, **params: Any) -> Any:
        """Run one AnkiConnect action and return its ``result``.

        Raises:
            AnkiError: Anki unreachable or too slow, an answer that is not AnkiConnect's,
                or an ``error`` in the answer (quoted).
        """
        body = json.dumps({"action": action, "version": API_VERSION, "params": params}, ensure_ascii=False)
        request = urllib.request.Request(
            self.url, data=body.encode("utf-8"), headers={"Content-Type": "application/json"}, method="POST"
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as err:
            raise AnkiError(f"AnkiConnect at {self.url} answered HTTP {err.code} to {action}") from None
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            if isinstance(reason, (socket.timeout, TimeoutError)):
                raise AnkiError(f"Anki at {self.url} did not answer {action} within {self.timeout:g} s") from None
            raise AnkiError(
                f"cannot reach Anki at {self.url} ({_reason(reason)}); start Anki with the AnkiConnect add-on"
            ) from None
        try:
            answer = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise AnkiError(f"{self.url} did not answer like AnkiConnect (not JSON); is that the right --url?") from None
        if not isinstance(answer, dict) or "result" not in answer or "error" not in answer:
            raise AnkiError(f"{self.url} did not answer like AnkiConnect version {API_VERSION} (no result and error)")
        if answer["error"] is not None:
            raise AnkiError(f"Anki refused {action}: {answer['error']}")
        return answer["result"]

    def check_version(self) -> int:
        """AnkiConnect's API version.

        Raises:
            AnkiError: unreachable, or older than version 6.
        """
        version = self.invoke("version")
        if not isinstance(version, int) or version < API_VERSION:
            raise AnkiError(f"AnkiConnect at {self.url} speaks version {version!r}; bireader needs {API_VERSION} or later")
        return version


def _reason(reason: Any) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    return getattr(reason, "strerror", None) or str(reason)


def _list_of(result: Any, length: int, action: str) -> list:
    if not isinstance(result, list) or len(result) != length:
        raise AnkiError(f"AnkiConnect answered {action} with something other than a list of {length}")
    return result


# --- push ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PushReport:
    """What a push did: notes added, notes updated, duplicates Anki already had, notes it refused, unchanged."""

    added: int
    updated: int
    duplicates: int
    refused: int
    unchanged: int
    anki_decks: tuple[str, ...]


def _note(card: "Card", fields: dict[str, str]) -> dict:
    from bireader.deck.note import MODEL_NAME, TAGS, anki_deck_name

    return {
        "deckName": anki_deck_name(card.deck),
        "modelName": MODEL_NAME,
        "fields": fields,
        "tags": list(TAGS),
        "options": {"allowDuplicate": False, "duplicateScope": "deck"},
    }


def ensure_note_type(client: AnkiConnect) -> None:
    """Create bireader's note type in Anki if it is missing; check its fields if it is there.

    Raises:
        AnkiError: a note type of that name exists without bireader's fields.
    """
    from bireader.deck.note import CSS, BACK, FIELDS, FRONT, MODEL_NAME, TEMPLATE_NAME

    names = client.invoke("modelNames")
    if MODEL_NAME not in (names or []):
        client.invoke(
            "createModel",
            modelName=MODEL_NAME,
            inOrderFields=list(FIELDS),
            css=CSS,
            isCloze=False,
            cardTemplates=[{"Name": TEMPLATE_NAME, "Front": FRONT, "Back": BACK}],
        )
        return
    fields = client.invoke("modelFieldNames", modelName=MODEL_NAME) or []
    missing = [f for f in FIELDS if f not in fields]
    if missing:
        raise AnkiError(
            f"Anki's note type {MODEL_NAME!r} lacks the fields {', '.join(missing)}; "
            "rename that note type in Anki and push again (bireader then creates its own)"
        )


def push(store: "DeckStore", client: AnkiConnect, *, deck: str | None = None) -> PushReport:
    """Send new cards to Anki and update the pushed ones that changed; record what Anki accepted.

    Args:
        store: the deck store.
        client: the AnkiConnect client.
        deck: only this deck's cards (None: every deck).

    Returns:
        The counts of what was done.

    Raises:
        AnkiError: Anki unreachable or refusing; nothing it did not accept is recorded as pushed.
        NothingFound: ``deck`` names no deck.
    """
    from bireader.deck.note import anki_deck_name, fields_hash, note_fields

    cards = store.cards(deck)
    client.check_version()  # before anything else: Anki down means nothing is touched
    records = store.anki_records()
    fresh: list[tuple["Card", dict[str, str]]] = []
    changed: list[tuple["Card", dict[str, str]]] = []
    unchanged = 0
    for card in cards:
        fields = note_fields(card)
        record = records.get(card.id)
        if record is None:
            fresh.append((card, fields))
        elif record.fields_hash != fields_hash(fields):
            changed.append((card, fields))
        else:
            unchanged += 1
    if changed:
        # A note deleted in Anki since it was pushed cannot be updated: send it again as new.
        found = client.invoke("findNotes", query="nid:" + ",".join(str(records[c.id].note_id) for c, _ in changed))
        existing_notes = set(found) if isinstance(found, list) else set()
        gone = [(card, fields) for card, fields in changed if records[card.id].note_id not in existing_notes]
        if gone:
            store.forget_pushed([card.id for card, _ in gone])
            fresh.extend(gone)
            changed = [(card, fields) for card, fields in changed if records[card.id].note_id in existing_notes]
    decks = sorted({anki_deck_name(card.deck) for card, _ in fresh})
    added = duplicates = refused = 0
    if fresh:
        ensure_note_type(client)
        existing = set(client.invoke("deckNames") or [])
        for name in decks:
            if name not in existing:
                client.invoke("createDeck", deck=name)
        notes = [_note(card, fields) for card, fields in fresh]
        can_add = _list_of(client.invoke("canAddNotes", notes=notes), len(notes), "canAddNotes")
        chosen = [(item, note) for item, note, ok in zip(fresh, notes, can_add) if ok]
        duplicates = len(fresh) - len(chosen)
        if chosen:
            ids = _list_of(client.invoke("addNotes", notes=[n for _, n in chosen]), len(chosen), "addNotes")
            pushed = [
                (card.id, int(note_id), anki_deck_name(card.deck), fields_hash(fields))
                for ((card, fields), _), note_id in zip(chosen, ids)
                if note_id is not None
            ]
            store.record_pushed(pushed)
            added = len(pushed)
            refused = len(chosen) - added
    updated = 0
    for card, fields in changed:
        record = records[card.id]
        client.invoke("updateNoteFields", note={"id": record.note_id, "fields": fields})
        # Recorded one by one: an error on the next note keeps this one's update on record.
        store.record_pushed([(card.id, record.note_id, record.anki_deck, fields_hash(fields))])
        updated += 1
    return PushReport(added, updated, duplicates, refused, unchanged, tuple(decks))


# --- pull ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PullReport:
    """What a pull did: notes read back, words made known, words made learning again, notes gone from Anki."""

    read: int
    known: int
    learning: int
    missing: int


def pull(store: "DeckStore", client: AnkiConnect) -> PullReport:
    """Read pushed cards' interval and lapses back from Anki and follow them in the word store.

    An interval over 21 days marks the word known; a lapse since the last pull marks it
    learning; a status the user set by hand to known or ignored stays.

    Raises:
        AnkiError: Anki unreachable or refusing (then nothing is changed).
    """
    client.check_version()
    records = store.anki_records()
    if not records:
        return PullReport(0, 0, 0, 0)
    by_note = {record.note_id: record for record in records.values()}
    card_ids = client.invoke("findCards", query="nid:" + ",".join(str(n) for n in sorted(by_note)))
    if not isinstance(card_ids, list):
        raise AnkiError("AnkiConnect answered findCards with something other than a list")
    infos = client.invoke("cardsInfo", cards=card_ids) if card_ids else []
    if not isinstance(infos, list):
        raise AnkiError("AnkiConnect answered cardsInfo with something other than a list")
    # A note has one card in bireader's note type; take the furthest interval and most lapses anyway.
    state: dict[int, tuple[int, int]] = {}
    for info in infos:
        if not isinstance(info, dict) or info.get("note") not in by_note:
            continue
        interval, lapses = int(info.get("interval") or 0), int(info.get("lapses") or 0)
        old = state.get(info["note"], (interval, lapses))
        state[info["note"]] = (max(old[0], interval), max(old[1], lapses))
    cards = {card.id: card for card in store.cards()}
    known, learning, pulled = [], [], []
    for note_id, (interval, lapses) in state.items():
        record = by_note[note_id]
        card = cards.get(record.card_id)
        if card is None:
            continue
        key = (card.entry_id, card.headword, card.reading)
        if interval > KNOWN_INTERVAL_DAYS:
            known.append(key)
        elif lapses > (record.lapses or 0):
            learning.append(key)
        pulled.append((record.card_id, interval, lapses))
    words = store.words()
    made_known = words.set_status(known, "known", by="anki", auto=True) if known else []
    made_learning = words.set_status(learning, "learning", by="anki", auto=True) if learning else []
    store.record_pulled(pulled)
    return PullReport(len(state), len(made_known), len(made_learning), len(by_note) - len(state))
