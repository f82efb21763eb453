"""The command's skeleton: help, version, info, tokens, --home, errors without tracebacks."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from bireader import __version__
from bireader.cli import app

runner = CliRunner()


def test_help_lists_commands():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("info", "tokens"):
        assert command in result.output


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_info_names_paths_and_edrdg(temp_home):
    result = runner.invoke(app, ["info", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["paths"]["home"] == str(temp_home)
    assert "EDRDG" in data["attribution"]["jmdict"] and "JMnedict" in data["attribution"]["jmdict"]
    plain = runner.invoke(app, ["info"])
    assert "Electronic Dictionary Research and Development Group" in plain.output


def test_home_option_overrides(tmp_path):
    result = runner.invoke(app, ["--home", str(tmp_path / "h"), "info", "--json"])
    assert json.loads(result.output)["paths"]["home"] == str(tmp_path / "h")


def test_tokens_json():
    result = runner.invoke(app, ["tokens", "述べている", "--json"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert rows[0]["lemma"] == "述べる" and rows[0]["content"] is True


def test_tokens_from_file_and_stdin(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes("核兵器".encode("euc_jp"))
    assert "兵器" in runner.invoke(app, ["tokens", str(path)]).output
    assert "兵器" in runner.invoke(app, ["tokens", "-"], input="核兵器\n").output


def test_markup_in_text_is_literal():
    result = runner.invoke(app, ["tokens", "[bold]核[/]"])
    assert result.exit_code == 0
    assert "bold" in result.output


def test_errors_are_one_line_without_traceback(tmp_path):
    binary = tmp_path / "b.bin"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    for args in (["tokens", "missing.txt"], ["tokens", str(binary)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2
        assert "Traceback" not in result.output
        assert result.output.count("error:") == 1
