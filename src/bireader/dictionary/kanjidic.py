"""KANJIDIC2 (as jamdict-data ships it) into the index's ``kanji`` table, at build time.

jamdict's own API reads a character through a dozen queries; the reader needs one row, so the
build folds each character into one JSON object (``kanji.Kanji`` reads it back).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict

from bireader.dictionary.source_rows import grouped



KANJI_WORDS = 12  # the most frequent JMdict words kept per kanji (``bireader kanji`` shows a few)


def convert(src: sqlite3.Connection, out: sqlite3.Connection, ranked_words: list[tuple[int, int, str]]) -> int:
    """KANJIDIC2 (in jamdict-data's SQLite): one row per character, with its most frequent words.

    A row is the JSON object ``kanji.Kanji`` is made from: meanings (English), on and kun
    readings (kun with KANJIDIC's dot before the okurigana: おさ.える), nanori, strokes,
    school grade, old JLPT level, newspaper frequency rank, classical radical number, and
    ``words``: keys of the JMdict words spelt with it, most frequent (wordfreq) first.

    Args:
        src: jamdict-data's SQLite (its ``character``, ``reading``, ``meaning`` … tables).
        out: the index being built (its ``kanji`` table).
        ranked_words: (rank, key, first kanji spelling) of the JMdict entries wordfreq ranks.

    Returns:
        The number of characters written (0 when the source has no KANJIDIC2).
    """
    conn = src
    try:
        chars = conn.execute("SELECT ID, literal, stroke_count, grade, freq, jlpt FROM character ORDER BY ID").fetchall()
    except sqlite3.Error:  # a source without KANJIDIC2 (a test's small JMdict): no kanji table rows
        return 0
    readings = grouped(
        conn,
        "SELECT g.cid, r.r_type, r.value FROM reading r JOIN rm_group g ON g.ID = r.gid"
        " WHERE r.r_type IN ('ja_on', 'ja_kun') ORDER BY r.rowid",
    )
    meanings = grouped(
        conn,
        "SELECT g.cid, m.value FROM meaning m JOIN rm_group g ON g.ID = m.gid"
        " WHERE coalesce(m.m_lang, '') IN ('', 'en') ORDER BY m.rowid",
    )
    nanori = grouped(conn, "SELECT cid, value FROM nanori ORDER BY rowid")
    radical = dict(conn.execute("SELECT cid, value FROM radical WHERE rad_type = 'classical'"))
    words: dict[str, list[int]] = defaultdict(list)
    for _rank_, key, spelling in sorted(ranked_words):
        for ch in dict.fromkeys(spelling):
            held = words.get(ch)
            if held is None or len(held) < KANJI_WORDS:
                words[ch].append(key)
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    rows = []
    for cid, literal, strokes, grade, freq, jlpt in chars:
        read = readings.get(cid, ())
        data = {
            "meanings": meanings.get(cid, []),
            "on": [value for kind, value in read if kind == "ja_on"],
            "kun": [value for kind, value in read if kind == "ja_kun"],
            "nanori": nanori.get(cid, []),
            "strokes": strokes,
            "grade": _int_or_none(grade),
            "jlpt": _int_or_none(jlpt),
            "frequency": _int_or_none(freq),
            "radical": _int_or_none(radical.get(cid)),
            "words": words.get(literal, []),
        }
        rows.append((literal, dumps(data)))
    out.executemany("INSERT OR REPLACE INTO kanji VALUES (?, ?)", rows)
    return len(rows)


def _int_or_none(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


