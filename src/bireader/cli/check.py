"""``bireader check``: quality checks of a translation against its source, bead by bead."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from bireader.cli import app
from bireader.cli.common import Embeddings, Level, print_note, user_errors
from bireader.errors import EXIT_NOTHING_FOUND, InputError

RULE_LIST = "numbers, latin, terms, untranslated, consistency, length, alignment"


@app.command()
def check(
    ja_file: str = typer.Argument(
        ..., help="The Japanese text (`-` for stdin), or a translation memory (.tmx) to check alone.", metavar="JA"
    ),
    en_file: Optional[str] = typer.Argument(
        None, help="The English text [default: the sidecar NAME.en.txt].", metavar="EN"
    ),
    glossary: Optional[Path] = typer.Option(
        None, "--glossary", help="A client's glossary (OmegaT TSV), checked together with yours.", metavar="FILE"
    ),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per finding, one a line."),
    ignore: List[str] = typer.Option(
        [], "--ignore", help=f"Leave out a rule (repeat, or separate with commas): {RULE_LIST}.", metavar="RULE"
    ),
    level: Level = typer.Option(Level.sentence, "--level", help="Check sentence beads or paragraph beads."),
    embeddings: Embeddings = typer.Option(
        Embeddings.auto, "--embeddings", help="Use sentence embeddings to align (auto: when installed)."
    ),
    realign: bool = typer.Option(False, "--realign", help="Align again, ignoring a saved alignment of the pair."),
    doubt: float = typer.Option(
        0.9, "--doubt", help="Aligner confidence below which a bead is doubtful (the alignment rule).", metavar="BELOW"
    ),
) -> None:
    """Check a translation: numbers, Latin tokens, glossary terms, untranslated text, consistency,
    length and doubtful alignment, bead by bead; exit 1 if anything is found.

    The beads come from the saved alignment of the pair when there is one, else from the aligner.
    Your glossary is always used; --glossary adds a client's. A .tmx is checked unit by unit.

    Example: bireader check corpus/iiss-russia-nuclear.ja.txt corpus/iiss-russia-nuclear.en.txt
    """
    with user_errors():
        from bireader.check import check_segments, choose_rules

        rules = choose_rules(ignore)
        if not 0.0 <= doubt <= 1.0:
            raise InputError(f"--doubt is a confidence between 0 and 1, not {doubt:g}")
        matcher = _glossary(glossary) if "terms" in rules else None
        segments, source = _segments(ja_file, en_file, level.value, embeddings.value, realign)
        findings = check_segments(segments, rules=rules, glossary=matcher, doubt=doubt)
        if as_json:
            if findings:  # one write, not one a finding (a long text has thousands)
                typer.echo("\n".join([json.dumps(finding.record(), ensure_ascii=False) for finding in findings]))
        elif findings:
            _print_table(findings)
        _summarise(findings, len(segments), source, rules, matcher)
    if findings:
        raise typer.Exit(EXIT_NOTHING_FOUND)


def _glossary(path: Optional[Path]):
    """The user's glossary terms, joined with the client's file when given."""
    from bireader.glossary import combine_matchers, matcher_from_tsv, user_matcher

    mine = user_matcher()
    if path is None:
        return mine
    client, skipped = matcher_from_tsv(path)
    if skipped:
        line, message = skipped[0]
        more = f" (and {len(skipped) - 1} more)" if len(skipped) > 1 else ""
        lines = f"{len(skipped)} lines that are" if len(skipped) != 1 else "1 line that is"
        print_note(f"{path}: skipped {lines} not a glossary entry, line {line}: {message}{more}")
    if not client.entries:
        raise InputError(f"{path} has no glossary entries (term<TAB>translation lines)")
    return combine_matchers(mine, client)


def _segments(ja_file: str, en_file: Optional[str], level: str, embeddings: str, realign: bool = False):
    """The beads to check and a phrase naming where they came from."""
    from bireader.check import segments_from_documents, segments_from_tmx

    if ja_file.lower().endswith(".tmx"):
        if en_file is not None:
            raise InputError("a translation memory holds both languages; give the .tmx alone")
        from bireader.export.tmx import read_tmx

        memory = read_tmx(ja_file)
        return segments_from_tmx(memory, name=ja_file), f"units of {ja_file}"
    if en_file is None:
        from bireader.reading import find_sidecar

        if ja_file == "-":
            raise InputError("the Japanese comes from standard input, so give the English as EN")
        sidecar = find_sidecar(ja_file)
        if sidecar is None:
            raise InputError(f"no English to check against: give EN, or put NAME.en.txt beside {ja_file}")
        en_file = str(sidecar)
    else:
        _refuse_rule_as_file(en_file)
    segments, notes = _with_status(
        f"aligning {ja_file} with {en_file}", lambda: segments_from_documents(
            ja_file, en_file, level=level, embeddings=embeddings, realign=realign
        )
    )
    for note in notes:
        print_note(note)
    return segments, f"{level} beads"


def _refuse_rule_as_file(en_file: str) -> None:
    """`check a.ja.txt --ignore numbers length` reads `length` as EN: say how to ignore two rules."""
    from bireader.check import RULES

    if en_file.lower() in RULES and not Path(en_file).exists():
        raise InputError(
            f"{en_file!r} is a rule, not a file; leave out several rules with --ignore numbers,{en_file} "
            f"(or --ignore numbers --ignore {en_file})"
        )


def _with_status(message: str, work):
    """Run ``work`` under a spinner on stderr when it is a terminal (aligning a long text takes seconds)."""
    import sys

    if not sys.stderr.isatty():
        return work()
    from rich.console import Console

    with Console(stderr=True).status(message):
        return work()


def _print_table(findings) -> None:
    from bireader.cli.check_table import print_table
    from bireader.cli.common import stdout_console
    from bireader.document import strip_controls

    rows = [
        (
            f"{f.bead}" if not f.file else f"{f.bead}\n{strip_controls(f.file)}",
            f.rule, strip_controls(f.detail), strip_controls(f.ja), strip_controls(f.en),
        )
        for f in findings
    ]
    print_table(stdout_console(), rows)


def _summarise(findings, total: int, source: str, rules, matcher) -> None:
    from collections import Counter

    if "terms" in rules and (matcher is None or not matcher.entries):
        print_note("no glossary terms to check: add some with `bireader glossary add`, or give --glossary FILE")
    if not findings:
        print_note(f"no findings in {total} {source} ({', '.join(rules)})")
        return
    by_rule = Counter(f.rule for f in findings)
    beads = len({(f.file, f.bead) for f in findings})
    counts = ", ".join(f"{rule} {by_rule[rule]}" for rule in rules if by_rule[rule])
    print_note(f"{len(findings)} finding{'s' if len(findings) != 1 else ''} in {beads} of {total} {source}: {counts}")
