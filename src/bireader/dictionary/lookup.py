"""Read-only access to the dictionary index: entries by spelling, the tries, the gloss index.

This module knows spellings and entries, nothing of queries, tokens or paragraphs:
``forms`` (exact and deinflected word lookups), ``vocab`` (tokens) and ``query`` (what
``bireader lookup`` asks) build on it.

The hot path is one read of a blob slice per distinct spelling: the spelling's key id in
the ``words`` trie numbers its row in ``spellings``, which holds its entries packed and
already ranked (``packing``), read through a blob handle kept open on its block. A row is
decoded once and kept in an in-process LRU cache; a warm lookup is a dict hit. A spelling
no trie has costs no SQL at all.

The index file is found by ``index_path()``: ``BIREADER_DICTIONARY_INDEX`` when set
(tests point it at an index built once per session), else
``bireader.paths.dictionary_index()``. ``default_index()`` opens it lazily and builds
it (with a progress bar) when it is missing, stale or damaged.
"""

from __future__ import annotations

import functools
import os
import re
import sqlite3
import threading
import unicodedata
import weakref
from array import array
from pathlib import Path

from bireader.dictionary.build import FORMAT_VERSION, GLOSS_SLOTS, SOURCE_ENV, source_version
from bireader.dictionary.packing import (
    MARSHAL_VERSION,
    NAME_KEY_OFFSET,
    SPELLING_BLOCK,
    SPELLING_BLOCK_BITS,
    decode_entry,
    unpack_entry,
    unpack_words,
)
from bireader.errors import DictionaryMissing
from bireader.model import Entry

INDEX_ENV = "BIREADER_DICTIONARY_INDEX"
CACHE_SIZE = 1 << 16  # distinct spellings kept decoded; a long novel has ~20k
PAGE_CACHE_KIB = 16 * 1024  # SQLite's page cache of each connection to the index
BLOCK_CACHE_KIB = 8 * 1024  # … and of the one the spellings' blocks are read through
_NO_WORDS: tuple[tuple[Entry, ...], tuple[int, ...]] = ((), ())
# The errors a damaged row raises while it is read and decoded.
_UNREADABLE = (sqlite3.DatabaseError, ValueError, EOFError, IndexError, TypeError, StopIteration)

_override_path: Path | None = None


class IndexDamaged(Exception):
    """The index file exists but cannot be read; the caller rebuilds it."""


def index_path() -> Path:
    """Where the dictionary index lives: a path set by ``set_index_path``, ``$BIREADER_DICTIONARY_INDEX``,
    or ``bireader.paths.dictionary_index()``."""
    if _override_path is not None:
        return _override_path
    # Resolved once per distinct environment: platformdirs costs ~40 µs a call, more than a lookup.
    key = _environment()
    cached = _resolved_paths.get(key)
    if cached is None:
        override = os.environ.get(INDEX_ENV)
        if override:
            cached = Path(override).expanduser()
        else:
            from bireader.paths import dictionary_index

            cached = dictionary_index()
        _resolved_paths[key] = cached
    return cached


_resolved_paths: dict[tuple, Path] = {}
# Every lookup asks where the index is, so the two variables are read from os.environ's own
# dict where CPython has one: os.environ.get encodes the name and decodes the value, which
# was a twentieth of an uncached lookup. (Assignments to os.environ update that dict.)
_ENV_DATA = getattr(os.environ, "_data", None)
try:
    _ENV_KEYS = tuple(os.environ.encodekey(name) for name in (INDEX_ENV, "BIREADER_HOME"))  # type: ignore[attr-defined]
except AttributeError:
    _ENV_DATA = None


def _environment() -> tuple:
    """The values of the variables the index path depends on (raw, as a cache key)."""
    if _ENV_DATA is not None:
        return (_ENV_DATA.get(_ENV_KEYS[0]), _ENV_DATA.get(_ENV_KEYS[1]))
    return (os.environ.get(INDEX_ENV), os.environ.get("BIREADER_HOME"))


