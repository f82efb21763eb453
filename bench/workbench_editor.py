"""Time the alignment editor on a 2,000-bead pair opened from a saved alignment.

Usage:
    python bench/workbench_editor.py [--units 2000] [--repeat 5] [--level paragraph]

Builds a pair from the align-dev sets (mixed condition, whole cases, one paragraph a
line) in a temporary BIREADER_HOME, aligns it once (embeddings off) and saves the
alignment, then measures, best of ``--repeat``:

- load: reading both files and finding the saved alignment (what ``align -i`` does
  before the screen opens; the document loader's sentence splitting is most of it);
- first screen: from creating the app to the first frame written by the terminal
  driver (headless, 120x40), the editor's own start;
- keys: for each key, from the key event to the next frame written, i.e. the edit
  plus the repaint. Pilot's own ``press`` waits for CPU idle and is not used as the clock.
- the whole command in a pseudo-terminal: ``bireader align JA EN -i`` from exec to the
  first screen showing the status line (includes Python start-up and the imports).

Prints the figures and library versions; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

# The shared dev sets sit beside the checkout (/work/main → /work/shared; a worktree is one level deeper).
DATA = next(
    (p / "shared" / "data" for p in Path(__file__).resolve().parents if (p / "shared" / "data" / "align-dev").is_dir()),
    Path("/work/shared/data"),
)
KEYS = ["j", "k", "n", "N", "m", "u", "c", "u", "tab", ">", "u", "<", "u", "G", "g", "pagedown", "pageup"]


def build_pair(folder: Path, units: int) -> tuple[Path, Path]:
    ja: list[str] = []
    en: list[str] = []
    for name in ("align-dev-jaen", "align-dev"):
        for case in sorted((DATA / name / "cases").glob("*__mixed")):
            ja += [line for line in (case / "ja.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
            en += [line for line in (case / "en.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
            if len(ja) >= units:
                break
        if len(ja) >= units:
            break
    ja_path, en_path = folder / "bench.ja.txt", folder / "bench.en.txt"
    ja_path.write_text("\n".join(ja) + "\n", encoding="utf-8")
    en_path.write_text("\n".join(en) + "\n", encoding="utf-8")
    return ja_path, en_path


def load(ja_path: Path, en_path: Path, level: str):
    from bireader.alignments import resolve_beads
    from bireader.document import read_document

    ja = read_document(ja_path, lang="ja")
    en = read_document(en_path, lang="en")
    return ja, en, resolve_beads(ja, en, level, "off")


class FrameClock:
    """Records when the app hands a composed frame to the terminal (``App._display``; in headless
    mode nothing is written, but the frame has been composed by then)."""

    def __init__(self, app) -> None:
        self.frames: list[float] = []
        original = app._display

        def display(screen, renderable) -> None:
            # Only frames of the editor with its rows count (not the blank default screen before it).
            if renderable is not None and getattr(screen, "history", None) is not None and screen.bead_list.beads:
                self.frames.append(time.perf_counter())
            original(screen, renderable)

        app._display = display

    def first_after(self, t: float) -> float | None:
        return next((f for f in self.frames if f >= t), None)


async def one_session(units_ja, units_en, beads) -> tuple[float, dict[str, float]]:
    from bireader.tui.align_editor.app import AlignEditorApp

    t0 = time.perf_counter()
    app = AlignEditorApp(units_ja, units_en, beads, save=lambda b: None)
    clock = FrameClock(app)
    keys: dict[str, float] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # The first frame that shows the rows: the list has beads by the time the screen is mounted.
        first = next(f for f in clock.frames) - t0
        for key in KEYS:
            await pilot.pause()
            clock.frames.clear()
            t = time.perf_counter()
            await pilot.press(key)
            await pilot.pause(0.05)
            frame = clock.first_after(t)
            keys[key] = ((frame or time.perf_counter()) - t) * 1000
    return first, keys


def command_first_screen(ja_path: Path, en_path: Path, home: str) -> float:
    """Seconds from exec to the first screen of ``bireader align JA EN -i`` in a pseudo-terminal."""
    import pty
    import select
    import signal

    env = dict(os.environ, BIREADER_HOME=home, COLUMNS="120", LINES="40", TERM="xterm-256color")
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.execvpe(sys.executable, [sys.executable, "-m", "bireader", "align", str(ja_path), str(en_path), "-i", "--embeddings", "off"], env)
    seen = b""
    elapsed = float("nan")
    deadline = t0 + 60
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            if b"doubtful (<" in seen:  # the status line is drawn with the rows
                elapsed = time.perf_counter() - t0
                break
    os.write(fd, b"q")
    time.sleep(0.5)
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--level", default="paragraph", choices=("paragraph", "sentence"))
    args = parser.parse_args()

    home = tempfile.mkdtemp(prefix="bireader-bench-")
    os.environ["BIREADER_HOME"] = home
    ja_path, en_path = build_pair(Path(home), args.units)
    from bireader.alignments import open_alignments, unit_texts

    ja, en, resolved = load(ja_path, en_path, args.level)
    with open_alignments() as store:
        store.save(resolved.alignment)
    loads = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        ja, en, resolved = load(ja_path, en_path, args.level)
        loads.append(time.perf_counter() - t)
    assert resolved.how == "saved"
    beads = resolved.beads
    units_ja, units_en = unit_texts(ja, args.level), unit_texts(en, args.level)

    asyncio.run(one_session(units_ja, units_en, beads))  # warm-up (imports, caches)
    firsts = []
    per_key: dict[str, list[float]] = {k: [] for k in KEYS}
    for _ in range(args.repeat):
        first, keys = asyncio.run(one_session(units_ja, units_en, beads))
        firsts.append(first)
        for k, ms in keys.items():
            per_key[k].append(ms)
    commands = [command_first_screen(ja_path, en_path, home) for _ in range(max(2, args.repeat // 2))]

    from importlib.metadata import version

    import textual

    print(f"pair: {len(units_ja)} ja / {len(units_en)} en {args.level} units, {len(beads)} beads (saved alignment)")
    print(f"load (read both files + find the saved alignment): best {min(loads):.3f} s")
    print(f"editor first screen (app start to first frame, 120x40): best {min(firsts):.3f} s, median {statistics.median(firsts):.3f} s")
    worst = 0.0
    for key, values in per_key.items():
        best = min(values)
        worst = max(worst, best)
        print(f"  key {key!r:12} best {best:6.1f} ms  median {statistics.median(values):6.1f} ms")
    print(f"slowest key (best of {args.repeat}): {worst:.1f} ms")
    print(f"whole command `align JA EN -i` to first screen (pty): best {min(commands):.3f} s")
    print(f"python {platform.python_version()}, textual {textual.__version__}, rich {version('rich')}, {platform.machine()}, {os.cpu_count()} cpus")


if __name__ == "__main__":
    main()
