"""The Rich side-by-side view and the `bireader read` command."""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text
from typer.testing import CliRunner

from bireader.cli import app
from bireader.cli.read import parse_range
from bireader.errors import InputError
from bireader.model import Unit
from bireader.annotate import UnitNotes, VocabNote
from bireader.render import NO_LINE_START, UnitView, display_text, header, wrap_spans, wrap_text
from conftest import CORPUS_EN, CORPUS_JA

runner = CliRunner()

INJECTION = "攻撃[bold red]赤[/]と\x1b[31m色\x1b[0m\x1b]8;;http://evil.example\x07リンク\x1b]8;;\x07[link=http://evil.example]x[/link]\x07\x08です。"
INJECTION_EN = "Safe [bold]english[/] \x1b[2Jtext\x1b]0;title\x07 here."

# (text, expected after display_text)
DISPLAY = [
    ("[bold red]x[/]", "[bold red]x[/]"),  # markup is data, kept literally
    ("a\x1b[31mb\x1b[0mc", "abc"),  # CSI
    ("a\x1b]8;;http://x\x07b\x1b]8;;\x07c", "abc"),  # OSC 8 hyperlink
    ("a\x1b]0;title\x1b\\b", "ab"),  # OSC ended by ST
    ("a\x07b\x08c\x7fd", "abcd"),  # C0 controls and DEL
    ("a\u202eb", "ab"),  # bidi override
    ("行1\n行2\tx", "行1\n行2 x"),  # newline kept, tab → space
]


@pytest.mark.parametrize("text, expected", DISPLAY)
def test_display_text_removes_escapes_keeps_markup(text, expected):
    assert display_text(text) == expected


def read(*args, columns=120, env=None):
    merged = {"COLUMNS": str(columns), "LINES": "40"}
    merged.update(env or {})
    return runner.invoke(app, ["read", *map(str, args)], env=merged)


def header_of(output: str) -> str:
    """The header above the units with all whitespace removed: wrapping (long paths) cannot split a match."""
    head = output.split("\n\n", 1)[0]
    return re.sub(r"\s+", "", head)


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _unit(ja="東京は大きい。", en="Tokyo is big.", score=0.9, index=0, source="aligned"):
    return Unit(index=index, ja=ja, en=en, source=source, score=score, ja_index=(index,), en_index=(index,), paragraph=index)


# --- wrapping ----------------------------------------------------------------------------


def test_wrap_counts_double_width_cells():
    text = "あいうえおかきくけこ"  # 10 characters, 20 cells
    assert wrap_spans(text, 8) == [(0, 4), (4, 8), (8, 10)]


def test_wrap_keeps_latin_words_and_kinsoku():
    text = "ロシアはNATOを抑止し、打ち負かす。"
    for width in range(6, 30):
        lines = [text[s:e] for s, e in wrap_spans(text, width)]
        assert "".join(lines) == text
        assert all(cell_len(line) <= width for line in lines)
        assert all(line[0] not in NO_LINE_START for line in lines)
        assert all("NATO" in line or not ("NA" in line or "TO" in line) for line in lines)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("あ漢字、。「」ア NATO word ") + ["ー"]), max_size=80), st.integers(4, 40))
def test_wrap_never_loses_text_or_overflows(text, width):
    spans = wrap_spans(text, width)
    lines = [text[s:e] for s, e in spans]
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(cell_len(line) <= width for line in lines)


def test_wrap_text_keeps_furigana_with_its_word():
    text = Text("あいうえお漢字(かんじ)です")
    keep = [(5, 12)]
    # 漢字(かんじ) is 12 cells: kept whole on lines of 24 cells or more (at most half a line);
    # on narrower lines it may break rather than leave a short line behind.
    for width in range(24, 40):
        lines = [line.plain for line in wrap_text(text, width, keep)]
        assert any("漢字(かんじ)" in line for line in lines), (width, lines)


# --- the unit view -----------------------------------------------------------------------


def _render(renderable, width=120, color=False):
    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=color, color_system="truecolor" if color else None)
    console.print(renderable)
    return out.getvalue()


