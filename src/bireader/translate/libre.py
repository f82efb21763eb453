"""LibreTranslate (a public instance, or a self-hosted server via ``--translator-url``)."""

from __future__ import annotations

from bireader.translate.base import DeepTranslatorEngine

PUBLIC_URL = "https://libretranslate.com/"


class LibreEngine(DeepTranslatorEngine):
    """LibreTranslate through ``deep_translator.LibreTranslator``; key from ``LIBRE_API_KEY``."""

    engine_id = "libre"
    # LibreTranslate's public instance limits a request to 2,000 characters (self-hosted: --char-limit).
    max_chars = 2000
    key_hint = "check LIBRE_API_KEY (or leave it unset for a server that needs no key)"

    @property
    def where(self) -> str:
        return f"libre ({self.base_url})"

    @property
    def base_url(self) -> str:
        url = self.options.url or PUBLIC_URL
        # deep_translator appends "translate" to the base address.
        return url if url.endswith("/") else url + "/"

    def make_translator(self, source: str, target: str):
        from deep_translator import LibreTranslator

        # LibreTranslator refuses to start without a key, but a self-hosted server
        # usually needs none: give a placeholder, then clear it so none is sent.
        translator = LibreTranslator(
            source=source, target=target, api_key=self.options.api_key or "-", custom_url=self.base_url
        )
        translator.api_key = self.options.api_key or ""
        return translator
