"""``bireader lookup``: dictionary entries for a word, or for one word a line from stdin."""

from __future__ import annotations

import json
import sys
from typing import Optional

import typer

from bireader.cli import app
from bireader.cli.common import user_errors
from bireader.errors import NothingFound


@app.command()
def lookup(
    text: str = typer.Argument(..., help="A word or short phrase, or `-` to read one query a line from stdin.", metavar="TEXT|-"),
    as_json: bool = typer.Option(False, "--json", help="JSON: one object per query, one line each."),
    limit: Optional[int] = typer.Option(None, "--limit", "-n", min=1, help="Show at most N entries per query.", metavar="N"),
) -> None:
    """Look a word up in JMdict/JMnedict: conjugated forms (食べさせられなかった finds 食べる and
    says how), English (deterrence) and romaji (taberu) too.

    Exit code 1 when nothing is found (with `-`: when no query found anything).

    Example: bireader lookup 抑止力
    """
    with user_errors():
        from bireader.dictionary import lookup as dictionary_lookup
        from bireader.dictionary.query import MAX_QUERY_CHARS
        from bireader.errors import InputError

        if text != "-":
            query = text.strip()
            if not query:
                raise InputError("the query is empty; give a word to look up, e.g. bireader lookup 抑止力")
            if len(query) > MAX_QUERY_CHARS:
                raise InputError(
                    f"the query is {len(query):,} characters long; look up a word or a phrase of at most"
                    f" {MAX_QUERY_CHARS} (bireader read is for passages)"
                )
            entries = dictionary_lookup(query, limit=limit)
            if as_json:
                _echo_json(query, entries)
            elif entries:
                _print_entries(entries, query=query)
            if not entries:
                raise NothingFound(f"no dictionary entry for {_shown(query)}")
            return

        found_any = False
        missing: list[str] = []
        console = None
        if sys.stdin is None or sys.stdin.isatty():
            from bireader.cli.common import print_note

            print_note("reading queries from stdin, one a line (Ctrl-D to finish)")
        for line in sys.stdin:
            query = line.strip()
            if not query:
                continue
            if len(query) > MAX_QUERY_CHARS:
                from bireader.cli.common import print_note

                print_note(f"skipped a line of {len(query):,} characters (at most {MAX_QUERY_CHARS} a query)")
                continue
            entries = dictionary_lookup(query, limit=limit)
            found_any = found_any or bool(entries)
            if as_json:
                _echo_json(query, entries)
                continue
            if console is None:
                from bireader.cli.common import stdout_console

                console = stdout_console()
            if entries:
                _print_entries(entries, console=console, query=query, header=True)
            else:
                missing.append(query)
                from bireader.cli.common import print_note

                print_note(f"no dictionary entry for {_shown(query)}")
        if not found_any:
            raise NothingFound("no dictionary entry for any query" if missing else "no queries on stdin")


def _echo_json(query: str, entries) -> None:
    from bireader.dictionary.lookup import entry_to_dict

    sys.stdout.write(
        json.dumps({"query": query, "entries": [entry_to_dict(e) for e in entries]}, ensure_ascii=False) + "\n"
    )


def _shown(query: str) -> str:
    """The query as an error message quotes it: literally, without control characters."""
    from bireader.document import strip_controls

    return repr(strip_controls(query))


def _print_entries(entries, *, console=None, query: str = "", header: bool = False) -> None:
    """Headword 【readings】 [common], how a conjugated query got there, then numbered senses
    with their parts of speech."""
    from rich.text import Text

    from bireader.cli.common import stdout_console
    from bireader.dictionary import deinflection_line
    from bireader.dictionary.frequency import band as frequency_band
    from bireader.document import strip_controls

    console = console or stdout_console()
    if header:
        console.print(Text(f"── {query}", style="bold cyan"))
    for number, entry in enumerate(entries):
        if number:
            console.print()
        head = Text(entry.headword, style="bold")
        readings = [r for r in entry.readings if r != entry.headword]
        if readings:
            head.append(" 【" + "・".join(readings) + "】")
        if entry.is_common:
            head.append("  common", style="green")
        band = frequency_band(entry.frequency_rank)
        if band:
            head.append(f"  {band}", style="green")
        label = {"jmnedict": "name (JMnedict)", "romanized": "romanised", "glossary": "your glossary"}.get(entry.source)
        if label:
            head.append(f"  {label}", style="magenta" if entry.source == "glossary" else "yellow")
        console.print(head)
        chain = deinflection_line(entry, query)
        if chain:
            console.print(Text("  " + strip_controls(chain), style="cyan"))
        others = [k for k in entry.kanji_forms if k != entry.headword]
        if others:
            console.print(Text("  also written " + "、".join(others), style="dim"))
        last_pos: tuple[str, ...] = ()
        last_misc: tuple[str, ...] = ()
        for index, sense in enumerate(entry.senses, 1):
            if sense.pos and sense.pos != last_pos:
                console.print(Text("  " + ", ".join(sense.pos), style="italic dim"))
                last_pos = sense.pos
            line = Text(f"  {index}. ")
            line.append("; ".join(sense.glosses))
            # JMdict repeats a note such as "usually kana" on every sense: show it when it changes.
            if sense.misc and sense.misc != last_misc:
                line.append("  (" + "; ".join(sense.misc) + ")", style="dim")
            last_misc = sense.misc
            console.print(line)
        if entry.note:
            console.print(Text("  " + entry.note, style="dim"))
