"""Translation memories in TMX 1.4b: writing aligned pairs, and reading any TMX back.

The writer is in three parts (``write_tmx_header``, ``write_tu``, ``write_tmx_footer``)
so that a batch job can stream one memory out of many readings (``bireader tm
build``); ``write_tmx`` writes one reading. ``read_tmx`` reads a memory written by
bireader or by a CAT tool (OmegaT, Trados, memoQ) into ``TmxUnit`` values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Iterable, TextIO

from bireader import __version__
from bireader.errors import InputError
from bireader.export.fields import clean_xml, escape, format_score, quoteattr
from bireader.model import Reading, Unit


def tmx_units(reading: Reading) -> list[Unit]:
    """The units a translation memory can hold: both sides non-empty after cleaning."""
    return [u for u in reading.units if clean_xml(u.ja).strip() and clean_xml(u.en).strip()]


def _text(value: str) -> str:
    # \r would come back as \n from any XML parser; keep it as a reference.
    return escape(clean_xml(value)).replace("\r", "&#13;")


def write_tmx_header(
    out: TextIO, *, level: str, english_source: str | None = None, created: datetime | None = None
) -> None:
    """The XML declaration, ``<tmx>`` and its ``<header>`` (``srclang="ja"``), then ``<body>``.

    Args:
        out: a text stream; the document declares UTF-8.
        level: ``sentence`` or ``paragraph`` (the header's ``segtype``).
        english_source: where the English came from, as a header ``x-english-source`` prop.
        created: the creation date (default: now, UTC).
    """
    created = created or datetime.now(timezone.utc)
    attrs = {
        "creationtool": "bireader",
        "creationtoolversion": __version__,
        "datatype": "plaintext",
        "segtype": "sentence" if level == "sentence" else "paragraph",
        "adminlang": "en",
        "srclang": "ja",
        "o-tmf": "bireader",
        "creationdate": created.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ"),
    }
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write('<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n')
    out.write('<tmx version="1.4">\n')
    out.write("  <header " + " ".join(f"{k}={quoteattr(v)}" for k, v in attrs.items()) + ">\n")
    if english_source is not None:
        out.write(f'    <prop type="x-english-source">{_text(english_source)}</prop>\n')
    out.write("  </header>\n  <body>\n")


def write_tu(out: TextIO, tuid: int, ja: str, en: str, props: Iterable[tuple[str, str]] = ()) -> None:
    """One ``<tu>``: its props (``x-source``, ``x-score``, ``x-file`` …) and a Japanese and an English ``<tuv>``."""
    out.write(f'    <tu tuid="{tuid}">\n')
    for name, value in props:
        out.write(f"      <prop type={quoteattr(name)}>{_text(value)}</prop>\n")
    out.write(f'      <tuv xml:lang="ja"><seg>{_text(ja)}</seg></tuv>\n')
    out.write(f'      <tuv xml:lang="en"><seg>{_text(en)}</seg></tuv>\n')
    out.write("    </tu>\n")


def write_tmx_footer(out: TextIO) -> None:
    """Close ``<body>`` and ``<tmx>``."""
    out.write("  </body>\n</tmx>\n")


def unit_props(unit: Unit) -> list[tuple[str, str]]:
    """The props of an exported unit: its English source and, when aligned, its score."""
    props = [("x-source", unit.source)]
    if unit.score is not None:
        props.append(("x-score", format_score(unit.score)))
    return props


def write_tmx(reading: Reading, out: TextIO, *, created: datetime | None = None) -> int:
    """Write a TMX 1.4b document: ``srclang="ja"``, one ``<tu>`` per unit with a Japanese and an English ``<tuv>``.

    Units with an empty side (text the aligner found no partner for) are left
    out: a translation unit needs both. Each ``<tu>`` carries the unit's
    position (``tuid``), its English source and its score as ``x-`` props.

    Args:
        reading: the units to write.
        out: a text stream; the document declares UTF-8.
        created: the header's creation date (default: now, UTC).

    Returns:
        The number of ``<tu>`` elements written.
    """
    units = tmx_units(reading)
    write_tmx_header(out, level=reading.level, english_source=reading.source, created=created)
    for unit in units:
        write_tu(out, unit.index + 1, unit.ja, unit.en, unit_props(unit))
    write_tmx_footer(out)
    return len(units)


# --- reading ------------------------------------------------------------------------------

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Inline elements whose content is the original document's markup, not text:
# <bpt>/<ept> (paired tags), <ph> (a placeholder), <it> (an isolated tag), <ut> (unknown).
_CODE_ELEMENTS = frozenset({"bpt", "ept", "ph", "it", "ut"})


@dataclass(frozen=True, slots=True)
class TmxUnit:
    """One ``<tu>``: its segments by language (as written: ``ja``, ``en-US`` …), its props, its tuid."""

    segments: dict[str, str]
    props: dict[str, str] = field(default_factory=dict)
    tuid: str = ""

    def text(self, lang: str) -> str | None:
        """The segment in ``lang`` or a regional variant of it (``en`` finds ``en-GB``); None if absent."""
        lang = lang.lower()
        for code, text in self.segments.items():
            if code.lower() == lang or code.lower().startswith(lang + "-"):
                return text
        return None


@dataclass(frozen=True, slots=True)
class TmxMemory:
    """A translation memory as read: the header's attributes and props, and the units in order."""

    header: dict[str, str]
    header_props: dict[str, str]
    units: tuple[TmxUnit, ...]

    @property
    def source_language(self) -> str:
        return self.header.get("srclang", "")


def _seg_text(seg) -> str:
    """The text of a ``<seg>``: its characters and those of ``<hi>``/``<sub>``, without inline codes."""
    parts = [seg.text or ""]
    for child in seg:
        if _local(child.tag) not in _CODE_ELEMENTS:
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def read_tmx(source: str | Path | IO[bytes]) -> TmxMemory:
    """Read a TMX file (1.1–1.4b) into its units.

    Inline markup codes (``<bpt>``, ``<ph>`` …) are left out of the segment text;
    the language is ``xml:lang`` (or TMX 1.1's ``lang``). External entities and the
    DTD are never fetched.

    Args:
        source: a path, or a binary stream.

    Returns:
        A ``TmxMemory``.

    Raises:
        InputError: the file cannot be read, is not XML, or is not a TMX document.
    """
    import xml.etree.ElementTree as ET

    name = str(source) if isinstance(source, (str, Path)) else getattr(source, "name", "the TMX input")
    header: dict[str, str] = {}
    header_props: dict[str, str] = {}
    units: list[TmxUnit] = []
    try:
        stream = open(source, "rb") if isinstance(source, (str, Path)) else source
    except OSError as err:
        raise InputError(f"cannot read {name}: {err.strerror or err}") from None
    try:
        root_seen = False
        for event, elem in ET.iterparse(stream, events=("start", "end")):
            tag = _local(elem.tag)
            if event == "start":
                if not root_seen:
                    root_seen = True
                    if tag != "tmx":
                        raise InputError(f"{name} is not a TMX file (its root element is <{tag}>, not <tmx>)")
                continue
            if tag == "header":
                header = {k: v for k, v in elem.attrib.items()}
                header_props = {p.get("type", ""): p.text or "" for p in elem if _local(p.tag) == "prop"}
            elif tag == "tu":
                units.append(_read_tu(elem))
                elem.clear()  # a memory can be large: keep only what was read
    except ET.ParseError as err:
        if not root_seen and err.code == 3:  # XML_ERROR_NO_ELEMENTS: nothing but whitespace
            raise InputError(f"{name} is empty; a TMX file has a <tmx> root element") from None
        line, column = err.position
        raise InputError(f"{name} is not valid XML (line {line}, column {column}): {_reason(err)}") from None
    finally:
        if isinstance(source, (str, Path)):
            stream.close()
    if not root_seen:
        raise InputError(f"{name} is empty; a TMX file has a <tmx> root element")
    return TmxMemory(header=header, header_props=header_props, units=tuple(units))


def _reason(err) -> str:
    text = str(err)
    return text.split(":", 1)[0] if ":" in text else text


def _read_tu(elem) -> TmxUnit:
    segments: dict[str, str] = {}
    props: dict[str, str] = {}
    for child in elem:
        tag = _local(child.tag)
        if tag == "prop":
            props[child.get("type", "")] = child.text or ""
        elif tag == "tuv":
            lang = child.get(_XML_LANG) or child.get("lang") or ""
            seg = next((c for c in child if _local(c.tag) == "seg"), None)
            if seg is not None and lang:
                segments[lang] = _seg_text(seg)
    return TmxUnit(segments=segments, props=props, tuid=elem.get("tuid", ""))
