"""Kana → modified Hepburn romanisation, for names no dictionary knows (カラガノフ → Karaganofu).

Pure functions, standard library only. Katakana and hiragana are both accepted;
the katakana-only combinations used for foreign sounds (ティ, ファ, ヴ …) are covered.
The long-vowel mark ー lengthens the vowel before it with a macron (エスカレーション →
esukarēshon); ッ doubles the next consonant (ch → tch); ン before a vowel or y is written n'.
"""

from __future__ import annotations

import re

_HIRA_START, _HIRA_END = ord("ぁ"), ord("ゖ")
_KATA_OFFSET = ord("ァ") - ord("ぁ")

# Single kana (as hiragana; katakana is folded onto these).
_MONO = {
    "あ": "a", "い": "i", "う": "u", "え": "e", "お": "o",
    "か": "ka", "き": "ki", "く": "ku", "け": "ke", "こ": "ko",
    "が": "ga", "ぎ": "gi", "ぐ": "gu", "げ": "ge", "ご": "go",
    "さ": "sa", "し": "shi", "す": "su", "せ": "se", "そ": "so",
    "ざ": "za", "じ": "ji", "ず": "zu", "ぜ": "ze", "ぞ": "zo",
    "た": "ta", "ち": "chi", "つ": "tsu", "て": "te", "と": "to",
    "だ": "da", "ぢ": "ji", "づ": "zu", "で": "de", "ど": "do",
    "な": "na", "に": "ni", "ぬ": "nu", "ね": "ne", "の": "no",
    "は": "ha", "ひ": "hi", "ふ": "fu", "へ": "he", "ほ": "ho",
    "ば": "ba", "び": "bi", "ぶ": "bu", "べ": "be", "ぼ": "bo",
    "ぱ": "pa", "ぴ": "pi", "ぷ": "pu", "ぺ": "pe", "ぽ": "po",
    "ま": "ma", "み": "mi", "む": "mu", "め": "me", "も": "mo",
    "や": "ya", "ゆ": "yu", "よ": "yo",
    "ら": "ra", "り": "ri", "る": "ru", "れ": "re", "ろ": "ro",
    "わ": "wa", "ゐ": "i", "ゑ": "e", "を": "o", "ん": "n",
    "ゔ": "vu",
    # Small kana standing alone (not part of a combination below).
    "ぁ": "a", "ぃ": "i", "ぅ": "u", "ぇ": "e", "ぉ": "o",
    "ゃ": "ya", "ゅ": "yu", "ょ": "yo", "ゎ": "wa", "ゕ": "ka", "ゖ": "ke",
}

# Kana followed by a small kana.
_DIGRAPHS = {
    "きゃ": "kya", "きゅ": "kyu", "きょ": "kyo", "ぎゃ": "gya", "ぎゅ": "gyu", "ぎょ": "gyo",
    "しゃ": "sha", "しゅ": "shu", "しょ": "sho", "しぇ": "she",
    "じゃ": "ja", "じゅ": "ju", "じょ": "jo", "じぇ": "je",
    "ちゃ": "cha", "ちゅ": "chu", "ちょ": "cho", "ちぇ": "che",
    "ぢゃ": "ja", "ぢゅ": "ju", "ぢょ": "jo",
    "にゃ": "nya", "にゅ": "nyu", "にょ": "nyo", "ひゃ": "hya", "ひゅ": "hyu", "ひょ": "hyo",
    "びゃ": "bya", "びゅ": "byu", "びょ": "byo", "ぴゃ": "pya", "ぴゅ": "pyu", "ぴょ": "pyo",
    "みゃ": "mya", "みゅ": "myu", "みょ": "myo", "りゃ": "rya", "りゅ": "ryu", "りょ": "ryo",
    # Sounds of foreign words, written in katakana.
    "てぃ": "ti", "でぃ": "di", "とぅ": "tu", "どぅ": "du", "てゅ": "tyu", "でゅ": "dyu",
    "ふぁ": "fa", "ふぃ": "fi", "ふぇ": "fe", "ふぉ": "fo", "ふゅ": "fyu",
    "うぃ": "wi", "うぇ": "we", "うぉ": "wo", "うぁ": "wa",
    "ゔぁ": "va", "ゔぃ": "vi", "ゔぇ": "ve", "ゔぉ": "vo", "ゔゅ": "vyu",
    "つぁ": "tsa", "つぃ": "tsi", "つぇ": "tse", "つぉ": "tso",
    "くぁ": "kwa", "くぃ": "kwi", "くぇ": "kwe", "くぉ": "kwo", "ぐぁ": "gwa",
    "すぃ": "si", "ずぃ": "zi", "いぇ": "ye", "きぇ": "kye", "にぇ": "nye", "ひぇ": "hye",
}

