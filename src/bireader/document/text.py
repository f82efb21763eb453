"""Plain text and Aozora Bunko files → Document: paragraphs, sentences, ruby and 見出し (chapters).

Plain text: blank lines separate paragraphs (or one paragraph a line when there
are none). Aozora Bunko: the header and footer are dropped, ruby ``漢字《かんじ》``
becomes ``Ruby`` readings over the base text, notes ``［＃…］`` are removed, and
the 見出し notes (大・中・小見出し) become chapters.
"""

from __future__ import annotations

import bisect
import re

from bireader.document.normalize import normalize_newlines
from bireader.document.sentences import _strip_span, sentences_of
from bireader.errors import InputError
from bireader.model import Chapter, Document, Paragraph, Ruby


def document_from_text(
    text: str, lang: str = "ja", *, encoding: str = "utf-8", path: str | None = None, format: str | None = None
) -> Document:
    """Build a Document from decoded text.

    Args:
        text: the decoded text.
        lang: ``ja`` or ``en``; chooses the sentence splitter.
        encoding: what the bytes were decoded from (kept on the Document).
        path: where the text came from, or None.
        format: ``text`` (plain, markup kept), ``aozora`` (markup removed), or None:
            Aozora Bunko markup is recognised in Japanese text.

    Raises:
        InputError: the text is empty.
    """
    text = normalize_newlines(text)
    rubies: tuple[Ruby, ...] = ()
    headings: list[tuple[int, str, int]] = []
    is_aozora_text = format == "aozora" or (format is None and lang == "ja" and is_aozora(text))
    if is_aozora_text:
        text, rubies, headings = _strip_aozora(text)
    if not text.strip():
        raise InputError(f"{path or 'the input'} is empty: there is no text to read")
    paragraphs = []
    for start, end in paragraph_spans(text, lang):
        # Sentences are split when first used (``sentences_of``): most readings never need them all.
        paragraphs.append(Paragraph(text[start:end], start, end, sentences_of(text[start:end], start, lang)))
    chapters = _heading_chapters(paragraphs, headings)
    heading_paragraphs = {c.paragraph for c in chapters}
    if len(paragraphs) > 1 and not _ends_like_sentence(paragraphs[0].text):
        heading_paragraphs.add(0)  # a title line (Aozora Bunko: title and author)
    for i in heading_paragraphs:
        p = paragraphs[i]
        paragraphs[i] = Paragraph(p.text, p.start, p.end, p.sentences, is_headline=True)
    return Document(
        text=text,
        paragraphs=tuple(paragraphs),
        lang=lang,
        encoding=encoding,
        path=path,
        rubies=rubies,
        chapters=chapters,
        title=paragraphs[0].text.split("\n")[0][:200] if 0 in heading_paragraphs else "",
        format="aozora" if is_aozora_text else "text",
    )


def _heading_chapters(paragraphs: list[Paragraph], headings: list[tuple[int, str, int]]) -> tuple[Chapter, ...]:
    """Chapters at the paragraphs that hold the 見出し offsets (one chapter a paragraph)."""
    starts = [p.start for p in paragraphs]
    chapters: list[Chapter] = []
    for offset, title, level in headings:
        i = max(bisect.bisect_right(starts, offset) - 1, 0)
        if i < len(paragraphs) and paragraphs[i].end <= offset:
            i += 1  # the heading line was blank once its markup went: the next paragraph
        if i >= len(paragraphs) or (chapters and chapters[-1].paragraph == i):
            continue
        chapters.append(Chapter(title, i, level))
    return tuple(chapters)


_SENTENCE_FINAL = "。．.！？!?」』）)\"”’"


def _ends_like_sentence(text: str) -> bool:
    return text.rstrip()[-1:] in _SENTENCE_FINAL


def paragraph_spans(text: str, lang: str = "ja") -> list[tuple[int, int]]:
    """Character spans of the paragraphs (stripped of surrounding whitespace).

    Blank lines separate paragraphs. A text with no blank lines at all (like the
    corpus article, or most Japanese files) has one paragraph per line. Inside a
    blank-line block, Japanese lines that start with an indent (full-width space)
    each begin a new paragraph, as in Aozora Bunko texts.
    """
    spans: list[tuple[int, int]] = []
    has_blank = re.search(r"\n[ \t\u3000]*\n", text) is not None
    if not has_blank:
        blocks = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    else:
        blocks = [(m.start(), m.end()) for m in re.finditer(r"(?:[^\n]*[^\s\u3000][^\n]*(?:\n|$))+", text)]
        if lang == "ja":
            split_blocks = []
            for start, end in blocks:
                lines = [(m.start() + start, m.end() + start) for m in re.finditer(r"[^\n]+", text[start:end])]
                if len(lines) > 1 and sum(text[s] == "\u3000" for s, _ in lines) >= len(lines) - 1:
                    split_blocks.extend(lines)
                else:
                    split_blocks.append((start, end))
            blocks = split_blocks
    for start, end in blocks:
        s, e = _strip_span(text, start, end)
        if s < e:
            spans.append((s, e))
    return spans


