"""``align -i/--save/--load/--realign`` and ``read``/``export`` using a saved alignment, through the CLI."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from alignment_fixtures import EN_LINES, JA_LINES, write_pair
from bireader.alignments import SavedBead as B
from bireader.alignments import open_alignments, resolve_beads
from bireader.cli import app
from bireader.document import read_document

runner = CliRunner()
OFF = ["--embeddings", "off"]


def _save_json(ja, en, out, *extra):
    result = runner.invoke(app, ["align", str(ja), str(en), "--save", str(out), *OFF, *extra])
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text(encoding="utf-8"))


def _load(ja, en, path):
    return runner.invoke(app, ["align", str(ja), str(en), "--load", str(path)])


def _merged_first_two(data: dict) -> dict:
    """What a script does: merge beads 0 and 1 and confirm the result, confirm the last bead."""
    beads = data["beads"]
    first = {
        "ja_index": beads[0]["ja_index"] + beads[1]["ja_index"],
        "en_index": beads[0]["en_index"] + beads[1]["en_index"],
        "score": min(beads[0]["score"], beads[1]["score"]),
        "confirmed": True,
    }
    beads[-1]["confirmed"] = True
    return dict(data, beads=[first] + beads[2:])


def _stored(ja, en, level="paragraph"):
    return resolve_beads(read_document(ja, "ja"), read_document(en, "en"), level, "off")


def test_save_writes_json_and_load_reads_it_back_into_the_store(tmp_path):
    ja, en = write_pair(tmp_path)
    data = _save_json(ja, en, tmp_path / "a.json")
    assert data["ja_hash"] == read_document(ja, "ja").text_hash
    assert data["level"] == "paragraph" and len(data["beads"]) == 5
    assert set(data["beads"][0]) == {"ja_index", "en_index", "score", "confirmed"}
    (tmp_path / "b.json").write_text(json.dumps(_merged_first_two(data), indent=2), encoding="utf-8")
    result = _load(ja, en, tmp_path / "b.json")
    assert result.exit_code == 0, result.output
    assert "loaded 4 paragraph beads (2 confirmed)" in result.stderr
    resolved = _stored(ja, en)
    assert resolved.how == "saved" and resolved.beads[0].ja == (0, 1) and resolved.beads[0].confirmed
    # And --save now writes the saved alignment, saying so.
    again = runner.invoke(app, ["align", str(ja), str(en), "--save", "-", *OFF])
    assert again.exit_code == 0 and json.loads(again.stdout)["beads"][0]["ja_index"] == [0, 1]
    assert "used the saved paragraph alignment" in again.stderr


def test_a_file_that_is_not_a_cover_is_refused_with_its_line_and_not_loaded(tmp_path):
    ja, en = write_pair(tmp_path)
    data = _save_json(ja, en, tmp_path / "a.json")
    data["beads"][2]["ja_index"] = [3]  # skips Japanese unit 2
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    line = next(i for i, row in enumerate(path.read_text().splitlines(), 1) if row.strip() == "3") - 2  # the bead's "{"
    result = _load(ja, en, path)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert f"bad.json line {line}: bead 2: Japanese unit 2 is skipped" in result.stderr
    assert _stored(ja, en).how == "aligned"  # nothing was stored


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"{\"format\": \"bireader-alignment\",", "line 1: not valid JSON"), (b"\xff\xfe\x00bin", "not UTF-8 text")],
)
def test_a_corrupt_json_file_is_one_line(tmp_path, content, words):
    ja, en = write_pair(tmp_path)
    (tmp_path / "c.json").write_bytes(content)
    result = _load(ja, en, tmp_path / "c.json")
    assert result.exit_code == 2 and words in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output


def test_a_file_for_another_text_is_refused(tmp_path):
    ja, en = write_pair(tmp_path)
    _save_json(ja, en, tmp_path / "a.json")
    en.write_text("\n".join(EN_LINES[:4] + ["It poured."]) + "\n", encoding="utf-8")
    result = _load(ja, en, tmp_path / "a.json")
    assert result.exit_code == 2 and "saved for another English text" in result.stderr


def test_read_and_export_use_the_saved_beads_and_say_so(tmp_path):
    ja, en = write_pair(tmp_path)
    data = _merged_first_two(_save_json(ja, en, tmp_path / "a.json"))
    (tmp_path / "b.json").write_text(json.dumps(data), encoding="utf-8")
    assert _load(ja, en, tmp_path / "b.json").exit_code == 0

    read = runner.invoke(app, ["read", str(ja), "--vocab", "none", "--no-pager", *OFF])
    assert read.exit_code == 0, read.output
    assert "used the saved paragraph alignment" in read.stdout
    assert "東京は大きい。人が多い。" in read.stdout.replace("\n", "").replace(" ", "")

    export = runner.invoke(app, ["export", str(ja), "-o", "-", *OFF])
    assert export.exit_code == 0, export.output
    rows = export.stdout.splitlines()[1:]
    assert len(rows) == 4
    assert rows[0].split("\t")[1:3] == ["東京は大きい。人が多い。", "Tokyo is big. There are many people."]
    assert rows[0].split("\t")[4] == "1.000"  # a confirmed bead is certain
    assert "used the saved paragraph alignment" in export.stderr

    fresh = runner.invoke(app, ["export", str(ja), "-o", "-", "--realign", *OFF])
    assert fresh.exit_code == 0 and len(fresh.stdout.splitlines()) == 6
    assert "saved" not in fresh.stderr


def test_editing_the_english_then_read_realigns_keeping_confirmed_beads(tmp_path):
    ja, en = write_pair(tmp_path)
    data = _merged_first_two(_save_json(ja, en, tmp_path / "a.json"))
    (tmp_path / "b.json").write_text(json.dumps(data), encoding="utf-8")
    assert _load(ja, en, tmp_path / "b.json").exit_code == 0
    en.write_text("\n".join(EN_LINES[:2] + ["I really like cats."] + EN_LINES[3:]) + "\n", encoding="utf-8")

    read = runner.invoke(app, ["read", str(ja), "--vocab", "none", "--no-pager", *OFF])
    assert read.exit_code == 0, read.output
    flat = " ".join(read.stdout.split())
    assert "the English text changed since its alignment was saved" in flat
    assert "keeping 2 of 2 confirmed beads" in flat
    assert "I really like cats." in flat
    resolved = _stored(ja, en)
    assert resolved.how == "realigned"
    assert resolved.beads[0] == B((0, 1), (0, 1), resolved.beads[0].score, True)
    assert resolved.beads[-1].ja == (4,) and resolved.beads[-1].confirmed


def test_a_damaged_saved_alignment_stops_read_with_one_line(tmp_path):
    ja, en = write_pair(tmp_path)
    _save_json(ja, en, tmp_path / "a.json")
    assert _load(ja, en, tmp_path / "a.json").exit_code == 0
    with open_alignments() as store:
        store.conn.execute("UPDATE alignments SET beads = '[[[0],[0],0.9,0]]'")
    result = runner.invoke(app, ["read", str(ja), "--vocab", "none", "--no-pager", *OFF])
    assert result.exit_code == 5
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert "is damaged" in result.stderr and "--realign" in result.stderr
    assert result.stdout == ""  # nothing was shown from it
    realigned = runner.invoke(app, ["read", str(ja), "--vocab", "none", "--no-pager", "--realign", *OFF])
    assert realigned.exit_code == 0, realigned.output


def test_the_table_marks_doubtful_beads_below_doubt(tmp_path):
    ja, en = write_pair(tmp_path)
    result = runner.invoke(app, ["align", str(ja), str(en), "--doubt", "1", *OFF])
    assert result.exit_code == 0 and "5 beads, 5 doubtful (score < 1" in result.stderr
    json_lines = runner.invoke(app, ["align", str(ja), str(en), "--format", "json", *OFF]).stdout.splitlines()
    assert len(json_lines) == 5
    assert set(json.loads(json_lines[0])) == {"ja_index", "en_index", "score", "ja", "en"}


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["-", "EN", "-i"], "needs files, not standard input"),
        (["JA", "EN", "-i", "--save", "x.json"], "saves into your alignments with w"),
        (["JA", "EN", "-i", "--presegmented"], "not with --presegmented"),
        (["JA", "EN", "--save", "JA"], "is one of the texts"),
        (["JA", "EN", "--doubt", "2"], "Invalid value for '--doubt'"),
    ],
)
def test_bad_combinations_are_one_line(tmp_path, args, words):
    ja, en = write_pair(tmp_path)
    args = [str(ja) if a == "JA" else str(en) if a == "EN" else a for a in args]
    result = runner.invoke(app, ["align", *args, *OFF])
    assert result.exit_code == 2 and words in result.output
    assert "Traceback" not in result.output


def test_align_i_opens_the_editor_on_the_pair_and_saves_into_the_store(tmp_path, monkeypatch):
    from bireader.alignments import edit
    from bireader.tui.align_editor import app as editor_app

    ja, en = write_pair(tmp_path)
    seen = {}

    def fake_run(self):  # what a user does: merge beads 1 and 2, press w, quit
        seen["units"] = (self.ja_units, self.en_units, self.doubt)
        self.save_beads(edit.merge(self.initial_beads, 0))
        return self.saves

    monkeypatch.setattr(editor_app.AlignEditorApp, "run", fake_run)
    result = runner.invoke(app, ["align", str(ja), str(en), "-i", "--doubt", "0.8", *OFF])
    assert result.exit_code == 0, result.output
    assert seen["units"] == (JA_LINES, EN_LINES, 0.8)
    assert "saved 4 beads (1 confirmed)" in result.stderr
    resolved = _stored(ja, en)
    assert resolved.how == "saved" and resolved.beads[0].ja == (0, 1)


def test_check_uses_the_saved_beads_and_realign_ignores_them(tmp_path):
    ja, en = write_pair(tmp_path)
    data = _merged_first_two(_save_json(ja, en, tmp_path / "a.json"))
    (tmp_path / "b.json").write_text(json.dumps(data), encoding="utf-8")
    assert _load(ja, en, tmp_path / "b.json").exit_code == 0

    saved = runner.invoke(app, ["check", str(ja), str(en), "--level", "paragraph", "--json", *OFF])
    assert "used the saved paragraph alignment" in saved.stderr
    assert "Traceback" not in saved.output
    fresh = runner.invoke(app, ["check", str(ja), str(en), "--level", "paragraph", "--json", "--realign", *OFF])
    assert "saved" not in fresh.stderr and "Traceback" not in fresh.output
    assert fresh.exit_code in (0, 1)
