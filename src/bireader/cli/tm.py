"""``bireader tm build|stats``: translation memories from folders of paired texts."""

from __future__ import annotations

import contextlib
import json
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from bireader.cli import app
from bireader.cli.common import Embeddings, Level, print_note, stdout_console, user_errors

tm_app = typer.Typer(
    help="Translation memories: align a folder of NAME.ja.* / NAME.en.* pairs into one TMX, and count what a "
    "memory holds.\n\nExample: bireader tm build translations/ -o memory.tmx",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(tm_app, name="tm")


class MemoryFormat(str, Enum):
    """The names of ``bireader.tm.FORMATS`` (kept here so --help does not import the builder)."""

    tmx = "tmx"
    tsv = "tsv"
    jsonl = "jsonl"
    xliff = "xliff"


@tm_app.command("build")
def build(
    folder: Path = typer.Argument(..., help="The folder of pairs (subfolders included).", metavar="DIR"),
    output: str = typer.Option("-", "--output", "-o", help="The memory file, or - for standard output.", metavar="FILE"),
    jobs: Optional[int] = typer.Option(
        None, "--jobs", "-j", help="Worker processes [default: one per CPU].", metavar="N"
    ),
    level: Level = typer.Option(Level.sentence, "--level", help="Units of the memory: sentences or paragraphs."),
    min_confidence: Optional[float] = typer.Option(
        None, "--min-confidence",
        help="Leave out units the aligner is less sure of and list them in FILE's NAME.review.tsv.", metavar="X",
    ),
    fmt: Optional[MemoryFormat] = typer.Option(
        None, "--format", "-f", help="tmx, tsv, jsonl or xliff [default: from FILE's suffix, else tmx]."
    ),
    embeddings: Embeddings = typer.Option(
        Embeddings.auto, "--embeddings", help="Use sentence embeddings to align (auto: when installed)."
    ),
    spreadsheet_safe: bool = typer.Option(
        False, "--spreadsheet-safe", help="tsv for a spreadsheet: put ' before cells starting with = + - @."
    ),
    fresh: bool = typer.Option(False, "--fresh", help="Align every pair again instead of reusing earlier alignments."),
    force: bool = typer.Option(False, "--force", help="Overwrite FILE (and its review list) if they exist."),
    as_json: bool = typer.Option(False, "--json", help="Print what was done as JSON (with -o FILE)."),
) -> None:
    """Align every NAME.ja.* / NAME.en.* pair of a folder and write one translation memory.

    Pairs are aligned in parallel, each finished pair is kept, and a rerun (after Ctrl-C, or
    with new files) aligns only what is new or changed. Units carry x-source, x-score and
    x-file props. Unpaired and unreadable files are listed at the end.

    Example: bireader tm build translations/ -o memory.tmx --min-confidence 0.5
    """
    with user_errors():
        from bireader.errors import InputError
        from bireader.tm import SUFFIXES, BuildOptions, build_memory

        if as_json and output == "-":
            raise InputError("--json prints the report on standard output; write the memory to a file with -o FILE")
        chosen = fmt.value if fmt else SUFFIXES.get(Path(output).suffix.lower(), "tmx")
        options = BuildOptions(
            level=level.value, embeddings=embeddings.value, jobs=jobs, min_confidence=min_confidence, fmt=chosen,
            force=force, fresh=fresh, safe_for_spreadsheets=spreadsheet_safe,
        )
        try:
            with _progress_bar() as on_progress:
                report = build_memory(folder, output, options, on_progress=on_progress)
        except KeyboardInterrupt:
            print_note("the pairs aligned so far are kept; run the same command again to go on from there")
            raise
        _report(report, as_json)


class _Bar:
    """A Rich progress bar on stderr (files done, units/s, ETA); nothing when stderr is not a terminal."""

    def __init__(self) -> None:
        import time

        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("aligning"), BarColumn(), MofNCompleteColumn(), TextColumn("files"),
            TextColumn("{task.fields[rate]}"), TimeRemainingColumn(), console=console, transient=True,
            disable=not console.is_terminal,
        )
        self.task = None
        self.clock = time.perf_counter
        self.started = None

    def __call__(self, state) -> None:
        if self.task is None:
            # Started at the first report, after the workers were forked: its thread must not exist before.
            self.progress.start()
            self.task = self.progress.add_task("aligning", total=state.total, completed=state.done, rate="")
            self.started = self.clock()
            return
        elapsed = self.clock() - self.started
        rate = f"{state.units / elapsed:,.0f} units/s" if elapsed > 0 and state.units else ""
        self.progress.update(self.task, completed=state.done, rate=rate)


