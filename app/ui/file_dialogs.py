"""Where the window's file dialogs open: the last folder the user chose (remembered per user in
QSettings), else Documents, never the program's folder; and a backup to a file opens on a USB
stick when one is plugged in.

Every open/save dialog of the window goes through :func:`open_file_name` / :func:`save_file_name`.
"""

from __future__ import annotations

import getpass
import os
import string
import sys
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from app.ui.settings_store import ui_settings

LAST_FOLDER_KEY = "files/last_folder"
DRIVE_REMOVABLE = 2  # GetDriveTypeW's answer for a USB stick or a memory card


def documents_folder() -> Path:
    """The user's Documents folder (the home folder when the system names none)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location else Path.home()


def last_folder() -> Path:
    """The folder of the last file chosen in any of the window's dialogs, if it still exists;
    else Documents."""
    remembered = ui_settings().value(LAST_FOLDER_KEY, "")
    if remembered and Path(str(remembered)).is_dir():
        return Path(str(remembered))
    return documents_folder()


def remember(chosen: str | Path) -> None:
    """Remember the folder of a file the user chose (or the folder itself)."""
    path = Path(chosen)
    folder = path if path.is_dir() else path.parent
    store = ui_settings()
    store.setValue(LAST_FOLDER_KEY, str(folder))
    store.sync()


def removable_drives(*, media_roots: list[Path] | None = None) -> list[Path]:
    """Mounted removable drives (USB sticks, memory cards), in drive-letter or name order.

    Windows: every drive letter whose ``GetDriveTypeW`` is ``DRIVE_REMOVABLE``. Linux: the folders
    under ``/media/$USER`` and ``/run/media/$USER`` (where desktops mount them); ``media_roots``
    replaces those two in tests.
    """
    if sys.platform == "win32" and media_roots is None:  # pragma: no cover - exercised on Windows
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        mask = kernel32.GetLogicalDrives()
        drives = []
        for i, letter in enumerate(string.ascii_uppercase):
            root = f"{letter}:\\"
            if mask & (1 << i) and kernel32.GetDriveTypeW(root) == DRIVE_REMOVABLE:
                drives.append(Path(root))
        return drives
    if media_roots is None:
        try:
            user = getpass.getuser()
        except (OSError, KeyError, ImportError):
            user = os.environ.get("USER", "")
        media_roots = [Path("/media") / user, Path("/run/media") / user] if user else []
    found: list[Path] = []
    for root in media_roots:
        try:
            found.extend(sorted(p for p in root.iterdir() if p.is_dir() and os.access(p, os.W_OK)))
        except OSError:
            continue
    return found


def backup_folder() -> Path:
    """Where "Sao lưu ra tệp…" opens: a removable drive when one is present, else Documents."""
    drives = removable_drives()
    return drives[0] if drives else documents_folder()


def open_file_name(parent: QWidget | None, caption: str, file_filter: str, *,
                   folder: Path | None = None) -> Path | None:
    """An open dialog in ``folder`` (default: the last folder used); the chosen file, remembered."""
    chosen, _ = QFileDialog.getOpenFileName(parent, caption, str(folder or last_folder()), file_filter)
    if not chosen:
        return None
    remember(chosen)
    return Path(chosen)


def save_file_name(parent: QWidget | None, caption: str, name: str, file_filter: str, *,
                   folder: Path | None = None) -> Path | None:
    """A save dialog proposing ``name`` in ``folder`` (default: the last folder used); the chosen
    path, its folder remembered."""
    chosen, _ = QFileDialog.getSaveFileName(parent, caption, str((folder or last_folder()) / name), file_filter)
    if not chosen:
        return None
    remember(chosen)
    return Path(chosen)
