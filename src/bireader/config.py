"""The user's settings: ``paths.config_file()`` (TOML) read into a dataclass with defaults.

Example ``config.toml``::

    translator = "libre"                        # default engine when --translator is not given
    translator_url = "http://localhost:5000/"   # LibreTranslate server
    timeout = 10                                # seconds per request
    rare_rank = 3000                            # --vocab rare: words outside the N most frequent

No key is required; a missing file means all defaults (and, with no translator
named, nothing is ever sent over the network). Keys bireader does not know are
ignored, so a newer config still works with an older bireader.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path

from bireader import paths
from bireader.errors import InputError


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the config file can set, with the defaults used when it does not."""

    translator: str | None = None  # default --translator; None means the offline gloss
    translator_url: str | None = None  # default --translator-url (LibreTranslate)
    timeout: float = 10.0  # default --timeout, seconds per request
    rare_rank: int = 3000  # --vocab rare hides the words among the N most frequent (wordfreq)


# key -> (accepted types, description for error messages)
_TYPES = {
    "translator": ((str,), "an engine name in quotes"),
    "translator_url": ((str,), "a URL in quotes"),
    "timeout": ((int, float), "a positive number of seconds"),
    "rare_rank": ((int,), "a whole number of words, such as 3000"),
}


def load_config(path: Path | str | None = None) -> Settings:
    """Read the settings file (``paths.config_file()`` by default); all defaults if it does not exist.

    Raises:
        InputError: the file is not valid TOML or a value has the wrong type.
    """
    path = Path(path) if path is not None else paths.config_file()
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        return Settings()
    except IsADirectoryError:
        raise InputError(f"the config file {path} is a directory; remove it or set BIREADER_HOME elsewhere") from None
    except OSError as err:
        raise InputError(f"cannot read the config file {path}: {err.strerror or err}") from None
    except tomllib.TOMLDecodeError as err:
        raise InputError(f"the config file {path} is not valid TOML ({err}); fix or remove it") from None
    values = {}
    for key, (types, description) in _TYPES.items():
        if key not in data:
            continue
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, types):
            raise InputError(f"in the config file {path}, {key} must be {description}, not {value!r}")
        if key in ("timeout", "rare_rank") and value <= 0:
            raise InputError(f"in the config file {path}, {key} must be {description}, not {value!r}")
        if isinstance(value, str):
            value = value.strip() or None
        values[key] = float(value) if key == "timeout" else value
    return dataclasses.replace(Settings(), **values)
