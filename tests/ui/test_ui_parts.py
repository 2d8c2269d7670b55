"""The GUI's plumbing: lazy trainee pages, the report period, the worker thread, the crash log,
one window per database, and the Tệp menu's backup and check."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QAction

from app.domain.errors import DatabaseLockedError, UserError
from app.services import lists
from app.services.reports.periods import period_bounds
from app.services.session import open_session
from app.store import safety
from app.ui import app as gui_app
from app.ui import file_actions, file_dialogs
from app.ui.crash import CRASH_LOG, CrashHandler, write_crash_log
from app.ui.executor import executor
from app.ui.models.trainees import PAGE_SIZE, TraineeModel
from app.ui.single_instance import InstanceServer, ask_running_copy_to_raise, server_name
from app.ui.widgets.period_picker import PeriodPicker

pytestmark = pytest.mark.gui


def test_trainee_model_reads_rows_a_page_at_a_time(world, qtmodeltester):
    fetched: list[int] = []

    def fetch(ids):
        fetched.append(len(ids))
        return lists.trainee_rows(ids)

    model = TraineeModel(fetch=fetch)
    ids = lists.trainee_ids()
    model.set_ids(ids)
    assert fetched == []  # holding the ids reads no row
    assert model.index(0, 0).data() == lists.trainee_rows(ids[:1])[0].full_name
    assert model.index(1, 1).data() is not None
    assert fetched == [min(PAGE_SIZE, len(ids))]
    last = len(ids) - 1
    assert model.row_at(last).id == ids[last]
    assert len(fetched) == (2 if last >= PAGE_SIZE else 1)
    qtmodeltester.check(model)


def test_the_application_speaks_vietnamese_and_loads_the_shipped_fonts(qapp):
    from PySide6.QtWidgets import QMessageBox

    from app.paths import resources_dir

    app = gui_app.make_application([])
    assert app is qapp and app.applicationName() == "boiduong"
    assert app.font().pointSizeF() >= gui_app.MIN_POINT_SIZE
    assert gui_app.load_fonts() == len(list((resources_dir() / "fonts").glob("*.[ot]tf")))
    box = QMessageBox(QMessageBox.Icon.Information, "", "", QMessageBox.StandardButton.Close)
    box.setDetailedText("chi tiết")
    assert sorted(b.text() for b in box.buttons()) == ["Xem chi tiết…", "Đóng"]


def test_period_bounds():
    assert period_bounds("year", 2019) == (dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    assert period_bounds("first_half", 2019) == (dt.date(2019, 1, 1), dt.date(2019, 6, 30))
    assert period_bounds("term", 2023) == (dt.date(2015, 1, 1), dt.date(2020, 12, 31))
    assert period_bounds("range", 0, dt.date(2020, 5, 1), dt.date(2020, 3, 1)) == (
        dt.date(2020, 3, 1), dt.date(2020, 5, 1))


def test_period_picker_shows_the_fields_of_the_chosen_period(qtbot):
    picker = PeriodPicker()
    qtbot.addWidget(picker)
    picker.year_spin.setValue(2018)
    with qtbot.waitSignal(picker.changed):
        picker.kind_combo.setCurrentIndex(picker.kind_combo.findData("first_half"))
    assert picker.bounds() == (dt.date(2018, 1, 1), dt.date(2018, 6, 30))
    assert picker.summary.text() == "Từ 01/01/2018 đến 30/06/2018"
    picker.kind_combo.setCurrentIndex(picker.kind_combo.findData("range"))
    assert picker.from_edit.isVisibleTo(picker) and not picker.year_spin.isVisibleTo(picker)
    assert picker.from_edit.displayFormat() == "dd/MM/yyyy"


def test_the_executor_reads_the_database_from_its_own_connection(world, qtbot):
    task = executor().submit(lists.totals)
    with qtbot.waitSignal(task.finished, timeout=20000):
        pass
    assert task.value == lists.totals()


def test_crash_log_appends_timestamped_tracebacks(tmp_path):
    folder = tmp_path / "logs"
    for when in (dt.datetime(2025, 2, 5, 8, 30), dt.datetime(2025, 2, 6, 9, 0)):
        try:
            raise RuntimeError("hỏng")
        except RuntimeError:
            path = write_crash_log(folder, *sys.exc_info(), now=when)
    text = path.read_text(encoding="utf-8")
    assert path == folder / CRASH_LOG
    assert "=== 2025-02-05 08:30:00" in text and "=== 2025-02-06 09:00:00" in text
    assert text.count("RuntimeError: hỏng") == 2 and "Traceback" in text


def test_crash_handler_logs_and_shows_bugs_but_shows_user_errors_plainly(tmp_path, capsys):
    shown, told = [], []
    handler = CrashHandler(tmp_path / "logs", show_crash=lambda text, path: shown.append((text, path)),
                           show_user_error=told.append)
    try:
        {}["missing"]
    except KeyError:
        handler(*sys.exc_info())
    assert len(shown) == 1
    text, path = shown[0]
    assert "KeyError" in text and path == tmp_path / "logs" / CRASH_LOG
    assert "KeyError" in path.read_text(encoding="utf-8")
    error = UserError("Số CCCD này đã có ở một học viên khác.")
    handler(UserError, error, None)
    assert told == [error] and len(shown) == 1
    previous = sys.excepthook
    handler.install()
    assert sys.excepthook is handler
    handler.uninstall()
    assert sys.excepthook is previous


def test_a_second_start_raises_the_first_window(tmp_path, qtbot):
    path = tmp_path / "a.sqlite3"
    server = InstanceServer(path)
    assert server.listen()
    try:
        with qtbot.waitSignal(server.raise_requested, timeout=3000):
            assert ask_running_copy_to_raise(path)
        assert not ask_running_copy_to_raise(tmp_path / "other.sqlite3", timeout_ms=200)
    finally:
        server.close()
    assert server_name(path) == server_name(tmp_path / "." / "a.sqlite3")


@pytest.mark.sqlite_only(reason="the lock file beside the SQLite file (on a server several windows work at once)")
def test_opening_a_locked_database_hands_over_to_the_running_copy(session, qtbot, capsys):
    server = InstanceServer(session.path)
    assert server.listen()
    try:
        with qtbot.waitSignal(server.raise_requested, timeout=3000):
            assert gui_app.open_for_gui(session.path) == 0
    finally:
        server.close()
    assert gui_app.ALREADY_OPEN in capsys.readouterr().out


@pytest.mark.sqlite_only(reason="the lock file beside the SQLite file (on a server several windows work at once)")
def test_opening_a_locked_database_without_an_answer_says_so(session, monkeypatch):
    told = []
    monkeypatch.setattr(gui_app, "_fatal", lambda title, exc: told.append(exc))
    monkeypatch.setattr(gui_app, "ask_running_copy_to_raise", lambda path: False)
    assert gui_app.open_for_gui(session.path) == 1
    assert isinstance(told[0], DatabaseLockedError)


def test_a_damaged_database_is_restored_from_the_latest_good_backup(tmp_path, monkeypatch):
    path = tmp_path / "data" / "boiduong.sqlite3"
    with open_session(path) as s:
        s.backup_now(force=True)
    with path.open("r+b") as fh:  # break the header: the file is no longer SQLite
        fh.write(b"garbage!" * 4)
    monkeypatch.setattr(gui_app, "ask", lambda *a, **k: True)
    monkeypatch.setattr(gui_app, "error_box", _SilentBox)
    opened = gui_app.open_for_gui(path)
    try:
        assert not isinstance(opened, int)
        assert safety.check_file(path).ok
        assert any(p.name.startswith("boiduong.") and p != path for p in path.parent.iterdir())
    finally:
        opened.close()


def test_a_damaged_database_without_a_good_backup_is_left_alone(tmp_path, monkeypatch):
    path = tmp_path / "data" / "boiduong.sqlite3"
    with open_session(path, backup_on_start=False):
        pass
    path.write_bytes(b"not a database at all, not even close" * 10)
    monkeypatch.setattr(gui_app, "error_box", _SilentBox)
    assert gui_app.open_for_gui(path) == 1
    assert path.read_bytes().startswith(b"not a database")


class _SilentBox:
    """Stands in for a message box in tests: records nothing, shows nothing."""

    def __init__(self, *args, **kwargs) -> None:
        pass

    def exec(self) -> int:
        return 0


@pytest.mark.sqlite_only(reason="the SQLite file's backup rotation and integrity check (on a server: "
                               "test_file_only_actions_on_a_server_say_what_to_do_instead)")
def test_backup_now_and_check_from_the_file_menu(session, qtbot, monkeypatch):
    said = []
    monkeypatch.setattr(file_actions, "_info", lambda parent, title, text, informative="":
                        said.append(text))
    action = QAction("Sao lưu ngay")
    task = file_actions.backup_now(None, session, action)
    assert not action.isEnabled()  # the busy guard: no second backup while this one runs
    with qtbot.waitSignal(task.finished, timeout=20000):
        pass
    made = task.value
    assert action.isEnabled()
    assert made is not None and made.exists() and safety.check_file(made, full=True).ok
    task = file_actions.check_database(None, session)
    with qtbot.waitSignal(task.finished, timeout=20000):
        pass
    assert task.value.ok
    assert said == ["Đã sao lưu cơ sở dữ liệu.", "Cơ sở dữ liệu không có lỗi."]


@pytest.mark.sqlite_only(reason="SQLite's integrity check of the file")
def test_a_damaged_file_is_said_by_the_check(session, qtbot, monkeypatch):
    from app.services import backup

    shown = []
    monkeypatch.setattr(file_actions, "error_box", lambda parent, title, text, **kw: shown.append(
        (text, kw.get("details"))) or _SilentBox())
    report = backup.check(session.path)
    problem = "*** in database main *** Page 7: btreeInitPage() returns error code 11"
    report.ok, report.problems = False, [problem]
    monkeypatch.setattr(backup, "check", lambda path: report)
    task = file_actions.check_database(None, session)
    with qtbot.waitSignal(task.finished, timeout=20000):
        pass
    assert shown == [("Cơ sở dữ liệu có lỗi.", problem)]


def _is_a_backup(path: Path, backend: str) -> bool:
    """A sound SQLite copy, or on a server a pg_dump archive (custom format)."""
    if backend == "postgresql":
        return path.read_bytes()[:5] == b"PGDMP"
    return safety.check_file(path, full=True).ok


def test_backup_to_a_chosen_file(session, qtbot, monkeypatch, tmp_path, backend):
    target = tmp_path / "usb" / ("saoluu.dump" if backend == "postgresql" else "saoluu.sqlite3")
    monkeypatch.setattr(file_dialogs.QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    said = []
    monkeypatch.setattr(file_actions, "_info", lambda parent, title, text, informative="": said.append(text))
    task = file_actions.backup_to_file(None, session)
    with qtbot.waitSignal(task.finished, timeout=20000):
        pass
    assert task.value == target
    assert _is_a_backup(target, backend)
    on_server = backend == "postgresql"
    assert said == ["Đã sao lưu cơ sở dữ liệu trên máy chủ ra tệp." if on_server else "Đã sao lưu ra tệp."]
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary file left


def test_backup_onto_a_file_the_save_dialog_confirmed_replaces_it(session, qtbot, monkeypatch, tmp_path, backend):
    target = tmp_path / "usb" / ("saoluu.dump" if backend == "postgresql" else "saoluu.sqlite3")
    target.parent.mkdir()
    target.write_bytes(b"last month's copy")  # the dialog asked "replace?" and the user said yes
    monkeypatch.setattr(file_dialogs.QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    monkeypatch.setattr(file_actions, "_info", lambda *a, **k: None)
    task = file_actions.backup_to_file(None, session)
    with qtbot.waitSignal(task.finished, timeout=20000):
        pass
    assert task.value == target
    assert _is_a_backup(target, backend)


def test_file_only_actions_on_a_server_say_what_to_do_instead(session, qtbot, monkeypatch, backend):
    """Sao lưu ngay (the rotation), Kiểm tra and Khôi phục are about the SQLite file: on a server
    each says what to do instead and starts nothing; on a file each starts its job."""
    said = []
    monkeypatch.setattr(file_actions, "_info", lambda parent, title, text, informative="": said.append(text))
    started = [file_actions.backup_now(None, session), file_actions.check_database(None, session),
               file_actions.restore_from_file(None, session, on_restored=lambda: None)]
    if backend == "postgresql":
        assert started == [None, None, None]
        assert said == [file_actions.SERVER_NOTE.format(name=session.label)] * 3
        assert "máy chủ PostgreSQL (postgresql://boiduong@127.0.0.1:" in said[0]
        return
    backup_task, check_task, dialog = started
    assert backup_task is not None and check_task is not None and dialog is not None
    with qtbot.waitSignal(check_task.finished, timeout=20000):
        pass
    dialog.close()
    assert said == ["Đã sao lưu cơ sở dữ liệu.", "Cơ sở dữ liệu không có lỗi."]


def test_qt_own_buttons_and_dialogs_read_vietnamese_after_the_translation_is_loaded(qapp):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QLineEdit, QMessageBox

    from app.ui import qt_vietnamese

    translator = qt_vietnamese.install()
    assert not translator.isEmpty() and translator.language() == "vi_VN"
    buttons = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.Question, "Hỏi", "Lưu?", buttons.Yes | buttons.No | buttons.Cancel)
    assert [box.button(b).text().replace("&", "") for b in (buttons.Yes, buttons.No, buttons.Cancel)] == [
        "Có", "Không", "Hủy"]
    bar = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    assert bar.button(QDialogButtonBox.StandardButton.Cancel).text() == "Hủy"
    assert bar.button(QDialogButtonBox.StandardButton.Ok).text() == "Đồng ý"
    field = QLineEdit()
    menu = field.createStandardContextMenu()
    assert [a.text().split("\t")[0] for a in menu.actions() if a.text()][:3] == ["&Hoàn tác", "&Làm lại", "Cắ&t"]
    files = QFileDialog(None, "Lưu tệp")
    files.setOption(QFileDialog.Option.DontUseNativeDialog)  # Qt's own (Linux); Windows shows its native one
    files.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    labels = {label.text() for label in files.findChildren(QLabel)}
    assert {"Tên &tệp:", "&Loại tệp:"} <= labels, labels
    printing = QPrintDialog(QPrinter())
    assert printing.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).text() == "&In"
