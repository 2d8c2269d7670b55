"""Where the window remembers its geometry and last tab (QSettings, an INI file per user).

Only plain values and Qt's own ``saveGeometry`` bytes are stored, never pickled objects.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from app.paths import APP_NAME


def ui_settings() -> QSettings:
    """The per-user settings file (tests point ``IniFormat``/``UserScope`` at a temp folder)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_NAME, APP_NAME)
