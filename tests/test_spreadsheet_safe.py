"""--spreadsheet-safe (issue 18): TSV cells a spreadsheet would run as formulas are prefixed; plain TSV is not."""

from __future__ import annotations

import io

import pytest
from typer.testing import CliRunner

from bireader.cli import app
from bireader.export import spreadsheet_safe, write_tsv
from bireader.model import Document, Reading, Unit

runner = CliRunner()

CELLS = [
    ("=1+1", "'=1+1"),
    ("+81 3 1234", "'+81 3 1234"),
    ("-1 is negative", "'-1 is negative"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("a=b", "a=b"),  # only the first character matters
    ("", ""),
    ("＝全角", "＝全角"),  # not a formula start for a spreadsheet
    ("'quoted", "'quoted"),
]


@pytest.mark.parametrize(("cell", "safe"), CELLS)
def test_spreadsheet_safe(cell, safe):
    assert spreadsheet_safe(cell) == safe


def _reading() -> Reading:
    units = (Unit(0, "-1は負", "=SUM(A1)", "aligned", 0.9), Unit(1, "普通", "plain", "aligned", 0.8))
    return Reading(ja=Document(text="", paragraphs=()), units=units, level="sentence")


def test_plain_tsv_is_unchanged_and_safe_tsv_prefixes():
    plain, safe = io.StringIO(), io.StringIO()
    write_tsv(_reading(), plain)
    write_tsv(_reading(), safe, safe_for_spreadsheets=True)
    assert plain.getvalue() == "index\tja\ten\tsource\tscore\n1\t-1は負\t=SUM(A1)\taligned\t0.900\n2\t普通\tplain\taligned\t0.800\n"
    assert safe.getvalue() == "index\tja\ten\tsource\tscore\n1\t'-1は負\t'=SUM(A1)\taligned\t0.900\n2\t普通\tplain\taligned\t0.800\n"


def test_export_option(tmp_path):
    ja, en = tmp_path / "f.ja.txt", tmp_path / "f.en.txt"
    ja.write_text("-1は負の数。\n", encoding="utf-8")
    en.write_text("=1 is a formula.\n", encoding="utf-8")
    plain = runner.invoke(app, ["export", str(ja), "--embeddings", "off"])
    safe = runner.invoke(app, ["export", str(ja), "--embeddings", "off", "--spreadsheet-safe"])
    assert plain.exit_code == safe.exit_code == 0, safe.output
    assert plain.stdout.splitlines()[1].split("\t")[1:3] == ["-1は負の数。", "=1 is a formula."]
    assert safe.stdout.splitlines()[1].split("\t")[1:3] == ["'-1は負の数。", "'=1 is a formula."]
    refused = runner.invoke(app, ["export", str(ja), "--format", "tmx", "--spreadsheet-safe"])
    assert refused.exit_code == 2 and "--spreadsheet-safe is for --format tsv" in refused.stderr
