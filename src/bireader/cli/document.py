"""``bireader tokens``: show how a text is segmented."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from bireader.cli import app
from bireader.cli.common import user_errors


@app.command()
def tokens(
    source: str = typer.Argument(..., help="A file, `-` for stdin, or Japanese text itself.", metavar="FILE|TEXT"),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per token, one per line."),
) -> None:
    """Show the segmentation: surface, reading, dictionary form, part of speech.

    Example: bireader tokens 抑止力を回復するために
    """
    with user_errors():
        from bireader.document import read_document
        from bireader.tokens import tokenize

        # An ASCII argument that looks like a path is a file the user misspelt, not text to tokenize.
        looks_like_path = source.isascii() and any(c in source for c in "/\\.")
        if source == "-" or Path(source).is_file() or looks_like_path:
            doc = read_document(source, lang="ja")
            text = doc.text
        else:
            text = source
        toks = tokenize(text)
        if as_json:
            for t in toks:
                typer.echo(
                    json.dumps(
                        {
                            "surface": t.surface,
                            "lemma": t.lemma,
                            "reading": t.reading,
                            "pos": t.pos,
                            "pos_detail": t.pos_detail,
                            "conj_type": t.conj_type,
                            "conj_form": t.conj_form,
                            "start": t.start,
                            "end": t.end,
                            "content": t.is_content,
                        },
                        ensure_ascii=False,
                    )
                )
            return
        from rich.table import Table
        from rich.text import Text

        from bireader.cli.common import stdout_console

        table = Table("surface", "reading", "dictionary form", "POS", "conjugation")
        for t in toks:
            style = "" if t.is_content else "dim"
            pos = t.pos + (f"/{t.pos_detail}" if t.pos_detail else "")
            conj = " ".join(x for x in (t.conj_type, t.conj_form) if x)
            table.add_row(*(Text(x, style=style) for x in (t.surface, t.reading, t.lemma, pos, conj)))
        stdout_console().print(table)
