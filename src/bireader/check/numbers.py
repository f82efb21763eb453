"""The ``numbers`` rule: every number on one side of a bead is on the other, whatever way it is written.

Both sides are read into ``Number`` values: what was written and the values it may
stand for. Japanese forms understood: full-width digits (３万), the multipliers
万 億 兆 (2,500万 = 25,000,000; 31万5000 = 315,000), kanji numerals (五 = 5,
三千五百 = 3,500, 二〇二三 = 2023), era years (令和5年 = 2023, and 5), ％ and 割
(3割 = 30%), fractions (3分の1), hours (15時 = 3 p.m.). English forms: digits
with thousands separators, scale words (30 thousand, 2.5 million, $5bn),
number words (twenty-five), ordinals (20th, third), month names (June = 6),
Roman numerals (World War II), fractions (a third, two-thirds, half).

A number is *firm* when the way it is written leaves no doubt it is a number
that must be translated: digits, or a kanji numeral with a counter (三人, 五年)
or a multiplier (一万). Everything else is *soft*: kanji numerals inside words
(九州, 五輪, 一部), the value 1 in kanji (一人 is often "alone", 一度 "once"),
anything after 第 or near 数/何 (数十万 "hundreds of thousands"), English number
words, ordinals and month names. The rule reports a firm number with no match on
the other side; a soft number only ever serves as a match, since reporting
those would bury the real misses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Sequence

from bireader.check.findings import CheckContext, Finding, Segment, nfkc


@dataclass(frozen=True, slots=True)
class Number:
    """A number as written (``text``) and the values it may stand for."""

    text: str
    values: frozenset[float]
    firm: bool


def _key(value: float) -> float:
    """Values compare on six significant digits (a third is 0.333333 whichever side computed it)."""
    if -1e6 < value < 1e6 and value == int(value):
        return float(value)  # six digits or fewer: already its own key (the common case, without formatting)
    return float(f"{value:.6g}")


def _number(text: str, values, firm: bool) -> Number:
    return Number(text, frozenset(map(_key, values)), firm)


# --- Japanese ----------------------------------------------------------------------------

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10**4, "億": 10**8, "兆": 10**12}
_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925, "大正": 1911, "明治": 1867}

# A run of digits (with thousands commas and a decimal part) or kanji numerals, with
# multipliers inside: 2,500万, 31万5000, 三千五百, 1億2000万, 3.5.
_DIGITS = r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?"
# (Written as one character class first and the two kinds after it, rather than as two
# alternatives, so that re skips ahead to the next digit or numeral: the same matches.)
_JA_NUMBER = re.compile(
    rf"[0-9〇零一二三四五六七八九十百千](?:(?<=[0-9])[0-9]*(?:,[0-9]{{3}})*(?:\.[0-9]+)?(?:[十百千万億兆]|{_DIGITS})*"
    r"|(?<![0-9])[〇零一二三四五六七八九十百千万億兆]*)"
)
_ERA_BEFORE = re.compile(r"(令和|平成|昭和|大正|明治)\s*$")
_ERA_FIRST_YEAR = re.compile(r"(令和|平成|昭和|大正|明治)元年")
_JA_PARTS = re.compile(rf"{_DIGITS}|.")
_JA_DIGITS_ONLY = re.compile(_DIGITS)
_WARI_TAIL = re.compile(rf"割({_DIGITS}|[一二三四五六七八九])分")
_MIDDLE_DOT_DECIMAL = re.compile(r"(?<=\d)・(?=\d)")
# What may follow a number and make a kanji numeral firm: counters that are not also
# word parts (分 is left out: 十分 is "enough" far more often than "ten minutes").
_COUNTERS = (
    "人", "年", "月", "日", "回", "件", "個", "歳", "才", "か国", "カ国", "ヵ国", "ヶ国", "ケ国", "世紀", "倍", "割",
    "%", "パーセント", "時間", "週間", "か月", "カ月", "ヵ月", "ヶ月", "円", "ドル", "ユーロ", "社", "位", "台", "冊",
    "匹", "頭", "機", "隻", "発", "票", "議席", "キロ", "メートル", "トン",
)
_COUNTER_AFTER = re.compile("|".join(re.escape(c) for c in sorted(_COUNTERS, key=len, reverse=True)))


def _parse_ja(text: str) -> float:
    """The value of a Japanese number: 31万5000 → 315000, 三千五百 → 3500, 二〇二三 → 2023."""
    if _JA_DIGITS_ONLY.fullmatch(text):
        return float(text.replace(",", ""))  # 2,500 or 3.5: no kanji to read (most numbers)
    if all(ch in _KANJI_DIGITS for ch in text) and len(text) > 1:
        # Kanji written digit by digit (二〇二三), as in years and street numbers.
        return float("".join(str(_KANJI_DIGITS[ch]) for ch in text))
    total = section = 0.0
    current: float | None = None
    for part in _JA_PARTS.findall(text):
        if part[0].isdigit():
            current = float(part.replace(",", ""))
        elif part in _KANJI_DIGITS:
            current = float(_KANJI_DIGITS[part])
        elif part in _SMALL_UNITS:
            section += (1.0 if current is None else current) * _SMALL_UNITS[part]
            current = None
        elif part in _BIG_UNITS:
            section += current or 0.0
            total += (section or 1.0) * _BIG_UNITS[part]
            section, current = 0.0, None
    return total + section + (current or 0.0)


def _is_latin_letter(text: str, index: int) -> bool:
    return 0 <= index < len(text) and text[index].isascii() and text[index].isalpha()


def _is_capital(text: str, index: int) -> bool:
    return _is_latin_letter(text, index) and text[index].isupper()


def _trim(text: str) -> str:
    """A trailing comma or full stop belongs to the sentence, not the number (2,500万、 → 2,500万)."""
    return text.rstrip(",.")


def japanese_numbers(text: str) -> list[Number]:
    """The numbers in a Japanese text (see the module docstring for the forms understood)."""
    text = nfkc(text)
    if "・" in text:  # 1・5メートル: Japanese sometimes writes the decimal point as a middle dot.
        text = _MIDDLE_DOT_DECIMAL.sub(".", text)
    out: list[Number] = []
    matches = list(_JA_NUMBER.finditer(text))
    skip_next = False
    for i, match in enumerate(matches):
        if skip_next:
            skip_next = False
            continue
        written = _trim(match.group())
        start, end = match.start(), match.start() + len(written)
        counter = _COUNTER_AFTER.match(text, end)
        if not written or written in ("十", "百", "千") and not counter:
            continue  # a lone 十/百/千 is a word part (十字, 百貨店, 千葉)
        if written in _KANJI_DIGITS and not counter and not text.startswith(("分の", "割", "年", "時"), end):
            # The common case: one kanji numeral inside a word (九州, 一部); only a soft number.
            out.append(_number(written, {_KANJI_DIGITS[written]}, False))
            continue
        value = _parse_ja(written)
        after = text[end:end + 6]
        before = text[max(0, start - 3):start]
        # A match starts with a digit or is kanji throughout (_JA_NUMBER's two branches).
        has_digit = written[0].isdigit()
        has_multiplier = not _BIG_UNITS.keys().isdisjoint(written) or (
            has_digit and not _SMALL_UNITS.keys().isdisjoint(written)
        )
        glued_to_latin = _is_latin_letter(text, start - 1) or _is_latin_letter(text, end) or (
            start > 1 and text[start - 1] == "-" and _is_capital(text, start - 2)  # F-16, COVID-19
        )
        if has_digit:
            firm = not glued_to_latin  # F-16, COVID-19, G7: the latin rule keeps codes
        else:
            firm = counter is not None or has_multiplier
        if value == 1 or written == "二" and after.startswith("人"):
            # 1 is "a", "single", "once", "per" as often as "one"; 二人 is a word ("the two", "the couple").
            firm = False
        if before.endswith("第") and not has_digit:
            firm = False  # 第二次 … (World War II, the Second …)
        if "数" in before[-1:] or after.startswith("数") or before.endswith("何"):
            firm = False  # 数十万 "hundreds of thousands", 十数人 "a dozen or so"
        values = {value}
        if after.startswith(("%", "パーセント")):
            written += "%"
        elif after.startswith("割"):
            values = {value * 10}  # 3割 = 30%
            written += "割"
            tail = _WARI_TAIL.match(text, end)
            if tail:  # 3割5分 = 35%
                values = {value * 10 + _parse_ja(tail.group(1))}
                written = text[start:tail.end()]
                skip_next = True
        elif after.startswith("分の"):
            following = matches[i + 1] if i + 1 < len(matches) else None
            if following is not None and following.start() == end + 2:
                part = _parse_ja(_trim(following.group()))
                values = {part / value, 100 * part / value, value} if value else {value}
                written = text[start:following.start() + len(_trim(following.group()))]
                skip_next = True
        elif after.startswith("年"):
            era = _ERA_BEFORE.search(text, 0, start)
            if era:
                values = {value, _ERAS[era.group(1)] + value}
                written = era.group(1) + written + "年"
            elif value < 100 and has_digit and not after.startswith("年間"):
                values = {value, 2000 + value, 1900 + value}  # 23年 may be the year 2023
        elif after.startswith("時") and not after.startswith("時間") and value <= 24:
            # 15時 = 3 p.m.; 午後3時 = 15:00; 午後0時 = 12 noon.
            if value > 12:
                values = {value, value - 12}
            elif before.endswith("午後") or value == 0:
                values = {value, value + 12}
        out.append(_number(written, values, firm))
    if "元年" in text:
        for era in _ERA_FIRST_YEAR.finditer(text):
            out.append(_number(era.group(), {1, _ERAS[era.group(1)] + 1}, True))
    for _ in range(text.count("時半")):
        out.append(_number("時半", {30}, False))  # 7時半 = 7:30
    return out


# --- English -----------------------------------------------------------------------------

_ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_SCALE_ABBREVIATIONS = {"k": 10**3, "m": 10**6, "mn": 10**6, "bn": 10**9, "b": 10**9, "tn": 10**12}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
    "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
    "hundredth": 100, "thousandth": 1000, "millionth": 10**6,
}
_OTHER_WORDS = {"dozen": 12, "twice": 2, "double": 2, "both": 2, "pair": 2, "couple": 2, "triple": 3, "thrice": 3}
_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
_FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
              "fourths": 4, "fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10}
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}

# The whole part is written digit first, ``\d(?<![\w.]\d)…`` rather than ``(?<![\w.])\d…``, so
# that re can skip ahead to the next digit instead of trying the pattern at every character.
_EN_DIGITS = re.compile(
    r"(\d(?<![\w.]\d)(?:\d{0,2}(?:,\d{3})+|\d*))(\.\d+)?"
    r"(?:(st|nd|rd|th)\b|(s)\b|\s?(%|percent\b|per cent\b)|\s?(thousand|million|billion|trillion)\b"
    r"|(k|m|mn|bn|b|tn)\b|(?::\d\d)?\s?([ap])\.?m\b\.?)?",
    re.IGNORECASE,
)
# 1/5, 3 1/2: the fraction is the number, its digits are only parts of it.
_EN_FRACTION = re.compile(r"(?<![\w./])(?:(\d+)\s)?(\d+)/(\d+)(?![\w/])")
_DECADES = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60, "seventies": 70,
            "eighties": 80, "nineties": 90, "teens": 10, "teen": 10, "teenage": 10, "teenager": 10, "teenagers": 10}


_ANY_DIGIT = re.compile(r"\d")
_MINUTES = re.compile(r"\d+(?:\.\d+)?:(\d\d)")


def english_numbers(text: str) -> list[Number]:
    """The numbers in an English text (see the module docstring for the forms understood)."""
    text = nfkc(text)
    return _english_figures(text) + list(_english_words(text))


def _english_figures(text: str) -> list[Number]:
    """The numbers of an (NFKC) English text written with digits: the only firm ones."""
    out: list[Number] = []
    if not _ANY_DIGIT.search(text):
        return out
    fraction_parts: set[int] = set()
    for match in _EN_FRACTION.finditer(text) if "/" in text else ():
        whole, numerator, denominator = match.groups()
        if int(denominator) and int(denominator) <= 100:
            value = float(numerator) / float(denominator) + (float(whole) if whole else 0.0)
            # 5/11 may be a date and 24/7 a saying: its parts answer for the other side too.
            parts = {float(numerator), float(denominator)} | ({float(whole)} if whole else set())
            out.append(_number(match.group(), {value, 100 * value} | parts, True))
            fraction_parts.update(range(match.start(), match.end()))
    for match in _EN_DIGITS.finditer(text):
        whole, decimals, ordinal, plural, percent, scale, abbreviation, meridiem = match.groups()
        value = float(whole.replace(",", "") + (decimals or ""))
        end = match.end()
        glued = end < len(text) and text[end].isalpha() and not (ordinal or plural or abbreviation or meridiem)
        before = text[match.start() - 1] if match.start() else ""
        glued = glued or before.isalpha() or (before == "-" and _is_capital(text, match.start() - 2))  # COVID-19
        values = {value}
        if scale:
            values = {value * _SCALES[scale.lower()]}
        elif abbreviation:
            # 4k is 4,000 or a 4K display; 3m is three million or three metres.
            values = {value, value * _SCALE_ABBREVIATIONS[abbreviation.lower()]}
        if meridiem and decimals and len(decimals) == 3:  # 1.30pm, the British 1:30 p.m.
            value = float(whole)
            values = {value}
            out.append(_number(decimals[1:], {float(decimals[1:])}, True))
        if meridiem and meridiem.lower() == "p" and value < 12:
            values.add(value + 12)
        elif meridiem and meridiem.lower() == "a" and value == 12:
            values.add(0)  # 12 a.m. is midnight, 0時
        firm = not glued and match.start() not in fraction_parts
        out.append(_number(match.group().strip(), values, firm))
        minutes = _MINUTES.match(match.group()) if ":" in match.group() else None
        if minutes:  # 12:31am: the hour carries the a.m./p.m., the minutes are a number too
            out.append(_number(minutes.group(1), {float(minutes.group(1))}, firm))
    return out


def _is_number_word(word: str) -> bool:
    return word in _ONES or word in _TENS or word in _SCALES


# Only these words (and Roman numerals) can be part of a number. They are found with one
# regular expression written as a trie (one branch per shared prefix), since trying a
# plain alternation of a hundred words at every position of a long text is slow.
_CANDIDATE_WORDS = frozenset(
    {*_ONES, *_TENS, *_SCALES, *_ORDINALS, *_OTHER_WORDS, *_DECADES, *_MONTHS, *_FRACTIONS, "and", "a"}
)
_ROMAN_LETTERS = frozenset("IVXLC")


def _trie_pattern(words) -> str:
    """A regular expression matching exactly ``words``, factored by common prefixes."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def branch(node: dict) -> str:
        ends = "" in node
        alternatives = [re.escape(ch) + branch(child) for ch, child in sorted(node.items()) if ch]
        if not alternatives:
            return ""
        body = "(?:" + "|".join(alternatives) + ")"
        return body + "?" if ends else body

    return branch(trie)


