"""The audit log viewer (who, when, what, why; filtered; saved as Excel) and the optional sign-in and
user management dialogs."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from app.services import auth
from app.services.certificates import cancel_certificate, issue_certificates, reissue_certificate
from app.services.courses import CourseInput, add_course, cancel_course
from app.store import db
from app.store.models import Enrollment, Trainee, person_keys
from app.ui import file_dialogs
from app.ui.dialogs import audit_log as audit_log_dialog
from app.ui.dialogs import users as users_dialog
from app.ui.dialogs.audit_log import AuditLogDialog, open_audit_log
from app.ui.dialogs.sign_in import SignInDialog, sign_in_at_start
from app.ui.dialogs.users import UserFormDialog, UsersDialog, open_users

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def _signed_out():
    auth.sign_out()
    yield
    auth.sign_out()


class _Box:
    def __init__(self, *args, **kwargs):
        self.args = args

    def exec(self):
        return 0


def _history() -> None:
    """A cancelled class, a cancelled certificate and a reissued one: three audit entries."""
    course = add_course(CourseInput("NTVD-2026-01", "NTVD", "Lớp NTVD", "02/03/2026", "06/03/2026", status="finished"))
    with db.write():
        for i in range(2):
            trainee = Trainee.create(**person_keys(f"Thào A Sử {i}", None, 1990), birth_year=1990)
            Enrollment.create(course=course, trainee=trainee, score=8.0, result_code="G", completed=True)
    issue_certificates("NTVD-2026-01", today=dt.date(2026, 3, 20))
    add_course(CourseInput("CNKT-2026-01", "CNKT", "Lớp CNKT", "02/04/2026", "03/04/2026"))
    cancel_course("CNKT-2026-01", "Không đủ học viên")
    cancel_certificate("1/2026", "Sai tên học viên")
    reissue_certificate("2/2026", "Học viên làm mất")


def test_audit_log_lists_newest_first_and_filters(session, qtbot, qtmodeltester):
    _history()
    dialog = open_audit_log()
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    model = dialog.model
    assert model.row_count() == 6  # creating classes and issuing numbers are in the log too
    assert [model.index(i, 2).data() for i in range(6)] == ["Cấp lại", "Hủy", "Hủy", "Tạo mới",
                                                            "Cấp giấy chứng nhận", "Tạo mới"]
    assert model.index(4, 4).data() == "Cấp 2 GCN cho lớp NTVD-2026-01: số 0001/2026, 0002/2026"
    assert model.index(0, 5).data() == "Học viên làm mất"
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Người thực hiện"

    dialog.action_combo.setCurrentIndex(dialog.action_combo.findData("cancel"))
    assert model.row_count() == 2 and dialog.count_label.text() == "2 thao tác"
    dialog.text_filter.setText("sai ten")  # diacritics and case do not matter
    assert model.row_count() == 1 and model.index(0, 5).data() == "Sai tên học viên"
    dialog.text_filter.clear()
    dialog.action_combo.setCurrentIndex(0)
    dialog.use_dates.setChecked(True)
    dialog.date_from.setDate(QDate(2001, 1, 1))
    dialog.date_to.setDate(QDate(2001, 12, 31))
    assert model.row_count() == 0 and not dialog.export_button.isEnabled()
    dialog.date_to.setDate(QDate.currentDate())
    assert model.row_count() == 6


def test_audit_log_exports_what_it_shows_to_excel(session, qtbot, tmp_path, monkeypatch):
    _history()
    dialog = AuditLogDialog()
    qtbot.addWidget(dialog)
    dialog.action_combo.setCurrentIndex(dialog.action_combo.findData("cancel"))
    target = tmp_path / "nhat-ky"
    monkeypatch.setattr(file_dialogs.QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "Excel (*.xlsx)")))
    monkeypatch.setattr(audit_log_dialog, "error_box", _Box)
    saved = dialog.export()
    assert saved == tmp_path / "nhat-ky.xlsx"
    sheet = load_workbook(saved).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "NHẬT KÝ THAO TÁC"
    assert "Thao tác: Hủy" in values[1][0]
    flat = [v for row in values for v in row if v]
    assert "Sai tên học viên" in flat and "Không đủ học viên" in flat
    assert "Học viên làm mất" not in flat  # the reissue was filtered out
    assert "Tổng số: 2 thao tác." in flat


def test_sign_in_dialog_refuses_a_wrong_password_then_signs_in(session, qtbot):
    assert sign_in_at_start() is True  # sign-in off: nobody is asked
    auth.enable("quantri", "mat-khau-1")
    auth.sign_out()
    dialog = SignInDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.username.setText("quantri")
    dialog.password.setText("sai")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.errors.visible() == {"password": "Sai tên đăng nhập hoặc mật khẩu."}
    assert dialog.password.text() == "" and auth.current_user() is None
    dialog.password.setText("mat-khau-1")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert auth.current_user().username == "quantri"


def test_turning_sign_in_on_and_adding_a_user(session, qtbot, qtmodeltester):
    dialog = UsersDialog()
    qtbot.addWidget(dialog)
    assert "TẮT" in dialog.state.text() and dialog.toggle_button.text() == "Bật đăng nhập…"

    first = UserFormDialog(dialog, roles=False)
    qtbot.addWidget(first)
    first.action = lambda f: auth.enable(f.username.text(), f.password.text(), f.full_name.text())
    first.username.setText("quantri")
    first.full_name.setText("Giàng Seo Phử")
    first.password.setText("mat-khau-1")
    first.again.setText("mat-khau-khac")
    qtbot.mouseClick(first.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert first.errors.visible() == {"again": "Hai lần nhập mật khẩu không giống nhau."} and not auth.is_enabled()
    assert first.focusWidget() is first.again  # the message under the field, the cursor in it
    first.again.setText("mat-khau-1")
    qtbot.mouseClick(first.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert first.result() == QDialog.DialogCode.Accepted and auth.is_enabled()

    form = UserFormDialog(dialog)
    qtbot.addWidget(form)
    form.action = lambda f: auth.add_user(f.username.text(), f.password.text(), f.role.currentData(),
                                          f.full_name.text())
    form.username.setText("canbo")
    form.password.setText("123")
    form.again.setText("123")
    qtbot.mouseClick(form.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert "ít nhất 6 ký tự" in form.errors.visible()["password"] and form.focusWidget() is form.password
    form.password.setText("mat-khau-2")
    form.again.setText("mat-khau-2")
    qtbot.mouseClick(form.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert form.result() == QDialog.DialogCode.Accepted

    dialog.refresh()
    qtmodeltester.check(dialog.model)
    assert [(dialog.model.index(i, 0).data(), dialog.model.index(i, 2).data()) for i in range(2)] == [
        ("quantri", "Quản trị"), ("canbo", "Cán bộ")]
    assert "BẬT" in dialog.state.text() and "quantri" in dialog.state.text()


def test_only_an_admin_opens_user_management_once_sign_in_is_on(session, qtbot, monkeypatch):
    auth.enable("quantri", "mat-khau-1")
    auth.add_user("canbo", "mat-khau-2")
    told = []
    monkeypatch.setattr(users_dialog, "show_user_error", lambda parent, exc, title="": told.append(exc.message))
    auth.sign_out()
    auth.sign_in("canbo", "mat-khau-2")
    assert open_users() is None
    assert told and told[0].startswith("Chỉ người dùng có vai trò Quản trị")
    auth.sign_out()
    auth.sign_in("quantri", "mat-khau-1")
    dialog = open_users()
    qtbot.addWidget(dialog)
    assert isinstance(dialog, UsersDialog) and dialog.model.row_count() == 2


@pytest.mark.sqlite_only(reason="restoring swaps the SQLite file (a server is restored with pg_restore)")
def test_a_restore_is_in_the_log_although_it_replaced_the_data(session, qtbot, tmp_path):
    """Restores are noted beside the database, so the restored data — and a later restore — keep them."""
    from app.services import backup

    _history()
    copy = session.backup_to(tmp_path / "usb" / "sao-luu.sqlite3")
    aside = backup.restore_from(session, copy)
    dialog = AuditLogDialog()
    qtbot.addWidget(dialog)
    assert dialog.model.row_count() == 7
    assert dialog.model.index(0, 2).data() == "Khôi phục dữ liệu"
    assert dialog.model.index(0, 4).data() == (f"Khôi phục từ bản sao lưu sao-luu.sqlite3; dữ liệu trước đó giữ ở "
                                               f"tệp {aside.name}")
    dialog.action_combo.setCurrentIndex(dialog.action_combo.findData("restore"))
    assert dialog.model.row_count() == 1


def test_the_menus_open_the_audit_log_and_the_users(session, qtbot):
    from app.ui.dialogs.audit_log import AuditLogDialog
    from app.ui.dialogs.users import UsersDialog
    from app.ui.main_window import MainWindow

    window = MainWindow(session)
    qtbot.addWidget(window)
    actions = {a.text(): a for m in window.menuBar().actions() if m.menu() for a in m.menu().actions()}
    actions["&Nhật ký thao tác…"].trigger()
    actions["Người dùng và đăng nhập…"].trigger()
    assert window.findChild(AuditLogDialog).isVisible()
    users = window.findChild(UsersDialog)
    assert users is not None
    for dialog in (window.findChild(AuditLogDialog), users):
        dialog.close()
