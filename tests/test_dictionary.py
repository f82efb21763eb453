"""Tests of bireader.dictionary (issue 4) and `bireader lookup`.

Tokenizer-dependent cases assume unidic-lite 1.0.8 (UniDic 2.1.2): it splits 事務総長 into
事務 + 総長 and 抑止力 into 抑止 + 力, which is what the longest match has to undo.
"""

from __future__ import annotations

import importlib
import json
import os
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from dictionary_fixtures import make_tiny_source  # the fixtures themselves come via conftest
from typer.testing import CliRunner

from bireader import dictionary
from bireader.cli import app
from bireader.dictionary.build import build
from bireader.dictionary.romaji import is_katakana, romanize
from bireader.errors import DictionaryMissing

lookup_module = importlib.import_module("bireader.dictionary.lookup")
query_module = importlib.import_module("bireader.dictionary.query")

runner = CliRunner()

# Conjugated forms → the dictionary entry they must find (issue 4).
DEINFLECTION = [
    ("述べた", "述べる"),
    ("述べている", "述べる"),
    ("攻撃される", "攻撃"),
    ("失った", "失う"),
    ("重要になる", "重要"),
    ("考えなければならない", "考える"),
]

# Compounds UniDic splits (or not) that must match as one JMdict entry.
COMPOUNDS = ["事務総長", "核兵器", "国防相", "防空", "抑止力", "選択肢"]

ROMAJI = [
    ("カラガノフ", "karaganofu"),
    ("ストルテンベルグ", "sutorutenberugu"),
    ("エスカレーション", "esukarēshon"),  # ー lengthens with a macron
    ("しんぶん", "shinbun"),
    ("きんえん", "kin'en"),  # ん before a vowel
    ("ほんや", "hon'ya"),
    ("マッチ", "matchi"),  # ッ before ch
    ("きっぷ", "kippu"),
    ("ティー", "tī"),
    ("ファイル", "fairu"),
    ("ヴァイオリン", "vaiorin"),
    ("ジェット", "jetto"),
    ("きょうと", "kyouto"),
    ("ウィリアム・アルベルク", "wiriamu aruberuku"),
]


# --- romanisation (no index needed) ---------------------------------------------------------


@pytest.mark.parametrize(("kana", "expected"), ROMAJI)
def test_romanize(kana, expected):
    assert romanize(kana) == expected


def test_romanize_capitalizes_names():
    assert romanize("セルゲイ・カラガノフ", capitalize=True) == "Serugei Karaganofu"


@pytest.mark.parametrize("text", ["", "ッ", "ー", "ーー", "abc", "漢字", "ゝ", "ん"])
def test_romanize_odd_input_does_not_raise(text):
    assert isinstance(romanize(text), str)


def test_is_katakana():
    assert is_katakana("カラガノフ") and is_katakana("ウィリアム・アルベルク")
    assert not is_katakana("ー") and not is_katakana("かな") and not is_katakana("")


# --- the build, on the tiny JMdict-shaped source --------------------------------------------


def test_tiny_index_lookup_and_ranking(tiny_dictionary):
    assert not dictionary.index_available()
    entries = dictionary.lookup("抑止力")  # builds the index on first use
    assert tiny_dictionary.is_file() and dictionary.index_available()
    assert [(e.headword, e.source, e.entry_id) for e in entries] == [("抑止力", "jmdict", 1000010)]
    assert entries[0].senses[0].glosses == ("deterrence",)
    # The common 核 ranks before the rare 画く although 画く has the smaller id.
    assert [e.headword for e in dictionary.lookup("かく")] == ["核", "画く"]
    core = dictionary.lookup("核")[0]
    assert core.is_common and "news1" in core.priorities
    assert core.senses[1].pos == core.senses[0].pos  # JMdict states pos once for the senses after it
    assert dictionary.lookup("かく", limit=1)[0].headword == "核"


def test_tiny_index_names_keep_their_own_ids(tiny_dictionary):
    # JMnedict's 1000010 (プーチン) shares its number with JMdict's 抑止力.
    putin = dictionary.lookup("プーチン")
    assert [(e.source, e.entry_id, e.short_gloss) for e in putin] == [("jmnedict", 1000010, "Putin")]
    assert dictionary.lookup("抑止力")[0].source == "jmdict"


