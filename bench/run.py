"""Run every benchmark of issue 7 on the province archive and say which targets hold.

    .venv/bin/python -m bench            # all of them (about two minutes once the archive exists)
    .venv/bin/python -m bench search tab # only some: search tab report certificates tables
                                         #   startup feedback class roster

Each line reads ``NAME: app X ms, bare Y ms, ratio Z`` (medians of several runs, app and bare
taking turns), and the last line is ``all within targets`` or the list of what is not.
"""

from __future__ import annotations

import os
import platform
import shutil
import sys
import time
from pathlib import Path

from bench.common import OUT, Result

BENCHES = ("search", "tab", "report", "certificates", "tables", "startup", "feedback", "class", "roster", "export")


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "?"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        ram = f"{kb / 1024 / 1024:.0f} GB"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{os.cpu_count()} cores ({cpu}), {ram} RAM, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def load() -> str:
    try:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "?"


def _scratch_copy(path: Path) -> Path:
    """A private copy of the archive for the benchmarks that write."""
    folder = OUT / "scratch"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    target = folder / path.name
    shutil.copyfile(path, target)
    return target


def _largest_class() -> str:
    """The code of the archive's largest class (its 1,500-trainee QPAN4 class)."""
    from app.store import db

    return db.database.execute_sql(
        "SELECT c.code FROM course c JOIN enrollment e ON e.course_id = c.id "
        "GROUP BY c.id ORDER BY COUNT(*) DESC, c.code LIMIT 1").fetchone()[0]


def main(argv: list[str] | None = None) -> int:
    wanted = [a for a in (argv if argv is not None else sys.argv[1:])]
    unknown = [a for a in wanted if a not in BENCHES]
    if unknown:
        print(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHES)}")
        return 2
    wanted = wanted or list(BENCHES)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ.setdefault("BOIDUONG_DATA_DIR", str(OUT / "userdata"))
    os.environ.setdefault("XDG_CONFIG_HOME", str(OUT / "config"))

    from bench.archive import build_seconds, ensure_archive

    path, built = ensure_archive()
    seconds = built if built is not None else build_seconds()
    print(f"machine: {machine()}")
    print(f"load average at start: {load()}")
    results: list[Result] = []
    if seconds is not None:
        results.append(Result("build the province archive (demo --scale province)", seconds * 1000,
                              max_ms=60_000, extra="cached" if built is None else "built now"))
        print(results[-1].line(), flush=True)

    from app.store import db

    def report(*found: Result) -> None:
        for result in found:
            results.append(result)
            print(result.line(), flush=True)

    started = time.perf_counter()
    db.bind(path)
    big_class = _largest_class()
    try:
        if "search" in wanted:
            from bench import search
            report(search.run(path), search.typing())
        if "tab" in wanted:
            from bench import trainee_tab
            report(trainee_tab.run(path), trainee_tab.typing(path))
        if "report" in wanted:
            from bench import report as results_report
            report(results_report.run(path))
        if "certificates" in wanted:
            from bench import certificates
            report(certificates.run(path, big_class))
        if "tables" in wanted:
            from bench import tables
            report(*tables.run(path, big_class))
        if "class" in wanted:
            from bench import class_window
            report(class_window.run(big_class))
        if "export" in wanted:
            from bench import list_export
            report(list_export.run())
    finally:
        db.close()
    if "startup" in wanted:
        from bench import startup
        report(*startup.run(path))
    if "roster" in wanted:
        from bench import roster_read
        report(*roster_read.run())
    if "feedback" in wanted:
        scratch = _scratch_copy(path)
        db.bind(scratch)
        try:
            from bench import feedback_keys
            report(feedback_keys.run(big_class))
        finally:
            db.close()
            shutil.rmtree(scratch.parent, ignore_errors=True)
    print(f"load average at end: {load()}; {time.perf_counter() - started:.0f} s of measuring")
    failures = [f for r in results for f in r.failures()]
    print("all within targets" if not failures else "not within targets: " + "; ".join(failures),
          flush=True)
    sys.stdout.flush()
    sys.stderr.flush()
    # Leave without tearing down Qt objects at interpreter exit (PySide can crash there); every
    # result is printed already.
    os._exit(1 if failures else 0)
