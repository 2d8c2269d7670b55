"""Import one roster file in a fresh process and report what happened, how long and how much memory.

``python import_child.py DB FILE COURSE [--skip-errors]`` prints one JSON line: the outcome (``imported``,
``refused`` with a Vietnamese message, or ``crash`` with the exception), the preview's row marks,
the CPU seconds the import took (its own work, whatever else the machine is doing), and the
process's peak memory before and after (ru_maxrss).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

import contextlib

import openpyxl  # noqa: F401 - loaded before the baseline, as in the running program

from app.domain.errors import UserError
from app.services.roster_import import commit_roster, preview_roster
from app.services.session import open_session
from app.store.models import Trainee


def peak_mb() -> float:
    """This process's peak memory (Linux: VmHWM, which ``reset_peak`` can restart; else ru_maxrss)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak() -> None:
    """Start the peak over from the current size (Linux), so the import's own peak is measured."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def main(db_path: str, file: str, course: str, *options: str) -> None:
    result: dict = {}
    with open_session(db_path, backup_on_start=False):
        reset_peak()
        result["baseline_mb"] = peak_mb()
        started = time.process_time()
        try:
            preview = preview_roster(Path(file), course)
            result["rows"] = [[r.row, r.status, r.name[:80], r.reason[:200]] for r in preview.rows[:50]]
            result["row_count"] = len(preview.rows)
            try:
                done = commit_roster(preview, skip_errors="--skip-errors" in options)
                result.update(outcome="imported", created=done.created, enrolled=done.enrolled)
            except UserError as exc:
                result.update(outcome="refused", message=exc.message, stage="commit")
        except UserError as exc:
            result.update(outcome="refused", message=exc.message, stage="preview")
        except Exception as exc:
            result.update(outcome="crash", message=f"{type(exc).__name__}: {exc}"[:500])
        result["seconds"] = time.process_time() - started
        result["peak_mb"] = peak_mb()
        result["names"] = [t.full_name[:80] for t in Trainee.select().order_by(Trainee.id.desc()).limit(10)]
    print(json.dumps(result, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
