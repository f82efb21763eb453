"""Regenerate src/bireader/data/common_words.txt (the words `bireader read --vocab rare` hides).

A word counts as very common when JMdict marks a spelling of it both as basic
vocabulary (``ichi1``: the "Ichimango goi bunruishuu" list of basic words) and as
one of the 4,000 most frequent words of the Mainichi Shimbun corpus (``nf01``–``nf08``),
or as a top-1,000 news word on its own (``nf01``–``nf02``). Both spellings (kanji and
kana) of such a word are listed. Data: JMdict (EDRDG, CC BY-SA 4.0) via jamdict-data.

Usage: python bench/make_common_words.py > src/bireader/data/common_words.txt
"""

from __future__ import annotations

import sqlite3
import sys
from collections import defaultdict
from pathlib import Path

TOP_NEWS = 8  # nf01..nf08: the 4,000 most frequent news words (500 per band)
TOP_NEWS_ALONE = 2  # nf01..nf02: common enough without the ichi1 mark


def main() -> None:
    import jamdict_data

    db = sqlite3.connect(Path(jamdict_data.__file__).parent / "jamdict.db")
    tags: dict[int, set[str]] = defaultdict(set)
    forms: dict[int, set[str]] = defaultdict(set)
    for table, ptable in (("Kanji", "KJP"), ("Kana", "KNP")):
        for idseq, text, tag in db.execute(
            f"SELECT k.idseq, k.text, p.text FROM {table} k LEFT JOIN {ptable} p ON p.kid = k.ID"
        ):
            forms[idseq].add(text)
            if tag:
                tags[idseq].add(tag)
    words: set[str] = set()
    for idseq, t in tags.items():
        bands = [int(x[2:]) for x in t if x.startswith("nf") and x[2:].isdigit()]
        best = min(bands, default=99)
        if ("ichi1" in t and best <= TOP_NEWS) or best <= TOP_NEWS_ALONE:
            words |= forms[idseq]
    out = sys.stdout
    out.write("# Very common Japanese words, hidden by `bireader read --vocab rare`.\n")
    out.write("# Derived from JMdict priority marks (ichi1 with nf01-nf08, or nf01-nf02);\n")
    out.write("# JMdict (c) EDRDG, CC BY-SA 4.0. Regenerate: python bench/make_common_words.py\n")
    for word in sorted(words):
        out.write(word + "\n")


if __name__ == "__main__":
    main()