def test_build_leaves_no_temporary_file(tmp_path):
    source = make_tiny_source(tmp_path / "src.db")
    target = tmp_path / "out" / "dictionary.sqlite"
    meta = build(target, source=source)
    assert meta["jmdict_entries"] == "18" and meta["jmnedict_entries"] == "3"
    assert [p.name for p in target.parent.iterdir()] == ["dictionary.sqlite"]


def test_failed_build_keeps_the_old_index(tmp_path):
    source = make_tiny_source(tmp_path / "src.db")
    target = tmp_path / "dictionary.sqlite"
    build(target, source=source)
    before = target.read_bytes()
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"not a database at all" * 100)
    with pytest.raises(DictionaryMissing):
        build(target, source=broken)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.db", "dictionary.sqlite", "src.db"]


def _truncate(path):
    with open(path, "r+b") as f:
        f.truncate(path.stat().st_size // 2)


def _scribble_after_header(path):
    # Keep the first page (header, schema) and the size; destroy every page after it.
    size = path.stat().st_size
    with open(path, "r+b") as f:
        f.seek(8192)
        f.write(b"\xa5" * (size - 8192))


def _not_sqlite(path):
    path.write_text("this is not a dictionary index\n" * 500)


def _old_format(path):
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = '0' WHERE key = 'format_version'")
    conn.commit()
    conn.close()


def _empty_file(path):
    path.write_bytes(b"")


@pytest.mark.parametrize("damage", [_truncate, _scribble_after_header, _not_sqlite, _old_format, _empty_file])
def test_damaged_index_is_detected_and_rebuilt(tiny_dictionary, damage, capsys):
    assert dictionary.lookup("核兵器")  # build it
    dictionary.reset()  # as a new process would find the file
    damage(tiny_dictionary)
    assert not dictionary.index_available()
    entries = dictionary.lookup("核兵器")
    assert [e.headword for e in entries] == ["核兵器"]
    assert dictionary.index_available()
    assert "rebuilding" in capsys.readouterr().err


def test_damage_found_while_open_is_rebuilt(tiny_dictionary):
    assert dictionary.lookup("抑止力")
    index = dictionary.default_index()
    _scribble_after_header(tiny_dictionary)
    index.close()  # drop SQLite's page cache and the decoded entries, keep the index object in use
    assert [e.headword for e in dictionary.lookup("核兵器")] == ["核兵器"]
    assert dictionary.default_index() is not index


def test_changed_source_triggers_rebuild(tiny_dictionary, tmp_path, monkeypatch):
    assert dictionary.lookup("抑止力")
    assert dictionary.index_available()
    # A different source (another jamdict-data version) makes the index stale.
    bigger = make_tiny_source(tmp_path / "other.db")
    conn = sqlite3.connect(bigger)
    conn.execute("INSERT INTO Entry VALUES (1000099)")
    conn.execute("INSERT INTO Kana VALUES (999, 1000099, 'あたらしいご', 0)")
    conn.execute("INSERT INTO Sense VALUES (999, 1000099)")
    conn.execute("INSERT INTO SenseGloss VALUES (999, 'eng', NULL, 'new word')")
    conn.execute("CREATE TABLE padding (x)")  # make sure the size differs
    conn.commit()
    conn.close()
    monkeypatch.setenv("BIREADER_DICTIONARY_SOURCE", str(bigger))
    assert not dictionary.index_available()
    dictionary.reset()
    assert dictionary.lookup("あたらしいご")[0].short_gloss == "new word"


def test_build_index_force(tiny_dictionary):
    path = dictionary.build_index(quiet=True)
    first = path.stat().st_mtime_ns
    assert dictionary.build_index(quiet=True) == path and path.stat().st_mtime_ns == first
    dictionary.build_index(force=True, quiet=True)
    assert dictionary.index_available()


def test_match_tokens_as_the_first_use(tiny_dictionary):
    # The tries are loaded before any lookup has opened a connection (this once deadlocked).
    from bireader.tokens import tokenize

    matches = dictionary.match_tokens(tokenize("核兵器を"))
    first = matches[0]
    assert (first.surface, first.token_count, first.entry.headword) == ("核兵器", 2, "核兵器")
    assert [p.entry.headword for p in first.parts] == ["核", "兵器"]
    assert matches[1].surface == "を" and matches[1].entries == ()  # not in the tiny dictionary


def test_lookups_from_several_threads(tiny_dictionary):
    from concurrent.futures import ThreadPoolExecutor

    dictionary.build_index(quiet=True)
    words = ["抑止力", "核兵器", "述べる", "エスカレーション", "プーチン"] * 40
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda w: dictionary.lookup(w)[0].matched, words))
    assert results == words


