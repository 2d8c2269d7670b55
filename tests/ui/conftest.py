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
def session(session):
    """The root ``session``, with the window's worker stopped before the database closes (on a
    server the test's database is then dropped: no job of this test may still be reading it)."""
    yield session
    _stop_the_worker()


@pytest.fixture
def demo_session(demo_session):
    """The root ``demo_session``, with the window's worker stopped before the database closes."""
    yield demo_session
    _stop_the_worker()


def _stop_the_worker() -> None:
    """pytest-qt has closed the test's windows and asked Qt to delete them; delete them now, so
    no timer of theirs fires later, then let the worker finish what it was given."""
    from PySide6.QtCore import QCoreApplication, QEvent

    from app.ui import executor

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    executor.shut_down()


@pytest.fixture
def world(demo_session):
    """An open session on the demo database."""
    return demo_session


# How long a modal dialog may wait for an answer in a test before it is closed and the test fails.
MODAL_WAIT_MS = 10_000


@pytest.fixture(autouse=True)
def _no_modal_left_waiting(monkeypatch):
    """A message box or dialog that a test did not expect (an error shown to the user, a question
    nobody answers) would wait for a click forever and hang the run: after MODAL_WAIT_MS it is
    closed and the test fails with what it said (its text and details)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialog, QMessageBox

    stuck: list[str] = []

    def guarded(real):
        def exec_(self, *args, **kwargs):
            running = [True]

            def still_waiting():
                if running[0] and self.isVisible():
                    if isinstance(self, QMessageBox):
                        stuck.append(" | ".join(p for p in (self.windowTitle(), self.text(), self.informativeText(),
                                                            self.detailedText()) if p))
                    else:
                        stuck.append(f"{type(self).__name__}: {self.windowTitle()}")
                    self.done(QDialog.DialogCode.Rejected)

            QTimer.singleShot(MODAL_WAIT_MS, self, still_waiting)
            try:
                return real(self, *args, **kwargs)
            finally:
                running[0] = False
        return exec_

    monkeypatch.setattr(QMessageBox, "exec", guarded(QMessageBox.exec))
    monkeypatch.setattr(QDialog, "exec", guarded(QDialog.exec))
    yield
    if stuck:
        pytest.fail("a modal dialog waited for an answer nobody gave: " + " || ".join(stuck), pytrace=False)


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
