"""Machine translation (issue 7): the real deep_translator code path against local servers.

Every server here is an ``http.server.ThreadingHTTPServer`` on 127.0.0.1 that speaks
the LibreTranslate API (POST /translate → {"translatedText": ...}); conftest blocks
anything else. Backoff delays are patched to milliseconds and timeouts kept at a
fraction of a second so the file runs in a few seconds.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from bireader.cli import app
from bireader.errors import EXIT_ENGINE, EXIT_INPUT, EngineError, InputError
from bireader.translate import ENGINE_NAMES, resolve_engine, translate_texts
from bireader.translate import runner as runner_module
from bireader.translate.base import EngineFailure, split_batch_answer
from bireader.translate.cache import TranslationCache
from bireader.translate.libre import LibreEngine
from bireader.translate.runner import Piece, make_chunks, split_unit

cli = CliRunner()

SAMPLE = ["ロシアは核抑止力を重視している。", "報告書が警告した。", "西側諸国は躊躇してきた。"]


# --- a LibreTranslate-protocol server ------------------------------------------------------


class FakeLibre:
    """A local LibreTranslate: answers by a script of actions, then by ``default``.

    Actions: "echo" (EN:<line> per line), an int (that HTTP status with a JSON error),
    "hang" (accept, never answer until the test ends), "truncate" (hang up mid-answer), "drip" (answer one byte at a time,
    too slowly to finish), "malformed" (200, not JSON),
    "merge" (answer all lines as one line: a translator that drops line breaks).
    """

    def __init__(self, default="echo"):
        self.script: list = []
        self.default = default
        self.requests: list[dict] = []
        self.release = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8") if length else ""
                fields = parse_qs(urlparse(self.path).query)
                if body:
                    fields.update(parse_qs(body))
                q = fields.get("q", fields.get("text", [""]))[0]
                action = fake.script.pop(0) if fake.script else fake.default
                fake.requests.append(
                    {"path": urlparse(self.path).path, "q": q, "fields": fields, "headers": dict(self.headers), "action": action}
                )
                if action == "hang":
                    fake.release.wait(10)
                    return
                if action == "truncate":  # promise 1000 bytes, send 10, hang up
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", "1000")
                    self.end_headers()
                    self.wfile.write(b'{"translat')
                    self.wfile.flush()
                    self.close_connection = True
                    return
                if action == "drip":  # headers at once, then a byte every 0.1 s: no read ever waits long
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", "1000")
                    self.end_headers()
                    for _ in range(1000):
                        if fake.release.wait(0.1):
                            return
                        try:
                            self.wfile.write(b" ")
                            self.wfile.flush()
                        except OSError:
                            return
                    return
                if action == "malformed":
                    return self._send(200, b"<html>this is not the API</html>", "text/html")
                if isinstance(action, int):
                    return self._send(action, json.dumps({"error": f"status {action}"}).encode())
                lines = [f"EN:{line}" for line in q.split("\n")]
                text = " ".join(lines) if action == "merge" else "\n".join(lines)
                key = "translations" if self.path.startswith("/v2/") else "translatedText"
                payload = {key: [{"text": text}]} if key == "translations" else {key: text}
                self._send(200, json.dumps(payload, ensure_ascii=False).encode())

            def do_GET(self):  # noqa: N802 - Google's web page and MyMemory's JSON API
                parsed = urlparse(self.path)
                fields = parse_qs(parsed.query)
                q = fields.get("q", [""])[0]
                action = fake.script.pop(0) if fake.script else fake.default
                fake.requests.append({"path": parsed.path, "q": q, "fields": fields, "headers": dict(self.headers), "action": action})
                if isinstance(action, int):
                    return self._send(action, b"error", "text/plain")
                text = "\n".join(f"EN:{line}" for line in q.split("\n"))
                if parsed.path == "/m":
                    from html import escape

                    page = f'<html><body><div class="result-container">{escape(text)}</div></body></html>'
                    return self._send(200, page.encode(), "text/html; charset=utf-8")
                payload = {"responseData": {"translatedText": text}, "matches": []}
                self._send(200, json.dumps(payload, ensure_ascii=False).encode())

            def _send(self, status, data, ctype="application/json"):
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    @property
    def count(self) -> int:
        return len(self.requests)

    def sent_texts(self) -> list[str]:
        return [line for r in self.requests for line in r["q"].split("\n")]

    def stop(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def libre():
    server = FakeLibre()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch):
    monkeypatch.setattr(runner_module, "BACKOFF_BASE", 0.01)
    monkeypatch.setattr(runner_module, "BACKOFF_MAX", 0.02)


@pytest.fixture
def fake_gloss(monkeypatch):
    """The fallback's gloss without the dictionary (test_gloss.py covers the real one)."""
    import bireader.gloss

    monkeypatch.setattr(bireader.gloss, "gloss_text", lambda text: f"GLOSS:{text}")


