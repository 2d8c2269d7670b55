"""The province archive, built once through the command line and cached under ``bench/out/``.

The file name carries the archive's version and the schema version, so a change to either
builds a new one; older files are removed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from app.demo.province import VERSION
from app.store.migrations import SCHEMA_VERSION
from bench.common import OUT

ROOT = Path(__file__).resolve().parents[1]


def archive_dir() -> Path:
    return OUT / f"province-v{VERSION}-s{SCHEMA_VERSION}"


def archive_path() -> Path:
    return archive_dir() / "boiduong.sqlite3"


def child_env() -> dict[str, str]:
    """Environment of the bench's child processes: offscreen Qt, user folders inside bench/out."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["BOIDUONG_DATA_DIR"] = str(OUT / "userdata")
    env["XDG_CONFIG_HOME"] = str(OUT / "config")
    env["PYTHONPATH"] = str(ROOT)
    return env


def ensure_archive() -> tuple[Path, float | None]:
    """The archive's path, and the seconds it took to build when it was built now."""
    path = archive_path()
    if path.exists():
        return path, None
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("province-v*"):
        shutil.rmtree(old, ignore_errors=True)
    target = archive_dir()
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    print(f"building the province archive in {target} (once) …", flush=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "app", "--db", str(partial / path.name), "demo",
                    "--scale", "province"], check=True, env=child_env(), cwd=ROOT)
    elapsed = time.perf_counter() - started
    partial.rename(target)
    (target / "built-seconds.txt").write_text(f"{elapsed:.1f}\n", encoding="utf-8")
    return path, elapsed


def build_seconds() -> float | None:
    note = archive_dir() / "built-seconds.txt"
    try:
        return float(note.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
