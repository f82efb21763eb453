"""Annotations of a unit: vocabulary modes, glossary marks in both texts, furigana."""

from __future__ import annotations

import pytest

from bireader.annotate import annotate_unit, furigana, rare_rank

# (surface, reading, expected furigana span) – the kana both share stay outside the ruby.
FURIGANA = [
    ("抑止力", "よくしりょく", (0, 3, "よくしりょく")),
    ("被っ", "こうむっ", (0, 1, "こうむ")),
    ("打ち負かす", "うちまかす", (0, 3, "うちま")),  # 打ち負|かす: inner kana stays inside the ruby
    ("ロシア", "ろしあ", None),  # no kanji, no ruby
    ("お金", "おかね", (1, 2, "かね")),
]


@pytest.mark.parametrize("surface, reading, expected", FURIGANA)
def test_furigana_trims_shared_kana(surface, reading, expected):
    assert furigana(surface, reading) == expected


def test_vocab_modes(real_dictionary):
    text = "ロシアは核抑止力について躊躇していると述べた。"
    everything = annotate_unit(text, vocab="all")
    rare = annotate_unit(text, vocab="rare")
    lemmas_all = [n.lemma for n in everything.vocab]
    lemmas_rare = [n.lemma for n in rare.vocab]
    assert "述べる" in lemmas_all and "躊躇" in lemmas_all
    assert "述べる" not in lemmas_rare and "躊躇" in lemmas_rare
    assert set(lemmas_rare) <= set(lemmas_all)
    # rare: outside the rare_rank most frequent words (wordfreq), or not ranked at all
    assert all(n.frequency_rank is None or n.frequency_rank > rare_rank() for n in rare.vocab)
    述べる = next(n for n in everything.vocab if n.lemma == "述べる")
    assert 述べる.frequency_rank is not None and 述べる.frequency_rank <= rare_rank()
    assert annotate_unit(text, vocab="glossary").vocab == ()
    assert annotate_unit(text, vocab="none").vocab == ()
    for note in everything.vocab:
        assert text[note.start:note.end] == note.surface


def test_glossary_terms_come_first_and_are_marked_in_both_texts(real_dictionary):
    from bireader.glossary import open_glossary

    with open_glossary() as glossary:
        glossary.add("躊躇", "hesitation", reading="ちゅうちょ")
    ja = "ロシアは核抑止力について躊躇している。"
    en = "Russia shows Hesitation about nuclear deterrence."
    notes = annotate_unit(ja, en, vocab="all")
    assert notes.vocab[0].is_user and notes.vocab[0].lemma == "躊躇"
    assert [n.lemma for n in notes.vocab].count("躊躇") == 1
    s, e = notes.ja_marks[0]
    assert ja[s:e] == "躊躇"
    s, e = notes.en_marks[0]
    assert en[s:e] == "Hesitation"
    only = annotate_unit(ja, en, vocab="glossary")
    assert [n.lemma for n in only.vocab] == ["躊躇"]


def test_readings_group_compounds(real_dictionary):
    text = "核抑止力を維持する"
    notes = annotate_unit(text, vocab="none", readings=True)
    spans = {text[s:e]: r for s, e, r in notes.readings}
    assert spans["核抑止力"] == "かくよくしりょく"
    assert spans["維持"] == "いじ"
    assert all(text[s:e] != "を" for s, e, _ in notes.readings)
