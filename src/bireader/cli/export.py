"""``bireader export``: aligned pairs (or vocabulary cards) as TSV, TMX, JSONL, Anki notes or an Anki deck."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from bireader.cli import app
from bireader.cli.common import FORMAT_IN_HELP, Embeddings, FormatIn, Level, user_errors


class ExportFormatName(str, Enum):
    """The names of ``bireader.export.FORMATS`` (kept here so --help does not import the exporter)."""

    tsv = "tsv"
    tmx = "tmx"
    jsonl = "jsonl"
    anki = "anki"
    apkg = "apkg"
    epub = "epub"
    html = "html"




# Vocabulary cards quote one sentence, so their English should be that sentence's.
CARD_FORMATS = frozenset({"anki", "apkg"})


@app.command()
def export(
    file: str = typer.Argument(
        ..., help="Japanese text, EPUB, HTML, Markdown or subtitle file, or - for standard input.", metavar="FILE"
    ),
    format_in: Optional[FormatIn] = typer.Option(None, "--format-in", metavar="NAME", help=FORMAT_IN_HELP),
    english: Optional[str] = typer.Option(
        None, "--english", help="English version of the text, paired by the aligner.", metavar="EN"
    ),
    translator: Optional[str] = typer.Option(
        None, "--translator", help="Translate with this engine (google, deepl, libre …) or gloss offline (gloss).",
        metavar="NAME",
    ),
    translator_url: Optional[str] = typer.Option(
        None, "--translator-url", help="Endpoint of a self-hosted engine (LibreTranslate).", metavar="URL"
    ),
    level: Optional[Level] = typer.Option(
        None, "--level", help="Unit of the pairs [default: paragraph; sentence for anki and apkg]."
    ),
    fmt: ExportFormatName = typer.Option(ExportFormatName.tsv, "--format", "-f", help="Output format."),
    no_header: bool = typer.Option(False, "--no-header", help="Leave out the header row (tsv) or lines (anki)."),
    spreadsheet_safe: bool = typer.Option(
        False, "--spreadsheet-safe",
        help="tsv for a spreadsheet: put ' before cells starting with = + - @ so they are not run as formulas.",
    ),
    output: str = typer.Option("-", "--output", "-o", help="Output file, or - for standard output.", metavar="OUT"),
    force: bool = typer.Option(False, "--force", help="Overwrite OUT if it exists."),
    readings: Optional[str] = typer.Option(
        None, "--readings", metavar="[all|unknown]",
        help="epub, html: readings over kanji as <ruby> (`--readings unknown`: only over words you do not know).",
    ),
    embeddings: Embeddings = typer.Option(
        Embeddings.auto, "--embeddings", help="Use sentence embeddings in the aligner when installed."
    ),
    timeout: float = typer.Option(10.0, "--timeout", help="Seconds per request to a translation engine."),
    realign: bool = typer.Option(
        False, "--realign", help="Align an English text again, ignoring the pair's saved alignment."
    ),
) -> None:
    """Export the text's aligned pairs (tsv, tmx, jsonl), vocabulary cards (anki, apkg) or a bilingual book (epub, html).

    The English comes from --english, else --translator, else the sidecar NAME.en.txt, else the
    configured engine, else the offline gloss. tsv columns: index ja en source score (score empty for
    machine translation), then time_start time_end for subtitles (HH:MM:SS,mmm; jsonl has the same
    keys). epub: each Japanese paragraph followed by its English, chapters and contents kept; html:
    one self-contained page, the two languages facing. Writing a file is atomic, and an existing
    file is kept unless --force.

    Example: bireader export corpus/iiss-russia-nuclear.ja.txt --level sentence -o pairs.tsv
    """
    with user_errors():
        from bireader.cli.common import print_note
        from bireader.errors import InputError
        from bireader.export import FORMATS, check_output, export_reading
        from bireader.reading import build_reading

        name = fmt.value
        spec = FORMATS[name]
        options = {}
        if spreadsheet_safe:
            if name != "tsv":
                from bireader.errors import InputError

                raise InputError("--spreadsheet-safe is for --format tsv (the other formats are not opened as spreadsheets)")
            options["safe_for_spreadsheets"] = True
        from bireader.cli.read import check_readings

        readings = check_readings(readings)
        if readings != "none" and not spec.uses_readings:
            raise InputError(f"--readings applies to the epub and html formats, not {name}")
        if output != "-":
            _refuse_overwriting_input(output, file, english)
            check_output(output, force=force)  # fail before the (slower) reading is built
        chosen_level = level.value if level else ("sentence" if name in CARD_FORMATS else "paragraph")
        reading = build_reading(
            file,
            english=english,
            translator=translator,
            translator_url=translator_url,
            level=chosen_level,
            embeddings=embeddings.value,
            timeout=timeout,
            realign=realign,
            format_in=format_in.value if format_in else None,
        )
        for note in reading.notes:
            print_note(note)
        if name in ("tsv", "tmx", "jsonl") and reading.source == "gloss" and translator is None:
            print_note("the English is a word-by-word gloss, not a translation; give --english FILE or --translator NAME")
        if spec.uses_readings:
            options["readings"] = readings
        count = export_reading(reading, name, output, force=force, header=not no_header, **options)
        if name == "tmx":
            skipped = len(reading.units) - count
            if skipped:
                print_note(f"left out {skipped} units with no partner (a translation unit needs both languages)")
        if output != "-":
            print_note(f"wrote {count} {spec.counts} to {output}")


def _refuse_overwriting_input(output: str, *inputs: Optional[str]) -> None:
    from bireader.errors import InputError

    target = Path(output).resolve()
    for given in inputs:
        if given and given != "-" and Path(given).resolve() == target:
            raise InputError(f"{output} is an input of this export; choose another output file")
