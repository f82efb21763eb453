"""`bireader words …`: marking in any form, --from FILE --range, list/stats, import of each
accepted format (and nothing stored from a malformed one), export round-trip, two processes."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from typer.testing import CliRunner

from bireader.cli import app
from bireader.words import open_words

from conftest import CORPUS_JA

runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def statuses():
    with open_words() as store:
        return {key[1]: status for key, status in store.statuses().items()}


def test_marking_any_form_marks_the_dictionary_word(real_dictionary):
    result = run("words", "known", "食べた", "--json")
    assert result.exit_code == 0, result.output
    item = json.loads(result.stdout.splitlines()[0])
    assert (item["query"], item["headword"], item["status"], item["changed"]) == ("食べた", "食べる", "known", True)
    assert statuses() == {"食べる": "known"}
    # 食べます is the same word: already known, nothing changes
    again = json.loads(run("words", "known", "食べます", "--json").stdout)
    assert again["headword"] == "食べる" and again["changed"] is False
    assert run("words", "learning", "抑止力").exit_code == 0
    assert run("words", "ignore", "プーチン").exit_code == 0
    assert statuses() == {"食べる": "known", "抑止力": "learning", "プーチン": "ignored"}
    assert run("words", "forget", "食べて").exit_code == 0
    assert statuses() == {"抑止力": "learning", "プーチン": "ignored"}


def test_an_unknown_word_marks_nothing(real_dictionary):
    result = run("words", "known", "食べる", "ｘｑｚｘｑｚ")
    assert result.exit_code == 1
    assert "no dictionary entry" in result.stderr and "nothing was marked" in result.stderr
    assert statuses() == {}


def test_an_ambiguous_form_says_which_entry_it_took(real_dictionary):
    result = run("words", "known", "いく")
    assert result.exit_code == 0
    assert "took" in result.stderr and "could also be" in result.stderr


def test_known_from_a_file_range_marks_only_those_paragraphs(real_dictionary):
    first = run("words", "known", "--from", str(CORPUS_JA), "--range", "1-1")
    assert first.exit_code == 0, first.output
    marked_first = set(statuses())
    assert "ロシア" in marked_first and "損失" in marked_first
    assert "研究所" not in marked_first  # paragraph 2
    run("words", "learning", "侵攻")
    run("words", "known", "--from", str(CORPUS_JA), "--range", "2")
    after = statuses()
    assert "研究所" in after and after["侵攻"] == "learning"  # only words still new become known
    bad = run("words", "known", "--from", str(CORPUS_JA), "--range", "999")
    assert bad.exit_code == 2 and "starts after the last unit" in bad.stderr


def test_stats_of_a_file_reports_coverage_and_top_unknown_words(real_dictionary):
    before = json.loads(run("words", "stats", str(CORPUS_JA), "--json").stdout)
    assert before["coverage"]["known_share"] == 0.0
    top = before["coverage"]["top_unknown"]
    assert len(top) == 20 and top[0]["headword"] == "ロシア"
    assert [w["count"] for w in top] == sorted((w["count"] for w in top), reverse=True)
    run("words", "known", "ロシア")
    after = json.loads(run("words", "stats", str(CORPUS_JA), "--json").stdout)
    cov = after["coverage"]
    assert cov["known_running_words"] == top[0]["count"]
    assert cov["unique_unknown_words"] == before["coverage"]["unique_unknown_words"] - 1
    assert after["counts"]["known"] == 1 and "ロシア" not in [w["headword"] for w in cov["top_unknown"]]


def test_list_sorts_by_frequency_and_filters_by_status(real_dictionary):
    run("words", "known", "抑止力", "言う", "食べる")
    run("words", "learning", "侵攻")
    rows = [json.loads(line) for line in run("words", "list", "--sort", "frequency", "--json").stdout.splitlines()]
    assert [r["headword"] for r in rows][:3] == ["言う", "食べる", "侵攻"]
    assert rows[-1]["headword"] == "抑止力" and rows[-1]["frequency_rank"] is None
    learning = run("words", "list", "--status", "learning", "--json").stdout.splitlines()
    assert [json.loads(line)["headword"] for line in learning] == ["侵攻"]


IMPORTS = {
    "lines.txt": "食べる\n# a comment\n\n行った\n",
    "list.tsv": "word\tmeaning\n食べる\tto eat\n行く\tto go\n",
    "list.csv": "食べる,to eat\n行く,to go\n",
    "anki.txt": "#separator:tab\n#html:true\n#notetype column:1\nJapanese\t<b>食べる</b>\tto eat\nJapanese\t行く[いく]\tto go\n",
}


@pytest.mark.parametrize("name", sorted(IMPORTS))
def test_import_each_format(real_dictionary, tmp_path, name):
    path = tmp_path / name
    path.write_text(IMPORTS[name], encoding="utf-8")
    result = run("words", "import", str(path))
    assert result.exit_code == 0, result.output
    assert statuses() == {"食べる": "known", "行く": "known"}


def test_import_with_a_status_and_from_stdin(real_dictionary):
    assert run("words", "import", "-", "--status", "learning", input="抑止力\n").exit_code == 0
    assert statuses() == {"抑止力": "learning"}


@pytest.mark.parametrize(
    "text, message",
    [
        ("食べる\nｘｑｚｘｑｚ\n", "line 2"),  # a word no dictionary has
        ("食べる\n" + "長" * 80 + "\n", "line 2"),  # not a word
        ("食べる\n行\x07く\n", "line 2: control characters"),
        ('{"format": "bireader-words", "version": 1, "words": [{"headword": "食べる"}]}', "missing 'status'"),
        ('{"format": "bireader-words", "version": 1, "words": [', "not valid JSON"),
        ("a\t\"b\nc\td\n", "line"),  # a TSV with an unclosed quote
    ],
)
def test_a_malformed_import_stores_nothing(real_dictionary, tmp_path, text, message):
    path = tmp_path / "bad.txt"
    path.write_text(text, encoding="utf-8")
    result = run("words", "import", str(path))
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "Traceback" not in result.output
    assert statuses() == {}


def test_skip_unknown_imports_the_rest(real_dictionary, tmp_path):
    path = tmp_path / "list.txt"
    path.write_text("食べる\nｘｑｚｘｑｚ\n", encoding="utf-8")
    result = run("words", "import", str(path), "--skip-unknown")
    assert result.exit_code == 0 and "skipped 1" in result.stderr
    assert statuses() == {"食べる": "known"}


def test_binary_import_is_refused(real_dictionary, tmp_path):
    path = tmp_path / "x.bin"
    path.write_bytes(b"\x00\x01\x02binary")
    result = run("words", "import", str(path))
    assert result.exit_code == 2 and "binary" in result.stderr


def test_json_export_round_trips_statuses_and_dates(real_dictionary, tmp_path, monkeypatch):
    run("words", "known", "食べる")
    run("words", "learning", "抑止力")
    run("words", "ignore", "プーチン")
    out = tmp_path / "words.json"
    assert run("words", "export", "-o", str(out)).exit_code == 0
    with open_words() as store:
        original = sorted(store.records(), key=lambda r: r.headword)
    monkeypatch.setenv("BIREADER_HOME", str(tmp_path / "new-machine"))
    assert statuses() == {}
    assert run("words", "import", str(out)).exit_code == 0
    with open_words() as store:
        assert sorted(store.records(), key=lambda r: r.headword) == original
    tsv = run("words", "export", "--format", "tsv", "--spreadsheet-safe").stdout.splitlines()
    assert tsv[0].split("\t")[:3] == ["headword", "reading", "status"] and len(tsv) == 4
    assert run("words", "export", "--format", "txt").stdout.split() == [r.headword for r in sorted(
        original, key=lambda r: (r.first_seen, r.headword))]


_MARKER = textwrap.dedent(
    """
    import sys
    from bireader.words import open_words
    first, count = int(sys.argv[1]), int(sys.argv[2])
    with open_words() as store:
        for n in range(first, first + count):
            store.set_status([(n, f"語{n}", "")], "known")
    """
)


def test_two_processes_marking_at_once_lose_nothing(temp_home):
    procs = [
        subprocess.Popen([sys.executable, "-c", _MARKER, str(start), "150"], stderr=subprocess.PIPE, text=True)
        for start in (1, 1001)
    ]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    with open_words() as store:
        assert store.counts()["known"] == 300
