"""The loaders of bireader.document: EPUB, HTML, Markdown, subtitles, Aozora 見出し, and format detection.

Every file is built by the test (tests/format_fixtures.py); each format also has
malformed files that must give one InputError line (exit 2 from the CLI).
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from bireader.cli import app
from bireader.document import INPUT_FORMATS, detect_format, document_from_text, read_document
from bireader.errors import InputError

import format_fixtures as fx


def _check_offsets(doc):
    """The invariants every loader keeps: paragraphs and sentences slice the text, rubies sit on their base."""
    for p in doc.paragraphs:
        assert doc.text[p.start:p.end] == p.text
        for s in p.sentences:
            assert doc.text[s.start:s.end] == s.text
            assert p.start <= s.start < s.end <= p.end
    for r in doc.rubies:
        assert 0 <= r.start < r.end <= len(doc.text)
    chapters = [c.paragraph for c in doc.chapters]
    assert chapters == sorted(chapters)
    assert all(0 <= c < len(doc.paragraphs) for c in chapters)


def _rubies(doc):
    return [(doc.text[r.start:r.end], r.reading) for r in doc.rubies]


# --- EPUB ------------------------------------------------------------------------------


def test_epub_spine_order_chapters_from_the_navigation_and_ruby(tmp_path):
    path = fx.make_epub(tmp_path / "book.epub", fx.JA_CHAPTERS)
    doc = read_document(path)
    _check_offsets(doc)
    assert doc.format == "epub" and doc.title == "テストの本"
    assert [c.title for c in doc.chapters] == ["第一章 出発", "第二章 到着", "第三章 帰り道"]
    texts = [p.text for p in doc.paragraphs]
    # The navigation document is in the spine but is not text; images and scripts are skipped.
    assert texts == [
        "第一章 出発", "朝早く、私は駅に向かった。", "電車はまだ来ていなかった。",
        "第二章 到着", "昼に町に着いた。町は静かだった。", "宿の主人が迎えてくれた。",
        "第三章 帰り道", "夕方、私は帰りの電車に乗った。",
    ]
    assert [c.paragraph for c in doc.chapters] == [0, 3, 6]
    assert doc.paragraphs[0].is_headline and not doc.paragraphs[1].is_headline
    # Ruby: the base text in the paragraph, the reading attached, never 朝あさ.
    assert "あさ" not in doc.text
    assert _rubies(doc) == [("朝", "あさ")]
    assert [s.text for s in doc.paragraphs[4].sentences] == ["昼に町に着いた。", "町は静かだった。"]


def test_vertical_right_to_left_book_reads_the_same(tmp_path):
    horizontal = read_document(fx.make_epub(tmp_path / "h.epub", fx.JA_CHAPTERS))
    vertical = read_document(fx.make_epub(tmp_path / "v.epub", fx.JA_CHAPTERS, vertical=True))
    assert vertical.text == horizontal.text
    assert vertical.chapters == horizontal.chapters
    assert vertical.rubies == horizontal.rubies


RUBY_FORMS = [
    # (XHTML paragraph, text, rubies)
    ("<ruby>漢字<rt>かんじ</rt></ruby>を読む", "漢字を読む", [("漢字", "かんじ")]),
    ("<ruby><rb>漢字</rb><rp>（</rp><rt>かんじ</rt><rp>）</rp></ruby>", "漢字", [("漢字", "かんじ")]),  # Aozora XHTML
    ("<ruby>漢<rt>かん</rt>字<rt>じ</rt></ruby>", "漢字", [("漢", "かん"), ("字", "じ")]),  # mono-ruby
    ("前 <ruby>東京<rt>とうきょう</rt></ruby> 後", "前 東京 後", [("東京", "とうきょう")]),
]


@pytest.mark.parametrize(("paragraph", "text", "rubies"), RUBY_FORMS)
def test_epub_ruby_forms(tmp_path, paragraph, text, rubies):
    doc = read_document(fx.make_epub(tmp_path / "r.epub", [("章", [paragraph])]))
    assert doc.paragraphs[1].text == text
    assert _rubies(doc) == rubies


def test_epub_without_a_table_of_contents_has_a_chapter_a_spine_document(tmp_path):
    doc = read_document(fx.make_epub(tmp_path / "b.epub", fx.JA_CHAPTERS, toc=False, nav_in_spine=False))
    assert [c.title for c in doc.chapters] == ["第一章 出発", "第二章 到着", "第三章 帰り道"]


def test_epub2_with_an_ncx_and_aozora_style_lines(tmp_path):
    path = fx.make_epub2(
        tmp_path / "old.epub",
        [
            ("第一章", ["　<ruby><rb>吾輩</rb><rp>（</rp><rt>わがはい</rt><rp>）</rp></ruby>は猫である。", "　名前はまだ無い。"]),
            ("第二章", ["　二章の本文。"]),
        ],
    )
    doc = read_document(path)
    _check_offsets(doc)
    # NCX entries point at the headings (#m1) under OEBPS/Text/; each <br />-separated line is a paragraph.
    assert [(c.title, c.paragraph) for c in doc.chapters] == [("第一章", 0), ("第二章", 3)]
    assert [p.text for p in doc.paragraphs] == ["第一章", "吾輩は猫である。", "名前はまだ無い。", "第二章", "二章の本文。"]
    assert _rubies(doc) == [("吾輩", "わがはい")]


def test_epub_with_only_obfuscated_fonts_is_not_drm(tmp_path):
    doc = read_document(fx.epub_with_obfuscated_font(tmp_path / "font.epub"))
    assert doc.paragraphs[1].text == "朝早く、私は駅に向かった。"


# --- HTML ------------------------------------------------------------------------------


def test_html_keeps_the_main_text_only(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(fx.html_page(), encoding="utf-8")
    doc = read_document(path)
    _check_offsets(doc)
    assert doc.format == "html" and doc.title == "ページの題"
    assert [p.text for p in doc.paragraphs] == [
        "記事の題名",
        # A source line break between Japanese characters is not a space.
        "これは本文の最初の段落です。改行は空白になりません。",
        "小見出し",
        "二つ目の段落。太字もリンクも文字だけ残る。",
    ]
    assert _rubies(doc) == [("本文", "ほんぶん")]
    assert [(c.title, c.paragraph, c.level) for c in doc.chapters] == [("記事の題名", 0, 1), ("小見出し", 2, 2)]
    for dropped in ("サイトの見出し", "ホーム", "関連記事", "著作権表示", "スクリプト", "color"):
        assert dropped not in doc.text


@pytest.mark.parametrize("encoding", ["shift_jis", "euc-jp"])
def test_html_charset_from_the_meta_tag(tmp_path, encoding):
    path = tmp_path / "legacy.html"
    path.write_bytes(fx.html_page(encoding).encode(encoding))
    doc = read_document(path)
    assert doc.paragraphs[1].text == "これは本文の最初の段落です。改行は空白になりません。"


def test_html_utf8_bytes_win_over_a_stale_meta_charset(tmp_path):
    # An editor re-saved the page as UTF-8 and kept <meta charset=Shift_JIS>.
    path = tmp_path / "resaved.html"
    path.write_bytes(fx.html_page("Shift_JIS").encode("utf-8"))
    assert read_document(path).paragraphs[0].text == "記事の題名"


def test_html_page_without_article_drops_the_page_header_and_footer(tmp_path):
    path = tmp_path / "plain.html"
    path.write_text(
        "<html><body><header>サイト名</header><div>一行目<br>二行目</div><p>英語 and <i>English</i></p>"
        "<footer>フッター</footer></body></html>",
        encoding="utf-8",
    )
    doc = read_document(path)
    # A <br> in a <div> of lines ends a paragraph (Aozora Bunko's XHTML is written so).
    assert [p.text for p in doc.paragraphs] == ["一行目", "二行目", "英語 and English"]


# --- Markdown --------------------------------------------------------------------------


def test_markdown_headings_chapters_code_and_ruby(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text(fx.MARKDOWN_NOTE, encoding="utf-8")
    doc = read_document(path)
    _check_offsets(doc)
    assert doc.format == "markdown" and doc.title == "学習ノート"
    assert [(c.title, c.level) for c in doc.chapters] == [("第一部 文法", 1), ("助詞", 2), ("第二部 語彙", 1)]
    texts = [p.text for p in doc.paragraphs]
    assert texts[1] == "これは太字とリンクのある段落。二行目は同じ段落。"
    assert "「は」は主題を示す。" in texts and "「が」は主語を示す。" in texts
    code = [p for p in doc.paragraphs if p.is_code]
    assert [p.text for p in code] == ['print("コードは注釈しない")']
    assert len(code[0].sentences) == 1  # code is one unit, never split into "sentences"
    assert _rubies(doc) == [("漢字", "かんじ")]
    assert "tags:" not in doc.text  # front matter is metadata


def test_markdown_english_joins_wrapped_lines_with_a_space(tmp_path):
    path = tmp_path / "en.md"
    path.write_text("# One\n\nA wrapped\nline.\n\n# Two\n\nMore.\n", encoding="utf-8")
    doc = read_document(path, lang="en")
    assert [p.text for p in doc.paragraphs] == ["One", "A wrapped line.", "Two", "More."]


# --- Subtitles -------------------------------------------------------------------------

SUBTITLE_BUILDERS = [("srt", fx.srt_text), ("vtt", fx.vtt_text), ("ass", fx.ass_text)]


@pytest.mark.parametrize(("fmt", "build"), SUBTITLE_BUILDERS)
def test_subtitles_one_paragraph_a_cue_with_times(tmp_path, fmt, build):
    path = tmp_path / f"film.ja.{fmt}"
    path.write_text(build(fx.JA_CUES), encoding="utf-8")
    doc = read_document(path)
    _check_offsets(doc)
    assert doc.format == fmt
    assert [p.text for p in doc.paragraphs] == ["おはよう。", "今日はいい天気だね。", "－どこへ行くの？\n－駅まで。", "一分後の台詞。"]
    assert [(p.time_start, p.time_end) for p in doc.paragraphs] == [(s, e) for s, e, _ in fx.JA_CUES]
    # The outline: one chapter a minute that has cues.
    assert [(c.title, c.paragraph) for c in doc.chapters] == [("00:00:00", 0), ("00:01:00", 3)]
    assert "<i>" not in doc.text and "{" not in doc.text  # styling stripped
    assert "c2" not in doc.text and "NOTE" not in doc.text and "translator" not in doc.text


def test_subtitle_cues_are_put_in_time_order_and_english_lines_join(tmp_path):
    path = tmp_path / "x.srt"
    path.write_text(fx.srt_text([(5000, 6000, "Second\nline."), (1000, 2000, "First &amp; <b>bold</b>.")]), encoding="utf-8")
    doc = read_document(path, lang="en")
    assert [p.text for p in doc.paragraphs] == ["First & bold.", "Second line."]


def test_shift_jis_subtitles_decode(tmp_path):
    path = tmp_path / "sjis.srt"
    path.write_bytes(fx.srt_text(fx.JA_CUES[:1]).encode("cp932"))
    assert read_document(path).paragraphs[0].text == "おはよう。"


# --- Aozora Bunko 見出し -----------------------------------------------------------------

AOZORA = """吾輩は猫である
夏目漱石

