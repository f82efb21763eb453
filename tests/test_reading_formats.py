"""English sources for every format: sidecars, subtitles paired by time, books chapter by chapter
(the progressive stream), cue times on units, code blocks left alone."""

from __future__ import annotations

import sys
import threading

import pytest
from typer.testing import CliRunner

from bireader import align
from bireader import reading as reading_module
from bireader.cli import app
from bireader.reading import build_reading, find_sidecar, stream_reading

import format_fixtures as fx


@pytest.fixture
def no_engine(monkeypatch):
    monkeypatch.setattr(reading_module, "default_engine", lambda: None)
    monkeypatch.setattr(reading_module, "gloss_function", lambda: lambda text: f"GLOSS<{text}>")


@pytest.fixture
def align_calls(monkeypatch):
    """Every align_documents call (the real aligner still answers), as the Japanese paragraphs it was given."""
    calls: list[list[str]] = []
    real = align.align_documents

    def spy(ja_doc, en_doc, **kwargs):
        calls.append([p.text for p in ja_doc.paragraphs])
        return real(ja_doc, en_doc, **kwargs)

    monkeypatch.setattr(align, "align_documents", spy)
    return calls


SIDECARS = [
    # (Japanese file, its sidecar, a builder of both)
    ("film.ja.srt", "film.en.srt"),
    ("book.ja.epub", "book.en.epub"),
    ("page.ja.html", "page.en.html"),
    ("notes.ja.md", "notes.en.md"),
    ("film.vtt", "film.en.vtt"),
]


@pytest.mark.parametrize(("ja_name", "en_name"), SIDECARS)
def test_the_sidecar_rule_works_for_every_format(tmp_path, ja_name, en_name):
    (tmp_path / ja_name).write_bytes(b"x")
    assert find_sidecar(str(tmp_path / ja_name)) is None
    (tmp_path / en_name).write_bytes(b"x")
    assert find_sidecar(str(tmp_path / ja_name)) == tmp_path / en_name


