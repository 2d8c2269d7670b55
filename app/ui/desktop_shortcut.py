"""A shortcut to the program on the user's desktop (Trợ giúp › Tạo lối tắt trên màn hình).

Windows: a ``.lnk`` made by Windows' own shell object (``WScript.Shell`` through PowerShell, run
without a console window), pointing at ``Bồi dưỡng.exe`` of the portable build (or at pythonw
for a pip-installed program). Where PowerShell is missing or refuses, an Internet shortcut
(``.url`` to the same file) is written instead, which Windows also opens with a double-click.
Linux: a ``.desktop`` file. Paths go to PowerShell through environment variables, never through
its command line, so Vietnamese letters, spaces and quotes in them need no quoting.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SHORTCUT_NAME = "Bồi dưỡng"
LAUNCHER_NAME = "Bồi dưỡng.exe"
CREATE_NO_WINDOW = 0x08000000  # subprocess.CREATE_NO_WINDOW, also known off Windows

_POWERSHELL = (
    "$s = (New-Object -ComObject WScript.Shell).CreateShortcut($env:BOIDUONG_LNK); "
    "$s.TargetPath = $env:BOIDUONG_TARGET; $s.Arguments = $env:BOIDUONG_ARGS; "
    "$s.WorkingDirectory = $env:BOIDUONG_WORKDIR; $s.IconLocation = $env:BOIDUONG_ICON; "
    "$s.Description = $env:BOIDUONG_DESCRIPTION; $s.Save()"
)


@dataclass(frozen=True)
class Target:
    """What the shortcut starts: a program, its arguments, the folder it starts in."""

    program: Path
    arguments: str
    folder: Path


def program_target(executable: str | None = None) -> Target:
    """The portable build's ``Bồi dưỡng.exe`` beside ``runtime\\``, else the window through this Python."""
    python = Path(executable or sys.executable)
    launcher = python.parent.parent / LAUNCHER_NAME  # <build>\runtime\pythonw.exe -> <build>\Bồi dưỡng.exe
    if launcher.is_file():
        return Target(launcher, "", launcher.parent)
    if python.name.lower() == "python.exe" and python.with_name("pythonw.exe").is_file():
        python = python.with_name("pythonw.exe")  # no console window behind the program
    return Target(python, "-m app", Path.home())


def desktop_dir() -> Path:
    from PySide6.QtCore import QStandardPaths

    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DesktopLocation)
    return Path(location) if location else Path.home() / "Desktop"


Runner = Callable[..., subprocess.CompletedProcess]


def create_shortcut(desktop: Path | None = None, *, target: Target | None = None, platform: str | None = None,
                    run: Runner = subprocess.run) -> Path:
    """Make (or renew) the shortcut; return its path. Raises OSError when nothing could be written."""
    desktop = Path(desktop) if desktop is not None else desktop_dir()
    target = target or program_target()
    platform = platform or sys.platform
    desktop.mkdir(parents=True, exist_ok=True)
    if platform == "win32":
        return _windows_shortcut(desktop, target, run)
    return _desktop_entry(desktop, target)


def _windows_shortcut(desktop: Path, target: Target, run: Runner) -> Path:
    link = desktop / f"{SHORTCUT_NAME}.lnk"
    env = {**os.environ, "BOIDUONG_LNK": str(link), "BOIDUONG_TARGET": str(target.program),
           "BOIDUONG_ARGS": target.arguments, "BOIDUONG_WORKDIR": str(target.folder),
           "BOIDUONG_ICON": f"{target.program},0", "BOIDUONG_DESCRIPTION": "Quản lý bồi dưỡng chính trị"}
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        run(["powershell.exe", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-Command",
             _POWERSHELL], env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=60,
            creationflags=CREATE_NO_WINDOW, check=True)
    if link.is_file() and link.stat().st_size > 0:
        return link
    # No PowerShell (or it refused): an Internet shortcut to the same file. Windows reads it as
    # an INI file: UTF-16 with its byte-order mark carries the Vietnamese letters of the icon path.
    if not target.arguments:
        url = desktop / f"{SHORTCUT_NAME}.url"
        url.write_text(f"[InternetShortcut]\r\nURL={target.program.as_uri()}\r\nIconFile={target.program}\r\n"
                       "IconIndex=0\r\n", encoding="utf-16", newline="")  # the \r\n as written
        return url
    # A .url carries no arguments (a pip-installed program): a small batch file, in UTF-8.
    bat = desktop / f"{SHORTCUT_NAME}.bat"
    bat.write_text(f'@chcp 65001 >nul\r\n@start "" "{target.program}" {target.arguments}\r\n', encoding="utf-8",
                   newline="")
    return bat


def _desktop_entry(desktop: Path, target: Target) -> Path:
    entry = desktop / "boiduong.desktop"
    command = f'"{target.program}" {target.arguments}'.strip()
    script = target.program.with_name("boiduong")
    if target.arguments == "-m app" and script.is_file():
        command = f'"{script}"'
    entry.write_text(
        "[Desktop Entry]\nType=Application\nName=Bồi dưỡng\nComment=Quản lý bồi dưỡng chính trị\n"
        f"Exec={command}\nPath={target.folder}\nTerminal=false\nCategories=Office;\n",
        encoding="utf-8")
    entry.chmod(0o755)
    return entry
