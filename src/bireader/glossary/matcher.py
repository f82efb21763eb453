"""Finding glossary terms in text: the user's glossary, a client's glossary file, or both.

- ``find_terms(text, tokens=None) -> list[TermMatch]``: every term of the user's
  glossary in a text, found on the characters (an Aho–Corasick automaton, so a
  multi-token term such as 非戦略核兵器 is found wherever it occurs) and, for
  single words, through each token's dictionary form (述べる matches 述べた).
- ``lookup_terms(text) -> list[Entry]``: the user's entries whose term equals
  ``text`` or its dictionary form, as ``Entry(source="glossary")`` so a dictionary
  lookup can put them first.
- ``TermMatcher``: the same matching over any set of terms; ``user_matcher()`` is
  the user's (cached, rebuilt when the glossary changes in any process),
  ``matcher_from_tsv`` reads a client's OmegaT glossary, ``combine_matchers`` joins them.

Matching folds each character with NFKC and lower case when that keeps it one
character long (ＮＡＴＯ = NATO), so offsets always index the original text. None of
this ever creates the database: an absent file is an empty glossary.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import threading
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Sequence, TextIO

from bireader.errors import StoreError
from bireader.glossary.store import MIGRATIONS, WHAT, GlossaryEntry, read_generation
from bireader.model import Entry, Sense, Token


@dataclass(frozen=True, slots=True)
class TermMatch:
    """A glossary term found in a text at ``text[start:end]``.

    ``entry`` is the term's ``Entry(source="glossary")`` (one sense per translation);
    ``by_lemma`` says the match came through a token's dictionary form (述べた for 述べる).
    """

    start: int
    end: int
    term: str
    entry: Entry
    by_lemma: bool = False


# --- folding -------------------------------------------------------------------------------


class _Fold(dict):
    """str.translate table folding a character with NFKC + lower case, only when it stays one character."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = unicodedata.normalize("NFKC", ch).lower()
        if len(folded) != 1:
            folded = ch.lower() if len(ch.lower()) == 1 else ch
        self[code] = folded
        return folded


_FOLD = _Fold()


def fold(text: str) -> str:
    """Fold text for matching; ``len(fold(t)) == len(t)`` always, so offsets carry over."""
    return text.translate(_FOLD)


def _is_hiragana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309f"


# --- the matcher ---------------------------------------------------------------------------


@dataclass(slots=True)
class TermMatcher:
    """Everything matching needs, built once per set of terms.

    ``entries`` maps a folded term to its ``Entry`` (one sense per translation).
    ``has_inflectable`` says some term ends in hiragana: only such terms (述べる,
    高い, 抑止する) can appear inflected, so only then is a text worth tokenizing.
    """

    entries: dict[str, Entry]
    automaton: object | None
    has_inflectable: bool
    generation: int = -1  # the user's glossary generation it was built from (-1: not from the store)

    def __len__(self) -> int:
        return len(self.entries)

    def find(
        self, text: str, tokens: Sequence[Token] | None = None, *, offset: int = 0, overlapping: bool = False
    ) -> list[TermMatch]:
        """The terms in ``text``; see ``find_terms`` for the arguments."""
        if not self.entries or not text:
            return []
        matches: list[TermMatch] = []
        for end, key in self.automaton.iter(fold(text)):  # type: ignore[union-attr]
            start = end - len(key) + 1
            entry = self.entries[key]
            matches.append(TermMatch(start, end + 1, entry.headword, entry))
        if self.has_inflectable:
            if tokens is None:
                from bireader.tokens import tokenize

                tokens = tokenize(text)
                offset = 0
            elif tokens and not offset:
                offset = _infer_offset(text, tokens[0])
            matches.extend(_lemma_matches(text, tokens, offset, self.entries))
        if not matches:
            return []
        matches.sort(key=lambda m: (m.start, -(m.end - m.start), m.by_lemma))
        if overlapping:
            seen = set()
            unique = []
            for m in matches:
                if (m.start, m.end, m.term) not in seen:
                    seen.add((m.start, m.end, m.term))
                    unique.append(m)
            return unique
        kept: list[TermMatch] = []
        last_end = -1
        for m in matches:
            if m.start >= last_end:
                kept.append(m)
                last_end = m.end
        return kept


_EMPTY = TermMatcher({}, None, False)


def matcher_from_entries(rows: Iterable[GlossaryEntry], *, generation: int = -1) -> TermMatcher:
    """A matcher for these glossary rows (several rows of one term become one entry with several senses)."""
    grouped: dict[str, list[GlossaryEntry]] = {}
    for row in rows:
        grouped.setdefault(fold(row.term), []).append(row)
    entries = {}
    for key, group in grouped.items():
        entries[key] = Entry(
            headword=group[0].term,
            readings=tuple(dict.fromkeys(r.reading for r in group if r.reading)),
            senses=tuple(Sense(glosses=(r.translation,), misc=r.tags) for r in group),
            source="glossary",
            entry_id=group[0].id,
            kanji_forms=tuple(dict.fromkeys(r.term for r in group)),
            matched=group[0].term,
            note="; ".join(dict.fromkeys(r.note for r in group if r.note)),
        )
    return _matcher(entries, generation)


