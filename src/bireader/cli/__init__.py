"""The ``bireader`` command: a thin typer layer over the library.

Each area's commands live in a submodule (``cli/lookup.py``, ``cli/align.py`` …)
that registers them on ``app``. Module level imports stay cheap (standard
library, typer, bireader.errors/paths/model) so ``bireader --help`` is fast;
everything heavy is imported inside the command that uses it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer
from typer.core import TyperGroup

from bireader import __version__
from bireader.annotate import READING_MODES  # cheap: the standard library and bireader.errors


class _Group(TyperGroup):
    """The root command group; lets ``--readings`` take an optional mode (``--readings`` alone is
    ``all``, ``--readings unknown`` only over words not known), which click's options cannot."""

    def parse_args(self, ctx, args):
        out: list[str] = []
        i = 0
        while i < len(args):
            arg = args[i]
            if arg == "--":
                out.extend(args[i:])
                break
            if arg == "--readings":
                if i + 1 < len(args) and args[i + 1] in READING_MODES:
                    out.append(f"--readings={args[i + 1]}")
                    i += 2
                    continue
                out.append("--readings=all")
            else:
                out.append(arg)
            i += 1
        return super().parse_args(ctx, out)


app = typer.Typer(
    cls=_Group,
    name="bireader",
    help="A Japanese–English bilingual reader for the terminal.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bireader {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    home: Optional[Path] = typer.Option(
        None, "--home", help="Use DIR for all user data (overrides BIREADER_HOME).", metavar="DIR"
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """A Japanese–English bilingual reader for the terminal.

    Example: bireader read corpus/iiss-russia-nuclear.ja.txt
    """
    if home is not None:
        os.environ["BIREADER_HOME"] = str(home.expanduser())


# Command modules register themselves on ``app`` when imported. They must keep
# their own module-level imports cheap too.
from bireader.cli import info as _info  # noqa: E402,F401
from bireader.cli import document as _document  # noqa: E402,F401

for _name in (
    "lookup", "align", "glossary", "translate", "read", "export",
    "words", "kanji", "history", "mine", "deck", "review", "tm", "check",
):
    try:
        __import__(f"bireader.cli.{_name}")
    except ModuleNotFoundError as _err:  # a command module not written yet
        if _err.name != f"bireader.cli.{_name}":
            raise


def main() -> None:
    """Entry point of the console script."""
    app()
