"""Unexpected exceptions: logged with their traceback beside the database, shown, survived.

:func:`write_crash_log` has no Qt in it; :class:`CrashHandler` is the ``sys.excepthook`` that
``run_gui`` installs. An expected :class:`UserError` that reaches the hook is shown as the
friendly message it is, not as a crash.
"""

from __future__ import annotations

import datetime as dt
import platform
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from app import __version__
from app.domain.errors import UserError

CRASH_LOG = "crash.log"

CRASH_TEXT = ("Đã xảy ra lỗi không mong muốn. Chương trình vẫn tiếp tục chạy; "
              "dữ liệu đã lưu trước đó không bị ảnh hưởng.")


def write_crash_log(directory: Path, exc_type: type[BaseException], exc: BaseException,
                    tb: TracebackType | None, *, now: dt.datetime | None = None) -> Path:
    """Append a timestamped traceback to ``directory/crash.log`` and return the file's path."""
    now = now or dt.datetime.now()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / CRASH_LOG
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    header = (f"=== {now:%Y-%m-%d %H:%M:%S} boiduong {__version__} "
              f"(Python {platform.python_version()}, {platform.platform()}) ===")
    with path.open("a", encoding="utf-8") as fh:
        fh.write(f"{header}\n{text}\n")
    return path


ShowCrash = Callable[[str, Path | None], None]
ShowUserError = Callable[[UserError], None]


class CrashHandler:
    """A ``sys.excepthook``: log, then show; never re-raise, so the event loop keeps running."""

    def __init__(self, log_directory: Path, *, show_crash: ShowCrash | None = None,
                 show_user_error: ShowUserError | None = None) -> None:
        self.log_directory = log_directory
        self.show_crash = show_crash or _crash_dialog
        self.show_user_error = show_user_error or _user_error_dialog
        self._previous: Callable[[type[BaseException], BaseException, TracebackType | None], Any] | None = None
        self._showing = False

    def install(self) -> CrashHandler:
        self._previous = sys.excepthook
        sys.excepthook = self
        return self

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self._previous or sys.__excepthook__

    def __call__(self, exc_type: type[BaseException], exc: BaseException,
                 tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if isinstance(exc, UserError):
            if not self._showing:
                self._show(lambda: self.show_user_error(exc))
            return
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        try:
            path: Path | None = write_crash_log(self.log_directory, exc_type, exc, tb)
        except OSError:
            path = None
        sys.stderr.write(text)
        if not self._showing:  # an error while the dialog is up is logged only
            self._show(lambda: self.show_crash(text, path))

    def _show(self, show: Callable[[], None]) -> None:
        self._showing = True
        try:
            show()
        finally:
            self._showing = False


def _crash_dialog(text: str, path: Path | None) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from app.ui.messages import error_box

    where = (f"Chi tiết lỗi đã được ghi vào tệp:\n{path}\nHãy gửi tệp này cho người hỗ trợ kỹ thuật."
             if path else "Không ghi được tệp nhật ký lỗi.")
    error_box(QApplication.activeWindow(), "Lỗi không mong muốn", CRASH_TEXT, informative=where,
              details=text, icon=QMessageBox.Icon.Critical).exec()


def _user_error_dialog(exc: UserError) -> None:
    from PySide6.QtWidgets import QApplication

    from app.ui.messages import show_user_error

    show_user_error(QApplication.activeWindow(), exc)
