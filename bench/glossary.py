"""Benchmark: match 1,000 glossary terms against the whole corpus article.

Usage: python bench/glossary.py [JA_FILE] [--terms N] [--runs R]

Builds a throw-away glossary (in a temporary BIREADER_HOME) of N terms: every
content word and noun compound of the article (so there are many real matches,
verbs included, which exercises the dictionary-form path) topped up with
made-up kanji terms, then times ``find_terms`` warm (automaton built, tagger
loaded), best of R runs, with and without tokens passed in.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(ROOT / "corpus" / "iiss-russia-nuclear.ja.txt"))
    parser.add_argument("--terms", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    os.environ["BIREADER_HOME"] = tempfile.mkdtemp(prefix="bireader-bench-")

    from importlib.metadata import version

    from bireader import glossary
    from bireader.document import read_document
    from bireader.tokens import tokenize

    doc = read_document(args.file)
    text = doc.text
    tokens = tokenize(text)

    terms: dict[str, str] = {}
    for tok in tokens:
        if tok.is_content and len(tok.lemma) > 1:
            terms.setdefault(tok.lemma, f"gloss of {tok.lemma}")
    run: list[str] = []
    for tok in tokens + [None]:  # noun compounds: runs of adjacent nouns
        if tok is not None and tok.pos == "名詞":
            run.append(tok.surface)
            continue
        if len(run) > 1:
            terms.setdefault("".join(run), "compound")
        run = []
    real = len(terms)
    rng = random.Random(6)
    kanji = [chr(c) for c in range(0x4E00, 0x9FA0)]
    while len(terms) < args.terms:
        terms.setdefault("".join(rng.choices(kanji, k=rng.randint(2, 6))), "made up")
    terms = dict(list(terms.items())[: args.terms])

    with glossary.open_glossary() as g:
        g.import_tsv(__import__("io").StringIO("".join(f"{t}\t{tr}\n" for t, tr in terms.items())))

    t0 = time.perf_counter()
    glossary.find_terms(text, tokens)
    cold = time.perf_counter() - t0

    def best(fn) -> float:
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        return min(times), sorted(times)[len(times) // 2]

    with_tokens = best(lambda: glossary.find_terms(text, tokens))
    without_tokens = best(lambda: glossary.find_terms(text))
    tokenize_only = best(lambda: tokenize(text))
    per_paragraph = best(lambda: [glossary.find_terms(p.text) for p in doc.paragraphs])
    lookup = best(lambda: [glossary.lookup_terms(w) for w in ("非戦略核兵器", "述べた", "存在しない語")])
    matches = glossary.find_terms(text, tokens)

    print(f"python {platform.python_version()}, pyahocorasick {version('pyahocorasick')}, {sys.platform}")
    print(f"text: {args.file} ({len(text):,} chars, {len(tokens):,} tokens)")
    print(f"glossary: {len(terms):,} terms ({real} from the article, the rest made up); {len(matches)} matches")
    print(f"first call (automaton build):  {cold * 1000:7.2f} ms")
    print(f"find_terms, tokens given:      {with_tokens[0] * 1000:7.2f} ms best, {with_tokens[1] * 1000:.2f} ms median of {args.runs}")
    print(f"find_terms, tokenizing itself: {without_tokens[0] * 1000:7.2f} ms best, {without_tokens[1] * 1000:.2f} ms median")
    print(f"  (tokenize alone:             {tokenize_only[0] * 1000:7.2f} ms best)")
    print(f"find_terms per paragraph x{len(doc.paragraphs)}: {per_paragraph[0] * 1000:5.2f} ms best (tokenizing itself)")
    print(f"lookup_terms x3:               {lookup[0] * 1000:7.3f} ms best")


if __name__ == "__main__":
    main()
