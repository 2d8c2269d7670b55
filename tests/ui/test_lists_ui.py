"""Issue 16: lists to Excel from where they are shown, Nhập hồ sơ cũ, and screens that show what they must."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from app.services.courses import CourseInput, add_course
from app.services.enrolment import enrol_trainees
from app.services.trainees import TraineeInput, add_trainee
from app.store.models import Certificate, Course, Trainee
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.gui

LONG_NAME = "Tôn Nữ Hoàng Thị Phương Thảo Nguyên Khánh Linh"


@pytest.fixture
def window(session, qtbot):
    w = MainWindow(session)
    qtbot.addWidget(w)
    return w


@pytest.fixture
def course(session):
    return add_course(CourseInput("NTVD-2026-01", "NTVD", "Bồi dưỡng nhận thức về Đảng khóa I năm 2026",
                                  "02/03/2026", "06/03/2026", venue="Hội trường Trung tâm"))


def people() -> list[int]:
    return [add_trainee(TraineeInput(name, birth=birth, gender=gender, ethnic_group=ethnic, unit=unit,
                                     party_member=member)).id
            for name, birth, gender, ethnic, unit, member in (
                ("Nguyễn Văn An", "12/03/1980", "Nam", "Kinh", "Xã Bản Mế", True),
                ("Nguyễn Thị Bình", "1985", "Nữ", "Tày", "Xã Sán Chải", False),
                (LONG_NAME, "01/01/1990", "Nữ", "Kinh", "Ủy ban nhân dân xã Sán Chải", False),
                ("Lù Văn Páo", "1979", "Nam", "Mông", "Xã Bản Mế", True))]


def _body(path) -> list[tuple]:
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    header = next(r for r in range(1, 6) if sheet.cell(r, 1).value == "STT")
    rows = list(sheet.iter_rows(min_row=header + 1, values_only=True))
    workbook.close()
    return rows


def test_the_trainee_tab_exports_its_filter_on_the_executor(window, qtbot, tmp_path):
    people()
    tab = window.trainees_tab
    tab.filter_edit.setText("nguyen")
    tab.refresh()
    task = tab.export_excel(tmp_path / "hv.xlsx")
    assert not tab.export_button.isEnabled()  # until the job is over
    with qtbot.waitSignal(task.finished, timeout=20000):
        pass
    shown = [tab.model.row_at(i).full_name for i in range(tab.model.row_count())]
    assert [r[1] for r in _body(tmp_path / "hv.xlsx")] == shown == ["Nguyễn Văn An", "Nguyễn Thị Bình", LONG_NAME]
    assert tab.export_button.isEnabled()
    assert "Đã xuất 3 học viên" in window.statusBar().currentMessage()


def test_the_class_list_and_instructors_export_what_they_show(window, course, qtbot, tmp_path):
    tab = window.courses_tab
    tab.fill_years()  # the class was added by the service directly, not announced
    tab.year_combo.setCurrentIndex(tab.year_combo.findData(2026))
    tab.refresh()
    task = tab.export_excel(tmp_path / "lop.xlsx")
    with qtbot.waitSignal(task.finished, timeout=20000):
        pass
    assert [r[1] for r in _body(tmp_path / "lop.xlsx")] == ["NTVD-2026-01"]
    task = window.instructors_tab.export_excel(tmp_path / "gv.xlsx")
    with qtbot.waitSignal(task.finished, timeout=20000):
        pass
    assert len(_body(tmp_path / "gv.xlsx")) == window.instructors_tab.model.row_count()


def test_a_class_roster_exports_with_gender_ethnic_group_and_party(window, course, qtbot, tmp_path):
    from app.ui.course_detail import open_course

    enrol_trainees(course.id, people())
    detail = open_course(course.id, window)
    qtbot.waitExposed(detail)
    task = detail.trainees_tab.export_excel(tmp_path / "ds.xlsx")
    with qtbot.waitSignal(task.finished, timeout=20000):
        pass
    detail.close()
    rows = {r[1]: r for r in _body(tmp_path / "ds.xlsx")}
    assert rows["Nguyễn Văn An"][3:7] == ("Nam", "Kinh", "Đảng viên", "Xã Bản Mế")
    assert rows["Nguyễn Thị Bình"][3:6] == ("Nữ", "Tày", None)


def test_the_trainee_export_counts_its_rows_to_the_end(window, qtbot, tmp_path):
    people()
    tab = window.trainees_tab
    tab.refresh()
    task = tab.export_excel(tmp_path / "hv.xlsx")
    seen: list[tuple[int, int]] = []
    task.advanced.connect(lambda done, total: seen.append((done, total)))
    with qtbot.waitSignal(task.finished, timeout=20000):
        pass
    total = tab.model.row_count()
    assert seen[-1] == (total, total) and len(_body(tmp_path / "hv.xlsx")) == total


def test_hu_stops_a_class_list_export_and_leaves_no_file(window, course, qtbot, tmp_path, monkeypatch):
    """Every list's export has the long list's dialog: rows written out of all, and Hủy. The writer is
    held at its first count until Hủy is clicked: nothing, not even a temporary file, is left."""
    import threading

    from PySide6.QtWidgets import QPushButton

    from app.outputs import lists as outputs_lists

    real, clicked = outputs_lists.export_courses, threading.Event()

    def held(path, rows, subtitle="", *, progress, cancelled):
        def counted(done, total):
            progress(done, total)
            clicked.wait(20)
        return real(path, rows, subtitle, progress=counted, cancelled=cancelled)

    monkeypatch.setattr(outputs_lists, "export_courses", held)
    tab = window.courses_tab
    tab.fill_years()
    tab.year_combo.setCurrentIndex(tab.year_combo.findData(2026))
    tab.refresh()
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "lop.xlsx"
    task = tab.export_excel(target)
    with qtbot.waitSignal(task.dialog_shown, timeout=20000):
        pass
    qtbot.waitUntil(lambda: "đã ghi 0/1 dòng" in task.dialog.labelText(), timeout=20000)
    assert task.dialog.labelText() == "Đang xuất danh sách lớp ra Excel: đã ghi 0/1 dòng…"
    cancel = next(b for b in task.dialog.findChildren(QPushButton) if b.text() == "Hủy")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    clicked.set()
    with qtbot.waitSignal(task.finished, timeout=20000):
        pass
    assert task.was_cancelled
    assert list((tmp_path / "out").iterdir()) == []
    assert window.statusBar().currentMessage() == "Đã dừng xuất Excel; không tạo tệp."
    assert tab.export_button.isEnabled()


# --- Nhập hồ sơ cũ ----------------------------------------------------------------------------


def test_history_import_through_the_dialog(window, qtbot, tmp_path):
    from tests.fixtures.old_records import ROSTER, make_workbook

    roster = [*ROSTER, (3, "NQ-2019-01", "Giàng Thị Mai", "1985", "Nữ", "Mông", "", "", "Xã Bản Mế", "", "", "", "")]
    path = make_workbook(tmp_path / "ho-so.xlsx", roster=roster)
    dialog = window.open_history_import()
    template = dialog.save_template(tmp_path / "mau.xlsx")
    assert template is not None and template.exists()
    with qtbot.waitSignal(dialog.preview_shown, timeout=20000):
        dialog.choose_file(path)
    assert dialog.classes.rowCount() == 3 and dialog.questions.rowCount() == 1
    assert not dialog.import_button.isEnabled()  # a question is open
    combo = dialog.questions.cellWidget(0, 5)
    combo.setCurrentIndex(combo.findData("f:1"))
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=20000):
        dialog.import_button.click()
    assert Course.select().count() == 3 and Certificate.select().count() == 4
    assert Trainee.select().where(Trainee.full_name == "Giàng Thị Mai").count() == 1
    assert "Đã nhập 3 lớp" in window.statusBar().currentMessage()


def test_history_import_of_an_ods_saved_by_libreoffice(window, qtbot, tmp_path):
    import os

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "old_records.ods"
    dialog = window.open_history_import()
    with qtbot.waitSignal(dialog.preview_shown, timeout=20000):
        dialog.choose_file(fixture)
    assert dialog.classes.rowCount() == 3 and dialog.problems.count() == 0 and dialog.import_button.isEnabled()
    if os.environ.get("BOIDUONG_SCREENSHOTS"):
        dialog.grab().save(os.path.join(os.environ["BOIDUONG_SCREENSHOTS"], "history_import_ods.png"))
    with qtbot.waitSignal(dialog.accepted, timeout=20000):
        dialog.import_button.click()
    assert Course.select().count() == 3 and Certificate.select().count() == 4 and Trainee.select().count() == 5


def test_history_import_with_errors_writes_nothing(window, qtbot, tmp_path):
    from tests.fixtures.old_records import CLASSES, make_workbook

    classes = [(CLASSES[0][0], "XYZ", *CLASSES[0][2:]), *CLASSES[1:]]
    dialog = window.open_history_import()
    with qtbot.waitSignal(dialog.preview_shown, timeout=20000):
        dialog.choose_file(make_workbook(tmp_path / "ho-so.xlsx", classes=classes))
    assert dialog.problems.count() >= 1 and not dialog.import_button.isEnabled()
    assert "chưa ghi gì" in dialog.summary.text()
    dialog.grab().save(str(tmp_path / "history-errors.png"))
    assert Course.select().count() == 0


def test_history_import_names_a_sheet_it_did_not_read(window, qtbot, tmp_path):
    from openpyxl import load_workbook

    from tests.fixtures.old_records import make_workbook

    path = make_workbook(tmp_path / "ho-so.xlsx")
    workbook = load_workbook(path)
    workbook.create_sheet("Bổ sung NQ").append(["Mã lớp", "Họ và tên", "Tuổi"])
    workbook.save(path)
    dialog = window.open_history_import()
    with qtbot.waitSignal(dialog.preview_shown, timeout=20000):
        dialog.choose_file(path)
    assert ("Không đọc trang \u201cBổ sung NQ\u201d: không có dòng tiêu đề của danh sách lớp, danh sách học viên "
            "hay sổ cấp GCN.") in dialog.summary.text()
    assert dialog.import_button.isEnabled()  # said, not refused: a workbook may hold notes and charts
    summary = dialog.summary  # two lines: the layout gives the label the height its text needs
    qtbot.waitUntil(lambda: summary.height() >= summary.heightForWidth(summary.width()), timeout=5000)
    dialog.grab().save(str(tmp_path / "history-ignored-sheet.png"))


# --- screens show what they must ----------------------------------------------------------------


def _name_width(view) -> int:
    return view.fontMetrics().horizontalAdvance(LONG_NAME)


def test_the_enrol_dialog_never_cuts_a_long_name(window, course, qtbot):
    people()
    from app.ui.dialogs.enrol_search import EnrolSearchDialog

    dialog = EnrolSearchDialog(course.id, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.search.view.columnWidth(0) >= _name_width(dialog.search.view)


def test_the_class_roster_shows_gender_ethnic_group_party_and_unit_and_never_cuts_a_name(window, course, qtbot):
    from app.ui.course_detail import open_course

    enrol_trainees(course.id, people())
    detail = open_course(course.id, window)
    qtbot.waitExposed(detail)
    tab = detail.trainees_tab
    model = tab.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    for name in ("Giới tính", "Dân tộc", "Đảng viên", "Đơn vị"):
        assert name in headers
    row = next(r for r in range(model.rowCount()) if model.row_at(r).full_name == "Nguyễn Văn An")
    assert [model.index(row, model.column_of(n)).data() for n in ("Giới tính", "Dân tộc", "Đảng viên", "Đơn vị")] == [
        "Nam", "Kinh", "Đảng viên", "Xã Bản Mế"]
    assert tab.view.columnWidth(0) >= _name_width(tab.view)
    assert tab.view.frozen.columnWidth(0) == tab.view.columnWidth(0)  # the frozen names follow
    detail.close()


def test_a_success_message_clears_when_the_user_moves_on(window, course, qtbot):
    from app.ui.course_detail import open_course

    enrol_trainees(course.id, people())
    detail = open_course(course.id, window)
    qtbot.waitExposed(detail)
    tab = detail.trainees_tab
    tab.show_message("Đã ghi 4 học viên vào lớp.", error=False)
    assert tab.message.text()
    tab.view.setCurrentIndex(tab.model.index(2, 1))
    assert tab.message.text() == ""
    tab.show_message("Điểm phải từ 0 đến 10.")  # an error stays until the next value
    tab.view.setCurrentIndex(tab.model.index(1, 1))
    assert tab.message.text() == "Điểm phải từ 0 đến 10."
    detail.close()


def test_the_roster_preview_shows_the_person_columns_and_whole_names(window, course, qtbot, tmp_path):
    from openpyxl import Workbook

    from app.services.roster_import import preview_roster
    from app.ui.dialogs.roster_import import RosterPreviewDialog

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Đảng viên", "Đơn vị công tác"])
    sheet.append([1, LONG_NAME, "01/01/1990", "Nữ", "Kinh", "x", "Xã Bản Mế"])
    sheet.append([2, "Lù Văn Páo", "1979", "Nam", "Mông", "", "Xã Bản Mế"])
    workbook.save(tmp_path / "ds.xlsx")
    dialog = RosterPreviewDialog(preview_roster(tmp_path / "ds.xlsx", course.code), window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    model = dialog.model
    headers = [c.header for c in model.columns]
    row = [model.index(0, headers.index(h)).data()
           for h in ("Họ và tên", "Giới tính", "Dân tộc", "Đảng viên", "Đơn vị")]
    assert row == [LONG_NAME, "Nữ", "Kinh", "Đảng viên", "Xã Bản Mế"]
    assert dialog.view.columnWidth(headers.index("Họ và tên")) >= _name_width(dialog.view)


def test_the_class_list_never_cuts_a_code(window, qtbot):
    from app.ui.events import perform

    long_code = "QPAN4-DT4-2026-KHOA-01-XA-SAN-CHAI"
    perform(add_course, CourseInput(long_code, "QPAN4", "Lớp có mã dài", "02/03/2026", "06/03/2026"))
    tab = window.courses_tab
    tab.year_combo.setCurrentIndex(tab.year_combo.findData(2026))
    assert tab.model.row_count() == 1
    assert tab.view.columnWidth(0) >= tab.view.fontMetrics().horizontalAdvance(long_code)


def test_the_status_bar_counts_follow_changes(window, qtbot):
    from app.ui.events import perform

    assert "0 học viên" in window.status_label.text()
    perform(add_trainee, TraineeInput("Lù Văn Páo", birth="1979"))
    assert "· 1 học viên ·" in window.status_label.text()
    perform(add_course, CourseInput("NQ-2026-01", "NQ", "Quán triệt nghị quyết", "02/03/2026", "03/03/2026"))
    assert "· 1 lớp ·" in window.status_label.text()


def test_the_report_table_fills_its_space(window, qtbot):
    window.resize(1280, 780)
    window.show()
    qtbot.waitExposed(window)
    tab = window.reports_tab
    with qtbot.waitSignal(tab.shown, timeout=20000):
        window.tabs.setCurrentWidget(tab)
    table = tab.preview_widget.table
    header = table.horizontalHeader()
    assert header.length() >= table.viewport().width() - 1
    window.resize(1600, 900)  # a wider window: the table grows with it
    qtbot.waitUntil(lambda: header.length() >= table.viewport().width() - 1 and table.viewport().width() > 1000)


# --- the history of a person: picked among namesakes, or from the record ----------------------


@pytest.fixture
def namesakes(session):
    import datetime as dt

    from app.services.certificates import issue_certificates
    from app.services.results import set_score
    from app.store.models import Enrollment

    older = add_trainee(TraineeInput("Thào A Sử", "1970", "Nam", "Mông", unit="Xã Sán Chải"))
    younger = add_trainee(TraineeInput("Thào A Sử", "12/04/1985", "Nam", "Mông", unit="Xã Bản Mế"), confirmed=True)
    ntvd = add_course(CourseInput("NTVD-2023-01", "NTVD", "Nhận thức về Đảng khóa I năm 2023", "06/03/2023",
                                  "10/03/2023"))
    enrol_trainees(ntvd.id, [younger.id])
    set_score(Enrollment.get(Enrollment.course == ntvd.id).id, "8,5")
    issue_certificates(ntvd.code, today=dt.date(2023, 3, 20))
    return older, younger


def test_the_history_report_lets_the_clerk_pick_among_namesakes(window, qtbot, namesakes):
    older, younger = namesakes
    window.resize(1280, 780)
    window.show()
    tab = window.reports_tab
    window.tabs.setCurrentWidget(tab)
    tab.select_report("history")
    tab.trainee_edit.setText("thao a su")
    with qtbot.waitSignal(tab.failed, timeout=20000):
        tab.preview()
    picker = tab.picker
    assert picker is not None and picker.table.rowCount() == 2
    assert {c.id for c in picker.candidates} == {older.id, younger.id}
    rows = {picker.table.item(r, 1).text(): r for r in range(2)}
    assert set(rows) == {"1970", "12/04/1985"}
    assert picker.table.item(rows["12/04/1985"], 3).text() == "Xã Bản Mế"
    assert picker.table.item(rows["12/04/1985"], 4).text() == "NTVD-2023-01"
    picker.table.selectRow(rows["12/04/1985"])
    with qtbot.waitSignal(tab.shown, timeout=20000):
        picker.accept()
    assert tab.trainee_id == younger.id
    assert "12/04/1985" in tab.data.document.subtitle
    assert [row[8] for row in tab.data.document.cells] == ["0001/2023"]


def test_the_record_prints_the_history_and_reprints_a_certificate(window, qtbot, namesakes):
    from app.store.models import Certificate
    from app.ui.dialogs.trainee_detail import TraineeDetailDialog

    _older, younger = namesakes
    dialog = TraineeDetailDialog(younger.id, window)
    qtbot.addWidget(dialog)
    dialog.show()
    task = dialog.print_history()
    with qtbot.waitSignal(task.finished, timeout=20000):
        pass
    assert dialog.preview is not None and dialog.preview.page_count() >= 1
    assert "Thào A Sử" in dialog.preview.windowTitle()
    dialog.preview.close()
    assert dialog.reprint_button.isEnabled()  # the class with a certificate is selected
    task = dialog.reprint_certificate()
    with qtbot.waitSignal(task.finished, timeout=20000):
        pass
    assert "0001/2023" in dialog.preview.windowTitle()
    dialog.preview.printed.emit(1)  # as the print dialog does once the page went to the printer
    assert Certificate.get().print_count == 1 and Certificate.get().number == 1  # the same number
    dialog.preview.close()
