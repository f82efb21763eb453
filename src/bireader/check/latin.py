"""The ``latin`` rule: Latin-script tokens of the Japanese, URLs and e-mail addresses are kept.

A Japanese text quotes names, acronyms and codes in Latin script (NATO, ICBM,
iPhone, F-16, ``v2.1``); a translation keeps them. Every such token of the
Japanese must occur in the English as a whole word (an acronym in capitals, with
an optional plural or possessive: ICBMs, NATO's; other words in any case). URLs
and e-mail addresses are checked both ways, since they are never translated.

Case is not compared (the Guardian writes Nato, a product listing CLUTCH for
Clutch), and a token of four characters or more also matches written with other
spacing or hyphens (macOS, mac OS). Left out as noise: single letters, numbers
with a unit (10km, 24h, 5 GB; the numbers rule has them), the laughing
``w``/``www`` of Japanese posts, and the few Latin-script words that are Japanese
words and are translated as such (OK, NG, ON/OFF, VS, SNS, PC, WEB …).
"""

from __future__ import annotations

import re
from typing import Iterator, Sequence

from bireader.check.findings import CheckContext, Finding, Segment, nfkc

_ANY_LATIN = re.compile("[A-Za-z]")
# A URL runs on URL characters (RFC 3986) only: Japanese text usually follows it without a space.
_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&*+,;=%]+", re.IGNORECASE)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# A token: a letter, then letters and digits with inner joiners (F-16, v2.1, AT&T, O'Neill).
# One that starts with a digit is a number with a unit (24h, 3Q, 2019WINTER): the
# numbers rule's, not a code.
# (Letter first, the look-behind after it, so that re skips ahead to the next letter.)
_TOKEN = re.compile(r"[A-Za-z](?<![A-Za-z0-9][A-Za-z])[A-Za-z0-9]*(?:[-.&'’/+_][A-Za-z0-9]+)*(?![A-Za-z0-9])")
_UNITS = frozenset(
    "km kg cm mm m g mg t kt mt gb mb tb kb kw mw gw kwh mwh ha l ml db hz khz mhz ghz mph kmh ppm pt px".split()
)
# Wasei-eigo and abbreviations used as Japanese words: OK (構いません), NG, ON/OFF (50%OFF
# is "50% off", but so is 5割引), VS, SNS (social media), CM (a commercial), OL (office worker).
# PC (a computer), WEB (online), EC (online shopping), GW (Golden Week) and up (upload) too.
_JAPANESE_WORDS = frozenset({"ok", "ng", "on", "off", "vs", "sns", "cm", "ol", "pc", "web", "ec", "gw", "up"})
_CLOCK = re.compile(r"^(?:am|pm)\d+$", re.IGNORECASE)  # AM10:00, the Japanese way of writing 10 a.m.
_DIGIT_BEFORE = re.compile(r"\d\s?$")


def _may_hold_link(text: str) -> bool:
    """Whether an (NFKC) text may hold a URL or an e-mail address: ``://``, ``www.`` in any case, or ``@``."""
    # Only W lowers to w (and nothing to a full stop): the text is lowered only when it has one.
    return "://" in text or "@" in text or "www." in text or ("W" in text and "www." in text.lower())


def _strip_url_end(url: str) -> str:
    """A full stop or bracket after a URL ends the sentence, not the URL."""
    return url.rstrip(".,;:!?)]}'\"")


def urls_and_emails(text: str) -> list[str]:
    """The URLs and e-mail addresses in a text, in order, without repeats."""
    text = nfkc(text)
    if not _may_hold_link(text):
        return []
    found = [_strip_url_end(m.group()) for m in _URL.finditer(text)] + [m.group() for m in _EMAIL.finditer(text)]
    return list(dict.fromkeys(found))


def latin_tokens(text: str) -> list[str]:
    """The Latin-script tokens of a Japanese text worth keeping in a translation (not URLs or e-mails)."""
    text = nfkc(text)
    if not _ANY_LATIN.search(text):
        return []
    spans = [(m.start(), m.end()) for m in (*_URL.finditer(text), *_EMAIL.finditer(text))] if _may_hold_link(text) else []
    out: list[str] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        if spans and any(start <= match.start() < end for start, end in spans):
            continue
        if len(token) < 2:
            continue  # single letters are noise
        lower = token.lower()
        if set(lower) == {"w"} or lower in _JAPANESE_WORDS or _CLOCK.match(token):
            continue  # www is laughter
        if lower in _UNITS and _DIGIT_BEFORE.search(text[max(0, match.start() - 2):match.start()]):
            continue
        out.append(token)
    return list(dict.fromkeys(out))


_ALNUM_RUN = re.compile(r"[A-Za-z0-9]+")


_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_ENDINGS = ("s", "'s", "’s", "")  # plural and possessive


def _whole_word_in(token: str, english: str) -> bool:
    """``token`` in ``english`` in any case, not inside a longer run of letters and digits, with
    an optional plural or possessive ending. (A regex a token costs a compile each: most of this
    rule's time on a long pair, whose tokens overflow re's cache.)"""
    return _word_in(token.lower(), english.lower())


def _word_in(needle: str, hay: str) -> bool:
    """``_whole_word_in`` of a lowered token in a lowered English text."""
    start = hay.find(needle)
    while start != -1:
        if start == 0 or hay[start - 1] not in _ASCII_ALNUM:
            end = start + len(needle)
            for ending in _ENDINGS:
                after = end + len(ending)
                if hay.startswith(ending, end) and (after == len(hay) or hay[after] not in _ASCII_ALNUM):
                    return True
        start = hay.find(needle, start + 1)
    return False


def occurs_in(token: str, english: str) -> bool:
    """Does ``token`` occur in ``english`` as a whole word, in any case (plural and possessive allowed)?

    A token of four characters or more also matches up to three consecutive English
    words written together (macOS = mac OS, e-mail = email).
    """
    return _occurs_in(token, english, english.lower())


def _occurs_in(token: str, english: str, lowered: str) -> bool:
    """``occurs_in``, given the English lowered too (once a bead, not once a token)."""
    if _word_in(token.lower(), lowered):
        return True
    squashed = "".join(_ALNUM_RUN.findall(token)).lower()
    if len(squashed) < 4:
        return False
    words = [w.lower() for w in _ALNUM_RUN.findall(english)]
    return any("".join(words[i:i + n]) in (squashed, squashed + "s") for n in (1, 2, 3) for i in range(len(words)))


def check_latin(segments: Sequence[Segment], context: CheckContext) -> Iterator[Finding]:
    """Beads whose English drops a Latin token, URL or e-mail address of the Japanese (or adds a URL)."""
    for seg in segments:
        if not seg.ja or not seg.en:
            continue
        english = nfkc(seg.en)
        japanese = nfkc(seg.ja)
        if not _ANY_LATIN.search(japanese) and not _may_hold_link(english):
            continue  # no token or link of the Japanese to miss, no link of the English to add
        tokens = latin_tokens(seg.ja)
        lowered = english.lower() if tokens else ""
        missing = [t for t in tokens if not _occurs_in(t, english, lowered)]
        ja_links, en_links = urls_and_emails(seg.ja), urls_and_emails(seg.en)
        missing += [link for link in ja_links if link not in english and link.rstrip("/") not in english]
        added = [link for link in en_links if link not in japanese and link.rstrip("/") not in japanese]
        parts = []
        if missing:
            parts.append("not in the English: " + ", ".join(missing))
        if added:
            parts.append("not in the Japanese: " + ", ".join(added))
        if parts:
            yield seg.finding("latin", "; ".join(parts))