def test_wide_layout_puts_japanese_left_english_right():
    lines = _render(UnitView(_unit()), width=120).splitlines()
    assert "東京は大きい。" in lines[0] and "Tokyo is big." in lines[0]
    assert lines[0].index("東京") < lines[0].index("│") < lines[0].index("Tokyo")


def test_stacked_layout_under_90_columns():
    ja = "国際戦略研究所の新しい報告書によると、ロシアは大損害を被った。" * 3
    en = "According to a new report, Russia has suffered heavy losses. " * 3
    lines = _render(UnitView(_unit(ja=ja, en=en)), width=89).splitlines()
    assert not any("│" in line for line in lines)
    first_en = next(i for i, line in enumerate(lines) if "According" in line)
    last_ja = max(i for i, line in enumerate(lines) if "報告書" in line)
    assert first_en > last_ja  # all the Japanese, then the English
    assert all(cell_len(line) <= 89 for line in lines)
    wide = _render(UnitView(_unit(ja=ja, en=en)), width=90).splitlines()
    assert any("│" in line for line in wide)


def test_doubtful_and_unpartnered_units_are_marked():
    unsure = _render(UnitView(_unit(score=0.2)))
    assert "1?" in unsure and "unsure pairing (confidence 0.20)" in unsure
    sure = _render(UnitView(_unit(score=0.9)))
    assert "?" not in sure
    lonely = _render(UnitView(_unit(en="", score=0.0)))
    assert "(no English partner)" in lonely and "no English partner found" in lonely
    english_only = _render(UnitView(_unit(ja="", score=0.0)))
    assert "(no Japanese partner)" in english_only
    gloss = _render(UnitView(_unit(source="gloss", score=None)))
    assert "?" not in gloss  # a gloss is not an alignment


def test_vocab_panel_puts_glossary_terms_first_and_readings_inline():
    ja = "抑止力を維持する。"
    notes = UnitNotes(
        vocab=(
            VocabNote("抑止力", "抑止力", "よくしりょく", "deterrence", 0, 3, is_user=True),
            VocabNote("維持", "維持", "いじ", "maintenance", 4, 6),
        ),
        ja_marks=((0, 3),),
        en_marks=((4, 14),),
        readings=((0, 3, "よくしりょく"), (4, 6, "いじ")),
    )
    out = _render(UnitView(_unit(ja=ja, en="The deterrence is kept."), notes, readings=True))
    assert "抑止力(よくしりょく)を維持(いじ)する。" in out
    panel = next(line for line in out.splitlines() if "★" in line)
    assert panel.index("★抑止力 よくしりょく deterrence") < panel.index("維持 いじ maintenance")
    coloured = _render(UnitView(_unit(ja=ja, en="The deterrence is kept."), notes), color=True)
    # The glossary term is highlighted in the English too (bold magenta → SGR 1;35).
    assert re.search(r"\x1b\[1;35mdeterrence", coloured)


def test_injection_is_printed_literally_even_in_colour():
    view = UnitView(_unit(ja=INJECTION, en=INJECTION_EN))
    for color in (False, True):
        out = _render(view, width=200, color=color)
        assert "[bold red]赤[/]" in out and "[link=http://evil.example]x[/link]" in out
        assert "Safe [bold]english[/]" in out
        assert "\x1b]" not in out and "\x1b[2J" not in out and "\x07" not in out and "\x08" not in out
        assert "http://evil.example\x07" not in out
        if not color:
            assert "\x1b" not in out


def test_header_names_the_source():
    from bireader.document import document_from_text

    doc = document_from_text("猫。", lang="ja", path="x.ja.txt")
    assert "English: x.en.txt (aligned by bireader)" in header(doc, source="aligned: x.en.txt", level="paragraph", total=1).plain
    assert "machine translation by google" in header(doc, source="mt:google", level="paragraph", total=1).plain
    gloss = header(doc, source="gloss", level="paragraph", total=1).plain
    assert "gloss, not a translation" in gloss and "1 paragraph" in gloss


