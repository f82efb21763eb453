"""Shared fixtures: every test runs with a temporary BIREADER_HOME and no network but loopback."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS_JA = ROOT / "corpus" / "iiss-russia-nuclear.ja.txt"
CORPUS_EN = ROOT / "corpus" / "iiss-russia-nuclear.en.txt"


@pytest.fixture(autouse=True)
def temp_home(tmp_path_factory, monkeypatch):
    """Point all user data at a fresh directory, as llm's conftest does with LLM_USER_PATH."""
    home = tmp_path_factory.mktemp("bireader-home")
    monkeypatch.setenv("BIREADER_HOME", str(home))
    # Whatever the caller's shell or CI runner sets must not change what a test sees.
    for name in _CALLER_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return home


# Variables that change bireader's output or behaviour: colours and terminal size (Rich),
# the pager, engine keys, and the dictionary overrides (the fixtures set those themselves).
_CALLER_VARIABLES = (
    "NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS", "LINES", "PAGER", "LESS",
    "DEEPL_API_KEY", "LIBRE_API_KEY", "MYMEMORY_EMAIL", "BIREADER_DICTIONARY_INDEX", "BIREADER_DICTIONARY_SOURCE",
)


@pytest.fixture(autouse=True)
def no_dictionary_build_from_the_aligner(monkeypatch):
    """The aligner builds a missing dictionary index on first use (about 30 s); most tests align
    in a fresh home and must not pay for that. tests/test_align_fresh.py turns it back on."""
    monkeypatch.setattr("bireader.align.lexicon.BUILD_ON_FIRST_USE", False)


@pytest.fixture(scope="session")
def shared_index_dir(tmp_path_factory):
    """A dictionary index built once per test session, shared by the tests that need the real one."""
    return tmp_path_factory.mktemp("bireader-index")


_real_connect = socket.socket.connect


def _loopback_only(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and not (
        host.startswith("127.") or host in ("localhost", "::1") or self.family == socket.AF_UNIX
    ):
        raise RuntimeError(f"test tried to reach the network: {address!r}")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any connection to a non-loopback address fails loudly."""
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)


# Dictionary fixtures (issue 4), for any test file: `real_dictionary` points bireader.dictionary
# at the real index, built from jamdict-data once per session; `tiny_dictionary` at an index of
# a handful of hand-written entries (see tests/dictionary_fixtures.py).
from dictionary_fixtures import _real_dictionary_file, real_dictionary, tiny_dictionary  # noqa: E402,F401
