"""Tokenization with fugashi + unidic-lite; no fugashi node escapes this module.

Assumes UniDic (unidic-lite 1.0.8, UniDic 2.1.2) features: ``orthBase`` is the
dictionary form in the surface's own orthography (し → する, 述べ → 述べる),
whereas ``lemma`` is UniDic's normalised headword (し → 為る) and, for
loanwords, carries an English hint (ロシア → ロシア-Russia). JMdict is keyed on
ordinary orthography, so ``orthBase`` is what we look up.
"""

from __future__ import annotations

import functools

from bireader.model import Token, new_token

# UniDic pos1 values of words worth looking up.
CONTENT_POS = frozenset({"名詞", "動詞", "形容詞", "形状詞", "副詞", "代名詞", "連体詞", "感動詞", "接頭辞"})
# pos2 values that make an otherwise content pos a function word here:
# 数詞 (numbers are anchors, not vocabulary) and 非自立可能 (こと, ため; verbs with that tag are
# decided by their context in _is_auxiliary_verb).
FUNCTION_POS2 = frozenset({"数詞", "非自立可能"})

# Nouns written in kana that work as grammar (ために "in order to", ところ, はず): their
# dictionary sense ("good; benefit" for ため) would mislead, so they are not vocabulary.
GRAMMATICAL_NOUNS = frozenset({"ため", "こと", "もの", "ところ", "とき", "わけ", "はず", "よう", "まま", "うち"})

_KATA_TO_HIRA = {c: c - 0x60 for c in range(ord("ァ"), ord("ヶ") + 1)}


def katakana_to_hiragana(text: str) -> str:
    """ア → あ; other characters (ー, kanji, Latin) are kept."""
    return text.translate(_KATA_TO_HIRA)


@functools.cache
def get_tagger():
    """The one fugashi Tagger of this process, built on first use (loading MeCab costs ~0.1 s)."""
    try:
        import fugashi
    except ImportError as err:  # pragma: no cover - a broken install
        from bireader.errors import BireaderError

        raise BireaderError(f"the tokenizer cannot load: {err}; reinstall bireader (pip install -e .)") from None
    return fugashi.Tagger()