# --- the command ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, total, expected",
    [(None, 20, (0, 20)), ("3-7", 20, (2, 7)), ("3", 20, (2, 3)), ("18-", 20, (17, 20)), ("-2", 20, (0, 2)), ("5-99", 20, (4, 20))],
)
def test_parse_range(text, total, expected):
    assert parse_range(text, total) == expected


@pytest.mark.parametrize("text", ["x", "7-3", "0-2", "21-22", "3-x"])
def test_parse_range_rejects(text):
    with pytest.raises(InputError):
        parse_range(text, 20)


def test_read_corpus_shows_20_pairs_plain(real_dictionary):
    result = read(CORPUS_JA, "--embeddings", "off", "--vocab", "none", columns=400)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "\x1b" not in out  # not a TTY: plain text
    assert squeezed(f"English: {CORPUS_EN} (aligned by bireader)") in header_of(out)
    ja = CORPUS_JA.read_text(encoding="utf-8").splitlines()
    en = CORPUS_EN.read_text(encoding="utf-8").splitlines()
    rows = [line for line in out.splitlines() if re.match(r"^\s+\d+\?? ", line)]
    assert len(rows) == 20
    for number, (row, ja_line, en_line) in enumerate(zip(rows, ja, en), start=1):
        assert row.split()[0].rstrip("?") == str(number)
        assert ja_line[:12] in row and en_line[:30] in row


def test_read_range_and_stacked(real_dictionary):
    result = read(CORPUS_JA, "--embeddings", "off", "--range", "3-4", "--vocab", "none", columns=80)
    assert result.exit_code == 0, result.output
    assert "2of20paragraphs" in header_of(result.output)
    labels = re.findall(r"^\s+(\d+)\?? ", result.output, flags=re.M)
    assert labels == ["3", "4"]
    assert "│" not in result.output and "→" in result.output
    assert all(cell_len(line) <= 80 for line in result.output.splitlines())


def test_read_header_wraps_a_long_path(real_dictionary, tmp_path):
    # A checkout deep in a CI runner's temp dir: the header must wrap, not run past 80 cells.
    deep = tmp_path / ("a-rather-long-directory-name-" * 3) / "corpus"
    deep.mkdir(parents=True)
    ja = deep / CORPUS_JA.name
    ja.write_bytes(CORPUS_JA.read_bytes())
    (deep / CORPUS_EN.name).write_bytes(CORPUS_EN.read_bytes())
    result = read(ja, "--embeddings", "off", "--range", "1", "--vocab", "none", columns=80)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert all(cell_len(line) <= 80 for line in lines), [line for line in lines if cell_len(line) > 80]
    assert squeezed(str(ja)) in header_of(result.output)
    assert squeezed(str(deep / CORPUS_EN.name)) in header_of(result.output)


def test_read_bad_range_is_one_line_error(real_dictionary):
    result = read(CORPUS_JA, "--embeddings", "off", "--range", "30-40")
    assert result.exit_code == 2
    assert "starts after the last unit (20)" in result.output
    assert "Traceback" not in result.output


def test_read_sentence_level(real_dictionary):
    result = read(CORPUS_JA, "--embeddings", "off", "--level", "sentence", "--vocab", "none", "--range", "1-6")
    assert result.exit_code == 0, result.output
    assert re.search(r"6of\d+sentences", header_of(result.output))
    assert "¶ 1" in result.output and "¶ 2" in result.output
    # Paragraph 2 of the corpus starts with this sentence; at sentence level it is its own unit.
    assert "国際戦略研究所(IISS)の新しい報告書によると" in result.output


