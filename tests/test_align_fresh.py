"""A fresh install aligns as well as any other (issue 15): the aligner builds the dictionary index
when it first needs it, so `align` gives the same beads before and after a `lookup` built it."""

from __future__ import annotations

from typer.testing import CliRunner

from bireader import dictionary
from bireader.align import AlignStats, align_units, collecting
from bireader.align import lexicon as align_lexicon

# Lines whose only link is a dictionary word of the tiny fixture (no numbers, no names), and
# lengths that do not pair them on their own: the English side leads with a line of its own.
JA = ["核兵器について述べる。", "抑止力は高い。", "勉強する。"]
EN = ["A short preface nobody translated.", "They state facts about nuclear weapons.", "Deterrence is high.", "Study."]


def test_align_on_a_fresh_home_builds_the_index_and_gives_the_same_beads(tiny_dictionary, monkeypatch):
    monkeypatch.setattr(align_lexicon, "BUILD_ON_FIRST_USE", True)
    assert not dictionary.index_available()
    stats = AlignStats()
    fresh = align_units(JA, EN, embeddings="off", stats=stats)
    assert dictionary.index_available(), "the aligner should have built the index"
    assert "dictionary" in stats.signals
    dictionary.lookup("核兵器")  # what a user might have run before
    again = align_units(JA, EN, embeddings="off")
    assert fresh == again
    # … and the same as a caller passing the dictionary explicitly.
    explicit = align_units(JA, EN, embeddings="off", lexicon=align_lexicon.DictionaryLexicon(dictionary.lookup))
    assert [(b.ja, b.en) for b in fresh] == [(b.ja, b.en) for b in explicit]


def test_without_the_build_a_fresh_home_has_no_dictionary_signal(tiny_dictionary):
    stats = AlignStats()
    align_units(JA, EN, embeddings="off", stats=stats)
    assert "dictionary" not in stats.signals
    assert not dictionary.index_available()


def test_stats_count_units_and_calls_inside_a_collecting_block():
    stats = AlignStats()
    with collecting(stats):
        align_units(["一。", "二。"], ["One.", "Two."], embeddings="off", lexicon=False)
        align_units(["三。"], ["Three."], embeddings="off", lexicon=False)
    assert (stats.calls, stats.units, stats.embedded) == (2, 6, 0)
    assert stats.signals == {"lengths"}
    assert "embedded 0 of 6 units" in stats.line()


def test_cli_stats_prints_one_line_on_stderr(tmp_path):
    from bireader.cli import app

    (tmp_path / "ja.txt").write_text("2022年に始まった。\n彼は去った。\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("It began in 2022.\nHe left.\n", encoding="utf-8")
    args = ["align", str(tmp_path / "ja.txt"), str(tmp_path / "en.txt"), "--presegmented", "--embeddings", "off"]
    result = CliRunner().invoke(app, [*args, "--stats", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 2  # one line per bead, the stats elsewhere
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "signals: lengths, numbers" in lines[0] and "embedded 0 of 4 units" in lines[0]
