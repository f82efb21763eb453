"""``bireader deck list|show|remove|rename|export|push|pull``: the mined cards, and Anki."""

from __future__ import annotations

import json
from enum import Enum
from typing import List, Optional

import typer

from bireader.cli import app
from bireader.cli.common import print_note, user_errors

deck_app = typer.Typer(
    help="Your mined cards: list, show, remove, rename decks, export to Anki, push to and pull from a running Anki.\n\n"
    "Example: bireader deck list",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(deck_app, name="deck")

DEFAULT_ANKI_URL = "http://127.0.0.1:8765"  # bireader.ankiconnect.DEFAULT_URL, kept here so --help stays cheap


class DeckFormatName(str, Enum):
    """The names of ``bireader.export.deck.DECK_FORMATS``."""

    apkg = "apkg"
    anki = "anki"
    tsv = "tsv"


def _sentence_text(sentence, *, mark: str = "bold reverse"):
    from rich.text import Text

    from bireader.render import display_text

    a, b = sentence.word_start, sentence.word_end
    line = Text(display_text(sentence.text[:a]))
    line.append(display_text(sentence.text[a:b]), style=mark)
    line.append(display_text(sentence.text[b:]))
    return line


def _english_text(sentence):
    from rich.text import Text

    from bireader.render import display_text

    if not sentence.english.strip():
        return Text("(no English)", style="dim italic")
    if sentence.is_gloss:
        return Text("gloss: ", style="dim italic") + Text(display_text(sentence.english), style="italic")
    return Text(display_text(sentence.english))


def _card_head(card):
    from rich.text import Text

    from bireader.render import display_text

    head = Text(f"{card.id:>4}  ", style="bold cyan")
    head.append(display_text(card.headword), style="bold")
    if card.reading and card.reading != card.headword:
        head.append(f" 【{display_text(card.reading)}】", style="cyan")
    head.append("  " + display_text(card.short_gloss))
    extra = [card.deck] if card.deck else []
    n = len(card.sentences)
    extra.append(f"{n} sentence{'s' if n != 1 else ''}")
    head.append("  (" + ", ".join(extra) + ")", style="dim")
    return head


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


@deck_app.command("list")
def list_cards(
    deck: Optional[str] = typer.Option(None, "--deck", metavar="D", help="Only the cards of deck D."),
    as_json: bool = typer.Option(False, "--json", help="JSON: one card a line."),
) -> None:
    """List the mined cards with their sentences and English, oldest first.

    Example: bireader deck list --deck default
    """
    with user_errors():
        from bireader.cli.common import stdout_console
        from bireader.deck import card_to_dict, open_deck

        with open_deck() as store:
            cards = store.cards(deck)
            decks = store.decks()
        if as_json:
            for card in cards:
                typer.echo(json.dumps(card_to_dict(card), ensure_ascii=False))
            return
        if not cards:
            where = f" in deck {deck}" if deck else ""
            print_note(f"no cards{where} yet; mine a word with: bireader mine WORD --from FILE")
            return
        console = stdout_console()
        for card in cards:
            console.print(_card_head(card))
            for sentence in card.sentences:
                _print_indented(console, _sentence_text(sentence))
                _print_indented(console, _english_text(sentence), "→ ")
        if deck is None and len(decks) > 1:
            print_note("decks: " + ", ".join(f"{d.name} ({d.cards})" for d in decks))


INDENT = 6


def _print_indented(console, text, prefix: str = "", indent: int = INDENT) -> None:
    """Print ``text`` wrapped to the console's width, every line indented (``prefix`` on the first)."""
    from rich.text import Text

    from bireader.render import wrap_text

    lines = wrap_text(text, max(console.width - indent - len(prefix), 20))
    for i, line in enumerate(lines or [Text("")]):
        lead = " " * indent + (prefix if i == 0 else " " * len(prefix))
        console.print(Text(lead, style="dim") + line, overflow="ignore", crop=False, no_wrap=True)


@deck_app.command("show")
def show(
    card_id: int = typer.Argument(..., metavar="ID", help="The card's id (as `deck list` shows it)."),
    as_json: bool = typer.Option(False, "--json", help="JSON."),
) -> None:
    """Show one card: the word, its senses, every sentence with its English and where it was met, its schedule.

    Example: bireader deck show 1
    """
    with user_errors():
        from rich.text import Text

        from bireader.cli.common import stdout_console
        from bireader.deck import card_to_dict
        from bireader.errors import NothingFound
        from bireader.render import display_text
        from bireader.review import describe_due, open_review

        with open_review() as store:
            card = store.deck.card(card_id)
            if card is None:
                raise NothingFound(f"no card with id {card_id}; `bireader deck list` shows the ids")
            schedule = store.schedule(card_id)
            reps, lapses = store.reps_and_lapses(card_id)
            status = store.deck.words().status(card.entry_id, card.headword)
            pushed = store.deck.anki_records().get(card_id)
        if as_json:
            payload = card_to_dict(card)
            payload["word_status"] = status
            payload["review"] = None if schedule is None else {
                "due": schedule.due.isoformat(), "state": int(schedule.state), "reps": reps, "lapses": lapses,
                "stability": schedule.stability, "difficulty": schedule.difficulty,
            }
            payload["anki_note_id"] = pushed.note_id if pushed else None
            typer.echo(json.dumps(payload, ensure_ascii=False))
            return
        console = stdout_console()
        console.print(_card_head(card))
        for number, sense in enumerate(card.senses, start=1):
            line = Text()
            if sense.pos:
                line.append(f"({display_text(', '.join(sense.pos[:2]))}) ", style="dim italic")
            line.append(display_text("; ".join(sense.glosses)))
            _print_indented(console, line, f"{number}. ")
        facts = [f"word {status}"]
        if card.frequency_rank is not None:
            facts.append(f"frequency rank {card.frequency_rank}")
        if schedule is None:
            facts.append("new (never reviewed)")
        else:
            facts.append(f"review due {describe_due(schedule.due)}, {_count(reps, 'review')}, {_count(lapses, 'lapse')}")
        if pushed is not None:
            facts.append(f"in Anki as note {pushed.note_id}")
        _print_indented(console, Text(" · ".join(facts), style="dim"))
        for sentence in card.sentences:
            console.print()
            _print_indented(console, _sentence_text(sentence))
            _print_indented(console, _english_text(sentence), "→ ")
            where = display_text(sentence.where)
            _print_indented(console, Text(f"{where}{' · ' if where else ''}mined {sentence.added}", style="dim"), "  ")


@deck_app.command("remove")
def remove(
    card_ids: List[int] = typer.Argument(..., metavar="ID...", help="The ids of the cards to remove."),
) -> None:
    """Remove cards (with their sentences and review schedule; the review log keeps their answers).

    Example: bireader deck remove 3 7
    """
    with user_errors():
        from bireader.deck import open_deck

        with open_deck() as store:
            n = store.remove(card_ids)
        print_note(f"removed {n} card{'s' if n != 1 else ''}")


@deck_app.command("rename")
def rename(
    old: str = typer.Argument(..., help="The deck's name."),
    new: str = typer.Argument(..., help="Its new name."),
) -> None:
    """Rename a deck (the default deck stays the default).

    Example: bireader deck rename default news
    """
    with user_errors():
        from bireader.deck import open_deck

        with open_deck() as store:
            store.rename_deck(old, new)
        print_note(f"renamed deck {old} to {' '.join(new.split())}")


@deck_app.command("export")
def export(
    fmt: DeckFormatName = typer.Option(..., "--format", "-f", help="apkg: Anki package; anki: Anki notes file; tsv."),
    output: str = typer.Option(..., "--output", "-o", metavar="FILE", help="Output file, or - for standard output."),
    deck: Optional[str] = typer.Option(None, "--deck", metavar="D", help="Only the cards of deck D."),
    force: bool = typer.Option(False, "--force", help="Overwrite FILE if it exists."),
    no_header: bool = typer.Option(False, "--no-header", help="Leave out the header row (tsv) or lines (anki)."),
) -> None:
    """Export the mined cards: an Anki package, an Anki notes file, or TSV (one row a sentence).

    Anki notes have the sentence with the word highlighted on the front; the reading, the senses and the
    English on the back. Notes keep their ids, so importing a later export updates them in Anki.

    Example: bireader deck export --format apkg -o mined.apkg
    """
    with user_errors():
        from bireader.deck import open_deck
        from bireader.export import check_output
        from bireader.export.deck import DECK_FORMATS, export_deck

        check_output(output, force=force)
        with open_deck() as store:
            cards = store.cards(deck)
        count = export_deck(cards, fmt.value, output, force=force, header=not no_header)
        if output != "-":
            print_note(f"wrote {count} {DECK_FORMATS[fmt.value].counts} to {output}")


@deck_app.command("push")
def push(
    url: str = typer.Option(DEFAULT_ANKI_URL, "--url", metavar="URL", help="Where AnkiConnect listens."),
    deck: Optional[str] = typer.Option(None, "--deck", metavar="NAME", help="Only the cards of deck NAME."),
    timeout: float = typer.Option(10.0, "--timeout", metavar="SECONDS", help="Time limit of each request."),
) -> None:
    """Send new cards to a running Anki (AnkiConnect add-on), and update cards that gained a sentence.

    The default deck goes to the Anki deck `bireader`, another deck NAME to `bireader::NAME`; the note type
    and decks are created when missing. Cards already pushed are not sent again; a word Anki already has
    in that deck is skipped.

    Example: bireader deck push
    """
    with user_errors():
        from bireader.ankiconnect import AnkiConnect
        from bireader.ankiconnect import push as push_cards
        from bireader.deck import open_deck

        with open_deck() as store:
            report = push_cards(store, AnkiConnect(url, timeout=timeout), deck=deck)
        parts = [f"added {report.added} note{'s' if report.added != 1 else ''}"]
        if report.anki_decks and report.added:
            parts[0] += f" to {', '.join(report.anki_decks)}"
        parts.append(f"updated {report.updated}")
        if report.duplicates:
            parts.append(f"skipped {report.duplicates} Anki already has (duplicates)")
        if report.refused:
            parts.append(f"{report.refused} refused by Anki")
        parts.append(f"{report.unchanged} unchanged")
        print_note("; ".join(parts))


@deck_app.command("pull")
def pull(
    url: str = typer.Option(DEFAULT_ANKI_URL, "--url", metavar="URL", help="Where AnkiConnect listens."),
    timeout: float = typer.Option(10.0, "--timeout", metavar="SECONDS", help="Time limit of each request."),
) -> None:
    """Read pushed cards' progress back from Anki: words learned there become known here.

    A card whose interval in Anki passed 21 days marks its word known; one that lapsed since the last pull
    marks it learning. A word you marked known or ignored yourself keeps its status.

    Example: bireader deck pull
    """
    with user_errors():
        from bireader.ankiconnect import AnkiConnect
        from bireader.ankiconnect import pull as pull_cards
        from bireader.deck import open_deck

        with open_deck() as store:
            report = pull_cards(store, AnkiConnect(url, timeout=timeout))
        if report.read == 0 and report.missing == 0:
            print_note("no card has been pushed to Anki yet; run `bireader deck push` first")
            return
        message = f"read {report.read} notes from Anki: {report.known} words now known, {report.learning} learning again"
        if report.missing:
            message += f"; {report.missing} pushed notes are no longer in Anki"
        print_note(message)
