"""Program start to main window shown, on the province archive; and the peak memory by then.

app:  a new process running ``boiduong --db ARCHIVE`` (lock, integrity check, the four tabs),
      timed from its start until the main window has painted its first frame.
bare: a new process showing a QMainWindow with four empty table tabs, timed the same way.
Peak memory is the app process's ``ru_maxrss`` at that moment.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.archive import ROOT, child_env
from bench.common import Result

MAX_MB = 250


def start(*args: str) -> tuple[float, int, str]:
    """Milliseconds from spawning the child to its READY line, its peak memory in KB, and which of
    reportlab and openpyxl it had imported by then ("-": neither)."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "bench.startup_child", *args], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=child_env(), cwd=ROOT)
    assert child.stdout is not None
    for line in child.stdout:
        if line.startswith("READY"):
            elapsed = (time.perf_counter() - started) * 1000
            _, peak, heavy = line.split()
            break
    else:
        child.wait()
        raise RuntimeError(f"{args[0]} start failed:\n{child.stderr.read() if child.stderr else ''}")
    child.communicate(timeout=60)
    return elapsed, int(peak), heavy


def run(path: Path, runs: int = 5) -> tuple[Result, Result]:
    start("bare")  # warm the OS file cache for both
    start("app", str(path))
    app_times, bare_times, peaks, heavy = [], [], [], set()
    for i in range(runs):
        order = (("app", str(path)), ("bare",)) if i % 2 == 0 else (("bare",), ("app", str(path)))
        for args in order:
            ms, peak, imported = start(*args)
            (app_times if args[0] == "app" else bare_times).append(ms)
            if args[0] == "app":
                peaks.append(peak)
                heavy.add(imported)
    startup = Result("program start to main window", statistics.median(app_times),
                     statistics.median(bare_times), max_ratio=5)
    memory = MemoryResult("peak memory at start", max(peaks) / 1024)
    memory.extra = ("reportlab, openpyxl not imported" if heavy == {"-"}
                    else f"imported at start: {', '.join(sorted(heavy - {'-'}))}")
    return startup, memory


class MemoryResult(Result):
    """``app_ms`` holds megabytes here."""

    def line(self) -> str:
        return f"{self.name}: app {self.app_ms:.0f} MB  (target ≤ {MAX_MB} MB); {self.extra}"

    def failures(self) -> list[str]:
        return [f"{self.name}: {self.app_ms:.0f} MB > {MAX_MB} MB"] if self.app_ms > MAX_MB else []
