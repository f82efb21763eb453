"""Exports of the new formats: cue times in TSV/JSONL, the bilingual EPUB and HTML books."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import pytest
from typer.testing import CliRunner

from bireader.cli import app
from bireader.document import document_from_text, read_document
from bireader.export import FORMATS, export_reading, write_html, write_jsonl, write_tsv
from bireader.reading import build_reading

import format_fixtures as fx


@pytest.fixture
def film(tmp_path):
    (tmp_path / "film.ja.srt").write_text(fx.srt_text(fx.JA_CUES), encoding="utf-8")
    en = fx.EN_CUES + [(90000, 92000, "An English-only line.")]
    (tmp_path / "film.en.srt").write_text(fx.srt_text(en), encoding="utf-8")
    return build_reading(tmp_path / "film.ja.srt", embeddings="off")


@pytest.fixture
def book(tmp_path):
    fx.make_epub(tmp_path / "book.ja.epub", fx.JA_CHAPTERS)
    fx.make_epub(tmp_path / "book.en.epub", fx.EN_CHAPTERS, lang="en", title="The Test Book")
    return build_reading(tmp_path / "book.ja.epub", embeddings="off")


def test_tsv_gains_time_columns_for_subtitle_input_only(film):
    out = io.StringIO()
    write_tsv(film, out)
    rows = list(csv.reader(io.StringIO(out.getvalue()), dialect="excel-tab"))
    assert rows[0] == ["index", "ja", "en", "source", "score", "time_start", "time_end"]
    assert rows[1][1:3] == ["おはよう。", "Good morning."] and rows[1][5:] == ["00:00:01,000", "00:00:03,000"]
    assert rows[4][5:] == ["00:01:01,000", "00:01:03,000"]
    assert rows[-1][2] == "An English-only line." and rows[-1][5:] == ["", ""]  # no Japanese cue, no time

    text = build_reading(document_from_text("猫。\n犬。\n"), english=document_from_text("Cat.\nDog.\n", lang="en"), embeddings="off")
    plain = io.StringIO()
    write_tsv(text, plain)
    assert plain.getvalue().splitlines()[0] == "index\tja\ten\tsource\tscore"


def test_jsonl_has_the_same_time_keys(film):
    out = io.StringIO()
    write_jsonl(film, out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert records[1]["time_start"] == "00:00:03,500" and records[1]["time_end"] == "00:00:06,000"
    # The character offsets keep their meaning: into the Japanese document's text.
    assert film.ja.text[records[1]["ja_start"]:records[1]["ja_end"]] == records[1]["ja"]
    assert records[-1]["time_start"] is None
    text = build_reading(document_from_text("猫。\n"), english=document_from_text("Cat.\n", lang="en"), embeddings="off")
    plain = io.StringIO()
    write_jsonl(text, plain)
    assert "time_start" not in json.loads(plain.getvalue())


def test_epub_export_reads_back_with_the_same_chapters(book, tmp_path):
    from ebooklib import epub

    path = tmp_path / "bilingual.epub"
    count = export_reading(book, "epub", path)
    assert count == len(book.units)
    with zipfile.ZipFile(path) as archive:
        assert archive.read("mimetype") == b"application/epub+zip"
        assert archive.infolist()[0].filename == "mimetype"
        chapter = archive.read("EPUB/chapter-0001.xhtml").decode("utf-8")
        # The style sheet link resolves inside the archive.
        assert 'href="style/book.css"' in chapter and "EPUB/style/book.css" in archive.namelist()
    back = epub.read_epub(str(path), options={"ignore_ncx": True})
    assert len(back.toc) == len(book.ja.chapters) == 3
    assert [link.title for link in back.toc] == ["第一章 出発", "第二章 到着", "第三章 帰り道"]
    assert [lang for lang, _ in back.get_metadata("DC", "language")] == ["ja", "en"]
    identifier = back.get_metadata("DC", "identifier")[0][0]
    assert identifier.startswith("urn:uuid:")
    assert any(isinstance(item, epub.EpubNav) for item in back.get_items())
    assert len([idref for idref, _ in back.spine]) == 4  # the navigation document and three chapters
    # Read by bireader: the same chapters, each Japanese paragraph followed by its English.
    doc = read_document(path)
    assert [c.title for c in doc.chapters] == ["第一章 出発", "第二章 到着", "第三章 帰り道"]
    texts = [p.text for p in doc.paragraphs]
    i = texts.index("朝早く、私は駅に向かった。")
    assert texts[i + 1] == "Early in the morning I set off for the station."
    assert texts[texts.index("第一章 出発") + 1] == "Chapter 1: Departure"
    # The same reading exported again gets the same identifier (a reader keeps its place).
    export_reading(book, "epub", path, force=True)
    assert epub.read_epub(str(path), options={"ignore_ncx": True}).get_metadata("DC", "identifier")[0][0] == identifier


def test_epub_readings_are_ruby(book, tmp_path, tiny_dictionary):
    path = tmp_path / "ruby.epub"
    export_reading(book, "epub", path, readings=True)
    with zipfile.ZipFile(path) as archive:
        chapter = archive.read("EPUB/chapter-0001.xhtml").decode("utf-8")
    assert "<ruby>朝<rt>あさ</rt></ruby>" in chapter  # the book's own ruby
    assert "<rt>えき</rt>" in chapter  # the tokenizer's reading of 駅 (unidic-lite)
    export_reading(book, "epub", path, force=True)
    with zipfile.ZipFile(path) as archive:
        assert "<ruby>" not in archive.read("EPUB/chapter-0001.xhtml").decode("utf-8")


def test_html_export_is_one_self_contained_page_with_facing_columns(book, tiny_dictionary):
    out = io.StringIO()
    count = write_html(book, out, readings=True)
    page = out.getvalue()
    assert count == len(book.units)
    assert not re.search(r"<(?:script|link|img)\b|\ssrc=", page)  # nothing outside the file
    assert "grid-template-columns: 1fr 1fr" in page
    anchors = re.findall(r'href="#(chapter-\d+)"', page)
    assert anchors == ["chapter-1", "chapter-2", "chapter-3"]
    assert all(f'<section id="{a}">' in page for a in anchors)
    pair = re.search(r'<div class="pair" id="u3">(.*?)</div>', page).group(1)
    assert '<p class="ja" lang="ja"><ruby>電車<rt>でんしゃ</rt></ruby>はまだ' in pair and '<p class="en" lang="en">The train had not come yet.</p>' in pair
    assert "<ruby>朝<rt>あさ</rt></ruby>" in page


def test_html_escapes_document_text():
    ja = document_from_text("<b>太字</b>と&。\n")
    reading = build_reading(ja, english=document_from_text("<script>x</script> & more\n", lang="en"), embeddings="off")
    out = io.StringIO()
    write_html(reading, out)
    assert "&lt;b&gt;太字&lt;/b&gt;と&amp;。" in out.getvalue()
    assert "<script>" not in out.getvalue()


def test_a_text_without_chapters_is_one_chapter_named_after_the_file(tmp_path):
    from ebooklib import epub

    path = tmp_path / "story.ja.txt"
    path.write_text("猫が好きだ。\n犬も好きだ。\n", encoding="utf-8")
    en = tmp_path / "story.en.txt"
    en.write_text("I like cats.\nI like dogs too.\n", encoding="utf-8")
    reading = build_reading(path, embeddings="off")
    export_reading(reading, "epub", tmp_path / "story.epub")
    back = epub.read_epub(str(tmp_path / "story.epub"), options={"ignore_ncx": True})
    assert [link.title for link in back.toc] == ["story"]


def test_subtitle_book_export_keeps_the_cue_times(film, tmp_path):
    out = io.StringIO()
    write_html(film, out)
    assert "00:00:01,000 → 00:00:03,000" in out.getvalue()


def test_formats_registry_and_cli_enum_agree():
    from bireader.cli.export import ExportFormatName

    assert {f.value for f in ExportFormatName} == set(FORMATS)


def test_export_cli_writes_epub_atomically_and_respects_force(tmp_path, tiny_dictionary):
    fx.make_epub(tmp_path / "book.ja.epub", fx.JA_CHAPTERS)
    fx.make_epub(tmp_path / "book.en.epub", fx.EN_CHAPTERS, lang="en")
    out = tmp_path / "out.epub"
    runner = CliRunner()
    args = ["export", str(tmp_path / "book.ja.epub"), "--format", "epub", "-o", str(out), "--embeddings", "off"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "wrote 8 units" in result.output
    before = out.read_bytes()
    again = runner.invoke(app, args)
    assert again.exit_code == 2 and "already exists" in again.output and "Traceback" not in again.output
    assert out.read_bytes() == before
    assert runner.invoke(app, args + ["--force", "--readings"]).exit_code == 0
    html = runner.invoke(app, args[:3] + ["html", "-o", str(tmp_path / "out.html"), "--embeddings", "off"])
    assert html.exit_code == 0 and (tmp_path / "out.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    wrong = runner.invoke(app, ["export", str(tmp_path / "book.ja.epub"), "--format", "tsv", "--readings"])
    assert wrong.exit_code == 2 and "--readings applies to the epub and html formats" in wrong.output