# --- Aozora Bunko --------------------------------------------------------------------

_AOZORA_NOTE = re.compile(r"［＃[^］]*］")
_AOZORA_RUBY = re.compile(r"(?:｜([^《｜\n]+)|([\u4e00-\u9fff\u3400-\u4dbf々〆ヵヶ〇]+))《([^》\n]+)》")
_AOZORA_RULE = re.compile(r"^-{20,}$", re.M)
# 見出し notes (Aozora Bunko's 注記一覧: 見出し): 大 is a chapter, 中 a section, 小 a subsection.
# 同行見出し and 窓見出し are the same levels laid out differently.
_HEADING_LEVEL = {"大": 1, "中": 2, "小": 3}
_HEADING_AFTER = re.compile(r"［＃「([^」]+)」は(?:同行|窓)?([大中小])見出し］")  # 第一章［＃「第一章」は大見出し］
_HEADING_INLINE = re.compile(r"［＃(?:同行|窓)?([大中小])見出し］(.*?)［＃(?:同行|窓)?[大中小]見出し終わり］")
_HEADING_BLOCK_START = re.compile(r"［＃ここから(?:同行|窓)?([大中小])見出し］")
_HEADING_BLOCK_END = re.compile(r"［＃ここで(?:同行|窓)?[大中小]見出し終わり］")


def is_aozora(text: str) -> bool:
    """Does the text carry Aozora Bunko markup (ruby 《》, notes ［＃］, or its header rules)?"""
    return "《" in text and "》" in text or "［＃" in text or bool(_AOZORA_RULE.search(text[:5000]) and "底本" in text)


def strip_aozora(text: str) -> tuple[str, tuple[Ruby, ...]]:
    """Remove Aozora Bunko markup; returns the reading text and its ruby readings (offsets into it)."""
    plain, rubies, _ = _strip_aozora(text)
    return plain, rubies


def _strip_aozora(text: str) -> tuple[str, tuple[Ruby, ...], list[tuple[int, str, int]]]:
    """The reading text, its rubies, and its 見出し as ``(offset, title, level)``; line by line,
    so that the offsets of what is kept are known as it is built."""
    rules = list(_AOZORA_RULE.finditer(text[:20000]))
    if len(rules) >= 2 and "記号について" in text[rules[0].end():rules[1].start()]:
        text = text[: rules[0].start()] + text[rules[1].end():]
    footer = re.search(r"\n\s*底本[：:]", text)
    if footer:
        text = text[: footer.start()] + "\n"
    out: list[str] = []
    rubies: list[Ruby] = []
    headings: list[tuple[int, str, int]] = []
    length = 0
    block_level = 0  # inside ［＃ここから大見出し］ … ［＃ここで大見出し終わり］
    block_titled = False
    for line in text.splitlines(keepends=True):
        if not block_level and not _ANY_MARKUP.search(line):
            # Most lines of a book carry no markup at all: kept as they are, at a fraction of the cost.
            out.append(line)
            length += len(line)
            continue
        title, level = _heading_of(line)
        start_block = _HEADING_BLOCK_START.search(line)
        if start_block:
            block_level, block_titled = _HEADING_LEVEL[start_block.group(1)], False
        plain, line_rubies = _strip_line(line)
        for ruby in line_rubies:
            rubies.append(Ruby(ruby.start + length, ruby.end + length, ruby.reading))
        if title is None and block_level and not block_titled and plain.strip():
            title, level = plain.strip(), block_level
            block_titled = True
        if title is not None:
            headings.append((length + len(plain) - len(plain.lstrip()), title, level))
        if _HEADING_BLOCK_END.search(line):
            block_level = 0
        out.append(plain)
        length += len(plain)
    return "".join(out), tuple(rubies), headings


# A line without these characters has no note, ruby or 見出し to strip.
_ANY_MARKUP = re.compile("[［《｜]")


def _heading_of(line: str) -> tuple[str | None, int]:
    m = _HEADING_AFTER.search(line)
    if m:
        return _strip_line(m.group(1))[0].strip(), _HEADING_LEVEL[m.group(2)]
    m = _HEADING_INLINE.search(line)
    if m:
        return _strip_line(m.group(2))[0].strip(), _HEADING_LEVEL[m.group(1)]
    return None, 0


def _strip_line(line: str) -> tuple[str, list[Ruby]]:
    """One line without notes and ruby markup, and its rubies (offsets into the line)."""
    line = _AOZORA_NOTE.sub("", line)
    out: list[str] = []
    rubies: list[Ruby] = []
    length = 0
    last = 0
    for m in _AOZORA_RUBY.finditer(line):
        # A ｜ that starts no ruby is markup too; dropping it here keeps the offsets right.
        before = line[last:m.start()].replace("｜", "")
        out.append(before)
        length += len(before)
        base = m.group(1) or m.group(2)
        rubies.append(Ruby(length, length + len(base), m.group(3)))
        out.append(base)
        length += len(base)
        last = m.end()
    out.append(line[last:].replace("｜", ""))
    return "".join(out), rubies
