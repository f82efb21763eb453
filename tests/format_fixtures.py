"""Builders of test files in every input format (EPUB with ebooklib; SRT, WebVTT, ASS, HTML, Markdown as strings).

Every loader test builds its file here instead of keeping binary fixtures in the
repository; the builders are small enough to read next to what they test.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Sequence

# A chapter: its title and its paragraphs as XHTML fragments (inline markup and <ruby> allowed).
ChapterSpec = tuple[str, Sequence[str]]

JA_CHAPTERS: list[ChapterSpec] = [
    ("第一章 出発", ["<ruby>朝<rt>あさ</rt></ruby>早く、私は駅に向かった。", "電車はまだ来ていなかった。"]),
    ("第二章 到着", ["昼に町に着いた。町は静かだった。", "宿の主人が迎えてくれた。"]),
    ("第三章 帰り道", ["夕方、私は帰りの電車に乗った。"]),
]
EN_CHAPTERS: list[ChapterSpec] = [
    ("Chapter 1: Departure", ["Early in the morning I set off for the station.", "The train had not come yet."]),
    ("Chapter 2: Arrival", ["I reached the town at noon. The town was quiet.", "The innkeeper welcomed me."]),
    ("Chapter 3: The Way Back", ["In the evening I took the train home."]),
]


def make_epub(
    path: Path,
    chapters: Sequence[ChapterSpec],
    *,
    lang: str = "ja",
    title: str = "テストの本",
    vertical: bool = False,
    nav_in_spine: bool = True,
    toc: bool = True,
    extra_items: Sequence[tuple[str, str]] = (),
) -> Path:
    """Write an EPUB 3 book (navigation document and NCX) with one XHTML file a chapter.

    Args:
        path: where to write it.
        chapters: ``(title, [paragraph XHTML, ...])`` in reading order.
        lang: the book's language.
        title: the book's title (metadata).
        vertical: style the book for vertical writing, right to left (as Japanese novels are).
        nav_in_spine: also put the navigation document in the spine, as many books do.
        toc: write a table of contents (without it, the loader falls back on the spine).
        extra_items: more files ``(archive name, text)`` in the manifest but not in the spine.
    """
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier(f"test-{path.stem}")
    book.set_title(title)
    book.set_language(lang)
    book.add_author("Test Author")
    css = None
    if vertical:
        css = epub.EpubItem(
            uid="style", file_name="style/vertical.css", media_type="text/css",
            content=b"html { writing-mode: vertical-rl; -epub-writing-mode: vertical-rl; }",
        )
        book.add_item(css)
        book.set_direction("rtl")
    items = []
    for number, (chapter_title, paragraphs) in enumerate(chapters, 1):
        item = epub.EpubHtml(title=chapter_title, file_name=f"text/chap{number:03d}.xhtml", lang=lang)
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        item.content = (
            f'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>{chapter_title}</title></head>'
            f'<body><section id="s{number}"><h1>{chapter_title}</h1>{body}'
            '<img src="../images/x.png" alt="挿絵"/><script>var hidden = "スクリプト";</script></section></body></html>'
        )
        if css is not None:
            item.add_item(css)
        book.add_item(item)
        items.append(item)
    for file_name, text in extra_items:
        book.add_item(epub.EpubItem(uid=file_name.replace("/", "_"), file_name=file_name, media_type="application/xhtml+xml", content=text.encode()))
    if toc:
        book.toc = [epub.Link(item.file_name, item.title, f"c{i}") for i, item in enumerate(items)]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = (["nav"] if nav_in_spine else []) + items
    epub.write_epub(str(path), book, {"raise_exceptions": True})
    return path


def epub_with_encrypted_text(path: Path) -> Path:
    """A book whose chapter is listed as AES-encrypted in META-INF/encryption.xml (how DRM looks from outside)."""
    make_epub(path, JA_CHAPTERS[:1])
    encryption = (
        '<?xml version="1.0"?><encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
        'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
        '<enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>'
        '<enc:CipherData><enc:CipherReference URI="EPUB/text/chap001.xhtml"/></enc:CipherData>'
        "</enc:EncryptedData></encryption>"
    )
    _add_to_zip(path, "META-INF/encryption.xml", encryption)
    return path


def epub_with_obfuscated_font(path: Path) -> Path:
    """A DRM-free book whose only encryption.xml entry is an obfuscated font (legal and common)."""
    make_epub(path, JA_CHAPTERS[:1])
    encryption = (
        '<?xml version="1.0"?><encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
        'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
        '<enc:EncryptionMethod Algorithm="http://www.idpf.org/2008/embedding"/>'
        '<enc:CipherData><enc:CipherReference URI="EPUB/fonts/font.otf"/></enc:CipherData>'
        "</enc:EncryptedData></encryption>"
    )
    _add_to_zip(path, "META-INF/encryption.xml", encryption)
    return path


def epub_without_opf(path: Path) -> Path:
    """A ZIP that says it is an EPUB but whose container points at a package file that is not there."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr(
            "META-INF/container.xml",
            '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
            '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
            "</rootfiles></container>",
        )
    return path


