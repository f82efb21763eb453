"""Reading jamdict-data's SQLite at build time: rows grouped by their parent id."""

from __future__ import annotations

import sqlite3
from collections import defaultdict


def grouped(conn: sqlite3.Connection, sql: str) -> dict[int, list]:
    """Rows ``(parent, value...)`` grouped by parent id, in query order (one value, or the rest as a tuple)."""
    out: dict[int, list] = defaultdict(list)
    for row in conn.execute(sql):
        out[row[0]].append(row[1] if len(row) == 2 else row[1:])
    return out
