"""Where bireader keeps the user's data; ``BIREADER_HOME`` (or ``--home``) overrides every location."""

from __future__ import annotations

import functools
import os
from pathlib import Path

APP_NAME = "bireader"


def home() -> Path:
    """The root of the user's bireader data (not created here)."""
    return _platform_path("data", os.environ.get("BIREADER_HOME"), *_xdg())


def cache_dir() -> Path:
    """Rebuildable data (the dictionary index, embedding vectors); under the home when overridden."""
    return _platform_path("cache", os.environ.get("BIREADER_HOME"), *_xdg())


def config_file() -> Path:
    """The user's settings (TOML)."""
    return _platform_path("config", os.environ.get("BIREADER_HOME"), *_xdg()) / "config.toml"


_XDG = ("HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME")


def _xdg() -> tuple[str | None, ...]:
    return tuple(os.environ.get(name) for name in _XDG)


@functools.lru_cache(maxsize=64)
def _platform_path(kind: str, override: str | None, *xdg: str | None) -> Path:
    """The directory of ``kind`` for these environment values (the arguments are the cache key:
    platformdirs costs tens of µs a call, and the glossary is found on every lookup)."""
    if override:
        root = Path(override).expanduser()
        return root / "cache" if kind == "cache" else root
    import platformdirs

    if kind == "data":
        return platformdirs.user_data_path(APP_NAME, appauthor=False)
    if kind == "cache":
        return platformdirs.user_cache_path(APP_NAME, appauthor=False)
    return platformdirs.user_config_path(APP_NAME, appauthor=False)


def glossary_db() -> Path:
    """The user's glossary (SQLite)."""
    return _in_home("glossary.db", os.environ.get("BIREADER_HOME"), *_xdg())


def user_db() -> Path:
    """The learner's and translator's own data (SQLite): reading positions, words, deck, reviews,
    saved alignments; one file, each store with its own schema version (``bireader.userdb``)."""
    return _in_home("user.db", os.environ.get("BIREADER_HOME"), *_xdg())


@functools.lru_cache(maxsize=64)
def _in_home(name: str, override: str | None, *xdg: str | None) -> Path:
    """``home() / name`` for these environment values: the glossary's path is asked twice a unit
    when a long text is glossed, and joining paths costs more than the lookup of the answer."""
    return _platform_path("data", override, *xdg) / name


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
