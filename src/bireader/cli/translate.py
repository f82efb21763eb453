"""``bireader translate``: fill the translation cache for a whole document."""

from __future__ import annotations

import json
from enum import Enum
from typing import Optional

import typer

from bireader.cli import app
from bireader.cli.common import Level, user_errors
from bireader.errors import EXIT_INTERRUPTED, BireaderError, EngineError, InputError



class Fallback(str, Enum):
    gloss = "gloss"


@app.command()
def translate(
    file: str = typer.Argument(..., metavar="FILE", help="A Japanese text file, or - for standard input."),
    translator: Optional[str] = typer.Option(
        None,
        "--translator",
        "-t",
        metavar="NAME",
        help="The engine: google, mymemory, deepl (DEEPL_API_KEY), libre (--translator-url, LIBRE_API_KEY); "
        "default: `translator` in the config file.",
    ),
    translator_url: Optional[str] = typer.Option(
        None, "--translator-url", metavar="URL", help="The LibreTranslate server (default: `translator_url` in the config)."
    ),
    timeout: Optional[float] = typer.Option(
        None, "--timeout", metavar="SECONDS", help="Time limit of each request (default: 10, or `timeout` in the config)."
    ),
    refresh: bool = typer.Option(False, "--refresh", help="Translate again even the units already in the cache."),
    fallback: Optional[Fallback] = typer.Option(
        None, "--fallback", help="When the engine fails, gloss the remaining units offline instead of stopping."
    ),
    level: Level = typer.Option(Level.paragraph, "--level", help="Translate paragraph by paragraph or sentence by sentence."),
    as_json: bool = typer.Option(False, "--json", help="Print the units and their English as JSON."),
) -> None:
    """Translate a document into the translation cache, so reading it later needs no network.

    Shows a progress bar on stderr and reports how many units came from the cache and
    how many from the network. Interrupted (Ctrl-C, a network failure), it keeps every
    unit already received; run it again to send only the missing ones.

    Example: bireader translate corpus/iiss-russia-nuclear.ja.txt --translator libre --translator-url http://localhost:5000
    """
    with user_errors():
        from bireader.config import load_config
        from bireader.document import read_document
        from bireader.translate import GLOSS, resolve_engine, translate_texts

        settings = load_config()
        engine = resolve_engine(translator)
        if engine is None:
            raise InputError(
                "name an engine with --translator NAME (google, mymemory, deepl, libre) or set `translator` in "
                "the config file; nothing is sent anywhere until you do"
            )
        if timeout is not None and timeout <= 0:
            raise InputError(f"--timeout must be a positive number of seconds, not {timeout:g}")
        doc = read_document(file, lang="ja")
        if level is Level.sentence:
            texts = [s.text for s in doc.sentences]
        else:
            texts = [p.text for p in doc.paragraphs]
        url = translator_url if translator_url is not None else (settings.translator_url if engine == "libre" else None)
        state = {"done": 0, "total": len(texts)}
        try:
            with _progress_bar(len(texts), engine) as advance:

                def progress(done: int, total: int) -> None:
                    state.update(done=done, total=total)
                    advance(done, total)

                result = translate_texts(
                    texts,
                    engine,
                    url=url,
                    timeout=timeout if timeout is not None else settings.timeout,
                    refresh=refresh,
                    fallback=fallback.value if fallback is not None else None,
                    progress=progress,
                )
        except KeyboardInterrupt:
            raise BireaderError(
                f"interrupted: {_saved(state)}; run the same command again to translate the rest",
                exit_code=EXIT_INTERRUPTED,
            ) from None
        except EngineError as err:
            if engine != GLOSS and state["done"]:
                from bireader.cli.common import print_note

                print_note(f"{_saved(state)}; once the engine works again, the same command translates the rest")
            raise err
        _report(result, texts, engine, as_json)


def _saved(state: dict) -> str:
    done, total = state["done"], state["total"]
    return f"{done} of {total} units are in the translation cache"


def _report(result, texts: list[str], engine: str, as_json: bool) -> None:
    from bireader.cli.common import print_note

    if as_json:
        payload = {
            "engine": engine,
            "units": len(texts),
            "from_cache": result.from_cache,
            "from_network": result.from_network,
            "glossed": result.glossed,
            "empty": result.empty,
            "error": result.error,
            "translations": [
                {"index": i + 1, "ja": ja, "en": en, "source": source}
                for i, (ja, en, source) in enumerate(zip(texts, result.texts, result.sources))
            ],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    elif engine == "gloss":
        typer.echo(f"glossed {result.glossed} units offline (the gloss needs no cache)")
    else:
        line = f"{len(texts)} units with {engine}: {result.from_cache} from the cache, {result.from_network} from the network"
        if result.glossed:
            line += f", {result.glossed} glossed"
        typer.echo(line)
    if result.error:
        print_note(f"warning: {result.error}; {result.glossed} units were glossed instead (not cached)")


class _NoBar:
    def __enter__(self):
        return lambda done, total: None

    def __exit__(self, *exc):
        return False


class _Bar:
    """A Rich progress bar on stderr (shown only on a terminal)."""

    def __init__(self, total: int, engine: str) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(stderr=True)
        self.progress = Progress(
            TextColumn(f"translating with {engine}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        )
        self.task = self.progress.add_task("translate", total=total)

    def __enter__(self):
        self.progress.start()
        return lambda done, total: self.progress.update(self.task, completed=done, total=total)

    def __exit__(self, *exc):
        self.progress.stop()
        return False


def _progress_bar(total: int, engine: str):
    if engine == "gloss":
        return _NoBar()
    return _Bar(total, engine)
