"""The user glossary (issue 6): the store, TSV import/export, the matcher and `glossary check`.

Tokenizer-dependent cases assume unidic-lite (UniDic 2.1.2): 述べた = 述べ(述べる) + た,
抑止した = 抑止 + し(する) + た.
"""

from __future__ import annotations

import json
import re
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bireader import glossary as gl
from bireader.check.terms import check_documents
from bireader import paths
from bireader.cli import app
from bireader.document import read_document
from bireader.errors import InputError, NothingFound, StoreError
from bireader.model import Bead

from conftest import CORPUS_EN, CORPUS_JA

runner = CliRunner()

NSNW = "non-strategic nuclear weapons (NSNW)"
IISS = "International Institute for Strategic Studies (IISS)"

# (field values, what the error must mention): nothing may be written for any of these.
INVALID_ADDS = [
    (("", "x"), "term is empty"),
    (("   ", "x"), "term is empty"),
    (("核", ""), "translation is empty"),
    (("核", " \u3000 "), "translation is empty"),
    (("核\t兵器", "x"), "tab"),
    (("核", "nuclear\nweapon"), "newline"),
    (("核", "nuclear\rweapon"), "carriage return"),
    (("核\x07", "x"), "U+0007"),
    (("核", "x\u2028y"), "U+2028"),
    (("#核", "x"), "comment"),
]

# (translation, English, present?): the tolerance rules of `glossary check`.
PRESENCE = [
    (NSNW, "known as non-strategic nuclear weapons (NSNW), are", True),
    (NSNW, "the non-strategic nuclear weapons are", True),  # main phrase alone
    (NSNW, "Russia's NSNW arsenal", True),  # the abbreviation alone
    (NSNW, "Russia's NSNWs", True),  # acronym plural
    (NSNW, "non-strategic nuclear weapon", True),  # singular
    (NSNW, "Non-Strategic Nuclear Weapons", True),  # case
    (NSNW, "nonstrategic nuclear weapons", True),  # hyphen written solid
    (NSNW, "non strategic nuclear weapons", True),  # hyphen as space
    (NSNW, "tactical nuclear weapons", False),
    (NSNW, "nsnw", False),  # an acronym must be in capitals
    ("nuclear weapon", "nuclear weapons", True),
    ("deter", "it was deterred by", True),
    ("deter", "deterring NATO", True),
    ("escalate", "escalation", False),  # a different word, not an inflection
    ("escalate", "it escalated", True),
    ("policy", "their policies", True),
    ("study", "studied", True),
    ("missile", "air-launched missiles", True),
    ("president", "presidential approval", True),  # derivational ending, one word only
    ("Russia", "Russian forces", True),
    ("US", "they use us", False),
    ("US", "the US and Russia", True),
    ("Kyiv; Kiev", "weapons to Kiev", True),  # ; separates alternatives
    ("arms control", "arms and control", False),  # words must be adjacent
    ("war", "warning", False),
]


def _glossary():
    return gl.open_glossary()


def _invoke(*args: str, input: str | None = None):
    return runner.invoke(app, ["glossary", *args], input=input)


# --- store ------------------------------------------------------------------------------


def test_add_get_list_remove():
    with _glossary() as g:
        entry, created = g.add("非戦略核兵器", NSNW, reading="ひせんりゃくかくへいき", note="VOA", tags=["nuclear", "military"])
        assert created
        assert (entry.term, entry.translation, entry.reading, entry.note) == ("非戦略核兵器", NSNW, "ひせんりゃくかくへいき", "VOA")
        assert entry.tags == ("military", "nuclear")  # sorted
        assert entry.created and entry.updated
        g.add("国際戦略研究所", IISS)
        assert [e.term for e in g.list()] == ["国際戦略研究所", "非戦略核兵器"]
        assert [e.term for e in g.list(tag="military")] == ["非戦略核兵器"]
        assert g.get("非戦略核兵器")[0].translation == NSNW
        assert g.get("ない") == []
        assert g.remove("非戦略核兵器") == 1
        assert [e.term for e in g.list()] == ["国際戦略研究所"]
        with pytest.raises(NothingFound):
            g.remove("非戦略核兵器")