def test_cli_prints_data_literally(tiny_dictionary):
    result = runner.invoke(app, ["lookup", "試験語"])
    assert result.exit_code == 0, result.output
    assert "[bold]literal[/bold] text" in result.output
    assert "しけんご" in result.output and "1." in result.output


# --- the real index --------------------------------------------------------------------------


@pytest.mark.parametrize(("query", "headword"), DEINFLECTION)
def test_deinflection(real_dictionary, query, headword):
    entries = dictionary.lookup(query)
    assert entries, query
    assert entries[0].headword == headword
    assert entries[0].matched == headword


def test_inflected_kana_query_adds_dictionary_forms_after_exact_matches(real_dictionary):
    entries = dictionary.lookup("した")
    assert entries[0].matched == "した"  # 舌 / 下: the spelling itself comes first
    assert any(e.headword == "する" and e.matched == "する" for e in entries)
    # Words before names: なった is なる, not the surname 名田 that is spelt なった.
    became = dictionary.lookup("なった")
    assert became[0].source == "jmdict" and became[0].matched == "なる"


@pytest.mark.parametrize("word", COMPOUNDS)
def test_compounds_match_as_one_entry(real_dictionary, word):
    from bireader.tokens import tokenize

    sentence = f"その{word}が問題だ。"
    matches = dictionary.match_tokens(tokenize(sentence))
    found = [m for m in matches if m.surface == word]
    assert found, [m.surface for m in matches]
    match = found[0]
    assert match.entry is not None and match.entry.headword == word
    assert sentence[match.start : match.end] == word
    if match.token_count > 1:  # the parts are still offered
        assert "".join(p.surface for p in match.parts) == word
        assert all(p.entries for p in match.parts)


def test_compounds_in_the_corpus(real_dictionary):
    from conftest import CORPUS_JA

    from bireader.tokens import tokenize

    text = CORPUS_JA.read_text(encoding="utf-8")
    surfaces = {m.surface for m in dictionary.match_tokens(tokenize(text))}
    for word in ("事務総長", "国防相", "防空", "選択肢", "核兵器"):
        assert word in surfaces, word


def test_unknown_compound_falls_back_to_longest_parts(real_dictionary):
    from bireader.tokens import tokenize

    matches = dictionary.match_tokens(tokenize("非戦略核兵器"))
    assert "非戦略核兵器" not in {m.surface for m in matches}
    assert "".join(m.surface for m in matches) == "非戦略核兵器"
    assert all(m.entries for m in matches)
    # JMdict knows 戦略核兵器, the longest piece.
    assert [m.surface for m in matches] == ["非", "戦略核兵器"]
    assert matches[0].entry.short_gloss.startswith("un-")  # the prefix sense, not "fault"
    assert [e.headword for e in dictionary.lookup("非戦略核兵器")][:2] == ["非", "戦略核兵器"]


def test_katakana_loanword(real_dictionary):
    entries = dictionary.lookup("エスカレーション")
    assert entries[0].source == "jmdict"
    assert "escalation" in entries[0].senses[0].glosses


def test_jmnedict_name(real_dictionary):
    entries = dictionary.lookup("プーチン")
    assert any(e.source == "jmnedict" and "Putin" in e.short_gloss for e in entries)


@pytest.mark.parametrize(("name", "romaji"), [("カラガノフ", "Karaganofu"), ("ストルテンベルグ", "Sutorutenberugu")])
def test_unknown_katakana_name_is_romanized(real_dictionary, name, romaji):
    entries = dictionary.lookup(name)
    assert len(entries) == 1
    entry = entries[0]
    assert entry.source == "romanized" and entry.readings == (name,)
    assert entry.short_gloss == romaji


