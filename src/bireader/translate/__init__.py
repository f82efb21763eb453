"""English rendering by machine translation (through deep-translator, with a cache) or the offline gloss.

The public API, for the reader and the exporter:

* ``translate_texts(texts, engine, *, url=None, timeout=10.0, refresh=False,
  fallback=None, progress=None) -> TranslationResult``: English for each text,
  cache first; ``.texts``, ``.sources`` (``mt:ENGINE`` or ``gloss``),
  ``.from_cache``, ``.from_network``, ``.glossed``, ``.error``.
* ``ENGINE_NAMES``: every name ``--translator`` accepts.
* ``resolve_engine(name_or_none) -> str | None``: the engine to use, applying the
  config default; None when the user named none (then the caller glosses).

Importing this package is cheap: deep_translator and requests are imported only
when a request is actually due (a warm cache never imports them).
"""

from __future__ import annotations

from bireader.translate.registry import ENGINE_NAMES, GLOSS, NETWORK_ENGINES, check_engine_name
from bireader.translate.runner import TranslationResult, translate_texts

__all__ = [
    "ENGINE_NAMES",
    "GLOSS",
    "NETWORK_ENGINES",
    "TranslationResult",
    "resolve_engine",
    "translate_texts",
]


def resolve_engine(name_or_none: str | None) -> str | None:
    """The engine to use: the one named, else the config's ``translator``, else None.

    Args:
        name_or_none: ``--translator`` as given (any case), or None when not given.

    Returns:
        A name from ``ENGINE_NAMES`` (``"gloss"`` included), or None when neither the
        command line nor the config names one; the caller then renders the gloss and
        nothing leaves the machine.

    Raises:
        InputError: the name (or the config's) is not an engine; lists the valid names.
    """
    if name_or_none is not None and name_or_none.strip():
        return check_engine_name(name_or_none)
    from bireader import paths
    from bireader.config import load_config

    default = load_config().translator
    if not default:
        return None
    return check_engine_name(default, where=f"the config file {paths.config_file()}")