def test_duplicate_add_updates_in_place():
    with _glossary() as g:
        first, _ = g.add("核兵器", "nuclear weapon", tags=["a"])
        again, created = g.add("核兵器", "nuclear arms")
        assert not created
        assert again.id == first.id and again.translation == "nuclear arms"
        assert again.tags == ("a",)  # no tags given: kept
        assert g.count() == 1
        both, created = g.add("核兵器", "nukes", allow_multiple=True)
        assert created and g.count() == 2
        # With two translations a plain add cannot know which one to replace.
        with pytest.raises(InputError, match="2 translations"):
            g.add("核兵器", "atomic weapons")
        # Adding a translation that is already there updates that row.
        same, created = g.add("核兵器", "nukes", note="slang")
        assert not created and same.id == both.id and same.note == "slang"


def test_edit_fields_and_errors():
    with _glossary() as g:
        g.add("大統領", "president", reading="だいとうりょう", note="n", tags=["x"])
        [e] = g.edit("大統領", translation="President", note="", tags=["people", "title"])
        assert (e.translation, e.reading, e.note, e.tags) == ("President", "だいとうりょう", "", ("people", "title"))
        with pytest.raises(NothingFound):
            g.edit("首相", note="x")
        g.add("大統領", "head of state", allow_multiple=True)
        with pytest.raises(InputError, match="--old-translation"):
            g.edit("大統領", translation="chief")
        [e] = g.edit("大統領", translation="chief executive", old_translation="head of state")
        assert e.translation == "chief executive"
        edited = g.edit("大統領", reading="だいとうりょう2")  # no selector: applies to every row
        assert [x.reading for x in edited] == ["だいとうりょう2", "だいとうりょう2"]


@pytest.mark.parametrize(("fields", "message"), INVALID_ADDS)
def test_invalid_fields_write_nothing(fields, message):
    with _glossary() as g:
        before = g.generation()
        with pytest.raises(InputError, match=re.escape(message)):
            g.add(*fields)
        assert g.count() == 0 and g.generation() == before


def test_invalid_edit_writes_nothing():
    with _glossary() as g:
        g.add("核", "nucleus")
        before = g.generation()
        with pytest.raises(InputError, match="newline"):
            g.edit("核", translation="a\nb", note="fine")
        assert g.get("核")[0].translation == "nucleus" and g.get("核")[0].note == ""
        assert g.generation() == before
        with pytest.raises(InputError, match="comma"):
            g.add("核", "nucleus", tags=["a,b"])


def test_schema_is_versioned_and_wal(temp_home):
    with _glossary() as g:
        assert g.conn.execute("PRAGMA user_version").fetchone()[0] == len(gl.MIGRATIONS)
        assert g.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# --- broken databases ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"this is a text file, not a database\n",
        b"SQLite format 3\x00" + b"\xff" * 4080,  # right header, garbage after it
    ],
    ids=["not-sqlite", "corrupt"],
)
def test_unusable_database_is_a_clear_error_and_left_alone(content):
    db_path = paths.glossary_db()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.write_bytes(content)
    for args in (["list"], ["add", "核", "nucleus"], ["show", "核"]):
        result = _invoke(*args)
        assert result.exit_code == 5, result.output
        assert result.output.startswith("error: ") and result.output.count("\n") == 1
        assert "glossary" in result.output and "Traceback" not in result.output
    with pytest.raises(StoreError):
        gl.lookup_terms("核")
    gl.reset_cache()
    assert db_path.read_bytes() == content
    assert not Path(str(db_path) + "-wal").exists()