def _matcher(entries: dict[str, Entry], generation: int = -1) -> TermMatcher:
    if not entries:
        return TermMatcher({}, None, False, generation)
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for key in entries:
        automaton.add_word(key, key)
    automaton.make_automaton()
    return TermMatcher(entries, automaton, any(_is_hiragana(key[-1]) for key in entries), generation)


def combine_matchers(*matchers: TermMatcher) -> TermMatcher:
    """One matcher for the terms of all; a term in several keeps every translation (the first's headword)."""
    chosen = [m for m in matchers if m.entries]
    if len(chosen) <= 1:
        return chosen[0] if chosen else _EMPTY
    entries: dict[str, Entry] = {}
    for matcher in chosen:
        for key, entry in matcher.entries.items():
            old = entries.get(key)
            if old is None:
                entries[key] = entry
                continue
            known = {g for s in old.senses for g in s.glosses}
            extra = tuple(s for s in entry.senses if not set(s.glosses) <= known)
            entries[key] = replace(
                old,
                senses=old.senses + extra,
                readings=tuple(dict.fromkeys(old.readings + entry.readings)),
                note="; ".join(n for n in dict.fromkeys((old.note, entry.note)) if n),
            )
    return _matcher(entries)


def matcher_from_tsv(source: Path | str | TextIO) -> tuple[TermMatcher, list[tuple[int, str]]]:
    """A matcher for a glossary file in OmegaT's TSV format (a client's glossary), never stored.

    Lines that cannot be a glossary entry are skipped rather than refusing the whole
    file, since the file is someone else's: the caller reports them.

    Returns:
        ``(matcher, skipped)``: skipped lines as ``(line_number, message)``.

    Raises:
        InputError: the file cannot be read or is not UTF-8.
    """
    from bireader.glossary.formats import parse_tsv, read_tsv_text

    rows, skipped = parse_tsv(read_tsv_text(source), skip_invalid=True)
    entries = [
        GlossaryEntry(id=0, term=term, translation=translation, reading=reading, note=note, tags=tags)
        for _, (term, translation, note, reading, tags) in rows
    ]
    return matcher_from_entries(entries), skipped


def _store_entries(conn: sqlite3.Connection) -> list[GlossaryEntry]:
    rows = conn.execute(
        "SELECT e.id, e.term, e.translation, e.reading, e.note,"
        " (SELECT group_concat(tag, char(9)) FROM (SELECT tag FROM tags WHERE entry_id = e.id ORDER BY tag)) AS tags"
        " FROM entries e ORDER BY e.term, e.id"
    ).fetchall()
    return [
        GlossaryEntry(
            id=r["id"], term=r["term"], translation=r["translation"], reading=r["reading"], note=r["note"],
            tags=tuple(r["tags"].split("\t")) if r["tags"] else (),
        )
        for r in rows
    ]


# --- the user's glossary, cached per process -----------------------------------------------

_lock = threading.Lock()
_reader: dict = {"key": None, "conn": None, "matcher": None}
_inherited: list = []


def _forget_connection_after_fork() -> None:
    """A forked child opens the glossary again: an SQLite connection must not cross a fork (the
    inherited one is kept unused, never closed; it is the parent's)."""
    global _lock
    _inherited.append(_reader["conn"])
    _reader.update(key=None, conn=None, matcher=None)
    _lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_connection_after_fork)


def user_matcher(path: Path | None = None) -> TermMatcher:
    """The matcher for the glossary at ``path`` (default: the user's), rebuilt only when it changed.

    Never creates the database: an absent file means an empty glossary.

    Raises:
        StoreError: the file exists but cannot be read as a glossary.
    """
    from bireader import paths

    path = Path(path) if path is not None else paths.glossary_db()
    try:
        st = path.stat()
    except FileNotFoundError:
        return _EMPTY
    except OSError as err:
        raise StoreError(f"cannot read the {WHAT} at {path}: {err.strerror or err}") from None
    # The inode guards against the file being replaced (a test home, a restored backup).
    key = (str(path), st.st_dev, st.st_ino)
    with _lock:
        conn = _reader["conn"]
        if _reader["key"] != key or conn is None:
            if conn is not None:
                conn.close()
            from bireader import db

            _reader.update(key=None, conn=None, matcher=None)
            conn = db.connect(path, MIGRATIONS, what=WHAT)
            _reader.update(key=key, conn=conn)
        try:
            generation = read_generation(conn)
            matcher = _reader["matcher"]
            if matcher is None or matcher.generation != generation:
                matcher = matcher_from_entries(_store_entries(conn), generation=generation)
                _reader["matcher"] = matcher
        except sqlite3.DatabaseError as err:
            raise StoreError(f"cannot read the {WHAT} at {path}: {err}; move it away to start a new one") from None
        return matcher