def test_read_vocab_modes(real_dictionary):
    from bireader.glossary import open_glossary

    with open_glossary() as glossary:
        glossary.add("抑止力", "deterrent", reading="よくしりょく")
    common = ["--embeddings", "off", "--range", "2", "--vocab"]
    outputs = {}
    for mode in ("all", "rare", "glossary", "none"):
        result = read(CORPUS_JA, *common, mode, columns=120)
        assert result.exit_code == 0, result.output
        outputs[mode] = result.output
    # Vocabulary panel lines: indented, below the row, no gutter.
    vocab_lines = {
        m: [line for line in o.splitlines()[3:] if line.startswith("     ") and "│" not in line and line.strip()]
        for m, o in outputs.items()
    }
    assert vocab_lines["none"] == []
    assert any("侵攻 しんこう invasion" in line for line in vocab_lines["all"])
    assert any("重要 じゅうよう" in line for line in vocab_lines["all"])  # a very common word …
    assert not any("重要 じゅうよう" in line for line in vocab_lines["rare"])  # … hidden by rare
    assert any("侵攻 しんこう" in line for line in vocab_lines["rare"])
    # Paragraph 2 has no 抑止力 (only 抑止), so the glossary panel is empty there.
    assert vocab_lines["glossary"] == []
    result = read(CORPUS_JA, *common, "glossary", "--range", "10", columns=120)
    assert "★抑止力 よくしりょく deterrent" in result.output


def test_read_with_gloss_is_labelled(real_dictionary, tmp_path):
    path = tmp_path / "lonely.ja.txt"
    path.write_text("核兵器を配備した。\n", encoding="utf-8")
    result = read(path, "--vocab", "none")
    assert result.exit_code == 0, result.output
    assert "gloss, not a translation" in result.output
    assert "nuclear weapon" in result.output


def test_read_injection_file(real_dictionary, tmp_path):
    ja = tmp_path / "evil.ja.txt"
    en = tmp_path / "evil.en.txt"
    ja.write_text(INJECTION + "\n", encoding="utf-8")
    en.write_text(INJECTION_EN + "\n", encoding="utf-8")
    result = read(ja, "--embeddings", "off", columns=200)
    assert result.exit_code == 0, result.output
    assert "[bold red]赤[/]" in result.output and "Safe [bold]english[/]" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output


def test_no_color_or_no_tty_gives_plain_output(monkeypatch):
    """`stdout_console` is what `read` prints through: NO_COLOR or a pipe → no escape codes at all."""
    import sys

    from bireader.cli.common import stdout_console

    view = UnitView(_unit(score=0.2))
    monkeypatch.setenv("TERM", "xterm-256color")  # a terminal that has colours (CI may say TERM=dumb)

    def render_with(tty: bool, no_color: str | None):
        monkeypatch.setattr(sys.stdout, "isatty", lambda: tty, raising=False)
        if no_color is None:
            monkeypatch.delenv("NO_COLOR", raising=False)
        else:
            monkeypatch.setenv("NO_COLOR", no_color)
        console = stdout_console()
        with console.capture() as capture:
            console.print(view)
        return capture.get()

    assert "\x1b[" in render_with(True, None)  # a terminal gets colour
    assert "\x1b" not in render_with(True, "1")
    assert "\x1b" not in render_with(False, None)


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--translator", "bogus"], 2),  # unknown engine: a usage error
        (["--translator", "libre", "--translator-url", "http://127.0.0.1:9", "--timeout", "0.2"], 4),  # nothing listens
    ],
)
def test_engine_errors_come_before_any_output(tmp_path, args, code, monkeypatch):
    import bireader.translate.runner as runner_module

    monkeypatch.setattr(runner_module, "BACKOFF_BASE", 0.01)
    text = tmp_path / "t.ja.txt"
    text.write_text("核兵器の使用。", encoding="utf-8")
    result = runner.invoke(app, ["read", str(text), "--vocab", "none", *args])
    assert result.exit_code == code
    assert result.stdout == ""
    assert "error:" in result.stderr and "Traceback" not in result.output


def test_concat_is_text_assemble_of_texts():
    from rich.text import Text

    from bireader.render import _concat

    styled = Text("抑止力", style="bold")
    spanned = Text("核兵器の抑止")
    spanned.stylize("red", 0, 3)
    spanned.stylize("underline", 2, 6)
    cases = [
        (Text("   "), spanned),
        (styled, Text(""), spanned, Text(" ", style="dim")),
        (Text("", style="bold"), styled),
        (Text(" →", style="dim"), Text(" ")),
    ]
    for parts in cases:
        made, assembled = _concat(*parts), Text.assemble(*parts)
        assert made.plain == assembled.plain and made.spans == assembled.spans and made.style == assembled.style