def _translate(server, texts=SAMPLE, **kwargs):
    kwargs.setdefault("timeout", 2.0)
    return translate_texts(list(texts), "libre", url=server.url, **kwargs)


# --- the HTTP cases -----------------------------------------------------------------------------


def test_success_batches_units_into_one_request(libre):
    result = _translate(libre)
    assert result.texts == [f"EN:{t}" for t in SAMPLE]
    assert result.sources == ["mt:libre"] * 3
    assert (result.from_network, result.from_cache) == (3, 0)
    assert libre.count == 1  # one chunk, one request
    assert libre.requests[0]["path"] == "/translate"
    assert libre.requests[0]["fields"]["source"] == ["ja"] and libre.requests[0]["fields"]["target"] == ["en"]
    assert "api_key" not in libre.requests[0]["fields"]  # a self-hosted server gets no placeholder key


def test_api_key_is_sent_when_set(libre, monkeypatch):
    monkeypatch.setenv("LIBRE_API_KEY", "sekrit")
    _translate(libre, SAMPLE[:1])
    assert libre.requests[0]["fields"]["api_key"] == ["sekrit"]


def test_429_then_success_is_retried(libre):
    libre.script = [429]
    result = _translate(libre)
    assert result.texts[0] == f"EN:{SAMPLE[0]}"
    assert libre.count == 2


def test_500_three_times_gives_up_with_a_clear_error(libre):
    libre.script = [500, 500, 500]
    with pytest.raises(EngineError) as info:
        _translate(libre)
    message = info.value.message
    assert libre.count == 3
    assert "libre" in message and "HTTP 500" in message and "3 tries" in message
    assert "--translator gloss" in message and "--english FILE" in message
    assert info.value.exit_code == EXIT_ENGINE
    assert "\n" not in message


@pytest.mark.parametrize("behaviour", ["hang", "drip"])
def test_a_server_too_slow_to_answer_times_out_within_the_bound(libre, behaviour):
    # "hang" never answers; "drip" sends a byte every 0.1 s, so only a limit on the whole call stops it.
    libre.default = behaviour
    start = time.perf_counter()
    with pytest.raises(EngineError) as info:
        _translate(libre, timeout=0.3)
    elapsed = time.perf_counter() - start
    assert libre.count == runner_module.TRIES
    # tries × timeout plus the (patched) backoff, with slack for a busy machine.
    assert elapsed < runner_module.TRIES * 0.3 + 1.5
    assert "did not answer within 0.3 s" in info.value.message
    assert "--timeout" in info.value.message


def test_a_server_that_hangs_up_mid_answer_is_a_connection_error(libre):
    libre.script = ["truncate"]
    result = _translate(libre)  # retried, and the second answer is whole
    assert result.texts == [f"EN:{t}" for t in SAMPLE]
    assert libre.requests[0]["action"] == "truncate"
    libre.default = "truncate"
    with pytest.raises(EngineError) as info:
        _translate(libre, ["別の文。"])
    assert "cannot reach libre" in info.value.message and "Traceback" not in info.value.message


def test_malformed_json_is_not_retried(libre):
    libre.script = ["malformed"]
    with pytest.raises(EngineError) as info:
        _translate(libre)
    assert libre.count == 1
    assert "not JSON" in info.value.message and "libre" in info.value.message


def test_403_bad_key_is_not_retried(libre):
    libre.default = 403
    with pytest.raises(EngineError) as info:
        _translate(libre)
    assert libre.count == 1
    assert "LIBRE_API_KEY" in info.value.message and "HTTP 403" in info.value.message


def test_other_4xx_is_not_retried(libre):
    libre.default = 400
    with pytest.raises(EngineError):
        _translate(libre)
    assert libre.count == 1


def test_connection_refused_is_a_clear_error():
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(EngineError) as info:
        translate_texts(SAMPLE, "libre", url=f"http://127.0.0.1:{port}", timeout=0.5)
    assert "cannot reach libre" in info.value.message and "3 tries" in info.value.message


