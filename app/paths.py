"""Where things live: shipped resources, and the user's data folder (overridable by --db and tests)."""

from __future__ import annotations

import os
import sys
from importlib import resources
from pathlib import Path

APP_NAME = "boiduong"
DB_FILENAME = "boiduong.sqlite3"


def resources_dir() -> Path:
    """The shipped fonts and catalogues.

    Installed (a wheel, the Windows portable build): the package data of ``app.resources``,
    found through ``importlib.resources``. In a source checkout (an editable install, or
    ``python main.py``) that package is the repository's top-level ``resources/`` folder, which
    setup.py maps to ``app.resources`` when it builds the wheel.
    """
    base = getattr(sys, "_MEIPASS", None)
    if base:  # pragma: no cover - a frozen bundle
        return Path(base) / "resources"
    try:
        packaged = resources.files("app.resources")
    except ModuleNotFoundError:  # a source checkout: app/resources does not exist there
        packaged = None
    if isinstance(packaged, Path) and (packaged / "data").is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "resources"


def data_file(name: str) -> Path:
    return resources_dir() / "data" / name


def user_data_dir() -> Path:
    """The user's data folder: ``$BOIDUONG_DATA_DIR`` if set, else Qt's AppDataLocation."""
    override = os.environ.get("BOIDUONG_DATA_DIR")
    if override:
        return Path(override)
    try:
        from PySide6.QtCore import QCoreApplication, QStandardPaths

        if not QCoreApplication.applicationName():
            QCoreApplication.setApplicationName(APP_NAME)
            QCoreApplication.setOrganizationName(APP_NAME)
        location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        if location:
            return Path(location)
    except ImportError:  # pragma: no cover - PySide6 is a hard dependency
        pass
    return Path.home() / f".{APP_NAME}"


def default_db_path() -> Path:
    return user_data_dir() / DB_FILENAME


def log_dir(db_path: Path) -> Path:
    """Crash logs go beside the database, in ``logs/``."""
    return db_path.parent / "logs"
