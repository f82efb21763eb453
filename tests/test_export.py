"""Export (issue 9): TSV, TMX, JSONL, Anki notes and .apkg decks, written atomically."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import xml.etree.ElementTree as ET
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from bireader.export import anki as anki_export
from bireader.cli import app
from bireader.document import document_from_text
from bireader.errors import InputError
from bireader.export import (
    ANKI_DECK_ID,
    ANKI_MODEL_ID,
    FORMATS,
    NO_ENGLISH,
    ExportFormat,
    atomic_output,
    clean_field,
    clean_xml,
    collect_cards,
    export_reading,
    write_anki,
    write_apkg,
    write_jsonl,
    write_tmx,
    write_tsv,
)
from bireader.model import Document, Entry, Reading, Sense, Unit

from conftest import CORPUS_EN, CORPUS_JA

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# (ja, en, source, score, ja as read back from TSV, en as read back from TSV)
# Tabs and line breaks inside text become one space; `"` anywhere must survive csv quoting.
TRICKY = [
    ("「核」と\t述べた。", 'He said "nuclear"\tand left.', "aligned", 0.91, "「核」と 述べた。", 'He said "nuclear" and left.'),
    ('"引用"で始まる', '"Quoted" at the start', "aligned", 0.5, '"引用"で始まる', '"Quoted" at the start'),
    ("改行\nを含む", "line\r\nbreak", "mt:google", None, "改行 を含む", "line break"),
    ('末尾の"', 'ends with "', "gloss", None, '末尾の"', 'ends with "'),
    ('""', '"', "aligned", 0.3, '""', '"'),
    ("", "English only (a title the Japanese lacks)", "aligned", 0.1, "", "English only (a title the Japanese lacks)"),
    ("日本語のみ", "", "aligned", 0.0, "日本語のみ", ""),
    ("制御\x00文字\x1b", "ctrl\x0bchars\x07", "aligned", 0.777, "制御文字", "ctrl chars"),
    ("段落\u2028区切り", "comma, semicolon; 'single'", "aligned", 1.0, "段落 区切り", "comma, semicolon; 'single'"),
]


def _reading(rows, level="sentence", source="aligned: x.en.txt") -> Reading:
    units = tuple(
        Unit(index=i, ja=ja, en=en, source=src, score=score, ja_index=(i,) if ja else (),
             en_index=(i,) if en else (), paragraph=i, ja_start=i, ja_end=i + 1)
        for i, (ja, en, src, score, *_rest) in enumerate(rows)
    )
    return Reading(ja=Document(text="", paragraphs=()), units=units, level=level, source=source)


@pytest.fixture
def tricky() -> Reading:
    return _reading(TRICKY)


# --- TSV -----------------------------------------------------------------------------


def test_tsv_reads_back_exactly_with_csv(tricky):
    out = io.StringIO()
    assert write_tsv(tricky, out) == len(TRICKY)
    text = out.getvalue()
    # One physical line per unit plus the header: no raw tab or newline leaked into a field.
    assert len(text.splitlines()) == len(TRICKY) + 1
    rows = list(csv.reader(io.StringIO(text, newline=""), dialect="excel-tab"))
    assert rows[0] == ["index", "ja", "en", "source", "score"]
    expected = [
        [str(i + 1), ja_back, en_back, src, "" if score is None else f"{score:.3f}"]
        for i, (_ja, _en, src, score, ja_back, en_back) in enumerate(TRICKY)
    ]
    assert rows[1:] == expected


def test_tsv_file_round_trip_and_no_header(tricky, tmp_path):
    out = tmp_path / "pairs.tsv"
    export_reading(tricky, "tsv", out, header=False)
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, dialect="excel-tab"))
    assert len(rows) == len(TRICKY)
    assert [(r[1], r[2]) for r in rows] == [(t[4], t[5]) for t in TRICKY]
    assert all(len(r) == 5 for r in rows)


def test_tsv_score_empty_for_machine_translation(tricky):
    out = io.StringIO()
    write_tsv(tricky, out, header=False)
    rows = list(csv.reader(io.StringIO(out.getvalue()), dialect="excel-tab"))
    for row, unit in zip(rows, tricky.units):
        assert (row[4] == "") == (unit.source != "aligned")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.text(), st.text()), min_size=1, max_size=4))
def test_tsv_and_tmx_round_trip_any_text(pairs):
    """Whatever the text, csv reads back what clean_field kept and XML parses what clean_xml kept."""
    reading = _reading([(ja, en, "aligned", 0.5) for ja, en in pairs])
    out = io.StringIO()
    write_tsv(reading, out, header=False)
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline=""), dialect="excel-tab"))
    assert [(r[1], r[2]) for r in rows] == [(clean_field(ja), clean_field(en)) for ja, en in pairs]
    tmx = io.StringIO()
    write_tmx(reading, tmx)
    segs = [seg.text or "" for seg in ET.fromstring(tmx.getvalue().encode("utf-8")).iter("seg")]
    kept = [(clean_xml(ja), clean_xml(en)) for ja, en in pairs]
    assert segs == [t for ja, en in kept if ja.strip() and en.strip() for t in (ja, en)]


# --- TMX and JSONL -------------------------------------------------------------------


def test_tmx_parses_with_languages_and_counts(tricky):
    out = io.StringIO()
    written = write_tmx(tricky, out, created=datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc))
    root = ET.fromstring(out.getvalue().encode("utf-8"))
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header.get("srclang") == "ja"
    assert header.get("creationtool") == "bireader"
    assert header.get("segtype") == "sentence"
    assert header.get("creationdate") == "20260102T030405Z"
    tus = root.findall("body/tu")
    both_sides = [t for t in TRICKY if t[0] and t[1]]
    assert written == len(tus) == len(both_sides) == len(TRICKY) - 2
    for tu, (ja, en, source, score, *_rest) in zip(tus, both_sides):
        tuvs = tu.findall("tuv")
        assert [t.get(XML_LANG) for t in tuvs] == ["ja", "en"]
        # XML keeps tabs and newlines; only what XML 1.0 cannot carry is stripped.
        assert tuvs[0].find("seg").text == ja.replace("\x00", "").replace("\x1b", "")
        assert tuvs[1].find("seg").text == en.replace("\x0b", "").replace("\x07", "")
        props = {p.get("type"): p.text for p in tu.findall("prop")}
        assert props["x-source"] == source
        assert props.get("x-score") == (None if score is None else f"{score:.3f}")


def test_tmx_escapes_markup():
    reading = _reading([("<b>&amp;</b>", "a < b && c > d ]]>", "aligned", 0.9)])
    out = io.StringIO()
    write_tmx(reading, out)
    seg = ET.fromstring(out.getvalue()).findall(".//seg")
    assert [s.text for s in seg] == ["<b>&amp;</b>", "a < b && c > d ]]>"]


def test_jsonl_lines_parse(tricky):
    out = io.StringIO()
    assert write_jsonl(tricky, out) == len(TRICKY)
    lines = out.getvalue().splitlines()
    assert len(lines) == len(TRICKY)
    for line, unit in zip(lines, tricky.units):
        record = json.loads(line)
        assert record["ja"] == unit.ja and record["en"] == unit.en
        assert record["source"] == unit.source
        assert record["score"] == (None if unit.score is None else round(unit.score, 4))
        assert record["ja_index"] == list(unit.ja_index) and record["en_index"] == list(unit.en_index)
        assert record["paragraph"] == unit.paragraph and record["level"] == "sentence"
    assert "核" in lines[0]  # UTF-8 text, not \u escapes


# --- Anki ----------------------------------------------------------------------------

ANKI_TEXT = "ロシアは核兵器を配備した。\n非戦略核兵器が重要になる。NATOは抑止力を失った。"


def _entry(headword, reading, *glosses, source="jmdict"):
    return Entry(headword=headword, readings=(reading,) if reading else (), senses=(Sense(tuple(glosses)),), source=source)


def _fake_vocabulary(text, offset=0):
    """A stand-in for bireader.dictionary.vocabulary: every known word of WORDS found in ``text``."""
    words = {
        "核兵器": ("かくへいき", _entry("核兵器", "かくへいき", "nuclear weapon", "nuke", "atomic arms", "fourth")),
        "配備": ("はいび", _entry("配備", "はいび", "deployment")),
        "重要": ("じゅうよう", _entry("重要", "じゅうよう", "important")),
        "抑止力": ("よくしりょく", _entry("抑止力", "よくしりょく", "deterrent")),
        "失っ": ("うしなう", _entry("失う", "うしなう", "to lose")),
        "ロシア": ("ろしあ", _entry("ロシア", "ロシア", "Russia")),
        "非": ("ひ", _entry("非", "ひ")),  # no gloss: never a card
    }
    items = []
    for surface, (reading, entry) in words.items():
        pos = text.find(surface)
        if pos >= 0:
            lemma = "失う" if surface == "失っ" else surface
            items.append(SimpleNamespace(surface=surface, lemma=lemma, reading=reading, start=pos + offset,
                                         end=pos + offset + len(surface), entry=entry))
    return sorted(items, key=lambda i: i.start)


def _fake_terms(text):
    term = "非戦略核兵器"
    entry = _entry(term, "", "non-strategic nuclear weapons (NSNW)", source="glossary")
    pos = text.find(term)
    return [SimpleNamespace(start=pos, end=pos + len(term), term=term, entry=entry)] if pos >= 0 else []


def _anki_reading(with_english=True) -> Reading:
    doc = document_from_text(ANKI_TEXT)
    sentences = doc.sentences
    assert len(sentences) == 3
    english = ["Russia deployed nuclear weapons.", "", "NATO lost its deterrent."]
    units = tuple(
        Unit(index=i, ja=s.text, en=english[i] if with_english else "a gloss line",
             source="aligned" if with_english else "gloss", score=0.9 if with_english else None,
             ja_index=(i,), en_index=(i,), paragraph=0 if i == 0 else 1, ja_start=s.start, ja_end=s.end)
        for i, s in enumerate(sentences)
    )
    return Reading(ja=doc, units=units, level="sentence", source="aligned: x" if with_english else "gloss")


def _cards(reading):
    return collect_cards(reading, vocabulary=_fake_vocabulary, find_terms=_fake_terms)


def test_cards_one_per_word_with_context():
    cards = _cards(_anki_reading())
    words = [c.word for c in cards]
    assert words == ["ロシア", "核兵器", "配備", "非戦略核兵器", "重要", "抑止力", "失う"]
    by_word = {c.word: c for c in cards}
    assert by_word["核兵器"].sentence == "ロシアは核兵器を配備した。"
    assert by_word["核兵器"].english == "Russia deployed nuclear weapons."
    assert by_word["核兵器"].gloss == "nuclear weapon; nuke; atomic arms"
    assert by_word["失う"].reading == "うしなう" and by_word["失う"].english == "NATO lost its deterrent."
    user = by_word["非戦略核兵器"]
    assert user.is_user and user.gloss == "non-strategic nuclear weapons (NSNW)"
    assert user.reading  # the glossary gave none: read by the tokenizer (unidic-lite)
    assert user.sentence[user.word_start:user.word_end] == "非戦略核兵器"
    assert by_word["ロシア"].reading == "ロシア"  # the entry's own katakana, not the tokenizer's hiragana


def test_anki_tsv_has_header_lines_and_no_empty_fields():
    out = io.StringIO()
    count = write_anki(_anki_reading(), out, vocabulary=_fake_vocabulary, find_terms=_fake_terms)
    lines = out.getvalue().splitlines()
    assert lines[:3] == ["#separator:tab", "#html:false", "#columns:Word\tReading\tGloss\tSentence\tEnglish"]
    rows = list(csv.reader(io.StringIO("\n".join(row for row in lines if not row.startswith("#"))), dialect="excel-tab"))
    assert len(rows) == count == 7
    for row in rows:
        assert len(row) == 5 and all(field.strip() for field in row), row
    # The second sentence has no English partner: marked, not left blank.
    assert {r[0]: r[4] for r in rows}["重要"] == NO_ENGLISH


def test_anki_tsv_without_english_has_no_english_column():
    out = io.StringIO()
    write_anki(_anki_reading(with_english=False), out, vocabulary=_fake_vocabulary, find_terms=_fake_terms)
    lines = out.getvalue().splitlines()
    assert lines[2] == "#columns:Word\tReading\tGloss\tSentence"
    rows = list(csv.reader(io.StringIO("\n".join(lines[4:])), dialect="excel-tab"))
    assert rows and all(len(r) == 4 and all(f.strip() for f in r) for r in rows)
    assert "a gloss line" not in out.getvalue()  # a gloss is never passed off as English


def _apkg_notes(data: bytes, tmp_path: Path):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "collection.anki2" in z.namelist()
        path = tmp_path / "collection.anki2"
        path.write_bytes(z.read("collection.anki2"))
    conn = sqlite3.connect(path)
    try:
        notes = conn.execute("SELECT id, guid, mid, flds FROM notes ORDER BY id").fetchall()
        cards = conn.execute("SELECT id, nid, did FROM cards").fetchall()
        models = json.loads(conn.execute("SELECT models FROM col").fetchone()[0])
        decks = json.loads(conn.execute("SELECT decks FROM col").fetchone()[0])
    finally:
        conn.close()
    return notes, cards, models, decks


def test_apkg_is_an_anki_collection_with_stable_ids(tmp_path):
    import genanki

    reading = _anki_reading()
    first, second = io.BytesIO(), io.BytesIO()
    count = write_apkg(reading, first, vocabulary=_fake_vocabulary, find_terms=_fake_terms, timestamp=1_700_000_000)
    write_apkg(reading, second, vocabulary=_fake_vocabulary, find_terms=_fake_terms, timestamp=1_800_000_000)
    notes, cards, models, decks = _apkg_notes(first.getvalue(), tmp_path)
    assert len(notes) == count == len(_cards(reading))
    assert len(cards) == len(notes) and {c[1] for c in cards} == {n[0] for n in notes}
    assert {c[2] for c in cards} == {ANKI_DECK_ID}
    assert str(ANKI_MODEL_ID) in models and models[str(ANKI_MODEL_ID)]["name"] == "bireader vocabulary"
    assert [f["name"] for f in models[str(ANKI_MODEL_ID)]["flds"]] == ["Word", "Reading", "Gloss", "Sentence", "English"]
    assert str(ANKI_DECK_ID) in decks
    by_word = {n[3].split("\x1f")[0]: n for n in notes}
    fields = by_word["核兵器"][3].split("\x1f")
    assert fields[:3] == ["核兵器", "かくへいき", "nuclear weapon; nuke; atomic arms"]
    assert fields[3] == "ロシアは<b>核兵器</b>を配備した。" and fields[4] == "Russia deployed nuclear weapons."
    assert by_word["核兵器"][1] == genanki.guid_for("核兵器", "かくへいき")
    again, _cards2, _m, _d = _apkg_notes(second.getvalue(), tmp_path)
    assert [(n[0], n[1]) for n in again] == [(n[0], n[1]) for n in notes]  # same note ids and GUIDs


def test_apkg_escapes_html(tmp_path):
    doc = document_from_text("核兵器<script>。")
    s = doc.sentences[0]
    reading = Reading(ja=doc, units=(Unit(0, s.text, "a <b>bold</b> & claim", "aligned", 0.9, (0,), (0,), 0, s.start, s.end),))
    out = io.BytesIO()
    write_apkg(reading, out, vocabulary=_fake_vocabulary, find_terms=lambda text: [])
    notes, *_ = _apkg_notes(out.getvalue(), tmp_path)
    fields = notes[0][3].split("\x1f")
    assert fields[3] == "<b>核兵器</b>&lt;script&gt;。"
    assert fields[4] == "a &lt;b&gt;bold&lt;/b&gt; &amp; claim"


# --- Atomic writing ------------------------------------------------------------------


def test_refuses_to_overwrite_without_force(tricky, tmp_path):
    out = tmp_path / "pairs.tsv"
    out.write_text("keep me", encoding="utf-8")
    with pytest.raises(InputError, match="already exists; use --force"):
        export_reading(tricky, "tsv", out)
    assert out.read_text(encoding="utf-8") == "keep me"
    export_reading(tricky, "tsv", out, force=True)
    assert out.read_text(encoding="utf-8").startswith("index\tja\ten\tsource\tscore\n")


def test_failure_mid_write_leaves_old_file(tricky, tmp_path, monkeypatch):
    out = tmp_path / "pairs.tsv"
    out.write_text("the good file", encoding="utf-8")

    def half_then_fail(reading, stream, **_):
        stream.write("index\tja\n" * 1000)
        raise RuntimeError("disk on fire")

    monkeypatch.setitem(FORMATS, "tsv", ExportFormat("tsv", half_then_fail, False, ".tsv", "rows"))
    with pytest.raises(RuntimeError, match="disk on fire"):
        export_reading(tricky, "tsv", out, force=True)
    assert out.read_text(encoding="utf-8") == "the good file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pairs.tsv"]  # no temp file left behind


def test_interrupt_mid_write_leaves_no_partial_file(tmp_path):
    out = tmp_path / "new.tsv"
    with pytest.raises(KeyboardInterrupt):
        with atomic_output(out) as stream:
            stream.write("partial")
            raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_new_file_gets_normal_permissions(tricky, tmp_path):
    import os

    out = tmp_path / "pairs.tsv"
    export_reading(tricky, "tsv", out)
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.parametrize("bad", ["missing-dir/out.tsv", "."])
def test_unwritable_output_is_an_input_error(tricky, tmp_path, bad):
    with pytest.raises(InputError):
        export_reading(tricky, "tsv", tmp_path / bad)


# --- CLI -----------------------------------------------------------------------------

runner = CliRunner()


def test_format_names_match_the_cli():
    from bireader.cli.export import ExportFormatName

    assert [f.value for f in ExportFormatName] == list(FORMATS)


@pytest.fixture
def fake_build(monkeypatch, tricky):
    """Replace the pipeline with the fixture reading; records the arguments it was called with."""
    calls = []

    def build_reading(source, **kwargs):
        calls.append((source, kwargs))
        return tricky

    monkeypatch.setattr("bireader.reading.build_reading", build_reading)
    return calls


def test_cli_writes_to_stdout(fake_build, tmp_path):
    result = runner.invoke(app, ["export", "doc.ja.txt", "-o", "-"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout), dialect="excel-tab"))
    assert rows[0] == ["index", "ja", "en", "source", "score"] and len(rows) == len(TRICKY) + 1
    assert fake_build[0][1]["level"] == "paragraph" and fake_build[0][1]["embeddings"] == "auto"
    # No -o at all also means stdout.
    result = runner.invoke(app, ["export", "doc.ja.txt", "--format", "jsonl"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == len(TRICKY)


def test_cli_stdout_is_utf8_whatever_the_locale(fake_build):
    result = CliRunner(charset="latin-1").invoke(app, ["export", "doc.ja.txt", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    first = json.loads(result.stdout_bytes.decode("utf-8").splitlines()[0])
    assert first["ja"] == TRICKY[0][0]


def test_cli_refuses_to_overwrite(fake_build, tmp_path):
    out = tmp_path / "out.tmx"
    out.write_text("old", encoding="utf-8")
    result = runner.invoke(app, ["export", "doc.ja.txt", "--format", "tmx", "-o", str(out)])
    assert result.exit_code == 2
    assert "already exists; use --force" in result.output and "Traceback" not in result.output
    assert out.read_text(encoding="utf-8") == "old"
    assert fake_build == []  # refused before any work
    result = runner.invoke(app, ["export", "doc.ja.txt", "--format", "tmx", "-o", str(out), "--force"])
    assert result.exit_code == 0, result.output
    assert len(ET.parse(out).getroot().findall("body/tu")) == len(TRICKY) - 2


def test_cli_passes_options_and_card_formats_default_to_sentences(fake_build, monkeypatch, tmp_path):
    monkeypatch.setattr(anki_export, "_default_vocabulary", lambda: _fake_vocabulary)
    monkeypatch.setattr(anki_export, "_default_terms", lambda: _fake_terms)
    monkeypatch.setattr("bireader.reading.build_reading", lambda source, **kw: fake_build.append(kw) or _anki_reading())
    out = tmp_path / "deck.apkg"
    result = runner.invoke(app, ["export", "doc.ja.txt", "--format", "apkg", "-o", str(out), "--english", "doc.en.txt",
                                 "--embeddings", "off"])
    assert result.exit_code == 0, result.output
    assert fake_build[-1]["level"] == "sentence" and fake_build[-1]["english"] == "doc.en.txt"
    assert fake_build[-1]["embeddings"] == "off"
    assert zipfile.ZipFile(out).namelist()[0] == "collection.anki2"
    result = runner.invoke(app, ["export", "doc.ja.txt", "--format", "anki", "--level", "paragraph", "--no-header"])
    assert result.exit_code == 0 and fake_build[-1]["level"] == "paragraph"
    assert not result.stdout.startswith("#")


def test_cli_apkg_to_stdout_is_bytes(fake_build, monkeypatch):
    monkeypatch.setattr(anki_export, "_default_vocabulary", lambda: _fake_vocabulary)
    monkeypatch.setattr(anki_export, "_default_terms", lambda: _fake_terms)
    monkeypatch.setattr("bireader.reading.build_reading", lambda source, **kw: _anki_reading())
    result = runner.invoke(app, ["export", "doc.ja.txt", "--format", "apkg"])
    assert result.exit_code == 0
    assert zipfile.ZipFile(io.BytesIO(result.stdout_bytes)).testzip() is None


def test_cli_will_not_overwrite_its_input(fake_build, tmp_path):
    src = tmp_path / "doc.ja.txt"
    src.write_text("本文。", encoding="utf-8")
    result = runner.invoke(app, ["export", str(src), "-o", str(src), "--force"])
    assert result.exit_code == 2 and "is an input of this export" in result.output
    assert src.read_text(encoding="utf-8") == "本文。"


def test_cli_bad_input_is_one_line(tmp_path):
    result = runner.invoke(app, ["export", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "x.tsv")])
    assert result.exit_code == 2
    assert "no such file" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.tsv").exists()


# --- With the real dictionary layer and glossary store --------------------------------


def test_anki_cards_from_the_dictionary_and_the_users_glossary(tiny_dictionary, tmp_path):
    """The real vocabulary() over the tiny fixture dictionary, plus a term in the real glossary store."""
    from bireader.glossary import open_glossary

    with open_glossary() as glossary:
        glossary.add("非戦略核兵器", "non-strategic nuclear weapons (NSNW)", reading="ひせんりゃくかくへいき")
    doc = document_from_text("ロシアは非戦略核兵器を配置している。抑止力を述べた。")
    units = tuple(
        Unit(i, s.text, en, "aligned", 0.9, (i,), (i,), 0, s.start, s.end)
        for i, (s, en) in enumerate(zip(doc.sentences, ["Russia has deployed NSNW.", "He spoke of deterrence."]))
    )
    reading = Reading(ja=doc, units=units, level="sentence", source="aligned: x")
    out = io.StringIO()
    write_anki(reading, out)
    rows = [r for r in csv.reader(io.StringIO(out.getvalue()), dialect="excel-tab") if not r[0].startswith("#")]
    by_word = {r[0]: r for r in rows}
    assert by_word["非戦略核兵器"][1:3] == ["ひせんりゃくかくへいき", "non-strategic nuclear weapons (NSNW)"]
    assert by_word["抑止力"] == ["抑止力", "よくしりょく", "deterrence", "抑止力を述べた。", "He spoke of deterrence."]
    assert by_word["述べる"][1:3] == ["のべる", "to state; to express"]  # 述べた → its dictionary form
    assert all(len(r) == 5 and all(f.strip() for f in r) for r in rows)


# --- End to end on the corpus (real pipeline and dictionary index, built once per session) ---


def test_corpus_sentence_level_tsv(real_dictionary, tmp_path):
    out = tmp_path / "pairs.tsv"
    result = runner.invoke(app, ["export", str(CORPUS_JA), "--level", "sentence", "--format", "tsv",
                                 "-o", str(out), "--embeddings", "off"])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, dialect="excel-tab"))
    assert rows[0] == ["index", "ja", "en", "source", "score"]
    body = rows[1:]
    assert [r[0] for r in body] == [str(i) for i in range(1, len(body) + 1)]
    assert all(r[3] == "aligned" and 0.0 <= float(r[4]) <= 1.0 for r in body)
    # Every Japanese sentence appears once, in order; every English sentence too.
    from bireader.document import read_document

    ja_doc = read_document(CORPUS_JA, lang="ja")
    en_doc = read_document(CORPUS_EN, lang="en")
    assert "".join(r[1] for r in body) == "".join(s.text for s in ja_doc.sentences)
    assert " ".join(r[2] for r in body if r[2]) == " ".join(s.text for s in en_doc.sentences)


def test_corpus_apkg_twice_gives_the_same_notes(real_dictionary, tmp_path):
    decks = []
    for name in ("a.apkg", "b.apkg"):
        result = runner.invoke(app, ["export", str(CORPUS_JA), "--format", "apkg", "-o", str(tmp_path / name),
                                     "--embeddings", "off"])
        assert result.exit_code == 0, result.output
        decks.append(_apkg_notes((tmp_path / name).read_bytes(), tmp_path))
    (notes, cards, _models, _decks), (again, *_rest) = decks
    assert len(notes) > 100 and len(cards) == len(notes)
    assert [(n[0], n[1], n[3]) for n in notes] == [(n[0], n[1], n[3]) for n in again]
    assert len({n[1] for n in notes}) == len(notes)  # one note per word
    for note in notes:
        word, reading_, gloss, sentence, _english = note[3].split("\x1f")
        assert word and reading_ and gloss and "<b>" in sentence