def test_a_translator_that_merges_lines_falls_back_to_one_request_per_text(libre):
    libre.script = ["merge"]
    result = _translate(libre)
    assert result.texts == [f"EN:{t}" for t in SAMPLE]
    assert libre.count == 1 + len(SAMPLE)


# --- the cache ----------------------------------------------------------------------------------


def test_second_run_makes_no_request_and_refresh_asks_again(libre):
    first = _translate(libre)
    assert libre.count == 1
    second = _translate(libre)
    assert libre.count == 1
    assert second.texts == first.texts
    assert (second.from_cache, second.from_network) == (3, 0)
    third = _translate(libre, refresh=True)
    assert libre.count == 2
    assert (third.from_cache, third.from_network) == (0, 3)


def test_cache_is_keyed_by_engine_and_language_pair(libre):
    _translate(libre, SAMPLE[:1])
    with TranslationCache() as cache:
        assert cache.get_many("libre", "ja", "en", SAMPLE[:1]) == {SAMPLE[0]: f"EN:{SAMPLE[0]}"}
        assert cache.get_many("google", "ja", "en", SAMPLE[:1]) == {}
        assert cache.get_many("libre", "ja", "de", SAMPLE[:1]) == {}
        row = cache.conn.execute("SELECT * FROM translation").fetchone()
    assert len(row["text_sha256"]) == 64 and row["created"].endswith("+00:00")


def test_duplicates_and_empty_texts_are_not_sent(libre):
    texts = [SAMPLE[0], "", SAMPLE[0], "  "]
    result = _translate(libre, texts)
    assert result.texts == [f"EN:{SAMPLE[0]}", "", f"EN:{SAMPLE[0]}", ""]
    assert libre.sent_texts() == [SAMPLE[0]]
    assert result.empty == 2 and result.from_network == 2


def _many(n):
    return [f"第{i}段落の文章です。" for i in range(n)]


def test_ctrl_c_keeps_finished_chunks_and_a_rerun_sends_only_the_rest(libre, monkeypatch):
    monkeypatch.setattr(LibreEngine, "max_chars", 30)  # two 12-character units per request
    texts = _many(10)
    calls = []

    def progress(done, total):
        calls.append(done)
        if done >= 4:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _translate(libre, texts, progress=progress)
    assert libre.count == 2
    sent_before = libre.sent_texts()
    assert sent_before == texts[:4]
    with TranslationCache() as cache:
        assert set(cache.get_many("libre", "ja", "en", texts)) == set(texts[:4])
    result = _translate(libre, texts)
    assert libre.sent_texts()[len(sent_before):] == texts[4:]
    assert (result.from_cache, result.from_network) == (4, 6)
    assert result.texts == [f"EN:{t}" for t in texts]


def test_server_dying_half_way_keeps_what_arrived(monkeypatch):
    monkeypatch.setattr(LibreEngine, "max_chars", 30)
    texts = _many(6)
    first = FakeLibre()

    def progress(done, total):
        if done == 2:  # the first chunk has arrived: pull the plug
            first.stop()

    with pytest.raises(EngineError) as info:
        translate_texts(texts, "libre", url=first.url, timeout=0.5, progress=progress)
    assert "cannot reach libre" in info.value.message
    second = FakeLibre()
    try:
        result = translate_texts(texts, "libre", url=second.url, timeout=0.5)
        assert second.sent_texts() == texts[2:]
        assert (result.from_cache, result.from_network) == (2, 4)
    finally:
        second.stop()


def test_a_dead_server_costs_one_chunk_of_tries_not_one_per_unit(libre, monkeypatch):
    monkeypatch.setattr(LibreEngine, "max_chars", 30)
    libre.default = "hang"
    texts = _many(20)  # ten chunks
    start = time.perf_counter()
    with pytest.raises(EngineError):
        _translate(libre, texts, timeout=0.2)
    assert libre.count == runner_module.TRIES
    assert time.perf_counter() - start < runner_module.TRIES * 0.2 + 1.5


