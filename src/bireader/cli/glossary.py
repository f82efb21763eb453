"""``bireader glossary add|remove|edit|list|show|import|export|check``: the user's own terms."""

from __future__ import annotations

import contextlib
import enum
import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

from bireader.cli import app
from bireader.cli.common import print_note, stdout_console, user_errors
from bireader.errors import EXIT_NOTHING_FOUND, InputError

glossary_app = typer.Typer(
    help="Your own glossary: terms that win over the dictionary everywhere in bireader.\n\n"
    "Example: bireader glossary add 非戦略核兵器 'non-strategic nuclear weapons (NSNW)' --tag military",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(glossary_app, name="glossary")


class Level(str, enum.Enum):
    paragraph = "paragraph"
    sentence = "sentence"


class Embeddings(str, enum.Enum):
    auto = "auto"
    on = "on"
    off = "off"


def _entry_dict(entry) -> dict:
    return {
        "term": entry.term,
        "translation": entry.translation,
        "reading": entry.reading,
        "note": entry.note,
        "tags": list(entry.tags),
        "created": entry.created,
        "updated": entry.updated,
    }


def _describe(entry) -> str:
    extras = [f"reading {entry.reading}" if entry.reading else "", f"note {entry.note!r}" if entry.note else ""]
    extras.append(f"tags {', '.join(entry.tags)}" if entry.tags else "")
    extra = "; ".join(e for e in extras if e)
    return f"{entry.term} → {entry.translation}" + (f" ({extra})" if extra else "")


@glossary_app.command("add")
def add(
    term: str = typer.Argument(..., help="The Japanese term."),
    translation: str = typer.Argument(..., help="Its English translation."),
    reading: Optional[str] = typer.Option(None, "--reading", "-r", help="Its reading (kana)."),
    note: Optional[str] = typer.Option(None, "--note", "-n", help="A note (exported as the OmegaT comment)."),
    tag: Optional[List[str]] = typer.Option(None, "--tag", "-t", help="A tag; repeat for several."),
    multiple: bool = typer.Option(
        False, "--multiple", help="Keep the term's other translations and add this one beside them."
    ),
) -> None:
    """Add a term; an existing term is updated (and you are told what changed).

    Example: bireader glossary add 国際戦略研究所 'International Institute for Strategic Studies (IISS)'
    """
    with user_errors():
        from bireader.glossary import open_glossary

        with open_glossary() as glossary:
            before = {e.translation: e for e in glossary.get(term.strip())}
            entry, created = glossary.add(
                term, translation, reading=reading, note=note, tags=tag or (), allow_multiple=multiple
            )
        if created:
            also = f" (beside {len(before)} other translation{'s' if len(before) > 1 else ''})" if before else ""
            print_note(f"added {_describe(entry)}{also}")
            return
        old = before.get(entry.translation) or (next(iter(before.values())) if len(before) == 1 else None)
        if old is not None and (old.translation, old.reading, old.note, old.tags) == (
            entry.translation, entry.reading, entry.note, entry.tags
        ):
            print_note(f"unchanged: {_describe(entry)} was already in the glossary")
        elif old is not None and old.translation != entry.translation:
            print_note(f"updated {entry.term}: {old.translation} → {entry.translation} (use --multiple to keep both)")
        else:
            print_note(f"updated {_describe(entry)}")


@glossary_app.command("remove")
def remove(
    term: str = typer.Argument(..., help="The term to remove."),
    translation: Optional[str] = typer.Option(
        None, "--translation", help="Remove only this translation of the term."
    ),
) -> None:
    """Remove a term (all its translations, or only one).

    Example: bireader glossary remove 非戦略核兵器
    """
    with user_errors():
        from bireader.glossary import open_glossary

        with open_glossary() as glossary:
            n = glossary.remove(term, translation)
        print_note(f"removed {term.strip()} ({n} translation{'s' if n != 1 else ''})")


@glossary_app.command("edit")
def edit(
    term: str = typer.Argument(..., help="The term to change."),
    translation: Optional[str] = typer.Option(None, "--translation", help="A new translation."),
    reading: Optional[str] = typer.Option(None, "--reading", "-r", help="A new reading ('' clears it)."),
    note: Optional[str] = typer.Option(None, "--note", "-n", help="A new note ('' clears it)."),
    tag: Optional[List[str]] = typer.Option(None, "--tag", "-t", help="Replace the tags; repeat for several."),
    clear_tags: bool = typer.Option(False, "--clear-tags", help="Remove all tags."),
    old_translation: Optional[str] = typer.Option(
        None, "--old-translation", help="Which translation to change when the term has several."
    ),
) -> None:
    """Change a term's translation, reading, note or tags.

    Example: bireader glossary edit 非戦略核兵器 --translation 'non-strategic nuclear weapons'
    """
    with user_errors():
        if translation is None and reading is None and note is None and not tag and not clear_tags:
            raise InputError("nothing to change: give --translation, --reading, --note, --tag or --clear-tags")
        from bireader.glossary import open_glossary

        tags = () if clear_tags else (tag or None)
        with open_glossary() as glossary:
            entries = glossary.edit(
                term, translation=translation, reading=reading, note=note, tags=tags, old_translation=old_translation
            )
        for entry in entries:
            print_note(f"edited {_describe(entry)}")


@glossary_app.command("list")
def list_(
    tag: Optional[str] = typer.Option(None, "--tag", "-t", help="Only entries with this tag."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """List the glossary (a table, or JSON with --json).

    Example: bireader glossary list --tag military
    """
    with user_errors():
        with _existing_glossary() as glossary:
            entries = glossary.list(tag=tag) if glossary else []
        if as_json:
            typer.echo(json.dumps([_entry_dict(e) for e in entries], ensure_ascii=False, indent=2))
            return
        if not entries:
            print_note(
                f"no entries tagged {tag!r}" if tag else "the glossary is empty; add a term with `bireader glossary add TERM TRANSLATION`"
            )
            return
        from rich.table import Table

        table = Table(title=None, show_lines=False)
        for name in ("term", "reading", "translation", "note", "tags"):
            table.add_column(name, overflow="fold")
        for e in entries:
            table.add_row(e.term, e.reading, e.translation, e.note, ", ".join(e.tags))
        stdout_console().print(table)
        print_note(f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}")


@glossary_app.command("show")
def show(
    term: str = typer.Argument(..., help="The term, as stored or inflected (述べた finds 述べる)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show one term with all its translations.

    Example: bireader glossary show 非戦略核兵器
    """
    with user_errors():
        from bireader.errors import NothingFound
        from bireader.glossary import lookup_terms

        entries = []
        with _existing_glossary() as glossary:
            if glossary is not None:
                entries = glossary.get(term)
                if not entries:
                    for found in lookup_terms(term, path=glossary.path):
                        entries.extend(glossary.get(found.headword))
        if not entries:
            raise NothingFound(f"{term.strip()} is not in the glossary")
        if as_json:
            typer.echo(json.dumps([_entry_dict(e) for e in entries], ensure_ascii=False, indent=2))
            return
        from rich.text import Text

        console = stdout_console()
        head = Text(entries[0].term, style="bold")
        if entries[0].reading:
            head.append(f"  【{entries[0].reading}】")
        console.print(head)
        for i, e in enumerate(entries, start=1):
            line = Text(f"  {i}. " if len(entries) > 1 else "  ")
            line.append(e.translation)
            if e.reading and e.reading != entries[0].reading:
                line.append(f"  【{e.reading}】")
            console.print(line)
            if e.note:
                console.print(Text(f"     note: {e.note}", style="dim"))
            if e.tags:
                console.print(Text(f"     tags: {', '.join(e.tags)}", style="dim"))
            console.print(Text(f"     added {e.created}, updated {e.updated}", style="dim"))


@glossary_app.command("import")
def import_(
    file: str = typer.Argument(..., help="A UTF-8 TSV glossary (OmegaT format), or - for stdin.", metavar="FILE"),
    skip_invalid: bool = typer.Option(
        False, "--skip-invalid", help="Import the good lines and report the bad ones (default: import nothing)."
    ),
) -> None:
    """Import a TSV glossary: term, translation, comment[, reading, tags]; all or nothing.

    The file decides the translations of the terms it names; other terms stay as they are.

    Example: bireader glossary import my-terms.tsv
    """
    with user_errors():
        from bireader.glossary import open_glossary

        with open_glossary() as glossary:
            report = glossary.import_tsv(file, skip_invalid=skip_invalid)
        for number, message in report.skipped:
            print_note(f"skipped line {number}: {message}")
        parts = [f"{report.added} added", f"{report.updated} updated", f"{report.unchanged} unchanged"]
        if report.removed:
            parts.append(f"{report.removed} old translations removed")
        if report.skipped:
            parts.append(f"{len(report.skipped)} lines skipped")
        print_note("imported: " + ", ".join(parts))


@glossary_app.command("export")
def export(
    output: str = typer.Option("-", "--output", "-o", help="Write to FILE (default: - for stdout).", metavar="FILE"),
    tag: Optional[str] = typer.Option(None, "--tag", "-t", help="Only entries with this tag."),
) -> None:
    """Export the glossary as UTF-8 TSV (OmegaT's glossary format plus reading and tags columns).

    Example: bireader glossary export -o glossary.tsv
    """
    with user_errors():
        from bireader.glossary import TSV_HEADER

        with _existing_glossary() as glossary:
            if glossary is None:  # nothing stored yet: an empty glossary file, still importable
                glossary = _EmptyGlossary(TSV_HEADER)
            if output == "-":
                n = glossary.export_tsv(sys.stdout, tag=tag)
                sys.stdout.flush()
            else:
                n = _export_to_file(glossary, Path(output), tag)
        print_note(f"exported {n} entr{'y' if n == 1 else 'ies'}" + ("" if output == "-" else f" to {output}"))


@contextlib.contextmanager
def _existing_glossary():
    """The user's glossary for reading, or None when it does not exist yet (a read never creates it)."""
    from bireader import paths
    from bireader.glossary import open_glossary

    if not paths.glossary_db().exists():
        yield None
        return
    with open_glossary() as glossary:
        yield glossary


class _EmptyGlossary:
    def __init__(self, header: str) -> None:
        self.header = header

    def export_tsv(self, out, *, tag=None) -> int:
        out.write(self.header)
        return 0


def _export_to_file(glossary, path: Path, tag: Optional[str]) -> int:
    """Write through a temporary file beside the target, so a failed export never leaves half a file."""
    import os
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent if str(path.parent) else ".")
    except OSError as err:
        raise InputError(f"cannot write {path}: {err.strerror or err}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            n = glossary.export_tsv(fh, tag=tag)
        os.replace(tmp, path)
    except OSError as err:
        raise InputError(f"cannot write {path}: {err.strerror or err}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return n


@glossary_app.command("check")
def check(
    ja_file: str = typer.Argument(..., help="The Japanese text.", metavar="JA_FILE"),
    english: Optional[str] = typer.Option(
        None, "--english", "-e", help="The English text (default: the sidecar NAME.en.txt).", metavar="EN_FILE"
    ),
    level: Level = typer.Option(Level.paragraph, "--level", help="Pair paragraphs or sentences."),
    embeddings: Embeddings = typer.Option(Embeddings.auto, "--embeddings", help="Use sentence embeddings to align."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Report glossary terms whose translation is missing from the paired English; exit 1 if any.

    A translation counts as present case-insensitively, in any plural or simple
    inflection, or by its main phrase or its parenthesised abbreviation alone.

    Example: bireader glossary check corpus/iiss-russia-nuclear.ja.txt
    """
    with user_errors():
        # The terms rule of `bireader check`, in this command's own report shape.
        from bireader.check.terms import check_documents
        from bireader.document import read_document
        from bireader.reading import align_beads

        ja_doc = read_document(ja_file, lang="ja")
        en_path = english if english is not None else _sidecar(ja_file)
        en_doc = read_document(en_path, lang="en")
        beads, note = align_beads(ja_doc, en_doc, level.value, embeddings.value)
        if note:
            print_note(note)
        report = check_documents(ja_doc, en_doc, beads, level=level.value)
        if as_json:
            typer.echo(json.dumps(_report_dict(report, ja_file, str(en_path), level.value), ensure_ascii=False, indent=2))
        elif report.problems:
            _print_problems(report)
        if report.glossary_size == 0:
            print_note("the glossary is empty, so there is nothing to check; add terms with `bireader glossary add`")
        elif report.problems:
            pairs = len({p.pair for p in report.problems})
            print_note(
                f"{len(report.problems)} missing translation{'s' if len(report.problems) != 1 else ''} "
                f"in {pairs} of {report.pairs} pairs ({report.occurrences} glossary term occurrences checked)"
            )
        else:
            print_note(
                f"consistent: {report.occurrences} occurrences of {report.terms} glossary terms "
                f"checked in {report.pairs} pairs"
            )
    if report.problems:
        raise typer.Exit(EXIT_NOTHING_FOUND)


def _sidecar(ja_file: str) -> Path:
    """NAME.ja.txt → NAME.en.txt, NAME.txt → NAME.en.txt."""
    if ja_file == "-":
        raise InputError("the Japanese comes from standard input, so give the English with --english EN_FILE")
    p = Path(ja_file)
    name = p.name
    candidates = []
    if ".ja." in name:
        candidates.append(p.with_name(name.replace(".ja.", ".en.", 1)))
    if p.suffix:
        candidates.append(p.with_name(p.stem + ".en" + p.suffix))
    for candidate in candidates:
        if candidate != p and candidate.is_file():
            return candidate
    shown = candidates[0].name if candidates else f"{name}.en.txt"
    raise InputError(f"no English to check against: give --english EN_FILE or put {shown} beside {ja_file}")


def _report_dict(report, ja_file: str, en_file: str, level: str) -> dict:
    return {
        "ja": ja_file,
        "en": en_file,
        "level": level,
        "pairs": report.pairs,
        "occurrences": report.occurrences,
        "terms": report.terms,
        "consistent": report.is_consistent,
        "problems": [
            {
                "pair": p.pair,
                "paragraph": p.paragraph,
                "term": p.term,
                "expected": list(p.expected),
                "ja_start": p.ja_start,
                "ja_end": p.ja_end,
                "ja_index": list(p.ja_index),
                "en_index": list(p.en_index),
                "ja": p.ja,
                "en": p.en,
                "excerpt": p.excerpt,
            }
            for p in report.problems
        ],
    }


def _print_problems(report) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Glossary terms missing from the English", title_justify="left", show_lines=True)
    table.add_column("¶", justify="right", no_wrap=True)
    table.add_column("term", no_wrap=True)
    table.add_column("expected", overflow="fold", ratio=1)
    table.add_column("English", overflow="fold", ratio=2)
    for p in report.problems:
        table.add_row(
            str(p.paragraph),
            p.term,
            " / ".join(p.expected),
            p.excerpt if p.en else Text("(no English paired with this paragraph)", style="italic"),
        )
    stdout_console().print(table)
