"""Tests of bireader.unit_lines: a long text piped through `read -t gloss` is rendered by forked
workers, and what they write is what one process would have written, in the same order."""

from __future__ import annotations

import multiprocessing
import os

import pytest
from typer.testing import CliRunner

from bireader import dictionary, unit_lines
from bireader.cli import app
from bireader.reading import stream_reading
from bireader.unit_lines import LineOptions, plain_texts, workers_for

runner = CliRunner()
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")


def _text(tmp_path, paragraphs: int):
    # Words of the tiny dictionary, so the gloss and the notes use the index in every worker.
    lines = [f"第{n}段落。核兵器の抑止力を述べる。" + ("一人で行く。" if n % 3 else "エスカレーション。") for n in range(paragraphs)]
    path = tmp_path / "long.ja.txt"
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_workers_render_what_one_process_renders_in_order(tmp_path, tiny_dictionary):
    stream = stream_reading(_text(tmp_path, 90), translator="gloss")
    options = LineOptions(width=60, vocab="all", readings="all")
    alone = "".join(plain_texts(stream, 0, stream.total, options, workers=1))
    together = list(plain_texts(stream, 0, stream.total, options, workers=2, chunk=16))
    assert len(together) == 6  # 90 units in chunks of 16
    assert "".join(together) == alone
    assert "deterrence" in alone and "(よくしりょく)" in alone  # glossed, with notes and readings
    # A range that starts inside a paragraph run renders as the whole does from there.
    part = "".join(plain_texts(stream, 10, 50, options, workers=2, chunk=7))
    assert part == "".join(plain_texts(stream, 10, 50, options, workers=1))


def test_a_range_from_inside_a_paragraph_renders_as_one_process_loop_does(tmp_path, tiny_dictionary):
    from bireader.unit_lines import plain, units_lines

    stream = stream_reading(_text(tmp_path, 40), translator="gloss", level="sentence")
    options = LineOptions(width=70, level="sentence", vocab="none")
    start, stop = 4, 100  # unit 4 is the second sentence of a paragraph
    assert stream.peek(start - 1).paragraph == stream.peek(start).paragraph
    loop = "".join(plain(lines) for lines in units_lines(stream.units(start, stop), options))
    assert "¶" in loop.splitlines()[0]  # the first unit shown is marked as its paragraph's
    for workers, chunk in ((1, 64), (2, 10)):
        assert "".join(plain_texts(stream, start, stop, options, workers=workers, chunk=chunk)) == loop


def test_only_long_offline_glosses_are_rendered_by_workers(tmp_path, monkeypatch):
    stream = stream_reading(_text(tmp_path, 10), translator="gloss")
    monkeypatch.setattr(unit_lines.threading, "active_count", lambda: 1)
    assert workers_for(stream, unit_lines.PARALLEL_MIN_UNITS - 1) == 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert workers_for(stream, unit_lines.PARALLEL_MIN_UNITS) == max(1, min(cores or 1, 4))
    monkeypatch.setattr(stream, "source", "mt:google")
    assert workers_for(stream, 10_000) == 1  # an engine's calls and cache stay in one process
    monkeypatch.setattr(stream, "source", "gloss")
    monkeypatch.setattr(unit_lines.threading, "active_count", lambda: 2)
    assert workers_for(stream, 10_000) == 1  # no fork beside another thread


def test_read_piped_renders_a_long_text_with_workers(tmp_path, tiny_dictionary, monkeypatch):
    path = _text(tmp_path, unit_lines.PARALLEL_MIN_UNITS + 20)
    monkeypatch.setattr(unit_lines.threading, "active_count", lambda: 1)  # pytest may run threads
    used = []
    real = unit_lines.plain_texts
    monkeypatch.setattr(
        unit_lines, "plain_texts", lambda *a, **k: used.append(k["workers"]) or real(*a, **k)
    )
    result = runner.invoke(app, ["read", str(path), "-t", "gloss", "--vocab", "none"])
    assert result.exit_code == 0, result.output
    if len(os.sched_getaffinity(0)) > 1:
        assert used and used[0] > 1
    positions = [result.stdout.index(f"第{n}段落") for n in range(unit_lines.PARALLEL_MIN_UNITS + 20)]
    assert positions == sorted(positions)
    # Every unit is there once: the header, then one block a unit.
    assert result.stdout.count("段落。") == unit_lines.PARALLEL_MIN_UNITS + 20


def _lookup_in_child(queue) -> None:
    from bireader.dictionary import lookup as lookup_module

    index = dictionary.default_index()
    queue.put((len(index._connections), [e.headword for e in dictionary.lookup("核兵器")]))
    del lookup_module


def test_a_forked_child_opens_its_own_connections_to_the_index(tiny_dictionary):
    assert [e.headword for e in dictionary.lookup("核兵器")] == ["核兵器"]  # the parent's connection is open
    index = dictionary.default_index()
    parent_connections = list(index._connections)
    assert parent_connections
    queue = multiprocessing.get_context("fork").Queue()
    child = multiprocessing.get_context("fork").Process(target=_lookup_in_child, args=(queue,))
    child.start()
    opened, found = queue.get(timeout=30)
    child.join(30)
    assert child.exitcode == 0
    # The child read the trie it inherited; its entries came through a connection of its own
    # (the decoded entries were inherited too, so it may have needed none at all).
    assert found == ["核兵器"] and opened <= 2
    assert index._connections == parent_connections  # the parent's are untouched
    dictionary.default_index().clear_caches()
    assert [e.headword for e in dictionary.lookup("核兵器")] == ["核兵器"]
