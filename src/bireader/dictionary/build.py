"""One-time conversion of jamdict-data's JMdict/JMnedict SQLite into bireader's compact index.

The index is one SQLite file (``bireader.paths.dictionary_index()``):

- ``meta(key, value)``: ``format_version``, ``source_version``, ``marshal_version``, counts,
  build time.
- ``spellings(block INTEGER PRIMARY KEY, offsets BLOB, data BLOB)``: every JMdict spelling's
  row, holding all its entries packed and ranked (``packing``). A spelling's key id in the
  ``words`` trie numbers its row; rows go ``SPELLING_BLOCK`` to a block, concatenated in
  ``data``, with ``offsets`` (``array('I')``, one more than the rows) saying where each
  starts. A word lookup reads its row's bytes through an open blob handle on its block
  (``lookup``): no SQL statement, a third of the cost of a probe by key. Entries sharing a
  spelling are ranked by ``_rank`` (common spellings first …), then by key.
- ``name_spellings(form, rank, key)``: every JMnedict spelling → name, clustered on
  ``(form, rank)`` so one indexed range scan (joined to ``entries``) returns the names ranked.
- ``entries(key INTEGER PRIMARY KEY, data BLOB)``: every entry by key, for lookups by key
  (the English glosses, a kanji's words, the word store) and the names. A JMdict entry,
  keyed by its ``ent_seq``, is its ``packing.word_record`` (marshal): kanji forms, readings,
  senses (``(glosses, pos, misc)``), priorities, the wordfreq rank (``frequency.compute_ranks``;
  None when unranked), the spellings and readings each sense is restricted to, the headword.
  JMnedict sequence numbers overlap JMdict's, so a name is keyed ``NAME_KEY_OFFSET + ent_seq``;
  it is a compact JSON array, ``[kanji_forms, readings, senses, []]`` with a sense
  ``[glosses, types]`` (made inside SQLite, which is quicker than in Python).
- ``blobs(name, data)``: marisa tries (``words``: every JMdict spelling, ``names``: every
  JMnedict spelling) for longest-match scanning, cheap "is this spelled anywhere" checks and
  the ids of the spellings' rows; ``inflectable``, the spellings of JMdict verbs, adjectives
  and nouns taking する, with ``inflectable_kinds`` (uint64 per trie key id: the deinflection
  kinds of that spelling).
- ``kanji(literal, data)``: KANJIDIC2, one JSON object per character (``_kanjidic``).
- ``glosses``: a contentless FTS5 index of the English glosses of JMdict (row id
  ``ent_seq * GLOSS_SLOTS + n`` for the entry's n-th gloss), for English queries.

The file is written under a temporary name in the same directory and moved into place
with ``os.replace``, so a reader never sees a half-built index.
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
import tempfile
import time
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from bireader.dictionary import frequency, kanjidic
from bireader.dictionary.deinflect import dictionary_forms, lexical_kinds
from bireader.dictionary.packing import (
    MARSHAL_VERSION,
    NAME_KEY_OFFSET,
    USUALLY_KANA,
    pack_blocks,
    pack_entry,
    pack_row,
    pack_word,
    word_record,
)
from bireader.dictionary.source_rows import grouped
from bireader.errors import DictionaryMissing

# Bump when the schema or the blob layout changes: an index of another version is rebuilt.
# 7: one row of packed entries per spelling (``spellings``) replaced the forms table and its JOIN.
# 8: the spellings' rows in blocks, read through blob handles.
FORMAT_VERSION = 8
GLOSS_SLOTS = 256  # gloss row ids are ent_seq * GLOSS_SLOTS + the gloss's number in its entry
NAME_RANK = 1_000_000  # every JMnedict spelling ranks at or after this (``_rank``): words come first
COMMON_TAGS = frozenset({"news1", "ichi1", "spec1", "spec2", "gai1"})

# JMdict spells parts of speech as entity descriptions; these are the short labels shown.
_POS_LABELS = {
    "noun (common) (futsuumeishi)": "noun",
    "noun or participle which takes the aux. verb suru": "suru verb",
    "expressions (phrases, clauses, etc.)": "expression",
    "nouns which may take the genitive case particle 'no'": "no-adjective",
    "adjectival nouns or quasi-adjectives (keiyodoshi)": "na-adjective",
    "transitive verb": "transitive",
    "intransitive verb": "intransitive",
    "Ichidan verb": "ichidan verb",
    "adverb (fukushi)": "adverb",
    "adjective (keiyoushi)": "i-adjective",
    "adjective (keiyoushi) - yoi/ii class": "i-adjective (yoi/ii)",
    "adverb taking the 'to' particle": "to-adverb",
    "noun or verb acting prenominally": "prenominal",
    "noun, used as a suffix": "suffix noun",
    "noun, used as a prefix": "prefix noun",
    "interjection (kandoushi)": "interjection",
    "'taru' adjective": "taru-adjective",
    "suru verb - special class": "suru verb (special)",
    "suru verb - included": "suru verb (included)",
    "pre-noun adjectival (rentaishi)": "pre-noun adjectival",
    "Ichidan verb - zuru verb (alternative form of -jiru verbs)": "zuru verb",
    "Godan verb - Iku/Yuku special class": "godan verb (iku)",
    "Kuru verb - special class": "kuru verb",
    "unclassified": "",
}
# Sense notes (JMdict <misc>) in the short form shown after a sense.
_MISC_LABELS = {
    "word usually written using kana alone": "usually kana",
    "honorific or respectful (sonkeigo) language": "honorific",
    "humble (kenjougo) language": "humble",
    "polite (teineigo) language": "polite",
    "onomatopoeic or mimetic word": "onomatopoeia",
    "idiomatic expression": "idiom",
    "obscure term": "obscure",
    "obsolete term": "obsolete",
    "abbreviation": "abbreviation",
}
_GODAN = re.compile(r"^Godan verb with '(\w+)' ending$")

ProgressCallback = Callable[[str, float], None]  # (step description, fraction done 0..1)


SOURCE_ENV = "BIREADER_DICTIONARY_SOURCE"  # a JMdict-shaped SQLite to build from (tests)


def source_database() -> Path:
    """The SQLite to build from: ``$BIREADER_DICTIONARY_SOURCE``, else the one jamdict-data ships."""
    override = os.environ.get(SOURCE_ENV)
    if override:
        path = Path(override).expanduser()
        if not path.is_file():
            raise DictionaryMissing(f"{SOURCE_ENV} names {path}, which does not exist")
        return path
    try:
        import jamdict_data
    except ImportError as err:
        raise DictionaryMissing(
            "the jamdict-data package is not installed; install it with `pip install jamdict-data`"
        ) from err
    path = Path(jamdict_data.__file__).resolve().parent / "jamdict.db"
    if not path.is_file():
        raise DictionaryMissing(f"jamdict-data is installed but {path} is missing; reinstall jamdict-data")
    return path


def source_version(source: Path | None = None) -> str:
    """A string that changes whenever the source data changes: file name and size, plus the
    jamdict-data version when it is the packaged file."""
    path = source or source_database()
    try:
        size = path.stat().st_size
    except OSError as err:
        raise DictionaryMissing(f"cannot read the dictionary data at {path}: {err.strerror}") from err
    version = ""
    jamdict_data = sys.modules.get("jamdict_data")
    if jamdict_data is not None and path.parent == Path(jamdict_data.__file__).resolve().parent:
        version = f"jamdict-data {getattr(jamdict_data, '__version__', '?')}; "
    return f"{version}{path.name} {size} bytes"


def short_pos(text: str) -> str:
    """A short label for a JMdict part-of-speech description (``noun``, ``godan verb (ku)``)."""
    label = _POS_LABELS.get(text)
    if label is not None:
        return label
    m = _GODAN.match(text)
    if m:
        return f"godan verb ({m.group(1)})"
    return text


def _rank(source: int, tags: list[str], kind: int) -> int:
    """Order of an entry among those sharing a spelling: lower is better.

    Common spellings first, then how well the spelling matched (0: the headword,
    1: another spelling, 2: the kana reading of a word written in kanji), then the
    nfXX frequency band (01 = most frequent, 99 = unranked).
    """
    common = 0 if any(t in COMMON_TAGS for t in tags) else 1
    nf = 99
    for t in tags:
        if t.startswith("nf") and t[2:].isdigit():
            nf = int(t[2:])
    return source * 1_000_000 + common * 100_000 + kind * 1_000 + nf



@dataclass
class _Build:
    """What the build steps share: the two databases, the progress callback, and what earlier
    steps collected for later ones."""

    src: sqlite3.Connection
    src_path: Path
    out: sqlite3.Connection
    emit: ProgressCallback
    counts: dict[str, int] = field(default_factory=dict)
    forms: list[tuple[str, int, int, int]] = field(default_factory=list)  # JMdict (form, rank, key, kinds)
    word_forms: set[str] = field(default_factory=set)
    words: object = None  # the marisa trie of word_forms, once built
    records: dict[int, tuple] = field(default_factory=dict)  # JMdict key → packing.word_record
    names: object = None  # the marisa trie of the JMnedict spellings, once built
    inflectable: dict[str, int] = field(default_factory=dict)  # spelling → deinflection kinds
    entry_kinds: dict[int, int] = field(default_factory=dict)  # JMdict key → its deinflection kinds
    glosses: list[tuple[int, str]] = field(default_factory=list)  # (rowid, gloss) for the FTS index
    ranked_words: list[tuple[int, int, str]] = field(default_factory=list)  # (rank, key, kanji spelling)


def _read_jmdict(build: _Build):
    """Yield ``(key, (kanji, readings, senses, priorities, only), [(form, rank)], pos)`` for every JMdict
    entry (the parts of ``packing.word_record``); collect its glosses."""
    conn, emit = build.src, build.emit
    kanji = grouped(conn, "SELECT idseq, ID, text FROM Kanji ORDER BY ID")
    kjp = grouped(conn, "SELECT kid, text FROM KJP ORDER BY rowid")
    emit("reading JMdict spellings", 0.05)
    kana = grouped(conn, "SELECT idseq, ID, text, nokanji FROM Kana ORDER BY ID")
    knp = grouped(conn, "SELECT kid, text FROM KNP ORDER BY rowid")
    emit("reading JMdict senses", 0.10)
    senses = grouped(conn, "SELECT idseq, ID FROM Sense ORDER BY ID")
    pos = grouped(conn, "SELECT sid, text FROM pos ORDER BY rowid")
    misc = grouped(conn, "SELECT sid, text FROM misc ORDER BY rowid")
    # A sense may apply only to some spellings (stagk) or readings (stagr): 一人 read いちにん is
    # "one person", never "alone".
    restricted = grouped(conn, "SELECT sid, text FROM stagk UNION ALL SELECT sid, text FROM stagr")
    gloss = grouped(conn, "SELECT sid, text FROM SenseGloss WHERE lang = 'eng' OR lang IS NULL ORDER BY rowid")
    emit("converting JMdict", 0.20)
    short: dict[str, str] = {}  # short_pos by description: a few hundred, met a million times
    ids = [row[0] for row in conn.execute("SELECT idseq FROM Entry ORDER BY idseq")]
    for done, idseq in enumerate(ids):
        if done % 20_000 == 0:
            emit("converting JMdict", 0.20 + 0.30 * done / len(ids))
        ks = kanji.get(idseq, ())
        rs = kana.get(idseq, ())
        out_senses = []
        out_only = []
        last_pos: tuple[str, ...] = ()
        all_pos: set[str] = set()
        usually_kana = False
        gloss_number = 0
        for sid in senses.get(idseq, ()):
            labels = []
            for t in pos.get(sid, ()):
                label = short.get(t)
                if label is None:
                    label = short[t] = short_pos(t)
                if label:
                    labels.append(label)
            if labels:
                p = last_pos = tuple(labels)
            else:
                p = last_pos  # JMdict states a pos once for the senses that follow it
            m = tuple([_MISC_LABELS.get(t, t) for t in misc.get(sid, ())])
            if not out_senses and USUALLY_KANA in m:
                usually_kana = True
            glosses = gloss.get(sid)
            if not glosses:
                continue
            all_pos.update(p)
            only = restricted.get(sid)
            for g in glosses:
                if gloss_number < GLOSS_SLOTS:
                    build.glosses.append((idseq * GLOSS_SLOTS + gloss_number, g))
                gloss_number += 1
            out_senses.append((tuple(glosses), p, m))
            out_only.append(tuple(only) if only else None)
        if not out_senses:
            continue
        priorities: list[str] = []
        forms: list[tuple[str, int]] = []
        for i, (kid, text) in enumerate(ks):
            tags = kjp.get(kid, ())
            priorities.extend(t for t in tags if t not in priorities)
            forms.append((text, _rank(0, tags, 0 if i == 0 else 1)))
        for i, (kid, text, nokanji) in enumerate(rs):
            tags = knp.get(kid, ())
            priorities.extend(t for t in tags if t not in priorities)
            if not ks or usually_kana:
                kind = 0 if i == 0 else 1
            else:
                kind = 2
            forms.append((text, _rank(0, tags, kind)))
        only_all = tuple(out_only) if any(o is not None for o in out_only) else ()
        parts = (tuple([k[1] for k in ks]), tuple([r[1] for r in rs]), tuple(out_senses), tuple(priorities), only_all)
        yield idseq, parts, forms, all_pos


def _jmdict(build: _Build) -> None:
    """JMdict: the entries with their frequency ranks, the words trie, the inflectable spellings,
    the glosses."""
    import marisa_trie

    parts_by_key = []
    inflectable = build.inflectable
    for key, parts, entry_forms, all_pos in _read_jmdict(build):
        parts_by_key.append((key, parts))
        entry_kinds = 0
        for form, rank in entry_forms:
            kinds = lexical_kinds(all_pos, form)
            build.forms.append((form, rank, key, kinds))
            build.word_forms.add(form)
            if kinds:
                inflectable[form] = inflectable.get(form, 0) | kinds
                entry_kinds |= kinds
        if entry_kinds:
            build.entry_kinds[key] = entry_kinds
    build.emit("sorting JMdict spellings", 0.50)
    build.forms.sort()
    build.words = marisa_trie.Trie(build.word_forms)
    build.emit("ranking JMdict by frequency (wordfreq)", 0.53)
    ranks = _frequency_ranks(build)
    build.counts["ranked"] = len(ranks)
    build.emit("writing JMdict entries", 0.56)
    rows = []
    records = build.records
    for key, parts in parts_by_key:
        rank = ranks.get(key)
        if rank is not None and parts[0]:
            build.ranked_words.append((rank, key, parts[0][0]))
        record = records[key] = word_record(*parts, rank)
        rows.append((key, pack_entry(record)))
    build.out.executemany("INSERT INTO entries VALUES (?, ?)", rows)
    build.counts["jmdict"] = len(rows)


def _word_spellings(build: _Build) -> None:
    """One packed row per JMdict spelling (after ``_jmnedict``: a row names its spelling's names row)."""
    build.emit("writing JMdict spellings", 0.80)
    build.out.executemany("INSERT INTO spellings VALUES (?, ?, ?)", pack_blocks(sorted(_word_rows(build))))
    build.counts["spellings"] = len(build.words)
    build.records.clear()


def _word_rows(build: _Build):
    """``(words trie id, packed row)`` per JMdict spelling, from the sorted ``build.forms``."""
    words, names, records = build.words, build.names, build.records
    form = None
    group: list[tuple] = []
    last = None
    for spelling, rank, key, kinds in build.forms:
        if (spelling, rank, key) == last:
            continue  # one entry listed twice with one spelling and rank counts once
        last = (spelling, rank, key)
        if spelling != form:
            if group:
                yield words[form], pack_row(group, form in names)
            form, group = spelling, []
        group.append(pack_word(key, records[key], spelling, kinds))
    if group:
        yield words[form], pack_row(group, form in names)


def _frequency_ranks(build: _Build) -> dict[int, int]:
    """JMdict key → wordfreq rank (``frequency.compute_ranks``) over the sorted ``build.forms``.

    A spelling gives its rank to the common entries written so (a kanji spelling, or the kana of
    a word written in kana: なる to 成る and 生る, not to 鳴る), else to the entry ranked first.
    """
    by_form: dict[str, list[tuple[int, int]]] = {}  # spelling → (rank, key), the dictionary's order
    for form, rank, key, _kinds in build.forms:  # sorted by (form, rank)
        by_form.setdefault(form, []).append((rank, key))
    inflectable = build.inflectable
    entry_kinds = build.entry_kinds

    def kinds_of(spelling: str) -> int:
        return inflectable.get(spelling, 0)

    def entries_of(word: str) -> list[int]:
        candidates = by_form.get(word)
        if not candidates:
            return []
        common_written = [key for rank, key in candidates if _is_common_written(rank)]
        return common_written or [candidates[0][1]]

    def stem_entries(word: str) -> list[int]:
        for text in frequency.stem_candidates(word):
            for candidate in dictionary_forms(text, kinds_of):
                for _rank_, key in by_form.get(candidate.form, ()):
                    if entry_kinds.get(key, 0) & candidate.kinds:
                        return [key]
        return []

    return frequency.compute_ranks(frequency.wordfreq_words(), entries_of, stem_entries)


def _is_common_written(rank: int) -> bool:
    """Whether a ``_rank`` is a JMdict spelling marked common and written so (kind 0 or 1, not
    the kana reading of a word written in kanji)."""
    return rank < 100_000 and (rank // 1000) % 100 < 2


# JMnedict is converted inside SQLite (the source attached): 740,000 names cost seconds in a
# Python loop and a fraction of that as one INSERT … SELECT. Arrays keep the source's order (ID).
_NAME_ENTRIES = """
INSERT INTO entries (key, data)
SELECT t.idseq + {offset}, json_array(
    (SELECT json_group_array(text) FROM src.NEKanji WHERE idseq = t.idseq),
    (SELECT json_group_array(text) FROM src.NEKana WHERE idseq = t.idseq),
    json_group_array(json_array(json(t.glosses), json(t.types))),
    json('[]'))
FROM (SELECT tr.idseq, tr.ID, g.arr AS glosses, coalesce(y.arr, '[]') AS types
      FROM src.NETranslation tr
      JOIN (SELECT tid, json_group_array(text) arr FROM src.NETransGloss
            WHERE coalesce(lang, 'eng') = 'eng' GROUP BY tid) g ON g.tid = tr.ID
      LEFT JOIN (SELECT tid, json_group_array(text) arr FROM src.NETransType GROUP BY tid) y ON y.tid = tr.ID
      ORDER BY tr.idseq, tr.ID) t
GROUP BY t.idseq
"""
# A name's spellings, ranked as ``_rank(1, (), kind)``: the first kanji spelling is kind 0, the
# others 1; a kana spelling is 0/1 likewise when the name has no kanji, else 2. Collected in a
# temporary table first: the names trie and the spellings' rows are both made from it.
_NAME_FORMS = f"""
CREATE TEMP TABLE name_forms AS
SELECT k.text AS form, {_rank(1, (), 0)} + 1000 * (k.ID != (SELECT min(ID) FROM src.NEKanji WHERE idseq = k.idseq))
       AS rank, k.idseq + {{offset}} AS key
FROM src.NEKanji k
UNION ALL
SELECT r.text, {_rank(1, (), 0)} + 1000 * CASE
        WHEN EXISTS (SELECT 1 FROM src.NEKanji WHERE idseq = r.idseq) THEN 2
        WHEN r.ID = (SELECT min(ID) FROM src.NEKana WHERE idseq = r.idseq) THEN 0 ELSE 1 END,
       r.idseq + {{offset}}
FROM src.NEKana r
"""


def _jmnedict(build: _Build) -> None:
    """JMnedict: names keyed NAME_KEY_OFFSET + ent_seq, their spellings, the names trie.

    Names keep the layout of format 6 (``name_spellings`` JOIN ``entries``): a query meets a
    name far less often than a word (a JMdict row says whether its spelling is also a name),
    and 1.4 million spellings packed whole would make the index 80 MB larger and its build
    seconds longer.
    """
    import marisa_trie

    out, emit = build.out, build.emit
    emit("converting JMnedict", 0.60)
    before = out.total_changes
    out.execute(_NAME_ENTRIES.format(offset=NAME_KEY_OFFSET))
    build.counts["jmnedict"] = out.total_changes - before
    emit("writing JMnedict spellings", 0.70)
    out.execute(_NAME_FORMS.format(offset=NAME_KEY_OFFSET))
    # Names with no English translation got no entry, and so get no spelling.
    out.execute("DELETE FROM name_forms WHERE key NOT IN (SELECT key FROM entries WHERE key >= ?)", (NAME_KEY_OFFSET,))
    out.execute("INSERT OR IGNORE INTO name_spellings SELECT form, rank, key FROM name_forms ORDER BY form, rank, key")
    build.names = marisa_trie.Trie([row[0] for row in out.execute("SELECT form FROM name_forms")])
    out.execute("DROP TABLE name_forms")


def _tries(build: _Build) -> None:
    """The marisa tries: every JMdict spelling, every JMnedict spelling, and the inflectable spellings
    (JMdict verbs, adjectives, nouns taking する) with their kinds in a parallel array."""
    import marisa_trie

    build.emit("building tries", 0.88)
    blobs = [("words", build.words.tobytes()), ("names", build.names.tobytes())]
    inflectable = marisa_trie.Trie(build.inflectable)
    kinds = array("Q", bytes(8 * len(inflectable)))
    for form, key_id in inflectable.iteritems():
        kinds[key_id] = build.inflectable[form]
    blobs += [("inflectable", inflectable.tobytes()), ("inflectable_kinds", kinds.tobytes())]
    build.out.executemany("INSERT INTO blobs VALUES (?, ?)", blobs)


def _gloss_index(build: _Build) -> None:
    """The English glosses of JMdict, full-text indexed (``bireader lookup deterrence``).

    Contentless: a row's id is ``ent_seq * GLOSS_SLOTS + n`` for the entry's n-th gloss, which is
    all the reverse lookup needs to find the entry and the gloss in it.
    """
    build.emit("indexing English glosses", 0.92)
    build.out.executemany("INSERT INTO glosses (rowid, text) VALUES (?, ?)", build.glosses)


def _kanjidic(build: _Build) -> None:
    """KANJIDIC2: one row per character with its most frequent words (``kanjidic.convert``)."""
    build.emit("converting KANJIDIC2", 0.95)
    build.counts["kanji"] = kanjidic.convert(build.src, build.out, build.ranked_words)


# The build, step by step; a new table is one more step here (and its CREATE in _SCHEMA).
_STEPS: tuple[Callable[[_Build], None], ...] = (_jmdict, _jmnedict, _word_spellings, _tries, _gloss_index, _kanjidic)

_SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE entries (key INTEGER PRIMARY KEY, data BLOB NOT NULL)",
    "CREATE TABLE spellings (block INTEGER PRIMARY KEY, offsets BLOB NOT NULL, data BLOB NOT NULL)",
    "CREATE TABLE name_spellings (form TEXT NOT NULL, rank INTEGER NOT NULL, key INTEGER NOT NULL,"
    " PRIMARY KEY (form, rank, key)) WITHOUT ROWID",
    "CREATE TABLE blobs (name TEXT PRIMARY KEY, data BLOB NOT NULL)",
    "CREATE VIRTUAL TABLE glosses USING fts5(text, content='', tokenize='porter unicode61')",
    "CREATE TABLE kanji (literal TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID",
)


def build(
    target: Path,
    *,
    source: Path | None = None,
    progress: ProgressCallback | None = None,
) -> dict[str, str]:
    """Build the index at ``target`` from the jamdict-data SQLite ``source``; return its meta table.

    Args:
        target: where the index goes; replaced atomically when the build succeeds.
        source: a JMdict-shaped SQLite (default: the one jamdict-data ships).
        progress: called with a step description and the fraction done.

    Raises:
        DictionaryMissing: the source cannot be read or the target cannot be written.
    """
    emit = progress or (lambda _step, _fraction: None)
    started = time.perf_counter()
    src_path = Path(source or source_database()).resolve()
    version = source_version(src_path)
    try:
        src = sqlite3.connect(f"file:{src_path}?mode=ro", uri=True)
    except sqlite3.Error as err:
        raise DictionaryMissing(f"cannot open the dictionary data {src_path}: {err}") from err
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".dictionary-", suffix=".tmp", dir=target.parent)
        os.close(fd)
    except OSError as err:
        raise DictionaryMissing(f"cannot write the dictionary index in {target.parent}: {err.strerror}") from err
    tmp = Path(tmp_name)
    try:
        out = sqlite3.connect(tmp, isolation_level=None, uri=True)
        out.execute("PRAGMA journal_mode = OFF")
        out.execute("PRAGMA synchronous = OFF")
        out.execute("PRAGMA page_size = 8192")
        out.execute("PRAGMA cache_size = -262144")  # 256 MB while building: the forms index is large
        out.execute("PRAGMA temp_store = MEMORY")  # the sorts of the SQL steps
        out.execute("ATTACH DATABASE ? AS src", (f"file:{src_path}?mode=ro",))  # for the SQL steps
        out.execute("BEGIN")
        for statement in _SCHEMA:
            out.execute(statement)
        state = _Build(src=src, src_path=src_path, out=out, emit=emit)
        for step in _STEPS:
            step(state)
        meta = {
            "format_version": str(FORMAT_VERSION),
            "source_version": version,
            "jmdict_entries": str(state.counts["jmdict"]),
            "jmnedict_entries": str(state.counts["jmnedict"]),
            "spellings": str(state.counts["spellings"]),
            "marshal_version": str(MARSHAL_VERSION),
            "frequency_ranked": str(state.counts.get("ranked", 0)),
            "kanjidic2_characters": str(state.counts.get("kanji", 0)),
            "build_seconds": f"{time.perf_counter() - started:.1f}",
        }
        for key, value in _source_meta(src).items():
            meta.setdefault(key, value)
        out.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        out.execute("COMMIT")
        emit("finishing", 0.97)
        out.execute("DETACH DATABASE src")
        out.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except sqlite3.Error as err:
        raise DictionaryMissing(f"cannot build the dictionary index from {src_path}: {err}") from err
    except OSError as err:
        raise DictionaryMissing(f"cannot write the dictionary index {target}: {err.strerror or err}") from err
    finally:
        src.close()
        if tmp.exists():
            tmp.unlink()
    emit("done", 1.0)
    return meta


def _source_meta(src: sqlite3.Connection) -> dict[str, str]:
    """The source's own version notes (``jmdict.version`` …), if it has a meta table."""
    try:
        return {f"source.{k}": str(v) for k, v in src.execute("SELECT key, value FROM meta")}
    except sqlite3.Error:
        return {}


def build_with_progress(target: Path, *, source: Path | None = None, quiet: bool = False) -> dict[str, str]:
    """``build`` with a Rich progress bar on stderr (none when ``quiet`` or stderr is not a terminal)."""
    if quiet:
        return build(target, source=source)
    if not sys.stderr.isatty():
        print(f"building the dictionary index at {target} (once; about half a minute)", file=sys.stderr)
        return build(target, source=source)
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(
        TextColumn("building the dictionary index: {task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("starting", total=1.0)

        def emit(step: str, fraction: float) -> None:
            bar.update(task, description=step, completed=fraction)

        meta = build(target, source=source, progress=emit)
    console.print(f"dictionary index built in {meta['build_seconds']} s: {target}", style="dim", highlight=False)
    return meta
