"""SQLite plumbing shared by the user's stores: connections, transactions, migrations.

Every store goes through ``connect``: WAL (set only if not already on), foreign
keys, a busy timeout so two processes can write at once, ``sqlite3.Row`` rows,
autocommit mode so that ``transaction()`` owns the boundaries explicitly.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from pathlib import Path
from typing import Iterator, Sequence

from bireader.errors import StoreError

BUSY_TIMEOUT_MS = 30_000
SQLITE_MAGIC = b"SQLite format 3\x00"

# A store's migrations: step i (0-based) brings the schema from user_version i to i + 1.
Migrations = Sequence[Sequence[str]]


def connect(path: Path | str, migrations: Migrations = (), *, what: str = "database") -> sqlite3.Connection:
    """Open (creating if needed) a store and bring its schema up to date.

    Args:
        path: the database file; its directory is created.
        migrations: the store's migration steps (statements run in one transaction).
        what: how to name the file in error messages ("glossary database").

    Raises:
        StoreError: the file is not SQLite, is corrupt, is newer than this
            bireader, or cannot be opened. The file is never overwritten.
    """
    path = Path(path)
    _check_is_sqlite(path, what)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    except (sqlite3.Error, OSError) as err:
        raise StoreError(f"cannot open the {what} at {path}: {err}") from None
    try:
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _enable_wal(conn)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
        migrate(conn, migrations, what=what, path=path)
    except sqlite3.DatabaseError as err:
        conn.close()
        if _is_busy(err):
            raise StoreError(
                f"the {what} at {path} stayed locked by another process for {BUSY_TIMEOUT_MS // 1000} s; try again"
            ) from None
        raise StoreError(
            f"the {what} at {path} is corrupt or not a bireader database ({err}); move it away to start a new one"
        ) from None
    except StoreError:
        conn.close()
        raise
    return conn


def _is_busy(err: sqlite3.Error) -> bool:
    return isinstance(err, sqlite3.OperationalError) and ("locked" in str(err) or "busy" in str(err))


def _enable_wal(conn: sqlite3.Connection) -> None:
    """WAL mode, if not on already. Switching needs an exclusive lock, and SQLite answers "database
    is locked" at once instead of waiting on the busy timeout (two first opens of a new file at the
    same moment), so the switch is retried here until the timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as err:
            if not _is_busy(err) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _check_is_sqlite(path: Path, what: str) -> None:
    """Refuse a file that exists but is not SQLite, before sqlite3 gets a chance to touch it."""
    try:
        with path.open("rb") as fh:
            header = fh.read(16)
    except FileNotFoundError:
        return
    except IsADirectoryError:
        raise StoreError(f"the {what} path {path} is a directory") from None
    except OSError as err:
        raise StoreError(f"cannot read the {what} at {path}: {err.strerror or err}") from None
    if header and header != SQLITE_MAGIC:
        raise StoreError(
            f"{path} is not a SQLite database, so it cannot be the {what}; move it away (it was left untouched)"
        )


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, or ``ROLLBACK`` on any error; takes the write lock up front
    so two writers queue on the busy timeout instead of failing half way."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def migrate(conn: sqlite3.Connection, migrations: Migrations, *, what: str = "database", path: Path | None = None) -> None:
    """Run the missing migration steps in one transaction and record the new ``user_version``."""
    target = len(migrations)
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    if current > target:
        raise StoreError(
            f"the {what} at {path} was written by a newer bireader (schema {current}, this one knows {target}); upgrade bireader"
        )
    if current == target:
        return
    with transaction(conn):
        # Re-read under the write lock: another process may have migrated meanwhile.
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        for step in migrations[current:]:
            for statement in step:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {int(target)}")
