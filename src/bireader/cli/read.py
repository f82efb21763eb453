"""``bireader read``: the Japanese text beside its English, in the terminal or the interactive reader."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from bireader.cli import app
from bireader.cli.common import FORMAT_IN_HELP, Embeddings, FormatIn, Level, user_errors
from bireader.errors import InputError




class Vocab(str, Enum):
    all = "all"
    rare = "rare"
    unknown = "unknown"
    glossary = "glossary"
    none = "none"


class Fallback(str, Enum):
    gloss = "gloss"


@app.command()
def read(
    file: str = typer.Argument(
        ..., metavar="FILE", help="A Japanese text, EPUB, HTML, Markdown or subtitle file, or - for standard input."
    ),
    format_in: Optional[FormatIn] = typer.Option(None, "--format-in", metavar="NAME", help=FORMAT_IN_HELP),
    english: Optional[Path] = typer.Option(
        None, "--english", "-e", metavar="FILE", help="An English version of the text, paired by the aligner."
    ),
    translator: Optional[str] = typer.Option(
        None,
        "--translator",
        "-t",
        metavar="NAME",
        help="Render the English with an engine (google, mymemory, deepl, libre) or offline with `gloss`.",
    ),
    translator_url: Optional[str] = typer.Option(
        None, "--translator-url", metavar="URL", help="Endpoint of a self-hosted engine (LibreTranslate)."
    ),
    timeout: float = typer.Option(10.0, "--timeout", metavar="SECONDS", help="Time limit of each network call."),
    refresh: bool = typer.Option(False, "--refresh", help="Translate again even when the cache has a unit."),
    fallback: Optional[Fallback] = typer.Option(
        None, "--fallback", help="Gloss the units the engine fails on instead of stopping."
    ),
    level: Level = typer.Option(Level.paragraph, "--level", help="Pair paragraphs or sentences."),
    embeddings: Embeddings = typer.Option(
        Embeddings.auto, "--embeddings", help="Use sentence embeddings in the aligner (auto: when installed)."
    ),
    vocab: Optional[Vocab] = typer.Option(
        None,
        "--vocab",
        help="Glossary panel under each unit: all words worth glossing, rare ones (outside the 3,000 most "
        "frequent), unknown ones (not marked known or ignored; the default once you have marked a word known, "
        "else rare), your glossary terms only, or none.",
    ),
    readings: Optional[str] = typer.Option(
        None, "--readings", metavar="[all|unknown]",
        help="Show readings after kanji words: 抑止力(よくしりょく); `--readings unknown`: only over words you do not know.",
    ),
    range_: Optional[str] = typer.Option(None, "--range", metavar="A-B", help="Show only units A to B (e.g. 3-7)."),
    pager: Optional[bool] = typer.Option(
        None, "--pager/--no-pager", help="Page long output (default: when writing to a terminal and it is longer than the screen)."
    ),
    interactive: bool = typer.Option(
        False, "--interactive", "-i", help="Open the interactive reader (it resumes where you left the text)."
    ),
    from_start: bool = typer.Option(
        False, "--from-start", help="Open the interactive reader at the start, not where you left the text."
    ),
    realign: bool = typer.Option(
        False, "--realign", help="Align an English text again, ignoring the pair's saved alignment."
    ),
) -> None:
    """Show a Japanese text side by side with its English, unit by unit, with a glossary panel.

    The English comes from --english FILE, or --translator NAME, or the sidecar NAME.en.txt
    beside NAME.ja.txt, or the engine in your config, or else an offline word-by-word gloss.

    Example: bireader read corpus/iiss-russia-nuclear.ja.txt --range 3-7 --readings
    """
    with user_errors():
        from bireader.reading import stream_reading

        readings_mode = check_readings(readings)
        vocab_mode = vocab.value if vocab is not None else default_vocab()
        if interactive and str(file) == "-":
            raise InputError("the interactive reader needs a file, not standard input (its keys come from the terminal)")
        stream = stream_reading(
            file,
            english=english,
            translator=translator,
            translator_url=translator_url,
            level=level.value,
            embeddings=embeddings.value,
            timeout=timeout,
            refresh=refresh,
            fallback=fallback.value if fallback else None,
            realign=realign,
            format_in=format_in.value if format_in else None,
        )
        if range_ is not None:
            while not stream.complete:  # unit numbers count the whole book: align it first
                stream.wait_more()
        start, stop = parse_range(range_, stream.total)
        if range_ is None and not stream.complete:
            stop = None  # a book aligned chapter by chapter: print each chapter as it is aligned
        from bireader.glossary import check_readable

        # Panels, marks and the gloss all read the glossary: a broken one is its error alone,
        # before any output (and before the interactive screen, where it would surface in a worker).
        check_readable()
        if interactive:
            from bireader.dictionary import default_index
            from bireader.tui.reader import ReaderApp

            # Build the dictionary index (with its progress bar) before the screen takes over.
            default_index()

            # --range or --from-start say where to open; else the reader resumes where the user left.
            first = start if (range_ is not None or from_start) else None
            reader = ReaderApp(stream, vocab=vocab_mode, readings=readings_mode != "none", first_unit=first)
            reader.run()
            if reader.save_error:
                typer.echo(f"warning: {reader.save_error}", err=True)
            return
        show(stream, start, stop, vocab=vocab_mode, readings=readings_mode, pager=pager)


def parse_range(text: str | None, total: int) -> tuple[int, int]:
    """``bireader.document.ranges.parse_range``, imported when a command runs: importing
    ``bireader.document`` with the CLI would slow every command's start, ``--help`` included."""
    from bireader.document.ranges import parse_range as parse

    return parse(text, total)


