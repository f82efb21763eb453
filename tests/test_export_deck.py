"""deck export: an Anki package Anki's own library imports with every field filled; notes TSV; plain TSV."""

from __future__ import annotations

import csv
import io

import pytest
from typer.testing import CliRunner

from bireader.cli import app
from bireader.deck import mine, open_deck
from bireader.deck.note import FIELDS, MODEL_NAME
from bireader.export.deck import DECK_TSV_COLUMNS, NOTES_COLUMNS, write_deck_anki, write_deck_apkg, write_deck_tsv
from deck_fixtures import NOBERU, SENTENCE_1, SENTENCE_2, SHINKOU, YOKUSHIRYOKU, mine_kwargs

runner = CliRunner()


@pytest.fixture
def cards():
    mine(YOKUSHIRYOKU, **mine_kwargs(YOKUSHIRYOKU, SENTENCE_1))
    mine(SHINKOU, **mine_kwargs(SHINKOU, "侵攻が<続く>。", english="Invasion & more", english_source="gloss"))
    mine(NOBERU, deck="news", **mine_kwargs(NOBERU, SENTENCE_2, "述べ", english="", english_source=""))
    with open_deck() as store:
        return store.cards()


def _import_into_anki(collection_path, package_path):
    """Import a package with Anki's own importer (the `anki` package, headless); returns {Word: {field: value}}."""
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    col = Collection(str(collection_path))
    try:
        col.import_anki_package(
            ImportAnkiPackageRequest(package_path=str(package_path), options=ImportAnkiPackageOptions())
        )
        notes = {}
        for note_id in col.find_notes(""):
            note = col.get_note(note_id)
            assert note.note_type()["name"] == MODEL_NAME
            notes[note["Word"]] = dict(note.items()) | {
                "_deck": col.decks.name(col.get_card(note.card_ids()[0]).did), "_id": note_id,
            }
        return notes
    finally:
        col.close()


def test_the_package_imports_into_anki_with_every_field_filled(cards, tmp_path):
    pytest.importorskip("anki")
    package = tmp_path / "mined.apkg"
    with package.open("wb") as out:
        assert write_deck_apkg(cards, out, timestamp=1_700_000_000) == 3
    notes = _import_into_anki(tmp_path / "collection.anki2", package)
    assert set(notes) == {"抑止力", "侵攻", "述べる"}
    for word, fields in notes.items():
        assert [name for name in fields if not name.startswith("_")] == list(FIELDS)
        assert all(fields[name].strip() for name in FIELDS), (word, fields)
    assert notes["抑止力"]["Sentence"] == "<div>ロシアは核<b>抑止力</b>を視野に入れている。</div>"
    assert notes["抑止力"]["Reading"] == "よくしりょく" and "deterrence" in notes["抑止力"]["Senses"]
    assert notes["侵攻"]["English"] == '<div><span class="label">gloss:</span> Invasion &amp; more</div>'
    assert "&lt;続く&gt;" in notes["侵攻"]["Sentence"]
    assert notes["述べる"]["English"] == "<div>(no English)</div>"
    assert notes["抑止力"]["_deck"] == "bireader" and notes["述べる"]["_deck"] == "bireader::news"


def test_a_later_export_updates_the_notes_in_anki_instead_of_adding_copies(cards, tmp_path):
    pytest.importorskip("anki")
    collection = tmp_path / "collection.anki2"
    first = tmp_path / "first.apkg"
    with first.open("wb") as out:
        write_deck_apkg(cards, out, timestamp=1_700_000_000)
    before = _import_into_anki(collection, first)
    mine(YOKUSHIRYOKU, **mine_kwargs(YOKUSHIRYOKU, SENTENCE_2, unit=5))
    with open_deck() as store:
        later_cards = store.cards()
    second = tmp_path / "second.apkg"
    with second.open("wb") as out:
        write_deck_apkg(later_cards, out, timestamp=1_800_000_000)
    after = _import_into_anki(collection, second)
    assert set(after) == set(before)
    assert after["抑止力"]["_id"] == before["抑止力"]["_id"]
    assert after["抑止力"]["Sentence"].count("<div>") == 2 and "unit 5" in after["抑止力"]["Source"]


def test_anki_notes_file_has_a_guid_column_and_html_fields(cards):
    out = io.StringIO()
    assert write_deck_anki(cards, out) == 3
    lines = out.getvalue().splitlines()
    assert lines[:5] == ["#separator:tab", "#html:true", "#guid column:1", "#deck column:2", "#tags column:9"]
    assert lines[5] == "#columns:" + "\t".join(NOTES_COLUMNS)
    rows = list(csv.reader(io.StringIO("\n".join(lines[6:])), dialect="excel-tab"))
    assert len(rows) == 3 and all(len(r) == len(NOTES_COLUMNS) and all(r) for r in rows)
    again = io.StringIO()
    write_deck_anki(cards, again)
    assert again.getvalue() == out.getvalue()  # the same GUIDs every time


def test_plain_tsv_has_a_row_a_sentence(cards):
    mine(YOKUSHIRYOKU, **mine_kwargs(YOKUSHIRYOKU, SENTENCE_2))
    with open_deck() as store:
        all_cards = store.cards()
    out = io.StringIO()
    assert write_deck_tsv(all_cards, out) == 4
    rows = list(csv.DictReader(io.StringIO(out.getvalue()), dialect="excel-tab"))
    assert list(rows[0]) == list(DECK_TSV_COLUMNS)
    assert [r["headword"] for r in rows] == ["抑止力", "抑止力", "侵攻", "述べる"]
    assert rows[0]["word"] == "抑止力" and rows[0]["frequency_rank"] == "12000" and rows[2]["english_source"] == "gloss"


def test_deck_export_cli_writes_atomically_and_refuses_to_overwrite(cards, tmp_path):
    target = tmp_path / "mined.apkg"
    result = runner.invoke(app, ["deck", "export", "--format", "apkg", "-o", str(target)])
    assert result.exit_code == 0 and "wrote 3 notes" in result.output and target.stat().st_size > 0
    again = runner.invoke(app, ["deck", "export", "--format", "apkg", "-o", str(target)])
    assert again.exit_code == 2 and "--force" in again.output
    news = runner.invoke(app, ["deck", "export", "--format", "tsv", "--deck", "news", "-o", "-"])
    assert news.exit_code == 0 and news.output.count("\n") == 2 and "述べる" in news.output
