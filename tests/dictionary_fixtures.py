"""Dictionary fixtures: the real index built once per session, and a tiny JMdict-shaped source.

``real_dictionary`` points ``bireader.dictionary`` at an index built from jamdict-data once
per test session (about 25 s), for any test that needs real lookups. ``tiny_dictionary``
builds an index from a handful of hand-written entries in milliseconds, for tests of the
build itself (rebuild on damage, ranking, output).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

# The subset of jamdict-data's schema that bireader's build reads.
_TINY_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
CREATE TABLE Entry (idseq INTEGER NOT NULL UNIQUE);
CREATE TABLE Kanji (ID INTEGER PRIMARY KEY, idseq INTEGER, text TEXT);
CREATE TABLE KJP (kid INTEGER, text TEXT);
CREATE TABLE Kana (ID INTEGER PRIMARY KEY, idseq INTEGER, text TEXT, nokanji BOOLEAN);
CREATE TABLE KNP (kid INTEGER, text TEXT);
CREATE TABLE Sense (ID INTEGER PRIMARY KEY, idseq INTEGER);
CREATE TABLE pos (sid INTEGER, text TEXT);
CREATE TABLE misc (sid INTEGER, text TEXT);
CREATE TABLE stagk (sid INTEGER, text TEXT);
CREATE TABLE stagr (sid INTEGER, text TEXT);
CREATE TABLE SenseGloss (sid INTEGER, lang TEXT, gend TEXT, text TEXT);
CREATE TABLE NEEntry (idseq INTEGER NOT NULL UNIQUE);
CREATE TABLE NEKanji (ID INTEGER PRIMARY KEY, idseq INTEGER, text TEXT);
CREATE TABLE NEKana (ID INTEGER PRIMARY KEY, idseq INTEGER, text TEXT, nokanji BOOLEAN);
CREATE TABLE NETranslation (ID INTEGER PRIMARY KEY, idseq INTEGER);
CREATE TABLE NETransType (tid INTEGER, text TEXT);
CREATE TABLE NETransGloss (tid INTEGER, lang TEXT, gend TEXT, text TEXT);
"""

NOUN = "noun (common) (futsuumeishi)"
VS_NOUN = "noun or participle which takes the aux. verb suru"

# (idseq, kanji [(text, [priorities])], kana [(text, [priorities])],
#  senses [([glosses], [pos], [misc]) or ([glosses], [pos], [misc], [readings the sense is restricted to])])
TINY_WORDS = [
    (1000010, [("抑止力", [])], [("よくしりょく", [])], [(["deterrence"], [NOUN], [])]),
    (1000020, [("核兵器", ["news1", "nf10"])], [("かくへいき", ["news1"])], [(["nuclear weapon"], [NOUN], [])]),
    (1000030, [("述べる", ["ichi1"])], [("のべる", ["ichi1"])], [(["to state", "to express"], ["Ichidan verb", "transitive verb"], [])]),
    (1000040, [], [("エスカレーション", [])], [(["escalation"], [NOUN], [])]),
    # Two words read かく: the common one must rank first although its id is larger.
    (1000050, [("画く", [])], [("かく", [])], [(["to draw (rare)"], ["Godan verb with 'ku' ending"], [])]),
    (1000060, [("核", ["news1", "nf05"])], [("かく", ["news1"])], [(["nucleus", "core"], [NOUN], []), (["nuclear weapons"], [], [])]),
    (1000070, [("兵器", ["news1"])], [("へいき", ["news1"])], [(["weapon"], [NOUN], [])]),
    # A gloss that looks like Rich markup: the CLI must print it literally.
    (1000080, [("試験語", [])], [("しけんご", [])], [(["[bold]literal[/bold] text"], [NOUN], ["usually written using kana alone"])]),
    # Issue 13: verbs and adjectives to deinflect into, a kana-only word a kanji form is read as
    # (行ける → いける), a sense restricted to one reading, a noun taking する, and a lexicalised
    # short causative (済ます is a verb of its own, not only 済む + short causative).
    (1000090, [("行く", ["ichi1"])], [("いく", ["ichi1"]), ("ゆく", ["ichi1"])], [(["to go"], ["Godan verb - Iku/Yuku special class", "intransitive verb"], [])]),
    (1000100, [], [("いける", [])], [(["to be good (at)"], ["Ichidan verb", "intransitive verb"], [])]),
    (1000110, [("一人", ["ichi1"]), ("独り", ["ichi1"])], [("ひとり", ["ichi1"]), ("いちにん", [])],
     [(["one person"], [NOUN], []), (["alone", "by oneself"], [NOUN], [], ["ひとり"])]),
    (1000120, [("高い", ["ichi1"])], [("たかい", ["ichi1"])], [(["high", "tall"], ["adjective (keiyoushi)"], [])]),
    (1000130, [("勉強", ["ichi1"])], [("べんきょう", ["ichi1"])], [(["study"], [NOUN, VS_NOUN], [])]),
    (1000140, [("済む", ["ichi1"])], [("すむ", ["ichi1"])], [(["to finish", "to end"], ["Godan verb with 'mu' ending", "intransitive verb"], [])]),
    (1000150, [("済ます", ["ichi1"])], [("すます", ["ichi1"])], [(["to finish (something)"], ["Godan verb with 'su' ending", "transitive verb"], [])]),
    (1000160, [("為る", [])], [("する", ["ichi1"])], [(["to do"], ["suru verb - included"], ["word usually written using kana alone"])]),
    (1000170, [("月", ["ichi1"])], [("つき", ["ichi1"])], [(["moon"], [NOUN], []), (["month"], [], [])]),
    (1000180, [("２月", ["ichi1"]), ("二月", ["ichi1"])], [("にがつ", ["ichi1"])], [(["February"], [NOUN], [])]),
]
# JMnedict sequence numbers overlap JMdict's: 1000010 is also 抑止力 above.
TINY_NAMES = [
    (1000010, [], ["プーチン"], [(["Putin"], ["surname"])]),
    (5000001, ["東京"], ["とうきょう"], [(["Tokyo"], ["place"])]),
    (5000002, ["月"], ["あかり"], [(["Akari"], ["fem"])]),
]


