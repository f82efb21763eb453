"""The deck store: a card a word, its sentences, decks; a mined word becomes learning."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bireader.cli import app
from bireader.deck import DEFAULT_DECK, MinedSentence, mine, open_deck
from bireader.errors import InputError, NothingFound
from bireader.words import open_words
from deck_fixtures import NOBERU, SENTENCE_1, SENTENCE_2, SHINKOU, YOKUSHIRYOKU, mine_kwargs

CORPUS_JA = Path(__file__).resolve().parent.parent / "corpus" / "iiss-russia-nuclear.ja.txt"
runner = CliRunner()


@pytest.fixture
def store(tmp_path):
    with open_deck(tmp_path / "user.db") as deck:
        yield deck


def test_a_mined_word_is_a_card_with_its_sentence_english_and_source(store):
    card, is_new = store.mine(YOKUSHIRYOKU, **mine_kwargs(YOKUSHIRYOKU, SENTENCE_1))
    assert is_new
    assert (card.headword, card.reading, card.entry_id, card.deck) == ("抑止力", "よくしりょく", 2146950, DEFAULT_DECK)
    assert card.frequency_rank == 12000
    assert card.senses[0].glosses == ("deterrence", "deterrent")
    (sentence,) = card.sentences
    assert sentence.text == SENTENCE_1 and sentence.surface == "抑止力"
    assert (sentence.english, sentence.english_source) == (f"English of: {SENTENCE_1}", "aligned")
    assert (sentence.document, sentence.unit, sentence.where) == ("A test article", 1, "A test article · unit 1")


def test_mining_the_same_word_again_adds_the_sentence_to_its_card(store):
    first, _ = store.mine(YOKUSHIRYOKU, **mine_kwargs(YOKUSHIRYOKU, SENTENCE_1))
    second, is_new = store.mine(YOKUSHIRYOKU, **mine_kwargs(YOKUSHIRYOKU, SENTENCE_2, unit=4))
    assert not is_new and second.id == first.id
    assert [s.text for s in second.sentences] == [SENTENCE_1, SENTENCE_2]
    assert second.sentences[1].unit == 4
    assert store.count() == 1
    # The very same sentence again changes nothing.
    again, is_new, added = store.add_sentence(YOKUSHIRYOKU, **mine_kwargs(YOKUSHIRYOKU, SENTENCE_2))
    assert not is_new and not added and len(again.sentences) == 2


def test_a_mined_word_becomes_learning_but_a_hand_set_status_stays(tmp_path):
    path = tmp_path / "user.db"
    with open_words(path) as words:
        words.set_status([(SHINKOU.entry_id, "侵攻", "しんこう")], "known", by="user")
    mine(YOKUSHIRYOKU, path=path, **mine_kwargs(YOKUSHIRYOKU, SENTENCE_1))
    mine(SHINKOU, path=path, **mine_kwargs(SHINKOU, "ロシアの侵攻が始まった。"))
    with open_words(path) as words:
        record = words.get(YOKUSHIRYOKU.entry_id, "抑止力")
        assert (record.status, record.set_by, record.document) == ("learning", "mining", "A test article")
        assert words.status(SHINKOU.entry_id, "侵攻") == "known"  # the user said so


def test_a_card_keeps_the_senses_the_panel_shows(store):
    card, _ = store.mine(NOBERU, **mine_kwargs(NOBERU, SENTENCE_2, surface="述べ"))
    assert len(NOBERU.senses) == 6 and len(card.senses) == 4
    assert card.headword == "述べる" and card.sentences[0].surface == "述べ"


def test_the_gloss_is_kept_labelled_as_gloss(store):
    card, _ = store.mine(SHINKOU, **mine_kwargs(SHINKOU, "ロシアの侵攻。", english="Russia invasion.", english_source="gloss"))
    assert card.sentences[0].is_gloss


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"sentence": "  "}, "without its sentence"),
        ({"word_span": (5, 50)}, "not inside the sentence"),
        ({"word_span": (0, 3)}, "not '抑止力'"),
        ({"english_source": "google"}, "unknown English source"),
    ],
)
def test_bad_mining_input_is_one_clear_error(store, change, message):
    with pytest.raises(InputError, match=message):
        store.mine(YOKUSHIRYOKU, **{**mine_kwargs(YOKUSHIRYOKU, SENTENCE_1), **change})
    assert store.count() == 0


def test_decks_by_name_one_default_rename_and_remove(store):
    store.mine(YOKUSHIRYOKU, **mine_kwargs(YOKUSHIRYOKU, SENTENCE_1))
    news, _ = store.mine(YOKUSHIRYOKU, **mine_kwargs(YOKUSHIRYOKU, SENTENCE_1), deck="news")
    assert news.deck == "news" and store.count() == 2  # a word is one card per deck
    assert [(d.name, d.is_default, d.cards) for d in store.decks()] == [("default", True, 1), ("news", False, 1)]
    store.rename_deck("default", "main")
    assert store.default_deck() == "main" and [c.deck for c in store.cards("main")] == ["main"]
    with pytest.raises(InputError, match="exists already"):
        store.rename_deck("main", "news")
    with pytest.raises(NothingFound, match="no deck named 'nope'; the decks are: main, news"):
        store.cards("nope")
    with pytest.raises(NothingFound, match="no card with id 99"):
        store.remove([news.id, 99])
    assert store.count() == 2  # all or nothing
    assert store.remove([news.id]) == 1 and store.card(news.id) is None


def _mine_many(path, offset):
    for i in range(20):
        sentence = f"例文{offset + i}の抑止力。"
        mine(YOKUSHIRYOKU, path=path, **mine_kwargs(YOKUSHIRYOKU, sentence))


def test_two_processes_mining_at_once_lose_nothing(tmp_path):
    path = tmp_path / "user.db"
    open_deck(path).close()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_mine_many, args=(path, n * 100)) for n in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0]
    with open_deck(path) as store:
        (card,) = store.cards()
        assert len(card.sentences) == 40


def test_mined_sentence_properties():
    s = MinedSentence("あいう", 1, 2, english="", english_source="", document="", unit=None)
    assert (s.surface, s.is_gloss, s.where) == ("い", False, "")


# --- mining from a file (the real dictionary; unidic-lite tokens) -------------------------


def test_mine_from_file_finds_the_first_occurrence_with_its_aligned_english(real_dictionary):
    from bireader.deck import mine_from_file

    result = mine_from_file("侵攻", CORPUS_JA, embeddings="off")
    card, context = result.card, result.context
    assert result.is_new and card.headword == "侵攻" and card.reading == "しんこう"
    assert context.unit == 2  # paragraph 2 of the article, as `read --range 2` numbers it
    assert context.sentence[slice(*context.word_span)] == "侵攻"
    assert context.english_source == "aligned" and "invasion of Ukraine" in context.english
    # The article's headline is its title (a text's first line when it reads as a heading).
    assert context.document == "ウクライナでの軍事的損失後、ロシアは核抑止力を視野に 報告書が警告"
    with open_words() as words:
        assert words.status(card.entry_id, card.headword) == "learning"


def test_mine_from_file_in_one_unit_adds_a_second_sentence(real_dictionary):
    from bireader.deck import mine_from_file

    mine_from_file("侵攻", CORPUS_JA, embeddings="off")
    result = mine_from_file("侵攻", CORPUS_JA, unit=3, embeddings="off")
    assert not result.is_new and result.sentence_added and result.context.unit == 3
    assert len(result.card.sentences) == 2 and "tanks crossed" in result.card.sentences[1].english


def test_mine_from_file_knows_inflected_forms_and_parts_of_compounds(real_dictionary):
    from bireader.deck import mine_from_file

    said = mine_from_file("述べる", CORPUS_JA, embeddings="off")
    assert said.card.headword == "述べる" and said.occurrence.surface == "述べ"
    part = mine_from_file("抑止", CORPUS_JA, embeddings="off")  # inside 核抑止力 in the title
    assert part.card.headword == "抑止" and part.context.unit == 1


def test_mine_from_file_with_the_gloss_labels_it(real_dictionary, tmp_path):
    from bireader.deck import mine_from_file

    text = tmp_path / "story.txt"
    text.write_text("ロシアは侵攻を続けた。\n\n世界は驚いた。\n", encoding="utf-8")
    result = mine_from_file("侵攻", text)
    assert result.context.english_source == "gloss" and "invasion" in result.context.english


def test_mine_cli_then_deck_list_shows_sentences_and_english(real_dictionary):
    for word in ("抑止力", "侵攻", "述べる"):
        result = runner.invoke(app, ["mine", word, "--from", str(CORPUS_JA), "--embeddings", "off"])
        assert result.exit_code == 0, result.output
        assert "mined " + word in result.output
    listing = runner.invoke(app, ["deck", "list"])
    assert listing.exit_code == 0
    assert "抑止力" in listing.output and "→ Because Russia has suffered heavy losses" in listing.output
    lines = runner.invoke(app, ["deck", "list", "--json"]).output.splitlines()
    cards = [json.loads(line) for line in lines]
    assert [c["headword"] for c in cards] == ["抑止力", "侵攻", "述べる"]
    assert all(c["sentences"][0]["english"] and c["sentences"][0]["english_source"] == "aligned" for c in cards)
    shown = runner.invoke(app, ["deck", "show", str(cards[1]["id"])])
    assert shown.exit_code == 0 and "invasion" in shown.output and "new (never reviewed)" in shown.output


def test_mine_cli_errors_are_one_line(real_dictionary, tmp_path):
    missing = runner.invoke(app, ["mine", "存在しない語彙", "--from", str(CORPUS_JA), "--embeddings", "off"])
    assert missing.exit_code == 1 and "does not occur" in missing.output and "Traceback" not in missing.output
    bad_unit = runner.invoke(app, ["mine", "侵攻", "--from", str(CORPUS_JA), "--unit", "99", "--embeddings", "off"])
    assert bad_unit.exit_code == 2 and "--unit 99" in bad_unit.output
    no_file = runner.invoke(app, ["mine", "侵攻", "--from", str(tmp_path / "nope.txt")])
    assert no_file.exit_code == 2 and "Traceback" not in no_file.output


def test_deck_cli_remove_rename_and_errors(tmp_path):
    card, _ = mine(YOKUSHIRYOKU, **mine_kwargs(YOKUSHIRYOKU, SENTENCE_1))
    assert runner.invoke(app, ["deck", "show", "42"]).exit_code == 1
    renamed = runner.invoke(app, ["deck", "rename", "default", "news"])
    assert renamed.exit_code == 0 and "renamed deck default to news" in renamed.output
    assert "news, 1 sentence" in runner.invoke(app, ["deck", "list", "--deck", "news"]).output
    unknown = runner.invoke(app, ["deck", "list", "--deck", "nope"])
    assert unknown.exit_code == 1 and "no deck named 'nope'" in unknown.output
    removed = runner.invoke(app, ["deck", "remove", str(card.id)])
    assert removed.exit_code == 0 and "removed 1 card" in removed.output
    assert "no cards" in runner.invoke(app, ["deck", "list"]).output


def test_deck_commands_report_a_corrupt_database_in_one_line(temp_home):
    (temp_home / "user.db").write_bytes(b"not a database at all" * 10)
    result = runner.invoke(app, ["deck", "list"])
    assert result.exit_code == 5 and "not a SQLite database" in result.output and "Traceback" not in result.output
