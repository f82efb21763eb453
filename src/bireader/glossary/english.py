"""Whether a glossary term's translation occurs in an English text.

The question ``glossary check`` and ``bireader check``'s ``terms`` rule ask of each
aligned pair: is every glossary term in the Japanese rendered by its translation in
the English? What counts as "the translation occurs":

- A translation offers alternatives: the whole text, the text without its
  parenthesised parts, and each parenthesised part ("non-strategic nuclear
  weapons (NSNW)" → "non-strategic nuclear weapons (NSNW)", "non-strategic
  nuclear weapons", "NSNW"); ";" and " / " separate further alternatives
  ("Kyiv; Kiev"). Any one alternative occurring is enough.
- Words are compared case-insensitively after a light stemming (plural -s/-es/-ies,
  -ed, -ing, a final -e, a doubled final consonant), so "nuclear weapon" matches
  "nuclear weapons" and "deter" matches "deterred". Hyphens separate words
  ("short-range" = "short range"); a hyphenated alternative also matches written
  solid ("nonstrategic").
- A one-word alternative also matches the word with a derivational ending
  (-al, -ial, -an, -ian, -n, -ese, -ic, -ical): "president" is present in
  "presidential approval", "Russia" in "Russian forces". These are the same term
  in an English reading, and flagging them would bury real misses.
- An all-capitals alternative (an acronym: NSNW, IISS, US) must occur in capitals
  as a whole word (optionally with a plural s): "US" is not found in "use us".
"""

from __future__ import annotations

import functools
import re

from bireader.glossary.matcher import fold

# Letters and digits; an apostrophe inside a word keeps it whole (Russia's, don't).
_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def _words(text: str):
    """Word matches in text."""
    return _WORD_RE.finditer(text)


def stem_word(word: str) -> str:
    """A light English stem for tolerant comparison: weapons → weapon, deterred → deter, studies → studi.

    Not a linguistic stemmer: both sides go through the same function, so it only
    has to map the forms of one word together, and rarely two different words.
    """
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= 3 or not w.isascii():
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "i"
    elif w.endswith("es") and len(w) > 4 and w[-3] in "sxzh":
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("ied") and len(w) > 4:
        w = w[:-3] + "i"
    elif w.endswith("ed") and len(w) > 4:
        w = w[:-2]
    elif w.endswith("ing") and len(w) > 5:
        w = w[:-3]
    if w.endswith("y") and len(w) > 3:
        w = w[:-1] + "i"
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]
    return w


@functools.lru_cache(maxsize=4096)
def translation_alternatives(translation: str) -> tuple[str, ...]:
    """The forms that count as the translation occurring (see the module docstring)."""
    alternatives: list[str] = []
    for part in re.split(r"\s*;\s*|\s+/\s+", translation):
        part = part.strip()
        if not part:
            continue
        alternatives.append(part)
        main = re.sub(r"\s*[(（][^()（）]*[)）]", " ", part).strip()
        if main:
            alternatives.append(" ".join(main.split()))
        alternatives.extend(inner.strip() for inner in re.findall(r"[(（]([^()（）]+)[)）]", part) if inner.strip())
    return tuple(dict.fromkeys(alternatives)) or (translation,)


_DERIVATIONAL = frozenset({"al", "ial", "an", "ian", "n", "es", "ic", "ical"})  # "es": japanese stems to japanes


def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and all(c.isalnum() or c in "&.-" for c in text)


class EnglishText:
    """English prepared once for many ``contains`` questions."""

    def __init__(self, text: str) -> None:
        self.text = text
        matches = list(_words(fold(text)))
        self.spans = [(m.start(), m.end()) for m in matches]
        self.stems = [stem_word(m.group()) for m in matches]
        self.joined = " " + " ".join(self.stems) + " "
        self.stem_set = set(self.stems)
        self.raw_words = {m.group() for m in _words(text)}

    def contains(self, translation: str) -> bool:
        """Does any alternative of ``translation`` occur in this English?"""
        return any(self._contains_one(alt) for alt in translation_alternatives(translation))

    def _contains_one(self, alternative: str) -> bool:
        if _is_acronym(alternative):
            if " " in alternative:
                return alternative in self.text
            return any(w in self.raw_words for w in (alternative, alternative + "s", alternative + "'s", alternative + "’s"))
        stems = [stem_word(m.group()) for m in _words(fold(alternative))]
        if not stems:
            return fold(alternative) in fold(self.text)
        if " " + " ".join(stems) + " " in self.joined:
            return True
        if len(stems) == 1 and len(stems[0]) >= 4:
            stem = stems[0]
            if any(other.startswith(stem) and other[len(stem):] in _DERIVATIONAL for other in self.stem_set):
                return True
        if "-" in alternative:  # non-strategic written solid: nonstrategic
            solid = [stem_word(m.group()) for m in _words(fold(alternative.replace("-", "")))]
            return " " + " ".join(solid) + " " in self.joined
        return False

    def excerpt(self, translation: str, *, near: float = 0.0, width: int = 160) -> str:
        """About ``width`` characters of the English where the translation should have been.

        ``near`` is where the term sits in the Japanese unit (0 = start, 1 = end); the
        excerpt is centred on the English word sharing a stem with the translation
        that is closest to that relative position, or on the position itself.
        """
        text = " ".join(self.text.split())
        if len(text) <= width:
            return text
        wanted = {stem_word(m.group()) for alt in translation_alternatives(translation) for m in _words(fold(alt))}
        wanted = {w for w in wanted if len(w) > 3}
        guess = int(near * len(text))
        shared = [m.start() for m in _words(fold(text)) if stem_word(m.group()) in wanted]
        centre = min(shared, key=lambda pos: abs(pos - guess)) if shared else guess
        start = max(0, min(centre - width // 3, len(text) - width))
        end = min(len(text), start + width)
        # Cut on spaces so no word is broken.
        if start > 0:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < centre else start
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start else end
        return ("…" if start > 0 else "") + text[start:end] + ("…" if end < len(text) else "")