# Katakana with no hiragana twin.
_KATA_ONLY = {"ヷ": "va", "ヸ": "vi", "ヹ": "ve", "ヺ": "vo"}
_MACRON = {"a": "ā", "i": "ī", "u": "ū", "e": "ē", "o": "ō"}


def to_hiragana(text: str) -> str:
    """Fold katakana onto hiragana (ア → あ); ー and other characters are kept."""
    out = []
    for ch in text:
        code = ord(ch)
        if ord("ァ") <= code <= ord("ヶ"):
            out.append(chr(code - _KATA_OFFSET))
        else:
            out.append(ch)
    return "".join(out)


# One regular expression each, not a loop over the characters: the scan asks of every token.
_KANA = re.compile("[ぁ-ゖァ-ヺーゝゞヽヾ・]+")
_KATAKANA = re.compile("[ァ-ヺーヽヾ・]*[ァ-ヺヽヾ・][ァ-ヺーヽヾ・]*")  # …and not ー alone


def is_kana(text: str) -> bool:
    """True when ``text`` is non-empty and all hiragana/katakana (with ー, ・ and small kana)."""
    return _KANA.fullmatch(text) is not None


def is_katakana(text: str) -> bool:
    """True when ``text`` is non-empty and all katakana (with ー and ・), e.g. a loanword or a foreign name."""
    return _KATAKANA.fullmatch(text) is not None


def romanize(text: str, *, capitalize: bool = False) -> str:
    """Modified Hepburn romanisation of kana; other characters pass through unchanged.

    Args:
        text: hiragana and/or katakana (カラガノフ, しんぶん).
        capitalize: capitalise each word, as for a name (・ separates words).

    Returns:
        The romanisation: ``romanize("ストルテンベルグ") == "sutorutenberugu"``.
    """
    kana = to_hiragana(text)
    out: list[str] = []
    geminate = False
    i = 0
    n = len(kana)
    while i < n:
        ch = kana[i]
        pair = kana[i : i + 2]
        if ch in "っッ":
            geminate = True
            i += 1
            continue
        if ch == "ー":
            _lengthen(out)
            i += 1
            continue
        if ch == "・":
            out.append(" ")
            i += 1
            continue
        if ch in "ゝゞ" and out:  # iteration marks repeat the previous syllable
            i += 1
            out.append(out[-1])
            continue
        if pair in _DIGRAPHS:
            syllable, i = _DIGRAPHS[pair], i + 2
        elif ch in _MONO:
            syllable, i = _MONO[ch], i + 1
        elif ch in _KATA_ONLY:
            syllable, i = _KATA_ONLY[ch], i + 1
        else:
            syllable, i = ch, i + 1
            geminate = False
        if geminate:
            if syllable.startswith("ch"):
                syllable = "t" + syllable
            elif syllable[0] not in "aiueon":
                syllable = syllable[0] + syllable
            geminate = False
        if out and out[-1] == "n" and syllable[0] in "aiueoy":  # only ん romanises to a bare n
            out[-1] = "n'"
        out.append(syllable)
    result = "".join(out).replace("  ", " ").strip()
    if capitalize:
        result = " ".join(word[:1].upper() + word[1:] for word in result.split(" "))
    return result


def _lengthen(out: list[str]) -> None:
    """Apply ー to the last vowel written: e → ē."""
    for index in range(len(out) - 1, -1, -1):
        piece = out[index]
        if piece and piece[-1] in _MACRON:
            out[index] = piece[:-1] + _MACRON[piece[-1]]
            return
        if piece.strip():
            return


# --- romaji → kana (for queries typed in Latin letters: taberu, tabeta) -------------------------