def test_a_subtitle_pair_found_as_sidecar_is_paired_by_time(tmp_path, no_engine):
    (tmp_path / "film.ja.srt").write_text(fx.srt_text(fx.JA_CUES), encoding="utf-8")
    # The English release splits the third cue in two and is shifted by 1.2 s.
    en_cues = [(s + 1200, e + 1200, t) for s, e, t in fx.EN_CUES]
    s, e, _ = en_cues[2]
    en_cues[2:3] = [(s, (s + e) // 2, "Where are you going?"), ((s + e) // 2 + 50, e, "To the station.")]
    (tmp_path / "film.en.srt").write_text(fx.srt_text(en_cues), encoding="utf-8")
    reading = build_reading(tmp_path / "film.ja.srt", embeddings="off")
    assert reading.source == f"aligned: {tmp_path / 'film.en.srt'}"
    assert [(u.ja_index, u.en_index) for u in reading.units] == [((0,), (0,)), ((1,), (1,)), ((2,), (2, 3)), ((3,), (4,))]
    assert reading.units[2].en == "Where are you going? To the station."
    assert [(u.time_start, u.time_end) for u in reading.units] == [(s, e) for s, e, _ in fx.JA_CUES]
    assert any("shifted by -1.20 s" in note for note in reading.notes)


def test_subtitle_sentences_inherit_their_cue_times(tmp_path):
    ja = tmp_path / "a.ja.vtt"
    en = tmp_path / "a.en.ass"
    ja.write_text(fx.vtt_text(fx.JA_CUES), encoding="utf-8")
    en.write_text(fx.ass_text(fx.EN_CUES), encoding="utf-8")
    reading = build_reading(ja, english=en, level="sentence", embeddings="off")
    third = [u for u in reading.units if u.time_start == 6500]
    assert [u.ja for u in third] == ["－どこへ行くの？", "－駅まで。"]
    assert [u.en for u in third] == ["- Where are you going?", "- To the station."]


def test_glossed_subtitles_carry_their_times(tmp_path, no_engine):
    path = tmp_path / "film.srt"
    path.write_text(fx.srt_text(fx.JA_CUES), encoding="utf-8")
    reading = build_reading(path)
    assert reading.source == "gloss"
    assert [u.time_start for u in reading.units] == [1000, 3500, 6500, 61000]


def test_markdown_code_is_not_glossed_or_translated(tmp_path, no_engine, monkeypatch):
    path = tmp_path / "notes.md"
    path.write_text(fx.MARKDOWN_NOTE, encoding="utf-8")
    reading = build_reading(path)
    code = [u for u in reading.units if u.is_code]
    assert [u.ja for u in code] == ['print("コードは注釈しない")'] and code[0].en == ""
    assert all(u.en.startswith("GLOSS<") for u in reading.units if not u.is_code)

    import bireader.translate as translate

    sent = []

    class Result:
        def __init__(self, texts):
            self.texts = [f"EN:{t}" for t in texts]

    monkeypatch.setattr(translate, "translate_texts", lambda texts, engine, **kw: sent.extend(texts) or Result(texts))
    reading = build_reading(path, translator="fake")
    assert 'print("コードは注釈しない")' not in sent and len(sent) == len(reading.units) - 1


# --- books chapter by chapter: the progressive stream ------------------------------------


def _books(tmp_path, *, preface=False):
    ja_chapters = ([("まえがき", ["この本について少し書く。"])] if preface else []) + fx.JA_CHAPTERS
    fx.make_epub(tmp_path / "book.ja.epub", ja_chapters)
    fx.make_epub(tmp_path / "book.en.epub", fx.EN_CHAPTERS, lang="en", title="The Test Book")
    return tmp_path / "book.ja.epub"


def test_a_book_pair_starts_with_its_first_chapter_aligned(tmp_path, align_calls):
    stream = stream_reading(_books(tmp_path), embeddings="off")
    assert stream.source == f"aligned: {tmp_path / 'book.en.epub'}"
    assert not stream.complete
    assert len(align_calls) == 1 and align_calls[0][0] == "第一章 出発"
    assert stream.total == 3  # the heading and two paragraphs of chapter 1
    assert [u.ja for u in stream.units(0, 3)] == ["第一章 出発", "朝早く、私は駅に向かった。", "電車はまだ来ていなかった。"]
    assert len(align_calls) == 1  # units already known never align more
    assert stream.wait_more() == 6 and len(align_calls) == 2 and not stream.complete
    assert stream.wait_more() == 8 and stream.complete
    assert stream.wait_more() == 8 and len(align_calls) == 3  # complete: at once, nothing aligned


def test_units_align_the_next_chapter_only_when_they_reach_it(tmp_path, align_calls):
    stream = stream_reading(_books(tmp_path), embeddings="off")
    seen = []
    for unit in stream.units():
        seen.append((unit.index, len(align_calls)))
    # Chapter 2 is aligned only after chapter 1's last unit was handed out, and so on.
    assert seen == [(0, 1), (1, 1), (2, 1), (3, 2), (4, 2), (5, 2), (6, 3), (7, 3)]
    assert stream.complete and stream.total == 8
    # A range inside chapter 2 of a fresh stream aligns chapter 2, not chapter 3.
    align_calls.clear()
    fresh = stream_reading(_books(tmp_path), embeddings="off")
    assert [u.index for u in fresh.units(4, 5)] == [4]
    assert len(align_calls) == 2 and not fresh.complete


def test_a_progressive_stream_collects_the_same_reading_as_build_reading(tmp_path):
    book = _books(tmp_path, preface=True)
    reading = build_reading(book, embeddings="off")
    assert [u.index for u in reading.units] == list(range(len(reading.units)))
    assert [u.ja for u in reading.units[:2]] == ["まえがき", "この本について少し書く。"]
    assert [u.en for u in reading.units[:2]] == ["", ""]  # the preface has no English partner
    assert reading.units[2].en == "Chapter 1: Departure"
    assert reading.units[-1].en == "In the evening I took the train home."
    assert [i for u in reading.units for i in u.ja_index] == list(range(len(reading.ja.paragraphs)))
    assert [i for u in reading.units for i in u.en_index] == list(range(len(reading.en.paragraphs)))
    assert any("まえがき (Japanese only)" in note for note in reading.notes)
    for unit in reading.units:
        assert reading.ja.text[unit.ja_start:unit.ja_end] == unit.ja


def test_wait_more_from_a_worker_while_units_are_read(tmp_path):
    stream = stream_reading(_books(tmp_path), embeddings="off", level="sentence")
    worker = threading.Thread(target=lambda: [stream.wait_more() for _ in range(5)])
    worker.start()
    first = [u.ja for u in stream.units(0, 3)]
    worker.join()
    assert first[0] == "第一章 出発" and stream.complete
    assert [u.index for u in stream.units()] == list(range(stream.total))


def test_other_streams_are_complete_from_the_start(tmp_path, no_engine):
    path = tmp_path / "a.txt"
    path.write_text("猫。\n犬。\n", encoding="utf-8")
    stream = stream_reading(path)
    assert stream.complete and stream.wait_more() == stream.total == 2


def test_plain_read_prints_chapter_one_before_aligning_chapter_two(tmp_path, monkeypatch, tiny_dictionary):
    book = _books(tmp_path)
    printed_when_aligning: list[str] = []
    real = align.align_documents

    def spy(ja_doc, en_doc, **kwargs):
        sys.stdout.flush()
        printed_when_aligning.append(sys.stdout.buffer.getvalue().decode("utf-8"))
        return real(ja_doc, en_doc, **kwargs)

    monkeypatch.setattr(align, "align_documents", spy)
    result = CliRunner().invoke(app, ["read", str(book), "--embeddings", "off", "--vocab", "none"])
    assert result.exit_code == 0, result.output
    assert len(printed_when_aligning) == 3
    assert "朝早く" not in printed_when_aligning[0]
    assert "朝早く、私は駅に向かった。" in printed_when_aligning[1]  # chapter 1 was out before chapter 2 aligned
    assert "昼に町に着いた" not in printed_when_aligning[1]
    assert "昼に町に着いた。" in printed_when_aligning[2]
    assert "夕方、私は帰りの電車に乗った。" in result.output


def test_a_range_of_a_book_pair_counts_units_of_the_whole_book(tmp_path, tiny_dictionary):
    result = CliRunner().invoke(app, ["read", str(_books(tmp_path)), "--embeddings", "off", "--vocab", "none", "--range", "7-8"])
    assert result.exit_code == 0, result.output
    assert "2 of 8 paragraphs" in " ".join(result.output.split()) and "夕方" in result.output and "朝早く" not in result.output
