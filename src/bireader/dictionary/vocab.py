"""Longest-match scanning of tokens against the dictionary, and the vocabulary of a paragraph.

UniDic cuts compounds finely (事務総長 → 事務 + 総長, 抑止力 → 抑止 + 力), so a reader
needs the longest dictionary word spanning several tokens, with its parts still on offer.
For each token the scan asks the ``words`` trie for every JMdict spelling that is a
prefix of the following text (one C call), keeps those ending on a token boundary, and
takes the longest; a compound JMdict lacks (非戦略核兵器) falls apart into its longest
known pieces (非, 戦略, 核兵器). A run of katakana tokens that no dictionary has as a whole
and that contains a proper noun or an unknown piece (ウィリアム・アル + ベルク) is one
foreign name, given a romanisation.

Each token's entries come from ``context.token_entries`` (its reading, tags and the number
before it choose among homographs). Where UniDic splits a verb badly (話させる as the noun
話 + さ + せる, though 話 takes no する) the rule-based deinflector reads the whole run.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Sequence

from bireader.dictionary.context import is_numeral, reads_as, token_entries
from bireader.dictionary.forms import deinflected_entries
from bireader.dictionary.lookup import DictionaryIndex, _to_hiragana, _with_index
from bireader.dictionary.romaji import is_kana, is_katakana, romanize
from bireader.model import Entry, Sense, positional_constructor

if TYPE_CHECKING:
    from bireader.model import Token

MAX_SPAN_TOKENS = 8  # longest JMdict compounds in news text are 4–6 UniDic tokens
MAX_SPAN_CHARS = 24
_SKIP_POS = frozenset({"補助記号", "空白", "記号"})  # punctuation and spaces get no Match
# A compound never starts with an auxiliary (ている) and never ends with a particle or
# auxiliary (重要だ, 述べた are inflections, not words); particles are handled apart.
_NO_START_POS = frozenset({"助詞", "助動詞"}) | _SKIP_POS
_NO_END_POS = frozenset({"助詞", "助動詞"}) | _SKIP_POS
_AFFIX_POS = frozenset({"接頭辞", "接尾辞"})
_FUNCTION_POS = frozenset({"助詞", "助動詞"})
_INFLECTING = frozenset({"動詞", "形容詞"})
ROMANIZED_POS = "unknown word (romanised)"


@dataclass(frozen=True, slots=True)
class Match:
    """A word found in a token sequence: one token, or the longest entry spanning several.

    ``start``/``end`` are the character offsets of the tokens (so they index the text the
    tokens came from); ``lemma`` is the dictionary form looked up; ``entries`` are ranked,
    empty when nothing is known; ``parts`` are the single-token matches inside a multi-token
    match (empty for a single token).
    """

    start: int
    end: int
    surface: str
    lemma: str
    reading: str
    entries: tuple[Entry, ...]
    parts: tuple["Match", ...] = ()
    is_content: bool = True
    token_count: int = 1
    pos: str = ""  # UniDic pos1 of the first token

    @property
    def entry(self) -> Entry | None:
        """The best entry, or None."""
        return self.entries[0] if self.entries else None


_new_match = positional_constructor(Match)


@dataclass(frozen=True, slots=True)
class VocabItem:
    """A word worth glossing in a paragraph, with its best entry.

    ``lemma`` is the dictionary form (述べた → 述べる; a compound's own spelling);
    ``reading`` is its hiragana reading; ``start``/``end`` are offsets of its first
    occurrence; ``parts`` are the words a compound is made of (国防相 → 国防, 相).
    """

    surface: str
    lemma: str
    reading: str
    start: int
    end: int
    entry: Entry
    entries: tuple[Entry, ...] = ()
    parts: tuple["VocabItem", ...] = ()


def romanized_entry(text: str) -> Entry:
    """An entry for a katakana word no dictionary has: its reading and a Hepburn romanisation."""
    return Entry(
        headword=text,
        readings=(text,),
        senses=(Sense((romanize(text, capitalize=True),), (ROMANIZED_POS,)),),
        source="romanized",
        matched=text,
        note="not in JMdict or JMnedict; romanised from the katakana",
    )


def lookup_token(token: "Token", previous: "Token | None" = None) -> list[Entry]:
    """Entries for one token by its dictionary form (then its surface), those read as the token first.

    Args:
        token: a token from ``bireader.tokens.tokenize``.
        previous: the token before it, if any (2 before 月 makes it a counter).
    """
    return list(_with_index(lambda index: _single(index, token, previous).entries))


def match_tokens(tokens: Sequence["Token"]) -> list[Match]:
    """Scan tokens left to right, preferring the longest dictionary entry spanning several tokens.

    Args:
        tokens: tokens from ``bireader.tokens.tokenize`` (one sentence, paragraph or document).

    Returns:
        One Match per word, in order; punctuation and spaces are skipped; a word nothing
        knows has empty ``entries`` (an unknown katakana word gets a ``romanized`` entry).
    """
    if not tokens:
        return []
    return _with_index(lambda index: scan(index, tokens))


def text_matches(text: str) -> tuple[tuple["Token", ...], tuple[Match, ...]]:
    """The tokens of ``text`` (``tokenize(text)``) and their matches (``match_tokens``), kept for
    the last few texts: a unit's gloss line and its vocabulary panel read the same text, and
    tokenizing and scanning it is most of what either costs.

    Returns:
        ``(tokens, matches)``, as tuples (shared between callers: never to be changed).
    """
    return _with_index(lambda index: _text_matches(index, text))


# Texts whose tokens and matches are kept: a few units, so that a long book is never held whole.
RECENT_TEXTS = 16


@functools.lru_cache(maxsize=RECENT_TEXTS)
def _text_matches(index: DictionaryIndex, text: str) -> tuple[tuple["Token", ...], tuple[Match, ...]]:
    # Keyed on the index too: a rebuilt or re-pointed index is a new object, never served stale matches.
    from bireader.tokens import tokenize

    tokens = tuple(tokenize(text))
    return tokens, tuple(scan(index, tokens)) if tokens else ()


def vocabulary(text: str, offset: int = 0) -> list[VocabItem]:
    """The words of ``text`` worth glossing, in order of first appearance, each once.

    Content words (nouns, verbs, adjectives, adverbs … not particles, auxiliaries or
    numbers) and compounds found by longest match, each with its best entry; words
    with no entry at all are left out. Tokenizes once and needs a few cached index
    reads per new word, so a whole article takes milliseconds once warm.

    Args:
        text: a paragraph (any length; newlines are fine).
        offset: added to every start/end (the paragraph's offset in its document).

    Returns:
        VocabItems, deduplicated by dictionary form.
    """
    from bireader.tokens import tokenize

    matches = match_tokens(tokenize(text, offset))
    return vocabulary_from_matches(matches)


def vocabulary_from_matches(matches: Iterable[Match]) -> list[VocabItem]:
    """``vocabulary`` for matches already made (from ``match_tokens``)."""
    items: list[VocabItem] = []
    seen: set[str] = set()
    previous = None
    for match in matches:
        after_number = previous is not None and previous.end == match.start and is_numeral(previous.surface)
        previous = match
        if not match.entries or not match.is_content or match.lemma in seen:
            continue
        if after_number and match.token_count == 1 and not _has_reading(match):
            # 2月 is read がつ, a counter no entry of 月 spells: its first entry would say "moon".
            continue
        seen.add(match.lemma)
        items.append(_item(match))
    return items


def _has_reading(match: Match) -> bool:
    """Whether the match's reading is one its best entry lists (a counter often has none)."""
    return not match.reading or match.reading in match.entries[0].readings


def _item(match: Match) -> VocabItem:
    return VocabItem(
        surface=match.surface,
        lemma=match.lemma,
        reading=match.reading,
        start=match.start,
        end=match.end,
        entry=match.entries[0],
        entries=match.entries,
        parts=tuple(_item(p) for p in match.parts if p.entries),
    )


def entries_for_phrase(index: DictionaryIndex, query: str) -> tuple[Entry, ...]:
    """Entries for a query with no exact spelling in the index: tokenize, match, collect.

    One word (述べた → 述べる) gives its entries; several words give the entries of the
    content words, prefixes and suffixes in order (重要になる → 重要; 非戦略核兵器 → 非,
    戦略核兵器), else of the words that are not particles or auxiliaries (行かない → 行く),
    else of every word.
    """
    from bireader.tokens import tokenize

    matches = [m for m in scan(index, tokenize(query)) if m.entries]
    if not matches:
        return ()
    chosen = (
        [m for m in matches if m.is_content or m.pos in _AFFIX_POS]
        or [m for m in matches if m.pos not in _FUNCTION_POS]  # 行かない: 行く is 非自立可能 in UniDic
        or matches
    )
    out: list[Entry] = []
    seen: set[tuple[str, int, str]] = set()
    for match in chosen:
        for entry in match.entries:
            key = (entry.source, entry.entry_id, entry.headword)
            if key not in seen:
                seen.add(key)
                out.append(entry)
    return tuple(out)


def scan(index: DictionaryIndex, tokens: Sequence["Token"]) -> list[Match]:
    """``match_tokens`` on a given index (no rebuild-and-retry)."""
    words = index.trie("words")
    names = index.trie("names")
    out: list[Match] = []
    n = len(tokens)
    i = 0
    while i < n:
        token = tokens[i]
        if token.pos in _SKIP_POS or not token.surface.strip():
            i += 1
            continue
        verb = _misread_verb(index, tokens, i)
        if verb is not None:
            out.append(verb)
            i += verb.token_count
            continue
        span = _longest_span(index, words, names, tokens, i)
        if is_katakana(token.surface):
            run_end = _katakana_run_end(tokens, i)
            if run_end - i > 1 and (span is None or span[0] < run_end):
                name = _katakana_name(index, tokens, i, run_end)
                if name is not None:
                    out.append(name)
                    i = run_end
                    continue
        if span is None:
            out.append(_single(index, token, tokens[i - 1] if i else None))
            i += 1
            continue
        end, form = span
        group = tokens[i:end]
        last = group[-1]
        reading = "".join(t.reading for t in group[:-1]) + (
            last.lemma_reading if not form.endswith(last.surface) else last.reading
        )
        entries = _prefer_reading(index.entries(form), reading)
        out.append(
            Match(
                start=token.start,
                end=last.end,
                surface="".join(t.surface for t in group),
                lemma=form,
                reading=reading,
                entries=entries,
                parts=tuple(_single(index, t) for t in group),
                is_content=token.pos != "助詞" and (any(t.is_content for t in group) or token.pos in ("接頭辞", "名詞")),
                token_count=len(group),
                pos=token.pos,
            )
        )
        i = end
    return out


def _is_word(index: DictionaryIndex, form: str) -> bool:
    """A kana spelling spanning tokens counts only if some word is written that way, not if it is
    merely the reading of a kanji word (そう + し is not 草紙 "そうし")."""
    if not is_kana(form):
        return True
    return any(e.source == "jmdict" and (not e.kanji_forms or e.headword == form) for e in index.entries(form))


def _longest_span(
    index: DictionaryIndex, words, names, tokens: Sequence["Token"], i: int
) -> tuple[int, str] | None:
    """The end index and spelling of the longest entry of 2+ tokens starting at token ``i``."""
    first = tokens[i]
    # A particle starts only a grammatical expression that ends in a particle too
    # (に + つい + て → について), never a word (を + 持つ).
    grammar = first.pos == "助詞"
    if first.pos in _NO_START_POS and not grammar:
        return None
    pieces = [first.surface]
    ends = [len(first.surface)]
    # What the checks below ask of tokens[i:i + count], known for every count from this one pass:
    # how many tokens from the first are particles, how many are nouns, where the first proper noun is.
    particles = 1 if grammar else 0
    nouns = 1 if first.pos == "名詞" else 0
    proper = 0 if first.pos_detail == "固有名詞" else MAX_SPAN_TOKENS
    previous = first
    j = i + 1
    n = len(tokens)
    while j < n and j - i < MAX_SPAN_TOKENS:
        t = tokens[j]
        if t.start != previous.end or t.pos in _SKIP_POS:
            break
        total = ends[-1] + len(t.surface)
        if total > MAX_SPAN_CHARS:
            break
        pieces.append(t.surface)
        ends.append(total)
        size = j - i
        if particles == size and t.pos == "助詞":
            particles += 1
        if nouns == size and t.pos == "名詞":
            nouns += 1
        if proper == MAX_SPAN_TOKENS and t.pos_detail == "固有名詞":
            proper = size
        previous = t
        j += 1
    if len(pieces) < 2:
        return None
    text = "".join(pieces)
    lengths = {len(p) for p in words.prefixes(text)}
    window = tokens[i:j]
    for count in range(len(pieces), 1, -1):
        last = window[count - 1]
        if grammar:
            # について, によれば: particle … particle around a verb; never two particles (か + が).
            if last.pos != "助詞" or particles >= count:
                continue
        elif last.pos in _NO_END_POS:
            continue
        length = ends[count - 1]
        if (
            length in lengths
            and _is_word(index, text[:length])
            and not _stem_goes_on(tokens, i + count)
            and (first.pos not in _INFLECTING or _reads_as_tokens(index, text[:length], window[:count]))
        ):
            return i + count, text[:length]
        if last.lemma and last.lemma != last.surface:
            # The last token inflected: 打ち負かし → 打ち負かす.
            form = text[: ends[count - 2]] + last.lemma
            if form in words and _is_word(index, form):
                return i + count, form
        if nouns >= count and proper < count:
            if text[:length] in names:  # a name of several nouns: 東京 + 湾
                return i + count, text[:length]
    return None


def _reads_as_tokens(index: DictionaryIndex, form: str, group: Sequence["Token"]) -> bool:
    """Whether a span starting with a verb or adjective is read as its tokens are: 愛し + さ is いとしさ,
    not the old spelling 愛しさ of 美しさ (うつくしさ). Only for such spans: UniDic reads the nouns of
    a compound one by one (御 + 社, 隙間 + 風) and often not as the compound is read."""
    return reads_as(index.entries(form), "".join(t.reading for t in group))


def _stem_goes_on(tokens: Sequence["Token"], end: int) -> bool:
    """Whether the span ending before ``end`` cuts a verb off from its own ending.

    行っ + て + き is spelled like the interjection 行ってき ("bye"), but in 行ってきた the き is
    来る conjugating on into た: the span is the verb 行って来る, not that word.
    """
    last = tokens[end - 1]
    if last.pos != "動詞" or not last.conj_form.startswith("連用形") or end >= len(tokens):
        return False
    following = tokens[end]
    return following.start == last.end and (
        following.pos == "助動詞" or (following.pos == "助詞" and following.pos_detail == "接続助詞")
    )


def _katakana_run_end(tokens: Sequence["Token"], i: int) -> int:
    """The end of the run of adjacent all-katakana tokens starting at ``i`` (・ ends a run)."""
    j = i + 1
    while (
        j < len(tokens)
        and tokens[j].start == tokens[j - 1].end
        and "・" not in tokens[j].surface
        and is_katakana(tokens[j].surface)
    ):
        j += 1
    return j


def _katakana_name(index: DictionaryIndex, tokens: Sequence["Token"], i: int, end: int) -> Match | None:
    """A katakana run no dictionary has whole: one romanised name if it has a proper noun or an
    unknown piece (アル + ベルク), else None (ミサイル + システム: ordinary words, matched apart)."""
    group = tokens[i:end]
    surface = "".join(t.surface for t in group)
    whole = index.variants(surface)
    parts = tuple(_single(index, t) for t in group)
    if whole:
        entries = whole
    elif any(t.pos_detail == "固有名詞" for t in group) or any(
        not p.entries or p.entries[0].source == "romanized" for p in parts
    ):
        entries = (romanized_entry(surface),)
    else:
        return None
    return Match(
        start=group[0].start,
        end=group[-1].end,
        surface=surface,
        lemma=surface,
        reading=_to_hiragana(surface),
        entries=entries,
        parts=parts,
        is_content=True,
        token_count=len(group),
        pos=group[0].pos,
    )


def _misread_verb(index: DictionaryIndex, tokens: Sequence["Token"], i: int) -> Match | None:
    """A verb UniDic split as a noun + する (話させる → 話 + さ + せる) though the noun takes no する:
    the run of noun, する and auxiliaries deinflected as one word (話す, causative), else None."""
    token = tokens[i]
    if token.pos != "名詞" or i + 1 >= len(tokens):
        return None
    following = tokens[i + 1]
    if following.lemma not in ("する", "為る") or following.start != token.end:
        return None
    if any(e.source == "jmdict" and "suru verb" in label for e in index.variants(token.surface)
           for sense in e.senses for label in sense.pos):
        return None  # 勉強させる: the noun takes する, UniDic is right
    end = i + 2
    while end < len(tokens) and tokens[end].pos == "助動詞" and tokens[end].start == tokens[end - 1].end:
        end += 1
    group = tokens[i:end]
    surface = "".join(t.surface for t in group)
    entries = tuple(
        e for e in deinflected_entries(index, surface)
        if e.matched.startswith(token.surface) and any("verb" in label for s in e.senses for label in s.pos)
    )
    if not entries:
        return None
    return Match(
        start=token.start,
        end=group[-1].end,
        surface=surface,
        lemma=entries[0].matched,
        reading=_to_hiragana(entries[0].readings[0]) if entries[0].readings else "",
        entries=entries,
        parts=tuple(_single(index, t) for t in group),
        is_content=True,
        token_count=len(group),
        pos="動詞",
    )


def _single(index: DictionaryIndex, token: "Token", previous: "Token | None" = None) -> Match:
    entries = token_entries(index, token, previous)
    if not entries and is_katakana(token.surface):
        entries = (romanized_entry(token.surface),)
    return _new_match(  # every field, in Match's order: one a token, the scan's hot path
        token.start, token.end, token.surface, token.lemma or token.surface, token.lemma_reading or token.reading,
        entries, (), token.is_content, 1, token.pos,
    )


def _prefer_reading(entries: tuple[Entry, ...], reading: str) -> tuple[Entry, ...]:
    """Entries read as ``reading`` (hiragana) first; the ranking is kept otherwise."""
    if len(entries) < 2 or not reading:
        return entries
    return tuple(sorted(entries, key=lambda e: reading not in {_to_hiragana(r) for r in e.readings}))
