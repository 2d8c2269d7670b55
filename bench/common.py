"""Timing helpers: the app path and its bare baseline, interleaved, as medians of several runs.

Timings on a shared 2-core machine are noisy, so a target is a ratio of two medians measured
in the same run, app and bare taking turns (A B A B …) so that both see the same noise.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


@dataclass
class Result:
    """One line of the bench: medians in ms, the ratio, and whether the targets hold."""

    name: str
    app_ms: float
    bare_ms: float | None = None
    max_ratio: float | None = None
    max_ms: float | None = None
    note: str = ""
    extra: str = ""

    @property
    def ratio(self) -> float | None:
        if self.bare_ms is None:
            return None
        return self.app_ms / self.bare_ms if self.bare_ms > 0 else float("inf")

    def failures(self) -> list[str]:
        out = []
        if self.max_ratio is not None and self.ratio is not None and self.ratio > self.max_ratio:
            out.append(f"{self.name}: ratio {self.ratio:.2f} > {self.max_ratio:g}")
        if self.max_ms is not None and self.app_ms > self.max_ms:
            out.append(f"{self.name}: {self.app_ms:.1f} ms > {self.max_ms:g} ms")
        return out

    def line(self) -> str:
        if self.bare_ms is None:
            text = f"{self.name}: app {self.app_ms:.1f} ms"
        else:
            text = (f"{self.name}: app {self.app_ms:.1f} ms, bare {self.bare_ms:.1f} ms, "
                    f"ratio {self.ratio:.2f}")
        targets = []
        if self.max_ratio is not None:
            targets.append(f"ratio ≤ {self.max_ratio:g}")
        if self.max_ms is not None:
            targets.append(f"≤ {self.max_ms:g} ms")
        if targets:
            text += f"  (target {', '.join(targets)})"
        if self.extra:
            text += f"; {self.extra}"
        if self.note:
            text += f"  [{self.note}]"
        return text


def timed(fn: Callable[[], object]) -> float:
    """Milliseconds one call of ``fn`` takes (garbage collection settled first)."""
    gc.collect()
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def compare(app: Callable[[], object], bare: Callable[[], object], *, runs: int,
            warmup: int = 1) -> tuple[float, float]:
    """Medians (ms) of ``app`` and ``bare`` run in turns, after ``warmup`` untimed turns."""
    for _ in range(warmup):
        app()
        bare()
    app_times, bare_times = [], []
    for i in range(runs):
        # Alternate who goes first, so neither always runs on a warmer cache.
        if i % 2:
            bare_times.append(timed(bare))
            app_times.append(timed(app))
        else:
            app_times.append(timed(app))
            bare_times.append(timed(bare))
    return statistics.median(app_times), statistics.median(bare_times)


def median_of(fn: Callable[[], float], runs: int) -> float:
    return statistics.median(fn() for _ in range(runs))


# The bare baselines' fonts: the same TrueType files as the program's, under names of their own.
BARE_FACES = {"BareSerif": "LiberationSerif-Regular.ttf", "BareSerif-Bold": "LiberationSerif-Bold.ttf",
              "BareSerif-Italic": "LiberationSerif-Italic.ttf"}


def register_bare_fonts() -> None:
    """Register :data:`BARE_FACES` with reportlab (once)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from app.paths import resources_dir

    for name, file in BARE_FACES.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(resources_dir() / "fonts" / file)))
