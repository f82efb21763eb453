"""The translation engine protocol, and the shared wrapper around deep_translator backends.

An engine sees plain strings only. ``translate_batch(texts)`` returns one
translation per text, in order, using as few requests as the backend allows;
the runner (``runner.py``) keeps each batch within ``max_chars``, retries, and
caches. Engines raise ``EngineFailure`` (an ``EngineError``) whose ``retryable``
says whether the runner may try again (timeouts, connection errors, 429, 5xx)
or must not (bad key, quota, malformed answer, other 4xx).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import ClassVar, Protocol, runtime_checkable

from bireader.errors import EngineError

# The separator between the texts of one batch sent as one request. Translators keep
# line breaks, so the answer splits back into the same number of lines; when it does
# not, the batch is sent again one text per request (correct, just slower).
BATCH_SEPARATOR = "\n"

# What the user can always do instead of machine translation.
OFFLINE_ADVICE = "or use --english FILE or --translator gloss"


@runtime_checkable
class Engine(Protocol):
    """What the runner needs from a translation backend."""

    engine_id: str
    max_chars: int  # the most characters one request may carry

    def translate_batch(self, texts: list[str], source: str = "ja", target: str = "en") -> list[str]:
        """One translation per text, in order."""
        ...


class EngineFailure(EngineError):
    """One failed attempt; ``retryable`` tells the runner whether trying again can help.

    ``what`` says what happened and ``advice`` what the user can do, so the runner
    can add the number of tries between them in its final message.
    """

    def __init__(self, what: str, advice: str, *, kind: str, retryable: bool, retry_after: float | None = None) -> None:
        super().__init__(f"{what}; {advice}")
        self.what = what
        self.advice = advice
        self.kind = kind  # timeout, connection, rate_limited, server, auth, quota, too_long, bad_request, malformed, bad_url
        self.retryable = retryable
        self.retry_after = retry_after

    @property
    def is_service_down(self) -> bool:
        """The service did not answer at all (the "dead server" case)."""
        return self.kind in ("timeout", "connection")


RETRYABLE_KINDS = frozenset({"timeout", "connection", "rate_limited", "server"})


@dataclass(frozen=True, slots=True)
class Options:
    """Settings shared by the deep_translator backends."""

    timeout: float = 10.0
    url: str | None = None
    api_key: str | None = None


class DeepTranslatorEngine:
    """Base for engines backed by a deep_translator class.

    Subclasses set ``engine_id``, ``max_chars`` and the hints, and implement
    ``make_translator(source, target)``. Every request runs inside
    ``transport.bounded`` (deep_translator sets no timeout) and every failure
    becomes an ``EngineFailure`` naming the engine and what to do.
    """

    engine_id: ClassVar[str] = ""
    max_chars: ClassVar[int] = 2000
    key_hint: ClassVar[str] = ""  # how to fix a rejected key, e.g. "check DEEPL_API_KEY"
    Options = Options

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()
        self._local = threading.local()  # one translator object and one HTTP session per thread

    # -- to implement -------------------------------------------------------------------
    def make_translator(self, source: str, target: str):
        """Build the deep_translator object (imports deep_translator lazily)."""
        raise NotImplementedError

    def prepare_request(self, method: str, url: str, kwargs: dict) -> tuple[str, str, dict]:
        """Adjust a request deep_translator is about to send (default: unchanged)."""
        return method, url, kwargs

    def check_answer(self, text: str, answer: str) -> str:
        """Inspect one answer; subclasses detect in-band errors (MyMemory's quota warnings)."""
        return answer

    @property
    def where(self) -> str:
        """How to name the service in messages."""
        return self.engine_id

    # -- the protocol ------------------------------------------------------------------
    def translate_batch(self, texts: list[str], source: str = "ja", target: str = "en") -> list[str]:
        """Translate ``texts`` in one request when they fit, else one request each."""
        if not texts:
            return []
        if len(texts) == 1:
            return [self.translate_one(texts[0], source, target)]
        joined = BATCH_SEPARATOR.join(texts)
        if len(joined) <= self.max_chars:
            lines = split_batch_answer(self.translate_one(joined, source, target), len(texts))
            if lines is not None:
                return lines
        return [self.translate_one(t, source, target) for t in texts]

    def translate_one(self, text: str, source: str = "ja", target: str = "en") -> str:
        """One request, bounded in time; failures become EngineFailure."""
        from bireader.translate import transport

        translator = self._translator(source, target)
        session = self._session()
        scope = None
        try:
            with transport.bounded(self.options.timeout, session=session, prepare=self.prepare_request) as scope:
                answer = translator.translate(text)
        except Exception as err:  # deep_translator raises many unrelated types; classify them all
            raise self.classify(err, scope) from err
        if not isinstance(answer, str):
            raise self.failure("malformed", f"{self.where} sent no translation text")
        return self.check_answer(text, answer)

    def close(self) -> None:
        """Close this thread's HTTP session (the runner calls it when a run ends)."""
        session = getattr(self._local, "session", None)
        if session is not None:
            session.close()
            self._local.session = None

    # -- helpers -----------------------------------------------------------------------
    def _translator(self, source: str, target: str):
        cache = getattr(self._local, "translators", None)
        if cache is None:
            cache = self._local.translators = {}
        key = (source, target)
        if key not in cache:
            cache[key] = self.make_translator(source, target)
        return cache[key]

    def _session(self):
        session = getattr(self._local, "session", None)
        if session is None:
            import requests

            session = self._local.session = requests.Session()
        return session

    def failure(self, kind: str, what: str, *, status: int | None = None, retry_after: float | None = None) -> EngineFailure:
        """An EngineFailure of ``kind`` with the advice that fits it."""
        advice = {
            "timeout": f"check your connection{self._url_advice()}, raise --timeout, {OFFLINE_ADVICE}",
            "connection": f"check your connection{self._url_advice()}, {OFFLINE_ADVICE}",
            "rate_limited": f"wait a while and run again (finished units are cached), {OFFLINE_ADVICE}",
            "server": f"try again later (finished units are cached), {OFFLINE_ADVICE}",
            "auth": f"{self.key_hint or 'check your API key'}, {OFFLINE_ADVICE}",
            "quota": f"wait for the quota to renew or choose another --translator, {OFFLINE_ADVICE}",
            "too_long": f"this is a bug in bireader's chunking (please report it), {OFFLINE_ADVICE}",
            "bad_request": f"check the engine's settings{self._url_advice()}, {OFFLINE_ADVICE}",
            "malformed": f"check that the service is working{self._url_advice()}, {OFFLINE_ADVICE}",
            "bad_url": f"pass a full http(s) address to --translator-url, {OFFLINE_ADVICE}",
        }[kind]
        return EngineFailure(what, advice, kind=kind, retryable=kind in RETRYABLE_KINDS, retry_after=retry_after)

    def _url_advice(self) -> str:
        return " and --translator-url" if self.options.url else ""

    def classify(self, err: Exception, scope) -> EngineFailure:
        """Turn whatever deep_translator or requests raised into an EngineFailure."""
        import requests

        name = self.where
        status = scope.last_status if scope is not None else None
        retry_after = _parse_retry_after(scope.retry_after) if scope is not None else None
        if isinstance(err, EngineFailure):
            return err
        # JSONDecodeError is also a RequestException (and an OSError): test it first.
        if isinstance(err, requests.exceptions.JSONDecodeError):
            return self.failure("malformed", f"{name} answered with something that is not JSON (HTTP {status})")
        if isinstance(err, requests.Timeout):
            return self.failure("timeout", f"{name} did not answer within {self.options.timeout:g} s")
        if isinstance(err, (requests.exceptions.MissingSchema, requests.exceptions.InvalidSchema, requests.exceptions.InvalidURL)):
            return self.failure("bad_url", f"{name} cannot use the address {self.options.url or ''!s}".rstrip())
        if isinstance(err, requests.ConnectionError):
            return self.failure("connection", f"cannot reach {name}")
        if isinstance(err, requests.RequestException):
            return self.failure("connection", f"the request to {name} failed ({type(err).__name__})")
        if status is not None:
            if status == 429:
                return self.failure("rate_limited", f"{name} refused the request: too many requests (HTTP 429)", retry_after=retry_after)
            if status >= 500:
                return self.failure("server", f"{name} failed with a server error (HTTP {status})", retry_after=retry_after)
            if status in (401, 403):
                return self.failure("auth", f"{name} rejected the request as unauthorised (HTTP {status}), so the API key is missing or wrong")
            if status in (402, 456):  # DeepL: 456 quota exceeded
                return self.failure("quota", f"{name} says the translation quota is used up (HTTP {status})")
            if status == 413:
                return self.failure("too_long", f"{name} refused a request as too long (HTTP 413)")
            if 400 <= status < 500:
                return self.failure("bad_request", f"{name} refused the request (HTTP {status})")
            # A 2xx answer that deep_translator could not take apart.
            return self.failure("malformed", f"{name} sent an answer bireader cannot read ({_describe(err)})")
        # Nothing was sent: deep_translator refused the input itself.
        return self.failure("bad_request", f"{name} cannot send this text ({_describe(err)})")


def split_batch_answer(answer: str, n: int) -> list[str] | None:
    """Split the answer to a joined batch back into ``n`` translations, or None if the lines do not match."""
    lines = [line.strip() for line in answer.split(BATCH_SEPARATOR)]
    if len(lines) != n:
        lines = [line for line in lines if line]
    return lines if len(lines) == n else None


def _parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date: rare for these services, ignore it


def _describe(err: Exception) -> str:
    # deep_translator's own errors put the whole input text in str(err); their .message does not.
    message = getattr(err, "message", None)
    text = " ".join(str(message if isinstance(message, str) else err).split())
    text = f"{type(err).__name__}: {text}" if text else type(err).__name__
    return text if len(text) <= 120 else text[:117] + "..."
