"""Engine names → engine classes; the only place that knows which backends exist.

Backends are imported by dotted name only when used, so naming an engine costs
nothing until a request is due. External engines may later register under the
``bireader.engines`` entry-point group: a class with ``engine_id``, ``max_chars``,
``translate_batch`` and a nested ``Options(timeout, url, api_key)`` dataclass,
built as ``cls(cls.Options(...))``; they are looked up only for names that are
not built in.
"""

from __future__ import annotations

import importlib
import os

from bireader.errors import EngineError, InputError

# The offline renderer: a dictionary gloss, no network, no cache.
GLOSS = "gloss"

_BACKENDS = {
    "google": "bireader.translate.google:GoogleEngine",
    "mymemory": "bireader.translate.mymemory:MyMemoryEngine",
    "deepl": "bireader.translate.deepl:DeeplEngine",
    "libre": "bireader.translate.libre:LibreEngine",
}

# Every name ``--translator`` accepts, network engines first.
ENGINE_NAMES: tuple[str, ...] = (*_BACKENDS, GLOSS)
NETWORK_ENGINES: tuple[str, ...] = tuple(_BACKENDS)

# Where each engine's key comes from.
KEY_VARIABLES = {"deepl": "DEEPL_API_KEY", "libre": "LIBRE_API_KEY", "mymemory": "MYMEMORY_EMAIL"}

ENTRY_POINT_GROUP = "bireader.engines"


def check_engine_name(name: str, *, where: str = "--translator") -> str:
    """The canonical engine name for ``name`` (case-insensitive).

    Raises:
        InputError: the name is not a known engine; the message lists the valid names.
    """
    canonical = name.strip().lower()
    if canonical in ENGINE_NAMES or _entry_point(canonical) is not None:
        return canonical
    raise InputError(f"unknown translation engine {name!r} in {where}; choose one of: {', '.join(ENGINE_NAMES)}")


def make_engine(name: str, *, url: str | None = None, timeout: float = 10.0):
    """Build a network engine ready to translate (nothing is sent yet).

    Args:
        name: one of NETWORK_ENGINES (or an external engine's name).
        url: the service address; only LibreTranslate takes one (``--translator-url``).
        timeout: seconds each request may take.

    Raises:
        InputError: unknown name, or a URL for an engine that takes none.
        EngineError: the engine needs a key that is not set.
    """
    canonical = check_engine_name(name)
    if canonical == GLOSS:
        raise InputError("the gloss is rendered offline and is not a network engine")
    if url and canonical != "libre":
        raise InputError(f"--translator-url applies to --translator libre only, not {canonical}")
    if timeout <= 0:
        raise InputError(f"--timeout must be a positive number of seconds, not {timeout:g}")
    cls = _load(canonical)
    options = cls.Options(timeout=float(timeout), url=url or None, api_key=_key(canonical))
    if canonical == "deepl" and not options.api_key:
        raise EngineError(
            "deepl needs an API key: set DEEPL_API_KEY (free keys end in :fx), or use --english FILE or --translator gloss"
        )
    if canonical == "libre" and not url and not options.api_key:
        raise EngineError(
            "libre needs a server: pass --translator-url URL for a self-hosted LibreTranslate, "
            "or set LIBRE_API_KEY for libretranslate.com, or use --translator gloss"
        )
    return cls(options)


def _key(name: str) -> str | None:
    variable = KEY_VARIABLES.get(name)
    value = os.environ.get(variable, "").strip() if variable else ""
    return value or None


def _load(name: str):
    target = _BACKENDS.get(name)
    if target is None:
        entry = _entry_point(name)
        if entry is None:  # pragma: no cover - check_engine_name ran first
            raise InputError(f"unknown translation engine {name!r}; choose one of: {', '.join(ENGINE_NAMES)}")
        return entry.load()
    module_name, _, attr = target.partition(":")
    return getattr(importlib.import_module(module_name), attr)


def _entry_point(name: str):
    if name in _BACKENDS or name == GLOSS:
        return None
    try:
        from importlib.metadata import entry_points

        matches = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == name]
    except Exception:  # a broken installed distribution must not break engine selection
        return None
    return matches[0] if matches else None
