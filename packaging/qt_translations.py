"""Compile the program's Qt translations: ``resources/translations/*.ts`` -> ``.qm`` with PySide6's lrelease.

    .venv/bin/python packaging/qt_translations.py           # write the .qm files beside the .ts
    .venv/bin/python packaging/qt_translations.py --check   # exit 1 when a .qm is missing or stale

PySide6 ships no Vietnamese Qt translation, so the program ships its own for the texts Qt itself
shows (message-box and button-box buttons, the file and print dialogs, edit menus). The ``.ts`` is
the source, edited by hand (or in Qt Linguist); the ``.qm`` is committed beside it so that editable
installs, the wheel (``setup.py`` package data) and the Windows build (``packaging/windows/build.py``
runs this script before building the wheel) carry it; ``tests/unit/test_qt_translations.py`` fails
when the committed ``.qm`` is not what lrelease makes of the ``.ts``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "resources" / "translations"


def lrelease() -> list[str]:
    """The command that runs PySide6's lrelease (the binary inside the PySide6 wheel)."""
    try:
        import PySide6
    except ImportError as exc:  # pragma: no cover - the build and the tests both have PySide6
        raise SystemExit("PySide6 is needed to compile the Qt translations (pip install PySide6)") from exc
    folder = Path(PySide6.__file__).parent
    for name in ("lrelease", "lrelease.exe"):
        if (folder / name).is_file():
            return [str(folder / name)]
    found = shutil.which("pyside6-lrelease")
    if found:
        return [found]
    raise SystemExit(f"lrelease not found in {folder}")


def compile_ts(ts: Path, qm: Path) -> bytes:
    """Compile ``ts`` into ``qm`` (written atomically); the bytes written."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / qm.name
        subprocess.run([*lrelease(), "-silent", str(ts), "-qm", str(out)], check=True, stdin=subprocess.DEVNULL)
        data = out.read_bytes()
    partial = qm.with_name(f".{qm.name}.tmp")
    partial.write_bytes(data)
    os.replace(partial, qm)
    return data


def compiled(ts: Path) -> bytes:
    """What lrelease makes of ``ts`` (nothing written beside it)."""
    with tempfile.TemporaryDirectory() as tmp:
        return compile_ts(ts, Path(tmp) / ts.with_suffix(".qm").name)


def stale(folder: Path = TRANSLATIONS) -> list[Path]:
    """The ``.qm`` files that are missing or differ from what their ``.ts`` compiles to."""
    found = []
    for ts in sorted(folder.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if not qm.is_file() or qm.read_bytes() != compiled(ts):
            found.append(qm)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that every .qm matches its .ts")
    args = parser.parse_args(argv)
    if args.check:
        bad = stale()
        for qm in bad:
            print(f"{qm.relative_to(ROOT)} is missing or stale: run packaging/qt_translations.py", file=sys.stderr)
        return 1 if bad else 0
    for ts in sorted(TRANSLATIONS.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        compile_ts(ts, qm)
        print(qm.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
