"""The offline gloss: a literal, word-by-word English line built from the dictionary.

``gloss_text("ロシアは核抑止力を重視している。")`` → ``"Russia nuclear deterrent
attach importance."``: every word and compound in order, each as its best short
gloss; the user's glossary terms first (their translation wins over the
dictionary); particles and most auxiliaries left out, negation kept as "not";
numbers as digits (31万5000 → 315,000); Latin-script words (NATO, IISS) kept as
they are; katakana names nobody knows romanised (by the dictionary layer).

It is a reading aid, not a translation: callers label it "gloss". Nothing here
touches the network.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bireader.model import Entry, Token

# Auxiliaries and particles shown as a light marker because dropping them would
# flip the meaning; every other particle/auxiliary is left out. (UniDic lemmas.)
_NEGATION_LEMMAS = frozenset({"ない", "ぬ", "ず", "ん", "まい"})
# Nouns that work as grammar (nominalisers, conjunctive nouns): a marker or nothing,
# never their dictionary sense (ため is "for/because" here, not "good; benefit").
_GRAMMATICAL_NOUNS = {
    "こと": "", "事": "", "もの": "", "物": "", "の": "", "ん": "", "よう": "", "様": "",
    "ため": "for", "為": "for", "とき": "when", "時": "when", "ところ": "", "所": "",
    "など": "etc.", "等": "etc.", "わけ": "", "訳": "", "はず": "should", "筈": "should",
}
# Counters after a number: the plain English unit instead of JMdict's "counter for …" sense.
_COUNTERS = {
    "年": "year", "月": "month", "日": "day", "人": "people", "名": "people", "歳": "years old",
    "回": "times", "度": "times", "倍": "times", "件": "cases", "か月": "months", "ヶ月": "months",
    "カ月": "months", "ケ月": "months", "世紀": "century", "時": "o'clock", "分": "minutes",
    "秒": "seconds", "時間": "hours", "週間": "weeks", "年間": "years", "日間": "days",
    "億": "hundred million", "割": "tenths", "基": "units", "発": "rounds", "機": "aircraft",
    "隻": "ships", "両": "vehicles", "台": "units", "か国": "countries", "カ国": "countries",
    "ヵ国": "countries", "国": "countries", "冊": "volumes", "杯": "cups", "階": "floor",
    "才": "years old", "円": "yen", "ドル": "dollars", "ユーロ": "euros", "キロ": "km", "メートル": "m",
    "軒": "houses", "頭": "head", "羽": "birds", "番": "number", "位": "place", "号": "number",
    "つ": "", "個": "", "本": "", "枚": "", "匹": "",
}
_PUNCT_TOKEN_POS = frozenset({"補助記号", "記号", "空白"})
# Japanese punctuation → English; the kind decides the spacing around it.
_PUNCTUATION = {
    "、": (",", "close"), "，": (",", "close"), "。": (".", "close"), "．": (".", "close"),
    "！": ("!", "close"), "？": ("?", "close"), "：": (":", "close"), "；": (";", "close"),
    "…": ("…", "close"), "‥": ("…", "close"), "％": ("%", "close"),
    "「": ("\u201c", "open"), "」": ("\u201d", "close"), "『": ("\u201c", "open"), "』": ("\u201d", "close"),
    "（": ("(", "open"), "）": (")", "close"), "【": ("[", "open"), "】": ("]", "close"),
    "〔": ("[", "open"), "〕": ("]", "close"), "［": ("[", "open"), "］": ("]", "close"),
    "“": ("\u201c", "open"), "”": ("\u201d", "close"),
    "(": ("(", "open"), ")": (")", "close"), "[": ("[", "open"), "]": ("]", "close"),
    ",": (",", "close"), ".": (".", "close"), "!": ("!", "close"), "?": ("?", "close"),
    ":": (":", "close"), ";": (";", "close"), "%": ("%", "close"),
    "・": ("", "skip"), "〜": ("~", "word"), "～": ("~", "word"), "ー": ("", "skip"), "―": ("—", "word"),
    "—": ("—", "word"), "-": ("-", "glue"), "/": ("/", "glue"), "／": ("/", "glue"),
}
# "Must" endings: negation + condition + "it won't do" (なければならない, なくてはいけない, ないとだめ).
_OBLIGATION = re.compile(
    r"(?:なければ|なきゃ|なくては|なくちゃ|ねば|ないと)(?:なら|いけ|いか)(?:ない|ないでしょう|なかった|ず|ん|ません)"
    r"|(?:なければ|なきゃ|なくては|なくちゃ|ないと)(?:だめ|ダメ|駄目)"
)
_MAX_GLOSS_CHARS = 40
_NUMBER = "\x00"  # marks a number in _render_match's answer
_PAREN = re.compile(r"\s*\([^()]*\)")
_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10**4, "億": 10**8, "兆": 10**12}


def gloss_text(text: str) -> str:
    """A literal English gloss of Japanese text (a sentence or a paragraph), as one line.

    Args:
        text: Japanese text; line breaks become spaces.

    Returns:
        The glosses of its words and compounds in order, with English punctuation;
        empty for empty text.

    Raises:
        DictionaryMissing: the dictionary index is missing and cannot be built.
    """
    from bireader.document import strip_controls

    # A document may carry terminal escapes; gloss what the reader sees, not "[31m".
    text = strip_controls(text)
    if not text.strip():
        return ""
    from bireader.dictionary.vocab import text_matches

    tokens, matches = text_matches(text)  # shared with the unit's vocabulary panel
    if not tokens:
        return ""
    by_start = {t.start: t for t in tokens}
    pieces: list[tuple[int, int, str, str]] = []  # (start, end, text, kind)
    terms = _glossary_terms(text, tokens)
    for term in terms:
        pieces.append((term.start, term.end, _short(term.entry, glossary=True), "word"))
    covered = _covered(terms)
    for match in matches:
        if _overlaps(covered, match.start, match.end):
            continue
        rendered = _render_match(match, by_start)
        if rendered.startswith(_NUMBER):
            pieces.append((match.start, match.end, rendered[1:], "number"))
        elif rendered:
            pieces.append((match.start, match.end, rendered, "word"))
    for token in tokens:
        if token.pos in _PUNCT_TOKEN_POS and not _overlaps(covered, token.start, token.end):
            pieces.extend(_render_punctuation(token))
    pieces = _obligations(pieces, text)
    pieces.sort(key=lambda p: (p[0], p[1]))
    return _join(_counters_after_numbers(_merge_numbers(pieces, by_start), text))


def _glossary_terms(text: str, tokens):
    try:
        from bireader.glossary import find_terms
    except ModuleNotFoundError as err:  # the glossary module is optional for the gloss
        if err.name != "bireader.glossary":
            raise
        return []
    return [m for m in find_terms(text, tokens) if m.entry.short_gloss]


def _covered(terms) -> list[tuple[int, int]]:
    return [(m.start, m.end) for m in terms]


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _render_match(match, by_start: dict[int, "Token"]) -> str:
    """One word or compound: its short gloss, a marker, a number, or nothing (grammar)."""
    surface = match.surface
    token = by_start.get(match.start)
    normal = unicodedata.normalize("NFKC", surface)
    if match.token_count == 1 and token is not None:
        if surface in _GRAMMATICAL_NOUNS and token.pos in ("名詞", "助詞"):
            return _GRAMMATICAL_NOUNS[surface]
        if token.pos_detail == "数詞" or _is_number(normal):
            return _NUMBER + normal  # numbers are merged and formatted in _merge_numbers
        if token.pos in ("助詞",) or token.pos_detail == "フィラー":
            return ""  # particles, and fillers (えー, あの) that mean nothing
        if token.pos == "助動詞":
            return "not" if token.lemma in _NEGATION_LEMMAS else ""
        if token.pos == "形容詞" and token.lemma in ("ない", "無い") and not token.is_content:
            return "not"  # ことのない, 必要はない: the adjective of absence after a noun
    if normal.isascii() and any(ch.isalnum() for ch in normal):
        return normal  # NATO, IISS, NSNW: English readers know them as they are
    entry = match.entry
    is_affix = match.pos in ("接頭辞", "接尾辞")
    # Conjunctions are not vocabulary, but しかし / そして carry the sentence's logic: keep them.
    if not match.is_content and not is_affix and match.pos != "接続詞":
        return ""
    if entry is None:
        return surface  # a word no dictionary knows: show it rather than hide it
    if match.token_count == 1:
        verb_here = token is not None and token.pos == "動詞"
    else:
        verb_here = match.lemma != match.surface  # its last word was deinflected: 行ってき(た) → 行って来る
    return _short(entry, verb=verb_here)


def _short(entry: "Entry", *, glossary: bool = False, verb: bool = False) -> str:
    """The entry's first gloss, trimmed to a few words: no "to " before verbs, no (notes).

    ``verb``: the word is used as a verb here, so a verb sense wins over an earlier
    interjection or noun sense of the same entry (行ってくる: "to go", not "I'm off").
    """
    gloss = entry.short_gloss.strip()
    if glossary:
        return gloss
    is_verb = _is_verb(entry)
    if verb and not is_verb:
        sense = next((sense for sense in entry.senses if sense.glosses and _is_verb_sense(sense)), None)
        if sense is not None:
            gloss, is_verb = sense.glosses[0], True
    trimmed = _PAREN.sub("", gloss).strip() or gloss
    if trimmed.startswith("to ") and is_verb:
        trimmed = trimmed[3:]
    if len(trimmed) > _MAX_GLOSS_CHARS:
        # Long JMdict glosses are explanations; keep the part before the first comma.
        head = re.split(r"[,;]", trimmed, maxsplit=1)[0].strip()
        trimmed = head if head else trimmed
    return trimmed


def _is_verb(entry: "Entry") -> bool:
    return bool(entry.senses) and _is_verb_sense(entry.senses[0])


def _is_verb_sense(sense) -> bool:
    return any("verb" in pos and "adverb" not in pos for pos in sense.pos)


def _is_number(text: str) -> bool:
    return bool(text) and all(ch.isdigit() or ch in _KANJI_DIGITS or ch in _SMALL_UNITS or ch in _BIG_UNITS or ch in ".," for ch in text) and any(
        ch.isdigit() or ch in _KANJI_DIGITS for ch in text
    )


def _obligations(pieces, text: str):
    """考えなければならない is "must think", not "think not become not": one "must" for the ending."""
    spans = [m.span() for m in _OBLIGATION.finditer(text)]
    if not spans:
        return pieces
    kept = [p for p in pieces if not _overlaps(spans, p[0], p[1])]
    return kept + [(start, end, "must", "word") for start, end in spans]


def _counters_after_numbers(pieces, text: str):
    """2022 + 年 → "2022 year" rather than the counter's dictionary sense ("counter for people")."""
    out = []
    previous = None
    for piece in pieces:
        start, end, rendered, kind = piece
        if previous is not None and previous[3] == "number" and previous[1] == start:
            unit = _COUNTERS.get(text[start:end])
            if unit is not None:
                if unit:
                    out.append((start, end, unit, "word"))
                previous = piece
                continue
        out.append(piece)
        previous = piece
    return out


