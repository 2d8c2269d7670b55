"""Day one: a new database opens the first-run setup (each step saved by its service, skippable,
reachable again from Cài đặt); Trợ giúp opens the user guide offline and saves the roster template."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox

from app.domain.institution import Institution
from app.services import certificate_settings, plans, settings
from app.ui.dialogs import guide
from app.ui.dialogs.first_run import CentreStep, CertificateStep, FirstRunDialog, PlanStep, SignersStep
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.gui

YEAR = 2026


def type_text(widget, text: str) -> None:
    """Key events carrying Vietnamese letters, as a Vietnamese keyboard sends them (QTest's
    keyClicks takes ASCII only)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


@pytest.fixture
def setup(session, qtbot):
    dialog = FirstRunDialog(year=YEAR)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _menu_actions(window: MainWindow) -> dict[str, dict[str, object]]:
    """Menu title → {item text without & and …: action}."""
    found = {}
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        found[menu_action.text().replace("&", "")] = {
            a.text().replace("&", "").rstrip("…"): a for a in menu.actions() if not a.isSeparator()}
    return found


def test_the_setup_saves_each_step_through_its_service(setup, qtbot):
    assert settings.needs_setup()
    assert setup.heading.text() == "Bước 1/4: Đơn vị"
    centre = setup.current_step()
    assert isinstance(centre, CentreStep)
    type_text(centre.name_edit, "Trung tâm Chính trị huyện Si Ma Cai")
    type_text(centre.parent_edit, "Huyện ủy Si Ma Cai")
    centre.style_combo.setCurrentIndex(centre.style_combo.findData("state"))
    type_text(centre.place_edit, "Si Ma Cai")
    qtbot.mouseClick(setup.next_button, Qt.MouseButton.LeftButton)
    saved = settings.get_institution()
    assert (saved.name, saved.parent_body, saved.header_style, saved.place_name) == (
        "Trung tâm Chính trị huyện Si Ma Cai", "Huyện ủy Si Ma Cai", "state", "Si Ma Cai")

    assert isinstance(setup.current_step(), SignersStep) and setup.heading.text() == "Bước 2/4: Người ký"
    qtbot.mouseClick(setup.skip_button, Qt.MouseButton.LeftButton)  # skipped: nothing written
    assert settings.get_institution().director_name == ""

    certificates = setup.current_step()
    assert isinstance(certificates, CertificateStep)
    assert certificates.example.text() == "<b>0001/2026</b>"
    certificates.first_spin.setValue(58)
    assert certificates.example.text() == "<b>0058/2026</b>"
    certificates.paper_combo.setCurrentIndex(certificates.paper_combo.findData("A5"))
    qtbot.mouseClick(setup.next_button, Qt.MouseButton.LeftButton)
    assert certificate_settings.next_number(YEAR) == 58 and certificate_settings.get_paper() == "A5"

    plan = setup.current_step()
    assert isinstance(plan, PlanStep)
    type_text(plan.number_edit, "05-KH/TTCT")
    type_text(plan.approved_edit, "15/01/2026")
    qtbot.keyClick(plan.approved_edit, Qt.Key.Key_Return)  # Enter: the default button, save and go on
    stored = plans.get_plan(YEAR)
    assert (stored.document_number, stored.approved_on) == ("05-KH/TTCT", dt.date(2026, 1, 15))

    assert setup.current_step() is None and setup.heading.text() == "Đã thiết lập xong"
    assert setup.next_button.text() == "Xong" and setup.skip_button.isHidden()
    assert setup.saved_steps == ["Đơn vị", "Giấy chứng nhận", "Kế hoạch năm"]
    qtbot.mouseClick(setup.next_button, Qt.MouseButton.LeftButton)
    assert setup.result() == FirstRunDialog.DialogCode.Accepted
    assert not settings.needs_setup()


def test_a_refused_value_is_said_under_its_field_and_the_step_stays(setup, qtbot):
    centre = setup.current_step()
    type_text(centre.parent_edit, "Huyện ủy Si Ma Cai")
    setup.next_button.click()  # no centre name
    assert setup.current_step() is centre
    assert centre.errors.visible() == {"name": "Cần nhập tên trung tâm."}
    assert QApplication.focusWidget() is centre.name_edit
    assert settings.get_institution().parent_body == ""  # nothing written
    # The signers step needs the name too: its message says where to fix it.
    setup.skip()
    signers = setup.current_step()
    type_text(signers.director_edit, "Giàng Seo Vần")
    setup.next_button.click()
    assert signers.errors.visible() == {"": "Cần nhập tên trung tâm. Quay lại bước trước để sửa."}
    setup.back()
    assert setup.current_step() is centre


def test_a_wrong_plan_date_is_refused_under_the_date(setup, qtbot):
    for _ in range(3):
        setup.skip()
    plan = setup.current_step()
    type_text(plan.number_edit, "05-KH/TTCT")
    type_text(plan.approved_edit, "30/02/2026")
    assert not setup.save_and_next()
    assert list(plan.errors.visible()) == ["approved_on"] and "30/02/2026" in plan.errors.visible()["approved_on"]
    assert QApplication.focusWidget() is plan.approved_edit
    assert plans.get_plan(YEAR).document_number == ""