def test_katakana_name_split_by_the_tokenizer_is_one_name(real_dictionary):
    from bireader.tokens import tokenize

    text = "ウィリアム・アルベルクは言う"  # UniDic: アル + ベルク, both proper nouns
    matches = dictionary.match_tokens(tokenize(text))
    name = next(m for m in matches if m.surface == "アルベルク")
    assert name.entry.source == "romanized" and name.entry.short_gloss == "Aruberuku"
    assert [p.surface for p in name.parts] == ["アル", "ベルク"]


def test_common_words_rank_first(real_dictionary):
    entries = dictionary.lookup("かける")
    assert entries[0].is_common
    exact = [e for e in entries if not e.deinflection and e.source == "jmdict"]
    commons = [e.is_common for e in exact]
    assert commons == sorted(commons, reverse=True)
    # The spelling's own words come before the forms it could be of (書ける ← 書く, potential).
    kinds = [bool(e.deinflection) for e in entries if e.source == "jmdict"]
    assert kinds == sorted(kinds)


def test_unknown_input_returns_nothing(real_dictionary):
    assert dictionary.lookup("xyzzyq") == []
    assert dictionary.lookup("   ") == []


def test_limit(real_dictionary):
    assert len(dictionary.lookup("かける", limit=2)) == 2
    assert len(dictionary.lookup("かける")) > 2


def test_vocabulary_of_a_paragraph(real_dictionary):
    from conftest import CORPUS_JA

    lines = CORPUS_JA.read_text(encoding="utf-8").split("\n")
    paragraph = lines[1]
    offset = 1000
    items = dictionary.vocabulary(paragraph, offset=offset)
    lemmas = [i.lemma for i in items]
    assert len(lemmas) == len(set(lemmas))  # each word once
    assert [i.start for i in items] == sorted(i.start for i in items)  # in order of appearance
    for item in items:
        assert paragraph[item.start - offset : item.end - offset] == item.surface
        assert item.entry is not None and item.reading
    assert {"報告書", "核兵器", "打ち負かす", "考える", "重要"} <= set(lemmas)
    assert not {"は", "の", "を", "た"} & set(lemmas)  # particles and auxiliaries are not vocabulary
    report = next(i for i in items if i.lemma == "報告書")
    assert [p.surface for p in report.parts] == ["報告", "書"]


def test_vocabulary_verbs_in_context(real_dictionary):
    # 来る stands alone here and is vocabulary; the いる of 述べている is grammar.
    lemmas = [i.lemma for i in dictionary.vocabulary("5人が来た。彼は述べている。")]
    assert "来る" in lemmas and "述べる" in lemmas
    assert "いる" not in lemmas


def test_vocabulary_skips_counters_no_entry_reads(real_dictionary):
    # 2月 is read がつ; every entry of 月 is つき/げつ, and "moon" would be wrong.
    items = {i.surface: i for i in dictionary.vocabulary("2月に戦車が来た。月が出た。")}
    moon = items["月"]
    assert moon.start == 9 and moon.entry.short_gloss == "moon"  # the moon of the second sentence only


def test_vocabulary_of_nothing(real_dictionary):
    assert dictionary.vocabulary("") == []
    assert dictionary.vocabulary("。、！") == []


def test_cli_lookup(real_dictionary):
    result = runner.invoke(app, ["lookup", "抑止力"])
    assert result.exit_code == 0, result.output
    assert "抑止力" in result.output and "よくしりょく" in result.output
    assert "1. deterrence" in result.output and "noun" in result.output


def test_cli_lookup_common_marker(real_dictionary):
    result = runner.invoke(app, ["lookup", "核兵器"])
    assert result.exit_code == 0 and "common" in result.output


