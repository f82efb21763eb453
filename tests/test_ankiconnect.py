"""deck push / deck pull against a fake AnkiConnect on 127.0.0.1 (never a real Anki, never the network)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from bireader.ankiconnect import AnkiConnect, AnkiError, pull, push
from bireader.cli import app
from bireader.deck import mine, open_deck
from bireader.deck.note import FIELDS, MODEL_NAME
from bireader.words import open_words
from deck_fixtures import (
    NOBERU, SENTENCE_1, SENTENCE_2, SHINKOU, YOKUSHIRYOKU, closed_port_url, mine_kwargs, running_fake_anki,
)

runner = CliRunner()


@pytest.fixture
def fake_anki():
    with running_fake_anki() as fake:
        yield fake


@pytest.fixture
def down_url():
    """Where Anki would listen if it were running."""
    return closed_port_url()


@pytest.fixture
def three_cards():
    cards = []
    for entry, sentence, surface in ((YOKUSHIRYOKU, SENTENCE_1, None), (SHINKOU, "侵攻が続く。", None), (NOBERU, SENTENCE_2, "述べ")):
        card, _ = mine(entry, **mine_kwargs(entry, sentence, surface))
        cards.append(card)
    return cards


def _push(url, **kw):
    with open_deck() as store:
        return push(store, AnkiConnect(url, timeout=5), **kw)


def test_first_push_creates_note_type_and_deck_and_adds_every_card(fake_anki, three_cards):
    report = _push(fake_anki.url)
    assert (report.added, report.updated, report.duplicates, report.unchanged) == (3, 0, 0, 0)
    assert report.anki_decks == ("bireader",)
    assert [a for a, _ in fake_anki.requests][:1] == ["version"]
    (model,) = fake_anki.actions("createModel")
    assert model["modelName"] == MODEL_NAME and model["inOrderFields"] == list(FIELDS)
    assert "{{Sentence}}" in model["cardTemplates"][0]["Front"]
    assert fake_anki.actions("createDeck") == [{"deck": "bireader"}]
    (added,) = fake_anki.actions("addNotes")
    assert len(added["notes"]) == 3
    note = added["notes"][0]
    assert note["deckName"] == "bireader" and note["modelName"] == MODEL_NAME
    assert note["fields"]["Word"] == "抑止力" and "<b>抑止力</b>" in note["fields"]["Sentence"]
    assert all(value for value in note["fields"].values())
    with open_deck() as store:
        records = store.anki_records()
    assert sorted(r.note_id for r in records.values()) == sorted(fake_anki.notes)


def test_a_second_push_sends_nothing(fake_anki, three_cards):
    _push(fake_anki.url)
    fake_anki.requests.clear()
    report = _push(fake_anki.url)
    assert (report.added, report.updated, report.unchanged) == (0, 0, 3)
    assert [a for a, _ in fake_anki.requests] == ["version"]
    assert len(fake_anki.notes) == 3


def test_a_card_that_gained_a_sentence_is_updated_not_added(fake_anki, three_cards):
    _push(fake_anki.url)
    mine(YOKUSHIRYOKU, **mine_kwargs(YOKUSHIRYOKU, SENTENCE_2, unit=7))
    fake_anki.requests.clear()
    report = _push(fake_anki.url)
    assert (report.added, report.updated, report.unchanged) == (0, 1, 2)
    (update,) = fake_anki.actions("updateNoteFields")
    assert update["note"]["fields"]["Sentence"].count("<div>") == 2
    assert "unit 7" in fake_anki.notes[update["note"]["id"]]["fields"]["Source"]
    assert fake_anki.actions("addNotes") == []
    assert _push(fake_anki.url).updated == 0  # and recorded: not sent again


def test_a_changed_card_whose_note_was_deleted_in_anki_is_added_again(fake_anki, three_cards):
    _push(fake_anki.url)
    with open_deck() as store:
        old_note = store.anki_records()[three_cards[0].id].note_id
    del fake_anki.notes[old_note]  # the learner deleted it in Anki
    mine(YOKUSHIRYOKU, **mine_kwargs(YOKUSHIRYOKU, SENTENCE_2))
    report = _push(fake_anki.url)
    assert (report.added, report.updated, report.unchanged) == (1, 0, 2)
    assert fake_anki.actions("updateNoteFields") == []
    with open_deck() as store:
        new_note = store.anki_records()[three_cards[0].id].note_id
    assert new_note != old_note and fake_anki.notes[new_note]["fields"]["Sentence"].count("<div>") == 2


def test_words_anki_already_has_are_skipped_not_an_error(fake_anki, three_cards):
    fake_anki.decks.add("bireader")
    fake_anki.models[MODEL_NAME] = list(FIELDS)
    fake_anki.notes[1] = {"deckName": "bireader", "modelName": MODEL_NAME, "fields": {"Word": "侵攻"}, "tags": []}
    report = _push(fake_anki.url)
    assert (report.added, report.duplicates) == (2, 1)
    assert fake_anki.actions("createModel") == [] and fake_anki.actions("createDeck") == []
    result = runner.invoke(app, ["deck", "push", "--url", fake_anki.url])
    assert result.exit_code == 0 and "skipped 1 Anki already has" in result.output


def test_other_decks_go_under_bireader_in_anki(fake_anki, three_cards):
    mine(SHINKOU, deck="news", **mine_kwargs(SHINKOU, "侵攻が続く。"))
    report = _push(fake_anki.url, deck="news")
    assert report.added == 1 and report.anki_decks == ("bireader::news",)


def test_anki_not_running_is_one_line_and_nothing_is_marked_pushed(down_url, three_cards):
    with pytest.raises(AnkiError, match="cannot reach Anki at .*connection refused"):
        _push(down_url)
    result = runner.invoke(app, ["deck", "push", "--url", down_url])
    assert result.exit_code == 4 and "Traceback" not in result.output
    assert result.output.count("\n") == 1 and "start Anki with the AnkiConnect add-on" in result.output
    with open_deck() as store:
        assert store.anki_records() == {}


def test_an_error_answer_is_reported_and_nothing_is_marked_pushed(fake_anki, three_cards):
    fake_anki.fail["addNotes"] = "collection is not available"
    result = runner.invoke(app, ["deck", "push", "--url", fake_anki.url])
    assert result.exit_code == 4
    assert "Anki refused addNotes: collection is not available" in result.output and "Traceback" not in result.output
    with open_deck() as store:
        assert store.anki_records() == {}
    del fake_anki.fail["addNotes"]
    assert _push(fake_anki.url).added == 3  # a later push sends them


def test_a_note_type_with_other_fields_is_refused_clearly(fake_anki, three_cards):
    fake_anki.models[MODEL_NAME] = ["Front", "Back"]
    with pytest.raises(AnkiError, match="lacks the fields Word, Reading"):
        _push(fake_anki.url)


def test_something_that_is_not_ankiconnect(tmp_path, three_cards):
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class NotAnki(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<html>hello</html>")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), NotAnki)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(AnkiError, match="did not answer like AnkiConnect"):
            _push(f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()


def test_pull_marks_words_learned_in_anki_known_and_lapses_learning(fake_anki, three_cards):
    _push(fake_anki.url)
    with open_deck() as store:
        records = store.anki_records()
    note_of = {card.headword: records[card.id].note_id for card in three_cards}
    with open_words() as words:  # the user marked 述べる ignored by hand: Anki does not change that
        words.set_status([(NOBERU.entry_id, "述べる", "のべる")], "ignored", by="user")
    for card in fake_anki.cards.values():
        if card["note"] == note_of["抑止力"]:
            card["interval"] = 30
        if card["note"] == note_of["侵攻"]:
            card["interval"], card["lapses"] = 3, 1
        if card["note"] == note_of["述べる"]:
            card["interval"] = 60
    with open_deck() as store:
        report = pull(store, AnkiConnect(fake_anki.url))
    assert (report.read, report.known, report.learning, report.missing) == (3, 1, 0, 0)  # 侵攻 is learning already
    (find,) = fake_anki.actions("findCards")
    assert find["query"].startswith("nid:")
    with open_words() as words:
        assert words.get(YOKUSHIRYOKU.entry_id, "抑止力").set_by == "anki"
        assert words.status(YOKUSHIRYOKU.entry_id, "抑止力") == "known"
        assert words.status(NOBERU.entry_id, "述べる") == "ignored"
    # Later the learner forgets 抑止力 in Anki: a new lapse makes it learning again.
    for card in fake_anki.cards.values():
        if card["note"] == note_of["抑止力"]:
            card["interval"], card["lapses"] = 1, 1
    result = runner.invoke(app, ["deck", "pull", "--url", fake_anki.url])
    assert result.exit_code == 0 and "1 learning again" in result.output
    with open_words() as words:
        assert words.status(YOKUSHIRYOKU.entry_id, "抑止力") == "learning"


def test_pull_with_nothing_pushed_and_with_anki_down(fake_anki, down_url, three_cards):
    result = runner.invoke(app, ["deck", "pull", "--url", fake_anki.url])
    assert result.exit_code == 0 and "no card has been pushed" in result.output
    down = runner.invoke(app, ["deck", "pull", "--url", down_url])
    assert down.exit_code == 4 and "cannot reach Anki" in down.output
