"""The Tệp menu's actions: back up, back up to a file, restore, check the database.

Each is a small function of the window and its session: it asks what it must ask, hands one
service to the executor, and says what happened when it is over. Each returns at once: the
:class:`Task` (the restore: its dialog), or None when the user said no. A restore's slow half runs
on the executor; only its swap of the file runs on the GUI thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.domain.errors import UserError
from app.services import backup
from app.services.session import Session
from app.ui import file_dialogs
from app.ui.executor import Task, executor
from app.ui.messages import ask, error_box, show_user_error

if TYPE_CHECKING:
    from app.ui.dialogs.restore import RestoreDialog

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
    suggested = f"{session.path.stem}-{dt.date.today():%Y%m%d}.sqlite3"
    target = file_dialogs.save_file_name(parent, "Sao lưu ra tệp", suggested, FILE_FILTER,
                                         folder=file_dialogs.backup_folder())
    if target is None:
        return None
    if target.resolve() == session.path.resolve():
        error_box(parent, "Không sao lưu được",
                  "Không thể sao lưu đè lên chính cơ sở dữ liệu đang dùng.").exec()
        return None
    # The save dialog has asked before replacing an existing file.
    return executor().submit(
        backup.backup_file, session.path, target, overwrite=True, label="Đang sao lưu ra tệp…", parent=parent,
        guard=guard, on_success=lambda made: _info(parent, "Sao lưu", "Đã sao lưu ra tệp.", str(made)),
        on_failure=lambda exc: show_user_error(parent, exc, "Không sao lưu được"))


def restore_from_file(parent: QWidget | None, session: Session, on_restored: Callable[[], None],
                      guard: QAction | None = None) -> RestoreDialog | None:
    """Khôi phục từ bản sao lưu…: the list of backups (what each holds, what it would lose), or
    another file; then confirm and restore (:func:`restore`)."""
    from app.ui.dialogs.restore import RestoreDialog

    if _on_server(parent, session, "Khôi phục dữ liệu"):
        return None
    dialog = RestoreDialog(session.path, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.chosen.connect(lambda choice: confirm_and_restore(parent, session, choice.details, choice.loss,
                                                             on_restored, guard))
    dialog.other_file.connect(lambda path: _describe_then_confirm(parent, session, path, on_restored, guard))
    dialog.open()
    dialog.load()
    return dialog


def _describe_then_confirm(parent: QWidget | None, session: Session, source: Path,
                           on_restored: Callable[[], None], guard: QAction | None = None) -> Task:
    """A file picked by hand: read what it holds (and the data now) on the worker, then confirm."""
    def described(found: tuple[backup.BackupDetails, backup.BackupDetails]) -> None:
        details, now = found
        if not details.readable:
            error_box(parent, "Không khôi phục được",
                      f"Tệp {source} không dùng để khôi phục được: {details.holds()}.").exec()
            return
        confirm_and_restore(parent, session, details, details.loss_against(now), on_restored, guard)

    return executor().submit(lambda: (backup.file_details(source), backup.file_details(session.path)),
                             label="Đang đọc tệp sao lưu…", parent=parent, guard=guard, on_success=described,
                             on_failure=lambda exc: show_user_error(parent, exc, "Không khôi phục được"))


def confirm_and_restore(parent: QWidget | None, session: Session, details: backup.BackupDetails, loss: str,
                        on_restored: Callable[[], None], guard: QAction | None = None) -> Task | None:
    """Say what the chosen copy holds and what will be lost; restore when the user agrees."""
    when = f"{details.taken_at:%H:%M} ngày {details.taken_at:%d/%m/%Y}"
    if not ask(parent, "Khôi phục dữ liệu",
               f"Thay dữ liệu đang dùng bằng bản sao lưu lúc {when}?\n{details.path}",
               informative=f"Bản sao lưu có {details.holds()}.\nSo với bây giờ: {loss}.\n\n"
                           "Dữ liệu hiện tại được giữ lại ở một tệp riêng, không bị xóa.",
               yes="Khôi phục"):
        return None
    return restore(parent, session, details.path, on_restored, guard)


def restore(parent: QWidget | None, session: Session, source: Path, on_restored: Callable[[], None],
            guard: QAction | None = None) -> Task:
    """Restore ``source``: checking and copying it run on the worker (with the progress dialog);
    only the swap (close, rename, reopen, migrate) runs on the GUI thread, while the worker waits
    (``exclusive``), so no job uses the database during it. A job already running finishes first."""
    def swap(prepared: backup.StagedRestore) -> None:
        # What is said comes after this callback returns: the worker waits for it to end.
        try:
            aside = backup.finish_restore(session, prepared)
        except UserError as exc:
            on_restored()  # the database reopened as it was; the lists re-read it
            QTimer.singleShot(0, lambda error=exc: show_user_error(parent, error, "Không khôi phục được"))
            return
        on_restored()
        kept = f"Dữ liệu trước khi khôi phục được giữ ở tệp:\n{aside}" if aside else ""
        QTimer.singleShot(0, lambda: _info(parent, "Khôi phục", f"Đã khôi phục dữ liệu từ bản sao lưu\n{source}.",
                                           kept))

    return executor().submit(
        backup.prepare_restore, session.path, Path(source), label="Đang kiểm tra và chép bản sao lưu…",
        parent=parent, guard=guard, exclusive=True, on_success=swap,
        on_failure=lambda exc: show_user_error(parent, exc, "Không khôi phục được"))


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


def connect_server(parent: QWidget | None) -> Task | None:
    """Tệp › Kết nối máy chủ…: ask for the server (kept in the user's settings, the password only
    in the OS credential store when the user asks), try it once on the executor (a host that does
    not answer takes up to 10 s: the window goes on painting behind the progress dialog), and say
    that the program opens it from the next start. The trying task, or None when the user closed
    the dialog."""
    from app.services.session import probe_server
    from app.ui.dialogs.server_connect import PROBING, REFUSED_KEPT, ServerConnectDialog, tell_notes

    dialog = ServerConnectDialog(parent=parent)
    if dialog.exec() != ServerConnectDialog.DialogCode.Accepted or dialog.url is None or dialog.chosen is None:
        return None
    chosen = dialog.chosen

    def refused(exc: UserError) -> None:
        if dialog.refused(exc):  # the kept password is no longer the server's: forgotten
            exc = UserError(REFUSED_KEPT, details=exc.details)
        show_user_error(parent, exc, "Không kết nối được máy chủ")
        tell_notes(*dialog.notes)

    def connected(version: int) -> None:
        dialog.connected()  # "Ghi nhớ mật khẩu": kept now that the server took it
        tell_notes(*dialog.notes)
        empty = " Cơ sở dữ liệu trên máy chủ còn trống: chương trình sẽ tạo các bảng khi mở." if version == 0 else ""
        kept = dialog.remember.isChecked() and not dialog.notes
        password = "mật khẩu đã được ghi nhớ trên máy này" if kept else "mật khẩu được hỏi mỗi lần mở"
        when = (f"Từ lần khởi động sau, chương trình mở cơ sở dữ liệu trên máy chủ ({password}). "
                "Hãy đóng rồi mở lại chương trình." if chosen.enabled
                else "Chương trình vẫn mở tệp trên máy này khi khởi động.")
        _info(parent, "Kết nối máy chủ", f"Kết nối được máy chủ {chosen.host}.{empty}", when)

    return executor().submit(probe_server, dialog.url, label=PROBING, parent=parent,
                             on_success=connected, on_failure=refused)
