"""tm build and tm stats (issue 18): translation memories from folders of pairs."""

from __future__ import annotations

import csv
import json
import sqlite3

import pytest
from typer.testing import CliRunner

from bireader.cli import app
from bireader.errors import InputError
from bireader.document import read_document
from bireader.export.tmx import read_tmx
from bireader.tm import BuildOptions, build_memory, cache_path, find_pairs, memory_stats, review_path

from workbench_fixtures import make_pair_folder

runner = CliRunner()
OFF = dict(embeddings="off")


@pytest.fixture
def pair_folder(tmp_path):
    """A folder of 12 pairs made from the shared dev cases."""
    folder = tmp_path / "pairs"
    make_pair_folder(folder, 12)
    return folder


def _build(folder, output, **options):
    return build_memory(folder, output, BuildOptions(**{**OFF, **options}))


# --- pairing ---------------------------------------------------------------------------------


def test_find_pairs_by_name(tmp_path):
    for name in ("a.ja.txt", "a.en.txt", "sub/b.ja.md", "sub/b.en.txt", "c.ja.txt", "d.en.srt", "notes.txt",
                 "e.ja.txt", "e.en.txt", "e.en.epub", "f.ja.txt", "f.en.md", "f.en.html", ".hidden/g.ja.txt",
                 ".hidden/g.en.txt", "chapter.1.ja.txt", "chapter.1.en.txt"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x\n", encoding="utf-8")
    scan = find_pairs(tmp_path)
    assert [(p.name, p.ja.name, p.en.name) for p in scan.pairs] == [
        ("a", "a.ja.txt", "a.en.txt"),
        ("chapter.1", "chapter.1.ja.txt", "chapter.1.en.txt"),
        ("e", "e.ja.txt", "e.en.txt"),  # several English files: the same extension wins
        ("sub/b", "b.ja.md", "b.en.txt"),  # any two formats the reader loads
    ]
    assert scan.pairs[-1].ja_name == "sub/b.ja.md"
    unpaired = {path.name: why for path, why in scan.unpaired}
    assert unpaired == {
        "c.ja.txt": "no c.en.* beside it",
        "d.en.srt": "no d.ja.* beside it",
        "f.ja.txt": "several English files could be its partner (f.en.html, f.en.md)",
    }
    assert scan.others == 1  # notes.txt


# --- building ----------------------------------------------------------------------------------


def test_build_writes_a_tmx_both_readers_agree_on(pair_folder, tmp_path):
    from translate.storage import tmx as tt_tmx

    output = tmp_path / "memory.tmx"
    report = _build(pair_folder, output, jobs=2)
    assert report.pairs == 12 and report.aligned == 12 and report.reused == 0 and report.workers == 2
    assert report.units > 0 and report.unpaired == () and report.unreadable == ()
    memory = read_tmx(output)
    assert len(memory.units) == report.units
    assert len(tt_tmx.tmxfile.parsefile(str(output)).units) == report.units
    assert memory.header["srclang"] == "ja" and memory.header["segtype"] == "sentence"
    first = memory.units[0]
    assert set(first.props) == {"x-source", "x-score", "x-file"} and first.props["x-source"] == "aligned"
    files = {u.props["x-file"] for u in memory.units}
    assert files <= {p.ja.name for p in find_pairs(pair_folder).pairs} and len(files) == 12
    # In the order of the pairs' names, whichever worker finished first.
    order = [u.props["x-file"] for u in memory.units]
    assert order == sorted(order, key=lambda f: [p.ja.name for p in find_pairs(pair_folder).pairs].index(f))
    assert all(u.text("ja").strip() and u.text("en").strip() for u in memory.units)


def test_one_worker_and_two_give_the_same_memory(pair_folder, tmp_path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    _build(pair_folder, one, jobs=1, fmt="jsonl")
    _build(pair_folder, two, jobs=2, fmt="jsonl", fresh=True)
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")
    record = json.loads(one.read_text(encoding="utf-8").splitlines()[0])
    assert set(record) == {"file", "index", "ja", "en", "score", "level", "ja_index", "en_index"}


def test_xliff_opens_in_translate_toolkit(pair_folder, tmp_path):
    from lxml import etree
    from translate.storage import factory

    output = tmp_path / "memory.xlf"
    report = _build(pair_folder, output, fmt="xliff")
    store = factory.getobject(str(output))
    units = [u for u in store.units if not u.isheader()]
    assert len(units) == report.units
    assert units[0].source and units[0].target
    root = etree.parse(str(output)).getroot()
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    assert root.get("version") == "1.2"
    files = root.findall("x:file", ns)
    assert len(files) == 12 and all(f.get("source-language") == "ja" and f.get("target-language") == "en" for f in files)


def test_min_confidence_leaves_units_out_and_lists_them(pair_folder, tmp_path):
    output = tmp_path / "memory.tmx"
    everything = _build(pair_folder, tmp_path / "all.tmx")
    report = _build(pair_folder, output, min_confidence=0.8)
    assert report.review == str(tmp_path / "memory.review.tsv") == str(review_path(output))
    assert report.below_floor > 0 and report.units + report.below_floor == everything.units
    assert all(float(u.props["x-score"]) >= 0.8 for u in read_tmx(output).units)
    with open(report.review, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, dialect="excel-tab"))
    assert rows[0] == ["file", "index", "score", "ja", "en"]
    assert len(rows) - 1 == report.below_floor and all(float(r[2]) < 0.8 for r in rows[1:])


def test_unpaired_and_unreadable_files_are_listed_not_fatal(pair_folder, tmp_path):
    (pair_folder / "lonely.ja.txt").write_text("一人きり。\n", encoding="utf-8")
    (pair_folder / "binary.ja.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    (pair_folder / "binary.en.txt").write_text("Binary.\n", encoding="utf-8")
    (pair_folder / "empty.ja.txt").write_text("", encoding="utf-8")
    (pair_folder / "empty.en.txt").write_text("Empty.\n", encoding="utf-8")
    report = _build(pair_folder, tmp_path / "memory.tmx", jobs=2)
    assert report.aligned == 12
    assert [(f.split("/")[-1], why) for f, why in report.unpaired] == [("lonely.ja.txt", "no lonely.en.* beside it")]
    assert sorted(name for name, _ in report.unreadable) == ["binary", "empty"]
    assert all("Traceback" not in message and message for _, message in report.unreadable)


def test_no_pairs_is_an_input_error(tmp_path):
    (tmp_path / "a.ja.txt").write_text("あ\n", encoding="utf-8")
    with pytest.raises(InputError, match="no pairs in .*a.ja.txt: no a.en.\\* beside it"):
        _build(tmp_path, tmp_path / "m.tmx")
    with pytest.raises(InputError, match="no such folder"):
        _build(tmp_path / "missing", tmp_path / "m.tmx")
    with pytest.raises(InputError, match="give -o FILE"):
        _build(tmp_path, "-", min_confidence=0.5)


def test_refuses_to_overwrite_without_force(pair_folder, tmp_path):
    output = tmp_path / "memory.tmx"
    output.write_text("keep me", encoding="utf-8")
    with pytest.raises(InputError, match="already exists"):
        _build(pair_folder, output)
    assert output.read_text(encoding="utf-8") == "keep me"


# --- resuming ----------------------------------------------------------------------------------


class _Interrupt:
    """An on_progress that presses Ctrl-C once ``after`` pairs are done by this run."""

    def __init__(self, after: int) -> None:
        self.after = after
        self.first = None

    def __call__(self, state) -> None:
        if self.first is None:
            self.first = state.done
        elif state.done - self.first >= self.after:
            raise KeyboardInterrupt


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_interrupted_build_keeps_what_it_did(pair_folder, tmp_path, jobs):
    output = tmp_path / "memory.tmx"
    with pytest.raises(KeyboardInterrupt):
        build_memory(pair_folder, output, BuildOptions(jobs=jobs, **OFF), on_progress=_Interrupt(after=5))
    assert not output.exists()  # the memory is written only when complete
    with sqlite3.connect(cache_path()) as conn:
        kept = conn.execute("SELECT count(*) FROM pairs").fetchone()[0]
    assert 5 <= kept < 12
    report = _build(pair_folder, output, jobs=jobs)
    assert report.reused == kept and report.aligned == 12 - kept
    assert len(read_tmx(output).units) == report.units


_aligned_here = []  # the pairs one process (a forked worker) has aligned


def _stall_after_three(real):
    """``align_pair_files`` that hangs on a process's fourth pair: a run of long books in flight."""
    import time

    def align(ja, en, level, embeddings):
        if len(_aligned_here) == 3:
            time.sleep(60)
        _aligned_here.append(ja)
        return real(ja, en, level, embeddings)

    return align


def test_pairs_come_back_one_at_a_time_and_ctrl_c_keeps_them(pair_folder, tmp_path, monkeypatch):
    import threading
    import time

    import bireader.tm.build as tm_build

    # Two runs of six pairs, forked (so the workers inherit the stalling aligner), each stuck on its fourth.
    monkeypatch.setattr(tm_build, "RUNS_PER_WORKER", 1)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(tm_build, "align_pair_files", _stall_after_three(tm_build.align_pair_files))
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        build_memory(pair_folder, tmp_path / "m.tmx", BuildOptions(jobs=2, **OFF), on_progress=_Interrupt(after=5))
    assert time.monotonic() - started < 30  # the stuck pairs were not waited for
    with sqlite3.connect(cache_path()) as conn:
        kept = conn.execute("SELECT count(*) FROM pairs").fetchone()[0]
    assert 5 <= kept <= 6  # every pair a worker finished, though neither run did


def test_a_changed_file_is_aligned_again(pair_folder, tmp_path):
    _build(pair_folder, tmp_path / "a.tmx")
    changed = sorted(pair_folder.glob("*.en.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "One more line.\n", encoding="utf-8")
    report = _build(pair_folder, tmp_path / "b.tmx")
    assert (report.aligned, report.reused) == (1, 11)
    assert _build(pair_folder, tmp_path / "c.tmx", fresh=True).aligned == 12


# --- formats and the command ---------------------------------------------------------------------


def test_tsv_plain_and_spreadsheet_safe(tmp_path):
    folder = tmp_path / "pairs"
    folder.mkdir()
    (folder / "f.ja.txt").write_text("＝の記号について。\n-1は負の数だ。\n", encoding="utf-8")
    (folder / "f.en.txt").write_text("=SUM(A1:A2) is a formula.\n-1 is a negative number.\n", encoding="utf-8")
    plain, safe = tmp_path / "plain.tsv", tmp_path / "safe.tsv"
    _build(folder, plain, fmt="tsv", level="paragraph")
    _build(folder, safe, fmt="tsv", level="paragraph", safe_for_spreadsheets=True)
    plain_rows, safe_rows = (
        list(csv.reader(path.read_text(encoding="utf-8").splitlines(), dialect="excel-tab")) for path in (plain, safe)
    )
    assert plain_rows[0] == safe_rows[0] == ["file", "index", "ja", "en", "score"]
    assert [r[3] for r in plain_rows[1:]] == ["=SUM(A1:A2) is a formula.", "-1 is a negative number."]
    assert [r[3] for r in safe_rows[1:]] == ["'=SUM(A1:A2) is a formula.", "'-1 is a negative number."]
    assert [r[2] for r in safe_rows[1:]] == ["＝の記号について。", "'-1は負の数だ。"]
    with pytest.raises(InputError, match="--spreadsheet-safe is for --format tsv"):
        _build(folder, tmp_path / "m.tmx", safe_for_spreadsheets=True)


def test_tm_stats_counts_units_languages_and_duplicates(tmp_path):
    folder = tmp_path / "pairs"
    folder.mkdir()
    for name, en in (("a", "Deterrence Efforts"), ("b", "Deterrence Efforts"), ("c", "Efforts at deterrence")):
        (folder / f"{name}.ja.txt").write_text("抑止の努力\n", encoding="utf-8")
        (folder / f"{name}.en.txt").write_text(en + "\n", encoding="utf-8")
    output = tmp_path / "memory.tmx"
    _build(folder, output)
    stats = memory_stats(read_tmx(output))
    assert (stats.units, stats.languages, stats.duplicates, stats.conflicts, stats.files) == (
        3, {"en": 3, "ja": 3}, 1, 1, 3
    )
    result = runner.invoke(app, ["tm", "stats", str(output), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "units": 3, "languages": {"en": 3, "ja": 3}, "source_language": "ja", "duplicates": 1, "conflicts": 1,
        "files": 3,
    }
    text = runner.invoke(app, ["tm", "stats", str(output)])
    assert "units       3" in text.stdout and "duplicates  1" in text.stdout


def test_cli_build_reports_and_lists_problems(pair_folder, tmp_path):
    (pair_folder / "lonely.en.txt").write_text("Alone.\n", encoding="utf-8")
    output = tmp_path / "memory.tmx"
    result = runner.invoke(app, ["tm", "build", str(pair_folder), "-o", str(output), "--embeddings", "off",
                                 "--jobs", "1", "--min-confidence", "0.5"])
    assert result.exit_code == 0, result.output
    assert "12 pairs: 12 aligned" in result.stderr and f"to {output}" in result.stderr
    assert "unpaired (1):" in result.stderr and "lonely.en.txt: no lonely.ja.* beside it" in result.stderr
    assert "listed in" in result.stderr and (tmp_path / "memory.review.tsv").exists()
    again = runner.invoke(app, ["tm", "build", str(pair_folder), "-o", str(output), "--embeddings", "off", "--json"])
    assert again.exit_code == 2 and "already exists" in again.stderr
    report = runner.invoke(app, ["tm", "build", str(pair_folder), "-o", str(tmp_path / "m.xliff"), "--embeddings",
                                 "off", "--json"])
    assert report.exit_code == 0, report.output
    data = json.loads(report.stdout)
    assert data["reused"] == 12 and data["aligned"] == 0
    assert (tmp_path / "m.xliff").read_text(encoding="utf-8").startswith('<?xml version="1.0" encoding="UTF-8"?>\n<xliff')


def test_cli_build_to_stdout_and_errors(pair_folder, tmp_path):
    result = runner.invoke(app, ["tm", "build", str(pair_folder), "--embeddings", "off", "--format", "tsv"])
    assert result.exit_code == 0
    assert result.stdout.startswith("file\tindex\tja\ten\tscore\n")
    for args, message in (
        ([str(tmp_path / "nowhere")], "no such folder"),
        ([str(pair_folder), "--jobs", "0"], "--jobs must be at least 1"),
        ([str(pair_folder), "--min-confidence", "1.5", "-o", str(tmp_path / "x.tmx")], "between 0 and 1"),
        ([str(pair_folder), "--json"], "write the memory to a file"),
    ):
        bad = runner.invoke(app, ["tm", "build", *args])
        assert bad.exit_code == 2, (args, bad.output)
        assert message in bad.stderr and "Traceback" not in bad.output


def test_help_ends_with_examples():
    for args in (["tm", "build", "--help"], ["tm", "stats", "--help"], ["tm", "--help"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0 and "Example: bireader tm" in " ".join(result.output.split())


def test_a_pair_whose_saved_alignment_changed_is_not_taken_from_the_cache(pair_folder, tmp_path):
    from bireader.alignments import SavedBead, open_alignments, resolve_beads
    from bireader.alignments.store import Alignment, side_of, unit_texts

    _build(pair_folder, tmp_path / "a.tmx", level="paragraph")
    pair = find_pairs(pair_folder).pairs[0]
    ja_doc = read_document(pair.ja, "ja")
    en_doc = read_document(pair.en, "en")
    resolved = resolve_beads(ja_doc, en_doc, "paragraph", "off")
    # The translator corrects the first bead by hand: merge it with the second, confirmed.
    first, second, *rest = resolved.beads
    merged = SavedBead(first.ja + second.ja, first.en + second.en, 1.0, True)
    with open_alignments() as store:
        store.save(
            Alignment(
                level="paragraph",
                ja=side_of(ja_doc, unit_texts(ja_doc, "paragraph")),
                en=side_of(en_doc, unit_texts(en_doc, "paragraph")),
                beads=(merged, *rest),
            )
        )
    report = _build(pair_folder, tmp_path / "b.tmx", level="paragraph")
    assert (report.aligned, report.reused) == (1, 11)
    units = [u for u in read_tmx(tmp_path / "b.tmx").units if u.props.get("x-file", "").startswith(pair.name)]
    assert units[0].text("ja") == ja_doc.paragraphs[first.ja[0]].text + ja_doc.paragraphs[second.ja[0]].text


def test_runs_keep_neighbours_together_cover_every_pair_once_and_come_biggest_first():
    # Workers take runs of pairs adjacent by name (drafts of one text share lines): issue 18.
    from pathlib import Path

    from bireader.tm.build import RUNS_PER_WORKER, _runs
    from bireader.tm.folder import PairFiles

    sizes = [5, 300, 7, 7, 120, 9, 40, 40, 1, 2, 3, 600] * 5
    todo = [(PairFiles(f"p{k:03d}", Path(f"p{k:03d}.ja.txt"), Path(f"p{k:03d}.en.txt")), f"key{k}", size)
            for k, size in enumerate(sizes)]
    runs = _runs(list(reversed(todo)), workers=2)
    assert sorted(item[1] for run in runs for item in run) == sorted(key for _, key, _ in todo)
    for run in runs:
        names = [pair.name for pair, _, _ in run]
        assert names == sorted(names)
        first = int(names[0][1:])
        assert names == [f"p{k:03d}" for k in range(first, first + len(names))]  # neighbours
    totals = [sum(size for _, _, size in run) for run in runs]
    assert totals == sorted(totals, reverse=True)
    budget = sum(sizes) / (2 * RUNS_PER_WORKER)
    assert all(total <= budget or len(run) == 1 for total, run in zip(totals, runs))


def test_the_rate_leaves_out_building_the_dictionary_index(pair_folder, tmp_path, monkeypatch):
    # A first run builds the index before aligning: its seconds must not count as aligning.
    import time

    from bireader.align import lexicon

    real = lexicon.default_lexicon
    calls = []

    def slow_build(*args, **kwargs):
        calls.append(time.perf_counter())
        time.sleep(1.0)
        return real(*args, **kwargs)

    monkeypatch.setattr(lexicon, "default_lexicon", slow_build)
    started = time.perf_counter()
    report = _build(pair_folder, tmp_path / "m.tmx", jobs=1)
    total = time.perf_counter() - started
    assert calls, "the parent makes sure the index exists before the workers start"
    assert report.seconds <= total - 1.0


@pytest.mark.parametrize("text", ["", "a", "a&b<c>d", 'say "hi"', "it's", "both \" and '", "tab\tnew\nline\rret", "&amp; already"])
def test_xml_escaping_is_the_standard_librarys(text):
    from xml.sax.saxutils import escape as sax_escape, quoteattr as sax_quoteattr

    from bireader.export.fields import escape, quoteattr

    assert escape(text) == sax_escape(text)
    assert quoteattr(text) == sax_quoteattr(text)
