"""Read-only access to the dictionary index: exact spellings, deinflected queries, names.

The hot path is one indexed SQLite range scan per distinct spelling (``forms`` is
clustered on ``(form, rank)``, so rows come back already ranked), decoded once and
kept in an in-process LRU cache; a warm lookup is a dict hit.

The index file is found by ``index_path()``: ``BIREADER_DICTIONARY_INDEX`` when set
(tests point it at an index built once per session), else
``bireader.paths.dictionary_index()``. ``default_index()`` opens it lazily and builds
it (with a progress bar) when it is missing, stale or damaged.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import sqlite3
import threading
import unicodedata
from pathlib import Path

from bireader.dictionary.build import FORMAT_VERSION, NAME_KEY_OFFSET, USUALLY_KANA, source_version
from bireader.errors import DictionaryMissing
from bireader.model import Entry, Sense

INDEX_ENV = "BIREADER_DICTIONARY_INDEX"
CACHE_SIZE = 1 << 16  # distinct spellings kept decoded; a long novel has ~20k

_USUALLY_KANA = USUALLY_KANA

_override_path: Path | None = None


class IndexDamaged(Exception):
    """The index file exists but cannot be read; the caller rebuilds it."""


def index_path() -> Path:
    """Where the dictionary index lives: a path set by ``set_index_path``, ``$BIREADER_DICTIONARY_INDEX``,
    or ``bireader.paths.dictionary_index()``."""
    if _override_path is not None:
        return _override_path
    # Resolved once per distinct environment: platformdirs costs ~40 µs a call, more than a lookup.
    key = (os.environ.get(INDEX_ENV), os.environ.get("BIREADER_HOME"))
    cached = _resolved_paths.get(key)
    if cached is None:
        if key[0]:
            cached = Path(key[0]).expanduser()
        else:
            from bireader.paths import dictionary_index

            cached = dictionary_index()
        _resolved_paths[key] = cached
    return cached


_resolved_paths: dict[tuple[str | None, str | None], Path] = {}


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


def _to_hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def _to_katakana(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)


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
        self._meta: dict[str, str] | None = None

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            except sqlite3.Error as err:
                raise IndexDamaged(str(err)) from err
            self._local.conn = conn
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
        self.entries.cache_clear()

    @property
    def meta(self) -> dict[str, str]:
        """The index's meta table (versions, counts, build time)."""
        if self._meta is None:
            try:
                self._meta = dict(self._conn().execute("SELECT key, value FROM meta"))
            except sqlite3.DatabaseError as err:
                raise IndexDamaged(str(err)) from err
        return self._meta

    def _entries(self, form: str) -> tuple[Entry, ...]:
        """Entries with the exact spelling ``form``, best first (uncached; use ``entries``)."""
        try:
            rows = self._conn().execute(
                "SELECT f.key, e.data FROM forms f JOIN entries e ON e.key = f.key"
                " WHERE f.form = ? ORDER BY f.rank, f.key",
                (form,),
            ).fetchall()
            return tuple(_decode(key, data, form) for key, data in rows)
        except (sqlite3.DatabaseError, ValueError, IndexError, TypeError) as err:
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
                        row = self._conn().execute("SELECT data FROM blobs WHERE name = ?", (name,)).fetchone()
                        trie = marisa_trie.Trie().frombytes(row[0])
                    except (sqlite3.DatabaseError, TypeError, ValueError, RuntimeError) as err:
                        raise IndexDamaged(str(err)) from err
                    self._tries[name] = trie
        return trie

    def variants(self, text: str) -> tuple[Entry, ...]:
        """Entries for ``text`` as typed, else its NFKC form, else with kana script swapped, else
        with ASCII made full-width."""
        found = self.entries(text)
        if found:
            return found
        normal = unicodedata.normalize("NFKC", text)
        if normal != text:
            found = self.entries(normal)
            if found:
                return found
        # JMdict spells Latin letters full-width (ＮＡＴＯ); NFKC made them ASCII.
        wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in normal) if normal.isascii() else ""
        for swapped in (_to_hiragana(normal), _to_katakana(normal), wide):
            if swapped and swapped != normal:
                found = self.entries(swapped)
                if found:
                    return found
        return ()


def _decode(key: int, data: str, matched: str) -> Entry:
    kanji, readings, senses, priorities = json.loads(data)
    is_name = key >= NAME_KEY_OFFSET
    decoded = tuple(
        Sense(tuple(s[0]), tuple(s[1]), tuple(s[2]) if len(s) > 2 else ()) for s in senses
    )
    headword = kanji[0] if kanji else readings[0]
    # A word usually written in kana keeps the kana spelling the reader typed or met.
    if kanji and matched in readings and decoded and _USUALLY_KANA in decoded[0].misc:
        headword = matched
    return Entry(
        headword=headword,
        readings=tuple(readings),
        senses=decoded,
        priorities=tuple(priorities),
        source="jmnedict" if is_name else "jmdict",
        entry_id=key - NAME_KEY_OFFSET if is_name else key,
        kanji_forms=tuple(kanji),
        matched=matched,
    )


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
    _token_entries.cache_clear()
    _cached_query.cache_clear()


def index_available() -> bool:
    """Is the index built and valid? Never builds it."""
    return check_index(index_path()) is None


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


# --- lookups --------------------------------------------------------------------------------


