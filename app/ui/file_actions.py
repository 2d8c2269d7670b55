"""The Tệp menu's actions: back up, back up to a file, restore, check the database.

Each is a small function of the window and its session: it asks what it must ask, calls one
service (on the worker thread when it may take a while), and says what happened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from app.domain.errors import UserError
from app.services import backup
from app.services.session import Session
from app.store import safety
from app.ui.messages import ask, error_box, show_user_error
from app.ui.worker import run_in_background

FILE_FILTER = "Cơ sở dữ liệu (*.sqlite3 *.db);;Tất cả các tệp (*)"


def _info(parent: QWidget, title: str, text: str, informative: str = "") -> None:
    error_box(parent, title, text, informative=informative,
              icon=QMessageBox.Icon.Information).exec()


def backup_now(parent: QWidget, session: Session) -> Path | None:
    """Sao lưu ngay: a backup into the automatic rotation, even when nothing changed."""
    try:
        made = run_in_background(parent, "Đang sao lưu cơ sở dữ liệu…",
                                 session.backup_now, force=True)
    except UserError as exc:
        show_user_error(parent, exc, "Không sao lưu được")
        return None
    _info(parent, "Sao lưu", "Đã sao lưu cơ sở dữ liệu.", f"Bản sao lưu: {made}")
    return made


def backup_to_file(parent: QWidget, session: Session) -> Path | None:
    """Sao lưu ra tệp…: a copy to a file the user picks (a USB stick)."""
    suggested = session.path.with_name(f"{session.path.stem}-{dt.date.today():%Y%m%d}.sqlite3")
    chosen, _ = QFileDialog.getSaveFileName(parent, "Sao lưu ra tệp", str(suggested), FILE_FILTER)
    if not chosen:
        return None
    target = Path(chosen)
    if target.resolve() == session.path.resolve():
        error_box(parent, "Không sao lưu được",
                  "Không thể sao lưu đè lên chính cơ sở dữ liệu đang dùng.").exec()
        return None
    try:
        # The save dialog has asked before replacing an existing file.
        made = run_in_background(parent, "Đang sao lưu ra tệp…", backup.backup_file,
                                 session.path, target, overwrite=True)
    except UserError as exc:
        show_user_error(parent, exc, "Không sao lưu được")
        return None
    _info(parent, "Sao lưu", "Đã sao lưu ra tệp.", str(made))
    return made


def restore_from_file(parent: QWidget, session: Session, on_restored: Callable[[], None]) -> bool:
    """Khôi phục từ bản sao lưu…: pick a file, confirm, restore, refresh the lists."""
    start = safety.backup_dir_for(session.path)
    chosen, _ = QFileDialog.getOpenFileName(parent, "Chọn bản sao lưu để khôi phục",
                                            str(start if start.is_dir() else session.path.parent),
                                            FILE_FILTER)
    if not chosen:
        return False
    source = Path(chosen)
    if not ask(parent, "Khôi phục dữ liệu",
               f"Thay dữ liệu đang dùng bằng dữ liệu trong tệp\n{source}?",
               informative="Dữ liệu hiện tại được giữ lại ở một tệp riêng, không bị xóa.",
               yes="Khôi phục"):
        return False
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        # On the GUI thread: a restore closes and rebinds the database connection.
        aside = backup.restore_from(session, source)
    except UserError as exc:
        QApplication.restoreOverrideCursor()
        show_user_error(parent, exc, "Không khôi phục được")
        return False
    QApplication.restoreOverrideCursor()
    on_restored()
    kept = f"Dữ liệu trước khi khôi phục được giữ ở tệp:\n{aside}" if aside else ""
    _info(parent, "Khôi phục", f"Đã khôi phục dữ liệu từ bản sao lưu\n{source}.", kept)
    return True


def check_database(parent: QWidget, session: Session) -> safety.CheckReport:
    """Kiểm tra cơ sở dữ liệu: a full integrity check, reported in words."""
    report = run_in_background(parent, "Đang kiểm tra cơ sở dữ liệu…", backup.check, session.path)
    if report.ok:
        _info(parent, "Kiểm tra cơ sở dữ liệu", "Cơ sở dữ liệu không có lỗi.", str(session.path))
    else:
        error_box(parent, "Kiểm tra cơ sở dữ liệu", "Cơ sở dữ liệu có lỗi.",
                  informative="Hãy khôi phục từ bản sao lưu gần nhất còn tốt "
                              "(Tệp › Khôi phục từ bản sao lưu…).",
                  details="\n".join(report.problems), icon=QMessageBox.Icon.Critical).exec()
    return report
