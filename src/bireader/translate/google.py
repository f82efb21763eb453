"""Google Translate's free web endpoint (no key)."""

from __future__ import annotations

from bireader.translate.base import DeepTranslatorEngine


class GoogleEngine(DeepTranslatorEngine):
    """Google Translate through ``deep_translator.GoogleTranslator``."""

    engine_id = "google"
    # deep_translator allows < 5,000 characters, but the text travels in the URL of a
    # GET request (9 bytes per percent-encoded kanji); 1,500 keeps it under ~16 KB.
    max_chars = 1500

    def make_translator(self, source: str, target: str):
        from deep_translator import GoogleTranslator

        return GoogleTranslator(source=source, target=target)