def test_cli_lookup_json(real_dictionary):
    result = runner.invoke(app, ["lookup", "述べた", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["query"] == "述べた"
    assert data["entries"][0]["headword"] == "述べる"
    assert data["entries"][0]["senses"][0]["glosses"][0] == "to state"


def test_cli_lookup_nothing_found(real_dictionary):
    result = runner.invoke(app, ["lookup", "xyzzyq"])
    assert result.exit_code == 1
    assert "no dictionary entry for 'xyzzyq'" in result.output
    assert "Traceback" not in result.output


def test_cli_lookup_stdin_json(real_dictionary):
    result = runner.invoke(app, ["lookup", "-", "--json", "--limit", "1"], input="抑止力\n\nxyzzyq\nカラガノフ\n")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["query"] for d in lines] == ["抑止力", "xyzzyq", "カラガノフ"]
    assert [len(d["entries"]) for d in lines] == [1, 0, 1]
    assert lines[2]["entries"][0]["source"] == "romanized"


def test_cli_lookup_stdin_nothing_found(real_dictionary):
    result = runner.invoke(app, ["lookup", "-"], input="xyzzyq\n")
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_cli_bad_limit(real_dictionary):
    result = runner.invoke(app, ["lookup", "抑止力", "--limit", "0"])
    assert result.exit_code == 2


def test_glossary_hook_comes_first(real_dictionary, monkeypatch):
    from bireader.model import Entry, Sense

    mine = Entry("抑止力", ("よくしりょく",), (Sense(("deterrent (my term)",)),), source="glossary")
    monkeypatch.setattr(query_module, "_glossary_lookup", lambda q: [mine] if q == "抑止力" else [])
    entries = dictionary.lookup("抑止力")
    assert entries[0] is mine and entries[1].source == "jmdict"


def test_no_test_left_a_stray_env(real_dictionary):
    assert os.environ["BIREADER_DICTIONARY_INDEX"] == str(real_dictionary)


def test_cli_without_dictionary_data(tmp_path, monkeypatch):
    monkeypatch.setenv("BIREADER_DICTIONARY_SOURCE", str(tmp_path / "missing.db"))
    monkeypatch.setenv("BIREADER_DICTIONARY_INDEX", str(tmp_path / "index.sqlite"))
    dictionary.reset()
    result = runner.invoke(app, ["lookup", "抑止力"])
    dictionary.reset()
    assert result.exit_code == 3
    assert "does not exist" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "index.sqlite").exists()


# --- issue 13: deinflection, English and romaji queries, context senses -----------------------

# The forms of the issue's first list: (query, dictionary form, reasons, whether the form is
# itself a JMdict word — then that word comes first and the deinflection after it).
ISSUE_EXAMPLES = [
    ("行ける", "行く", ("potential",), True),  # いける, "to be good at"
    ("買える", "買う", ("potential",), False),
    ("泳げる", "泳ぐ", ("potential",), False),
    ("作れる", "作る", ("potential",), False),
    ("読めない", "読む", ("potential", "negative"), False),
    ("食べさす", "食べる", ("short causative",), False),
    ("買わす", "買う", ("short causative",), False),
    ("書かす", "書く", ("short causative",), False),
    ("愛しさ", "愛しい", ("-さ",), True),  # 愛しさ is also an old spelling of 美しさ
    ("話させる", "話す", ("causative",), False),
    ("食べ", "食べる", ("continuative",), False),
    ("書き", "書く", ("continuative",), False),
    ("泳ぎ", "泳ぐ", ("continuative",), True),  # 泳ぎ, "swimming"
    ("うるせえ", "うるさい", ("colloquial",), True),  # うるせえ, "shut up!"
    ("すげえ", "すごい", ("colloquial",), True),
    ("知らん", "知る", ("negative",), False),
    ("食べへん", "食べる", ("negative", "kansai"), False),
    ("買うた", "買う", ("past", "kansai"), False),
    ("食べすぎる", "食べる", ("-すぎる",), True),  # the lexicalised 食べ過ぎる
    ("食べ過ぎる", "食べる", ("-すぎる",), True),
    ("高すぎる", "高い", ("-すぎる",), False),
    ("美味しそう", "美味しい", ("-そう",), True),
    ("降りそう", "降りる", ("-そう",), False),
    ("寂しげ", "寂しい", ("-げ",), True),
    ("寂しがる", "寂しい", ("-がる",), True),
    ("寂しき", "寂しい", ("-き",), False),
    ("来られる", "来る", ("potential or passive",), False),
    ("こさせる", "くる", ("causative",), False),
    ("させられる", "する", ("causative", "passive"), False),
    ("為される", "為す", ("passive",), True),  # 為される is a word too
    ("食べさせられなかった", "食べる", ("causative", "passive", "negative", "past"), False),
    ("書かされる", "書く", ("short causative", "passive"), False),
    ("待たされる", "待つ", ("short causative", "passive"), False),
    ("行って", "行く", ("te-form",), False),
    ("あった", "ある", ("past",), False),
    ("いらっしゃいます", "いらっしゃる", ("polite",), False),
    ("くださいました", "くださる", ("polite", "past"), False),
    ("述べている", "述べる", ("progressive",), False),
]

