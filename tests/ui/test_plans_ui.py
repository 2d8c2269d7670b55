"""Kế hoạch năm and Đơn vị, cơ quan: the plan saved whole from its table, plan vs actual under the
class list, the program filter, and the organisation catalogue with aliases."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.services.courses import CourseInput, add_course, cancel_course
from app.services.enrolment import enrol_trainees
from app.services.plans import PlanInput, PlanItemInput, get_plan, save_plan
from app.services.trainees import TraineeInput, add_trainee
from app.store.models import AnnualPlan, Organization
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def click_ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


@pytest.fixture
def small_year(session):
    """2025: a plan of 2 NTVD classes (100 trainees) and 1 SC class (40); three classes held."""
    save_plan(PlanInput(2025, "15-KH/TTCT", "10/01/2025", items=[
        PlanItemInput("NTVD", 2, 100, "Ban Tổ chức Huyện ủy", 3), PlanItemInput("SC", 1, 40)]))
    people = [add_trainee(TraineeInput(f"Thào A {g}", birth="1990")).id for g in ("Sử", "Páo", "Chớ", "Dơ")]
    a = add_course(CourseInput("NTVD-2025-01", "NTVD", "Khóa I", "03/03/2025", "07/03/2025", status="finished"))
    b = add_course(CourseInput("NTVD-2025-02", "NTVD", "Khóa II", "08/09/2025", "12/09/2025"))
    c = add_course(CourseInput("CNKT-2025-01", "CNKT", "Chuyên đề", "04/04/2025", "04/04/2025"))
    gone = add_course(CourseInput("SC-2025-01", "SC", "Sơ cấp", "05/05/2025", "05/06/2025"))
    enrol_trainees(a.id, people)
    enrol_trainees(b.id, people[:2])
    enrol_trainees(c.id, people[:1])
    cancel_course(gone.code, "Hoãn sang năm sau")
    return session


@pytest.fixture
def window(small_year, qtbot):
    w = MainWindow(small_year)
    qtbot.addWidget(w)
    return w


def test_plan_vs_actual_under_the_class_list(window, qtmodeltester):
    tab = window.courses_tab
    assert tab.year() == 2025
    assert tab.plan_title.text() == "Thực hiện kế hoạch năm 2025 (Kế hoạch số 15-KH/TTCT ngày 10/01/2025)"
    model = tab.plan_model
    table = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert table == [
        ["Bồi dưỡng nhận thức về Đảng", "2", "2", "100%", "100", "6", "6%"],
        ["Sơ cấp lý luận chính trị", "1", "0", "0%", "40", "0", "0%"],
        ["Cập nhật kiến thức, chuyên đề", "0", "1", "", "0", "1", ""],
        ["Tổng cộng", "3", "3", "100%", "140", "7", "5%"],
    ]
    qtmodeltester.check(model)
    qtmodeltester.check(tab.model)


def test_program_filter(window):
    tab = window.courses_tab
    tab.program_combo.setCurrentIndex(tab.program_combo.findData("NTVD"))
    assert [tab.model.row_at(i).code for i in range(tab.model.rowCount())] == ["NTVD-2025-01", "NTVD-2025-02"]
    tab.program_combo.setCurrentIndex(0)
    assert tab.model.rowCount() == 4


def test_annual_plan_dialog_saves_the_table_whole(window, qtbot):
    dialog = window.courses_tab.open_plan()
    assert (dialog.year_spin.value(), dialog.document_edit.text(), dialog.approved_edit.text()) == (
        2025, "15-KH/TTCT", "10/01/2025")
    assert dialog.table.rowCount() == 2
    row = dialog.add_item()
    program, classes, trainees, partner, month, _note = (dialog.table.cellWidget(row, c) for c in range(6))
    program.setCurrentIndex(program.findData("CNKT"))
    classes.setValue(4)
    trainees.setValue(300)
    partner.setText("Hội Nông dân huyện")
    month.setCurrentIndex(month.findData(6))
    dialog.approved_edit.setText("31/02/2025")
    click_ok(qtbot, dialog)
    assert dialog.errors.visible() == {"approved_on": "Ngày không có thật: 31/02/2025 (ngày/tháng/năm)."}
    assert len(get_plan(2025).items) == 2  # nothing written
    dialog.approved_edit.setText("12/01/2025")
    click_ok(qtbot, dialog)
    plan = get_plan(2025)
    assert plan.approved_on == dt.date(2025, 1, 12)
    assert [(i.program_code, i.classes, i.trainees, i.partner, i.month) for i in plan.items] == [
        ("NTVD", 2, 100, "Ban Tổ chức Huyện ủy", 3), ("SC", 1, 40, "", None),
        ("CNKT", 4, 300, "Hội Nông dân huyện", 6)]
    model = window.courses_tab.plan_model  # the strip below the class list follows
    assert model.index(2, 1).data() == "4" and model.index(2, 4).data() == "300"


def test_a_new_year_starts_empty_and_is_saved_by_itself(window, qtbot):
    dialog = window.courses_tab.open_plan()
    dialog.year_spin.setValue(2026)
    assert dialog.table.rowCount() == 0 and dialog.document_edit.text() == ""
    dialog.document_edit.setText("02-KH/TTCT")
    dialog.add_item()
    click_ok(qtbot, dialog)
    assert AnnualPlan.select().count() == 2
    assert [(i.program_code, i.classes) for i in get_plan(2026).items] == [("NTVD", 1)]


def test_organisations_dialog_adds_with_aliases_and_filters(window, qtbot, qtmodeltester):
    dialog = window.open_organizations()
    before = dialog.model.rowCount()
    dialog.name_edit.setText("Ủy ban nhân dân xã Sán Chải")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("state"))
    dialog.aliases_edit.setPlainText("xã Sán Chải\nUBND Sán Chải\n")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    org = Organization.get(Organization.name == "Ủy ban nhân dân xã Sán Chải")
    assert org.kind == "state" and dialog.model.rowCount() == before + 1
    qtbot.keyClicks(dialog.filter_edit, "ubnd xa san chai")
    assert [dialog.model.row_at(i).name for i in range(dialog.model.rowCount())] == ["Ủy ban nhân dân xã Sán Chải"]
    assert dialog.model.index(0, 2).data() == "xã Sán Chải; UBND Sán Chải"
    qtmodeltester.check(dialog.model)

    dialog.new()
    dialog.name_edit.setText("UBND xã Sán Chải")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.visible() == {"name": "\"UBND xã Sán Chải\" trùng với đơn vị đã có: Ủy ban nhân dân xã "
                                               "Sán Chải."}
    assert Organization.select().where(Organization.name == "UBND xã Sán Chải").count() == 0

    dialog.view.setCurrentIndex(dialog.model.index(0, 0))  # edit the one in the list
    assert dialog.name_edit.text() == "Ủy ban nhân dân xã Sán Chải"
    dialog.active_check.setChecked(False)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not Organization.get_by_id(org.id).active
