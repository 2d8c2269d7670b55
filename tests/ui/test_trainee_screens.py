"""Học viên: the trainee form with the CCCD rules and possible duplicates, the record with its
training history, and merging two records."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.services.certificates import issue_certificates
from app.services.courses import CourseInput, add_course
from app.services.enrolment import enrol_trainees
from app.services.results import set_score
from app.services.trainees import TraineeInput, add_trainee
from app.store.models import AuditEntry, Enrollment, Trainee
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


@pytest.fixture
def window(session, qtbot):
    w = MainWindow(session)
    qtbot.addWidget(w)
    w.tabs.setCurrentWidget(w.trainees_tab)
    return w


def click_ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def fill(form, **values) -> None:
    form.full_name_edit.setText(values.get("name", "Thào A Sử"))
    form.birth_edit.setText(values.get("birth", "12/04/1985"))
    form.gender_combo.setCurrentIndex(form.gender_combo.findData(values.get("gender", "Nam")))
    form.ethnic_combo.setCurrentText(values.get("ethnic", "H'Mông"))
    form.citizen_id_edit.setText(values.get("cccd", "010085001234"))
    form.unit_edit.setText(values.get("unit", "UBND xã Sán Chải"))


def test_ctrl_n_on_the_trainee_tab_opens_the_form_and_saves(window, qtbot):
    form = window.add_new()
    assert form.windowTitle() == "Học viên mới"
    fill(form)
    form.position_combo.setCurrentText("Trưởng thôn")
    form.party_check.setChecked(True)
    click_ok(qtbot, form)
    trainee = Trainee.get()
    assert (trainee.full_name, trainee.birth_date, trainee.gender, trainee.ethnic_group.name, trainee.citizen_id,
            trainee.position, trainee.party_member) == (
        "Thào A Sử", dt.date(1985, 4, 12), "M", "Mông", "010085001234", "Trưởng thôn", True)
    assert window.trainees_tab.model.rowCount() == 1  # the list heard of it


@pytest.mark.parametrize("cccd, message", [
    ("0100850012", "Số CCCD phải gồm đúng 12 chữ số."),
    ("999085001234", "Mã tỉnh 999 ở đầu số CCCD không tồn tại."),
    ("010085001", "Số có 9 chữ số là CMND cũ: hãy nhập vào ô \"Số CMND\"."),
])
def test_the_form_refuses_a_bad_cccd_next_to_the_field(window, qtbot, cccd, message):
    form = window.trainees_tab.add_new()
    fill(form, cccd=cccd)
    click_ok(qtbot, form)
    assert form.errors.visible() == {"citizen_id": message}
    assert Trainee.select().count() == 0


def test_a_cccd_mismatch_is_shown_and_saved_only_once_confirmed(window, qtbot):
    form = window.trainees_tab.add_new()
    fill(form, cccd="010186001234", gender="Nam")  # the number says: born 1986, female
    click_ok(qtbot, form)
    assert not form.warning_box.isHidden()
    text = form.warning_label.text()
    assert "Hai chữ số năm sinh trong CCCD (86) không khớp năm sinh 1985." in text
    assert "Chữ số giới tính trong CCCD không khớp giới tính (Nam)." in text
    assert Trainee.select().count() == 0
    form.confirm_check.setChecked(True)
    click_ok(qtbot, form)
    assert Trainee.get().citizen_id == "010186001234"


def test_changing_the_input_withdraws_the_confirmation(window, qtbot):
    form = window.trainees_tab.add_new()
    fill(form, cccd="010186001234")
    click_ok(qtbot, form)
    form.confirm_check.setChecked(True)
    form.birth_edit.setText("12/04/1984")  # new input: new warnings, to be read again
    assert form.warning_box.isHidden() and not form.confirm_check.isChecked()
    click_ok(qtbot, form)
    assert Trainee.select().count() == 0 and not form.warning_box.isHidden()


def test_possible_duplicates_are_shown_while_typing(window, qtbot):
    add_trainee(TraineeInput("Thào A Sử", "12/04/1985", unit="xã Sán Chải"))
    add_trainee(TraineeInput("Thào A Sử", "1990"))
    form = window.trainees_tab.add_new()
    form.full_name_edit.setText("thao a su")
    form.birth_edit.setText("12/04/1985")
    qtbot.waitUntil(lambda: not form.similar_frame.isHidden())
    assert form.similar_names() == ["Thào A Sử — 12/04/1985 — xã Sán Chải"]
    click_ok(qtbot, form)  # saving it anyway needs the user's word
    assert "cùng họ tên và ngày sinh" in form.warning_label.text()
    assert Trainee.select().count() == 2


def test_inline_form_can_enrol_the_person_already_on_file(session, qtbot):
    course = add_course(CourseInput("NTVD-2026-01", "NTVD", "Khóa I", "02/03/2026", "06/03/2026"))
    sử = add_trainee(TraineeInput("Thào A Sử", "12/04/1985"))
    window = MainWindow(session)
    qtbot.addWidget(window)
    from app.ui.course_detail import open_course

    w = open_course(course.id, window)
    form = w.trainees_tab.add_new()
    form.full_name_edit.setText("Thào A Sử")
    form.birth_edit.setText("1985")
    form.update_similar()
    assert form.use_existing_button.isVisibleTo(form)
    qtbot.mouseClick(form.use_existing_button, Qt.MouseButton.LeftButton)
    assert [e.trainee_id for e in Enrollment.select()] == [sử.id] and Trainee.select().count() == 1
    w.close()


def _history_world():
    ntvd = add_course(CourseInput("NTVD-2023-01", "NTVD", "Bồi dưỡng nhận thức về Đảng khóa I năm 2023",
                                  "06/03/2023", "10/03/2023"))
    dvm = add_course(CourseInput("DVM-2024-02", "DVM", "Đảng viên mới khóa II năm 2024", "04/03/2024", "09/03/2024"))
    keep = add_trainee(TraineeInput("Thào A Sử", "12/04/1985", "Nam", "Mông", unit="xã Sán Chải"))
    other = add_trainee(TraineeInput("Thào A Sử", "12/04/1985", "Nam", "Mông", "010085001234"), confirmed=True)
    enrol_trainees(ntvd.id, [keep.id])
    enrol_trainees(dvm.id, [other.id])
    set_score(Enrollment.get(Enrollment.course == ntvd.id).id, "8,5")
    issue_certificates(ntvd.code, today=dt.date(2023, 3, 20))
    return keep, other, ntvd, dvm


def test_enter_opens_the_record_with_history_and_merge_keeps_every_class(window, qtbot, qtmodeltester):
    keep, other, _ntvd, _dvm = _history_world()
    window.show()
    qtbot.waitExposed(window)
    tab = window.trainees_tab
    tab.refresh()
    tab.focus_list()
    row = tab.model.ids().index(keep.id)
    tab.view.setCurrentIndex(tab.model.index(row, 0))
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    detail = tab.dialog
    assert detail.title.text() == "Thào A Sử — 12/04/1985"
    assert detail.values["unit"].text() == "xã Sán Chải"
    assert [(detail.model.index(0, c).data()) for c in (0, 5, 6, 7)] == ["NTVD-2023-01", "8,5", "Giỏi", "0001/2023"]
    assert "GCN NTVD số 0001/2023 cấp ngày 20/03/2023" in detail.validity.text()
    qtmodeltester.check(detail.model)

    merge = detail.merge()
    assert merge.search.model.ids() == [other.id]  # searched by the same name, the kept one left out
    assert not merge.merge_button.isEnabled()  # a reason first
    merge.reason_edit.setText("Nhập trùng khi nhập danh sách lớp")
    merge.search.view.setCurrentIndex(merge.search.model.index(0, 0))
    question = merge.ask()
    assert "Gộp hồ sơ Thào A Sử (12/04/1985, 1 lớp)" in question.text()
    question.yes_button.click()
    assert Trainee.select().count() == 1
    assert sorted(e.course.code for e in Enrollment.select()) == ["DVM-2024-02", "NTVD-2023-01"]
    assert Trainee.get_by_id(keep.id).citizen_id == "010085001234"
    assert AuditEntry.get(AuditEntry.action == "merge").reason == "Nhập trùng khi nhập danh sách lớp"
    assert detail.model.rowCount() == 2  # the record shows both classes now
    assert detail.values["citizen_id"].text() == "010085001234"


def test_merge_is_refused_when_both_are_in_the_same_class(window, qtbot):
    keep, other, ntvd, _dvm = _history_world()
    enrol_trainees(ntvd.id, [other.id])
    window.trainees_tab.refresh()  # written behind the window's back
    merge = window.trainees_tab.open_row(window.trainees_tab.model.ids().index(keep.id)).merge()
    merge.reason_edit.setText("Trùng")
    merge.search.view.setCurrentIndex(merge.search.model.index(0, 0))
    merge.ask().yes_button.click()
    assert merge.error.text() == ("Hai học viên cùng có trong lớp NTVD-2023-01: hãy bỏ một người khỏi lớp "
                                  "trước khi gộp.")
    assert Trainee.select().count() == 2


def test_edit_from_the_record(window, qtbot):
    keep, *_ = _history_world()
    window.trainees_tab.refresh()
    detail = window.trainees_tab.open_row(window.trainees_tab.model.ids().index(keep.id))
    form = detail.edit()
    assert form.full_name_edit.text() == "Thào A Sử" and form.unit_edit.text() == "xã Sán Chải"
    form.phone_edit.setText("0912 345 678")
    click_ok(qtbot, form)
    # A namesake (same name and birth date) is on file, but name and birth did not change: the
    # clerk was asked when the record was made and is not asked again for a phone number.
    assert form.warning_label.text() == ""
    assert Trainee.get_by_id(keep.id).phone == "0912 345 678"
    assert detail.values["phone"].text() == "0912 345 678"


def test_delete_on_the_list_asks_for_a_reason_and_refuses_a_trainee_with_classes(window, qtbot):
    from app.services.trainees import TraineeInput, add_trainee
    from app.store.models import AuditEntry

    typo = add_trainee(TraineeInput("Thào A Sửu", "1990", "Nam"))
    keep, *_ = _history_world()
    tab = window.trainees_tab
    tab.refresh()
    tab.view.setCurrentIndex(tab.model.index(tab.model.ids().index(keep.id), 0))
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)
    tab.dialog.reason_edit.setPlainText("Nhập nhầm")
    tab.dialog.accept()
    assert Trainee.get_or_none(Trainee.id == keep.id) is not None  # has classes: refused
    assert "không xóa được" in tab.dialog.text()
    tab.dialog.close()
    tab.refresh()
    tab.view.setCurrentIndex(tab.model.index(tab.model.ids().index(typo.id), 0))
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)
    tab.dialog.reason_edit.setPlainText("Nhập nhầm")
    tab.dialog.accept()
    assert Trainee.get_or_none(Trainee.id == typo.id) is None
    assert AuditEntry.get(AuditEntry.entity == "trainee").reason == "Nhập nhầm"
    qtbot.waitUntil(lambda: typo.id not in tab.model.ids())
