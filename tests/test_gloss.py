"""The offline gloss (issue 7): a literal English line from the dictionary, user glossary first.

Expectations assume unidic-lite (UniDic 2.1.2) segmentation and the JMdict/JMnedict
shipped in jamdict-data, through the session's real dictionary index.
"""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest

from bireader.gloss import gloss_text, parse_japanese_number

CORPUS_JA = Path(__file__).resolve().parent.parent / "corpus" / "iiss-russia-nuclear.ja.txt"

# (Japanese, words the gloss must contain, in this order)
GLOSS_CASES = [
    ("ロシアは核兵器を重視している。", ["Russia", "nuclear weapon", "."]),
    # Numbers become figures; counters after them plain units, not "counter for people".
    ("ロシアは31万5000人の兵力を失った。", ["Russia", "315,000 people", "lose", "."]),
    ("2022年2月24日、", ["2022 year 2 month 24 day", ","]),
    # Negation is the one auxiliary that must survive: 直面したことのない.
    ("歴史上直面したことのない結末", ["not"]),
    # Latin-script names and acronyms stay as they are; brackets become English ones.
    ("非戦略核兵器(NSNW)と呼ばれる", ["(NSNW)"]),
    ("「結末が待っている」と警告した。", ["\u201c", "\u201d", "warning"]),
    # A katakana name no dictionary knows is romanised by the dictionary layer.
    ("カラガノフは書いている。", ["Karaganofu"]),
    # Verbs UniDic tags 非自立可能 are words when they stand alone (来た, いる) …
    ("5人が来た。", ["5 people", "come", "."]),
    ("東京にいる。", ["Tokyo", "be", "."]),
    # … and a verb sense wins when the word is a verb here (行ってくる: "I'm off" is its first sense).
    ("東京に行ってきた。", ["Tokyo", "go", "."]),
    # More counters; a filler is left out with its comma.
    ("私は本を三冊借りました。", ["book", "3 volumes", "borrow", "."]),
    ("えー、100円です。", ["100 yen", "."]),
    # Conjunctions keep the logic between sentences.
    ("増えたという。しかし、2年が経過した。", ["say", ".", "however", ",", "2 year"]),
    # Obligation is one "must", not "not become not".
    ("考えなければならない。", ["think", "must", "."]),
]


@pytest.mark.parametrize(("text", "expected"), GLOSS_CASES)
def test_gloss_contains(real_dictionary, text, expected):
    line = gloss_text(text)
    position = 0
    for word in expected:
        found = line.find(word, position)
        assert found >= 0, f"{word!r} missing (in order) from {line!r}"
        position = found + len(word)


def test_particles_are_left_out(real_dictionary):
    line = gloss_text("ロシアは核兵器を重視している。")
    # は (topic), を (object), て/いる (progressive) have no word of their own in the gloss.
    assert not re.search(r"\b(topic|wa|wo|indicates)\b", line)
    assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", line)


def test_every_content_word_of_a_sample_sentence_appears(real_dictionary):
    from bireader.dictionary import match_tokens
    from bireader.gloss import _GRAMMATICAL_NOUNS, _short
    from bireader.tokens import tokenize

    sentence = "国際戦略研究所の新しい報告書によると、ロシアはウクライナ侵攻で大損害を被ったため、モスクワは戦場での核兵器がNATOを抑止し、打ち負かす上でますます重要になると考えている。"
    line = gloss_text(sentence)
    content = [m for m in match_tokens(tokenize(sentence)) if m.is_content and m.entry is not None]
    assert len(content) >= 12
    for match in content:
        if match.surface in _GRAMMATICAL_NOUNS:  # ため here is "for", not its dictionary sense "good"
            expected = _GRAMMATICAL_NOUNS[match.surface]
        else:
            expected = match.surface if match.surface.isascii() else _short(match.entry)
        assert expected in line, f"{match.surface} ({expected!r}) missing from {line!r}"
    # And spot checks that do not go through the same code.
    for word in ("report", "Russia", "Ukraine", "Moscow", "battlefield", "nuclear weapon", "NATO", "important"):
        assert word in line


def test_glossary_terms_come_first(real_dictionary):
    from bireader.glossary import open_glossary, reset_cache

    with open_glossary() as glossary:
        glossary.add("非戦略核兵器", "non-strategic nuclear weapons")
        glossary.add("抑止", "deterrence")
    reset_cache()
    try:
        line = gloss_text("非戦略核兵器がNATOを抑止する。")
    finally:
        reset_cache()
    assert line.startswith("non-strategic nuclear weapons")
    assert "deterrence" in line
    assert "un-strategic" not in line  # the dictionary's reading of the parts lost to the term


def test_the_corpus_article_glosses_fully_offline(real_dictionary, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the gloss opened a socket")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    from bireader.document import read_document

    paragraphs = [p.text for p in read_document(CORPUS_JA).paragraphs]
    assert len(paragraphs) >= 15
    japanese = total = 0
    for paragraph in paragraphs:
        line = gloss_text(paragraph)
        assert line, paragraph
        assert "\n" not in line
        japanese += len(re.findall(r"[\u3040-\u30ff\u4e00-\u9fff]", line))
        total += len(line)
    # Words no dictionary knows are shown as written; they must stay rare.
    assert japanese / total < 0.01


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("ロシアは核兵器を重視している。", r"\bbe\b"),  # the いる of ている is grammar
        ("東京に行ってきた。", r"\b(bye|I'm off)\b"),  # not the interjection spelled 行ってき
        ("行かなくてはいけません。", r"\bnot\b"),
        ("重要な構成要素である。", r"\bbe\b"),
        ("えー、100円です。", r"^[,えー]"),  # である is the written copula, not "to exist"
    ],
)
def test_auxiliaries_are_not_glossed_as_words(real_dictionary, text, absent):
    line = gloss_text(text)
    assert not re.search(absent, line), line


def test_empty_text():
    assert gloss_text("") == ""
    assert gloss_text(" \n　") == ""


NUMBER_CASES = [
    ("31万5000", 315_000),
    ("三千", 3000),
    ("二十一", 21),
    ("1億2千万", 120_000_000),
    ("2022", 2022),
    ("９０", 90),  # full-width digits
    ("万", 10_000),
    ("abc", None),
    ("", None),
]


@pytest.mark.parametrize(("text", "value"), NUMBER_CASES)
def test_parse_japanese_number(text, value):
    assert parse_japanese_number(text) == value


def test_gloss_ignores_terminal_escapes(real_dictionary):
    # A document with colour escapes glosses what the reader sees, not "31 m".
    from bireader.gloss import gloss_text

    line = gloss_text("\x1b[31m赤\x1b[0m。")
    assert "31" not in line and "red" in line