def check_readings(value: str | None) -> str:
    """``--readings`` as given (bare: ``all``) → ``none``, ``all`` or ``unknown``."""
    if value is None:
        return "none"
    if value not in ("all", "unknown", "none"):
        raise InputError(f"--readings takes all or unknown, not {value!r}")
    return value


def default_vocab() -> str:
    """``unknown`` once the learner has marked any word known, else ``rare``."""
    from bireader.annotate import has_known_words

    return "unknown" if has_known_words() else "rare"


def show(stream, start: int, stop: int | None, *, vocab: str, readings: str, pager: bool | None) -> None:
    """Print the header and the units ``start..stop``, streaming, through a pager when that helps."""
    from rich.text import Text

    from bireader.cli.common import stdout_console
    from bireader.render import header, wrap_text
    from bireader.unit_lines import LineOptions, plain_texts, units_lines, workers_for

    console = stdout_console()
    width = console.width
    options = LineOptions(
        width=width, level=stream.level, vocab=vocab, readings=readings, show_source=stream.source.startswith("mt:")
    )
    notes = list(stream.notes)

    # Ask for the units before printing anything: a machine translation of the range is
    # fetched here, so an engine error is the only output, not a header followed by one.
    units = stream.units(start, stop)

    def head():
        # Wrapped like the units: a long path or note must not run past the terminal's edge.
        if stop is None:  # still aligning: the count known is the Japanese side's
            total, shown = (len(stream.ja.paragraphs) if stream.level == "paragraph" else len(stream.ja.sentences)), None
        else:
            total, shown = stream.total, stop - start
        text = header(stream.ja, source=stream.source, level=stream.level, total=total, shown=shown, notes=notes)
        return wrap_text(text, width) + [Text("")]

    def blocks():
        yield head()
        yield from units_lines(units, options)

    use_pager = console.is_terminal and pager is not False
    if not use_pager:
        workers = workers_for(stream, stop - start) if stop is not None and _is_plain(console) else 1
        if workers > 1:  # a long text piped: rendered by several processes, written here in order
            _print_lines(console, head())
            for text in plain_texts(stream, start, stop, options, workers=workers):
                console.file.write(text)
            return
        for lines in blocks():
            _print_lines(console, lines)
        return
    # Buffer until the output is known to be longer than the screen; only then start the pager.
    height = console.height
    buffered: list[Text] = []
    it = blocks()
    for lines in it:
        buffered.extend(lines)
        if len(buffered) >= height:
            break
    else:
        if not pager:
            _print_lines(console, buffered)
            return
    _page(console, buffered, it)


def _is_plain(console) -> bool:
    """Whether the console writes plain text (a pipe or NO_COLOR): styles dropped, no terminal."""
    return console.no_color and console.color_system is None and not console.is_terminal


def _print_lines(console, lines) -> None:
    """Write lines that are already wrapped to the console width: one write per unit."""
    if not lines:
        return
    if _is_plain(console):
        # Plain output (a pipe): the styles would be dropped anyway, so skip Rich's rendering.
        from bireader.unit_lines import plain

        console.file.write(plain(lines))
        return
    from rich.text import Text

    console.print(Text("\n").join(lines), overflow="ignore", crop=False, no_wrap=True)


def _page(console, buffered, rest) -> None:
    """Send the output through $PAGER (default ``less -R``), streaming what is not rendered yet."""
    import shlex
    import subprocess

    from rich.console import Console

    command = shlex.split(os.environ.get("PAGER") or "less")
    env = dict(os.environ)
    if Path(command[0]).name == "less":
        env.setdefault("LESS", "FRX")  # quit if one screen, pass colours, leave the text on screen
    try:
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, env=env, encoding="utf-8", errors="replace")
    except OSError:  # no pager installed: print directly
        _print_lines(console, buffered)
        for lines in rest:
            _print_lines(console, lines)
        return
    out = Console(
        file=proc.stdin,
        force_terminal=True,
        color_system=console.color_system,
        width=console.width,
        highlight=False,
        markup=False,
        emoji=False,
    )
    try:
        _print_lines(out, buffered)
        for lines in rest:
            _print_lines(out, lines)
        proc.stdin.close()
    except (BrokenPipeError, OSError):  # the reader quit the pager early
        pass
    except KeyboardInterrupt:
        pass
    finally:
        try:
            proc.wait()
        except KeyboardInterrupt:
            proc.kill()
    sys.stdout.flush()
