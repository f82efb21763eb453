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
        from bireader.annotate import is_known

        console = None
        for k in found:
            examples = common_words(k, limit=words, known=is_known)
            if as_json:
                sys.stdout.write(json.dumps(kanji_to_dict(k, examples), ensure_ascii=False) + "\n")
                continue
            from bireader.cli.common import stdout_console
            from bireader.render import kanji_block

            console = console or stdout_console()
            console.print(kanji_block(k, examples, is_known))
            console.print()