def _add_to_zip(path: Path, name: str, text: str) -> None:
    buffer = io.BytesIO(path.read_bytes())
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr(name, text)
    path.write_bytes(buffer.getvalue())


# --- subtitles -----------------------------------------------------------------------

Cue = tuple[int, int, str]  # start ms, end ms, text (lines separated by \n)


def _stamp(ms: int, sep: str = ",") -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{sep}{millis:03d}"


def srt_text(cues: Sequence[Cue]) -> str:
    """An SRT file of the cues."""
    return "".join(f"{i}\n{_stamp(s)} --> {_stamp(e)}\n{t}\n\n" for i, (s, e, t) in enumerate(cues, 1))


def vtt_text(cues: Sequence[Cue]) -> str:
    """A WebVTT file of the cues, with a NOTE block and cue settings as real files have."""
    body = "".join(f"c{i}\n{_stamp(s, '.')} --> {_stamp(e, '.')} align:center\n{t}\n\n" for i, (s, e, t) in enumerate(cues, 1))
    return "WEBVTT\n\nNOTE made by the tests\n\n" + body


def ass_text(cues: Sequence[Cue]) -> str:
    """An ASS file of the cues (lines joined with \\N), plus a comment line that must not be read."""

    def ass_time(ms: int) -> str:
        hours, rest = divmod(ms, 3_600_000)
        minutes, rest = divmod(rest, 60_000)
        return f"{hours}:{minutes:02d}:{rest // 1000:02d}.{(rest % 1000) // 10:02d}"

    def ass_markup(text: str) -> str:
        return text.replace("<i>", "{\\i1}").replace("</i>", "{\\i0}").replace("\n", "\\N")

    events = "".join(f"Dialogue: 0,{ass_time(s)},{ass_time(e)},Default,,0,0,0,,{ass_markup(t)}\n" for s, e, t in cues)
    return (
        "[Script Info]\nScriptType: v4.00+\nPlayResX: 1920\nPlayResY: 1080\n\n"
        "[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, "
        "Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, "
        "MarginL, MarginR, MarginV, Encoding\n"
        "Style: Default,Arial,48,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,2,2,10,10,10,1\n\n"
        "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
        "Comment: 0,0:00:00.00,0:00:01.00,Default,,0,0,0,,a translator's note\n" + events
    )


JA_CUES: list[Cue] = [
    (1000, 3000, "おはよう。"),
    (3500, 6000, "<i>今日は</i>いい天気だね。"),
    (6500, 9000, "－どこへ行くの？\n－駅まで。"),
    (61000, 63000, "一分後の台詞。"),
]
EN_CUES: list[Cue] = [
    (1000, 3000, "Good morning."),
    (3500, 6000, "Nice <i>weather</i> today."),
    (6500, 9000, "- Where are you going?\n- To the station."),
    (61000, 63000, "A line a minute later."),
]