# Forms that are not Japanese: no entry may be reached by deinflection.
# (食べられさせる is not among them: JMdict has 食べられる, "to be edible", as a verb of its own,
# whose causative it is; tests/test_deinflect.py has it as a non-form of 食べる.)
ISSUE_NON_FORMS = ["すます", "くない", "食べさされる", "話さされる", "食べますます", "あらない", "書けられる", "こます"]


@pytest.mark.parametrize(("query", "base", "reasons", "is_word"), ISSUE_EXAMPLES, ids=[e[0] for e in ISSUE_EXAMPLES])
def test_issue_examples_find_their_dictionary_form(real_dictionary, query, base, reasons, is_word):
    entries = dictionary.lookup(query)
    found = [e for e in entries if e.matched == base and e.deinflection == reasons]
    assert found, [(e.headword, e.matched, e.deinflection) for e in entries]
    jmdict = [e for e in entries if e.source == "jmdict"]
    if is_word:
        assert not jmdict[0].deinflection  # the word itself first, the deinflection offered after it
    else:
        # First, or after other dictionary forms as short and as common (こさせる: 来る or 越す).
        first = jmdict[0]
        assert first.deinflection and len(first.deinflection) <= len(reasons)
        assert jmdict.index(found[0]) <= 3


@pytest.mark.parametrize("query", ISSUE_NON_FORMS)
def test_non_forms_find_no_deinflected_entry(real_dictionary, query):
    assert not [e.matched for e in dictionary.lookup(query) if e.deinflection]


def test_cli_lookup_json_has_the_deinflection(real_dictionary):
    result = runner.invoke(app, ["lookup", "行ける", "--json"])
    assert result.exit_code == 0, result.output
    entries = json.loads(result.output)["entries"]
    assert {"matched": "行く", "deinflection": ["potential"]}.items() <= next(
        e for e in entries if e["matched"] == "行く"
    ).items()
    assert entries[0]["matched"] == "いける" and entries[0]["deinflection"] == []  # the word itself first


def test_cli_lookup_shows_the_chain(real_dictionary):
    result = runner.invoke(app, ["lookup", "食べさせられなかった"])
    assert result.exit_code == 0, result.output
    assert "食べさせられなかった ← 食べる · causative · passive · negative · past" in result.output


def test_deinflection_line():
    from bireader.model import Entry, Sense

    entry = Entry("食べる", ("たべる",), (Sense(("to eat",)),), matched="食べる", deinflection=("causative", "past"))
    assert dictionary.deinflection_line(entry, "食べさせた") == "食べさせた ← 食べる · causative · past"
    assert dictionary.deinflection_line(Entry("猫", ("ねこ",), ()), "猫") == ""


def test_english_query(real_dictionary):
    entries = dictionary.lookup("deterrence")
    assert {"抑止", "抑止力"} & {e.headword for e in entries[:3]}, [e.headword for e in entries[:5]]
    assert all(e.source == "jmdict" and not e.deinflection for e in entries)
    phrase = dictionary.lookup("nuclear weapon")
    assert "核兵器" in [e.headword for e in phrase[:3]]


def test_romaji_queries(real_dictionary):
    assert dictionary.lookup("taberu")[0].headword == "食べる"
    past = dictionary.lookup("tabeta")[0]
    assert (past.headword, past.deinflection) == ("食べる", ("past",))
    assert dictionary.lookup("sinbun")[0].headword == "新聞"  # Kunrei
    assert dictionary.lookup("gakkō")[0].headword == "学校"