def _render_punctuation(token: "Token") -> list[tuple[int, int, str, str]]:
    out = []
    for i, ch in enumerate(token.surface):
        mapped = _PUNCTUATION.get(ch)
        if mapped is None:
            normal = unicodedata.normalize("NFKC", ch)
            if ch.isspace():
                continue
            mapped = (normal, "word")
        text, kind = mapped
        if kind != "skip" and text:
            out.append((token.start + i, token.start + i + 1, text, kind))
    return out


def _merge_numbers(pieces, by_start):
    """Adjacent number tokens become one figure: 31 + 万 + 5000 → 315,000."""
    out = []
    run: list[tuple[int, int, str, str]] = []

    def flush():
        if run:
            raw = "".join(p[2] for p in run)
            out.append((run[0][0], run[-1][1], _format_number(raw), "number"))
            run.clear()

    for piece in pieces:
        if piece[3] == "number" and (not run or run[-1][1] == piece[0]):
            run.append(piece)
            continue
        flush()
        if piece[3] == "number":
            run.append(piece)
        else:
            out.append(piece)
    flush()
    return out


def _format_number(raw: str) -> str:
    """31万5000 → 315,000; 二 → 2; 2022 stays 2022 (a year); anything odd is kept as written."""
    value = parse_japanese_number(raw)
    if value is None:
        return raw
    if raw.isdigit():
        return raw  # plain digits as written (years, codes)
    return f"{value:,}"


