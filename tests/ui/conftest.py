"""GUI test fixtures: QSettings in a temporary folder, and a main window on a database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture(autouse=True)
def _qsettings_in_tmp(tmp_path):
    """Window geometry and the last tab go to a per-test INI file, never the user's."""
    folder = tmp_path / "qsettings"
    folder.mkdir()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    yield folder


@pytest.fixture
def world(demo_session):
    """An open session on the demo database."""
    return demo_session


@pytest.fixture(autouse=True)
def _one_executor_per_test():
    """Each test's jobs end with it: the application executor is shut down (its running job
    waited for) after every test."""
    yield
    from app.ui import executor

    executor.shut_down()


@pytest.fixture(autouse=True)
def _record_windows_closed():
    """Class and instructor windows are top-level (no parent): those a test left open close with it."""
    yield
    from app.ui import windows

    windows.close_all()
