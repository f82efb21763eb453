"""``user.db``: the one SQLite file that holds the user's own stores, each with its own schema version.

Reading positions, known words, the deck, the review log and saved alignments live
in one file so that a learner moves to a new machine by copying one file, and so
that one transaction can span stores (mining a card marks its word ``learning``).
Each store module owns its tables and declares ``MIGRATIONS`` (step *i* brings its
schema from version *i* to *i + 1*); ``open_store`` brings that store up to date in
place, recording its version in ``store_versions``. A store that an older bireader
never had is simply created, so an upgrade never touches the data of the others.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bireader import db
from bireader.errors import StoreError

WHAT = "user database"

# The file's own schema (``PRAGMA user_version``): just the table of store versions.
FILE_MIGRATIONS: db.Migrations = (
    ("CREATE TABLE store_versions (store TEXT PRIMARY KEY, version INTEGER NOT NULL)",),
)


def connect(path: Path | str | None = None) -> sqlite3.Connection:
    """Open ``user.db`` (``paths.user_db()`` by default): WAL, busy timeout, explicit transactions.

    Raises:
        StoreError: the file is not SQLite, corrupt, or from a newer bireader.
    """
    if path is None:
        from bireader.paths import user_db

        path = user_db()
    return db.connect(path, FILE_MIGRATIONS, what=WHAT)


def store_version(conn: sqlite3.Connection, store: str) -> int:
    """The schema version of ``store`` in this file (0 when the store has never been created)."""
    row = conn.execute("SELECT version FROM store_versions WHERE store = ?", (store,)).fetchone()
    return int(row[0]) if row else 0


def migrate_store(conn: sqlite3.Connection, store: str, migrations: db.Migrations) -> None:
    """Run the missing steps of one store's migrations in one transaction and record its version.

    Raises:
        StoreError: the store was written by a newer bireader (its version is above ours).
    """
    target = len(migrations)
    try:
        current = store_version(conn, store)
        if current == target:
            return
        _check_not_newer(conn, store, current, target)
        with db.transaction(conn):
            # Re-read under the write lock: another process may have migrated meanwhile.
            current = store_version(conn, store)
            _check_not_newer(conn, store, current, target)
            for step in migrations[current:]:
                for statement in step:
                    conn.execute(statement)
            conn.execute(
                "INSERT INTO store_versions (store, version) VALUES (?, ?)"
                " ON CONFLICT (store) DO UPDATE SET version = excluded.version",
                (store, target),
            )
    except sqlite3.DatabaseError as err:
        raise StoreError(f"the {WHAT} is corrupt or not a bireader database ({err}); move it away to start a new one") from None


def _check_not_newer(conn: sqlite3.Connection, store: str, current: int, target: int) -> None:
    if current > target:
        path = conn.execute("PRAGMA database_list").fetchone()[2]
        raise StoreError(
            f"the {store} in the {WHAT} at {path} was written by a newer bireader "
            f"(schema {current}, this one knows {target}); upgrade bireader"
        )


def open_store(store: str, migrations: db.Migrations, path: Path | str | None = None) -> sqlite3.Connection:
    """``connect`` plus ``migrate_store`` for one store: the usual way a store module opens its tables."""
    conn = connect(path)
    try:
        migrate_store(conn, store, migrations)
    except BaseException:
        conn.close()
        raise
    return conn