def test_fallback_glosses_the_rest_without_further_requests(libre, monkeypatch, fake_gloss):
    monkeypatch.setattr(LibreEngine, "max_chars", 30)
    libre.script = ["echo"]
    libre.default = "hang"
    texts = _many(8)
    result = _translate(libre, texts, timeout=0.2, fallback="gloss")
    assert libre.count == 1 + runner_module.TRIES
    assert result.sources == ["mt:libre"] * 2 + ["gloss"] * 6
    assert result.texts[2] == f"GLOSS:{texts[2]}"
    assert (result.from_network, result.glossed) == (2, 6)
    assert "did not answer" in result.error
    # The glossed units were not cached: a rerun asks the engine for them.
    libre.default = "echo"
    again = _translate(libre, texts)
    assert (again.from_cache, again.from_network) == (2, 6)


def test_fallback_covers_a_missing_key(monkeypatch, fake_gloss):
    monkeypatch.delenv("DEEPL_API_KEY", raising=False)
    result = translate_texts(SAMPLE, "deepl", fallback="gloss")
    assert result.sources == ["gloss"] * 3 and "DEEPL_API_KEY" in result.error
    with pytest.raises(EngineError, match="DEEPL_API_KEY"):
        translate_texts(SAMPLE, "deepl")


# --- engine selection and privacy --------------------------------------------------------------


def test_unknown_engine_lists_the_valid_names():
    with pytest.raises(InputError) as info:
        translate_texts(SAMPLE, "babelfish")
    for name in ENGINE_NAMES:
        assert name in info.value.message


def test_resolve_engine_applies_the_config_default(temp_home):
    assert resolve_engine(None) is None  # nothing named, no config: the caller glosses
    assert resolve_engine("Google") == "google"
    (temp_home / "config.toml").write_text('translator = "libre"\ntranslator_url = "http://127.0.0.1:9/"\n')
    assert resolve_engine(None) == "libre"
    assert resolve_engine("gloss") == "gloss"
    (temp_home / "config.toml").write_text('translator = "altavista"\n')
    with pytest.raises(InputError, match="config.toml"):
        resolve_engine(None)


def test_config_errors_are_one_sentence(temp_home):
    from bireader.config import Settings, load_config

    assert load_config() == Settings()
    (temp_home / "config.toml").write_text("timeout = 2.5\n")
    assert load_config().timeout == 2.5
    (temp_home / "config.toml").write_text("timeout = 'soon'\n")
    with pytest.raises(InputError, match="timeout must be"):
        load_config()
    (temp_home / "config.toml").write_text("translator = [\n")
    with pytest.raises(InputError, match="not valid TOML"):
        load_config()


def test_gloss_engine_and_no_engine_never_touch_the_network(monkeypatch, fake_gloss):
    def refuse(*args, **kwargs):
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    for engine in ("gloss", None):
        result = translate_texts(SAMPLE, engine)
        assert result.texts == [f"GLOSS:{t}" for t in SAMPLE]
        assert result.sources == ["gloss"] * 3 and result.from_network == 0


def test_url_only_for_libre():
    with pytest.raises(InputError, match="libre only"):
        translate_texts(SAMPLE, "google", url="http://127.0.0.1:1/")


def test_libre_without_url_or_key_says_what_to_do(monkeypatch):
    monkeypatch.delenv("LIBRE_API_KEY", raising=False)
    with pytest.raises(EngineError, match="--translator-url"):
        translate_texts(SAMPLE, "libre")


def test_libre_url_comes_from_the_config(libre, temp_home):
    (temp_home / "config.toml").write_text(f'translator = "libre"\ntranslator_url = "{libre.url}"\n')
    result = translate_texts(SAMPLE, resolve_engine(None), timeout=2.0)
    assert result.from_network == 3 and libre.count == 1


# --- other backends through the same transport ----------------------------------------------


def test_deepl_sends_the_key_in_a_header_and_the_text_in_a_post_body(libre, monkeypatch):
    from deep_translator import constants

    monkeypatch.setitem(constants.BASE_URLS, "DEEPL_FREE", libre.url + "{version}/")
    monkeypatch.setenv("DEEPL_API_KEY", "abc:fx")
    result = translate_texts(SAMPLE[:2], "deepl", timeout=2.0)
    assert result.texts == [f"EN:{t}" for t in SAMPLE[:2]]
    request = libre.requests[0]
    assert request["path"] == "/v2/translate"
    assert request["headers"]["Authorization"] == "DeepL-Auth-Key abc:fx"
    assert "auth_key" not in request["fields"]