_CANDIDATES = re.compile(rf"(?<![A-Za-z])(?:(?i:{_trie_pattern(_CANDIDATE_WORDS)})|[IVXLC]{{2,}})(?![A-Za-z])")


def _english_words(text: str) -> Iterator[Number]:
    """Number words, ordinals, months, fractions, decades and Roman numerals: all soft.

    Hyphenated words are read part by part (twenty-five, two-thirds, five-star,
    a nine-month sentence), and a run of number words is one number (two hundred thousand).
    """
    words = [(m.group(), m.start(), m.end()) for m in _CANDIDATES.finditer(text)]

    def next_to(j: int, end: int) -> bool:
        """Is candidate ``j`` the very next word after ``end`` (a space or a hyphen between)?"""
        if j >= len(words):
            return False
        gap = text[end:words[j][1]]
        return len(gap) <= 2 and not gap.strip(" -")

    i = 0
    while i < len(words):
        word, start, end = words[i]
        lower = word.lower()
        if _is_number_word(lower) and lower not in _SCALES:
            run, j, last_end = [lower], i + 1, end
            while next_to(j, last_end):
                nxt = words[j][0].lower()
                if nxt == "and" and next_to(j + 1, words[j][2]) and words[j + 1][0].lower() in {**_ONES, **_TENS}:
                    last_end = words[j][2]
                    j += 1
                    continue
                if not _is_number_word(nxt):
                    break
                run.append(nxt)
                last_end = words[j][2]
                j += 1
            value = _word_value(run)
            yield _number(text[start:last_end], {value}, False)
            if next_to(j, last_end):
                nxt = words[j][0].lower()
                if nxt in _FRACTIONS and value < 10:
                    yield _number(words[j][0], {value / _FRACTIONS[nxt]}, False)  # two-thirds
                elif nxt in _ORDINALS and 20 <= value < 100 and value % 10 == 0:
                    yield _number(words[j][0], {value + _ORDINALS[nxt]}, False)  # twenty-first
            i = j
            continue
        if lower in ("a", "one") and next_to(i + 1, end) and words[i + 1][0].lower() in _FRACTIONS:
            yield _number(word + " " + words[i + 1][0], {1 / _FRACTIONS[words[i + 1][0].lower()]}, False)
        if lower in _ORDINALS:
            yield _number(word, {_ORDINALS[lower]}, False)
        elif lower in _OTHER_WORDS:
            yield _number(word, {_OTHER_WORDS[lower]}, False)
        elif lower in _DECADES:
            yield _number(word, {_DECADES[lower]}, False)
        elif lower in ("half", "halves"):
            yield _number(word, {0.5, 50}, False)
        elif lower in _MONTHS and word[0].isupper():
            # A capitalised May or March may be a verb or a name: only a soft number, so at
            # worst it answers for a 5 or a 3 that the English did keep somewhere else.
            yield _number(word, {_MONTHS[lower]}, False)
        elif len(word) >= 2 and set(word) <= _ROMAN_LETTERS and _roman_value(word):
            yield _number(word, {_roman_value(word)}, False)
        i += 1


