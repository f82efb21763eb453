"""Benchmark `bireader read` of a long (≥ 1 MB) Japanese text with the offline gloss (issue 14).

The text is built from the shared alignment dev sets: the ``ja.txt`` of every case of
``align-dev*/cases/``, the clean cases first (distinct text), then the merge, delete and
mixed ones (the same sentences cut differently), until it holds ``size`` bytes. Each case
is one chapter under an Aozora Bunko 大見出し note, one paragraph a line, so the text
loader gives a Document with many chapters, as a novel has. The dev sets' own 《》
brackets (shop listings) become 〈〉, since Aozora reads 漢字《かな》 as ruby.

Sections (``--section``, default all):

- plain: ``bireader read FILE -t gloss`` with stdout piped (plain text), in a fresh process
  each run: seconds to the first byte and to the end of the output, and the child's peak
  RSS. Targets: first line < 0.5 s, whole text ≤ 4 s.

``build_long_text(path)`` is importable (the interactive reader's bench uses it).
The data folder is ``$BIREADER_ALIGN_DATA``, else ``../shared/data`` beside the repository,
else ``/work/shared/data``.

Usage: python bench/long_text.py [--out FILE] [--runs 3] [--section plain]
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_ENV = "BIREADER_ALIGN_DATA"
DEFAULT_OUT = Path(tempfile.gettempdir()) / "bireader-bench" / "long.ja.txt"
SIZE = 1_000_000
CONDITIONS = ("clean", "merge", "delete", "mixed")
SECTIONS = ("plain",)
BIREADER = [sys.executable, "-m", "bireader"]


def data_dir() -> Path:
    """Where the alignment dev sets are: ``$BIREADER_ALIGN_DATA``, ``../shared/data``, ``/work/shared/data``."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override).expanduser()
    beside = ROOT.parent / "shared" / "data"
    return beside if beside.is_dir() else Path("/work/shared/data")


def _cases(data: Path) -> list[Path]:
    """Every case's ``ja.txt``: all clean cases first, then each other condition in turn."""
    found = sorted(data.glob("align-dev*/cases/*/ja.txt"))
    by_condition = {c: [p for p in found if p.parent.name.endswith("__" + c)] for c in CONDITIONS}
    rest = [p for p in found if not any(p in group for group in by_condition.values())]
    return [p for c in CONDITIONS for p in by_condition[c]] + rest


def build_long_text(path: Path | str = DEFAULT_OUT, *, size: int = SIZE, data: Path | None = None) -> Path:
    """Write the long Aozora-style text to ``path`` (kept when it already exists) and return the path.

    Args:
        path: where to write it.
        size: the least number of UTF-8 bytes it holds.
        data: the folder holding ``align-dev*/`` (default: ``data_dir()``).

    Raises:
        SystemExit: no dev set was found.
    """
    path = Path(path)
    if path.is_file() and path.stat().st_size >= size:
        return path
    cases = _cases(data or data_dir())
    if not cases:
        raise SystemExit(f"no align-dev*/cases/*/ja.txt under {data or data_dir()}; set ${DATA_ENV}")
    parts = ["長文ベンチマーク（bireader）\n"]  # a title line: no sentence ending, so a headline
    written = len(parts[0].encode("utf-8"))
    chapter = 0
    while written < size:
        for case in cases:
            chapter += 1
            lines = [line.strip() for line in case.read_text(encoding="utf-8").splitlines()]
            body = "\n".join(line for line in lines if line).translate({ord("《"): "〈", ord("》"): "〉"})
            title = f"第{chapter}章　{case.parent.name}"
            part = f"［＃大見出し］{title}［＃大見出し終わり］\n{body}\n"
            parts.append(part)
            written += len(part.encode("utf-8"))
            if written >= size:
                break
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text("".join(parts), encoding="utf-8")
    os.replace(tmp, path)
    return path


