"""MyMemory's free translation API (no key; ``MYMEMORY_EMAIL`` raises the daily quota)."""

from __future__ import annotations

from bireader.translate.base import DeepTranslatorEngine

# MyMemory names languages with regions; deep_translator only accepts its own codes.
_LANGUAGES = {"ja": "ja-JP", "en": "en-GB"}


class MyMemoryEngine(DeepTranslatorEngine):
    """MyMemory through ``deep_translator.MyMemoryTranslator``."""

    engine_id = "mymemory"
    # deep_translator refuses 500 characters or more.
    max_chars = 480

    def make_translator(self, source: str, target: str):
        from deep_translator import MyMemoryTranslator

        return MyMemoryTranslator(
            source=_LANGUAGES.get(source, source), target=_LANGUAGES.get(target, target), email=self.options.api_key
        )

    def check_answer(self, text: str, answer: str) -> str:
        # MyMemory reports a spent quota or an oversize query with HTTP 200 and the
        # message in place of the translation.
        upper = answer.upper()
        if "MYMEMORY WARNING" in upper or "YOU USED ALL AVAILABLE FREE TRANSLATIONS" in upper:
            raise self.failure("quota", "mymemory says today's free quota is used up")
        if "QUERY LENGTH LIMIT EXCEEDED" in upper:
            raise self.failure("too_long", "mymemory refused a request as too long")
        return answer