# --- two writers ------------------------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sys
    from bireader.glossary import open_glossary
    prefix, path = sys.argv[1], sys.argv[2]
    with open_glossary(path) as g:
        sys.stdin.readline()  # both connected: wait for the go signal so both write at once
        for i in range(300):
            g.add(f"{prefix}{i:03d}", f"translation {i}")
    """
)


def test_two_processes_adding_at_once_lose_nothing(tmp_path):
    db_path = tmp_path / "glossary.db"
    gl.open_glossary(db_path).close()  # create the schema first, as a user's first command would
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent / "src")}
    procs = [
        subprocess.Popen([sys.executable, str(script), prefix, str(db_path)], stdin=subprocess.PIPE, env=env, stderr=subprocess.PIPE)
        for prefix in ("甲", "乙")
    ]
    for p in procs:
        p.stdin.write(b"go\n")
        p.stdin.flush()
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    with gl.open_glossary(db_path) as g:
        assert g.count() == 600
        assert len({e.term for e in g.list()}) == 600
        assert {e.translation for e in g.list()} == {f"translation {i}" for i in range(300)}


# --- TSV ----------------------------------------------------------------------------------------


GOOD_TSV = "非戦略核兵器\t" + NSNW + "\tVOA\tひせんりゃくかくへいき\tmilitary,nuclear\n国際戦略研究所\t" + IISS + "\n"


def test_import_is_all_or_nothing(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text(GOOD_TSV + "核兵器\n" + "戦場\tbattlefield\n", encoding="utf-8")
    result = _invoke("import", str(bad))
    assert result.exit_code == 2
    assert "line 3" in result.output and "Traceback" not in result.output
    with _glossary() as g:
        assert g.count() == 0

    result = _invoke("import", str(bad), "--skip-invalid")
    assert result.exit_code == 0, result.output
    assert "skipped line 3" in result.output
    with _glossary() as g:
        assert sorted(e.term for e in g.list()) == ["国際戦略研究所", "戦場", "非戦略核兵器"]
        [nsnw] = g.get("非戦略核兵器")
        assert (nsnw.note, nsnw.reading, nsnw.tags) == ("VOA", "ひせんりゃくかくへいき", ("military", "nuclear"))


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("核兵器", "at least 2"),
        ("核兵器\t", "translation is empty"),
        ("\tnuclear", "term is empty"),
        ("a\tb\tc\td\te\tf", "at most 5"),
        ("核\tnu\x01clear", "U+0001"),
        ("核\tnuclear\t\t\tbad\x0btag", "U+000B"),
    ],
)
def test_import_names_the_bad_line(line, message):
    with _glossary() as g:
        with pytest.raises(InputError, match=rf"line 2: .*{re.escape(message)}"):
            g.import_tsv(__import__("io").StringIO("# comment\n" + line + "\n戦場\tbattlefield\n"))
        assert g.count() == 0


def test_import_rejects_non_utf8(tmp_path):
    f = tmp_path / "sjis.tsv"
    f.write_bytes("核兵器\tnuclear weapon\n".encode("cp932"))
    result = _invoke("import", str(f))
    assert result.exit_code == 2 and "UTF-8" in result.output


def test_import_tolerates_bom_crlf_comments_and_blank_lines(tmp_path):
    f = tmp_path / "win.tsv"
    f.write_bytes(("\ufeff# Glossary\r\n\r\n" + GOOD_TSV.replace("\n", "\r\n")).encode("utf-8"))
    with _glossary() as g:
        report = g.import_tsv(f)
        assert report.added == 2 and not report.skipped
        assert g.get("国際戦略研究所")[0].translation == IISS


def test_import_file_decides_the_translations_of_its_terms():
    with _glossary() as g:
        g.add("核兵器", "nuclear weapon")
        g.add("戦場", "battlefield")
        report = g.import_tsv(__import__("io").StringIO("核兵器\tnukes\n核兵器\tatomic weapons\n"))
        assert sorted(e.translation for e in g.get("核兵器")) == ["atomic weapons", "nukes"]
        assert g.get("戦場")[0].translation == "battlefield"  # not named by the file: untouched
        assert (report.added, report.updated, report.removed) == (1, 1, 0)


def test_export_import_round_trip(tmp_path):
    with _glossary() as g:
        g.add("非戦略核兵器", NSNW, reading="ひせんりゃくかくへいき", note="VOA, 2024", tags=["nuclear", "military"])
        g.add("非戦略核兵器", "NSNW", allow_multiple=True)
        g.add("国際戦略研究所", IISS, note="London")
        g.add("述べる", "to state", reading="のべる")
        g.add("ＮＡＴＯ", "NATO", tags=["org"])
        g.add("キーウ", "Kyiv; Kiev", note="‘quoted’ “note” with \\ backslash")
        original = g.list()
    out = tmp_path / "glossary.tsv"
    result = _invoke("export", "-o", str(out))
    assert result.exit_code == 0, result.output
    exported = out.read_text(encoding="utf-8")
    assert exported.splitlines()[0].startswith("#")  # OmegaT's comment header

    other = tmp_path / "other.db"
    with gl.open_glossary(other) as g2:
        report = g2.import_tsv(out)
        assert report.added == len(original) and not report.skipped
        copy = g2.list()
        buf = __import__("io").StringIO()
        g2.export_tsv(buf)
    strip = lambda es: [(e.term, e.translation, e.reading, e.note, e.tags) for e in es]  # noqa: E731
    assert strip(copy) == strip(original)
    assert buf.getvalue() == exported

    # Importing the same file again changes nothing.
    with _glossary() as g:
        again = g.import_tsv(out)
        assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, len(original))


def test_export_to_stdout_and_by_tag():
    with _glossary() as g:
        g.add("核兵器", "nuclear weapon", tags=["nuclear"])
        g.add("戦場", "battlefield")
    result = _invoke("export")
    assert result.exit_code == 0
    assert "核兵器\tnuclear weapon\t\t\tnuclear\n" in result.stdout and "戦場\tbattlefield\n" in result.stdout
    tagged = _invoke("export", "--tag", "nuclear", "-o", "-")
    assert "戦場" not in tagged.stdout and "核兵器" in tagged.stdout


# --- CLI ------------------------------------------------------------------------------------------


def test_cli_add_list_show_edit_remove():
    result = _invoke("add", "非戦略核兵器", NSNW, "--tag", "military", "--reading", "ひせんりゃくかくへいき")
    assert result.exit_code == 0, result.output
    assert "added 非戦略核兵器" in result.stderr

    result = _invoke("add", "非戦略核兵器", "tactical nuclear weapons")
    assert result.exit_code == 0
    assert "updated 非戦略核兵器" in result.stderr and NSNW in result.stderr  # says what it replaced

    result = _invoke("list", "--json")
    data = json.loads(result.stdout)
    assert [(d["term"], d["translation"], d["tags"]) for d in data] == [("非戦略核兵器", "tactical nuclear weapons", ["military"])]

    table = _invoke("list")
    assert table.exit_code == 0 and "非戦略核兵器" in table.stdout and "tactical" in table.stdout

    shown = _invoke("show", "非戦略核兵器")
    assert shown.exit_code == 0 and "ひせんりゃくかくへいき" in shown.stdout and "military" in shown.stdout

    edited = _invoke("edit", "非戦略核兵器", "--translation", NSNW, "--note", "from VOA")
    assert edited.exit_code == 0, edited.output
    assert json.loads(_invoke("show", "非戦略核兵器", "--json").stdout)[0]["note"] == "from VOA"

    assert _invoke("edit", "非戦略核兵器").exit_code == 2  # nothing to change

    removed = _invoke("remove", "非戦略核兵器")
    assert removed.exit_code == 0
    missing = _invoke("show", "非戦略核兵器")
    assert missing.exit_code == 1 and "not in the glossary" in missing.stderr
    assert _invoke("remove", "非戦略核兵器").exit_code == 1


def test_cli_show_finds_inflected_form():
    _invoke("add", "述べる", "to state")
    result = _invoke("show", "述べた")  # unidic-lite: 述べ(述べる) + た
    assert result.exit_code == 0 and "to state" in result.stdout


def test_cli_invalid_field_exit_2_no_traceback():
    result = _invoke("add", "核兵器", "nuclear\nweapon")
    assert result.exit_code == 2
    assert "newline" in result.stderr and "Traceback" not in result.output
    assert json.loads(_invoke("list", "--json").stdout) == []


def test_help_ends_with_examples():
    for command in ("add", "remove", "edit", "list", "show", "import", "export", "check"):
        result = _invoke(command, "--help")
        assert result.exit_code == 0
        assert "Example: bireader glossary " + command in " ".join(result.output.split()), command


# --- lookup_terms and find_terms ------------------------------------------------------------------


def test_lookup_terms_does_not_create_the_database():
    assert gl.lookup_terms("核兵器") == []
    assert gl.find_terms("非戦略核兵器を") == []
    assert not paths.glossary_db().exists()


def test_lookup_terms_exact_and_dictionary_form():
    with _glossary() as g:
        g.add("述べる", "to state")
        g.add("抑止する", "to deter", reading="よくしする")
        g.add("ＮＡＴＯ", "NATO")
    [entry] = gl.lookup_terms("述べる")
    assert entry.source == "glossary" and entry.is_user and entry.short_gloss == "to state"
    [entry] = gl.lookup_terms("述べた")
    assert entry.headword == "述べる" and entry.matched == "述べた"
    [entry] = gl.lookup_terms("抑止した")
    assert entry.headword == "抑止する" and entry.readings == ("よくしする",)
    assert gl.lookup_terms("nato")[0].headword == "ＮＡＴＯ"  # NFKC and case folded
    assert gl.lookup_terms("述") == []


def test_lookup_terms_gives_one_entry_with_every_translation():
    with _glossary() as g:
        g.add("核兵器", "nuclear weapon", tags=["nuclear"])
        g.add("核兵器", "nukes", allow_multiple=True, note="informal")
    [entry] = gl.lookup_terms("核兵器")
    assert [s.glosses for s in entry.senses] == [("nuclear weapon",), ("nukes",)]
    assert entry.senses[0].misc == ("nuclear",) and entry.note == "informal"


def test_find_terms_on_characters_not_token_boundaries():
    with _glossary() as g:
        g.add("非戦略核兵器", NSNW)
        g.add("核兵器", "nuclear weapon")
        g.add("国際戦略研究所", IISS)
    text = CORPUS_JA.read_text(encoding="utf-8")
    matches = gl.find_terms(text)
    for m in matches:
        assert text[m.start:m.end] == m.term
    terms = [m.term for m in matches]
    assert "国際戦略研究所" in terms and "非戦略核兵器" in terms
    # 核兵器 inside 非戦略核兵器 gives way to the longer term unless overlaps are asked for.
    nsnw = [m for m in matches if m.term == "非戦略核兵器"]
    assert not any(m.term == "核兵器" and m.start == nsnw[0].start + 3 for m in matches)
    every = gl.find_terms(text, overlapping=True)
    assert any(m.term == "核兵器" and m.start == nsnw[0].start + 3 for m in every)


def test_find_terms_through_dictionary_forms_with_given_tokens():
    from bireader.tokens import tokenize

    with _glossary() as g:
        g.add("述べる", "to state")
        g.add("抑止する", "to deter")
    text = "彼はそう述べた。戦争を抑止した。"
    matches = gl.find_terms(text)
    assert [(text[m.start:m.end], m.term, m.by_lemma) for m in matches] == [
        ("述べ", "述べる", True),
        ("抑止し", "抑止する", True),
    ]
    # Tokens of a paragraph carry document offsets; `offset` maps them back.
    assert gl.find_terms(text, tokenize(text, offset=100), offset=100) == matches
    assert gl.find_terms(text, tokenize(text, offset=100)) == matches  # offset inferred


def test_find_terms_sees_changes_at_once():
    assert gl.find_terms("戦場で") == []
    with _glossary() as g:
        g.add("戦場", "battlefield")
        assert [m.term for m in gl.find_terms("戦場で")] == ["戦場"]
        g.edit("戦場", translation="battleground")
        assert gl.find_terms("戦場で")[0].entry.short_gloss == "battleground"
        g.remove("戦場")
        assert gl.find_terms("戦場で") == []


def test_find_terms_sees_another_process(tmp_path):
    assert gl.find_terms("戦場で") == []
    with _glossary():
        pass
    code = "from bireader.glossary import open_glossary\nwith open_glossary() as g: g.add('戦場', 'battlefield')\n"
    subprocess.run([sys.executable, "-c", code], check=True, env=os.environ.copy())
    assert [m.term for m in gl.find_terms("戦場で")] == ["戦場"]


# --- check --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("translation", "english", "present"), PRESENCE)
def test_translation_presence_rules(translation, english, present):
    assert gl.EnglishText(english).contains(translation) is present


def _corpus_glossary():
    with _glossary() as g:
        g.add("非戦略核兵器", NSNW)
        g.add("国際戦略研究所", IISS)
        g.add("大統領", "president")


def test_check_corpus_is_consistent():
    _corpus_glossary()
    result = _invoke("check", str(CORPUS_JA), "--embeddings", "off")
    assert result.exit_code == 0, result.output
    assert "consistent" in result.stderr


def test_check_finds_planted_mismatch(tmp_path):
    _corpus_glossary()
    ja = tmp_path / "article.ja.txt"
    ja.write_text(CORPUS_JA.read_text(encoding="utf-8"), encoding="utf-8")
    # Plant the mismatch: the English calls NSNW something else everywhere.
    en_text = CORPUS_EN.read_text(encoding="utf-8")
    assert "non-strategic nuclear weapons (NSNW)" in en_text
    planted = en_text.replace("non-strategic nuclear weapons (NSNW)", "tactical nukes").replace("NSNW", "tactical nukes")
    (tmp_path / "article.en.txt").write_text(planted, encoding="utf-8")  # found as the sidecar

    result = _invoke("check", str(ja), "--embeddings", "off", "--json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert not report["consistent"]
    assert {p["term"] for p in report["problems"]} == {"非戦略核兵器"}
    assert 6 in {p["paragraph"] for p in report["problems"]}  # line 6 introduces the term
    assert all("tactical nukes" in p["en"] for p in report["problems"])

    table = _invoke("check", str(ja), "--english", str(tmp_path / "article.en.txt"), "--embeddings", "off")
    assert table.exit_code == 1
    assert "非戦略核兵器" in table.stdout and "tactical" in table.stdout
    assert "missing translation" in table.stderr


def test_check_documents_names_the_paragraph():
    _corpus_glossary()
    ja = read_document(CORPUS_JA)
    en_text = CORPUS_EN.read_text(encoding="utf-8").splitlines()
    en_text[1] = en_text[1].replace("International Institute for Strategic Studies (IISS)", "a London think tank")
    from bireader.document import document_from_text

    en = document_from_text("\n".join(en_text) + "\n", lang="en")
    beads = [Bead(ja=(i,), en=(i,), score=1.0) for i in range(len(ja.paragraphs))]
    report = check_documents(ja, en, beads)
    assert [(p.paragraph, p.term) for p in report.problems] == [(2, "国際戦略研究所")]
    problem = report.problems[0]
    assert ja.text[problem.ja_start:problem.ja_end] == "国際戦略研究所"
    assert problem.excerpt.strip("…") in problem.en and "think tank" in problem.en
    # Sentence level: pairs are sentences, the paragraph number stays the same.
    sbeads = [Bead(ja=(i,), en=(i,), score=1.0) for i in range(min(len(ja.sentences), len(en.sentences)))]
    sreport = check_documents(ja, en, sbeads, level="sentence")
    assert (2, "国際戦略研究所") in [(p.paragraph, p.term) for p in sreport.problems]


def test_check_without_english_is_a_clear_error(tmp_path):
    ja = tmp_path / "lonely.ja.txt"
    ja.write_text("国際戦略研究所の報告書。\n", encoding="utf-8")
    result = _invoke("check", str(ja))
    assert result.exit_code == 2
    assert "--english" in result.stderr and "lonely.en.txt" in result.stderr


def test_check_with_empty_glossary_says_so():
    result = _invoke("check", str(CORPUS_JA), "--embeddings", "off")
    assert result.exit_code == 0 and "glossary is empty" in result.stderr


def test_reading_commands_do_not_create_the_database():
    assert _invoke("list").exit_code == 0
    assert _invoke("list", "--json").stdout.strip() == "[]"
    assert _invoke("show", "核").exit_code == 1
    exported = _invoke("export")
    assert exported.exit_code == 0 and exported.stdout.startswith("#")
    assert not paths.glossary_db().exists()


def test_check_sentence_level():
    _corpus_glossary()
    result = _invoke("check", str(CORPUS_JA), "--level", "sentence", "--embeddings", "off", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["level"] == "sentence" and report["occurrences"] > 0 and report["problems"] == []


