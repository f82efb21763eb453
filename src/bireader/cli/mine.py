"""``bireader mine WORD --from FILE``: keep a word with the sentence it was met in, as a card to review."""

from __future__ import annotations

import json
from typing import Optional

import typer

from bireader.cli import app
from bireader.cli.common import Embeddings, Level, user_errors


@app.command()
def mine(
    word: str = typer.Argument(..., metavar="WORD", help="The word, as written in the text or in its dictionary form."),
    source: str = typer.Option(..., "--from", metavar="FILE", help="The Japanese text the word is in."),
    unit: Optional[int] = typer.Option(
        None, "--unit", metavar="N", help="Look only in unit N (numbered as in `read --range`)."
    ),
    level: Level = typer.Option(Level.paragraph, "--level", help="What a unit is, as in `read --level`."),
    deck: Optional[str] = typer.Option(None, "--deck", metavar="NAME", help="Add to this deck (created if new)."),
    english: Optional[str] = typer.Option(
        None, "--english", "-e", metavar="FILE", help="An English version of the text, paired by the aligner."
    ),
    translator: Optional[str] = typer.Option(
        None, "--translator", "-t", metavar="NAME", help="Translate the sentence with this engine, or `gloss`."
    ),
    translator_url: Optional[str] = typer.Option(
        None, "--translator-url", metavar="URL", help="Endpoint of a self-hosted engine (LibreTranslate)."
    ),
    embeddings: Embeddings = typer.Option(
        Embeddings.auto, "--embeddings", help="Use sentence embeddings in the aligner (auto: when installed)."
    ),
    timeout: float = typer.Option(10.0, "--timeout", metavar="SECONDS", help="Time limit of each network call."),
    as_json: bool = typer.Option(False, "--json", help="Print the card as JSON."),
) -> None:
    """Mine a word: a card with the sentence it first occurs in (or in unit N) and that sentence's English.

    The English is what `read` shows (the aligned sentence, a translation, or the gloss, labelled).
    Mining a word again adds the new sentence to its card. The word becomes `learning`.

    Example: bireader mine 抑止力 --from corpus/iiss-russia-nuclear.ja.txt
    """
    with user_errors():
        from bireader.cli.common import print_note, stdout_console
        from bireader.deck import card_to_dict, mine_from_file
        from bireader.render import display_text

        if source == "-":
            from bireader.errors import InputError

            raise InputError("mine needs a file (--from FILE): a card keeps where its sentence came from")
        result = mine_from_file(
            word,
            source,
            unit=unit,
            level=level.value,
            english=english,
            translator=translator,
            translator_url=translator_url,
            embeddings=embeddings.value,
            timeout=timeout,
            deck=deck,
        )
        card, context = result.card, result.context
        if as_json:
            payload = card_to_dict(card)
            payload["is_new"] = result.is_new
            payload["sentence_added"] = result.sentence_added
            typer.echo(json.dumps(payload, ensure_ascii=False))
            return
        from rich.text import Text

        console = stdout_console()
        a, b = context.word_span
        line = Text(display_text(context.sentence[:a]))
        line.append(display_text(context.sentence[a:b]), style="bold reverse")
        line.append(display_text(context.sentence[b:]))
        console.print(line)
        if context.english:
            label = "gloss: " if context.english_source == "gloss" else ""
            console.print(Text(label + display_text(context.english), style="dim"))
        sentences = len(card.sentences)
        if result.is_new:
            what = f"new card #{card.id}"
        elif result.sentence_added:
            what = f"card #{card.id}, now {sentences} sentences"
        else:
            what = f"card #{card.id} has this sentence already"
        print_note(
            f"mined {display_text(card.headword)} 【{display_text(card.reading)}】 {display_text(card.short_gloss)}"
            f" — {what} (deck {card.deck}, unit {context.unit})"
        )
