"""``bireader words known|learning|ignore|forget|list|stats|import|export``: the learner's words."""

from __future__ import annotations

import json
import sys
from enum import Enum
from typing import List, Optional

import typer

from bireader.cli import app
from bireader.cli.common import print_note, user_errors

words_app = typer.Typer(
    help="Your words: mark them known, learning or ignored (any form: 食べた marks 食べる), list them,\n"
    "see how much of a text you know, import and export lists.\n\nExample: bireader words known 食べる 行く",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(words_app, name="words")


class SortOrder(str, Enum):
    frequency = "frequency"
    recent = "recent"
    alpha = "alpha"


class StatusName(str, Enum):
    new = "new"
    learning = "learning"
    known = "known"
    ignored = "ignored"


class ListFormat(str, Enum):
    txt = "txt"
    tsv = "tsv"
    json = "json"


def _mark(words: list[str], status: str, *, from_file: Optional[str], range_: Optional[str], as_json: bool) -> None:
    """Resolve each word (any form) to its entry and give it ``status``, in one transaction."""
    from bireader.errors import InputError, NothingFound
    from bireader.words import open_words

    if from_file is None and not words:
        raise InputError("give words to mark, or --from FILE for the words of a text")
    if from_file is not None and words:
        raise InputError("give either words or --from FILE, not both")
    if range_ is not None and from_file is None:
        raise InputError("--range needs --from FILE")
    with open_words() as store:
        if from_file is not None:
            if status not in ("known", "ignored"):
                raise InputError("--from FILE marks a text's new words known (or ignored), not " + status)
            from bireader.words.text import read_text_words

            text_words = read_text_words(from_file, range_)
            statuses = store.statuses_of(text_words.running)
            fresh = [key for key in dict.fromkeys(text_words.running) if statuses.get(key, "new") == "new"]
            marked = [(k[0], k[1], _reading(text_words.entries[k])) for k in fresh]
            changed = store.set_status(marked, status, by="user", document=str(from_file))
            result = [{"headword": k[1], "entry_id": k[0], "status": status} for k in changed]
            if as_json:
                for item in result:
                    sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
            print_note(
                f"marked {len(changed):,} new words {status} of {len(set(text_words.running)):,} in {from_file}"
                + (f" (paragraphs {range_})" if range_ else "")
            )
            return
        from bireader.words.resolve import resolve_word

        resolved, missing = [], []
        for word in words:
            try:
                resolved.append(resolve_word(word))
            except NothingFound:
                missing.append(word)
        if missing:
            from bireader.document import strip_controls

            shown = ", ".join(repr(strip_controls(w)) for w in missing)
            raise NothingFound(f"no dictionary entry for {shown}; nothing was marked")
        changed = set(store.set_status([(r.key[0], r.key[1], r.reading) for r in resolved], status, by="user"))
        for r in resolved:
            note = r.choice_note()
            if note:
                print_note(note)
            if as_json:
                item = {"query": r.query, "headword": r.entry.headword, "reading": r.reading,
                        "entry_id": r.key[0], "status": status, "changed": r.key in changed}
                sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
            else:
                arrow = f"{r.query} → " if r.query != r.entry.headword else ""
                state = status if r.key in changed else f"already {status}"
                typer.echo(f"{arrow}{r.entry.headword}: {state}")


def _reading(entry) -> str:
    return entry.readings[0] if entry.readings else ""


_WORDS_ARG = typer.Argument(None, help="Words in any form (食べた marks 食べる).", metavar="WORD...")
_FROM = typer.Option(None, "--from", metavar="FILE", help="Every word of this text that is still new.")
_RANGE = typer.Option(None, "--range", metavar="A-B", help="With --from: only paragraphs A to B (as in read --range).")
_JSON = typer.Option(False, "--json", help="JSON: one object per word, one line each.")


@words_app.command("known")
def words_known(
    words: Optional[List[str]] = _WORDS_ARG,
    from_file: Optional[str] = _FROM,
    range_: Optional[str] = _RANGE,
    as_json: bool = _JSON,
) -> None:
    """Mark words known; with --from FILE, every word of that text still new ("I have read this").

    Example: bireader words known --from corpus/iiss-russia-nuclear.ja.txt --range 1-5
    """
    with user_errors():
        _mark(words or [], "known", from_file=from_file, range_=range_, as_json=as_json)


@words_app.command("learning")
def words_learning(words: List[str] = typer.Argument(..., metavar="WORD..."), as_json: bool = _JSON) -> None:
    """Mark words as being learned (the reader underlines them).

    Example: bireader words learning 抑止力
    """
    with user_errors():
        _mark(words, "learning", from_file=None, range_=None, as_json=as_json)


@words_app.command("ignore")
def words_ignore(
    words: Optional[List[str]] = _WORDS_ARG,
    from_file: Optional[str] = _FROM,
    range_: Optional[str] = _RANGE,
    as_json: bool = _JSON,
) -> None:
    """Never gloss these words (names, symbols, words you do not want to learn).

    Example: bireader words ignore プーチン
    """
    with user_errors():
        _mark(words or [], "ignored", from_file=from_file, range_=range_, as_json=as_json)


@words_app.command("forget")
def words_forget(words: List[str] = typer.Argument(..., metavar="WORD..."), as_json: bool = _JSON) -> None:
    """Set words back to new.

    Example: bireader words forget 食べる
    """
    with user_errors():
        _mark(words, "new", from_file=None, range_=None, as_json=as_json)


@words_app.command("list")
def words_list(
    status: Optional[StatusName] = typer.Option(None, "--status", help="Only words with this status."),
    sort: SortOrder = typer.Option(SortOrder.recent, "--sort", help="frequency (most useful first), recent, alpha."),
    as_json: bool = _JSON,
    limit: Optional[int] = typer.Option(None, "--limit", "-n", min=1, metavar="N", help="At most N words."),
) -> None:
    """Your stored words with their status, reading, frequency rank and when they changed.

    Example: bireader words list --status learning --sort frequency
    """
    with user_errors():
        from bireader.words import open_words

        with open_words() as store:
            records = store.records(status.value if status else None)
        ranks = _ranks(records)
        if sort == SortOrder.frequency:
            records.sort(key=lambda r: (ranks.get(r.key) is None, ranks.get(r.key) or 0, r.headword))
        elif sort == SortOrder.alpha:
            records.sort(key=lambda r: (r.reading or r.headword, r.headword))
        if limit is not None:
            records = records[:limit]
        if as_json:
            for r in records:
                item = {"headword": r.headword, "reading": r.reading, "entry_id": r.entry_id, "status": r.status,
                        "set_by": r.set_by, "first_seen": r.first_seen, "changed": r.changed,
                        "document": r.document, "frequency_rank": ranks.get(r.key)}
                sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
            return
        if not records:
            print_note("no words stored yet: mark some with `bireader words known WORD` or `words import FILE`")
            return
        from rich.table import Table
        from rich.text import Text

        from bireader.cli.common import stdout_console
        from bireader.dictionary.frequency import band

        table = Table(box=None, pad_edge=False)
        for column in ("word", "reading", "status", "frequency", "changed"):
            table.add_column(column)
        for r in records:
            table.add_row(Text(r.headword), Text(r.reading), r.status, band(ranks.get(r.key)) or "", r.changed[:10])
        stdout_console().print(table)


def _ranks(records) -> dict:
    """Word key → frequency rank, from the dictionary index (one read for all the words)."""
    from bireader.dictionary.lookup import _with_index

    keys = tuple({r.entry_id for r in records if r.entry_id})
    by_id = _with_index(lambda index: index.entries_by_key(keys)) if keys else {}
    return {r.key: getattr(by_id.get(r.entry_id), "frequency_rank", None) for r in records if r.entry_id}


@words_app.command("stats")
def words_stats(
    file: Optional[str] = typer.Argument(None, metavar="[FILE]", help="A text: how much of it you know."),
    as_json: bool = typer.Option(False, "--json", help="JSON: one object."),
    top: int = typer.Option(20, "--top", min=0, metavar="N", help="With FILE: the N most frequent unknown words."),
) -> None:
    """Counts of your words by status; with FILE, that text's coverage: the share of its running
    words you know, its unique unknown words, and its most frequent unknown words.

    Example: bireader words stats corpus/iiss-russia-nuclear.ja.txt
    """
    with user_errors():
        from bireader.words import open_words

        with open_words() as store:
            counts = store.counts()
            result: dict = {"counts": counts, "total": sum(counts.values())}
            if file is not None:
                from bireader.words.text import coverage, read_text_words

                cov = coverage(read_text_words(file), store, top=top)
                result["file"] = file
                result["coverage"] = {
                    "running_words": cov.running,
                    "known_running_words": cov.known_running,
                    "ignored_running_words": cov.ignored_running,
                    "known_share": round(cov.known_share, 4),
                    "unique_words": cov.unique,
                    "unique_unknown_words": cov.unique_unknown,
                    "top_unknown": [
                        {"headword": e.headword, "reading": _reading(e), "count": n, "frequency_rank": e.frequency_rank,
                         "gloss": e.senses[0].glosses[0] if e.senses and e.senses[0].glosses else ""}
                        for e, n in cov.top_unknown
                    ],
                }
        if as_json:
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
            return
        typer.echo(
            f"{result['total']:,} words: " + ", ".join(f"{counts[s]:,} {s}" for s in ("known", "learning", "ignored", "new"))
        )
        if file is None:
            return
        c = result["coverage"]
        typer.echo(
            f"{file}: you know {c['known_share']:.1%} of its {c['running_words']:,} running words"
            f" ({c['unique_unknown_words']:,} of its {c['unique_words']:,} words are not known)"
        )
        if c["top_unknown"]:
            from rich.table import Table
            from rich.text import Text

            from bireader.cli.common import stdout_console
            from bireader.dictionary.frequency import band

            table = Table(title="most frequent unknown words", box=None, pad_edge=False, title_justify="left")
            for column in ("word", "reading", "times", "frequency", "gloss"):
                table.add_column(column)
            for w in c["top_unknown"]:
                table.add_row(Text(w["headword"]), Text(w["reading"]), str(w["count"]), band(w["frequency_rank"]),
                              Text(w["gloss"]))
            stdout_console().print(table)


@words_app.command("import")
def words_import(
    file: str = typer.Argument(..., metavar="FILE", help="One word a line, a TSV/CSV (first column), an Anki notes"
                               " export, or a `words export --format json` file; - for stdin."),
    status: StatusName = typer.Option(StatusName.known, "--status", help="What the words become (JSON keeps its own)."),
    skip_unknown: bool = typer.Option(False, "--skip-unknown", help="Import the rest when some words are in no dictionary."),
) -> None:
    """Import a word list. Every line is checked first: a malformed line (reported with its
    number) or a word no dictionary has stores nothing.

    Example: bireader words import known.txt --status known
    """
    with user_errors():
        from bireader.document import decode_bytes, read_bytes
        from bireader.words import open_words
        from bireader.words.lists import import_words

        name = "standard input" if file == "-" else file
        text, _encoding = decode_bytes(read_bytes(file), name)
        with open_words() as store:
            result = import_words(text, store, status=status.value, name=name, skip_unknown=skip_unknown)
        for note in result.notes:
            print_note(note)
        what = {"json": "a bireader export", "anki": "an Anki notes export", "tsv": "a TSV", "csv": "a CSV",
                "lines": "a word list"}[result.kind]
        print_note(f"imported {result.stored:,} words from {what} ({result.changed:,} changed)")


@words_app.command("export")
def words_export(
    output: str = typer.Option("-", "--output", "-o", metavar="FILE", help="Where to write (default: stdout)."),
    fmt: ListFormat = typer.Option(ListFormat.json, "--format", help="json (everything, re-importable), tsv, txt."),
    status: Optional[StatusName] = typer.Option(None, "--status", help="Only words with this status."),
    force: bool = typer.Option(False, "--force", "-f", help="Overwrite FILE if it exists."),
    spreadsheet_safe: bool = typer.Option(
        False, "--spreadsheet-safe", help="TSV: quote cells starting with = + - @ so a spreadsheet shows them as text."
    ),
) -> None:
    """Export your words; the JSON export round-trips statuses and dates (`words import` it on a new machine).

    Example: bireader words export -o words.json
    """
    with user_errors():
        from bireader.export import check_output
        from bireader.export.atomic import atomic_output
        from bireader.export.fields import clean_field
        from bireader.export.fields import spreadsheet_safe as safe
        from bireader.words import open_words
        from bireader.words.lists import export_lines

        check_output(output, force=force)
        with open_words() as store:
            records = store.records(status.value if status else None)
        records.sort(key=lambda r: (r.first_seen, r.headword))

        def cell(text: str) -> str:
            text = clean_field(text)
            return safe(text) if spreadsheet_safe else text

        with atomic_output(output, force=force) as out:
            for piece in export_lines(records, fmt.value, cell=cell):
                out.write(piece)
        if output != "-":
            print_note(f"wrote {len(records):,} words to {output}")
