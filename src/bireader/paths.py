"""Where bireader keeps the user's data; ``BIREADER_HOME`` (or ``--home``) overrides every location."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "bireader"


def home() -> Path:
    """The root of the user's bireader data (not created here)."""
    override = os.environ.get("BIREADER_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    """Rebuildable data (the dictionary index, embedding vectors); under the home when overridden."""
    override = os.environ.get("BIREADER_HOME")
    if override:
        return Path(override).expanduser() / "cache"
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def config_file() -> Path:
    """The user's settings (TOML)."""
    override = os.environ.get("BIREADER_HOME")
    if override:
        return Path(override).expanduser() / "config.toml"
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "config.toml"


def glossary_db() -> Path:
    """The user's glossary (SQLite)."""
    return home() / "glossary.db"


def user_db() -> Path:
    """The learner's and translator's own data (SQLite): reading positions, words, deck, reviews,
    saved alignments; one file, each store with its own schema version (``bireader.userdb``)."""
    return home() / "user.db"


def translation_cache_db() -> Path:
    """The translation cache (SQLite): every machine-translated unit, so nothing is sent twice."""
    return home() / "translations.db"


def dictionary_index() -> Path:
    """The compact JMdict/JMnedict index built from jamdict-data."""
    return cache_dir() / "dictionary.sqlite"


def embedding_cache() -> Path:
    """Unit embeddings cached by text hash, so a text is embedded once."""
    return cache_dir() / "embeddings.sqlite"


def path_key(path: str | Path | None) -> str:
    """How a document's path is stored (positions, saved alignments): absolute and resolved, so
    ``./a.txt`` and ``/x/a.txt`` agree ("" for standard input)."""
    if not path or str(path) == "-":
        return ""
    try:
        return str(Path(path).expanduser().resolve())
    except OSError:  # a loop of symlinks, an unreadable parent: keep what was given
        return str(path)


def ensure_dir(path: Path) -> Path:
    """Create ``path`` (a directory) if needed and return it."""
    path.mkdir(parents=True, exist_ok=True)
    return path