@contextlib.contextmanager
def _progress_bar():
    """A ``_Bar`` for ``build_memory``'s ``on_progress``, stopped however the build ends; None
    when stderr is no terminal (no bar to draw, and rich.progress is 25 ms of every start)."""
    import sys

    if not (sys.stderr and sys.stderr.isatty()):
        yield None
        return
    bar = _Bar()
    try:
        yield bar
    finally:
        bar.progress.stop()


def _report(report, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps({
            "output": report.output, "review": report.review, "pairs": report.pairs, "aligned": report.aligned,
            "reused": report.reused, "units": report.units, "below_floor": report.below_floor,
            "unpartnered": report.unpartnered, "lines": report.lines, "seconds": round(report.seconds, 3),
            "workers": report.workers,
            "unpaired": [{"file": f, "why": why} for f, why in report.unpaired],
            "unreadable": [{"file": f, "message": m} for f, m in report.unreadable],
        }, ensure_ascii=False, indent=2))
    done = [f"{report.aligned} aligned"] if report.aligned or not report.reused else []
    if report.reused:
        done.append(f"{report.reused} reused from earlier runs")
    if report.aligned:
        speed = f" ({report.lines / report.seconds:,.0f} lines/s)" if report.seconds > 0 else ""
        workers = f"{report.workers} worker{'s' if report.workers != 1 else ''}"
        done.append(f"{report.lines:,} lines in {report.seconds:.1f} s{speed} with {workers}")
    print_note(f"{report.pairs} pair{'s' if report.pairs != 1 else ''}: " + ", ".join(done))
    where = "" if report.output == "-" else f" to {report.output}"
    print_note(f"wrote {report.units:,} translation units{where}")
    if report.unpartnered:
        print_note(f"left out {report.unpartnered:,} beads with no partner (a translation unit needs both languages)")
    if report.review:
        print_note(f"left out {report.below_floor:,} units below the confidence floor, listed in {report.review}")
    if report.unpaired:
        print_note(f"unpaired ({len(report.unpaired)}):")
        for file, why in report.unpaired:
            print_note(f"  {file}: {why}")
    if report.unreadable:
        print_note(f"unreadable ({len(report.unreadable)}):")
        for file, message in report.unreadable:
            print_note(f"  {file}: {message}")


@tm_app.command("stats")
def stats(
    memory: Path = typer.Argument(..., help="A TMX file.", metavar="MEMORY"),
    as_json: bool = typer.Option(False, "--json", help="Print the counts as JSON."),
) -> None:
    """Count what a translation memory holds: units, languages, duplicates.

    Example: bireader tm stats memory.tmx
    """
    with user_errors():
        from bireader.export.tmx import read_tmx
        from bireader.tm import memory_stats

        counts = memory_stats(read_tmx(memory))
        if as_json:
            typer.echo(json.dumps(counts.record(), ensure_ascii=False))
            return
        languages = ", ".join(f"{lang} {n:,}" for lang, n in counts.languages.items()) or "none"
        rows = [
            ("units", f"{counts.units:,}"),
            ("languages", languages + (f" (source {counts.source_language})" if counts.source_language else "")),
            ("duplicates", f"{counts.duplicates:,} units repeat an earlier one exactly"),
            ("conflicts", f"{counts.conflicts:,} source segments have more than one translation"),
        ]
        if counts.files:
            rows.append(("files", f"{counts.files:,} source files (x-file)"))
        console = stdout_console()
        for name, value in rows:
            from rich.text import Text

            console.print(Text(f"{name:<11} {value}"))