_VOWELS = "aiueo"
# Hepburn, Kunrei and Nihon-shiki spellings of each kana (the longest spelling is tried first).
_ROMAJI = {
    **dict(zip(_VOWELS, "あいうえお")),
    **{c + v: k for c, row in (
        ("k", "かきくけこ"), ("g", "がぎぐげご"), ("s", "さしすせそ"), ("z", "ざじずぜぞ"), ("t", "たちつてと"),
        ("d", "だぢづでど"), ("n", "なにぬねの"), ("h", "はひふへほ"), ("b", "ばびぶべぼ"), ("p", "ぱぴぷぺぽ"),
        ("m", "まみむめも"), ("r", "らりるれろ"),
    ) for v, k in zip(_VOWELS, row)},
    "ya": "や", "yu": "ゆ", "yo": "よ", "wa": "わ", "wo": "を", "wi": "うぃ", "we": "うぇ",
    "shi": "し", "chi": "ち", "tsu": "つ", "fu": "ふ", "ji": "じ",
    "fa": "ふぁ", "fi": "ふぃ", "fe": "ふぇ", "fo": "ふぉ", "vu": "ゔ", "va": "ゔぁ", "vi": "ゔぃ", "ve": "ゔぇ", "vo": "ゔぉ",
    "je": "じぇ", "che": "ちぇ", "she": "しぇ", "ti": "ち", "tu": "つ", "hu": "ふ", "si": "し", "zi": "じ",
    "di": "ぢ", "du": "づ",
}
# Kana + small ゃ/ゅ/ょ: Hepburn sha, cha, ja; Kunrei sya, tya, zya; kya, nya … in all.
_DIGRAPH_STEMS = {
    "ky": "き", "gy": "ぎ", "ny": "に", "hy": "ひ", "by": "び", "py": "ぴ", "my": "み", "ry": "り",
    "sh": "し", "sy": "し", "ch": "ち", "ty": "ち", "cy": "ち", "j": "じ", "jy": "じ", "zy": "じ", "dy": "ぢ",
}
for _stem, _kana in _DIGRAPH_STEMS.items():
    for _vowel, _small in (("a", "ゃ"), ("u", "ゅ"), ("o", "ょ")):
        _ROMAJI[_stem + _vowel] = _kana + _small
_LONG = {"ā": "aa", "ī": "ii", "ū": "uu", "ē": "ee", "ō": "ou", "â": "aa", "î": "ii", "û": "uu", "ê": "ee", "ô": "ou"}


def kana_from_romaji(text: str) -> str | None:
    """Hiragana for a word in romaji (Hepburn, Kunrei or Nihon-shiki), or None if it is not romaji.

    ``taberu`` → たべる, ``tabeta`` → たべた, ``shinbun``/``sinbun`` → しんぶん, ``kin'en`` → きんえん,
    ``gakkō`` → がっこう, ``matcha`` → まっちゃ.

    Args:
        text: Latin letters (any case), with optional macrons, circumflexes, ``'`` and ``-``.

    Returns:
        The hiragana, or None when some part spells no kana (``deterrence``, ``xyz``).
    """
    word = text.strip().lower()
    for long, plain in _LONG.items():
        word = word.replace(long, plain)
    if not word or not all("a" <= ch <= "z" or ch in "'-" for ch in word):
        return None
    out: list[str] = []
    i = 0
    n = len(word)
    while i < n:
        ch = word[i]
        if ch == "-":
            out.append("ー")
            i += 1
            continue
        if ch == "'":
            i += 1
            continue
        if ch == "n" and (i + 1 == n or word[i + 1] not in _VOWELS + "y"):
            out.append("ん")  # n before a consonant, an apostrophe or the end; nn before a vowel is ん + n…
            i += 1
            continue
        if ch not in _VOWELS and i + 1 < n and (word[i + 1] == ch or (ch == "t" and word[i + 1] == "c")):
            out.append("っ")  # a doubled consonant (gakkō), and Hepburn's tch (matcha)
            i += 1
            continue
        for length in (3, 2, 1):
            kana = _ROMAJI.get(word[i : i + length])
            if kana is not None:
                out.append(kana)
                i += length
                break
        else:
            return None
    return "".join(out)