def test_a_number_already_given_cannot_be_chosen_again(setup, qtbot):
    certificate_settings.set_next_number(YEAR, 13)
    setup.skip()
    setup.skip()
    step = setup.current_step()
    step.first_spin.setValue(5)
    assert not setup.save_and_next()
    assert "số tiếp theo phải từ 13 trở lên" in step.errors.visible()["first_number"]
    assert certificate_settings.next_number(YEAR) == 13


def test_closing_the_setup_saves_nothing_and_it_does_not_open_by_itself_again(setup, qtbot):
    type_text(setup.current_step().name_edit, "Trung tâm chưa lưu")
    qtbot.keyClick(setup, Qt.Key.Key_Escape)
    assert setup.result() == FirstRunDialog.DialogCode.Rejected
    assert settings.get_institution().name == "" and not settings.needs_setup()


def test_the_window_opens_the_setup_on_a_new_database_and_not_on_one_set_up(session, qtbot, tmp_path):
    from app.ui.app import start_window

    window = start_window(session, session.path)
    qtbot.addWidget(window)
    dialogs = [w for w in window.findChildren(FirstRunDialog) if w.isVisible()]
    assert len(dialogs) == 1
    dialogs[0].close()
    window.close()
    settings.save_institution(Institution(name="Trung tâm A"))
    again = start_window(session, session.path)
    qtbot.addWidget(again)
    assert not [w for w in again.findChildren(FirstRunDialog) if w.isVisible()]
    again.close()


def test_settings_menu_reaches_the_setup_again(session, qtbot):
    settings.save_institution(Institution(name="Trung tâm Chính trị huyện Si Ma Cai"))
    window = MainWindow(session)
    qtbot.addWidget(window)
    _menu_actions(window)["Cài đặt"]["Thiết lập ban đầu"].trigger()
    dialog = next(w for w in window.findChildren(FirstRunDialog) if w.isVisible())
    assert dialog.current_step().name_edit.text() == "Trung tâm Chính trị huyện Si Ma Cai"  # what is saved
    dialog.close()


def test_help_menu_opens_the_guide_offline(session, qtbot):
    window = MainWindow(session)
    qtbot.addWidget(window)
    help_menu = _menu_actions(window)["Trợ giúp"]
    assert list(help_menu)[:2] == ["Hướng dẫn sử dụng", "Lưu mẫu danh sách học viên"]
    assert help_menu["Hướng dẫn sử dụng"].shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    help_menu["Hướng dẫn sử dụng"].trigger()
    shown = next(w for w in QApplication.topLevelWidgets() if isinstance(w, guide.GuideDialog) and w.isVisible())
    assert guide.guide_file().is_file()
    text = shown.browser.toPlainText()
    for section in ("Thiết lập ban đầu", "Mở lớp", "Nhập danh sách học viên", "Lịch học", "Điểm danh",
                    "Điểm và kết quả học tập", "Phiếu phản hồi", "Giấy chứng nhận", "In và lưu văn bản",
                    "Báo cáo", "Sao lưu và khôi phục", "Phím tắt"):
        assert section in text, section
    assert guide.open_guide(window) is shown  # one guide window
    shown.close()


def test_every_menu_path_the_guide_names_exists(session, qtbot):
    window = MainWindow(session)
    qtbot.addWidget(window)
    menus = _menu_actions(window)
    html = guide.guide_file().read_text(encoding="utf-8")
    paths = re.findall(r'<span class="menu">([^<]+)</span>', html)
    assert len(paths) >= 8
    for path in paths:
        menu, item = (part.strip().rstrip("…") for part in path.split("›"))
        assert item in menus.get(menu, {}), path
    anchors = set(re.findall(r'id="([^"]+)"', html))
    assert set(re.findall(r'href="#([^"]+)"', html)) <= anchors


def test_help_saves_the_roster_template_where_the_user_picks(session, qtbot, tmp_path, monkeypatch):
    window = MainWindow(session)
    qtbot.addWidget(window)
    target = tmp_path / "gửi xã" / "Danh sách xã Bản Mế"
    target.parent.mkdir()
    monkeypatch.setattr(guide, "choose_template_path", lambda parent: target)
    _menu_actions(window)["Trợ giúp"]["Lưu mẫu danh sách học viên"].trigger()
    written = target.with_name("Danh sách xã Bản Mế.xlsx")
    sheet = load_workbook(written).active
    assert [c.value for c in sheet[4]][:3] == ["STT", "Họ và tên", "Ngày sinh"]
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
    assert str(written) in box.text()
    box.close()


def test_saving_the_template_cancelled_or_refused_writes_nothing(session, qtbot, tmp_path, monkeypatch):
    window = MainWindow(session)
    qtbot.addWidget(window)
    monkeypatch.setattr(guide, "choose_template_path", lambda parent: None)
    assert window.save_roster_template() is None
    missing = tmp_path / "không-có" / "mẫu.xlsx"
    assert window.save_roster_template(missing) is None
    box = next(w for w in window.findChildren(QMessageBox) if w.isVisible())
    assert box.text().startswith(f"Không lưu được mẫu danh sách vào {missing}")
    box.close()
    assert not missing.parent.exists()
