"""Qt helpers of the bench: one offscreen application, and waiting for a widget's first paint."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QWidget

_app: QApplication | None = None
_previous_handler = None


def _quiet(mode, context, message: str) -> None:
    # The offscreen platform says this for every top-level window shown: noise in the bench output.
    if "propagateSizeHints" in message:
        return
    if _previous_handler is not None:
        _previous_handler(mode, context, message)
    else:
        print(message, file=sys.stderr)


def application() -> QApplication:
    """The bench's QApplication, set up as the program sets up its own (style, fonts)."""
    global _app, _previous_handler
    if _app is None:
        from app.ui.app import make_application

        _previous_handler = qInstallMessageHandler(_quiet)

        _app = make_application(["bench"])
    return _app


class _PaintWatch(QObject):
    def __init__(self, target: QWidget, loop: QEventLoop) -> None:
        super().__init__()
        self.target, self.loop, self.painted = target, loop, False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.target and event.type() == QEvent.Type.Paint and not self.painted:
            self.painted = True
            # Quit once this paint has been handled, so its cost is in the measure.
            QTimer.singleShot(0, self.loop.quit)
        return False


def show_and_wait_paint(window: QWidget, painted: QWidget, timeout_ms: int = 10_000) -> bool:
    """Show ``window`` and return once ``painted`` (a widget inside it) has painted once."""
    loop = QEventLoop()
    watch = _PaintWatch(painted, loop)
    painted.installEventFilter(watch)
    QTimer.singleShot(timeout_ms, loop.quit)
    window.show()
    if not watch.painted:
        loop.exec()
    painted.removeEventFilter(watch)
    return watch.painted


def dispose(widget: QWidget) -> None:
    widget.close()
    widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()