def set_index_path(path: Path | str | None) -> None:
    """Use the index at ``path`` from now on (``None``: back to the default); closes the open one."""
    global _override_path
    _override_path = Path(path) if path is not None else None
    reset()


def _header_problem(path: Path) -> str | None:
    """Check the SQLite header against the file size: catches truncation and garbage cheaply."""
    try:
        with open(path, "rb") as f:
            header = f.read(100)
        size = path.stat().st_size
    except FileNotFoundError:
        return "it does not exist"
    except OSError as err:
        return f"it cannot be read ({err.strerror})"
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return "it is not a SQLite database"
    page_size = int.from_bytes(header[16:18], "big")
    if page_size == 1:
        page_size = 65536
    pages = int.from_bytes(header[28:32], "big")
    # The in-header page count is valid when "version-valid-for" equals the change counter.
    if header[92:96] == header[24:28] and pages and size != pages * page_size:
        return f"it is truncated or damaged ({size} bytes, expected {pages * page_size})"
    if page_size == 0 or size % page_size:
        return "it is truncated or damaged"
    return None


def check_index(path: Path | None = None, *, check_source: bool = True) -> str | None:
    """Why the index at ``path`` cannot be used (missing, damaged, stale), or None if it is fine.

    Cheap (a header read and one query), so it runs on every open.
    """
    path = path or index_path()
    problem = _header_problem(path)
    if problem:
        return problem
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            meta = dict(conn.execute("SELECT key, value FROM meta"))
        finally:
            conn.close()
    except sqlite3.Error as err:
        return f"it is damaged ({err})"
    if meta.get("format_version") != str(FORMAT_VERSION):
        return f"it has format {meta.get('format_version', '?')}, this bireader needs {FORMAT_VERSION}"
    if meta.get("marshal_version") != str(MARSHAL_VERSION):
        return "it was built by a Python whose marshal format differs from this one's"
    if check_source:
        current = _current_source_version()
        # With no source to rebuild from, an existing index is the best there is.
        if current is not None and meta.get("source_version") != current:
            return "the dictionary data (jamdict-data) has changed since it was built"
    return None


def _current_source_version() -> str | None:
    try:
        return source_version()
    except DictionaryMissing:
        return None


_ALL_KANA = re.compile("[ぁ-ゖァ-ヺーゝゞヽヾ]+")
_HIRAGANA = {code: code - 0x60 for code in range(ord("ァ"), ord("ヶ") + 1)}
_KATAKANA = {code: code + 0x60 for code in range(ord("ぁ"), ord("ゖ") + 1)}
_WIDE = {code: code + 0xFEE0 for code in range(ord("!"), ord("~") + 1)}


def _to_hiragana(text: str) -> str:
    return text.translate(_HIRAGANA)


def _to_katakana(text: str) -> str:
    return text.translate(_KATAKANA)


_SLOT_MASK = SPELLING_BLOCK - 1
_KEYS_PER_QUERY = 900  # under SQLite's oldest default limit of 999 parameters


