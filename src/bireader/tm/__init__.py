"""Translation memories from folders: ``tm build`` (a process pool, resumable) and ``tm stats``.

- ``build_memory(folder, output, BuildOptions(...))`` aligns every ``NAME.ja.*`` /
  ``NAME.en.*`` pair of a folder and writes one TMX 1.4b (or TSV, JSONL, XLIFF 1.2)
  memory, with the units under a confidence floor listed beside it for review.
- ``memory_stats(read_tmx(path))`` counts what a memory holds.
"""

from __future__ import annotations

from bireader.tm.build import BuildOptions, BuildProgress, BuildReport, build_memory, default_jobs, review_path
from bireader.tm.cache import AlignedBead, AlignedPair, AlignmentCache, cache_path
from bireader.tm.folder import FolderScan, PairFiles, find_pairs
from bireader.tm.stats import MemoryStats, memory_stats
from bireader.tm.writers import FORMATS, SUFFIXES, MemoryUnit, write_memory, write_review

__all__ = [
    "FORMATS", "SUFFIXES", "AlignedBead", "AlignedPair", "AlignmentCache", "BuildOptions", "BuildProgress",
    "BuildReport", "FolderScan", "MemoryStats", "MemoryUnit", "PairFiles", "build_memory", "cache_path",
    "default_jobs", "find_pairs", "memory_stats", "review_path", "write_memory", "write_review",
]