# --- HTML and Markdown ---------------------------------------------------------------

def html_page(charset: str = "utf-8", *, body: str | None = None) -> str:
    """A web page with a site header, navigation, an article, an aside, a footer and a script."""
    article = body if body is not None else (
        "<h1>記事の題名</h1>"
        "<p>これは<ruby>本文<rp>（</rp><rt>ほんぶん</rt><rp>）</rp></ruby>の最初の段落です。\n改行は空白になりません。</p>"
        "<h2>小見出し</h2><p>二つ目の段落。<b>太字</b>も<a href='#'>リンク</a>も文字だけ残る。</p>"
    )
    return (
        f'<!DOCTYPE html><html lang="ja"><head><meta charset="{charset}"><title>ページの題</title>'
        "<style>p { color: red }</style><script>var x = 'スクリプト';</script></head><body>"
        "<header><p>サイトの見出し</p></header><nav><ul><li>ホーム</li><li>記事一覧</li></ul></nav>"
        f"<article>{article}</article>"
        "<aside><p>関連記事</p></aside><footer><p>著作権表示</p></footer></body></html>"
    )


MARKDOWN_NOTE = """---
title: 学習ノート
tags: [japanese]
---

# 第一部 文法

これは**太字**と[リンク](https://example.com)のある段落。
二行目は同じ段落。

## 助詞

- 「は」は主題を示す。
- 「が」は主語を示す。

```python
print("コードは注釈しない")
```

# 第二部 語彙

<ruby>漢字<rt>かんじ</rt></ruby>を覚える。
"""


def make_epub2(path: Path, chapters: Sequence[ChapterSpec], *, title: str = "二版の本") -> Path:
    """An EPUB 2 book written by hand: an NCX table of contents (no navigation document), files under
    OEBPS/Text/ with the NCX under OEBPS/, and each chapter's body in the Aozora Bunko XHTML style
    (lines in a <div> separated by <br />, ruby with <rb> and <rp>)."""
    manifest, spine, nav_points = [], [], []
    files = {}
    for number, (chapter_title, lines) in enumerate(chapters, 1):
        name = f"Text/part{number}.xhtml"
        body = "<br />\n".join(lines)
        files[f"OEBPS/{name}"] = (
            '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" '
            '"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd"><html xmlns="http://www.w3.org/1999/xhtml">'
            f'<head><title>{chapter_title}</title></head><body><div class="main_text">'
            f'<h3 class="o-midashi" id="m{number}">{chapter_title}</h3>{body}<br /></div></body></html>'
        )
        manifest.append(f'<item id="p{number}" href="{name}" media-type="application/xhtml+xml"/>')
        spine.append(f'<itemref idref="p{number}"/>')
        nav_points.append(
            f'<navPoint id="n{number}" playOrder="{number}"><navLabel><text>{chapter_title}</text></navLabel>'
            f'<content src="{name}#m{number}"/></navPoint>'
        )
    opf = (
        '<?xml version="1.0" encoding="UTF-8"?><package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<dc:title>{title}</dc:title><dc:language>ja</dc:language><dc:identifier id="id">test-epub2</dc:identifier></metadata>'
        f'<manifest><item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>{"".join(manifest)}</manifest>'
        f'<spine toc="ncx" page-progression-direction="rtl">{"".join(spine)}</spine></package>'
    )
    ncx = (
        '<?xml version="1.0" encoding="UTF-8"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">'
        f'<head><meta name="dtb:uid" content="test-epub2"/></head><docTitle><text>{title}</text></docTitle>'
        f'<navMap>{"".join(nav_points)}</navMap></ncx>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr(
            "META-INF/container.xml",
            '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
            '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
            "</rootfiles></container>",
        )
        archive.writestr("OEBPS/content.opf", opf)
        archive.writestr("OEBPS/toc.ncx", ncx)
        for name, text in files.items():
            archive.writestr(name, text)
    return path
