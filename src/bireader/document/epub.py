"""EPUB → Document: the spine's XHTML documents in order, chapters from the navigation document.

ebooklib opens the container (OPF, manifest, spine, the EPUB 3 navigation
document or the EPUB 2 NCX); the XHTML goes through ``markup.blocks_from_html``
(selectolax). The spine order is the reading order whatever the page
progression direction, so a vertical-writing (right-to-left) book reads the
same as any other. Encrypted books are refused before ebooklib sees them.
"""

from __future__ import annotations

import io
import posixpath
import warnings
import zipfile
from dataclasses import dataclass
from urllib.parse import unquote

from bireader.document.blocks import Block, assemble
from bireader.document.markup import blocks_from_html, decode_html, parse_html
from bireader.errors import InputError
from bireader.model import Chapter, Document

# Font obfuscation (IDPF, Adobe) also lists files in META-INF/encryption.xml, but only
# fonts: a book whose text is readable. Anything else listed there is encrypted content.
_FONT_OBFUSCATION = frozenset({"http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"})
# Files only DRM schemes put in META-INF (Adobe ADEPT's rights.xml, Apple FairPlay's sinf.xml).
_DRM_FILES = ("META-INF/rights.xml", "META-INF/sinf.xml")


@dataclass(slots=True)
class _SpineDocument:
    file_name: str
    first: int  # index of its first block in the book
    ids: dict[str, int]  # element id → block index inside this document
    heading: str  # its first heading, or its <title>


def read_epub(data: bytes, lang: str, *, name: str, path: str | None = None) -> Document:
    """The text of an EPUB book.

    Args:
        data: the file's bytes.
        lang: ``ja`` or ``en``.
        name: how messages name the file.
        path: the file's path (kept on the Document).

    Raises:
        InputError: not a ZIP archive, DRM-protected, broken, or without text.
    """
    check_archive(data, name)
    import ebooklib
    from ebooklib import epub

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ebooklib warns about its own future defaults
            book = epub.read_epub(io.BytesIO(data), options={"ignore_ncx": True})
    # A broken archive can fail anywhere inside ebooklib (a missing OPF is an
    # EpubException, a bad XML file an lxml error, a nav without a toc an IndexError);
    # whatever the failure, the file is what is wrong, and the user gets one line.
    except Exception as err:  # noqa: BLE001
        raise InputError(f"{name} is not a readable EPUB: {_reason(err)}") from None

    blocks: list[Block] = []
    documents: list[_SpineDocument] = []
    for idref, linear in book.spine:
        item = book.get_item_with_id(idref)
        # Non-linear items (pop-up notes) are outside the reading order; the navigation
        # document is a list of the chapters, not part of the text.
        if item is None or linear == "no" or item.get_type() != ebooklib.ITEM_DOCUMENT or isinstance(item, epub.EpubNav):
            continue
        # The file as stored (get_content() would parse and re-serialise it with lxml first).
        raw = item.content if isinstance(item.content, bytes) and item.content else item.get_content()
        text, _ = decode_html(raw, f"{name}: {item.file_name}")
        tree = parse_html(text)
        if tree.body is None:
            continue
        found, ids = blocks_from_html(tree.body, name=f"{name}: {item.file_name}")
        kept = [b for b in found if b.text.strip()]
        # Indices in ``ids`` count every block found; shift them to the kept ones.
        remap = _kept_index(found)
        heading = next((" ".join(b.text.split()) for b in kept if b.heading), "")
        if not heading:
            title = tree.css_first("title")
            heading = " ".join((title.text() if title else "").split())
        documents.append(
            _SpineDocument(item.file_name, len(blocks), {k: remap[v] for k, v in ids.items()}, heading)
        )
        blocks.extend(kept)
    if not blocks:
        raise InputError(f"{name} has no text to read (its spine holds no XHTML with text)")

    chapters = _toc_chapters(book, documents, len(blocks)) or _document_chapters(documents, len(blocks))
    titles = book.get_metadata("DC", "title")
    title = " ".join(str(titles[0][0]).split()) if titles and titles[0][0] else ""
    return assemble(blocks, lang, chapters=chapters, title=title, format="epub", path=path)


def check_archive(data: bytes, name: str) -> None:
    """Refuse what is not a ZIP archive, and books whose content is encrypted (DRM).

    Raises:
        InputError: one line saying which.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise InputError(f"{name} is not a readable EPUB: it is not a ZIP archive (damaged, or another kind of file)") from None
    with archive:
        names = set(archive.namelist())
        if any(drm in names for drm in _DRM_FILES) or _encrypts_content(archive, names):
            raise InputError(
                f"{name} is DRM-protected (its text is encrypted); bireader can read only DRM-free EPUBs"
            )


def _encrypts_content(archive: zipfile.ZipFile, names: set[str]) -> bool:
    if "META-INF/encryption.xml" not in names:
        return False
    import re

    try:
        xml = archive.read("META-INF/encryption.xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return True  # unreadable encryption data: treat the book as encrypted
    algorithms = set(re.findall(r"<(?:\w+:)?EncryptionMethod[^>]*Algorithm\s*=\s*[\"']([^\"']+)", xml))
    return bool(algorithms - _FONT_OBFUSCATION)


def _reason(err: Exception) -> str:
    text = " ".join(str(err).split())
    if type(err).__name__ == "EpubException" and getattr(err, "msg", None):
        text = str(err.msg)
    return text[:160] or type(err).__name__


def _kept_index(found: list[Block]) -> list[int]:
    """For each found block (and one past the end), the index among the non-empty blocks at or after it."""
    out = []
    count = 0
    for block in found:
        out.append(count)
        count += bool(block.text.strip())
    out.append(count)
    return out


def _flatten_toc(entries, level: int = 1):
    """``(title, href, level)`` of a toc of ebooklib ``Link``s and ``(Section, [children])`` pairs."""
    for entry in entries:
        if isinstance(entry, (tuple, list)) and len(entry) == 2:
            section, children = entry
            yield getattr(section, "title", "") or "", getattr(section, "href", "") or "", level
            yield from _flatten_toc(children, level + 1)
        else:
            yield getattr(entry, "title", "") or "", getattr(entry, "href", "") or "", level


def _toc_chapters(book, documents: list[_SpineDocument], total: int) -> tuple[Chapter, ...]:
    """Chapters from the navigation document (or NCX), at the paragraph each entry points to."""
    by_name = {d.file_name: d for d in documents}
    by_base: dict[str, _SpineDocument] = {}
    for d in documents:
        by_base.setdefault(posixpath.basename(d.file_name), d)
    chapters: list[Chapter] = []
    for title, href, level in _flatten_toc(book.toc):
        target, _, fragment = unquote(href).partition("#")
        target = posixpath.normpath(target) if target else ""
        doc = by_name.get(target) or by_base.get(posixpath.basename(target))
        if doc is None:
            continue
        paragraph = doc.first + doc.ids.get(fragment, 0) if fragment else doc.first
        title = " ".join(title.split()) or doc.heading
        if paragraph < total and title:
            chapters.append(Chapter(title, paragraph, level))
    chapters.sort(key=lambda c: c.paragraph)  # stable: entries at one paragraph keep the toc's order
    return tuple(chapters)


def _document_chapters(documents: list[_SpineDocument], total: int) -> tuple[Chapter, ...]:
    """No usable navigation: one chapter a spine document that has text."""
    chapters = []
    for number, doc in enumerate(documents, 1):
        if doc.first < total and (not chapters or chapters[-1].paragraph != doc.first):
            chapters.append(Chapter(doc.heading or str(number), doc.first))
    return tuple(chapters)
