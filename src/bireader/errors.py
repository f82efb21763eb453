"""Errors meant for the user: each carries a message a person can act on and an exit code."""

from __future__ import annotations

# Exit codes, named once so the CLI and the tests agree on them.
EXIT_OK = 0
EXIT_NOTHING_FOUND = 1  # a lookup with no result, a check that found problems
EXIT_INPUT = 2  # usage and input errors: missing, binary or undecodable file, bad TSV
EXIT_DICTIONARY = 3  # the dictionary index is missing or cannot be built
EXIT_ENGINE = 4  # a translation engine failed
EXIT_STORE = 5  # the user's database is unusable (not SQLite, corrupt, locked)
EXIT_INTERRUPTED = 130


class BireaderError(Exception):
    """An error whose message is displayed to the user as one line."""

    exit_code = EXIT_INPUT

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class InputError(BireaderError):
    """A file or text the user gave cannot be used (missing, binary, undecodable, empty, malformed)."""

    exit_code = EXIT_INPUT


class NothingFound(BireaderError):
    """A query had no answer; not a failure of the program."""

    exit_code = EXIT_NOTHING_FOUND


class DictionaryMissing(BireaderError):
    """The dictionary data or index cannot be found or built."""

    exit_code = EXIT_DICTIONARY


class EngineError(BireaderError):
    """A translation engine failed (unreachable, bad key, quota, malformed answer)."""

    exit_code = EXIT_ENGINE


class StoreError(BireaderError):
    """The user's SQLite store (glossary, translation cache) is unusable."""

    exit_code = EXIT_STORE
