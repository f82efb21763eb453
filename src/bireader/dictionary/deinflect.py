"""Rule-based deinflection: a conjugated form → candidate dictionary forms, each with its reasons.

The rules are data (``deinflect_rules``): suffix rewrites, each making a form of one kind
from a base of certain kinds. ``deinflect`` peels suffixes off repeatedly, outermost first,
and returns every candidate that could be a dictionary form with the chain of reasons that
led there (食べさせられなかった → 食べる: causative, passive, negative, past). A candidate
counts only if the dictionary has it *with a part of speech of a kind the chain allows*;
``lexical_kinds`` maps an entry's parts of speech onto those kinds, and the lookup checks.

Pure Python, no I/O: about a thousand compiled rules indexed by suffix, so a query costs a
handful of dict probes per candidate (a few µs for most words).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from bireader.dictionary import deinflect_rules as table
from bireader.dictionary.deinflect_rules import ANY, LEXICAL, LEXICAL_POS

MAX_REASONS = 10  # no real chain is longer (食べさせられていなかった has 6); bounds the search
MAX_CANDIDATES = 400  # a safety net against pathological input; real words make < 100

# The labels of issue 13, in its order, then those added where none fitted.
REASONS = (
    "negative", "past", "te-form", "progressive", "resultative", "completion", "polite", "volitional",
    "imperative", "conditional", "potential", "passive", "potential or passive", "causative",
    "short causative", "desiderative", "-たがる", "-そう", "-すぎる", "-さ", "-げ", "-がる", "-き",
    "adverbial", "colloquial", "kansai",
    # Added: the stem used alone (食べ, 書き), -たり, -ながら, the prohibitive (行くな), noun + する.
    "continuative", "-たり", "-ながら", "prohibitive", "-する",
)


@dataclass(frozen=True, slots=True)
class Deinflection:
    """A candidate dictionary form: ``form``, the dictionary kinds it may be, and the reasons
    (in the order the suffixes were added to the dictionary form).

    ``unless``: (form, kind) pairs met on the way; the candidate does not count where the
    dictionary has such a form as a word of that kind (the lexicalised form wins: 済ます).
    ``rules``: the compiled rules applied (indexes into ``COMPILED``), in the order of
    ``reasons`` (innermost first); each compiled rule's ``source`` is its rule in the table
    (``SOURCES``).
    """

    form: str
    kinds: int
    reasons: tuple[str, ...]
    unless: tuple[tuple[str, int], ...] = ()
    rules: tuple[int, ...] = ()


# --- compiling the table ------------------------------------------------------------------------

# Each compiled rule: (inflected, base, makes, on, reasons, source, after, yields_to, number), a
# plain tuple because the loop below unpacks thousands of them per second; ``number`` is its
# index in COMPILED.
_Compiled = tuple[str, str, int, int, tuple[str, ...], int, str, int, int]

SOURCES: list = []  # the table rules (Rule or Rewrite), so tests can check each one is exercised


def _compile() -> list[_Compiled]:
    merged: dict[tuple, int] = {}  # rows sharing an ending (godan -る, ある, なさる) give one rule
    for rule in table.RULES:
        source = len(SOURCES)
        SOURCES.append(rule)
        for row in table.ROWS:
            on = rule.on & row.kinds
            if not on:
                continue
            stems = row.dictionary if rule.stem == "dictionary" else getattr(row, rule.stem)
            for stem in stems:
                if rule.te or rule.de:
                    if stem.endswith("て"):
                        inflected = stem[:-1] + rule.te
                    elif stem.endswith("で"):
                        inflected = stem[:-1] + rule.de
                    else:
                        continue
                else:
                    inflected = stem + rule.suffix
                key = (inflected, row.ending, rule.makes, rule.reasons, source, row.after, rule.yields_to)
                merged[key] = merged.get(key, 0) | on
    for rewrite in table.EXTRA_RULES:
        source = len(SOURCES)
        SOURCES.append(rewrite)
        key = (rewrite.inflected, rewrite.base, rewrite.makes, rewrite.reasons, source, rewrite.after, 0)
        merged[key] = merged.get(key, 0) | rewrite.on
    rules = [
        (inflected, base, makes, on, reasons, source, after, yields_to)
        for (inflected, base, makes, reasons, source, after, yields_to), on in merged.items()
        if inflected != base
    ]
    return [(*rule, number) for number, rule in enumerate(rules)]


COMPILED: tuple[_Compiled, ...] = tuple(_compile())


def _index(rules: Iterable[_Compiled]) -> dict[str, tuple[_Compiled, ...]]:
    by_suffix: dict[str, list[_Compiled]] = {}
    for rule in rules:
        by_suffix.setdefault(rule[0], []).append(rule)
    return {suffix: tuple(rules) for suffix, rules in by_suffix.items()}


_BY_SUFFIX = _index(COMPILED)
_EMPTY_SUFFIX = _BY_SUFFIX.pop("", ())


def _suffix_trie(by_suffix: dict[str, tuple[_Compiled, ...]]) -> dict:
    """The suffixes as a trie read from the end: node = {character: (node, rules ending here)}.

    Walking a word backwards stops at the first character no suffix continues with, so most
    words cost one or two dict probes, not one per suffix length.
    """
    root: dict = {}
    for suffix, rules in by_suffix.items():
        node = root
        for depth, ch in enumerate(reversed(suffix)):
            child, found = node.get(ch, ({}, ()))
            if depth == len(suffix) - 1:
                found = rules
            node[ch] = (child, found)
            node = child
    return root


_SUFFIX_TRIE = _suffix_trie(_BY_SUFFIX)
_I_E_ROWS = frozenset("いきぎしじちぢにひびぴみりゐえけげせぜてでねへべぺめれゑ")


def _is_kanji(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or ch in "々〆"


def _bare_stem_ok(word: str) -> bool:
    """The "ichidan" condition for a rule that strips nothing (the stem alone), which would otherwise
    make every word ending in a kanji a candidate: a bare kanji stem is one kanji (見, 寝, 出)."""
    last = word[-1]
    if last in _I_E_ROWS:
        return True
    return ("\u4e00" <= last <= "\u9fff" or last in "々〆") and not (len(word) > 1 and _is_kanji(word[-2]))


# --- applying it ----------------------------------------------------------------------------------


def may_deinflect(text: str) -> bool:
    """False when no rule can apply to ``text`` (it ends in a character no suffix ends in, and is
    no bare ichidan stem): the cheap test that spares most nouns the search."""
    return bool(text) and (text[-1] in _SUFFIX_TRIE or bool(_EMPTY_SUFFIX) and _bare_stem_ok(text))


def deinflect(text: str) -> list[Deinflection]:
    """Every candidate dictionary form of ``text`` the rules reach, shortest chains first.

    The text itself is not among them (an exact match is the caller's first look). Whether
    a candidate is a word is for the dictionary to say: keep a candidate only for entries
    with a part of speech whose kind is in ``candidate.kinds`` (see ``lexical_kinds``), and
    none of whose ``unless`` pairs the dictionary has (``dictionary_forms`` does both).

    Args:
        text: a word as written, e.g. ``食べさせられなかった``, ``行ける``, ``うるせえ``.

    Returns:
        Candidates in breadth-first order (fewest rules first); empty for an empty text.
    """
    return _search(text, None)


def dictionary_forms(text: str, kinds_of) -> list[Deinflection]:
    """The candidates of ``text`` that are dictionary words of a kind their chain allows.

    Args:
        text: a word as written.
        kinds_of: a spelling → its dictionary kinds (``lexical_kinds`` of its entries; 0 when
            it is no word). The index passes its inflection lexicon; tests pass a dict's ``get``.

    Returns:
        The candidates ``deinflect`` finds whose form has a fitting kind and none of whose
        ``unless`` forms is a word of that kind, shortest chains first.
    """
    return _search(text, kinds_of)


def _search(text: str, kinds_of) -> list[Deinflection]:
    """Breadth-first over the rules from ``text``; with ``kinds_of``, only dictionary words are kept."""
    if not text:
        return []
    root = _SUFFIX_TRIE
    empty = _EMPTY_SUFFIX
    i_e_rows = _I_E_ROWS
    out: list[Deinflection] = []
    frontier: list[tuple[str, int, tuple[str, ...], tuple, tuple[int, ...]]] = [(text, ANY, (), (), ())]
    seen = {(text, ANY)}
    position = 0
    while position < len(frontier) and len(frontier) < MAX_CANDIDATES:
        word, kinds, reasons, unless, sources = frontier[position]
        position += 1
        # Rules with nothing to strip (the ichidan stem alone: 食べ → 食べる), first: of two
        # chains as long reaching one form, the first found is kept (食べさせ: causative +
        # continuative, before short causative + imperative).
        for _inflected, base, makes, on, why, _source, after, yields_to, number in empty:
            if not makes & kinds or (after and not _bare_stem_ok(word)):
                continue
            form = word + base
            key = (form, on)
            if key in seen:
                continue
            seen.add(key)
            chain = why + reasons
            if len(chain) > MAX_REASONS:
                continue
            applied = (number,) + sources
            frontier.append((form, on, chain, unless, applied))
            if kinds_of is None or kinds_of(form) & on:
                out.append(Deinflection(form, on & LEXICAL, chain, unless, applied))
        node = root
        cut = len(word)
        while cut:
            cut -= 1
            step = node.get(word[cut])
            if step is None:
                break
            node, rules = step
            if not rules:
                continue
            head = word[:cut]
            # A rule's condition on the text before its suffix (Row.after): "kanji", or "ichidan"
            # (an i/e-row kana or a kanji: 食べ, 起き, 見, 時化), tested once for the rules sharing it.
            last = head[-1] if head else ""
            after_kanji = bool(last) and _is_kanji(last)
            after_ichidan = after_kanji or (bool(last) and last in i_e_rows)
            for _inflected, base, makes, on, why, _source, after, yields_to, number in rules:
                if not makes & kinds:
                    continue
                if after and not (after_kanji if after == "kanji" else after_ichidan):
                    continue
                form = head + base
                key = (form, on)
                if not form or key in seen:
                    continue
                seen.add(key)
                chain = why + reasons
                if len(chain) > MAX_REASONS:
                    continue
                # Only the query itself yields to its own entry (すます is 済ます, not 済む + short
                # causative); 待たされる is still 待たす + passive and 待つ + short causative + passive.
                step_unless = ((word, yields_to),) if yields_to and word is text else unless
                applied = (number,) + sources
                frontier.append((form, on, chain, step_unless, applied))
                if on & LEXICAL and (
                    kinds_of is None
                    or kinds_of(form) & on
                    and not (step_unless and any(kinds_of(f) & kind for f, kind in step_unless))
                ):
                    out.append(Deinflection(form, on & LEXICAL, chain, step_unless, applied))
    return out


def reinflect(dictionary_form: str, candidate: Deinflection) -> str | None:
    """``dictionary_form`` put through the candidate's rules again, innermost first: the reading
    of a query from the reading of its dictionary form (いく + potential → いける).

    Returns None where a rule does not fit the given form (a kanji stem, another ending).
    """
    form = dictionary_form
    for number in candidate.rules:
        inflected, base = COMPILED[number][0], COMPILED[number][1]
        if not form.endswith(base):
            return None
        form = form[: len(form) - len(base)] + inflected
    return form


def lexical_kinds(pos: Iterable[str], form: str = "") -> int:
    """The deinflection kinds of a dictionary spelling with these JMdict parts of speech.

    Args:
        pos: short part-of-speech labels (``ichidan verb``, ``godan verb (ku)``, ``suru verb``…).
        form: the spelling; an いい spelling of the yoi/ii class (いい, かっこいい) does not
            conjugate (よかった is from よい), so it gets no adjective kind.

    Returns:
        A bit set of dictionary kinds (0: nothing conjugates into this spelling).
    """
    kinds = 0
    for label in pos:
        kind = LEXICAL_POS.get(label)
        if kind and not (label == "i-adjective (yoi/ii)" and form.endswith("いい")):
            kinds |= kind
    return kinds


def describe(kinds: int) -> str:
    """The names of the kinds in a bit set (for debugging and test messages): ``V1|CAUS``."""
    return "|".join(name for bit, name in sorted(table.KIND_NAMES.items()) if kinds & bit) or "-"
