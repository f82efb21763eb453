"""The reading pipeline: English source selection, units at both levels."""

from __future__ import annotations

import pytest

from bireader.document import document_from_text
from bireader.errors import InputError
from bireader.reading import build_reading, find_sidecar, stream_reading
from conftest import CORPUS_EN, CORPUS_JA

JA_TEXT = "東京は大きい。人が多い。\n\n猫が好きだ。\n"
EN_TEXT = "Tokyo is big. There are many people.\n\nI like cats.\n"


def test_corpus_with_its_sidecar_pairs_20_paragraphs(real_dictionary):
    reading = build_reading(CORPUS_JA, embeddings="off")
    assert reading.source == f"aligned: {CORPUS_EN}"
    assert len(reading.units) == 20
    ja_lines = CORPUS_JA.read_text(encoding="utf-8").splitlines()
    en_lines = CORPUS_EN.read_text(encoding="utf-8").splitlines()
    for i, unit in enumerate(reading.units):
        assert unit.source == "aligned"
        assert unit.ja == ja_lines[i] and unit.en == en_lines[i]
        assert unit.ja_index == (i,) and unit.en_index == (i,)
        assert 0.0 <= unit.score <= 1.0
        assert reading.ja.text[unit.ja_start:unit.ja_end] == unit.ja


def test_sidecar_names(tmp_path):
    (tmp_path / "a.ja.txt").write_text("猫", encoding="utf-8")
    (tmp_path / "a.en.txt").write_text("cat", encoding="utf-8")
    (tmp_path / "b.txt").write_text("犬", encoding="utf-8")
    (tmp_path / "b.en.txt").write_text("dog", encoding="utf-8")
    (tmp_path / "c.ja.txt").write_text("鳥", encoding="utf-8")
    assert find_sidecar(str(tmp_path / "a.ja.txt")) == tmp_path / "a.en.txt"
    assert find_sidecar(str(tmp_path / "b.txt")) == tmp_path / "b.en.txt"
    assert find_sidecar(str(tmp_path / "c.ja.txt")) is None
    assert find_sidecar("-") is None


def test_english_file_is_aligned_at_sentence_level(tmp_path):
    ja = tmp_path / "t.ja.txt"
    en = tmp_path / "other.txt"
    ja.write_text(JA_TEXT, encoding="utf-8")
    en.write_text(EN_TEXT, encoding="utf-8")
    reading = build_reading(ja, english=en, level="sentence", embeddings="off")
    assert reading.level == "sentence"
    assert reading.source == f"aligned: {en}"
    # Every Japanese sentence appears exactly once, in order.
    assert [i for u in reading.units for i in u.ja_index] == [0, 1, 2]
    assert [i for u in reading.units for i in u.en_index] == [0, 1, 2]
    assert reading.units[-1].paragraph == 1
    for unit in reading.units:
        assert unit.ja == reading.ja.text[unit.ja_start:unit.ja_end]


def test_n_to_m_beads_join_their_texts(monkeypatch):
    """A 2:1 bead joins the Japanese with nothing and the English with one space; 0:1 keeps its place."""
    from bireader import align
    from bireader.model import Bead

    ja = document_from_text("一つ目。\n二つ目。\n三つ目。\n", lang="ja")
    en = document_from_text("First and second.\nExtra line.\nThird.\nFourth.\n", lang="en")

    def fake_align(ja_doc, en_doc, *, level, embeddings):
        return [Bead((0, 1), (0,), 0.9), Bead((), (1,), 0.1), Bead((2,), (2, 3), 0.8)]

    monkeypatch.setattr(align, "align_documents", fake_align)
    reading = build_reading(ja, english=en)
    first, extra, last = reading.units
    assert first.ja == "一つ目。二つ目。" and first.en == "First and second."
    assert (first.ja_start, first.ja_end) == (0, len("一つ目。\n二つ目。"))
    assert extra.ja == "" and extra.ja_index == () and extra.paragraph == 1
    assert last.en == "Third. Fourth." and last.score == 0.8
    # A range that starts on the English-only unit still knows where it sits.
    stream = stream_reading(ja, english=en)
    assert [u.index for u in stream.units(1, 2)] == [1]
    assert next(stream.units(1, 2)).paragraph == 1


def test_gloss_is_the_offline_default_and_is_named(tmp_path, monkeypatch):
    from bireader import reading as reading_module

    monkeypatch.setattr(reading_module, "gloss_function", lambda: lambda text: f"GLOSS<{len(text)}>")
    monkeypatch.setattr(reading_module, "default_engine", lambda: None)
    path = tmp_path / "lonely.ja.txt"
    path.write_text("猫がいる。\n犬もいる。\n", encoding="utf-8")
    reading = build_reading(path)
    assert reading.source == "gloss"
    assert [u.source for u in reading.units] == ["gloss", "gloss"]
    assert [u.en for u in reading.units] == ["GLOSS<5>", "GLOSS<5>"]
    assert all(u.score is None for u in reading.units)


def test_gloss_stream_glosses_only_the_range(tmp_path, monkeypatch):
    from bireader import reading as reading_module

    calls = []
    monkeypatch.setattr(reading_module, "gloss_function", lambda: lambda text: calls.append(text) or "g")
    path = tmp_path / "x.txt"
    path.write_text("\n".join(f"段落{i}。" for i in range(50)), encoding="utf-8")
    stream = stream_reading(path, translator="gloss")
    assert stream.total == 50 and calls == []  # nothing glossed up front
    units = list(stream.units(10, 13))
    assert [u.index for u in units] == [10, 11, 12]
    assert calls == ["段落10。", "段落11。", "段落12。"]


def test_configured_engine_is_used_through_translate_texts(tmp_path, monkeypatch):
    from bireader import reading as reading_module
    import bireader.translate as translate

    class Result:
        def __init__(self, texts):
            self.texts = [f"EN:{t}" for t in texts]
            self.sources = ["mt:fake"] * (len(texts) - 1) + ["gloss"]

    seen = {}

    def fake_translate(texts, engine, **kwargs):
        seen["engine"], seen["kwargs"] = engine, kwargs
        return Result(texts)

    monkeypatch.setattr(translate, "translate_texts", fake_translate)
    monkeypatch.setattr(reading_module, "default_engine", lambda: "fake")
    path = tmp_path / "x.ja.txt"
    path.write_text("猫。\n犬。\n", encoding="utf-8")
    reading = build_reading(path, timeout=3.0, fallback="gloss")
    assert reading.source == "mt:fake"
    assert seen["engine"] == "fake" and seen["kwargs"]["timeout"] == 3.0 and seen["kwargs"]["fallback"] == "gloss"
    assert [u.en for u in reading.units] == ["EN:猫。", "EN:犬。"]
    assert [u.source for u in reading.units] == ["mt:fake", "gloss"]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"level": "word"}, "unknown level"),
        ({"embeddings": "maybe"}, "unknown embeddings"),
        ({"english": "x.txt", "translator": "google"}, "not both"),
        ({"fallback": "panic"}, "unknown fallback"),
    ],
)
def test_bad_options_are_input_errors(kwargs, message):
    with pytest.raises(InputError, match=message):
        build_reading(CORPUS_JA, **kwargs)


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        build_reading(tmp_path / "nope.ja.txt")
