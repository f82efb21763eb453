"""A time limit (and a status record) for the HTTP calls deep_translator makes on our behalf.

deep_translator's backends call ``requests.get``/``requests.post`` with no
timeout, so a server that accepts the connection and never answers would hang
bireader forever. Instead of patching ``requests`` itself, ``install()`` swaps
the ``requests`` name *inside deep_translator's backend modules only* for a
proxy. Outside a ``bounded()`` block the proxy passes every call straight
through, so other code (and deep_translator used directly) is unchanged. Inside
one, the call goes through the block's own ``requests.Session`` with
``timeout=(connect, read)`` forced and the whole answer read before the same
deadline (a server dripping bytes cannot hold a call open), and the block records how many requests
were made and the last HTTP status, which deep_translator's exceptions lose.

The current block lives in a ``contextvars.ContextVar``: every thread starts
with an empty context, so concurrent translations in worker threads each see
their own block and session.
"""

from __future__ import annotations

import contextlib
import contextvars
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

# deep_translator modules whose module-level ``requests`` we route through the proxy.
BACKEND_MODULES = ("deep_translator.google", "deep_translator.mymemory", "deep_translator.deepl", "deep_translator.libre")


@dataclass(slots=True)
class Scope:
    """One bounded block: its timeout, its session and what happened inside it."""

    timeout: float
    session: Any
    requests: int = 0
    last_status: int | None = None
    retry_after: str | None = None
    statuses: list[int] = field(default_factory=list)
    # (method, url, kwargs) -> (method, url, kwargs): lets an engine fix how deep_translator
    # calls a service that has since changed its API (DeepL's header authentication).
    prepare: Callable[[str, str, dict], tuple[str, str, dict]] | None = None


_current: contextvars.ContextVar[Scope | None] = contextvars.ContextVar("bireader_http_scope", default=None)
_install_lock = threading.Lock()


class _RequestsProxy:
    """Stands in for the ``requests`` module inside deep_translator's backends."""

    def __init__(self, real) -> None:
        self._real = real

    def __getattr__(self, name: str):
        return getattr(self._real, name)

    def get(self, url, params=None, **kwargs):
        return self.request("get", url, params=params, **kwargs)

    def post(self, url, data=None, json=None, **kwargs):
        return self.request("post", url, data=data, json=json, **kwargs)

    def request(self, method, url, **kwargs):
        scope = _current.get()
        if scope is None:
            return self._real.request(method, url, **kwargs)
        # (connect, read): read bounds each wait for bytes, so a silent server fails after `timeout`.
        kwargs["timeout"] = (scope.timeout, scope.timeout)
        if scope.prepare is not None:
            method, url, kwargs = scope.prepare(method, url, kwargs)
        scope.requests += 1
        deadline = time.monotonic() + scope.timeout
        kwargs["stream"] = True
        response = scope.session.request(method, url, **kwargs)
        _read_body(response, deadline, scope.timeout)
        scope.last_status = response.status_code
        scope.statuses.append(response.status_code)
        scope.retry_after = response.headers.get("Retry-After")
        return response


def _read_body(response, deadline: float, timeout: float) -> None:
    """Read the whole body before ``deadline``, so the limit covers the call and not each read only.

    The (connect, read) timeout alone lets a server that sends a byte every few seconds keep
    the call open forever; here the body is read in chunks and the clock checked between them.
    """
    import requests

    raw = response.raw
    # read1 returns whatever has arrived (urllib3 2); a plain read(n) would wait for all n bytes.
    read = getattr(raw, "read1", None) or raw.read
    chunks = []
    try:
        while True:
            chunk = read(65536, decode_content=True)
            if not chunk:
                break
            chunks.append(chunk)
            if time.monotonic() > deadline:
                raise requests.exceptions.ReadTimeout(f"the answer took longer than {timeout:g} s")
    except BaseException as err:
        response.close()
        translated = _as_requests_error(err)
        if translated is not None:
            raise translated from err
        raise
    response._content = b"".join(chunks)  # what response.content would have read; .text/.json() use it
    response._content_consumed = True


def _as_requests_error(err: BaseException):
    """The requests exception for a urllib3 one met while reading a body, as ``iter_content`` maps them.

    Reading ``raw`` ourselves skips that mapping, and the engine classifies requests' exceptions.
    """
    import requests
    from urllib3 import exceptions as urllib3_errors

    if isinstance(err, requests.RequestException):
        return None  # ours already (and an OSError too, so test it first)
    if isinstance(err, urllib3_errors.ReadTimeoutError):
        return requests.exceptions.ReadTimeout(str(err))
    if isinstance(err, urllib3_errors.SSLError):
        return requests.exceptions.SSLError(str(err))
    if isinstance(err, urllib3_errors.DecodeError):
        return requests.exceptions.ContentDecodingError(str(err))
    if isinstance(err, (urllib3_errors.ProtocolError, OSError)):
        return requests.exceptions.ConnectionError(str(err))  # the server hung up mid-answer
    return None


def install() -> None:
    """Route deep_translator's backend modules through the proxy (idempotent, thread-safe)."""
    import importlib

    import requests

    with _install_lock:
        for name in BACKEND_MODULES:
            module = importlib.import_module(name)
            if not isinstance(getattr(module, "requests", None), _RequestsProxy):
                module.requests = _RequestsProxy(requests)


@contextlib.contextmanager
def bounded(timeout: float, session=None, prepare=None) -> Iterator[Scope]:
    """Within this block, every deep_translator request times out after ``timeout`` seconds.

    Args:
        timeout: seconds to wait for the connection and for each read.
        session: a ``requests.Session`` to reuse (keep-alive across calls, one per
            thread); by default a fresh one, closed at the end of the block.
        prepare: an optional rewrite of each request, see ``Scope.prepare``.

    Yields the Scope, whose ``requests`` and ``last_status`` say what was sent and answered.
    """
    import requests

    install()
    own = session is None
    scope = Scope(timeout=float(timeout), session=requests.Session() if own else session, prepare=prepare)
    token = _current.set(scope)
    try:
        yield scope
    finally:
        _current.reset(token)
        if own:
            scope.session.close()
