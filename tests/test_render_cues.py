"""The plain view shows a subtitle unit's cue time beside it."""

from __future__ import annotations

from bireader.model import Unit
from bireader.render import UnitView, cue_time


def test_cue_time_beside_the_unit():
    unit = Unit(index=0, ja="おはよう。", en="Good morning.", source="aligned", score=0.9, time_start=3_723_500, time_end=3_725_000)
    wide = [line.plain for line in UnitView(unit).lines(100)]
    assert wide[0].startswith("   1 1:02:03 おはよう。") and "Good morning." in wide[0]
    narrow = [line.plain for line in UnitView(unit).lines(60)]
    assert narrow[0] == "   1 1:02:03 おはよう。"
    plain = Unit(index=0, ja="おはよう。", en="Good morning.", source="aligned", score=0.9)
    assert UnitView(plain).lines(60)[0].plain == "   1 おはよう。"


def test_cue_time_format():
    assert [cue_time(ms) for ms in (0, 59_999, 61_000, 36_000_000)] == ["0:00:00", "0:00:59", "0:01:01", "10:00:00"]
