"""Starting the GUI: the application object, opening the database with friendly answers to
the expected problems, one window per database, and the crash handler."""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from app.domain.errors import (
    DatabaseDamagedError,
    DatabaseLockedError,
    DatabaseNewerError,
    UserError,
)
from app.domain.formatting import format_date
from app.paths import APP_NAME, DB_FILENAME, default_db_path, log_dir, resources_dir
from app.services import backup, settings
from app.services.session import Session, open_session
from app.ui import executor, qt_vietnamese
from app.ui.crash import CrashHandler
from app.ui.main_window import MainWindow
from app.ui.messages import ask, error_box
from app.ui.single_instance import InstanceServer, ask_running_copy_to_raise

log = logging.getLogger(__name__)

ALREADY_OPEN = "Chương trình đang mở cơ sở dữ liệu này"
MIN_POINT_SIZE = 10.0


def run_gui(db_path: Path | str | None, *, demo: Callable[..., object] | None = None, argv: list[str] | None = None,
            precheck=None) -> int:
    """Open the main window on ``db_path`` (or the user's default database, or a fresh throw-away
    database filled by the builder ``demo``) and run until it closes. Returns the exit code."""
    app = make_application(argv)
    demo_folder = Path(tempfile.mkdtemp(prefix=f"{APP_NAME}-demo-")) if demo else None
    # --db postgresql://… (not with --demo: the demo is a throw-away file, never the server's database)
    server_url = db_path if isinstance(db_path, str) and demo is None else None
    if server_url:  # without its password: the kept one, or asked
        server_url = password_for(server_url)
        if server_url == "":
            return 0  # the user closed the password dialog
    if db_path is None and demo is None:
        server_url = server_at_start()
        if server_url == "":
            return 0  # the user closed the server dialog
    path = Path(db_path) if db_path and server_url is None else default_db_path()
    if demo_folder is not None:
        path = demo_folder / DB_FILENAME
    crash = CrashHandler(log_dir(path)).install()
    try:
        opened = open_for_gui(server_url or path, precheck=None if demo or server_url else precheck)
        if not isinstance(opened, Session):
            return opened
        # The session's one worker for long jobs; shut down (its job waited for) before the session closes.
        jobs = executor.install(executor.Executor(parent=app))
        shown: list[MainWindow] = []
        try:
            if demo:
                def built(_result: object) -> None:
                    window = start_window(opened, path, demo=True)
                    if window is None:
                        app.exit(0)
                    else:
                        shown.append(window)

                def refused(exc: UserError) -> None:
                    _fatal("Không tạo được dữ liệu mẫu", exc)
                    app.exit(1)

                build_demo_database(demo, on_built=built, on_refused=refused)
            else:
                window = start_window(opened, path)
                if window is None:
                    return 0
                shown.append(window)
            return app.exec()
        except Exception:
            crash(*sys.exc_info())
            return 1
        finally:
            jobs.shutdown()
            executor.shut_down()
            opened.close()
    finally:
        crash.uninstall()
        if demo_folder is not None:  # the demo is a throw-away database
            shutil.rmtree(demo_folder, ignore_errors=True)


def password_for(url: str) -> str:
    """``--db URL`` without a password: the URL with the kept or typed one ("" if the user gave up)."""
    from app.ui.dialogs import server_connect

    try:
        return server_connect.password_for(url)
    except UserError:
        return url  # a URL that cannot be read: the opening says how to write it


def server_at_start() -> str | None:
    """When the user chose a server (Tệp › Kết nối máy chủ…): its URL, with the password kept
    in the OS credential store or asked now; "" when the user closed the dialog; None to open
    the file on this PC."""
    from app.ui.dialogs import server_connect

    return server_connect.server_at_start()


