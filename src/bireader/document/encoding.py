"""Bytes of a file or stdin, and their encoding: BOM, strict UTF-8, then CP932/EUC-JP."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from bireader.errors import InputError

# Tried in this order after the BOM checks and strict UTF-8. Shift_JIS texts in the
# wild (Aozora Bunko, old web pages) are almost always CP932, Microsoft's superset,
# so CP932 stands for Shift_JIS.
LEGACY_ENCODINGS = ("cp932", "euc_jp")

ENCODING_HELP = (
    "save it as UTF-8 (or Shift_JIS/EUC-JP/UTF-16 with a BOM), e.g. `iconv -f ENCODING -t UTF-8 FILE > out.txt`"
)

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def read_bytes(source: str | Path) -> bytes:
    """The raw bytes of a file or of stdin (``-``), with one-line errors for the usual mistakes."""
    if str(source) == "-":
        return sys.stdin.buffer.read()
    path = Path(source)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a directory, not a text file") from None
    except PermissionError:
        raise InputError(f"permission denied reading {path}") from None
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror or err}") from None


def decode_bytes(data: bytes, name: str = "input") -> tuple[str, str]:
    """Decode bytes of unknown encoding; returns ``(text, encoding)``.

    Order: a BOM (UTF-8, UTF-16, UTF-32), strict UTF-8, then CP932 and EUC-JP
    (whichever decodes and reads more like Japanese). NUL bytes without a
    UTF-16/32 BOM mean binary data.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(f"{name} starts with a {encoding.upper()} byte-order mark but is not valid {encoding.upper()}; {ENCODING_HELP}") from None
            return _check_text(text, name), encoding.replace("-sig", "")
    if b"\x00" in data:
        raise InputError(f"{name} looks like a binary file, not text")
    try:
        return _check_text(data.decode("utf-8"), name), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for encoding in LEGACY_ENCODINGS:
        try:
            candidates.append((_japanese_score(data.decode(encoding)), encoding))
        except UnicodeDecodeError:
            continue
    if not candidates:
        raise InputError(f"cannot decode {name}: it is not UTF-8, UTF-16, Shift_JIS or EUC-JP text; {ENCODING_HELP}")
    _, encoding = max(candidates)
    return _check_text(data.decode(encoding), name), encoding


def _japanese_score(text: str) -> float:
    """Share of characters that are common in Japanese prose (kana, CJK, ASCII, CJK punctuation)."""
    if not text:
        return 0.0
    good = 0
    for ch in text:
        o = ord(ch)
        if (
            o < 0x80
            or 0x3040 <= o <= 0x30FF  # kana
            or 0x4E00 <= o <= 0x9FFF  # common CJK ideographs
            or 0x3000 <= o <= 0x303F  # CJK punctuation
            or 0xFF01 <= o <= 0xFF5E  # full-width ASCII
        ):
            good += 1
    return good / len(text)


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


def _check_text(text: str, name: str) -> str:
    # Many C0 controls mean this was never text (an image, an archive) even if it decoded.
    if text and len(_CONTROL.findall(text[:65536])) > max(8, len(text[:65536]) // 100):
        raise InputError(f"{name} looks like a binary file, not text")
    if not text.strip():
        raise InputError(f"{name} is empty: there is no text to read")
    return text

