"""The user's glossary: a SQLite store of their own terms, its TSV format, and a matcher that finds them.

Public API (other modules depend on these names):

- ``open_glossary(path=None) -> Glossary`` (``store.py``) opens (creating if needed)
  the store at ``paths.glossary_db()``. ``Glossary`` has ``add``, ``remove``, ``edit``,
  ``list``, ``get``, ``import_tsv``, ``export_tsv``, ``count`` and ``close``; rows come
  back as ``GlossaryEntry``.
- ``lookup_terms(text) -> list[Entry]`` (``matcher.py``): the user's entries whose
  term equals ``text`` or its dictionary form, as ``Entry(source="glossary")`` so a
  dictionary lookup can put them first. Never creates the database; cheap when it is
  absent or empty.
- ``find_terms(text, tokens=None) -> list[TermMatch]`` (``matcher.py``): every
  glossary term in a text, on the characters and, for single words, through each
  token's dictionary form (述べる matches 述べた). ``TermMatcher`` does the same for
  any set of terms (``matcher_from_tsv``: a client's glossary file).
- ``EnglishText`` (``english.py``): whether a term's translation occurs in an English text.
- The TSV format (``formats.py``) is OmegaT's glossary format: ``term<TAB>translation<TAB>comment``,
  then bireader's own columns ``reading`` and ``tags``.

Checking a translated document against the glossary is the ``terms`` rule of
``bireader.check`` (``bireader.check.terms.check_documents``).
"""

from __future__ import annotations

from bireader.glossary.english import EnglishText, stem_word, translation_alternatives
from bireader.glossary.formats import (
    MAX_FIELD_CHARS,
    MAX_TERM_CHARS,
    TAG_SEPARATOR,
    TSV_HEADER,
    clean_value,
    format_tsv_line,
    parse_tsv,
    read_tsv_text,
    validate_tags,
    validate_term,
    validate_translation,
)
from bireader.glossary.matcher import (
    TermMatch,
    TermMatcher,
    check_readable,
    combine_matchers,
    find_terms,
    fold,
    lookup_terms,
    matcher_from_entries,
    matcher_from_tsv,
    reset_cache,
    user_matcher,
)
from bireader.glossary.store import MIGRATIONS, WHAT, Glossary, GlossaryEntry, ImportReport, open_glossary, read_generation

__all__ = [
    "MAX_FIELD_CHARS", "MAX_TERM_CHARS", "MIGRATIONS", "TAG_SEPARATOR", "TSV_HEADER", "WHAT", "EnglishText",
    "Glossary", "GlossaryEntry", "ImportReport", "TermMatch", "TermMatcher", "check_readable", "clean_value",
    "combine_matchers", "find_terms", "fold", "format_tsv_line", "lookup_terms", "matcher_from_entries",
    "matcher_from_tsv", "open_glossary", "parse_tsv", "read_generation", "read_tsv_text", "reset_cache",
    "stem_word", "translation_alternatives", "user_matcher", "validate_tags", "validate_term", "validate_translation",
]
