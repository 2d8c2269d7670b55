"""The Tệp menu's actions: back up, back up to a file, restore, check the database.

Each is a small function of the window and its session: it asks what it must ask, hands one
service to the executor (or, for a restore, calls it on the GUI thread), and says what happened
when it is over. Each returns at once: the :class:`Task`, or None when the user said no.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from app.domain.errors import UserError
from app.services import backup
from app.services.session import Session
from app.ui.executor import Task, executor
from app.ui.messages import ask, error_box, show_user_error

FILE_FILTER = "Cơ sở dữ liệu (*.sqlite3 *.db);;Tất cả các tệp (*)"


def _info(parent: QWidget | None, title: str, text: str, informative: str = "") -> None:
    error_box(parent, title, text, informative=informative,
              icon=QMessageBox.Icon.Information).exec()


SERVER_NOTE = ("Cơ sở dữ liệu đang dùng nằm trên máy chủ PostgreSQL ({name}). Máy chủ được sao lưu bằng "
               "Tệp › Sao lưu ra tệp… (pg_dump) hoặc theo lịch của người quản trị; kiểm tra và khôi phục "
               "do người quản trị máy chủ làm (xem hướng dẫn \u201cNhiều máy tính\u201d).")


def _on_server(parent: QWidget | None, session: Session, title: str) -> bool:
    """For a server database: say what to do instead of a file action; True when it was one."""
    if session.url is None:
        return False
    _info(parent, title, SERVER_NOTE.format(name=session.label))
    return True


def backup_now(parent: QWidget | None, session: Session, guard: QAction | None = None) -> Task | None:
    """Sao lưu ngay: a backup into the automatic rotation, even when nothing changed. ``guard``
    (the menu action) is disabled until it is over."""
    if _on_server(parent, session, "Sao lưu"):
        return None
    return executor().submit(
        session.backup_now, force=True, label="Đang sao lưu cơ sở dữ liệu…", parent=parent, guard=guard,
        on_success=lambda made: _info(parent, "Sao lưu", "Đã sao lưu cơ sở dữ liệu.", f"Bản sao lưu: {made}"),
        on_failure=lambda exc: show_user_error(parent, exc, "Không sao lưu được"))


def backup_to_file(parent: QWidget | None, session: Session, guard: QAction | None = None) -> Task | None:
    """Sao lưu ra tệp…: a copy to a file the user picks (a USB stick); on a server, a pg_dump."""
    if session.url is not None:
        suggested_dump = Path.home() / f"boiduong-{dt.date.today():%Y%m%d}.dump"
        chosen, _ = QFileDialog.getSaveFileName(parent, "Sao lưu máy chủ ra tệp", str(suggested_dump),
                                                "Bản sao lưu PostgreSQL (*.dump);;Tất cả các tệp (*)")
        if not chosen:
            return None
        return executor().submit(
            session.backup_to, Path(chosen), label="Đang sao lưu máy chủ ra tệp…", parent=parent, guard=guard,
            on_success=lambda made: _info(parent, "Sao lưu", "Đã sao lưu cơ sở dữ liệu trên máy chủ ra tệp.",
                                          str(made)),
            on_failure=lambda exc: show_user_error(parent, exc, "Không sao lưu được"))
    suggested = session.path.with_name(f"{session.path.stem}-{dt.date.today():%Y%m%d}.sqlite3")
    chosen, _ = QFileDialog.getSaveFileName(parent, "Sao lưu ra tệp", str(suggested), FILE_FILTER)
    if not chosen:
        return None
    target = Path(chosen)
    if target.resolve() == session.path.resolve():
        error_box(parent, "Không sao lưu được",
                  "Không thể sao lưu đè lên chính cơ sở dữ liệu đang dùng.").exec()
        return None
    # The save dialog has asked before replacing an existing file.
    return executor().submit(
        backup.backup_file, session.path, target, overwrite=True, label="Đang sao lưu ra tệp…", parent=parent,
        guard=guard, on_success=lambda made: _info(parent, "Sao lưu", "Đã sao lưu ra tệp.", str(made)),
        on_failure=lambda exc: show_user_error(parent, exc, "Không sao lưu được"))


def restore_from_file(parent: QWidget | None, session: Session, on_restored: Callable[[], None]) -> bool:
    """Khôi phục từ bản sao lưu…: pick a file, confirm, restore, refresh the lists."""
    if _on_server(parent, session, "Khôi phục dữ liệu"):
        return False
    if executor().busy():  # the swap closes the database under the worker's feet: never while it works
        error_box(parent, "Chưa khôi phục được",
                  "Chương trình đang làm một việc khác (sao lưu, in, nhập…). Hãy đợi việc đó xong rồi thử lại.").exec()
        return False
    start = backup.backup_folder(session.path)
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


def check_database(parent: QWidget | None, session: Session, guard: QAction | None = None) -> Task | None:
    """Kiểm tra cơ sở dữ liệu: a full integrity check, reported in words."""
    if _on_server(parent, session, "Kiểm tra cơ sở dữ liệu"):
        return None
    return executor().submit(backup.check, session.path, label="Đang kiểm tra cơ sở dữ liệu…", parent=parent,
                             guard=guard,
                             on_success=lambda report: _checked(parent, session, report))


def _checked(parent: QWidget | None, session: Session, report: backup.CheckReport) -> None:
    if report.ok:
        _info(parent, "Kiểm tra cơ sở dữ liệu", "Cơ sở dữ liệu không có lỗi.", str(session.path))
    else:
        error_box(parent, "Kiểm tra cơ sở dữ liệu", "Cơ sở dữ liệu có lỗi.",
                  informative="Hãy khôi phục từ bản sao lưu gần nhất còn tốt "
                              "(Tệp › Khôi phục từ bản sao lưu…).",
                  details="\n".join(report.problems), icon=QMessageBox.Icon.Critical).exec()


def connect_server(parent: QWidget | None) -> str | None:
    """Tệp › Kết nối máy chủ…: ask for the server (kept in the user's settings, not the password),
    try it once, and say that the program opens it from the next start. The URL, or None."""
    from app.services.session import probe_server
    from app.ui.dialogs.server_connect import ServerConnectDialog

    dialog = ServerConnectDialog(parent=parent)
    if dialog.exec() != ServerConnectDialog.DialogCode.Accepted or dialog.url is None or dialog.chosen is None:
        return None
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        version = probe_server(dialog.url)
    except UserError as exc:
        QApplication.restoreOverrideCursor()
        show_user_error(parent, exc, "Không kết nối được máy chủ")
        return None
    QApplication.restoreOverrideCursor()
    empty = " Cơ sở dữ liệu trên máy chủ còn trống: chương trình sẽ tạo các bảng khi mở." if version == 0 else ""
    when = ("Từ lần khởi động sau, chương trình mở cơ sở dữ liệu trên máy chủ (mật khẩu được hỏi mỗi lần mở). "
            "Hãy đóng rồi mở lại chương trình." if dialog.chosen.enabled
            else "Chương trình vẫn mở tệp trên máy này khi khởi động.")
    _info(parent, "Kết nối máy chủ", f"Kết nối được máy chủ {dialog.chosen.host}.{empty}", when)
    return dialog.url
