"""The Giảng viên tab and the instructor's record: the list with the year's hours, Ctrl+N for a new
instructor, Enter for the detail (hours against the norm, lessons, feedback, awards,
observations), forms that show a refusal next to its field and write nothing; the templates
catalogue versions a template when its questions change."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.services import feedback_templates as templates
from app.services import instructor_records as records
from app.services.feedback import instructor_summary, template_info
from app.services.instructors import hours_by_instructor, hours_by_year, lessons_taught
from app.store.models import Award, Instructor, Observation
from app.ui.dialogs import instructor_detail
from app.ui.dialogs.feedback_templates import open_feedback_templates
from app.ui.dialogs.instructor_form import InstructorForm, RecordForm
from app.ui.main_window import MainWindow
from app.ui.tabs.instructors import InstructorsTab

pytestmark = pytest.mark.gui


def save(qtbot, form: RecordForm) -> None:
    qtbot.mouseClick(form.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


@pytest.fixture
def tab(qtbot, demo_session):
    tab = InstructorsTab()
    qtbot.addWidget(tab)
    tab.show()
    return tab


def test_the_tab_lists_the_sixteen_demo_instructors_with_this_years_hours(tab, qtmodeltester):
    year = dt.date.today().year
    expected = {r.full_name: r.standard_hours for r in hours_by_instructor(dt.date(year, 1, 1),
                                                                           dt.date(year, 12, 31))}
    model = tab.model
    assert model.rowCount() == 16 and tab.count_label.text() == "16 giảng viên"
    shown = {model.index(r, 0).data(): model.index(r, 7).data() for r in range(16)}
    assert shown == {name: f"{hours:.1f}".replace(".", ",") for name, hours in expected.items()}
    assert sum(expected.values()) > 0
    kinds = [model.index(r, 1).data() for r in range(16)]
    assert kinds.count("Chuyên trách") == 2 and kinds.count("Kiêm chức") == 14
    tab.kind_combo.setCurrentIndex(tab.kind_combo.findData("full_time"))
    assert model.rowCount() == 2
    qtmodeltester.check(model)


def test_ctrl_n_adds_an_instructor_and_a_missing_name_is_refused_next_to_the_field(demo_session, qtbot):
    window = MainWindow(demo_session)
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(window.instructors_tab)
    tab = window.instructors_tab
    tab.view.setFocus()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(tab.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = tab.form
    assert isinstance(form, InstructorForm) and form.isVisible()
    form.fields["birth_year"].setText("1985")
    save(qtbot, form)
    assert form.isVisible() and form.errors["full_name"].text() == "Cần nhập họ và tên giảng viên."
    assert Instructor.select().count() == 16
    form.fields["full_name"].setText("Thào Thị Mỷ")
    form.fields["theory_level"].setCurrentIndex(form.fields["theory_level"].findData("CC"))
    save(qtbot, form)
    assert not form.isVisible()
    assert tab.model.rowCount() == 17
    current = tab.model.row_at(tab.view.currentIndex().row())
    assert (current.full_name, current.kind_name, current.theory_level) == ("Thào Thị Mỷ", "Kiêm chức", "Cao cấp")


def test_enter_opens_the_detail_with_hours_lessons_feedback_awards_and_observations(tab, qtbot, qtmodeltester):
    mai = next(r for r in range(16) if tab.model.index(r, 0).data() == "Giàng Thị Mai")
    tab.view.setFocus()
    tab.view.setCurrentIndex(tab.model.index(mai, 0))
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    detail = instructor_detail._open[tab.model.row_at(mai).id]
    qtbot.addWidget(detail)
    instructor_id = detail.instructor_id
    by_year = hours_by_year(instructor_id)
    assert detail.hours_model.rowCount() == len(by_year) > 0
    latest = by_year[-1]
    cells = [detail.hours_model.index(0, c).data() for c in range(detail.hours_model.columnCount())]
    assert cells[0] == str(latest.year) and cells[-3] == f"{latest.standard_hours:.1f}".replace(".", ",")
    assert cells[-2] == "120"
    assert detail.year_combo.currentData() == latest.year
    taught = lessons_taught(instructor_id, latest.year)
    assert detail.lessons_model.rowCount() == len(taught) > 0
    assert {detail.lessons_model.row_at(r).date.year for r in range(len(taught))} == {latest.year}
    hours_text = f"{sum(r.standard_hours for r in taught):.1f}".replace(".", ",")
    assert detail.lessons_label.text() == f"Buổi giảng năm {latest.year}: {len(taught)} buổi, {hours_text} giờ chuẩn."
    detail.year_combo.setCurrentIndex(0)  # every year: satisfaction across all classes
    summary = instructor_summary(instructor_id)
    assert detail.questions_model.rowCount() == len(summary)
    assert detail.questions_model.index(0, 1).data() == str(summary[0].responses)
    assert detail.courses_model.rowCount() == len(records.feedback_by_course(instructor_id)) > 0
    assert detail.awards.model.rowCount() == len(records.awards(instructor_id))
    assert detail.observations.model.rowCount() == len(records.observations(instructor_id))
    for model in (detail.hours_model, detail.lessons_model, detail.questions_model, detail.courses_model,
                  detail.awards.model):
        qtmodeltester.check(model)


def test_awards_and_observations_are_added_refused_and_deleted_from_the_detail(tab, qtbot, monkeypatch):
    instructor_id = tab.model.row_at(0).id
    detail = instructor_detail.open_instructor_detail(instructor_id)
    qtbot.addWidget(detail)
    qtbot.waitUntil(detail.isActiveWindow)  # shortcuts go to the active window
    awards_before = Award.select().count()
    detail.tabs.setCurrentWidget(detail.awards)
    detail.awards.view.setFocus()
    qtbot.keyClick(detail.awards.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = detail.form
    form.fields["year"].setText("2030")
    save(qtbot, form)
    assert "không hợp lệ" in form.errors["year"].text() and Award.select().count() == awards_before
    form.fields["year"].setText("2018")
    form.fields["level"].setCurrentIndex(form.fields["level"].findData("tinh"))
    form.fields["prize"].setCurrentIndex(form.fields["prize"].findData("ba"))
    save(qtbot, form)
    rows = records.awards(instructor_id)
    assert any((r.year, r.level, r.prize) == (2018, "Cấp tỉnh", "Giải Ba") for r in rows)
    assert detail.awards.model.rowCount() == len(rows)

    detail.tabs.setCurrentWidget(detail.observations)
    detail.add_observation()
    form = detail.form
    form.fields["date"].setText("31/02/2019")
    save(qtbot, form)
    assert form.errors["date"].text().startswith("Ngày không có thật")
    form.fields["date"].setText("12/04/2019")
    form.fields["rating"].setCurrentIndex(form.fields["rating"].findData("K"))
    form.fields["strengths"].setPlainText("Nắm chắc nội dung")
    save(qtbot, form)
    assert detail.observations.model.index(0, 0).data() == "12/04/2019"

    asked = []
    monkeypatch.setattr(instructor_detail, "ask", lambda *a, **k: asked.append(a[2]) or True)
    detail.observations.view.setFocus()
    detail.observations.view.setCurrentIndex(detail.observations.model.index(0, 0))
    before = Observation.select().count()
    qtbot.keyClick(detail.observations.view, Qt.Key.Key_Delete)
    assert asked == ["Xóa lần dự giờ, thao giảng này?"] and Observation.select().count() == before - 1


def test_edited_norms_change_the_share_of_the_norm_in_the_list(tab, qtbot):
    form = tab.edit_norms()
    qtbot.addWidget(form)
    form.fields["full_time"].setText("nhiều")
    save(qtbot, form)
    assert "không phải là số" in form.errors["full_time"].text()
    form.fields["full_time"].setText("150")
    save(qtbot, form)
    full_time = [tab.model.index(r, 8).data() for r in range(16) if tab.model.index(r, 1).data() == "Chuyên trách"]
    assert full_time == ["150", "150"]


def test_the_templates_catalogue_makes_a_new_version_when_questions_change(session, qtbot, qtmodeltester):
    dialog = open_feedback_templates()
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 1 and dialog.code_edit.text() == "MAC_DINH"
    dialog.questions_edit.setPlainText(dialog.questions_edit.toPlainText() + "\nTài liệu học tập")
    dialog.scale_table.item(3, 0).setText("7")
    dialog.scale_table.item(3, 0).setText("0")
    assert dialog.save() is not None
    assert [(r.version, r.active) for r in templates.list_templates()] == [(2, True), (1, False)]
    assert template_info().questions[-1][1] == "Tài liệu học tập"
    assert [v for v, _ in template_info().scale] == [4, 3, 2, 0]
    dialog.scale_table.item(0, 0).setText("12")
    assert dialog.save() is None and "một chữ số" in dialog.message.text()
    assert len(templates.list_templates()) == 2
    qtmodeltester.check(dialog.model)
    dialog.close()
    QApplication.processEvents()


def test_the_catalogue_menu_opens_the_feedback_templates(session, qtbot):
    from app.ui.dialogs.feedback_templates import FeedbackTemplatesDialog
    from app.ui.main_window import MainWindow

    window = MainWindow(session)
    qtbot.addWidget(window)
    action = next(a for m in window.menuBar().actions() if m.menu() for a in m.menu().actions()
                  if a.text() == "Mẫu phiếu phản hồi…")
    action.trigger()
    dialog = window.findChild(FeedbackTemplatesDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.close()