-------------------------------------------------------
【テキスト中に現れる記号について】
《》：ルビ
-------------------------------------------------------

［＃８字下げ］一［＃「一」は中見出し］

　吾輩《わがはい》は猫である。名前はまだ無い。
［＃ここから大見出し］
第二章
［＃ここで大見出し終わり］
　｜吾輩の《わがはい》だ。ここに｜がある。｜猫《ねこ》
［＃大見出し］第三章［＃大見出し終わり］
　終わり。

底本：「吾輩は猫である」
"""


def test_aozora_headings_are_chapters():
    doc = document_from_text(AOZORA)
    _check_offsets(doc)
    assert doc.format == "aozora" and doc.title == "吾輩は猫である"
    assert [(c.title, doc.paragraphs[c.paragraph].text, c.level) for c in doc.chapters] == [
        ("一", "一", 2), ("第二章", "第二章", 1), ("第三章", "第三章", 1),
    ]
    # A stray ｜ is markup too, and dropping it must not shift the rubies after it.
    assert _rubies(doc) == [("吾輩", "わがはい"), ("吾輩の", "わがはい"), ("猫", "ねこ")]


# --- detection and --format-in -----------------------------------------------------------

DETECTION = [
    # (file name, content, format): the extension first, then the content.
    ("a.srt", b"anything", "srt"),
    ("a.ja.vtt", b"anything", "vtt"),
    ("a.ssa", b"", "ass"),
    ("a.MD", b"", "markdown"),
    ("a.xhtml", b"", "html"),
    ("noext", b"WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n", "vtt"),
    ("noext", b"1\n00:00:01,000 --> 00:00:02,000\nhi\n", "srt"),
    ("noext", b"\xef\xbb\xbf1\r\n00:00:01,000 --> 00:00:02,000\r\nhi\r\n", "srt"),
    ("noext", b"[Script Info]\nTitle: x\n", "ass"),
    ("noext", b"<!DOCTYPE html><html><body>x</body></html>", "html"),
    ("noext", b"PK\x03\x04rest", "epub"),
    ("noext", "# 一\n\n本文\n\n# 二\n".encode(), "markdown"),
    ("noext", "# 一つだけの見出し\n本文\n".encode(), "text"),  # one '#' line is not enough to be Markdown
    ("noext", "ただの文章。\n".encode(), "text"),
]


@pytest.mark.parametrize(("name", "data", "expected"), DETECTION)
def test_format_detection(name, data, expected):
    assert detect_format(name, data) == expected


def test_format_in_forces_a_loader(tmp_path):
    path = tmp_path / "subtitles.txt"
    path.write_text(fx.srt_text(fx.JA_CUES), encoding="utf-8")
    assert read_document(path).format == "text"
    doc = read_document(path, format="srt")
    assert doc.format == "srt" and doc.paragraphs[0].time_start == 1000
    aozora_like = tmp_path / "plain.txt"
    aozora_like.write_text("記号《きごう》をそのまま。", encoding="utf-8")
    assert read_document(aozora_like, format="text").text == "記号《きごう》をそのまま。"
    assert read_document(aozora_like).text == "記号をそのまま。"


def test_unknown_format_in_lists_the_choices(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("猫", encoding="utf-8")
    with pytest.raises(InputError, match="choose one of: " + ", ".join(INPUT_FORMATS)):
        read_document(path, format="docx")


def test_format_in_on_the_command_line(tmp_path, tiny_dictionary):
    path = tmp_path / "cues.txt"
    path.write_text(fx.srt_text(fx.JA_CUES), encoding="utf-8")
    result = CliRunner().invoke(app, ["read", str(path), "--format-in", "srt", "-t", "gloss", "--vocab", "none", "--range", "1"])
    assert result.exit_code == 0, result.output
    assert "0:00:01" in result.output and "-->" not in result.output


# --- malformed files: one line, exit 2 ------------------------------------------------------


def _not_a_zip(tmp_path):
    path = tmp_path / "broken.epub"
    path.write_bytes(b"this is not a zip archive at all")
    return path


def _truncated_epub(tmp_path):
    path = fx.make_epub(tmp_path / "cut.epub", fx.JA_CHAPTERS)
    path.write_bytes(path.read_bytes()[:300])
    return path


def _write(name, data):
    def make(tmp_path):
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return make


MALFORMED = [
    # (builder, what the one line says)
    (_not_a_zip, "not a ZIP archive"),
    (_truncated_epub, "not a readable EPUB"),
    (lambda tmp_path: fx.epub_without_opf(tmp_path / "no-opf.epub"), "not a readable EPUB"),
    (lambda tmp_path: fx.epub_with_encrypted_text(tmp_path / "drm.epub"), "DRM-protected"),
    (lambda tmp_path: fx.make_epub(tmp_path / "empty.epub", [("", [])]), "no text"),
    (_write("binary.html", bytes(range(256)) * 4), "binary"),
    (_write("empty.html", b"<html><body><nav>menu</nav><script>x()</script></body></html>"), "empty"),
    (_write("notags.html", "タグのない文章".encode()), "not HTML"),
    (_write("deep.html", b"<html><body>" + b"<span>" * 5000 + b"text" + b"</span>" * 5000 + b"</body></html>"), "too deeply"),
    (_write("only-markup.md", b"---\ntitle: x\n---\n\n![image](a.png)\n"), "empty"),
    (_write("latin1.md", "# caf\xe9 \x80\x81\x82 na\xefve".encode("latin-1") + b"\xff\xfe\xfd"), "cannot decode"),
    (_write("garbage.srt", b"this is not\na subtitle file\n"), "not a readable subtitle file"),
    (_write("bad-times.srt", b"1\n00:00:01,000 --> soon\nhello\n"), "not a readable subtitle file"),
    (_write("nocues.vtt", b"WEBVTT\n\nNOTE nothing here\n"), "no subtitle cues"),
    (_write("header-only.ass", b"[Script Info]\nScriptType: v4.00+\n"), "subtitle"),
]


@pytest.mark.parametrize(("build", "message"), MALFORMED, ids=lambda v: getattr(v, "__name__", str(v))[:30])
def test_malformed_files_are_one_line_errors(tmp_path, build, message):
    path = build(tmp_path)
    with pytest.raises(InputError, match=message):
        read_document(path)
    result = CliRunner().invoke(app, ["read", str(path), "-t", "gloss"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ")


def test_format_in_on_align_and_export(tmp_path):
    ja = tmp_path / "ja.txt"
    en = tmp_path / "en.srt"
    ja.write_text(fx.srt_text(fx.JA_CUES), encoding="utf-8")
    en.write_text(fx.srt_text(fx.EN_CUES), encoding="utf-8")
    runner = CliRunner()
    aligned = runner.invoke(app, ["align", str(ja), str(en), "--format-in", "srt", "--embeddings", "off", "-f", "json"])
    assert aligned.exit_code == 0, aligned.output
    assert '"ja": "おはよう。"' in aligned.output
    exported = runner.invoke(app, ["export", str(ja), "--english", str(en), "--format-in", "srt", "--embeddings", "off"])
    assert exported.exit_code == 0, exported.output
    assert "index\tja\ten\tsource\tscore\ttime_start\ttime_end" in exported.output
    bad = runner.invoke(app, ["read", str(ja), "--format-in", "docx"])
    assert bad.exit_code == 2 and "Traceback" not in bad.output
