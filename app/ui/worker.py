"""Run a long job off the GUI thread while the window keeps painting.

A progress dialog appears only if the job takes longer than :data:`SHOW_AFTER_MS`, so quick
jobs never flash a dialog. The job's result is returned, or its exception re-raised, in the
GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

# peewee keeps one connection per thread; the worker's own must be closed when it ends.
from app.store import db as store_db

SHOW_AFTER_MS = 500
T = TypeVar("T")


class _Signals(QObject):
    done = Signal()
    progressed = Signal(int, int)


def run_in_background(parent: QWidget | None, label: str, job: Callable[..., T], *args: Any,
                      with_progress: bool = False, **kwargs: Any) -> T:
    """Run ``job(*args, **kwargs)`` on a worker thread; wait without freezing the window.

    With ``with_progress`` the job gets a ``progress(done, total)`` keyword argument that moves
    the dialog's bar; otherwise the bar just shows that work is going on.
    """
    outcome: dict[str, Any] = {}
    signals = _Signals()
    loop = QEventLoop()
    signals.done.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    if with_progress:
        kwargs["progress"] = signals.progressed.emit

    def target() -> None:
        try:
            outcome["value"] = job(*args, **kwargs)
        except BaseException as exc:  # re-raised in the GUI thread below
            outcome["error"] = exc
        finally:
            store_db.close()
            signals.done.emit()

    dialog = QProgressDialog(label, "", 0, 0, parent)
    dialog.setWindowTitle("Đang xử lý")
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    signals.progressed.connect(lambda done, total: _advance(dialog, done, total),
                               Qt.ConnectionType.QueuedConnection)
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    thread = threading.Thread(target=target, name="boiduong-worker", daemon=True)
    try:
        thread.start()
        loop.exec()
        thread.join()
    finally:
        signals.progressed.disconnect()
        QApplication.restoreOverrideCursor()
        dialog.reset()
        dialog.close()
        dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _advance(dialog: QProgressDialog, done: int, total: int) -> None:
    if total > 0:
        dialog.setMaximum(total)
        dialog.setValue(min(done, total))
