"""DeepL's API (free or pro key from ``DEEPL_API_KEY``)."""

from __future__ import annotations

from bireader.translate.base import DeepTranslatorEngine


class DeeplEngine(DeepTranslatorEngine):
    """DeepL through ``deep_translator.DeeplTranslator``."""

    engine_id = "deepl"
    # DeepL takes up to 128 KiB per request; 5,000 characters keeps answers quick.
    max_chars = 5000
    key_hint = "check DEEPL_API_KEY"

    def make_translator(self, source: str, target: str):
        from deep_translator import DeeplTranslator

        key = self.options.api_key or ""
        # Free-tier keys end in ":fx" and use api-free.deepl.com; others use api.deepl.com.
        return DeeplTranslator(source=source, target=target, api_key=key, use_free_api=key.endswith(":fx"))

    def prepare_request(self, method: str, url: str, kwargs: dict) -> tuple[str, str, dict]:
        # deep_translator 1.11 sends GET /translate with the key in the query string;
        # DeepL has refused both since 2025 (key in an Authorization header, text in a
        # POST body). Send the same fields the way DeepL accepts them now.
        params = dict(kwargs.pop("params", None) or {})
        key = params.pop("auth_key", None) or self.options.api_key or ""
        headers = dict(kwargs.pop("headers", None) or {})
        headers["Authorization"] = f"DeepL-Auth-Key {key}"
        kwargs["headers"] = headers
        kwargs["data"] = params
        return "post", url, kwargs
