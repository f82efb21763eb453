"""``bireader check``'s findings table drawn without Rich's Table (plain output) is Rich's table, character for character."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from bireader.cli.check_table import plain_table, print_table, rich_table

# Rows as ``cli/check.py`` makes them: bead (and a TMX unit's file), rule, detail, Japanese, English.
ROWS = [
    ("2", "alignment", "aligner confidence 0.896 (doubtful below 0.9)",
     "そのバージョンでは、IDirect3D::CreateViewport()を呼び出すと、IDirect3DViewport3が返ってくると仮定されていた。",
     "Turns out is was presuming that calling IDirect3D::CreateViewport() would return an IDirect3DViewport3."),
    ("11", "numbers", "not in the English: 3万 (30,000)", "兵力は3万人。", "The force is 300 strong."),
    ("12", "latin", "not in the English: NATO", "NATOの東方拡大", "the eastward expansion of the alliance"),
    ("13", "untranslated", "no English", "日本語だけ", ""),
    ("140", "consistency", "the same Japanese is rendered otherwise in bead 3: Yes.", "はい。", "Yes!"),
    ("7\nmemory/part-one.ja.txt", "length", "x" * 70, "ー" * 60, "supercalifragilisticexpialidocious " * 4),
    ("8", "terms", "line one\nline two\n\nline four", "改行\n\nあり", "trailing spaces   "),
    ("9", "alignment", "emoji 😀👍🏽 and a family 👨‍👩‍👧", "結合文字 é ç ＡＢＣ", "zero\u200bwidth, a\u2028separator"),
    ("  10 ", " rule ", "", "  ", " x "),
]
WIDTHS = [40, 60, 80, 100, 133, 250]


def _console(width: int) -> Console:
    # As ``stdout_console`` makes it when stdout is not a terminal (or NO_COLOR is set).
    return Console(
        file=io.StringIO(), width=width, color_system=None, no_color=True, highlight=False, markup=False, emoji=False
    )


def _rich(rows, width: int) -> str:
    console = _console(width)
    console.print(rich_table(rows))
    return console.file.getvalue()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("rows", [ROWS, ROWS[:1], ROWS[5:6], ROWS[1:5] * 3], ids=["all", "one", "long", "short"])
def test_plain_table_is_richs_table(rows, width):
    drawn = plain_table(_console(width), rows)
    if drawn is not None:  # None: too narrow to be sure, Rich draws it (then print_table falls back)
        assert drawn == _rich(rows, width)


def test_the_common_widths_are_drawn_without_rich():
    for width in (80, 100, 250):
        assert plain_table(_console(width), ROWS) is not None


def test_print_table_prints_either_way(tmp_path):
    for width in (20, 80):
        console = _console(width)
        print_table(console, ROWS)
        assert console.file.getvalue() == _rich(ROWS, width)


_cell = st.text(alphabet=st.sampled_from(list("ab cd-xyz\n 漢字かなカナ。、ＡＢ１２é😀\u200b\u3000")), max_size=60)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(st.integers(1, 99999).map(str), st.sampled_from(["numbers", "latin", "alignment"]),
                               _cell, _cell, _cell), min_size=1, max_size=6),
       width=st.integers(30, 160))
def test_plain_table_is_richs_table_for_any_text(rows, width):
    drawn = plain_table(_console(width), rows)
    if drawn is not None:
        assert drawn == _rich(rows, width)
