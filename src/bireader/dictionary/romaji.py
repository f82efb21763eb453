"""Kana → modified Hepburn romanisation, for names no dictionary knows (カラガノフ → Karaganofu).

Pure functions, standard library only. Katakana and hiragana are both accepted;
the katakana-only combinations used for foreign sounds (ティ, ファ, ヴ …) are covered.
The long-vowel mark ー lengthens the vowel before it with a macron (エスカレーション →
esukarēshon); ッ doubles the next consonant (ch → tch); ン before a vowel or y is written n'.
"""

from __future__ import annotations

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


def is_kana(text: str) -> bool:
    """True when ``text`` is non-empty and all hiragana/katakana (with ー, ・ and small kana)."""
    return bool(text) and all(
        "ぁ" <= ch <= "ゖ" or "ァ" <= ch <= "ヺ" or ch in "ーゝゞヽヾ・" for ch in text
    )


def is_katakana(text: str) -> bool:
    """True when ``text`` is non-empty and all katakana (with ー and ・), e.g. a loanword or a foreign name."""
    return bool(text) and all("ァ" <= ch <= "ヺ" or ch in "ーヽヾ・" for ch in text) and any(ch != "ー" for ch in text)


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
