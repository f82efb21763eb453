"""Tokenizer: dictionary forms, readings, offsets. Assumes unidic-lite (UniDic 2.1.2) segmentation."""

from __future__ import annotations

import pytest

from bireader.tokens import katakana_to_hiragana, tokenize

from conftest import CORPUS_JA

# (conjugated text, expected dictionary form of its first token)
LEMMAS = [
    ("述べた", "述べる"),
    ("述べている", "述べる"),
    ("失った", "失う"),
    ("考えなければならない", "考える"),
    ("高かった", "高い"),
    ("書いている", "書く"),
    ("選んだ", "選ぶ"),
]


@pytest.mark.parametrize(("text", "lemma"), LEMMAS)
def test_dictionary_forms(text, lemma):
    assert tokenize(text)[0].lemma == lemma


def test_suru_is_suru_not_tame_ru():
    # UniDic's `lemma` would say 為る; JMdict knows する.
    toks = tokenize("攻撃される")
    assert [t.lemma for t in toks][:2] == ["攻撃", "する"]


def test_content_and_function_words():
    toks = tokenize("ロシアは核兵器を使用した。")
    content = {t.surface for t in toks if t.is_content}
    function = {t.surface for t in toks if not t.is_content}
    assert {"ロシア", "核", "兵器", "使用"} <= content
    assert {"は", "を", "た", "。"} <= function


# (text, the 非自立可能 verb in it, whether it is a word here rather than grammar)
VERBS_IN_CONTEXT = [
    ("人が来た", "来", True),
    ("東京にいる", "いる", True),
    ("本がある", "ある", True),
    ("重要になる", "なる", True),
    ("何をするか", "する", True),
    ("述べている", "いる", False),  # progressive
    ("行ってくる", "くる", False),
    ("要素である", "ある", False),  # copula
    ("攻撃する", "する", False),  # suru verb: 攻撃 carries the meaning
    ("使いすぎる", "すぎる", False),
]


def test_grammatical_kana_nouns_are_not_words():
    tokens = {t.surface: t for t in tokenize("抑止力を回復するために支持した。")}
    assert tokens["ため"].pos == "名詞" and not tokens["ため"].is_content  # not "good; benefit"
    assert tokens["回復"].is_content


@pytest.mark.parametrize(("text", "verb", "is_word"), VERBS_IN_CONTEXT)
def test_dependent_verbs_are_words_unless_they_serve_another(text, verb, is_word):
    token = next(t for t in tokenize(text) if t.surface == verb)
    assert token.pos_detail == "非自立可能"  # UniDic tags them all alike; the context decides
    assert token.is_content is is_word


def test_readings_are_hiragana():
    tok = tokenize("抑止")[0]
    assert tok.reading == "よくし"
    assert katakana_to_hiragana("エスカレーション") == "えすかれーしょん"


def test_offsets_slice_back_with_offset_and_newlines():
    text = CORPUS_JA.read_text(encoding="utf-8")
    toks = tokenize(text, offset=5)
    assert len(toks) > 1000
    for t in toks:
        assert text[t.start - 5:t.end - 5] == t.surface
    # tokens cover every non-space character, in order, without overlap
    assert all(a.end <= b.start for a, b in zip(toks, toks[1:]))
    covered = sum(t.end - t.start for t in toks)
    assert covered == len(text.replace("\n", "").replace(" ", ""))


def test_reading_is_the_dictionary_reading_not_the_pronunciation():
    # UniDic's kana field spells 言う as pronounced (ユウ); furigana should say いう.
    assert tokenize("言う")[0].reading == "いう"
    assert tokenize("言った")[0].lemma_reading == "いう"
