"""``bireader align JA EN -i | --save FILE | --load FILE``: the translator's side of ``align``.

Kept out of ``cli/align.py`` so that command stays about printing beads: this module
reads both texts, loads a JSON alignment into the store, opens the editor, writes the
JSON file, in that order.
"""

from __future__ import annotations

from pathlib import Path

from bireader.cli.common import print_note


def workbench(
    ja_file: str,
    en_file: str,
    level: str,
    embeddings: str,
    *,
    interactive: bool,
    save: str | None,
    load: str | None,
    realign: bool,
    doubt: float | None,
) -> None:
    """``--load`` (into the store), then ``-i`` (the editor), then ``--save`` (the JSON file).

    Raises:
        InputError: bad arguments or files; StoreError: an unusable user database.
    """
    from bireader.alignments import DOUBT_BELOW, open_alignments, resolve_beads
    from bireader.document import read_document
    from bireader.errors import InputError

    inputs = [ja_file, en_file]
    if inputs.count("-") + (load == "-") > 1:
        raise InputError("only one of JA_FILE, EN_FILE and --load FILE can be `-` (stdin)")
    if interactive and "-" in inputs + [load]:
        raise InputError("the alignment editor needs files, not standard input (its keys come from the terminal)")
    if interactive and save:
        raise InputError("-i saves into your alignments with w; run `--save FILE` afterwards to write the file")
    if save and save != "-" and any(f != "-" and Path(f).resolve() == Path(save).resolve() for f in inputs):
        raise InputError(f"{save} is one of the texts; choose another file for --save")

    ja_doc = read_document(ja_file, lang="ja")
    en_doc = read_document(en_file, lang="en")

    if load:
        alignment = _load(load, ja_doc, en_doc)
        with open_alignments() as store:
            store.save(alignment)
        level = alignment.level
        print_note(
            f"loaded {len(alignment.beads)} {level} beads ({alignment.confirmed} confirmed) from {load} "
            "into your saved alignments"
        )
        realign = False  # what was just loaded is what the editor or --save should see

    if interactive or save:
        # The aligner has no progress bar of its own: say what the wait is for.
        resolved = resolve_beads(
            ja_doc, en_doc, level, embeddings, realign=realign, on_align=lambda what: print_note(f"{what} …")
        )
        if resolved.note:
            print_note(resolved.note)
        if interactive:
            _edit(resolved, ja_doc, en_doc, DOUBT_BELOW if doubt is None else doubt)
        else:
            _write(save, resolved.alignment, ja_file, en_file)


def _load(name: str, ja_doc, en_doc):
    from bireader.alignments import side_of, unit_texts
    from bireader.alignments.jsonfile import read_alignment
    from bireader.document import read_bytes
    from bireader.errors import InputError

    data = read_bytes(name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{name} is not UTF-8 text, so it cannot be an alignment file") from None

    def sides(level: str):
        return side_of(ja_doc, unit_texts(ja_doc, level)), side_of(en_doc, unit_texts(en_doc, level))

    return read_alignment(text, "standard input" if name == "-" else name, sides)


def _write(target: str, alignment, ja_file: str, en_file: str) -> None:
    from bireader.alignments.jsonfile import write_alignment
    from bireader.export.atomic import atomic_output

    # The file is the script's copy: written whole or not at all, replacing an older copy.
    with atomic_output(target, force=True) as out:
        write_alignment(alignment, out, ja_name=ja_file, en_name=en_file)
    if target != "-":
        print_note(f"wrote {len(alignment.beads)} beads ({alignment.confirmed} confirmed) to {target}")


def _edit(resolved, ja_doc, en_doc, doubt: float) -> None:
    from dataclasses import replace

    from bireader.alignments import open_alignments, unit_texts
    from bireader.errors import InputError
    from bireader.tui.align_editor.app import AlignEditorApp

    alignment = resolved.alignment
    if not alignment.beads:
        raise InputError("there is nothing to align: both texts are empty at this level")

    def save(beads) -> None:
        with open_alignments() as store:
            store.save(replace(alignment, beads=tuple(beads), saved_at=""))

    app = AlignEditorApp(
        unit_texts(ja_doc, alignment.level),
        unit_texts(en_doc, alignment.level),
        alignment.beads,
        save=save,
        doubt=doubt,
        title=f"{Path(ja_doc.path or '-').name} ↔ {Path(en_doc.path or '-').name}",
        subtitle=f"{alignment.level} alignment",
    )
    saves = app.run()
    if saves:
        beads = app.saved or ()
        confirmed = sum(1 for b in beads if b.confirmed)
        print_note(f"saved {len(beads)} beads ({confirmed} confirmed) into your alignments; read and export use them")
    else:
        print_note("quit without saving")