def make_tiny_source(path: Path) -> Path:
    """Write a JMdict-shaped SQLite with the entries above; returns ``path``."""
    conn = sqlite3.connect(path)
    conn.executescript(_TINY_SCHEMA)
    conn.execute("INSERT INTO meta VALUES ('jmdict.version', 'tiny')")
    kid = nid = sid = 0
    for idseq, kanji, kana, senses in TINY_WORDS:
        conn.execute("INSERT INTO Entry VALUES (?)", (idseq,))
        for text, pri in kanji:
            kid += 1
            conn.execute("INSERT INTO Kanji VALUES (?, ?, ?)", (kid, idseq, text))
            conn.executemany("INSERT INTO KJP VALUES (?, ?)", [(kid, p) for p in pri])
        for text, pri in kana:
            nid += 1
            conn.execute("INSERT INTO Kana VALUES (?, ?, ?, 0)", (nid, idseq, text))
            conn.executemany("INSERT INTO KNP VALUES (?, ?)", [(nid, p) for p in pri])
        for glosses, pos, misc, *only in senses:
            sid += 1
            conn.execute("INSERT INTO Sense VALUES (?, ?)", (sid, idseq))
            conn.executemany("INSERT INTO pos VALUES (?, ?)", [(sid, p) for p in pos])
            conn.executemany("INSERT INTO misc VALUES (?, ?)", [(sid, m) for m in misc])
            conn.executemany("INSERT INTO stagr VALUES (?, ?)", [(sid, r) for r in (only[0] if only else [])])
            conn.executemany("INSERT INTO SenseGloss VALUES (?, 'eng', NULL, ?)", [(sid, g) for g in glosses])
    kid = nid = tid = 0
    for idseq, kanji, kana, translations in TINY_NAMES:
        conn.execute("INSERT INTO NEEntry VALUES (?)", (idseq,))
        for text in kanji:
            kid += 1
            conn.execute("INSERT INTO NEKanji VALUES (?, ?, ?)", (kid, idseq, text))
        for text in kana:
            nid += 1
            conn.execute("INSERT INTO NEKana VALUES (?, ?, ?, 0)", (nid, idseq, text))
        for glosses, types in translations:
            tid += 1
            conn.execute("INSERT INTO NETranslation VALUES (?, ?)", (tid, idseq))
            conn.executemany("INSERT INTO NETransType VALUES (?, ?)", [(tid, t) for t in types])
            conn.executemany("INSERT INTO NETransGloss VALUES (?, 'eng', NULL, ?)", [(tid, g) for g in glosses])
    conn.commit()
    conn.close()
    return path


@pytest.fixture(scope="session")
def _real_dictionary_file(shared_index_dir) -> Path:
    """The real index, built from jamdict-data once per session (reused if already valid)."""
    from bireader.dictionary.build import build
    from bireader.dictionary.lookup import check_index

    import jamdict_data

    path = shared_index_dir / "dictionary.sqlite"
    if check_index(path, check_source=False) is not None:
        # The packaged data explicitly: a test may have pointed the source elsewhere.
        build(path, source=Path(jamdict_data.__file__).resolve().parent / "jamdict.db")
    return path


@pytest.fixture
def real_dictionary(_real_dictionary_file, monkeypatch) -> Path:
    """Point bireader.dictionary at the session's real index; returns its path."""
    from bireader.dictionary.build import SOURCE_ENV
    from bireader.dictionary.lookup import INDEX_ENV

    monkeypatch.delenv(SOURCE_ENV, raising=False)
    monkeypatch.setenv(INDEX_ENV, str(_real_dictionary_file))
    return _real_dictionary_file


@pytest.fixture
def tiny_dictionary(tmp_path, monkeypatch) -> Path:
    """Point bireader.dictionary at a fresh index path whose source is the tiny fixture
    (built on first use, like the real one); returns the index path."""
    from bireader.dictionary import reset
    from bireader.dictionary.build import SOURCE_ENV
    from bireader.dictionary.lookup import INDEX_ENV

    source = make_tiny_source(tmp_path / "tiny-jmdict.db")
    index = tmp_path / "index" / "dictionary.sqlite"
    monkeypatch.setenv(SOURCE_ENV, str(source))
    monkeypatch.setenv(INDEX_ENV, str(index))
    reset()
    yield index
    reset()
