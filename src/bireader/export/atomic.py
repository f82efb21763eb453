"""Writing an export: stdout for ``-``, else a temporary file that replaces the target only when complete."""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
from pathlib import Path
from typing import IO, Iterator

from bireader.errors import InputError


def check_output(path: str | Path, *, force: bool = False) -> None:
    """Fail early when ``path`` cannot be written: exists without ``force``, is a directory, or its folder is missing.

    Raises:
        InputError: with a sentence saying what to do.
    """
    if str(path) == "-":
        return
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{target} is a directory; give a file name with -o")
    if target.exists() and not force:
        raise InputError(f"{target} already exists; use --force to overwrite it")
    parent = target.parent
    if not parent.is_dir():
        raise InputError(f"cannot write {target}: no such directory {parent}")


def _new_file_mode(existing: Path) -> int:
    """The mode a replaced file keeps, or what the umask gives a new file (mkstemp's 0600 is too strict)."""
    try:
        return existing.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def atomic_output(path: str | Path, *, binary: bool = False, force: bool = False) -> Iterator[IO]:
    """A stream for the export: stdout for ``-``, else a temp file renamed over ``path`` on success.

    On any error (or Ctrl-C) inside the block the temp file is removed and an
    existing ``path`` is left as it was.

    Raises:
        InputError: ``path`` exists and ``force`` is false, or it cannot be written.
    """
    if str(path) == "-":
        if binary:
            if sys.stdout.isatty():
                raise InputError("this format is binary (an .apkg deck, an .epub book); write it to a file with -o FILE")
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
        elif (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "") in ("utf8", "utf8sig") or not hasattr(
            sys.stdout, "buffer"
        ):
            yield sys.stdout
            sys.stdout.flush()
        else:  # exports are UTF-8 whatever the locale says
            sys.stdout.flush()
            stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
            try:
                yield stream
                stream.flush()
            finally:
                stream.detach()  # leave sys.stdout's buffer open
        return
    target = Path(path)
    check_output(target, force=force)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as err:
        raise InputError(f"cannot write {target}: {err.strerror or err}") from None
    tmp = Path(tmp_name)
    try:
        with (open(fd, "wb") if binary else open(fd, "w", encoding="utf-8", newline="")) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp, _new_file_mode(target))
        if target.exists() and not force:  # appeared while we were writing
            raise InputError(f"{target} already exists; use --force to overwrite it")
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
