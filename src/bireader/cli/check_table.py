"""The findings table of ``bireader check``, drawn without Rich's table machinery when the output is plain.

Rich's ``Table`` renders every cell through padding, segments and line cropping:
for the thousands of findings of a long text that took longer than the check
itself (1.3 s of a 2.5 s run on a 10,000-bead pair). When the console has no
colour system (stdout is a file or a pipe, or NO_COLOR is set) there are no styles
to draw, and ``plain_table`` lays the table out the way Rich does (the same column
widths from the same measurements, each cell wrapped by Rich's own ``Text.wrap``)
and joins the lines itself. ``tests/test_check_table.py`` holds it to Rich's output
(a Rich release that lays tables out otherwise fails it). A terminal with colours,
and a table too narrow for its columns' padding, keep Rich's table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from rich.console import Console

# (header, justify, no_wrap, overflow, ratio) of each column. (The ratios only tell Rich how to
# share out room a table that expands has spare; this one does not expand.)
COLUMNS: tuple[tuple[str, str, bool, str, int | None], ...] = (
    ("bead", "right", True, "ellipsis", None),
    ("rule", "left", True, "ellipsis", None),
    ("detail", "left", False, "fold", 2),
    ("Japanese", "left", False, "fold", 3),
    ("English", "left", False, "fold", 3),
)
_PAD = 1  # Rich's default cell padding, left and right


def print_table(console: "Console", rows: Sequence[Sequence[str]]) -> None:
    """Print the findings table on ``console``: ``plain_table`` when it has no colours, else Rich's."""
    if console.color_system is None:
        text = plain_table(console, rows)
        if text is not None:
            console.file.write(text)
            console.file.flush()
            return
    console.print(rich_table(rows))


def rich_table(rows: Sequence[Sequence[str]]):
    """The findings table as a Rich ``Table`` (rows as for ``plain_table``)."""
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=True)
    for header, justify, no_wrap, overflow, ratio in COLUMNS:
        table.add_column(header, justify=justify, no_wrap=no_wrap, overflow=overflow, ratio=ratio)
    for row in rows:
        table.add_row(*(Text(text) for text in row))
    return table


def plain_table(console: "Console", rows: Sequence[Sequence[str]]) -> str | None:
    """The findings table as Rich would print it on ``console`` (with no colour system), or None
    when it is too narrow to be sure of that (then Rich draws it).

    Args:
        console: a Rich console whose ``color_system`` is None.
        rows: one tuple of five cell texts (bead, rule, detail, Japanese, English) per finding.
    """
    from rich import box
    from rich.cells import cell_len, set_cell_size
    from rich.table import Table
    from rich.text import Text

    columns = len(COLUMNS)
    extra = 2 + columns - 1  # the outer edges and the dividers
    max_width = console.width - extra
    if max_width < 1:
        return None
    cells = [[header for header, *_ in COLUMNS]] + [list(row) for row in rows]
    widths = _column_widths(cells, max_width, cell_len, Table._collapse_widths)
    if min(widths) < 2 * _PAD + 1 or sum(widths) + extra > console.width:
        return None  # a column with no room for text inside its padding: Rich's own corner cases
    frame = box.HEAVY_HEAD.substitute(console.options, safe=console.safe_box)
    tab_size = console.tab_size or 8
    out = [frame.get_top(widths), "\n"]
    last = len(cells) - 1
    for index, row in enumerate(cells):
        rendered = []
        for width, text, (_, justify, no_wrap, overflow, _) in zip(widths, row, COLUMNS):
            inner = width - 2 * _PAD
            if len(text) <= inner and text.isascii() and text.isprintable():
                # One line of one-cell characters that fits (every bead number and rule name): what
                # Text.wrap gives it, without making a Text.
                line = text.rstrip().rjust(inner) if justify == "right" else text.ljust(inner)
                rendered.append([" " + line + " "])
                continue
            lines = Text(text).wrap(console, inner, justify=justify, overflow=overflow, tab_size=tab_size, no_wrap=no_wrap)
            rendered.append([" " + set_cell_size(line.plain, inner) + " " for line in lines])
        height = max(len(lines) for lines in rendered)
        for width, lines in zip(widths, rendered):
            blank = [" " * width] * (height - len(lines))
            if index == 0:
                lines[:0] = blank  # Rich sets the header at the bottom of its row,
            else:
                lines.extend(blank)  # and the other cells at the top
        if index == 0:
            left, right, divider = frame.head_left, frame.head_right, frame.head_vertical
        elif index == last:
            left, right, divider = frame.foot_left, frame.foot_right, frame.foot_vertical
        else:
            left, right, divider = frame.mid_left, frame.mid_right, frame.mid_vertical
        for line_no in range(height):
            out += (left, divider.join(lines[line_no] for lines in rendered), right, "\n")
        if index == 0:
            out += (frame.get_row(widths, "head", edge=True), "\n")
        elif index != last:
            out += (frame.get_row(widths, "row", edge=True), "\n")
    out += (frame.get_bottom(widths), "\n")
    return "".join(out)


def _column_widths(cells, max_width: int, cell_len, collapse) -> list[int]:
    """Rich's ``Table._calculate_column_widths`` for text cells with padding 1, no expand and no
    fixed widths: each column as wide as its widest line, then the wrappable ones narrowed."""
    from rich._ratio import ratio_reduce

    pad = 2 * _PAD
    # Rich measures a cell as (its widest word, its widest line), normalised so that the first is
    # not above the second; then clamps and pads it in steps that never reorder two cells. So a
    # column's measure within any width is that of its widest word and widest line.
    words_max = [0] * len(COLUMNS)
    lines_max = [0] * len(COLUMNS)
    for row in cells:
        for k, text in enumerate(row):
            lines = text.splitlines()
            widest = max(map(cell_len, lines)) if lines else 0
            words = text.split()
            word = _widest_word(words, cell_len) if words else widest
            words_max[k] = max(words_max[k], min(word, widest))
            lines_max[k] = max(lines_max[k], widest)

    def measure(k: int, limit: int) -> tuple[int, int]:
        # Measurement.get of Padding(Text) within ``limit`` cells, over the column's cells.
        if limit < 1:
            return 0, 0
        if limit - pad < 1:
            return limit, limit
        return min(min(words_max[k], limit) + pad, limit), min(min(lines_max[k], limit) + pad, limit)

    widths = [measure(k, max_width)[1] or 1 for k in range(len(COLUMNS))]
    if sum(widths) > max_width:
        wrappable = [not no_wrap for _, _, no_wrap, _, _ in COLUMNS]
        widths = collapse(widths, wrappable, max_width)
        if sum(widths) > max_width:
            widths = ratio_reduce(sum(widths) - max_width, [1] * len(widths), widths, widths)
        widths = [measure(k, width)[1] or 0 for k, width in enumerate(widths)]
    return widths


def _widest_word(words: list[str], cell_len) -> int:
    """The cell width of the widest word: the longest words first, stopping once no shorter word
    could be wider (a character is at most two cells)."""
    best = 0
    for word in sorted(words, key=len, reverse=True):
        if 2 * len(word) <= best:
            break
        best = max(best, cell_len(word))
    return best
