"""``bireader history``: the documents you have read, where you left each one, most recent first."""

from __future__ import annotations

import json
import sys

import typer

from bireader.cli import app
from bireader.cli.common import print_note, user_errors

EMPTY = "No reading history yet; open a text with `bireader read FILE -i`."


@app.command("history")
def history(
    as_json: bool = typer.Option(False, "--json", help="JSON: a list of objects, one per document."),
    limit: int = typer.Option(50, "--limit", "-n", min=1, metavar="N", help="At most N documents."),
) -> None:
    """The documents you have read, most recent first: where you left each one (unit, percentage,
    chapter) and when. `bireader read FILE -i` resumes there.

    Example: bireader history --limit 10
    """
    with user_errors():
        from bireader.positions import open_positions

        with open_positions() as store:
            records = store.history(limit)
        if as_json:
            items = [
                {
                    "title": r.title,
                    "path": r.path,
                    "text_hash": r.text_hash,
                    "level": r.level,
                    # Users count units from 1, as the reader shows them; the store counts from 0.
                    "unit": r.unit + 1,
                    "total": r.total,
                    "percent": r.percent,
                    "chapter": r.chapter,
                    "last_opened": r.opened,
                }
                for r in records
            ]
            sys.stdout.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
        if not records:
            print_note(EMPTY)
            return
        if as_json:
            return
        from rich.table import Table
        from rich.text import Text

        from bireader.cli.common import stdout_console
        from bireader.positions import local_time
        from bireader.render import display_text

        table = Table(box=None, pad_edge=False)
        # A path is folded rather than cut short: its end (the file name) is the part that tells.
        table.add_column("title", overflow="fold")
        table.add_column("path", overflow="fold")
        table.add_column("position", no_wrap=True)
        table.add_column("%", justify="right", no_wrap=True)
        table.add_column("chapter", overflow="fold")
        table.add_column("last opened", no_wrap=True)
        for r in records:
            # Titles, paths and chapters come from the documents: shown literally, escapes removed.
            table.add_row(
                Text(display_text(r.title) or "(untitled)"),
                Text(display_text(r.path) or "(standard input)"),
                f"unit {r.unit + 1:,} / {r.total:,}",
                f"{r.percent}%",
                Text(display_text(r.chapter)),
                local_time(r.opened),
            )
        stdout_console().print(table)
