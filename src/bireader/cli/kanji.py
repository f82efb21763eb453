"""``bireader kanji``: KANJIDIC2 for each kanji of a text (meanings, readings, strokes, grade…)."""

from __future__ import annotations

import json
import sys

import typer

from bireader.cli import app
from bireader.cli.common import user_errors


@app.command()
def kanji(
    chars: str = typer.Argument(..., help="Kanji, or any text: each kanji in it is shown once.", metavar="CHARS"),
    as_json: bool = typer.Option(False, "--json", help="JSON: one object per kanji, one line each."),
    words: int = typer.Option(5, "--words", min=0, help="How many common words that use each kanji.", metavar="N"),
) -> None:
    """Kanji from KANJIDIC2: meanings, on and kun readings (kun with the okurigana after a dot),
    stroke count, school grade, old JLPT level, newspaper frequency rank, radical, and common
    words that use it (the ones you know first).

    Exit code 1 when the text has no kanji KANJIDIC2 knows.

    Example: bireader kanji 抑止力
    """
    with user_errors():
        from bireader.dictionary.kanji import common_words, is_kanji, kanji_to_dict, lookup_kanji
        from bireader.document import strip_controls
        from bireader.errors import NothingFound

        found = lookup_kanji(chars)
        if not found:
            shown = repr(strip_controls(chars.strip()))
            if any(is_kanji(ch) for ch in chars):
                raise NothingFound(f"KANJIDIC2 has none of the kanji in {shown}")
            raise NothingFound(f"{shown} has no kanji; give kanji such as 抑止力")
        known = _known_words()
        for k in found:
            examples = common_words(k, limit=words, known=known)
            if as_json:
                sys.stdout.write(json.dumps(kanji_to_dict(k, examples), ensure_ascii=False) + "\n")
            else:
                _print_kanji(k, examples, known)


def _known_words():
    """An entry → known, from the word store (None when the store cannot be opened: no order)."""
    try:
        from bireader.words import open_words

        with open_words() as store:
            known = {key for key, status in store.statuses().items() if status == "known"}
    except Exception:  # the examples' order is a nicety; a broken store is reported by `words`
        return None
    return lambda entry: (entry.entry_id, entry.headword) in known


def _print_kanji(k, examples, known) -> None:
    from rich.text import Text

    from bireader.cli.common import stdout_console

    console = stdout_console()
    head = Text(k.literal, style="bold")
    if k.meanings:
        head.append("  " + "; ".join(k.meanings))
    console.print(head)
    if k.on:
        console.print(Text("  on   " + "、".join(k.on)))
    if k.kun:
        console.print(Text("  kun  " + "、".join(k.kun) + "   (okurigana after the dot)" * any("." in r for r in k.kun)))
    if k.nanori:
        console.print(Text("  in names  " + "、".join(k.nanori[:8]), style="dim"))
    facts = [
        f"{k.strokes} strokes" if k.strokes else "",
        k.grade_label,
        k.jlpt_label,
        f"frequency #{k.frequency:,}" if k.frequency else "",
        f"radical {k.radical_char} ({k.radical})" if k.radical else "",
    ]
    console.print(Text("  " + " · ".join(f for f in facts if f), style="dim"))
    for entry in examples:
        line = Text("  ")
        line.append(entry.headword, style="bold")
        reading = entry.readings[0] if entry.readings else ""
        if reading and reading != entry.headword:
            line.append(f" 【{reading}】")
        if entry.senses:
            line.append("  " + "; ".join(entry.senses[0].glosses[:3]))
        if known is not None and known(entry):
            line.append("  known", style="green")
        console.print(line)
    console.print()