def _field(value) -> str:
    return "" if value in (None, "*") else str(value)


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Split Japanese text into tokens with character offsets.

    Args:
        text: any text; spaces and newlines become gaps between tokens.
        offset: added to every start/end, so tokens of a paragraph can carry
            offsets into the whole document.

    Returns:
        Tokens in order; ``text[t.start - offset:t.end - offset] == t.surface``.
    """
    tokens: list[Token] = []
    for line_start, line in _lines(text):
        pos = line_start
        for shape, is_content in _line_shapes(line):
            surface = shape[0]
            found = text.find(surface, pos)
            if found < 0:  # cannot happen for MeCab output, but never emit wrong offsets
                continue
            pos = found + len(surface)
            start = found + offset
            tokens.append(new_token(
                surface, shape[1], shape[2], shape[3], shape[4], shape[5], shape[6],
                start, start + len(surface), is_content, shape[8], shape[9],
            ))  # every field, in model.Token's order: this is the hot path
    return tokens


def content_words(text: str) -> list[str]:
    """The dictionary forms of ``text``'s content words that are not ASCII, in order.

    What the aligner's dictionary signal looks up: the same words as
    ``[t.lemma or t.surface for t in tokenize(text) if t.is_content and not t.surface.isascii()]``,
    without building the tokens (their offsets and fields are most of ``tokenize``'s cost).
    """
    return [
        shape[1] or shape[0]
        for _, line in _lines(text)
        for shape, is_content in _line_shapes(line)
        if is_content and not shape[0].isascii()
    ]


def _line_shapes(line: str):
    """(fields, is_content) of each word MeCab finds in one line; the fields are ``_shape``'s."""
    tagger = get_tagger()
    shapes = _shapes
    previous = None
    for node in tagger(line):
        surface = node.surface
        if not surface:
            continue
        # A word's fields depend only on its surface and MeCab's feature line, so they are
        # worked out once per distinct word: decoding the features is most of the cost.
        key = (surface, node.feature_raw, node.is_unk)
        shape = shapes.get(key)
        if shape is None:
            if len(shapes) >= _SHAPES_MAX:
                shapes.clear()
            shape = shapes[key] = _shape(node, surface)
        is_content = shape[7]
        if is_content is None:  # a 非自立可能 verb: content or grammar by the word before it
            is_content = not _is_auxiliary_verb(shape[1], previous)
        yield shape, is_content
        previous = shape


# Distinct words whose fields are kept (a long novel has ~20k); cleared whole when full.
_SHAPES_MAX = 1 << 16
_shapes: dict[tuple[str, str, bool], tuple] = {}


def _lines(text: str):
    start = 0
    for line in text.split("\n"):
        if line.strip():
            yield start, line
        start += len(line) + 1


def _is_auxiliary_verb(base: str, previous: tuple | None) -> bool:
    """Whether a verb UniDic marks 非自立可能 works as grammar here rather than as a word.

    UniDic gives every such verb that tag (いる, ある, 来る, 行く, 見る, なる, する), whether it is the
    auxiliary of 述べている / 行ってくる / 攻撃する or the verb of 東京にいる / 人が来た. Only the
    first kind is grammar; the second must be glossed and offered like any other verb.
    ``previous`` is the word before, as ``_shape``'s fields (surface 0, pos 3, pos_detail 4,
    conj_form 6).
    """
    if previous is None:
        return base in ("する", "為る")
    surface, pos, pos_detail, conj_form = previous[0], previous[3], previous[4], previous[6]
    if pos == "助詞" and pos_detail == "接続助詞" and surface in ("て", "で"):
        return True  # 述べている, 行ってくる, 書いてある, してみる
    if base in ("ある", "有る") and surface == "で":
        return True  # である: the written copula, not "to exist"
    if pos == "動詞" and conj_form.startswith("連用形"):
        return True  # 使いすぎる: the second verb of a compound only shades the first
    if base in ("する", "為る"):
        return not (pos == "助詞" and surface in ("を", "は", "も"))  # 攻撃する vs 何をする
    return False


def _shape(node, surface: str) -> tuple:
    """A token's fields but its offsets, in model.Token's order; ``is_content`` (index 7) is
    None when it depends on the word before (a 非自立可能 verb, see ``_is_auxiliary_verb``)."""
    feature = node.feature
    pos1 = _field(getattr(feature, "pos1", ""))
    pos2 = _field(getattr(feature, "pos2", ""))
    base = _field(getattr(feature, "orthBase", "")) or surface
    kana = _field(getattr(feature, "kana", ""))
    kana_base = _field(getattr(feature, "kanaBase", ""))
    if node.is_unk:
        # Unknown words (foreign names in katakana, rare kanji): the surface is all we know.
        reading = katakana_to_hiragana(surface)
        base = surface
    else:
        l_form = _field(getattr(feature, "lForm", ""))
        if surface == base and l_form and kana and len(l_form) == len(kana):
            # UniDic spells some readings as pronounced (言う: kana ユウ, lForm イウ);
            # learners want the dictionary reading, which lForm gives for uninflected words.
            kana = kana_base = l_form
        reading = katakana_to_hiragana(kana) if kana else katakana_to_hiragana(surface)
    is_content: bool | None
    if pos1 == "動詞" and pos2 == "非自立可能":
        is_content = None
    elif pos1 == "名詞" and surface in GRAMMATICAL_NOUNS:
        is_content = False
    else:
        is_content = pos1 in CONTENT_POS and pos2 not in FUNCTION_POS2 and not pos1 == "接頭辞"
    return (
        surface,
        base,
        reading,
        pos1,
        pos2,
        _field(getattr(feature, "cType", "")),
        _field(getattr(feature, "cForm", "")),
        is_content,
        katakana_to_hiragana(kana_base) if kana_base else reading,
        # UniDic appends an English hint to loanword lemmas (ロシア-Russia); keep the Japanese part.
        _field(getattr(feature, "lemma", "")).split("-", 1)[0] if not node.is_unk else surface,
    )
