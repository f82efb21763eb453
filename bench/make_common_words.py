"""Regenerate src/bireader/data/common_words.txt (the words `bireader read --vocab rare` hides).

JMdict marks common words with priority tags; a word counts as very common here when
one of its spellings is

- basic vocabulary (``ichi1``, from the "Ichimango goi bunruishuu" list) and among the
  4,000 most frequent words of the Mainichi Shimbun corpus (``nf01``–``nf08``), or
- among the 1,000 most frequent news words (``nf01``–``nf02``) on its own, or
- basic vocabulary written with at most one kanji (上, 誰, 待つ, もし): everyday native
  words, which the news ranking undercounts.

All spellings (kanji and kana) of such a word are listed. Data: JMdict (EDRDG,
CC BY-SA 4.0) from jamdict-data.

Usage: python bench/make_common_words.py > src/bireader/data/common_words.txt
"""

from __future__ import annotations

import re
import sqlite3
import sys
from collections import defaultdict
from pathlib import Path

TOP_NEWS = 8  # nf01..nf08: the 4,000 most frequent news words (500 per band)
TOP_NEWS_ALONE = 2  # nf01..nf02: common enough without the ichi1 mark
_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff々]")


def is_very_common(tags: set[str], first_kanji_form: str | None) -> bool:
    bands = [int(t[2:]) for t in tags if t.startswith("nf") and t[2:].isdigit()]
    best = min(bands, default=99)
    if ("ichi1" in tags and best <= TOP_NEWS) or best <= TOP_NEWS_ALONE:
        return True
    return "ichi1" in tags and (first_kanji_form is None or len(_KANJI.findall(first_kanji_form)) <= 1)


def main() -> None:
    import jamdict_data

    db = sqlite3.connect(Path(jamdict_data.__file__).parent / "jamdict.db")
    tags: dict[int, set[str]] = defaultdict(set)
    forms: dict[int, set[str]] = defaultdict(set)
    first_kanji: dict[int, str] = {}
    for table, ptable in (("Kanji", "KJP"), ("Kana", "KNP")):
        for idseq, text, tag in db.execute(
            f"SELECT k.idseq, k.text, p.text FROM {table} k LEFT JOIN {ptable} p ON p.kid = k.ID ORDER BY k.ID"
        ):
            forms[idseq].add(text)
            if table == "Kanji":
                first_kanji.setdefault(idseq, text)
            if tag:
                tags[idseq].add(tag)
    words: set[str] = set()
    for idseq, t in tags.items():
        if is_very_common(t, first_kanji.get(idseq)):
            words |= forms[idseq]
    out = sys.stdout
    out.write("# Very common Japanese words, hidden by `bireader read --vocab rare`.\n")
    out.write("# From JMdict priority marks (see bench/make_common_words.py for the rule);\n")
    out.write("# JMdict (c) EDRDG, CC BY-SA 4.0. Regenerate: python bench/make_common_words.py\n")
    for word in sorted(words):
        out.write(word + "\n")


if __name__ == "__main__":
    main()