def test_google_through_the_same_transport(libre, monkeypatch):
    from deep_translator import constants

    monkeypatch.setitem(constants.BASE_URLS, "GOOGLE_TRANSLATE", libre.url + "m")
    libre.script = [429]
    result = translate_texts(SAMPLE, "google", timeout=2.0)
    assert result.texts == [f"EN:{t}" for t in SAMPLE]
    assert libre.count == 2 and libre.requests[1]["fields"]["sl"] == ["ja"]


def test_mymemory_through_the_same_transport(libre, monkeypatch):
    from deep_translator import constants

    monkeypatch.setitem(constants.BASE_URLS, "MYMEMORY", libre.url + "get")
    result = translate_texts(SAMPLE, "mymemory", timeout=2.0)
    assert result.texts == [f"EN:{t}" for t in SAMPLE]
    assert libre.count == 1 and libre.requests[0]["fields"]["langpair"] == ["ja-JP|en-GB"]


def test_mymemory_quota_warning_is_a_quota_error():
    from bireader.translate.mymemory import MyMemoryEngine

    engine = MyMemoryEngine()
    with pytest.raises(EngineFailure) as info:
        engine.check_answer("x", "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY")
    assert info.value.kind == "quota" and not info.value.retryable


def test_the_timeout_does_not_leak_outside_our_calls(libre, monkeypatch):
    """Outside a bounded block deep_translator's requests go through unchanged (no timeout added)."""
    import deep_translator.libre

    from bireader.translate import transport

    _translate(libre, SAMPLE[:1])  # installs the proxy
    proxy = deep_translator.libre.requests
    assert isinstance(proxy, transport._RequestsProxy)
    seen = {}

    class Real:
        def request(self, method, url, **kwargs):
            seen.update(kwargs)
            return "passed through"

    monkeypatch.setattr(proxy, "_real", Real())
    assert proxy.post("http://127.0.0.1:1/", params={"q": "x"}) == "passed through"
    assert "timeout" not in seen
    assert transport._current.get() is None


def test_concurrent_calls_keep_their_own_timeouts(libre):
    """Each thread's bounded block is its own: a hanging call does not slow another thread's."""
    slow = FakeLibre(default="hang")
    errors, results = [], []

    def hang():
        try:
            translate_texts(["遅い。"], "libre", url=slow.url, timeout=0.3)
        except EngineError as err:
            errors.append(err)

    def fast():
        results.append(translate_texts(["速い。"], "libre", url=libre.url, timeout=5.0))

    try:
        threads = [threading.Thread(target=hang), threading.Thread(target=fast)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
        assert len(errors) == 1 and "0.3 s" in errors[0].message
        assert results[0].texts == ["EN:速い。"]
    finally:
        slow.stop()


# --- chunking -----------------------------------------------------------------------------------

# (unit text, limit, expected pieces as (joiner, text))
SPLIT_CASES = [
    ("短い文。", 100, [("", "短い文。")]),
    ("一行目。\n\n二行目。", 100, [("", "一行目。"), ("\n", "二行目。")]),  # line breaks always split
    ("あいう。かきく。さしす。", 8, [("", "あいう。かきく。"), (" ", "さしす。")]),  # between sentences
    ("あいうえお、かきくけこ、さしすせそ。", 7, [("", "あいうえお、"), (" ", "かきくけこ、"), (" ", "さしすせそ。")]),
    ("　字下げ。", 100, [("", "字下げ。")]),  # ideographic-space indent is not sent
]


@pytest.mark.parametrize(("text", "limit", "expected"), SPLIT_CASES)
def test_split_unit(text, limit, expected):
    assert split_unit(text, limit) == expected


def test_pieces_and_chunks_respect_the_limit():
    text = "あ" * 50 + "。" + "い" * 30 + "、" + "う" * 30 + "。"
    for limit in (10, 25, 64, 200):
        pieces = [Piece(0, part, joiner) for joiner, part in split_unit(text, limit)]
        assert all(len(p.text) <= limit for p in pieces)
        assert "".join(p.text for p in pieces) == text
        for chunk in make_chunks(pieces, limit):
            assert len("\n".join(p.text for p in chunk)) <= limit


def test_a_unit_longer_than_the_limit_is_split_and_put_back_together(libre, monkeypatch):
    monkeypatch.setattr(LibreEngine, "max_chars", 12)
    unit = "一つ目の文です。二つ目の文です。\n三つ目の文です。"
    result = _translate(libre, [unit, "短い。"])
    assert result.texts == ["EN:一つ目の文です。 EN:二つ目の文です。\nEN:三つ目の文です。", "EN:短い。"]
    assert all(len(r["q"]) <= 12 for r in libre.requests)
    with TranslationCache() as cache:  # cached whole, under the unit's own text
        assert cache.get_many("libre", "ja", "en", [unit]) == {unit: result.texts[0]}


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet="あいう漢字ア、。！？「」（）\n 　ab", min_size=0, max_size=120),
    limit=st.integers(min_value=1, max_value=40),
)
def test_chunking_keeps_every_character_and_the_limit(text, limit):
    pieces = [Piece(0, part, joiner) for joiner, part in split_unit(text, limit)]
    assert all(0 < len(p.text) <= limit for p in pieces)
    assert re.sub(r"\s", "", "".join(p.text for p in pieces)) == re.sub(r"\s", "", text)
    chunks = make_chunks(pieces, limit)
    assert [p for chunk in chunks for p in chunk] == pieces
    assert all(len("\n".join(p.text for p in chunk)) <= limit for chunk in chunks)


