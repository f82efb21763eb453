"""Fixtures for the deck, review and Anki tests: hand-made entries and a fake AnkiConnect on 127.0.0.1.

``FakeAnki`` answers the AnkiConnect actions bireader uses (version 6) from an in-memory
collection, records every request, and can be told to answer an action with an error
(``fail["addNotes"] = "collection is not available"``), as the real add-on does;
``running_fake_anki()`` serves one for the length of a ``with`` block.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

from bireader.model import Entry, Sense

NOUN = ("noun (common) (futsuumeishi)",)

YOKUSHIRYOKU = Entry(
    headword="抑止力", readings=("よくしりょく",), senses=(Sense(("deterrence", "deterrent"), NOUN),),
    entry_id=2146950, kanji_forms=("抑止力",), frequency_rank=12000,
)
SHINKOU = Entry(
    headword="侵攻", readings=("しんこう",), senses=(Sense(("invasion",), NOUN + ("suru verb",)),), entry_id=1595140,
)
NOBERU = Entry(
    headword="述べる", readings=("のべる",),
    senses=(Sense(("to state", "to express"), ("Ichidan verb",)), Sense(("to mention",), ())) * 3,  # 6 senses
    entry_id=1340820,
)

def run_async(test):
    """Run an async test body with asyncio.run (no pytest-asyncio needed)."""

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return wrapper


SENTENCE_1 = "ロシアは核抑止力を視野に入れている。"
SENTENCE_2 = "抑止力が重要だと述べた。"


def mine_kwargs(entry: Entry, sentence: str, surface: str | None = None, **extra) -> dict:
    """Arguments for ``mine``/``DeckStore.mine``: the word found in the sentence, aligned English."""
    surface = surface or entry.headword
    start = sentence.index(surface)
    args = dict(
        surface=surface,
        sentence=sentence,
        word_span=(start, start + len(surface)),
        english=f"English of: {sentence}",
        english_source="aligned",
        document="A test article",
        unit=1,
    )
    args.update(extra)
    return args


class FakeAnki:
    """The state and request log of a fake AnkiConnect."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict]] = []
        self.fail: dict[str, str] = {}
        self.models: dict[str, list[str]] = {"Basic": ["Front", "Back"]}
        self.decks: set[str] = {"Default"}
        self.notes: dict[int, dict] = {}
        self.cards: dict[int, dict] = {}  # card id -> {"note", "interval", "lapses"}
        self._next_id = 1_700_000_000_000
        self.lock = threading.Lock()
        self.url = ""

    def actions(self, name: str) -> list[dict]:
        """The params of every request for action ``name``, in order."""
        return [params for action, params in self.requests if action == name]

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def _is_duplicate(self, note: dict) -> bool:
        fields = note["fields"]
        first = self.models.get(note["modelName"], [None])[0]
        return any(
            n["deckName"] == note["deckName"] and n["modelName"] == note["modelName"]
            and n["fields"].get(first) == fields.get(first)
            for n in self.notes.values()
        )

    def answer(self, action: str, params: dict):
        if action in self.fail:
            raise RuntimeError(self.fail[action])
        if action == "version":
            return 6
        if action == "modelNames":
            return sorted(self.models)
        if action == "modelFieldNames":
            return self.models[params["modelName"]]
        if action == "createModel":
            self.models[params["modelName"]] = list(params["inOrderFields"])
            return {"name": params["modelName"]}
        if action == "deckNames":
            return sorted(self.decks)
        if action == "createDeck":
            self.decks.add(params["deck"])
            return self._new_id()
        if action == "canAddNotes":
            return [n["modelName"] in self.models and not self._is_duplicate(n) for n in params["notes"]]
        if action == "addNotes":
            ids = []
            for note in params["notes"]:
                if self._is_duplicate(note):
                    ids.append(None)
                    continue
                note_id = self._new_id()
                self.notes[note_id] = json.loads(json.dumps(note))
                self.cards[self._new_id()] = {"note": note_id, "interval": 0, "lapses": 0}
                ids.append(note_id)
            return ids
        if action == "updateNoteFields":
            note = params["note"]
            if note["id"] not in self.notes:
                raise RuntimeError("Note was not found: %d" % note["id"])
            self.notes[note["id"]]["fields"].update(note["fields"])
            return None
        if action == "findNotes":
            query = params["query"]
            assert query.startswith("nid:"), query
            return [int(n) for n in query[4:].split(",") if n and int(n) in self.notes]
        if action == "findCards":
            query = params["query"]
            assert query.startswith("nid:"), query
            wanted = {int(n) for n in query[4:].split(",") if n}
            return [cid for cid, card in self.cards.items() if card["note"] in wanted]
        if action == "cardsInfo":
            return [
                {"cardId": cid, "note": self.cards[cid]["note"], "interval": self.cards[cid]["interval"],
                 "lapses": self.cards[cid]["lapses"], "deckName": self.notes[self.cards[cid]["note"]]["deckName"]}
                for cid in params["cards"] if cid in self.cards
            ]
        raise RuntimeError("unsupported action")


def _handler(fake: FakeAnki):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's naming
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8"))
            with fake.lock:
                fake.requests.append((body["action"], body.get("params", {})))
                assert body.get("version") == 6, body
                try:
                    answer = {"result": fake.answer(body["action"], body.get("params", {})), "error": None}
                except RuntimeError as err:
                    answer = {"result": None, "error": str(err)}
            data = json.dumps(answer).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):  # keep the test output clean
            pass

    return Handler


@contextlib.contextmanager
def running_fake_anki() -> Iterator[FakeAnki]:
    """A fake AnkiConnect on 127.0.0.1 (a free port) while the block runs; ``.url`` is its address."""
    fake = FakeAnki()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


def closed_port_url() -> str:
    """The address of a port on 127.0.0.1 that nothing listens on (Anki not running)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"
