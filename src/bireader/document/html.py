"""An HTML page → Document: its main text only, headings as chapters.

The main text is the page's ``<main>``, else its one ``<article>``, else its
``<body>``; navigation, asides, forms, scripts and styles go, and so do the
page's header and footer (those inside an article or ``<main>`` are the
article's own and stay). The charset comes from the page's declaration when the
bytes agree (``markup.decode_html``).
"""

from __future__ import annotations

from bireader.document.blocks import assemble, heading_chapters
from bireader.document.markup import blocks_from_html, decode_html, parse_html
from bireader.errors import InputError
from bireader.model import Document

_ALWAYS_DROPPED = frozenset({"nav", "aside", "form", "dialog"})
_PAGE_FRAME = frozenset({"header", "footer"})


def read_html(data: bytes, lang: str, *, name: str, path: str | None = None) -> Document:
    """The main text of an HTML (or XHTML) page.

    Args:
        data: the file's bytes.
        lang: ``ja`` or ``en``.
        name: how messages name the file.
        path: the file's path (kept on the Document).

    Raises:
        InputError: undecodable, not HTML, or no text in its main part.
    """
    text, encoding = decode_html(data, name)
    if "<" not in text:
        raise InputError(f"{name} is not HTML: it has no tags (read it as text with --format-in text)")
    tree = parse_html(text)
    root, is_body = _main_part(tree)
    if root is None:
        raise InputError(f"{name} is empty: there is no text to read")
    drop = _ALWAYS_DROPPED | (_PAGE_FRAME if is_body else frozenset())
    blocks, _ = blocks_from_html(root, drop=drop, name=name)
    # h1–h3 make the outline; deeper headings are headings in the text, not chapters.
    chapters = heading_chapters(blocks, max_level=3)
    title_node = tree.css_first("title")
    title = " ".join((title_node.text() if title_node else "").split()) or (chapters[0].title if chapters else "")
    return assemble(blocks, lang, chapters=chapters, title=title, format="html", encoding=encoding, path=path)


def _main_part(tree):
    """The node that holds the page's main text, and whether it is the whole body."""
    main = tree.css_first("main") or tree.css_first('[role="main"]')
    if main is not None:
        return main, False
    articles = tree.css("article")
    if len(articles) == 1:
        return articles[0], False
    return tree.body, True