def test_split_batch_answer():
    assert split_batch_answer("a\nb\n", 2) == ["a", "b"]
    assert split_batch_answer("a\n\nb", 2) == ["a", "b"]
    assert split_batch_answer("a b", 2) is None


# --- the command --------------------------------------------------------------------------------


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "article.ja.txt"
    path.write_text("\n\n".join(SAMPLE) + "\n", encoding="utf-8")
    return path


def test_cli_fills_the_cache_and_reports_counts(libre, article):
    args = ["translate", str(article), "--translator", "libre", "--translator-url", libre.url, "--timeout", "2"]
    first = cli.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "3 from the network" in first.stdout and "0 from the cache" in first.stdout
    second = cli.invoke(app, args)
    assert second.exit_code == 0
    assert "3 from the cache, 0 from the network" in second.stdout
    assert libre.count == 1
    refreshed = cli.invoke(app, [*args, "--refresh", "--json"])
    data = json.loads(refreshed.stdout)
    assert data["from_network"] == 3 and data["translations"][0]["en"] == f"EN:{SAMPLE[0]}"
    assert data["translations"][0]["source"] == "mt:libre"


def test_cli_sentence_level(libre, tmp_path):
    path = tmp_path / "two.txt"
    path.write_text("一つ目の文。二つ目の文。\n", encoding="utf-8")
    result = cli.invoke(app, ["translate", str(path), "-t", "libre", "--translator-url", libre.url, "--level", "sentence", "--json"])
    assert result.exit_code == 0, result.output
    assert [t["ja"] for t in json.loads(result.stdout)["translations"]] == ["一つ目の文。", "二つ目の文。"]


def test_cli_dead_server_exits_4_with_one_line(libre, article, monkeypatch):
    monkeypatch.setattr(LibreEngine, "max_chars", 30)  # SAMPLE[:2] in one request, SAMPLE[2] in another
    libre.script = ["echo"]
    libre.default = "hang"
    result = cli.invoke(app, ["translate", str(article), "-t", "libre", "--translator-url", libre.url, "--timeout", "0.2"])
    assert result.exit_code == EXIT_ENGINE
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "libre" in errors[0] and "--translator gloss" in errors[0]
    assert "2 of 3 units are in the translation cache" in result.stderr
    assert "Traceback" not in result.output
    libre.default = "echo"
    again = cli.invoke(app, ["translate", str(article), "-t", "libre", "--translator-url", libre.url])
    assert "2 from the cache, 1 from the network" in again.stdout


def test_cli_ctrl_c_exits_130_and_says_how_to_resume(libre, article, monkeypatch):
    from bireader.translate import runner

    real = runner.send_with_retries

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "send_with_retries", interrupted)
    result = cli.invoke(app, ["translate", str(article), "-t", "libre", "--translator-url", libre.url])
    assert result.exit_code == 130
    assert "run the same command again" in result.stderr
    monkeypatch.setattr(runner, "send_with_retries", real)


def test_cli_needs_an_engine_and_knows_the_names(article):
    result = cli.invoke(app, ["translate", str(article)])
    assert result.exit_code == EXIT_INPUT and "--translator" in result.stderr
    result = cli.invoke(app, ["translate", str(article), "-t", "babelfish"])
    assert result.exit_code == EXIT_INPUT
    assert "google, mymemory, deepl, libre, gloss" in result.stderr
    assert "Traceback" not in result.output
