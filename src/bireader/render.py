"""Rich renderables for the side-by-side view of a reading.

Everything here is built from ``rich.text.Text`` objects, never from markup
strings, and document text passes through ``display_text`` first: a document
containing ``[bold red]`` or an ANSI/OSC escape is shown literally (escapes
removed), never interpreted by Rich or the terminal.

Layout: one row per unit, a number column, Japanese on the left and English on
the right (``UnitView``); below ``WIDE_LAYOUT_MIN`` columns the Japanese is
stacked above the English. Lines are wrapped here (``wrap_text``), by terminal
cells, so double-width CJK characters line up and a line never starts with
closing punctuation (kinsoku).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Sequence

from rich.cells import cell_len as _rich_cell_len
from rich.cells import get_character_cell_size
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.text import Span, Text

from bireader.document import strip_controls

if TYPE_CHECKING:
    from bireader.model import Document, Unit
    from bireader.annotate import UnitNotes

# Below this many columns the Japanese is stacked above the English.
WIDE_LAYOUT_MIN = 90
# Beads the aligner scores below this are marked as doubtful: at 0.5 its
# logistic confidence says a pairing is as likely wrong as right.
DOUBTFUL_SCORE = 0.5
LABEL_WIDTH = 5  # "  12 " – room for four digits and a gap
GUTTER = " │ "
# Share of the text columns given to the Japanese: a Japanese character is two
# cells and carries about as much as three English letters, so the Japanese of a
# paragraph needs somewhat fewer cells than its English.
JA_SHARE = 0.46

STYLE_LABEL = "bold cyan"
STYLE_DOUBT = "bold yellow"
STYLE_EN = ""
STYLE_GLOSS = "italic"
STYLE_MISSING = "dim italic"
STYLE_TERM = "bold magenta"
STYLE_READING = "dim"
STYLE_VOCAB_WORD = "cyan"
STYLE_HEADER = "bold"
STYLE_NOTE = "dim"

# --- untrusted text --------------------------------------------------------------------

def display_text(text: str) -> str:
    """Document text made safe for a terminal: escape sequences and control characters removed.

    Rich markup needs no escaping here because views build ``Text`` objects,
    which never parse markup.
    """
    return strip_controls(text)


# --- wrapping by terminal cells ------------------------------------------------------


def cell_len(text: str) -> int:
    """Terminal cells of ``text``, as ``rich.cells.cell_len`` counts them, with fast paths for
    printable ASCII and single characters (most of what wrapping measures: a word, a CJK character)."""
    if text.isascii() and text.isprintable():
        return len(text)
    if len(text) == 1:
        return get_character_cell_size(text)
    if "\u200d" in text or "\ufe0f" in text:  # joiners and emoji selectors: Rich's own rules
        return _rich_cell_len(text)
    return sum(map(get_character_cell_size, text))


# Characters that must not begin a line (closing brackets, punctuation, small
# kana, the long-vowel mark), and those that must not end one (opening brackets).
NO_LINE_START = frozenset("、。，．,.）)]｝〕〉》」』】〙〗〟’”｠»ゝゞーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻‐゠–〜～？！?!‼⁇⁈⁉・:;：；/")
NO_LINE_END = frozenset("（([｛〔〈《「『【〘〖〝‘“｟«")
_PIECE = r"(?:[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+|\S)"  # a Latin word, or one CJK character
_ATOM = re.compile(
    # A run of spaces, or a piece with what kinsoku glues to it: every following piece that
    # starts with a character that may not begin a line, or follows one that may not end one.
    rf"\s+|{_PIECE}(?:(?<=[{re.escape(''.join(sorted(NO_LINE_END)))}]){_PIECE}"
    rf"|(?=[{re.escape(''.join(sorted(NO_LINE_START)))}]){_PIECE})*"
)


def _atoms(line: str) -> list[tuple[int, int]]:
    """Unbreakable pieces of a line: a Latin word, one CJK character, a run of spaces.

    Kinsoku: a character that may not start a line is glued to what precedes
    it, and an opening bracket to what follows it (all in the one regular expression).
    """
    return [m.span() for m in _ATOM.finditer(line)]


def _merge_keeps(
    atoms: list[tuple[int, int]], keep: Sequence[tuple[int, int]], line: str = "", width: int = 0
) -> list[tuple[int, int]]:
    """Join the atoms that overlap one keep-together span (a kanji word and its furigana).

    A joined span wider than ``width`` is left in pieces: better broken than pushed
    alone onto a line of its own and folded anyway.
    """
    if not keep:
        return atoms
    if width:
        keep = [(a, b) for a, b in keep if cell_len(line[a:b]) <= width]
    out: list[tuple[int, int]] = []
    spans = sorted(keep)
    k = 0
    for s, e in atoms:
        while k < len(spans) and spans[k][1] <= s:
            k += 1
        if out and k < len(spans) and spans[k][0] < s < spans[k][1] and out[-1][1] > spans[k][0]:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def wrap_spans(line: str, width: int, keep: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Spans of ``line`` (no newlines) that each fit in ``width`` terminal cells.

    ``keep`` spans are not broken unless one alone is wider than the line.
    """
    width = max(width, 2)
    if len(line) * 2 <= width or (len(line) <= width and line.isascii() and line.isprintable()):
        # It fits whatever its characters (none is wider than two cells): one span, as the loop gives.
        end = _rstrip(line, 0, len(line))
        start = len(line) - len(line.lstrip())
        return [(start, end)] if start < end else [(0, 0)]
    spans: list[tuple[int, int]] = []
    start = None
    used = 0
    widths = _atom_cells
    if len(widths) > _ATOM_CELLS_MAX:
        widths.clear()
    for s, e in _merge_keeps(_atoms(line), keep, line, width // 2):
        piece = line[s:e]
        w = widths.get(piece)
        if w is None:
            w = widths[piece] = cell_len(piece)
        if piece[0].isspace():
            if start is not None:
                used += w
            continue
        if start is not None and used + w > width:
            spans.append((start, _rstrip(line, start, s)))
            start, used = None, 0
        if start is None:
            start = s
            used = 0
        if w > width:  # a word longer than the line: fold it by cells
            for i in range(s, e):
                cw = get_character_cell_size(line[i])
                if used + cw > width and i > start:
                    spans.append((start, i))
                    start, used = i, 0
                used += cw
            continue
        used += w
    if start is not None:
        spans.append((start, _rstrip(line, start, len(line))))
    return spans or [(0, 0)]


# Cells of the atoms met so far (a CJK character, a word): most recur, and measuring is most of wrapping.
_atom_cells: dict[str, int] = {}
_ATOM_CELLS_MAX = 1 << 16


def _rstrip(line: str, start: int, end: int) -> int:
    while end > start and line[end - 1].isspace():
        end -= 1
    return end


def wrap_text(text: Text, width: int, keep: Sequence[tuple[int, int]] = ()) -> list[Text]:
    """Wrap styled text to ``width`` cells; newlines in the text are hard breaks; ``keep`` as in wrap_spans."""
    plain = text.plain
    lines: list[Text] = []
    base = 0
    for part in plain.split("\n"):
        end = base + len(part)
        part_keep = [(max(a, base) - base, min(b, end) - base) for a, b in keep if a < end and b > base]
        for s, e in wrap_spans(part, width, part_keep):
            lines.append(_slice(text, base + s, base + e))
        base += len(part) + 1
    return lines


def _slice(text: Text, start: int, end: int) -> Text:
    """``text[start:end]``, without Rich's ``divide`` (which builds a Text for every cut)."""
    piece = text.blank_copy(text.plain[start:end])
    if text.spans:
        piece.spans = [
            Span(max(s, start) - start, min(e, end) - start, style)
            for s, e, style in text.spans
            if s < end and e > start
        ]
    return piece


def _wide_row(first: Text, ja: Text, ja_width: int, en: Text | None) -> Text:
    """``first`` (unstyled), ``ja`` padded to ``ja_width`` cells, the gutter, then ``en``: the Text that
    ``copy``, ``append_text`` and ``append`` would give, built as one string and one list of spans
    (a row per appended piece was most of rendering a long text)."""
    spans = list(first.spans)
    pos = len(first.plain)
    gap = ja_width - cell_len(ja.plain)
    ja_plain = ja.plain + " " * gap if gap > 0 else ja.plain
    if ja.style:
        spans.append(Span(pos, pos + len(ja_plain), ja.style))
    spans.extend(Span(s + pos, e + pos, style) for s, e, style in ja.spans)
    pos += len(ja_plain)
    spans.append(Span(pos, pos + len(GUTTER), STYLE_NOTE))
    pos += len(GUTTER)
    parts = [first.plain, ja_plain, GUTTER]
    if en is not None:
        if en.style:
            spans.append(Span(pos, pos + len(en.plain), en.style))
        spans.extend(Span(s + pos, e + pos, style) for s, e, style in en.spans)
        parts.append(en.plain)
    row = Text("".join(parts))
    row.spans = spans
    return row


def _concat(*parts: Text) -> Text:
    """``Text.assemble`` of Texts, built as one string and one list of spans (an empty part adds
    nothing, its style included, as ``Text.append`` has it): a unit's every line is one."""
    spans: list[Span] = []
    plains: list[str] = []
    pos = 0
    for part in parts:
        plain = part.plain
        size = len(plain)
        if not size:
            continue
        if part.style:
            spans.append(Span(pos, pos + size, part.style))
        spans.extend(Span(s + pos, e + pos, style) for s, e, style in part.spans)
        plains.append(plain)
        pos += size
    out = Text("".join(plains))
    out.spans = spans
    return out


def _styled(parts: Sequence[tuple[str, str]]) -> Text:
    """``Text.assemble`` of ``(text, style)`` pairs whose texts hold no control codes, built at once."""
    spans = []
    pos = 0
    for text, style in parts:
        if style and text:
            spans.append(Span(pos, pos + len(text), style))
        pos += len(text)
    out = Text("".join(text for text, _ in parts))
    out.spans = spans
    return out


def _pad(line: Text, width: int) -> Text:
    gap = width - cell_len(line.plain)
    if gap > 0:
        line = line.copy()
        line.append(" " * gap)
    return line


# --- pieces of a unit ----------------------------------------------------------------


def styled_ja(text: str, notes: UnitNotes | None = None, *, readings: bool = False) -> tuple[Text, list[tuple[int, int]]]:
    """The Japanese of a unit, glossary terms highlighted and, with ``readings``, furigana after kanji words.

    ``text`` must be the displayed text the notes were computed on. Returns the
    Text and the spans (word + its reading) that wrapping should keep together.
    """
    marks = notes.ja_marks if notes else ()
    spans = notes.readings if (notes and readings) else ()
    base = Text(text)
    for s, e in marks:
        base.stylize(STYLE_TERM, s, e)
    if not spans:
        return base, []
    cuts = sorted({end for _, end, _ in spans})
    pieces = base.divide(cuts)
    starts = {end: start for start, end, _ in spans}
    after = {end: reading for _, end, reading in spans}
    out = Text()
    keep: list[tuple[int, int]] = []
    pos = 0  # offset in ``text``
    for piece in pieces:
        if not piece.plain:  # divide() gives an empty last piece for a cut at the end
            continue
        out.append_text(piece)
        pos += len(piece.plain)
        if pos in after:
            word_start = len(out.plain) - (pos - starts[pos])
            out.append(f"({after[pos]})", style=STYLE_READING)
            keep.append((word_start, len(out.plain)))
    return out, keep


def styled_en(text: str, notes: UnitNotes | None = None, *, style: str = STYLE_EN) -> Text:
    """The English of a unit, with the user's glossary translations highlighted."""
    out = Text(text, style=style)
    if notes:
        for s, e in notes.en_marks:
            out.stylize(STYLE_TERM, s, e)
    return out


def vocab_items(notes: UnitNotes | None) -> list[Text]:
    """One Text per glossed word: ``★term reading gloss`` for glossary terms, ``word reading gloss`` otherwise."""
    items: list[Text] = []
    if not notes:
        return items
    for note in notes.vocab:
        word = display_text(note.lemma or note.surface)
        parts = [("★" + word, STYLE_TERM) if note.is_user else (word, STYLE_VOCAB_WORD)]
        reading = display_text(note.reading)
        if reading and _hiragana(reading) != _hiragana(word):  # no reading for kana words (ウクライナ うくらいな)
            parts.append((" " + reading, STYLE_READING))
        gloss = display_text(note.gloss)
        if gloss:
            parts.append((" " + gloss, ""))
        items.append(_styled(parts))
    return items


_HIRAGANA = {code: code - 0x60 for code in range(ord("ァ"), ord("ヶ") + 1)}


def _hiragana(text: str) -> str:
    return text.translate(_HIRAGANA)


def flow_items(items: Sequence[Text], width: int, separator: str = " · ") -> list[Text]:
    """Lay items out in lines of ``width`` cells, breaking only between items (an item too long is wrapped)."""
    lines: list[Text] = []
    line = Text()
    used = 0
    sep_w = cell_len(separator)
    for item in items:
        w = cell_len(item.plain)
        if used and used + sep_w + w > width:
            lines.append(line)
            line, used = Text(), 0
        if used:
            line.append(separator, style=STYLE_NOTE)
            used += sep_w
        if w > width:
            wrapped = wrap_text(item, width - used)
            line.append_text(wrapped[0])
            lines.append(line)
            lines.extend(wrapped[1:-1])
            line, used = (wrapped[-1].copy(), cell_len(wrapped[-1].plain)) if len(wrapped) > 1 else (Text(), 0)
            continue
        line.append_text(item)
        used += w
    if used:
        lines.append(line)
    return lines


def cue_time(ms: int) -> str:
    """A cue's start as the view shows it: ``0:01:02`` (hours, minutes, seconds)."""
    seconds = max(int(ms), 0) // 1000
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def is_doubtful(unit: Unit) -> bool:
    """An aligned unit the aligner is unsure of: low confidence, or one side without a partner."""
    if unit.source != "aligned":
        return False
    if not unit.ja.strip() or not unit.en.strip():
        return True
    return unit.score is not None and unit.score < DOUBTFUL_SCORE


def unit_label(unit: Unit, level: str = "paragraph") -> str:
    """The number shown beside a unit: its unit number, which ``--range`` and the reader's ``g`` use."""
    return str(unit.index + 1)


def paragraph_hint(unit: Unit, level: str = "paragraph") -> str:
    """``¶3–4`` when a paragraph-level unit's Japanese paragraphs differ from its unit number."""
    if level != "paragraph" or not unit.ja_index:
        return ""
    first, last = unit.ja_index[0] + 1, unit.ja_index[-1] + 1
    if first == last == unit.index + 1:
        return ""
    return f"¶{first}" if first == last else f"¶{first}–{last}"


@dataclass
class UnitView:
    """One unit as rows of text: number, Japanese, English, then its glossary panel.

    Side by side at ``WIDE_LAYOUT_MIN`` columns or more, stacked below. The
    renderable wraps its own lines, so printing units one by one streams.
    """

    unit: Unit
    notes: UnitNotes | None = None
    level: str = "paragraph"
    readings: bool = False
    show_source: bool = False  # tag units whose source differs from the reading's (gloss fallback in an MT reading)
    paragraph_start: bool = False  # sentence level: this unit begins a new paragraph

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        for line in self.lines(width):
            yield from line.render(console)
            yield Segment.line()

    def lines(self, width: int) -> list[Text]:
        """The unit as Text lines, each at most ``width`` cells."""
        unit = self.unit
        doubtful = is_doubtful(unit)
        ja_text = display_text(unit.ja)
        en_text = display_text(unit.en)
        # Containers get styled spans, never a base style: a base style would spread over the whole row.
        label = Text()
        if doubtful:
            label.append(unit_label(unit, self.level).rjust(LABEL_WIDTH - 2) + "?", style=STYLE_DOUBT)
        else:
            label.append(unit_label(unit, self.level).rjust(LABEL_WIDTH - 1), style=STYLE_LABEL)
        label.append(" ")
        keep: list[tuple[int, int]] = []
        if ja_text.strip():
            ja, keep = styled_ja(ja_text, self.notes, readings=self.readings)
        else:
            ja = Text("(no Japanese partner)", style=STYLE_MISSING)
        if unit.time_start is not None:  # a subtitle cue: its time first, so the film can be found
            stamp = cue_time(unit.time_start) + " "
            ja = Text.assemble((stamp, STYLE_NOTE), ja)
            keep = [(a + len(stamp), b + len(stamp)) for a, b in keep]
        en_style = STYLE_GLOSS if unit.source == "gloss" else STYLE_EN
        if en_text.strip():
            en = styled_en(en_text, self.notes, style=en_style)
            if self.show_source and unit.source == "gloss":
                en = Text.assemble(("[gloss] ", STYLE_NOTE), en)
        elif unit.source == "aligned":
            en = Text("(no English partner)", style=STYLE_MISSING)
        else:
            en = Text("(no English)", style=STYLE_MISSING)

        out: list[Text] = []
        indent = Text(" " * LABEL_WIDTH)
        if self.paragraph_start and self.level == "sentence":
            out.append(Text(f"{'¶':>{LABEL_WIDTH - 1}} {unit.paragraph + 1}", style=STYLE_NOTE))
        text_width = max(width - LABEL_WIDTH, 10)
        if width >= WIDE_LAYOUT_MIN:
            ja_w = int((text_width - len(GUTTER)) * JA_SHARE)
            en_w = text_width - len(GUTTER) - ja_w
            ja_lines = wrap_text(ja, ja_w, keep)
            en_lines = wrap_text(en, en_w)
            hint = paragraph_hint(unit, self.level)
            if hint:
                ja_lines.append(Text(hint, style=STYLE_NOTE))
            empty = Text()
            for i in range(max(len(ja_lines), len(en_lines))):
                out.append(
                    _wide_row(
                        label if i == 0 else indent,
                        ja_lines[i] if i < len(ja_lines) else empty,
                        ja_w,
                        en_lines[i] if i < len(en_lines) else None,
                    )
                )
        else:
            for i, line in enumerate(wrap_text(ja, text_width, keep)):
                out.append(_concat(label if i == 0 else indent, line))
            hint = paragraph_hint(unit, self.level)
            if hint:
                out.append(_concat(indent, Text(hint, style=STYLE_NOTE)))
            arrow = _concat(Text(f"{'→':>{LABEL_WIDTH - 1}}", style=STYLE_NOTE), Text(" "))
            for i, line in enumerate(wrap_text(en, text_width)):
                out.append(_concat(arrow if i == 0 else indent, line))
        if doubtful:
            if unit.ja.strip() and unit.en.strip():
                why = f"unsure pairing (confidence {unit.score:.2f})"
            elif unit.ja.strip():
                why = "no English partner found for this Japanese"
            else:
                why = "English with no Japanese partner"
            out.append(_concat(indent, Text(f"? {why}", style=STYLE_DOUBT)))
        items = vocab_items(self.notes)
        if items:
            for line in flow_items(items, text_width):
                out.append(_concat(indent, line))
        return out


# --- header --------------------------------------------------------------------------


def describe_source(source: str) -> str:
    """What the header says about the English: a gloss is never called a translation."""
    if source.startswith("aligned: "):
        return f"English: {source[len('aligned: '):]} (aligned by bireader)"
    if source.startswith("mt:"):
        return f"English: machine translation by {source[3:]}"
    if source == "gloss":
        return "English: word-by-word dictionary gloss, not a translation (use --english FILE or --translator NAME)"
    return f"English: {source}"


def header(ja: Document, *, source: str, level: str, total: int, shown: int | None = None, notes: Iterable[str] = ()) -> Text:
    """The lines above the units: the file, how many units, where the English comes from, and any notes."""
    name = ja.path or "standard input"
    units = "paragraphs" if level == "paragraph" else "sentences"
    if total == 1:
        units = units[:-1]
    head = Text.assemble((display_text(name), STYLE_HEADER))
    count = f" · {total} {units}" if shown is None or shown == total else f" · {shown} of {total} {units}"
    head.append(count, style=STYLE_NOTE)
    head.append("\n")
    head.append(display_text(describe_source(source)), style="italic" if source == "gloss" else STYLE_HEADER)
    for note in notes:
        head.append("\n")
        head.append("note: " + display_text(note), style=STYLE_NOTE)
    return head


def kanji_block(kanji, words: Sequence = (), known=None) -> Text:
    """One kanji as ``bireader kanji`` and the reader's ``K`` view show it: meanings, on and kun
    readings, strokes · grade · old JLPT · frequency · radical, then a few words that use it
    (``known``: an entry → whether the learner knows it, marked so)."""
    k = kanji
    out = Text(k.literal, style="bold")
    if k.meanings:
        out.append("  " + display_text("; ".join(k.meanings)))
    if k.on:
        out.append("\n  on   " + "、".join(k.on))
    if k.kun:
        out.append("\n  kun  " + "、".join(k.kun))
        if any("." in r for r in k.kun):
            out.append("   (okurigana after the dot)", style="dim")
    if k.nanori:
        out.append("\n  in names  " + "、".join(k.nanori[:8]), style="dim")
    facts = [
        f"{k.strokes} strokes" if k.strokes else "",
        k.grade_label,
        k.jlpt_label,
        f"frequency #{k.frequency:,}" if k.frequency else "",
        f"radical {k.radical_char} ({k.radical})" if k.radical else "",
    ]
    out.append("\n  " + " · ".join(f for f in facts if f), style="dim")
    for entry in words:
        out.append("\n  ")
        out.append(display_text(entry.headword), style="bold")
        reading = entry.readings[0] if entry.readings else ""
        if reading and reading != entry.headword:
            out.append(f" 【{display_text(reading)}】", style="cyan")
        if entry.senses:
            out.append("  " + display_text("; ".join(entry.senses[0].glosses[:3])))
        if known is not None and known(entry):
            out.append("  known", style="green")
    return out