class DictionaryIndex:
    """An open, read-only dictionary index; safe to share between threads (one connection each)."""

    def __init__(self, path: Path) -> None:
        self.path = path if isinstance(path, Path) else Path(path)
        self._local = threading.local()
        self._lock = threading.RLock()
        self._tries: dict[str, object] = {}
        self._connections: list[sqlite3.Connection] = []
        # Per-instance caches, so a rebuilt or re-pointed index never serves stale entries.
        self.entries = functools.lru_cache(maxsize=CACHE_SIZE)(self._entries)
        self.entries_read_as = functools.lru_cache(maxsize=CACHE_SIZE)(self._entries_read_as)
        # The deinflection candidates' rows, with each entry's kinds (exact lookups need no kinds,
        # and an uncached pass meets few spellings as both).
        self.word_kinds = functools.lru_cache(maxsize=CACHE_SIZE)(self._word_kinds)
        self._memos: dict[object, functools._lru_cache_wrapper] = {}
        self._lexicon: tuple | None = None
        self._kinds_function = None
        # The spellings met whose entries have a sense restricted to some readings or spellings:
        # only for those does ``entries_read_as`` decode the row again.
        self._reading_dependent: set[str] = set()
        _open_indexes.add(self)
        self._meta: dict[str, str] | None = None

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._connect(PAGE_CACHE_KIB)
        return conn

    def _connect(self, cache_kib: int) -> sqlite3.Connection:
        """A new read-only connection to the index with a page cache of ``cache_kib``, closed by ``close``."""
        try:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            # A page cache larger than SQLite's 2 MB default: the B-tree's inner pages and the most
            # used leaves stay in the process, so an uncached lookup reads fewer pages through the
            # OS; bounded, unlike a memory map.
            conn.execute(f"PRAGMA cache_size = -{cache_kib}")
            # No memory map: reading a long book through one touched most of the 150 MB file, all
            # of it counted in the process's RSS, while a cold lookup through read() costs the same
            # (~20 µs; the pages sit in the OS cache either way) and warm ones never reach SQL.
        except sqlite3.Error as err:
            raise IndexDamaged(str(err)) from err
        with self._lock:
            self._connections.append(conn)
        return conn

    def close(self) -> None:
        """Close every connection this index opened."""
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()
        self.clear_caches()

    def clear_caches(self) -> None:
        """Forget every decoded entry and memoised result (the next lookups read the file again)."""
        self.entries.cache_clear()
        self.entries_read_as.cache_clear()
        self.word_kinds.cache_clear()
        for memo in list(self._memos.values()):
            memo.cache_clear()

    def memoized(self, fn):
        """``fn(self, *args)`` behind an LRU cache of this index (cleared with it): the way the
        layers above keep per-index results without this module knowing them."""
        memo = self._memos.get(fn)
        if memo is None:
            with self._lock:
                memo = self._memos.get(fn)
                if memo is None:
                    memo = functools.lru_cache(maxsize=CACHE_SIZE)(functools.partial(fn, self))
                    self._memos[fn] = memo
        return memo

    @property
    def meta(self) -> dict[str, str]:
        """The index's meta table (versions, counts, build time)."""
        if self._meta is None:
            try:
                self._meta = dict(self._conn().execute("SELECT key, value FROM meta"))
            except sqlite3.DatabaseError as err:
                raise IndexDamaged(str(err)) from err
        return self._meta

    def _row(self, row_id: int) -> bytes:
        """The packed row of the spelling whose words-trie key id is ``row_id``.

        Read through this thread's open blob handle on the row's block of ``spellings``, with
        the block's offsets: a slice, ~2 µs, where a ``SELECT`` by key was ~3.6 µs.
        """
        try:
            offsets, data = self._local.blocks[row_id >> SPELLING_BLOCK_BITS]
        except (AttributeError, KeyError):  # this thread's first read of the block
            offsets, data = self._open_block(row_id >> SPELLING_BLOCK_BITS)
        slot = row_id & _SLOT_MASK
        return data[offsets[slot]:offsets[slot + 1]]

    def _open_block(self, number: int) -> tuple:
        """``(offsets, blob)`` of block ``number`` of ``spellings``, opened and kept for this thread.

        The handles are opened on a second connection of their own: each blob handle open on a
        connection made every other statement on it slower (the gloss index's queries by a
        third with a hundred open).
        """
        conn = getattr(self._local, "blob_conn", None)
        if conn is None:
            conn = self._local.blob_conn = self._connect(BLOCK_CACHE_KIB)
            self._local.blocks = {}
        row = conn.execute("SELECT offsets FROM spellings WHERE block = ?", (number,)).fetchone()
        if row is None:
            raise IndexDamaged(f"a block of spellings ({number}) is missing")
        offsets = array("I")
        offsets.frombytes(row[0])
        if len(offsets) != SPELLING_BLOCK + 1:
            raise IndexDamaged(f"a block of spellings ({number}) has {len(offsets)} offsets")
        # The handle stays open with the connection (closed with it): an immutable file's blob
        # is never invalidated, and reopening one costs as much as a SELECT.
        block = (offsets, conn.blobopen("spellings", "data", number, readonly=True))
        self._local.blocks[number] = block
        return block

    def _entries(self, form: str, reading: str = "") -> tuple[Entry, ...]:
        """Entries with the exact spelling ``form``, best first: words, then names (uncached; use ``entries``).

        One probe of the words trie and one row for most spellings: a JMdict row says whether
        the spelling is a name too, so the names trie is asked only of other spellings.
        """
        tries = self._tries
        try:
            row_id = (tries.get("words") or self.trie("words")).get(form)
            if row_id is not None:
                is_name, words = unpack_words(self._row(row_id), form, reading, None, self._reading_dependent)
                if not is_name:
                    return words
            elif form in (tries.get("names") or self.trie("names")):
                words = ()
            else:
                return ()
            rows = self._conn().execute(
                "SELECT f.key, e.data FROM name_spellings f JOIN entries e ON e.key = f.key"
                " WHERE f.form = ? ORDER BY f.rank, f.key",
                (form,),
            ).fetchall()
            return words + tuple(decode_entry(key, data, form, reading) for key, data in rows)
        except _UNREADABLE as err:
            raise IndexDamaged(str(err) or "an entry cannot be read") from err

    def _word_kinds(self, form: str) -> tuple[tuple[Entry, ...], tuple[int, ...]]:
        """``(entries, kinds)``: the JMdict entries spelt ``form``, best first, and the deinflection
        kinds of each for this spelling (``deinflect.lexical_kinds``; uncached, use ``word_kinds``)."""
        row_id = (self._tries.get("words") or self.trie("words")).get(form)
        if row_id is None:
            return _NO_WORDS
        kinds: list[int] = []
        try:
            words = unpack_words(self._row(row_id), form, "", kinds)[1]
        except _UNREADABLE as err:
            raise IndexDamaged(str(err) or "an entry cannot be read") from err
        return words, tuple(kinds)

    def _entries_read_as(self, form: str, reading: str) -> tuple[Entry, ...]:
        """Entries spelt ``form``, with only the senses that apply when it is read ``reading``
        (JMdict's reading restrictions: 一人 read いちにん is "one person", never "alone")."""
        if not reading or reading == form:
            return self.entries(form)
        every = self.entries(form)
        if form not in self._reading_dependent:  # no sense restricted: the reading changes nothing
            return every
        row_id = (self._tries.get("words") or self.trie("words"))[form]
        try:
            words = unpack_words(self._row(row_id), form, reading)[1]
        except _UNREADABLE as err:
            raise IndexDamaged(str(err) or "an entry cannot be read") from err
        # The names (after the words, as ``entries`` ranks them) do not depend on the reading.
        return words + every[len(words):]

    def entries_by_key(self, keys: tuple[int, ...]) -> dict[int, Entry]:
        """Entries by index key (JMdict ``ent_seq``), matched on their headword; missing keys are left out."""
        if not keys:
            return {}
        try:
            out = {}
            # In slices: SQLite bounds the number of parameters of one statement.
            for start in range(0, len(keys), _KEYS_PER_QUERY):
                chunk = keys[start:start + _KEYS_PER_QUERY]
                marks = ",".join("?" * len(chunk))
                sql = f"SELECT key, data FROM entries WHERE key IN ({marks})"
                for key, data in self._conn().execute(sql, chunk):
                    out[key] = unpack_entry(key, data) if key < NAME_KEY_OFFSET else decode_entry(key, data, "")
            return out
        except _UNREADABLE as err:
            raise IndexDamaged(str(err) or "an entry cannot be read") from err

    def gloss_hits(self, match: str, limit: int) -> list[tuple[int, int, float]]:
        """``(key, gloss number, bm25)`` of the glosses matching an FTS5 query, best first."""
        try:
            rows = self._conn().execute(
                "SELECT rowid, bm25(glosses) FROM glosses WHERE glosses MATCH ? ORDER BY rank LIMIT ?",
                (match, limit),
            ).fetchall()
        except sqlite3.OperationalError as err:
            if "fts5" in str(err) or "syntax" in str(err):
                return []  # a query FTS5 cannot parse finds nothing
            raise IndexDamaged(str(err)) from err
        except sqlite3.DatabaseError as err:
            raise IndexDamaged(str(err)) from err
        return [(rowid // GLOSS_SLOTS, rowid % GLOSS_SLOTS, score) for rowid, score in rows]

    def _blob(self, name: str) -> bytes:
        try:
            row = self._conn().execute("SELECT data FROM blobs WHERE name = ?", (name,)).fetchone()
            return row[0]
        except (sqlite3.DatabaseError, TypeError) as err:
            raise IndexDamaged(str(err)) from err

    def trie(self, name: str):
        """The marisa trie of every JMdict (``words``) or JMnedict (``names``) spelling."""
        trie = self._tries.get(name)
        if trie is None:
            import marisa_trie

            with self._lock:
                trie = self._tries.get(name)
                if trie is None:
                    try:
                        trie = marisa_trie.Trie().frombytes(self._blob(name))
                    except (TypeError, ValueError, RuntimeError) as err:
                        raise IndexDamaged(str(err)) from err
                    self._tries[name] = trie
        return trie

    def lexicon(self) -> tuple:
        """``(trie, kinds)``: the inflectable JMdict spellings and, by trie key id, their
        deinflection kinds (``deinflect.lexical_kinds`` of the entries spelt so)."""
        lexicon = self._lexicon
        if lexicon is None:
            with self._lock:
                if self._lexicon is None:
                    trie = self.trie("inflectable")
                    kinds = array("Q")
                    kinds.frombytes(self._blob("inflectable_kinds"))
                    if len(kinds) != len(trie):
                        raise IndexDamaged("the inflection lexicon does not match its trie")
                    self._lexicon = (trie, kinds)
                lexicon = self._lexicon
        return lexicon

    def inflection_kinds(self, form: str) -> int:
        """The deinflection kinds of a JMdict spelling (``deinflect.lexical_kinds``; 0: no verb,
        adjective or noun taking する is spelt so)."""
        return self.kinds_function()(form)

    def kinds_function(self):
        """``inflection_kinds`` as a plain function over the lexicon (the deinflector asks it of
        every candidate: a closure with the trie's ``get`` bound is a third cheaper than the method)."""
        function = self._kinds_function
        if function is None:
            trie, kinds = self._lexicon or self.lexicon()

            def function(form: str, get=trie.get, kinds=kinds) -> int:
                key_id = get(form)
                return 0 if key_id is None else kinds[key_id]

            self._kinds_function = function
        return function

    def is_spelled(self, form: str) -> bool:
        """Whether any JMdict or JMnedict entry has the spelling ``form`` (two trie probes, no SQL)."""
        tries = self._tries
        words = tries.get("words") or self.trie("words")
        return form in words or form in (tries.get("names") or self.trie("names"))

    def variants(self, text: str) -> tuple[Entry, ...]:
        """Entries for ``text`` as typed, else its NFKC form, else with kana script swapped, else
        with ASCII made full-width."""
        found = self.entries(text)  # () at the cost of two trie probes when nothing is spelt so
        if found:
            return found
        normal = text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)
        if normal.isascii():
            others = (normal, normal.translate(_WIDE))  # JMdict spells Latin letters full-width (ＮＡＴＯ)
        elif _ALL_KANA.fullmatch(normal):
            others = (normal, _to_hiragana(normal), _to_katakana(normal))
        else:
            others = (normal,)  # with kanji, the other kana script spells nothing (食ベタ)
        for other in others:
            if other != text:
                found = self.entries(other)
                if found:
                    return found
        return ()

    def words(self, form: str) -> tuple[Entry, ...]:
        """The JMdict entries (no names) spelt exactly ``form``, best first (cached)."""
        return self.word_kinds(form)[0]


# An SQLite connection must not cross a fork: a forked child (``bireader read``'s workers, ``tm
# build``'s) forgets the connections and blob handles it inherited and opens its own. What was
# read already (tries, the lexicon, decoded entries) stays. The inherited connections are kept
# unused, never closed: closing one is the parent's business.
_open_indexes: weakref.WeakSet = weakref.WeakSet()
_inherited: list = []


def _forget_connections_after_fork() -> None:
    for index in list(_open_indexes):
        _inherited.append((index._local, index._connections))
        index._local = threading.local()
        index._connections = []
        index._lock = threading.RLock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_connections_after_fork)