def check_readable(path: Path | None = None) -> None:
    """Raise StoreError now if the user's glossary exists but cannot be read (never creates it).

    For callers that would otherwise meet the error deep inside a background worker.
    """
    user_matcher(path)


def reset_cache() -> None:
    """Close the cached read connection (tests, or before deleting the database file)."""
    with _lock:
        if _reader["conn"] is not None:
            _reader["conn"].close()
        _reader.update(key=None, conn=None, matcher=None)


# --- lookups and matches in the user's glossary --------------------------------------------


def lookup_terms(text: str, *, path: Path | None = None) -> list[Entry]:
    """The user's glossary entries for a word: its term equals ``text`` or the text's dictionary form.

    Args:
        text: a word as it appears (述べた) or its dictionary form (述べる).
        path: the glossary database; the user's by default. It is never created here.

    Returns:
        ``Entry(source="glossary", matched=text)`` values, the exact match first; empty
        when nothing matches, the glossary is empty or does not exist.
    """
    text = text.strip()
    if not text:
        return []
    matcher = user_matcher(path)
    if not matcher.entries:
        return []
    found: list[Entry] = []
    exact = matcher.entries.get(fold(text))
    if exact is not None:
        found.append(_with_matched(exact, text))
    for form in _dictionary_forms(text):
        entry = matcher.entries.get(fold(form))
        if entry is not None and all(e.entry_id != entry.entry_id for e in found):
            found.append(_with_matched(entry, text))
    return found


def _with_matched(entry: Entry, matched: str) -> Entry:
    return entry if entry.matched == matched else replace(entry, matched=matched)


@functools.lru_cache(maxsize=4096)
def _dictionary_forms(text: str) -> tuple[str, ...]:
    """Dictionary forms of a word as typed: 述べた → 述べる, 抑止した → 抑止する (memoised: a
    tokenizer run is most of a glossary lookup, and a reader looks the same words up again)."""
    from bireader.tokens import tokenize

    tokens = tokenize(text)
    if not tokens:
        return ()
    forms = []
    # The word is the first token(s); what follows must be endings (た, ます, て …),
    # otherwise the text is a phrase and has no single dictionary form.
    for n in range(1, min(len(tokens), 3) + 1):
        head, tail = tokens[:n], tokens[n:]
        if all(not t.is_content or t.pos == "助動詞" for t in tail):
            forms.append("".join(t.surface for t in head[:-1]) + head[-1].lemma)
    return tuple(f for f in forms if f != text)


def find_terms(
    text: str, tokens: Sequence[Token] | None = None, *, offset: int = 0, overlapping: bool = False, path: Path | None = None
) -> list[TermMatch]:
    """Find the user's glossary terms in a text.

    Terms are found on the characters (folded, see ``fold``), so a term spanning
    several tokens is found wherever it occurs; a term that inflects (ends in
    hiragana: 述べる, 抑止する) is also found through the tokens' dictionary forms.

    Args:
        text: the text to search.
        tokens: its tokens, if the caller has them (``tokenize(text, offset)``); the
            text is tokenized here only when the glossary has inflectable terms.
        offset: what was added to the tokens' offsets (a paragraph's start in its
            document); returned matches are always offsets into ``text``.
        overlapping: return every match; by default the leftmost-longest ones that
            do not overlap (非戦略核兵器 wins over 核兵器 inside it).
        path: the glossary database; the user's by default.

    Returns:
        Matches sorted by start; ``text[m.start:m.end]`` is the matched text.
    """
    return user_matcher(path).find(text, tokens, offset=offset, overlapping=overlapping)


def _infer_offset(text: str, first: Token) -> int:
    """The offset of tokens made with ``tokenize(text, offset)`` when the caller did not pass it."""
    if text[first.start:first.end] == first.surface:
        return 0
    found = text.find(first.surface)
    return first.start - found if found >= 0 else 0


def _lemma_matches(text: str, tokens: Sequence[Token], offset: int, entries: dict[str, Entry]) -> list[TermMatch]:
    """Terms matched through dictionary forms: the surfaces of up to two tokens, then one token's lemma.

    述べた = 述べ(述べる)+た matches 述べる; 抑止した = 抑止+し(する)+た matches 抑止する;
    打ち負かした matches 打ち負かす whether UniDic makes it one token or two.
    """
    out: list[TermMatch] = []
    n = len(tokens)
    for i in range(n):
        prefix = ""
        for j in range(i, min(i + 3, n)):
            tok = tokens[j]
            if j > i and tokens[j - 1].end != tok.start:
                break  # a gap (space, newline) ends the word
            if tok.lemma != tok.surface:
                key = fold(prefix + tok.lemma)
                entry = entries.get(key)
                if entry is not None:
                    start, end = tokens[i].start - offset, tok.end - offset
                    if 0 <= start < end <= len(text) and text[end - len(tok.surface):end] == tok.surface:
                        out.append(TermMatch(start, end, entry.headword, entry, by_lemma=True))
            prefix += tok.surface
    return out
