"""db.connect on a new file opened by several threads at once: SQLite answers the WAL switch of
all but one with "database is locked" at once (no busy wait), which must neither fail nor be
reported as a corrupt file. The race is rare (about 1 in 100 first opens on this machine), so
the test opens many new files."""

from __future__ import annotations

import threading

from bireader import db


def test_first_opens_at_once_all_succeed(tmp_path):
    failures = []
    for n in range(300):
        path = tmp_path / f"store-{n}.db"

        def open_it(path=path):
            try:
                db.connect(path, [["CREATE TABLE IF NOT EXISTS t (a)"]]).close()
            except Exception as err:  # noqa: BLE001 - any failure is the finding
                failures.append(err)

        threads = [threading.Thread(target=open_it) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert failures == []