def _word_value(parts: Sequence[str]) -> float:
    total = section = 0
    for part in parts:
        if part in _ONES:
            section += _ONES[part]
        elif part in _TENS:
            section += _TENS[part]
        elif part == "hundred":
            section = (section or 1) * 100
        else:
            total += (section or 1) * _SCALES[part]
            section = 0
    return float(total + section)


def _roman_value(word: str) -> int:
    values = [_ROMAN[ch] for ch in word]
    total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return total if 0 < total < 200 else 0


# --- the rule ----------------------------------------------------------------------------


def format_value(value: float) -> str:
    """A value as a reader writes it: 30,000; 2.5; 1/3 stays 0.333333."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:.6g}"


def _describe(number: Number) -> str:
    """The number as written, with its value when that says more (3万 (30,000)); ambiguous ones as written."""
    if len(number.values) != 1:
        return number.text  # 令和5年, 23年, 4k: the reader knows what was written
    shown = format_value(next(iter(number.values)))
    return number.text if shown.replace(",", "") == number.text.replace(",", "") else f"{number.text} ({shown})"


def unmatched(firm_side: Sequence[Number], other_side: Sequence[Number]) -> list[Number]:
    """The firm numbers of one side whose values the other side has nowhere (firm or soft)."""
    available = {v for n in other_side for v in n.values}
    missing, seen = [], set()
    for number in firm_side:
        if number.firm and not (number.values & available) and number.text not in seen:
            seen.add(number.text)
            missing.append(number)
    return missing


# Only digits and kanji numerals make firm numbers (number words, months and Roman numerals are
# soft, see _english_words), and only a firm number is reported: a bead with neither on either side
# (two paragraphs in three of prose) is passed over without parsing.
_MAY_BE_FIRM_JA = re.compile(r"[0-9〇零一二三四五六七八九十百千元](?:(?<=元)年|(?<!元))")  # a numeral, or 元年
_MAY_BE_FIRM_EN = re.compile(r"[0-9]")


def check_numbers(segments: Sequence[Segment], context: CheckContext) -> Iterator[Finding]:
    """Beads where a number on one side is not on the other."""
    for seg in segments:
        if not seg.ja or not seg.en:
            continue  # a side with no text is the untranslated rule's (or the alignment's) finding
        if not _MAY_BE_FIRM_JA.search(nfkc(seg.ja)) and not _MAY_BE_FIRM_EN.search(nfkc(seg.en)):
            continue
        english = nfkc(seg.en)
        ja, en = japanese_numbers(seg.ja), _english_figures(english)
        if not ja and not en:
            continue
        missing_ja = unmatched(en, ja)  # number words are never firm: the figures alone say this
        missing_en = unmatched(ja, en)
        if missing_en:
            # Only now the number words, which may answer for them (三人 = three): most beads never
            # need them, and finding them is most of the cost of reading the English.
            missing_en = unmatched(ja, en + list(_english_words(english)))
        if not missing_en and not missing_ja:
            continue
        parts = []
        if missing_en:
            parts.append("not in the English: " + ", ".join(_describe(n) for n in missing_en))
        if missing_ja:
            parts.append("not in the Japanese: " + ", ".join(_describe(n) for n in missing_ja))
        yield seg.finding("numbers", "; ".join(parts))
