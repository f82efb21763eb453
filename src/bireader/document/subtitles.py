"""Subtitles (SRT, WebVTT, ASS/SSA) → Document: one paragraph a cue, with its times.

pysubs2 parses the file. Each dialogue cue becomes one paragraph carrying
``time_start``/``time_end`` in milliseconds; styling (``<i>``, ``{\\b1}``,
``<c.yellow>``, karaoke timestamps) is stripped, and so are comments and
drawings. Cues are put in time order (ASS files often are not). The outline is
one chapter a minute of film that has cues.
"""

from __future__ import annotations

import html
import re

from bireader.document.blocks import Block, assemble
from bireader.errors import InputError
from bireader.model import Chapter, Document

# pysubs2's names for what bireader calls srt, vtt and ass (SSA is ASS's older form).
_PYSUBS2_FORMATS = {"srt": "srt", "vtt": "vtt", "ass": "ass", "ssa": "ssa"}
_TAG = re.compile(r"<[^>\n]*>")  # what pysubs2 leaves of WebVTT/HTML tags (<00:00:02.000>, <ruby>…)
_DASH = "-‐－―—–"  # a line that starts with a dash is another speaker's


def read_subtitles(
    text: str, lang: str, *, format: str | None = None, encoding: str = "utf-8", path: str | None = None, name: str = "input"
) -> Document:
    """The cues of a subtitle file.

    Args:
        text: the decoded file.
        lang: ``ja`` or ``en``.
        format: ``srt``, ``vtt`` or ``ass``; None lets pysubs2 tell from the content.
        encoding: what the bytes were decoded from.
        path: the file's path (kept on the Document).
        name: how messages name the file.

    Raises:
        InputError: not a subtitle file pysubs2 can read, or no cue with text.
    """
    import pysubs2

    text = text.lstrip("\ufeff")
    if format == "vtt" or (format is None and text.startswith("WEBVTT")):
        text = _clean_webvtt(text)
    try:
        subs = pysubs2.SSAFile.from_string(text, format_=_PYSUBS2_FORMATS.get(format or "", None))
    except (pysubs2.Pysubs2Error, ValueError, KeyError, IndexError) as err:
        what = f"{format.upper()} " if format else ""
        raise InputError(f"{name} is not a readable {what}subtitle file ({' '.join(str(err).split())[:120]})") from None
    detected = "ass" if subs.format in ("ass", "ssa") else (subs.format or format or "srt")
    cues = []
    for event in subs:
        if event.is_comment or getattr(event, "is_drawing", False) or event.end < event.start:
            continue
        cue_text = cue_plaintext(event.plaintext, lang, is_html=detected != "ass")
        if cue_text:
            cues.append((event.start, event.end, cue_text))
    if not cues:
        raise InputError(f"{name} has no subtitle cues with text (is it a {detected.upper()} file?)")
    cues.sort(key=lambda c: (c[0], c[1]))  # stable: cues that start together keep the file's order
    blocks = [Block(t, time_start=int(s), time_end=int(e)) for s, e, t in cues]
    return assemble(
        blocks,
        lang,
        chapters=minute_chapters([s for s, _, _ in cues]),
        format=detected,
        encoding=encoding,
        path=path,
    )


def _clean_webvtt(text: str) -> str:
    """WebVTT without what pysubs2 would take for cue text: cue identifiers, NOTE, STYLE and REGION blocks."""
    kept = []
    for block in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n")):
        lines = block.strip("\n").split("\n")
        if not lines or lines[0].startswith(("NOTE", "STYLE", "REGION")):
            continue
        if len(lines) > 1 and "-->" not in lines[0] and "-->" in lines[1]:
            lines = lines[1:]  # an identifier line ("cue-7") before the timings
        kept.append("\n".join(lines))
    return "\n\n".join(kept) + "\n"


def cue_plaintext(text: str, lang: str, *, is_html: bool = True) -> str:
    """A cue's text without styling, its lines joined as one line of speech.

    Lines that start with a dash (two speakers in one cue) stay on lines of
    their own; other line breaks are only where the subtitle was wrapped, so
    English lines join with a space and Japanese ones with nothing.
    """
    if is_html:
        text = html.unescape(_TAG.sub("", text))
    text = text.replace("\\h", " ").replace("\u00a0", " ")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    lines = [line for line in lines if line]
    out = ""
    for line in lines:
        if not out:
            out = line
        elif line[0] in _DASH:
            out += "\n" + line
        elif lang == "ja":
            out += line
        else:
            out += " " + line
    return out


def minute_chapters(starts: list[int]) -> tuple[Chapter, ...]:
    """A chapter at the first cue of each minute that has cues, titled by that minute (``00:12:00``)."""
    chapters = []
    last = -1
    for i, start in enumerate(starts):
        minute = start // 60000
        if minute != last:
            chapters.append(Chapter(format_timestamp(minute * 60000, millis=False), i))
            last = minute
    return tuple(chapters)


def format_timestamp(ms: int | None, *, millis: bool = True) -> str:
    """Milliseconds as ``HH:MM:SS,mmm`` (SRT's form; ``HH:MM:SS`` without ``millis``); empty for None."""
    if ms is None:
        return ""
    ms = max(int(ms), 0)
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis_part = divmod(rest, 1000)
    stamp = f"{hours:02d}:{minutes:02d}:{seconds:02d}"
    return f"{stamp},{millis_part:03d}" if millis else stamp