def _child_env() -> dict:
    env = dict(os.environ, COLUMNS="120")
    env.pop("NO_COLOR", None)
    # Run this checkout's code, not whatever an editable install points at.
    env["PYTHONPATH"] = str(ROOT / "src") + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def _poll_memory(pid: int, stop: threading.Event, peak: dict[str, int]) -> None:
    """Poll /proc for the child's high-water mark (VmHWM: getrusage reports only the largest child
    ever waited for) and its largest anonymous RSS (the heap: what is not MeCab's or the index's
    mapped, shared and reclaimable dictionary files)."""
    status = Path(f"/proc/{pid}/status")
    while not stop.is_set():
        try:
            for line in status.read_text().splitlines():
                name, _, value = line.partition(":")
                if name in ("VmHWM", "RssAnon"):
                    peak[name] = max(peak.get(name, 0), int(value.split()[0]))
        except (OSError, ValueError, IndexError):
            return
        stop.wait(0.05)


def timed_read(args: list[str], out: Path, env: dict) -> tuple[float, float, float, int]:
    """Run ``bireader ARGS``, stdout to ``out`` through a pipe.

    Returns:
        (seconds to the first byte, seconds to the end, peak RSS in MiB, output bytes,
        peak anonymous RSS in MiB).
    """
    start = time.perf_counter()
    proc = subprocess.Popen(BIREADER + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    peak: dict[str, int] = {}
    stop = threading.Event()
    poller = threading.Thread(target=_poll_memory, args=(proc.pid, stop, peak), daemon=True)
    poller.start()
    assert proc.stdout is not None and proc.stderr is not None
    errors: list[bytes] = []
    reader = threading.Thread(target=lambda: errors.append(proc.stderr.read()), daemon=True)
    reader.start()
    first = None
    size = 0
    with open(out, "wb") as sink:
        while True:
            chunk = proc.stdout.read1(1 << 16)
            if not chunk:
                break
            if first is None:
                first = time.perf_counter() - start
            sink.write(chunk)
            size += len(chunk)
    # Peak RSS: the larger of the /proc poll and the child's own rusage (exact, once it is reaped).
    _, status, usage = os.wait4(proc.pid, 0)
    total = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    stop.set()
    poller.join()
    reader.join()
    if proc.returncode != 0:
        raise SystemExit(f"bireader failed ({proc.returncode}): {b''.join(errors).decode(errors='replace')[-2000:]}")
    rss_kib = max(peak.get("VmHWM", 0), usage.ru_maxrss)  # Linux reports ru_maxrss in KiB
    return (first if first is not None else total), total, rss_kib / 1024, size, peak.get("RssAnon", 0) / 1024


def section_plain(text: Path, runs: int, env: dict) -> None:
    """`bireader read FILE -t gloss > out`: first byte, total, peak RSS; best of ``runs``."""
    out = text.with_name(text.stem + ".out.txt")
    results = [timed_read(["read", str(text), "-t", "gloss"], out, env) for _ in range(runs)]
    print(f"\nplain: bireader read {text.name} -t gloss > {out.name}  (best of {runs})")
    print(f"{'':16}{'best':>10}{'runs':>30}")
    rows = (
        ("first byte (s)", 0, "{:.2f}", min),
        ("total (s)", 1, "{:.2f}", min),
        ("peak RSS (MiB)", 2, "{:.0f}", min),
        ("  of it heap", 4, "{:.0f}", min),
    )
    for name, col, fmt, pick in rows:
        best = fmt.format(pick(r[col] for r in results))
        every = ", ".join(fmt.format(r[col]) for r in results)
        print(f"{name:16}{best:>10}{every:>30}")
    print(f"output: {results[0][3]:,} bytes, {sum(1 for _ in open(out, encoding='utf-8')):,} lines")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the long text (built when missing)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--section", choices=("all",) + SECTIONS, default="all")
    args = parser.parse_args()

    text = build_long_text(args.out)
    sys.path.insert(0, str(ROOT / "src"))
    from bireader.document import read_document

    doc = read_document(str(text), lang="ja")
    env = _child_env()
    # The dictionary index must exist first: its one-time build is not what is measured.
    subprocess.run(BIREADER + ["lookup", "核"], env=env, capture_output=True, check=False)

    from importlib.metadata import version

    print(f"python {platform.python_version()}, rich {version('rich')}, fugashi {version('fugashi')}, "
          f"{platform.machine()}, {os.cpu_count()} cpus")
    print(f"text: {text} ({text.stat().st_size:,} bytes, {len(doc.paragraphs):,} paragraphs, "
          f"{len(doc.chapters)} chapters)")
    del doc
    if args.section in ("all", "plain"):
        section_plain(text, args.runs, env)


if __name__ == "__main__":
    main()
