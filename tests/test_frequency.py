"""Frequency ranks: wordfreq's list mapped onto JMdict entries (best rank of an entry's forms)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from bireader.cli import app
from bireader.dictionary import lookup
from bireader.dictionary.frequency import band, compute_ranks, stem_candidates, wordfreq_words


def test_compute_ranks_best_rank_of_forms_and_stems():
    spellings = {"食べる": [1], "たべる": [1], "行く": [2], "いく": [2, 3], "事": [4]}
    stems = {"食べ": [1], "行っ": [2]}
    words = ["の", "123", "食べ", "いく", "abc", "行く", "事", "食べる", "不明"]
    ranks = compute_ranks(words, lambda w: spellings.get(w, []), lambda w: stems.get(w, []))
    # Japanese words only are counted: の 1, 食べ 2, いく 3, 行く 4, 事 5 …
    assert ranks == {1: 2, 2: 3, 3: 3, 4: 5}


def test_stem_candidates_put_ta_back():
    assert stem_candidates("座っ") == ["座っ", "座った"]
    assert stem_candidates("読ん") == ["読ん", "読んだ"]
    assert stem_candidates("食べ") == ["食べ"]


def test_bands():
    assert [band(r) for r in (1, 1000, 1001, 4999, 20_000, 60_000, None)] == [
        "top 1k", "top 1k", "top 2k", "top 5k", "top 20k", "", ""]


def test_wordfreq_table_reads_without_mecab():
    words = []
    for word in wordfreq_words():
        words.append(word)
        if len(words) == 2000:
            break
    assert len(words) == 2000 and "の" in words[:5] and "する" in words


def test_entries_carry_ranks(real_dictionary):
    ranks = {w: lookup(w)[0].frequency_rank for w in ("言う", "食べる", "行く", "成る", "躊躇")}
    assert all(r is not None for r in ranks.values())
    assert ranks["言う"] < ranks["食べる"] < ranks["躊躇"]
    assert ranks["行く"] < 1000 and ranks["成る"] < 1000  # なる, written in kana, ranks 成る
    assert lookup("鳴る")[0].frequency_rank > 3000  # shares なる but is written in kanji
    assert lookup("食べた")[0].frequency_rank == ranks["食べる"]


def test_lookup_json_and_text_show_the_rank(real_dictionary):
    runner = CliRunner()
    out = json.loads(runner.invoke(app, ["lookup", "食べる", "--json"]).stdout)
    assert isinstance(out["entries"][0]["frequency_rank"], int)
    assert "top 1k" in runner.invoke(app, ["lookup", "食べる"]).stdout
