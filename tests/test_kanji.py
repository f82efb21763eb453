"""KANJIDIC2 in the index and `bireader kanji`."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from bireader.cli import app
from bireader.dictionary.kanji import Kanji, common_words, is_kanji, kanji_line, lookup_kanji

runner = CliRunner()


def test_lookup_kanji_reads_kanjidic2(real_dictionary):
    found = lookup_kanji("抑止力は抑")  # kana skipped, repeats once
    assert [k.literal for k in found] == ["抑", "止", "力"]
    yoku = found[0]
    assert yoku.on == ("ヨク",) and yoku.kun == ("おさ.える",)
    assert yoku.strokes == 7 and yoku.grade == 8 and yoku.jlpt == 1
    assert "repress" in yoku.meanings and yoku.radical == 64 and yoku.radical_char == "手"
    assert kanji_line(yoku).startswith("抑 ヨク おさ.える repress") and "7 strokes · grade 8" in kanji_line(yoku)


def test_common_words_put_known_ones_first(real_dictionary):
    (chikara,) = lookup_kanji("力")
    words = common_words(chikara, limit=5)
    assert len(words) == 5 and all("力" in w.headword for w in words)
    ranks = [w.frequency_rank for w in words]
    assert ranks == sorted(ranks)
    last = words[-1]
    reordered = common_words(chikara, limit=5, known=lambda e: e.entry_id == last.entry_id)
    assert reordered[0].entry_id == last.entry_id


def test_kanji_command_text_and_json(real_dictionary):
    result = runner.invoke(app, ["kanji", "抑止力"])
    assert result.exit_code == 0, result.output
    assert "ヨク" in result.stdout and "old JLPT 1" in result.stdout and "7 strokes" in result.stdout
    rows = [json.loads(line) for line in runner.invoke(app, ["kanji", "抑止", "--json"]).stdout.splitlines()]
    assert [r["literal"] for r in rows] == ["抑", "止"]
    assert rows[1]["kun"][0] == "と.まる" and rows[1]["words"]


def test_non_kanji_input_is_one_line_and_exit_1(real_dictionary):
    result = runner.invoke(app, ["kanji", "abc ひらがな"])
    assert result.exit_code == 1
    assert "has no kanji" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_is_kanji():
    assert all(is_kanji(c) for c in "抑々𠮟")
    assert not any(is_kanji(c) for c in "あアa1。")


def test_labels():
    k = Kanji("木", ("tree",), ("ボク",), ("き",), grade=1, jlpt=4)
    assert k.grade_label == "grade 1" and k.jlpt_label == "old JLPT 4"
    assert Kanji("x", (), (), (), grade=9).grade_label == "jinmeiyō"