def parse_japanese_number(text: str) -> int | None:
    """The value of a number written with digits and/or kanji (31万5000, 三千, 1億2千万); None if not one."""
    text = unicodedata.normalize("NFKC", text).replace(",", "")
    if not text:
        return None
    total = 0  # completed 万/億/兆 groups
    section = 0  # within the current group
    digits = ""
    for ch in text:
        if ch.isdigit():
            digits += ch
        elif ch in _KANJI_DIGITS:
            digits += str(_KANJI_DIGITS[ch])
        elif ch in _SMALL_UNITS:
            section += (int(digits) if digits else 1) * _SMALL_UNITS[ch]
            digits = ""
        elif ch in _BIG_UNITS:
            section += int(digits) if digits else 0
            total += (section or 1) * _BIG_UNITS[ch]
            section, digits = 0, ""
        else:
            return None
    return total + section + (int(digits) if digits else 0)


def _join(pieces) -> str:
    """Words separated by spaces; closing punctuation hugs the word before, opening the word after."""
    out: list[str] = []
    glue_next = True
    last_text = ""
    for _, _, text, kind in pieces:
        if kind == "number":
            kind = "word"
        if kind == "close":
            if not out and text in ",;:":
                continue  # the comma after a word left out (えー、) has nothing to follow
            out.append(text)
            glue_next = False
        elif kind == "glue":
            out.append(text)
            glue_next = True
        elif kind == "open":
            if out and not glue_next:
                out.append(" ")
            out.append(text)
            glue_next = True
        else:
            if text == last_text and kind == "word":
                continue  # 核 + 兵器 glossed the same twice in a row reads as a stutter
            if out and not glue_next:
                out.append(" ")
            out.append(text)
            # A prefix gloss ("non-", "anti-") attaches to the word after it.
            glue_next = text.endswith("-") and len(text) > 1
        last_text = text
    line = "".join(out)
    return re.sub(r"\s+", " ", line).strip()
