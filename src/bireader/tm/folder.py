"""Finding the pairs of a folder: ``NAME.ja.*`` beside ``NAME.en.*``, in any format the reader loads."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

# NAME.ja.txt, NAME.en.epub, chapter.1.ja.md; NAME.ja with no extension too.
_PAIRED_NAME = re.compile(r"^(?P<name>.+)\.(?P<lang>ja|en)(?P<ext>\.[^.]+)?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PairFiles:
    """A Japanese file and its English, and the pair's name relative to the folder (``sub/story``)."""

    name: str
    ja: Path
    en: Path

    @property
    def ja_name(self) -> str:
        """The Japanese file relative to the folder, with ``/``: the ``x-file`` of its units."""
        return (Path(self.name).parent / self.ja.name).as_posix()


@dataclass(frozen=True, slots=True)
class FolderScan:
    """What a folder holds: its pairs (sorted by name), and the files that could not be paired."""

    pairs: tuple[PairFiles, ...]
    unpaired: tuple[tuple[Path, str], ...]  # (file, why)
    others: int  # files whose names are not NAME.ja.* or NAME.en.*


def find_pairs(folder: Path, *, exclude: Iterable[Path] = ()) -> FolderScan:
    """Pair the files of ``folder`` and its subfolders (hidden ones skipped) by name.

    Within one directory, ``NAME.ja.EXT`` pairs with ``NAME.en.EXT2``; when a name has
    several English files, the one with the same extension wins, else the name is
    reported as ambiguous.

    Args:
        folder: the folder to scan.
        exclude: files to leave out (the memory being written, its review list).

    Returns:
        A ``FolderScan``.
    """
    excluded = {p.resolve() for p in exclude}
    # Resolving a path is a system call per part: only for a file that can resolve to one to
    # leave out (named like it, or a link).
    excluded_names = {p.name for p in excluded}
    groups: dict[tuple[Path, str], dict[str, list[Path]]] = {}
    others = 0
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        if (path.name in excluded_names or path.is_symlink()) and path.resolve() in excluded:
            continue
        match = _PAIRED_NAME.match(path.name)
        if not match:
            others += 1
            continue
        key = (rel.parent, match.group("name"))
        groups.setdefault(key, {"ja": [], "en": []})[match.group("lang").lower()].append(path)
    pairs: list[PairFiles] = []
    unpaired: list[tuple[Path, str]] = []
    for (parent, name), sides in groups.items():
        ja_files, en_files = sides["ja"], sides["en"]
        if not ja_files or not en_files:
            want = f"{name}.en.*" if ja_files else f"{name}.ja.*"
            unpaired.extend((p, f"no {want} beside it") for p in ja_files + en_files)
            continue
        if len(ja_files) > 1:
            unpaired.extend((p, f"{len(ja_files)} Japanese files are named {name}.ja.*") for p in ja_files)
            continue
        ja = ja_files[0]
        en = en_files[0] if len(en_files) == 1 else next((p for p in en_files if p.suffix == ja.suffix), None)
        if en is None:
            names = ", ".join(p.name for p in en_files)
            unpaired.append((ja, f"several English files could be its partner ({names})"))
            continue
        pairs.append(PairFiles(name=(parent / name).as_posix(), ja=ja, en=en))
    pairs.sort(key=lambda p: p.name)
    unpaired.sort(key=lambda item: str(item[0]))
    return FolderScan(pairs=tuple(pairs), unpaired=tuple(unpaired), others=others)
