"""``tm stats``: what a translation memory holds (units, languages, duplicates)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class MemoryStats:
    """Counts of a TMX file.

    ``duplicates``: units whose segments are all equal to an earlier unit's;
    ``conflicts``: source segments given more than one translation;
    ``files``: distinct ``x-file`` props (the source files of a memory built by ``tm build``).
    """

    units: int
    languages: dict[str, int] = field(default_factory=dict)  # segments per language
    source_language: str = ""
    duplicates: int = 0
    conflicts: int = 0
    files: int = 0

    def record(self) -> dict:
        """The JSON object of ``tm stats --json``."""
        return {
            "units": self.units, "languages": dict(self.languages), "source_language": self.source_language,
            "duplicates": self.duplicates, "conflicts": self.conflicts, "files": self.files,
        }


def memory_stats(memory) -> MemoryStats:
    """Count the units, languages, duplicates and conflicting translations of a ``TmxMemory``."""
    languages: Counter[str] = Counter()
    seen: set[tuple] = set()
    duplicates = 0
    translations: dict[str, set[tuple]] = {}
    files: set[str] = set()
    source = memory.source_language
    for unit in memory.units:
        languages.update(unit.segments.keys())
        key = tuple(sorted(unit.segments.items()))
        if key in seen:
            duplicates += 1
        seen.add(key)
        original = unit.text(source) if source and source != "*all*" else None
        if original is not None:
            others = tuple(sorted((lang, text) for lang, text in unit.segments.items() if not _same(lang, source)))
            translations.setdefault(original, set()).add(others)
        if unit.props.get("x-file"):
            files.add(unit.props["x-file"])
    conflicts = sum(1 for targets in translations.values() if len(targets) > 1)
    return MemoryStats(
        units=len(memory.units), languages=dict(sorted(languages.items())), source_language=source,
        duplicates=duplicates, conflicts=conflicts, files=len(files),
    )


def _same(lang: str, source: str) -> bool:
    lang, source = lang.lower(), source.lower()
    return lang == source or lang.startswith(source + "-")