# --- the default index, opened once per process -------------------------------------------

_default: DictionaryIndex | None = None
_default_lock = threading.RLock()


def reset() -> None:
    """Forget the open default index (the next use reopens it); closes its connections."""
    global _default
    with _default_lock:
        if _default is not None:
            _default.close()
        _default = None


def index_available() -> bool:
    """Is the index built and valid? Never builds it.

    A file found valid is not checked again while its size, its modification time and the
    source it is checked against stay the same: the aligner asks before every call (a
    ``tm build`` makes hundreds), and the full check opens the database and reads
    jamdict-data's version (~0.7 ms).
    """
    path = index_path()
    try:
        stat = path.stat()
    except OSError:
        return False
    signature = (str(path), stat.st_size, stat.st_mtime_ns, os.environ.get(SOURCE_ENV))
    if signature in _valid_indexes:
        return True
    if check_index(path) is not None:
        return False
    _valid_indexes.add(signature)
    return True


_valid_indexes: set[tuple] = set()


def build_index(force: bool = False, *, quiet: bool = False) -> Path:
    """Build the index unless a valid one exists (``force``: always); returns its path.

    Builds from ``$BIREADER_DICTIONARY_SOURCE`` when set, else from jamdict-data.

    Args:
        force: rebuild even if the current index is valid.
        quiet: no progress bar.

    Raises:
        DictionaryMissing: the source data is missing or the index cannot be written.
    """
    from bireader.dictionary.build import build_with_progress

    path = index_path()
    with _default_lock:
        if force or check_index(path) is not None:
            reset()
            build_with_progress(path, quiet=quiet)
    return path


