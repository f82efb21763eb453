"""Chapter pairing of a book and its English edition (bireader.align.chapters)."""

from __future__ import annotations

import pytest

from bireader.align.chapters import (
    Section,
    _title_number,
    align_section_pair,
    matching_sections,
    pair_sections,
    sections,
)
from bireader.model import Chapter, Document, Paragraph, Sentence

TITLE_NUMBERS = [
    ("第一章", 1), ("第十二章 帰郷", 12), ("第二十三話", 23), ("その百五", 105), ("第３章", 3), ("12", 12),
    ("Chapter 7", 7), ("CHAPTER XIV", 14), ("Chapter Twelve", 12), ("The Third Part", 3), ("まえがき", None),
    ("Preface", None),
]


@pytest.mark.parametrize(("title", "number"), TITLE_NUMBERS)
def test_chapter_numbers_in_titles(title, number):
    assert _title_number(title) == number


def _sections(specs):
    """Sections from (title, chars) pairs, one paragraph each."""
    return [Section(title, k, k + 1, chars) for k, (title, chars) in enumerate(specs)]


BOOK_JA = [("第一章", 3000), ("第二章", 5000), ("第三章", 2000), ("第四章", 4000)]
BOOK_EN = [("Chapter 1", 7000), ("Chapter 2", 11500), ("Chapter 3", 4800), ("Chapter 4", 9000)]


def test_chapters_pair_one_to_one():
    assert pair_sections(_sections(BOOK_JA), _sections(BOOK_EN)) == [(0, 0), (1, 1), (2, 2), (3, 3)]


def test_a_preface_in_one_edition_only_stays_alone():
    ja = _sections([("まえがき", 600)] + BOOK_JA)
    assert pair_sections(ja, _sections(BOOK_EN)) == [(0, None), (1, 0), (2, 1), (3, 2), (4, 3)]


def test_a_translators_note_and_an_afterword_on_different_sides():
    ja = _sections(BOOK_JA + [("あとがき", 900)])
    en = _sections([("Translator's Note", 1500)] + BOOK_EN)
    assert pair_sections(ja, en) == [(None, 0), (0, 1), (1, 2), (2, 3), (3, 4), (4, None)]


def test_untitled_chapters_pair_by_length_and_place():
    ja = _sections([("", 500), ("", 3000), ("", 5000), ("", 2000)])  # a short preface, then three chapters
    en = _sections([("", 7000), ("", 11500), ("", 4800)])
    assert pair_sections(ja, en) == [(0, None), (1, 0), (2, 1), (3, 2)]


def _doc(chapter_specs, lang="ja"):
    """A Document with one paragraph of one sentence per text, chapters as given ((title, level, [texts]))."""
    paragraphs, chapters, text, pos = [], [], "", 0
    for title, level, texts in chapter_specs:
        chapters.append(Chapter(title, len(paragraphs), level))
        for t in texts:
            if text:
                text += "\n\n"
                pos += 2
            paragraphs.append(Paragraph(t, pos, pos + len(t), (Sentence(t, pos, pos + len(t)),)))
            text += t
            pos += len(t)
    return Document(text=text, paragraphs=tuple(paragraphs), lang=lang, chapters=tuple(chapters))


def test_sections_merge_chapters_that_start_together_and_keep_front_matter():
    doc = _doc([("Part I", 1, []), ("Chapter 1", 2, ["a", "b"]), ("Chapter 2", 2, ["c"])])
    doc = Document(
        text="t\n\n" + doc.text,
        paragraphs=(Paragraph("t", 0, 1, (Sentence("t", 0, 1),)),)
        + tuple(Paragraph(p.text, p.start + 3, p.end + 3, (Sentence(p.text, p.start + 3, p.end + 3),)) for p in doc.paragraphs),
        chapters=tuple(Chapter(c.title, c.paragraph + 1, c.level) for c in doc.chapters),
    )
    assert [(s.title, s.first, s.stop) for s in sections(doc)] == [("", 0, 1), ("Chapter 1", 1, 3), ("Chapter 2", 3, 4)]


def test_matching_sections_use_the_levels_both_editions_have():
    # The Japanese lists sections under its chapters, the English only chapters.
    ja = _doc([("第一章", 1, ["一"]), ("一節", 2, ["二"]), ("二節", 2, ["三"]), ("第二章", 1, ["四"])])
    en = _doc([("Chapter 1", 1, ["one", "two", "three"]), ("Chapter 2", 1, ["four"])], lang="en")
    ja_s, en_s = matching_sections(ja, en)
    assert [s.title for s in ja_s] == ["第一章", "第二章"] and len(en_s) == 2


def test_a_section_pair_is_aligned_with_indices_into_the_whole_books(monkeypatch):
    from bireader import align
    from bireader.model import Bead

    seen = []

    def fake_align(ja_doc, en_doc, *, level, embeddings):
        seen.append(([p.text for p in ja_doc.paragraphs], [p.text for p in en_doc.paragraphs]))
        return [Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.8)]

    monkeypatch.setattr(align, "align_documents", fake_align)
    ja = _doc([("一", 1, ["a", "b"]), ("二", 1, ["c", "d"])])
    en = _doc([("One", 1, ["A", "B"]), ("Two", 1, ["C", "D"])], lang="en")
    ja_s, en_s = sections(ja), sections(en)
    beads = align_section_pair(ja, en, ja_s[1], en_s[1])
    assert seen == [(["c", "d"], ["C", "D"])]  # only that chapter's paragraphs
    assert [(b.ja, b.en) for b in beads] == [((2,), (2,)), ((3,), (3,))]
    alone = align_section_pair(ja, en, ja_s[0], None)
    assert [(b.ja, b.en, b.score) for b in alone] == [((0,), (), 0.0), ((1,), (), 0.0)]
    assert [(b.ja, b.en) for b in align_section_pair(ja, en, ja_s[1], en_s[1], level="sentence")] == [((2,), (2,)), ((3,), (3,))]