def start_window(session: Session, path: Path, *, demo: bool = False) -> MainWindow | None:
    """Sign in (when sign-in is on) and show the main window on ``session``; None if the user
    did not sign in."""
    from app.ui.dialogs.sign_in import sign_in_at_start

    if not sign_in_at_start():  # sign-in is off unless an admin turned it on
        return None
    server = InstanceServer(path)
    if not server.listen():
        log.warning("single-instance channel not available: %s", server.name)
    window = MainWindow(session, demo=demo)
    window.instance_server = server  # lives as long as the window
    session.start_periodic_backups()
    server.raise_requested.connect(window.bring_to_front)
    window.show()
    if settings.needs_setup():  # a new database: the short first-run setup
        window.open_setup()
    return window


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication: names (for QSettings and the data folder), Fusion, a readable font."""
    app = cast(QApplication, QApplication.instance()) or QApplication(sys.argv if argv is None else argv)
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setStyle("Fusion")
    qt_vietnamese.install()
    load_fonts()
    font = app.font()
    if font.pointSizeF() < MIN_POINT_SIZE:
        font.setPointSizeF(MIN_POINT_SIZE)
        app.setFont(font)
    return app


def load_fonts() -> int:
    """Register the fonts shipped in ``resources/fonts`` (with Vietnamese glyphs); how many."""
    folder = resources_dir() / "fonts"
    loaded = 0
    if folder.is_dir():
        for file in sorted(folder.glob("*.[ot]tf")):
            if QFontDatabase.addApplicationFont(str(file)) >= 0:
                loaded += 1
    return loaded


def build_demo_database(build: Callable[..., object], *, on_built: Callable[[object], None],
                        on_refused: Callable[[UserError], None]) -> executor.Task:
    """Fill the open (new) database with the demo term on the worker (``build`` is
    :func:`app.demo.term.build_demo`, given by the command line: the window does not import the demo)."""
    return executor.executor().submit(build, label="Đang tạo dữ liệu mẫu nhiệm kỳ 2015–2020…", with_progress=True,
                                      on_success=on_built, on_failure=on_refused)


# --- opening -------------------------------------------------------------------------------


def open_for_gui(path: Path | str, *, precheck=None) -> Session | int:
    """Open ``path`` (or a server URL), or explain why not and return the exit code."""
    try:
        return open_session(path, precheck=precheck)
    except DatabaseLockedError as exc:
        if ask_running_copy_to_raise(Path(path)):
            print(ALREADY_OPEN)
            return 0
        _fatal("Cơ sở dữ liệu đang được dùng", exc)
        return 1
    except DatabaseDamagedError as exc:
        restored = offer_restore(Path(path), exc)
        return restored if restored is not None else 1
    except DatabaseNewerError as exc:
        _fatal("Phiên bản chương trình cũ hơn dữ liệu", exc)
        return 1
    except UserError as exc:
        _fatal("Không mở được cơ sở dữ liệu", exc)
        return 1


def _fatal(title: str, exc: UserError) -> None:
    error_box(None, title, exc.message, details=exc.details,
              icon=QMessageBox.Icon.Critical).exec()


def offer_restore(path: Path, exc: DatabaseDamagedError) -> Session | None:
    """Tell plainly that the file is damaged and offer the latest good backup; the restored,
    open session if the user agreed and the restore worked."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        good = backup.latest_good_backup(path)
    finally:
        QApplication.restoreOverrideCursor()
    title = "Cơ sở dữ liệu bị hỏng"
    if good is None:
        error_box(None, title, exc.message, details=exc.details, icon=QMessageBox.Icon.Critical,
                  informative=f"Không tìm thấy bản sao lưu nào còn tốt trong thư mục\n"
                              f"{backup.backup_folder(path)}.\nTệp dữ liệu được giữ nguyên; "
                              "hãy liên hệ người hỗ trợ kỹ thuật.").exec()
        return None
    taken = f"{good.taken_at:%H:%M} ngày {format_date(good.taken_at.date())}"
    agreed = ask(None, title, exc.message, yes="Khôi phục", no="Thoát",
                 informative=f"Bản sao lưu gần nhất còn tốt: {taken}\n"
                             f"{good.path}\n\nKhôi phục từ bản sao lưu này? Tệp bị hỏng được "
                             "giữ lại riêng, không bị xóa.")
    return restore_backup(path, good.path) if agreed else None


def restore_backup(path: Path, source: Path) -> Session | None:
    """Restore ``path`` from ``source`` (the database is not open) and open it; None if the
    restore was refused (and the user told why)."""
    try:
        session, aside = backup.restore_path(path, source)
    except UserError as exc:
        _fatal("Không khôi phục được", exc)
        return None
    kept = f"Tệp bị hỏng được giữ ở:\n{aside}" if aside else ""
    error_box(None, "Đã khôi phục", f"Đã khôi phục dữ liệu từ bản sao lưu\n{source}.",
              informative=kept, icon=QMessageBox.Icon.Information).exec()
    return session