def test_cli_english_and_romaji(real_dictionary):
    for query, headword in (("deterrence", "抑止"), ("taberu", "食べる")):
        result = runner.invoke(app, ["lookup", query])
        assert result.exit_code == 0 and headword in result.output, result.output


@pytest.mark.parametrize("query", ["", "   ", "\t\n", "あ" * 10_000, "x" * 10_000, "食べ" * 5000])
def test_odd_queries_return_promptly(real_dictionary, query):
    assert dictionary.lookup(query) == []


def test_cli_odd_queries(real_dictionary):
    for args, code, message in (
        (["lookup", "   "], 2, "the query is empty"),
        (["lookup", "あ" * 10_000], 2, "10,000 characters"),
        (["lookup", "xyzzyq"], 1, "no dictionary entry for 'xyzzyq'"),
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == code and message in result.output and "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1


def test_counter_after_a_number_is_not_the_moon(real_dictionary):
    from bireader.tokens import tokenize

    # unidic-lite reads 2月 as 2 + 月 (がつ); JMdict 1.08 has no 月 read がつ, but has ２月 "February".
    matches = dictionary.match_tokens(tokenize("2月に戦車が来た。"))
    month = next(m for m in matches if m.surface == "月")
    assert month.entry.headword == "２月" and month.entry.short_gloss == "February"
    assert all(e.source == "jmdict" for e in month.entries[: len([e for e in month.entries if e.source == "jmdict"])])
    assert "moon" not in month.entry.short_gloss


def test_names_never_outrank_words_for_common_nouns(real_dictionary):
    from bireader.tokens import tokenize

    for text, surface in (("月が出た。", "月"), ("一人で行く。", "一人")):
        match = next(m for m in dictionary.match_tokens(tokenize(text)) if m.surface == surface)
        sources = [e.source for e in match.entries]
        assert sources == sorted(sources, key=lambda s: s == "jmnedict"), sources
    one = next(m for m in dictionary.match_tokens(tokenize("一人で行く。")) if m.surface == "一人")
    assert one.entry.readings[0] == "ひとり" and one.entry.short_gloss == "one person"


def test_names_first_for_proper_nouns_after_jmdicts_own_names(real_dictionary):
    from bireader.tokens import tokenize

    mori = dictionary.match_tokens(tokenize("森さんは来た。"))[0]
    assert mori.entry.source == "jmnedict" and mori.entry.short_gloss == "Mori"  # not "forest"
    moscow = next(m for m in dictionary.match_tokens(tokenize("モスクワに行く。")) if m.surface == "モスクワ")
    assert moscow.entry.source == "jmdict" and moscow.entry.short_gloss.startswith("Moscow")


def test_misparsed_verb_is_read_whole(real_dictionary):
    from bireader.tokens import tokenize

    # unidic-lite splits a bare 話させる as the noun 話 + さ + せる; 話 takes no する.
    match = dictionary.match_tokens(tokenize("話させる"))[0]
    assert (match.lemma, match.entry.headword, match.entry.deinflection) == ("話す", "話す", ("causative",))
    # A noun that takes する stays itself: 勉強させる is 勉強 + させる.
    study = dictionary.match_tokens(tokenize("勉強させる"))[0]
    assert study.entry.headword == "勉強"


def test_unknown_dictionary_form_is_deinflected_in_context(real_dictionary):
    from bireader.tokens import tokenize

    # unidic-lite has 食べさす as a verb of its own, which JMdict lacks.
    match = dictionary.match_tokens(tokenize("食べさすな。"))[0]
    assert (match.entry.headword, match.entry.deinflection) == ("食べる", ("short causative",))


def test_adjective_and_sa_are_not_an_old_spelling(real_dictionary):
    from bireader.tokens import tokenize

    # 愛しさ is JMdict's old spelling of 美しさ (うつくしさ); read いとし + さ it is 愛しい + -さ.
    first = dictionary.match_tokens(tokenize("愛しさが募る。"))[0]
    assert first.surface == "愛し" and first.entry.headword == "愛しい"


# --- the same machinery on the tiny dictionary ---------------------------------------------------


def test_tiny_deinflection_and_kana_only_words(tiny_dictionary):
    entries = dictionary.lookup("行ける")
    assert [(e.headword, e.matched, e.deinflection) for e in entries] == [
        ("いける", "いける", ()),
        ("行く", "行く", ("potential",)),
    ]
    assert [(e.headword, e.deinflection) for e in dictionary.lookup("高くなかった")] == [
        ("高い", ("negative", "past"))
    ]
    assert [(e.headword, e.deinflection) for e in dictionary.lookup("勉強させられた")] == [
        ("勉強", ("-する", "causative", "passive", "past"))
    ]


def test_tiny_lexicalised_short_causative(tiny_dictionary):
    # 済ます is a verb of its own: it is not offered as 済む + short causative.
    assert [(e.headword, e.deinflection) for e in dictionary.lookup("すます")] == [("済ます", ())]
    # A form of it is still a form of it.
    assert [(e.headword, e.deinflection) for e in dictionary.lookup("済まさない")][0] == ("済ます", ("negative",))


def test_tiny_reading_restricted_senses(tiny_dictionary):
    assert [s.glosses[0] for s in dictionary.lookup("ひとり")[0].senses] == ["one person", "alone"]
    assert [s.glosses[0] for s in dictionary.lookup("いちにん")[0].senses] == ["one person"]
    assert [s.glosses[0] for s in dictionary.lookup("一人")[0].senses] == ["one person", "alone"]


def test_tiny_english_and_romaji(tiny_dictionary):
    assert [e.headword for e in dictionary.lookup("deterrence")] == ["抑止力"]
    assert dictionary.lookup("weapon")[0].headword == "兵器"  # the whole gloss, before "nuclear weapon"
    # The whole gloss first, then 核's second sense "nuclear weapons" (stemmed: weapons ~ weapon).
    assert [e.headword for e in dictionary.lookup("nuclear weapon")] == ["核兵器", "核"]
    assert dictionary.lookup("takakatta")[0].deinflection == ("past",)
    assert [e.headword for e in dictionary.lookup("ikeru")] == ["いける", "行く"]
    assert dictionary.lookup("xyzzyq") == []


def test_tiny_counter_and_names_in_context(tiny_dictionary):
    from bireader.tokens import tokenize

    month = next(m for m in dictionary.match_tokens(tokenize("2月に")) if m.surface == "月")
    assert month.entry.short_gloss == "February"
    moon = next(m for m in dictionary.match_tokens(tokenize("月が出た")) if m.surface == "月")
    assert [e.source for e in moon.entries] == ["jmdict", "jmnedict"]  # Akari after the moon


def test_no_import_cycle_in_the_dictionary_package():
    import ast
    from pathlib import Path

    package = Path(dictionary.__file__).parent
    imports: dict[str, set[str]] = {}
    for path in package.glob("*.py"):
        if path.name == "__init__.py":
            continue
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("bireader.dictionary."):
                found.add(node.module.split(".")[2])
        imports[path.stem] = found

    def reaches(start: str, target: str, seen: set[str]) -> bool:
        for name in imports.get(start, ()):
            if name == target or (name not in seen and reaches(name, target, seen | {name})):
                return True
        return False

    assert not [name for name in imports if reaches(name, name, {name})]
    assert "vocab" not in imports["lookup"] and "lookup" in imports["vocab"]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ぁあゖ゗ゝゞァアヺ・ーヽヾ漢a1 ゙゛", max_size=6))
def test_kana_tests_say_what_the_characters_are(text):
    from bireader.dictionary.romaji import is_kana, is_katakana

    # The definitions, character by character (the module answers with one regex each).
    kana = bool(text) and all("ぁ" <= ch <= "ゖ" or "ァ" <= ch <= "ヺ" or ch in "ーゝゞヽヾ・" for ch in text)
    katakana = bool(text) and all("ァ" <= ch <= "ヺ" or ch in "ーヽヾ・" for ch in text) and text.strip("ー") != ""
    assert is_kana(text) == kana
    assert is_katakana(text) == katakana