def lookup(text: str, limit: int | None = None) -> list[Entry]:
    """Dictionary entries for a word or short phrase, best first.

    The user's glossary entries (``bireader.glossary.lookup_terms``, when that module
    exists) come first. Then: the exact spelling (kanji or kana; also its NFKC form and
    the other kana script); failing that, the query is tokenized and looked up by
    dictionary forms (述べた → 述べる, 攻撃される → 攻撃), preferring the longest entry
    spanning several tokens; an unknown katakana word gets a ``romanized`` entry.

    Args:
        text: the query, e.g. ``抑止力``, ``述べている``, ``エスカレーション``.
        limit: at most this many entries (None: all).

    Returns:
        Entries ranked: common words (news1/ichi1/spec1/spec2/gai1) first, then by how
        well the spelling matched. Empty when nothing is known.
    """
    query = text.strip()
    if not query:
        return []
    results = _glossary_entries(query)
    results.extend(_with_index(lambda index: _dictionary_entries(index, query)))
    return results if limit is None else results[: max(limit, 0)]


@functools.lru_cache(maxsize=CACHE_SIZE)
def _cached_query(index: DictionaryIndex, query: str) -> tuple[Entry, ...]:
    found = index.variants(query)
    # A query ending in hiragana may be inflected even when the spelling exists as such
    # (した is 舌 "tongue", and the past of する): its dictionary forms follow the exact matches.
    # Kanji-only and katakana queries skip the tokenizer, which keeps `bireader lookup 抑止力` cold-fast.
    if found and not ("ぁ" <= query[-1] <= "ゖ"):
        return found
    from bireader.dictionary.vocab import entries_for_phrase

    extra = entries_for_phrase(index, query)
    if not found:
        return extra
    seen = {(e.source, e.entry_id) for e in found}
    merged = found + tuple(e for e in extra if (e.source, e.entry_id) not in seen)
    # Words before names: なった is なる, before the surname 名田.
    return tuple(sorted(merged, key=lambda e: e.source == "jmnedict"))


def _dictionary_entries(index: DictionaryIndex, query: str) -> tuple[Entry, ...]:
    return _cached_query(index, query)


# UniDic pos1 → words in the JMdict pos labels of an entry that fits a token of that pos.
_POS_HINTS = {
    "名詞": ("noun", "suru verb", "pronoun", "numeric", "counter"),
    "代名詞": ("pronoun", "noun"),
    "動詞": ("verb",),
    "形容詞": ("i-adjective", "adjective"),
    "形状詞": ("na-adjective", "taru", "no-adjective"),
    "副詞": ("adverb",),
    "接頭辞": ("prefix",),
    "接尾辞": ("suffix", "counter"),
    "助詞": ("particle",),
    "助動詞": ("auxiliary", "copula"),
    "連体詞": ("pre-noun", "prenominal"),
    "接続詞": ("conjunction",),
    "感動詞": ("interjection",),
}


def _fits_pos(entry: Entry, hints: tuple[str, ...]) -> bool:
    return any(hint in label for sense in entry.senses for label in sense.pos for hint in hints)


def _senses_for_pos(entry: Entry, hints: tuple[str, ...]) -> Entry:
    """The entry with the senses fitting the token's pos moved first, if its first sense does not fit."""
    first = entry.senses[0] if entry.senses else None
    if first is None or any(h in label for label in first.pos for h in hints):
        return entry
    fitting = [s for s in entry.senses if any(h in label for label in s.pos for h in hints)]
    if not fitting:
        return entry
    rest = [s for s in entry.senses if s not in fitting]
    return dataclasses.replace(entry, senses=tuple(fitting + rest))


@functools.lru_cache(maxsize=CACHE_SIZE)
def _token_entries(
    index: DictionaryIndex, lemma: str, surface: str, reading: str, pos: str = "", norm_lemma: str = ""
) -> tuple[Entry, ...]:
    """Entries for one token: by its dictionary form, then its surface.

    Among homographs, those read as the token is read come first, then those whose part
    of speech fits the token's (非 as a prefix is "non-", not "fault"); the index's
    ranking is kept otherwise.
    """
    found = index.variants(lemma) if lemma else ()
    if not found and surface != lemma:
        found = index.variants(surface)
    hints = _POS_HINTS.get(pos, ())
    if hints:
        found = tuple(_senses_for_pos(e, hints) for e in found)
    if len(found) > 1:
        wanted = _to_hiragana(reading) if reading else ""
        found = tuple(
            sorted(
                found,
                key=lambda e: (
                    bool(wanted) and wanted not in {_to_hiragana(r) for r in e.readings},
                    # UniDic's normalised lemma names the kanji spelling of a kana word
                    # (なる → 成る), which JMdict's frequency order alone gets wrong (生る).
                    bool(norm_lemma) and norm_lemma != lemma and norm_lemma not in e.kanji_forms,
                    bool(hints) and not _fits_pos(e, hints),
                ),
            )
        )
    return found


_GLOSSARY_UNSET = object()
_glossary_lookup = _GLOSSARY_UNSET


def _glossary_entries(query: str) -> list[Entry]:
    """The user's glossary entries for ``query`` (issue 6); none until ``bireader.glossary`` exists."""
    global _glossary_lookup
    if _glossary_lookup is _GLOSSARY_UNSET:
        try:
            from bireader import glossary
        except ModuleNotFoundError as err:
            if err.name != "bireader.glossary":
                raise
            _glossary_lookup = None
        else:
            _glossary_lookup = getattr(glossary, "lookup_terms", None)
    if _glossary_lookup is None:
        return []
    return list(_glossary_lookup(query))


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