def default_index() -> DictionaryIndex:
    """The process-wide index, opened on first use; built first if missing, stale or damaged.

    Reopened when ``index_path()`` changes (a test pointing ``$BIREADER_DICTIONARY_INDEX``
    elsewhere).
    """
    global _default
    path = index_path()
    index = _default
    if index is not None and (index.path is path or index.path == path):
        return index
    with _default_lock:
        if _default is None or _default.path != path:
            if _default is not None:
                _default.close()
                _default = None
            problem = check_index(path)
            if problem is not None:
                if problem != "it does not exist":
                    _note(f"rebuilding the dictionary index at {path}: {problem}")
                from bireader.dictionary.build import build_with_progress

                build_with_progress(path)
            _default = DictionaryIndex(path)
        return _default


def _note(message: str) -> None:
    import sys

    print(message, file=sys.stderr)


def _with_index(fn):
    """Run ``fn(index)`` on the default index; if the index turns out damaged, rebuild it once and retry."""
    try:
        return fn(default_index())
    except IndexDamaged as err:
        path = index_path()
        _note(f"the dictionary index at {path} is damaged ({err}); rebuilding it")
        reset()
        from bireader.dictionary.build import build_with_progress

        build_with_progress(path)
        return fn(default_index())


def entry_to_dict(entry: Entry) -> dict:
    """A JSON-ready dict of an entry (the shape of ``bireader lookup --json``)."""
    return {
        "headword": entry.headword,
        "readings": list(entry.readings),
        "kanji_forms": list(entry.kanji_forms),
        "senses": [
            {"glosses": list(s.glosses), "pos": list(s.pos), "misc": list(s.misc)} for s in entry.senses
        ],
        "priorities": list(entry.priorities),
        "common": entry.is_common,
        "source": entry.source,
        "entry_id": entry.entry_id,
        "matched": entry.matched,
        "deinflection": list(entry.deinflection),
        "frequency_rank": entry.frequency_rank,
        "note": entry.note,
    }
