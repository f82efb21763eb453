"""Document model: encodings, newlines, paragraphs, sentences, offsets, Aozora markup."""

from __future__ import annotations

import pytest

from bireader.document import (
    decode_bytes,
    document_from_text,
    read_document,
    split_sentences_en,
    split_sentences_ja,
    strip_aozora,
)
from bireader.errors import InputError

from conftest import CORPUS_EN, CORPUS_JA

SAMPLE = "ロシアは核抑止力を重視している。「歴史上直面したことのない結末が待っている」と警告した。\n\n二つ目の段落です。"

# Every encoding a Japanese text arrives in; the fixtures are made here by encoding SAMPLE.
ENCODINGS = [
    ("utf-8", b""),
    ("utf-8", b"\xef\xbb\xbf"),  # UTF-8 with BOM (Windows Notepad)
    ("utf-16-le", b"\xff\xfe"),
    ("utf-16-be", b"\xfe\xff"),
    ("cp932", b""),  # Shift_JIS, as Aozora Bunko ships
    ("shift_jis", b""),
    ("euc_jp", b""),
]


@pytest.mark.parametrize(("encoding", "bom"), ENCODINGS)
def test_encodings_load(tmp_path, encoding, bom):
    path = tmp_path / "text.txt"
    path.write_bytes(bom + SAMPLE.encode(encoding))
    doc = read_document(path)
    assert doc.text == SAMPLE
    assert len(doc.paragraphs) == 2


def test_short_sjis_vs_eucjp_both_detected():
    # Short texts decode under both legacy codecs; the Japanese-likeness score must pick right.
    for encoding in ("cp932", "euc_jp"):
        text, _ = decode_bytes("核兵器の使用".encode(encoding))
        assert text == "核兵器の使用"


def test_crlf_and_cr_normalised(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("一行目。\r\n二行目。\r三行目。".encode())
    doc = read_document(path)
    assert doc.text == "一行目。\n二行目。\n三行目。"
    assert [p.text for p in doc.paragraphs] == ["一行目。", "二行目。", "三行目。"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"  \n\n \n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (bytes(range(256)) * 4, "binary"),
        (b"\xff\xfe\x00\xd8", "not valid"),  # a UTF-16 BOM followed by a lone surrogate
    ],
)
def test_bad_input_is_one_clear_error(tmp_path, data, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=message):
        read_document(path)


def test_undecodable_text(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes(b"\x81\x7f\xa0\xfd\xfe" * 40)  # invalid in UTF-8, CP932 and EUC-JP
    with pytest.raises(InputError, match="cannot decode"):
        read_document(path)


def test_missing_file():
    with pytest.raises(InputError, match="no such file"):
        read_document("/no/such/file.txt")


# (text, expected sentences): the Japanese splitter never breaks inside a quotation.
JA_SENTENCES = [
    ("「…。…」と述べた。", ["「…。…」と述べた。"]),
    ("彼は来た。彼女は来ない！本当？", ["彼は来た。", "彼女は来ない！", "本当？"]),
    ("「行く。」と言った。次だ。", ["「行く。」と言った。", "次だ。"]),
    ("そうなのか?どうやって止めるのか?", ["そうなのか?", "どうやって止めるのか?"]),
    ("（注。ここは括弧内。）本文。", ["（注。ここは括弧内。）本文。"]),
    # Corpus ¶7: a quotation the writer never closed must not swallow the paragraph.
    ("「ロシアはミサイルを持っている。NATO自身は欠いている。", ["「ロシアはミサイルを持っている。", "NATO自身は欠いている。"]),
    # Corpus ¶11: a stray closing bracket at the start.
    ("困難な決断」と題された論文の中で書いている。「必要がある」。", ["困難な決断」と題された論文の中で書いている。", "「必要がある」。"]),
    ("終わりの文に句点がない", ["終わりの文に句点がない"]),
]


@pytest.mark.parametrize(("text", "expected"), JA_SENTENCES)
def test_ja_sentences(text, expected):
    assert [text[s:e] for s, e in split_sentences_ja(text)] == expected


EN_SENTENCES = [
    ("Mr. Smith went to the U.S. in 2022. He stayed.", ["Mr. Smith went to the U.S. in 2022.", "He stayed."]),
    ("It cost $3.5 billion, e.g. a lot! Really?", ["It cost $3.5 billion, e.g. a lot!", "Really?"]),
    ("He lives in St. Petersburg. She does not.", ["He lives in St. Petersburg.", "She does not."]),
    ("No final stop", ["No final stop"]),
]


@pytest.mark.parametrize(("text", "expected"), EN_SENTENCES)
def test_en_sentences(text, expected):
    assert [text[s:e] for s, e in split_sentences_en(text)] == expected


def test_corpus_offsets_slice_back():
    for path, lang in ((CORPUS_JA, "ja"), (CORPUS_EN, "en")):
        doc = read_document(path, lang=lang)
        assert len(doc.paragraphs) == 20
        for p in doc.paragraphs:
            assert doc.text[p.start:p.end] == p.text
            assert p.sentences, p.text
            for s in p.sentences:
                assert doc.text[s.start:s.end] == s.text
                assert p.start <= s.start < s.end <= p.end


def test_corpus_headline_and_quote_aware_sentences():
    doc = read_document(CORPUS_JA)
    assert doc.paragraphs[0].is_headline
    assert not doc.paragraphs[1].is_headline
    # ¶18 quotes two phrases inside one sentence that ends in と述べた。
    assert len(doc.paragraphs[17].sentences) == 1
    assert doc.paragraphs[17].text.endswith("と述べた。")


def test_blank_line_paragraphs_and_hard_wrapped_english():
    doc = document_from_text("First line of a paragraph\nwrapped here.\n\nSecond paragraph.", lang="en")
    assert [p.text for p in doc.paragraphs] == ["First line of a paragraph\nwrapped here.", "Second paragraph."]


def test_original_characters_kept():
    text = "ＮＡＴＯは全角。ｶﾀｶﾅも。"
    doc = document_from_text(text)
    assert doc.text == text


def test_aozora_markup_stripped_and_ruby_kept():
    text = "吾輩《わがはい》は猫である。｜名前《なまえ》はまだ無い。［＃ここで字下げ終わり］\n\n底本：「猫」\n"
    plain, rubies = strip_aozora(text)
    assert plain.startswith("吾輩は猫である。名前はまだ無い。")
    assert "底本" not in plain and "［＃" not in plain
    assert [(plain[r.start:r.end], r.reading) for r in rubies] == [("吾輩", "わがはい"), ("名前", "なまえ")]
    doc = document_from_text(text)
    assert doc.rubies and doc.text.startswith("吾輩は猫")


def test_stdin(monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("標準入力。".encode("cp932"))))
    doc = read_document("-")
    assert doc.text == "標準入力。" and doc.path is None
