"""Subtitle cues paired by time (bireader.align.timing): split and merged cues, shifted and drifting films,
and the text aligner only where the times disagree."""

from __future__ import annotations

import random

import pytest

from bireader.model import Bead
from bireader.align.timing import estimate_mapping, pair_by_time


class RecordingAligner:
    """A stand-in text aligner: pairs by position (1:1, the rest alone) and records what it was asked."""

    def __init__(self):
        self.calls: list[tuple[list[str], list[str]]] = []

    def __call__(self, ja, en):
        self.calls.append((list(ja), list(en)))
        k = min(len(ja), len(en))
        return (
            [Bead((i,), (i,), 0.5) for i in range(k)]
            + [Bead((i,), (), 0.0) for i in range(k, len(ja))]
            + [Bead((), (j,), 0.0) for j in range(k, len(en))]
        )


def _pair(ja, en):
    aligner = RecordingAligner()
    result = pair_by_time(ja, en, [f"ja{i}" for i in range(len(ja))], [f"en{j}" for j in range(len(en))], align_texts=aligner)
    _check_cover(result.beads, len(ja), len(en))
    return result, aligner


def _check_cover(beads, n, m):
    """Every cue of both sides once, in order (the invariant of align_units too)."""
    assert [i for b in beads for i in b.ja] == list(range(n))
    assert [j for b in beads for j in b.en] == list(range(m))
    assert all(0.0 <= b.score <= 1.0 for b in beads)


def _shape(beads):
    return [(b.ja, b.en) for b in beads]


def test_same_cues_pair_one_to_one():
    ja = [(1000, 3000), (3500, 6000), (6500, 9000)]
    en = [(1050, 2950), (3600, 5900), (6400, 9100)]  # another release: a few ms either way
    result, aligner = _pair(ja, en)
    assert _shape(result.beads) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    assert aligner.calls == []
    assert (result.scale, result.offset_ms) == (1.0, 0.0)


def test_a_cue_split_in_two_on_the_other_side_is_one_to_two():
    ja = [(1000, 3000), (3500, 8000), (8500, 10000)]
    en = [(1000, 3000), (3500, 5600), (5700, 8000), (8500, 10000)]
    result, aligner = _pair(ja, en)
    assert _shape(result.beads) == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,))]
    assert aligner.calls == []


def test_two_cues_merged_on_the_other_side_are_two_to_one():
    ja = [(1000, 2000), (2100, 4000), (4500, 6000)]
    en = [(1000, 4000), (4500, 6000)]
    result, _ = _pair(ja, en)
    assert _shape(result.beads) == [((0, 1), (0,)), ((2,), (1,))]


def test_overlapping_chains_give_n_to_m():
    # ja  [0-3][3-6][6-9]       en [0-4.5][4.5-9]: every cue overlaps its neighbours' partners by half.
    ja = [(0, 3000), (3000, 6000), (6000, 9000)]
    en = [(0, 4500), (4500, 9000)]
    result, _ = _pair(ja, en)
    assert _shape(result.beads) == [((0, 1, 2), (0, 1))]


def test_a_touching_edge_is_not_a_link():
    # The English cue starts 200 ms before the Japanese one ends: a neighbour, not a partner.
    ja = [(0, 2000), (2500, 5000)]
    en = [(0, 2000), (1800, 5000)]
    result, _ = _pair(ja, en)
    assert _shape(result.beads) == [((0,), (0,)), ((1,), (1,))]


def test_cues_with_no_partner_in_time_stay_alone():
    ja = [(1000, 3000), (20000, 22000), (40000, 42000)]  # a song subtitled in Japanese only
    en = [(1000, 3000), (40000, 42000)]
    result, aligner = _pair(ja, en)
    assert _shape(result.beads) == [((0,), (0,)), ((1,), ()), ((2,), (1,))]
    assert aligner.calls == []  # one side only: nothing for the text aligner


def test_the_text_aligner_pairs_only_where_times_disagree():
    # Between two well-timed pairs, one stretch where the English was timed badly.
    ja = [(1000, 3000), (10000, 12000), (13000, 15000), (30000, 32000)]
    en = [(1000, 3000), (16000, 17000), (18000, 19000), (30000, 32000)]
    result, aligner = _pair(ja, en)
    assert aligner.calls == [(["ja1", "ja2"], ["en1", "en2"])]
    assert _shape(result.beads) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]
    assert result.by_text == 2


def _film(seed: int, count: int = 300):
    rng = random.Random(seed)
    cues, t = [], 0
    for _ in range(count):
        t += rng.randint(400, 3000)
        length = rng.randint(900, 4500)
        cues.append((t, t + length))
        t += length
    return cues, rng


@pytest.mark.parametrize("shift", [2500, -4000, 45_000])
def test_a_shifted_film_is_found_and_paired(shift):
    ja, rng = _film(1)
    en = [(s - shift + rng.randint(-120, 120), e - shift + rng.randint(-120, 120)) for s, e in ja]
    result, aligner = _pair(ja, en)
    assert result.offset_ms == pytest.approx(shift, abs=200)
    assert _shape(result.beads) == [((i,), (i,)) for i in range(len(ja))]
    assert aligner.calls == []


def test_a_film_at_another_frame_rate_is_mapped_by_its_drift():
    ja, _ = _film(2, 600)
    # The English release runs at 25 fps against 23.976: its times are 4.1% shorter, plus a shift.
    en = [(round(s * 23.976 / 25) + 1500, round(e * 23.976 / 25) + 1500) for s, e in ja]
    result, _ = _pair(ja, en)
    assert result.scale == pytest.approx(25 / 23.976, rel=1e-3)
    assert sum(1 for b in result.beads if len(b.ja) == 1 and len(b.en) == 1) >= 0.98 * len(ja)


def test_files_in_sync_are_never_nudged():
    ja, _ = _film(3)
    assert estimate_mapping(ja, ja) == (1.0, 0.0)


def test_split_and_merged_cues_in_a_long_film():
    ja, rng = _film(4, 500)
    en, expected = [], []
    for i, (s, e) in enumerate(ja):
        if i % 7 == 3:  # the English splits this line in two
            middle = (s + e) // 2
            expected.append(((i,), (len(en), len(en) + 1)))
            en += [(s, middle - 40), (middle + 40, e)]
        else:
            expected.append(((i,), (len(en),)))
            en.append((s + rng.randint(-100, 100), e + rng.randint(-100, 100)))
    result, _ = _pair(ja, en)
    assert _shape(result.beads) == expected


def test_empty_sides():
    result, _ = _pair([(0, 1000)], [])
    assert _shape(result.beads) == [((0,), ())]
