"""The training officer's day in the class window: create a class, enrol by search, import a
commune's roster through the preview, paste rows, mark attendance and type scores by keyboard."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from openpyxl import Workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialogButtonBox, QLineEdit

from app.services.courses import CourseInput, add_course
from app.services.enrolment import enrol_trainees
from app.services.lessons import LessonInput, add_lesson
from app.services.organizations import OrganizationInput, add_organization
from app.services.trainees import TraineeInput, add_trainee
from app.store.models import Attendance, AuditEntry, Course, Enrollment, Lesson, Trainee
from app.ui.course_detail import CourseDetailWindow, open_course
from app.ui.dialogs.roster_import import PREVIEW_COLUMNS
from app.ui.main_window import MainWindow

# The "Lý do / bổ sung" column of the roster preview, found by its header.
NOTE_COLUMN = next(i for i, c in enumerate(PREVIEW_COLUMNS) if c.header == "Lý do / bổ sung")
pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def _class_of_march_imports_without_the_ended_question(monkeypatch):
    """These stories import into a class of March 2026, which has ended by the calendar; the question
    an ended class asks before an import is the story of tests/ui/test_ended_class_import.py."""
    from app.ui.dialogs.roster_import import RosterPreviewDialog

    monkeypatch.setattr(RosterPreviewDialog, "warn_ended", False)


@pytest.fixture
def window(session, qtbot):
    w = MainWindow(session)
    qtbot.addWidget(w)
    return w


@pytest.fixture
def course(session):
    return add_course(CourseInput("NTVD-2026-01", "NTVD", "Bồi dưỡng nhận thức về Đảng khóa I năm 2026",
                                  "02/03/2026", "06/03/2026", venue="Hội trường Trung tâm"))


def class_window(window, course, qtbot) -> CourseDetailWindow:
    w = open_course(course.id, window)
    qtbot.waitExposed(w)
    return w


def click_ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def people(*names: str) -> list[int]:
    return [add_trainee(TraineeInput(name, birth=f"{1980 + i}", gender="Nam", ethnic_group="Mông")).id
            for i, name in enumerate(names)]


# --- Lớp học: the class form ------------------------------------------------------------------


def test_create_a_class_through_the_form(window, qtbot):
    add_organization(OrganizationInput("Ủy ban nhân dân xã Sán Chải", kind="state"))
    dialog = window.courses_tab.add_new()
    dialog.program_combo.setCurrentIndex(dialog.program_combo.findData("DVM"))
    qtbot.keyClicks(dialog.start_edit, "02/03/2026")
    dialog.start_edit.editingFinished.emit()
    assert dialog.code_edit.text() == "DVM-2026-01"  # suggested from program and year
    assert dialog.name_edit.text() == "Bồi dưỡng lý luận chính trị dành cho đảng viên mới khóa I năm 2026"
    qtbot.keyClicks(dialog.end_edit, "31/02/2026")
    dialog.partner_edit.setText("UBND xã Sán Chải")  # QTest types ASCII only
    click_ok(qtbot, dialog)
    assert dialog.errors.visible() == {"end": "Ngày không có thật: 31/02/2026 (ngày/tháng/năm)."}
    assert Course.select().count() == 0

    dialog.end_edit.setText("28/02/2026")
    click_ok(qtbot, dialog)
    assert dialog.errors.visible() == {"end": "Ngày kết thúc 28/02/2026 trước ngày bắt đầu 02/03/2026."}
    assert Course.select().count() == 0

    dialog.end_edit.setText("07/03/2026")
    dialog.decision_number_edit.setText("25-QĐ/TTCT")
    dialog.decision_date_edit.setText("20/02/2026")
    dialog.monitor_edit.setText("Giàng Seo Phử")
    click_ok(qtbot, dialog)
    course = Course.get()
    assert (course.code, course.program.code, course.start_date, course.end_date, course.status) == (
        "DVM-2026-01", "DVM", dt.date(2026, 3, 2), dt.date(2026, 3, 7), "planned")
    assert (course.decision_number, course.decision_date, course.monitor) == (
        "25-QĐ/TTCT", dt.date(2026, 2, 20), "Giàng Seo Phử")
    assert course.partner.name == "Ủy ban nhân dân xã Sán Chải"  # the short form met the catalogue
    opened = [w for w in QApplication.topLevelWidgets() if isinstance(w, CourseDetailWindow) and w.isVisible()]
    assert [w.course_id for w in opened] == [course.id]
    tab = window.courses_tab
    assert tab.year() == 2026 and [tab.model.row_at(i).code for i in range(tab.model.rowCount())] == ["DVM-2026-01"]
    opened[0].close()


def test_duplicate_code_is_shown_next_to_the_code(window, course, qtbot):
    dialog = window.add_new()  # Ctrl+N on the Lớp học tab
    dialog.code_edit.setText(course.code)
    dialog.start_edit.setText("09/03/2026")
    dialog.end_edit.setText("13/03/2026")
    click_ok(qtbot, dialog)
    assert "đã được dùng" in dialog.errors.visible()["code"]
    assert Course.select().count() == 1


def test_info_tab_edits_cancels_and_refuses_to_delete_a_class_with_certificates(window, course, qtbot):
    from app.services.certificates import issue_certificates
    from app.services.results import set_score

    w = class_window(window, course, qtbot)
    info = w.info_tab
    assert info.values["venue"].text() == "Hội trường Trung tâm"
    form = info.edit()
    form.venue_edit.setText("Nhà văn hóa xã Sán Chải")
    click_ok(qtbot, form)
    assert Course.get_by_id(course.id).venue == "Nhà văn hóa xã Sán Chải"
    assert info.values["venue"].text() == "Nhà văn hóa xã Sán Chải"  # refreshed by the change hub

    enrol_trainees(course.id, people("Thào A Sử"))
    set_score(Enrollment.get().id, "8")
    issue_certificates(course.code, today=dt.date(2026, 3, 20))
    dialog = info.delete_course()
    assert not dialog.ok_button.isEnabled()  # asks for a reason first
    dialog.reason_edit.setPlainText("Mở nhầm")
    click_ok(qtbot, dialog)
    assert Course.get_or_none(Course.id == course.id) is not None
    assert "đã cấp giấy chứng nhận nên không xóa được" in info.dialog.text()
    info.dialog.close()

    dialog = info.cancel_course()
    from PySide6.QtWidgets import QLabel

    said = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "Lớp đã cấp 1 giấy chứng nhận: hủy lớp không hủy các giấy này" in said  # the question says it
    dialog.reason_edit.setPlainText("Không đủ học viên")
    click_ok(qtbot, dialog)
    again = Course.get_by_id(course.id)
    assert (again.status, again.cancel_reason) == ("cancelled", "Không đủ học viên")
    assert info.values["status"].text() == "Hủy — lý do: Không đủ học viên"
    assert AuditEntry.get(AuditEntry.action == "cancel").reason == "Không đủ học viên"
    w.close()


def test_delete_key_on_the_list_asks_for_a_reason_then_deletes(course, window, qtbot):
    window.show()
    qtbot.waitExposed(window)
    tab = window.courses_tab
    tab.focus_list()
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)
    dialog = tab.dialog
    assert dialog.windowTitle() == "Xóa lớp" and not dialog.ok_button.isEnabled()
    dialog.reason_edit.setPlainText("Tạo nhầm")
    click_ok(qtbot, dialog)
    assert Course.select().count() == 0 and tab.model.rowCount() == 0
    assert AuditEntry.get(AuditEntry.action == "delete").reason == "Tạo nhầm"


# --- Học viên: adding trainees --------------------------------------------------------------


def test_enrol_by_search(window, course, qtbot):
    sử, _páo = people("Thào A Sử", "Giàng Seo Páo")
    w = class_window(window, course, qtbot)
    dialog = w.trainees_tab.add_existing()
    qtbot.keyClicks(dialog.search.filter_edit, "thao a su")
    qtbot.waitUntil(lambda: not dialog.search.pending())
    assert dialog.search.model.ids() == [sử]
    qtbot.keyClick(dialog.search.filter_edit, Qt.Key.Key_Return)  # Enter adds the hit
    assert [e.trainee_id for e in Enrollment.select()] == [sử]
    assert dialog.message.text() == "Đã thêm vào lớp: Thào A Sử."
    grid = w.trainees_tab.model
    assert [grid.index(r, 0).data() for r in range(grid.rowCount())] == ["Thào A Sử"]
    w.close()


def test_add_a_new_trainee_inline(window, course, qtbot):
    w = class_window(window, course, qtbot)
    form = w.trainees_tab.add_new()
    form.full_name_edit.setText("Lù Thị Mai")
    form.birth_edit.setText("1992")
    form.unit_edit.setText("xã Bản Mế")
    click_ok(qtbot, form)
    assert [e.trainee.full_name for e in Enrollment.select()] == ["Lù Thị Mai"]
    assert w.trainees_tab.model.index(0, w.trainees_tab.model.column_of("Đơn vị")).data() == "xã Bản Mế"
    w.close()


def messy_roster(path):
    """A commune's roster: title rows (merged), the header, a column-number row, a blank row,
    a duplicate inside the file, a bad date, an extra column and a second sheet."""
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "ĐẢNG BỘ XÃ SÁN CHẢI"
    ws.merge_cells("A1:E1")
    ws["A2"] = "DANH SÁCH CỬ ĐI HỌC"
    ws.append([])
    ws.append(["STT", "Họ và tên", "Ngày, tháng, năm sinh", "Giới tính", "Dân tộc", "Chức vụ, đơn vị công tác",
               "Sở thích"])
    ws.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"])
    ws.append([1, "Thào A Sử", dt.datetime(1985, 4, 12), "Nam", "H'Mông", "Trưởng thôn Sán Chải", "bóng đá"])
    ws.append([2, "Giàng Thị Mỷ", "05/03/1990", "Nữ", "Mông", "Hội viên phụ nữ", ""])
    ws.append([])
    ws.append([3, "Lù Văn Páo", 1979, "Nam", "Nùng", "Công an viên", ""])
    ws.append([4, "Vàng Seo Chứ", "31/02/1988", "Nam", "Mông", "Thôn đội trưởng", ""])
    ws.append([5, "GIÀNG THỊ MỶ", "05-03-1990", "Nữ", "Mông", "", ""])
    wb.create_sheet("Ghi chú")["A1"] = "Danh sách do UBND xã lập"
    wb.save(path)
    return path


def read_on_worker(qtbot, tab, start, path):
    """The preview dialog, once the file was read on the worker."""
    with qtbot.waitSignal(tab.preview_opened, timeout=20000) as opened:
        start(path)
    return opened.args[0]


def test_import_a_roster_through_the_preview(window, course, qtbot, tmp_path, qtmodeltester):
    w = class_window(window, course, qtbot)
    dialog = read_on_worker(qtbot, w.trainees_tab, w.trainees_tab.import_file, messy_roster(tmp_path / "ds.xlsx"))
    model = dialog.model
    qtmodeltester.check(model)
    shown = [(model.index(r, 0).data(), model.index(r, 1).data(), model.index(r, 2).data())
             for r in range(model.rowCount())]
    # the "(1) (2) (3)" row under the header is shown as skipped, not read as a trainee
    assert shown == [("5", "Bỏ qua", "(1)"), ("6", "Mới", "Thào A Sử"), ("7", "Mới", "Giàng Thị Mỷ"),
                     ("9", "Mới", "Lù Văn Páo"), ("10", "Lỗi", "Vàng Seo Chứ"), ("11", "Trùng dòng 7", "Giàng Thị Mỷ")]
    assert model.index(5, 3).data() == "GIÀNG THỊ MỶ"  # the name as typed, beside the one stored
    assert "không có thật" in model.index(4, NOTE_COLUMN).data()
    assert model.index(4, 0).data(Qt.ItemDataRole.BackgroundRole).color().name() == "#f9d6d5"
    assert "5 dòng: 3 mới, 0 đã có, 1 trùng, 1 lỗi." in dialog.summary.text()
    assert "Không đọc cột \u201cSở thích\u201d (không phải cột của danh sách)." in dialog.summary.text()
    # An error row blocks the import until "Bỏ qua dòng lỗi" is ticked.
    assert not dialog.import_button.isEnabled()
    assert dialog.skip_check.isVisible()
    dialog.skip_check.setChecked(True)
    assert dialog.import_button.isEnabled()
    assert Enrollment.select().count() == 0 and Trainee.select().count() == 0
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert sorted(e.trainee.full_name for e in Enrollment.select()) == ["Giàng Thị Mỷ", "Lù Văn Páo", "Thào A Sử"]
    assert Trainee.select().count() == 3
    if window.session.url is None:  # a server is backed up on its own schedule (pg_dump)
        assert window.session.backups, "a backup is made before the import"
    assert w.trainees_tab.message.text() == "Đã ghi 3 học viên vào lớp (3 học viên mới), bỏ qua 1 dòng lỗi."
    assert w.trainees_tab.model.rowCount() == 3
    w.close()


def test_a_large_roster_is_written_off_the_gui_thread(window, course, qtbot, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Họ và tên", "Năm sinh"])
    for i in range(205):
        ws.append([f"Thào A {chr(65 + i % 26)}{i}", 1960 + i % 40])
    wb.save(tmp_path / "big.xlsx")
    w = class_window(window, course, qtbot)
    dialog = read_on_worker(qtbot, w.trainees_tab, w.trainees_tab.import_file, tmp_path / "big.xlsx")
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=20000):  # a long list is written on the worker
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        assert not dialog.import_button.isEnabled()  # the busy guard: no second click while it writes
    assert Enrollment.select().count() == 205
    w.close()


def test_paste_rows_copied_from_excel(window, course, qtbot):
    people("Thào A Sử")
    w = class_window(window, course, qtbot)
    text = ("STT\tHọ và tên\tNăm sinh\tDân tộc\r\n"
            "1\tThào A Sử\t1980\tMông\r\n"
            "2\tSùng Seo Dơ\t1990\tMông\r\n")
    QApplication.clipboard().setText(text)
    w.trainees_tab.view.setFocus()
    qtbot.keyClick(w.trainees_tab.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    dialog = w.trainees_tab.dialog
    # The namesake on file has only a birth year, like the pasted row: the clerk says who it is.
    assert [dialog.model.index(r, 1).data() for r in range(2)] == ["Cần chọn (1 người)", "Mới"]
    assert not dialog.import_button.isEnabled()
    choice = dialog.candidates.buttons_[0]
    qtbot.mouseClick(choice, Qt.MouseButton.LeftButton, pos=QPoint(8, choice.height() // 2))
    assert dialog.model.index(0, 1).data() == "Đã chọn: người đã có"
    assert dialog.import_button.isEnabled()
    click_ok(qtbot, dialog)
    assert sorted(e.trainee.full_name for e in Enrollment.select()) == ["Sùng Seo Dơ", "Thào A Sử"]
    assert Trainee.select().count() == 2
    w.close()


def test_paste_without_a_header_says_what_to_copy(window, course, qtbot):
    w = class_window(window, course, qtbot)
    assert w.trainees_tab.paste("Thào A Sử\t1980\n") is None
    assert "dòng tiêu đề" in w.trainees_tab.dialog.text()
    w.trainees_tab.dialog.close()
    w.close()


def test_remove_from_class_asks_and_is_audited(window, course, qtbot):
    enrol_trainees(course.id, people("Thào A Sử"))
    w = class_window(window, course, qtbot)
    dialog = w.trainees_tab.remove(0)
    assert dialog.ok_button.isEnabled()  # the reason is optional here
    click_ok(qtbot, dialog)
    assert Enrollment.select().count() == 0 and Trainee.select().count() == 1
    assert AuditEntry.get(AuditEntry.action == "delete").summary == "Bỏ Thào A Sử khỏi lớp NTVD-2026-01"
    w.close()


# --- attendance, scores, results --------------------------------------------------------------


@pytest.fixture
def with_lessons(course):
    enrol_trainees(course.id, people("Thào A Sử", "Giàng Seo Páo"))
    for day in (2, 3, 4):
        add_lesson(course.id, LessonInput(f"0{day}/03/2026", "morning", f"Chuyên đề {day - 1}"))
    return course


def marks(course) -> dict[tuple[str, int], str]:
    query = (Attendance.select(Attendance, Enrollment, Trainee, Lesson).join(Enrollment).join(Trainee)
             .switch(Attendance).join(Lesson).where(Lesson.course == course.id))
    return {(a.enrollment.trainee.full_name, a.lesson.date.day): a.mark for a in query}


def focus_grid(qtbot, w, row: int, column: int):
    tab = w.trainees_tab
    w.tabs.setCurrentWidget(tab)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    tab.view.setFocus()
    tab.view.setCurrentIndex(tab.model.index(row, column))
    return tab


def test_mark_attendance_for_three_lessons_by_keyboard(window, with_lessons, qtbot):
    w = class_window(window, with_lessons, qtbot)
    first = w.trainees_tab.model.first_lesson_column()
    tab = focus_grid(qtbot, w, 0, first)
    assert [tab.model.headerData(first + i, Qt.Orientation.Horizontal) for i in range(3)] == [
        "02/03\nSáng", "03/03\nSáng", "04/03\nSáng"]
    # Down the first lesson, then on to the top of the next one.
    names = [tab.model.index(r, 0).data() for r in range(2)]
    assert names == ["Giàng Seo Páo", "Thào A Sử"]  # Vietnamese order: Páo before Sử
    qtbot.keyClicks(tab.view, "xpkxXK")
    assert marks(with_lessons) == {
        ("Giàng Seo Páo", 2): "x", ("Thào A Sử", 2): "P", ("Giàng Seo Páo", 3): "K",
        ("Thào A Sử", 3): "x", ("Giàng Seo Páo", 4): "x", ("Thào A Sử", 4): "K"}
    assert tab.model.index(1, first).data() == "P"
    assert tab.model.index(1, tab.model.column_of("Chuyên cần")).data() == "1/3 (vắng 1P, 1K)"
    assert "vắng 2/3 buổi, quá 20%" in tab.model.index(1, tab.model.column_of("Điều kiện cấp GCN")).data()

    # Along the row instead; an invalid key is refused on the spot, Delete clears.
    tab.direction_combo.setCurrentIndex(tab.direction_combo.findData("right"))
    tab.view.setCurrentIndex(tab.model.index(1, first))
    qtbot.keyClicks(tab.view, "xa")
    assert tab.view.currentIndex().column() == first + 1
    assert tab.message.text().startswith("Ô điểm danh chỉ nhận x")
    assert marks(with_lessons)[("Thào A Sử", 3)] == "x"  # the "a" wrote nothing
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)
    assert ("Thào A Sử", 3) not in marks(with_lessons)
    assert marks(with_lessons)[("Thào A Sử", 2)] == "x"
    w.close()


def test_scores_typed_with_comma_or_dot_show_the_band(window, with_lessons, qtbot):
    w = class_window(window, with_lessons, qtbot)
    tab = w.trainees_tab
    score = tab.model.score_column
    focus_grid(qtbot, w, 0, score)

    def type_score(text: str) -> None:
        qtbot.keyClick(tab.view, text[0])  # the first key opens the editor with it
        editor = QApplication.focusWidget()
        assert isinstance(editor, QLineEdit)
        qtbot.keyClicks(editor, text[1:])
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: tab.view.state() != QAbstractItemView.State.EditingState)  # closes queued

    type_score("7,5")
    assert tab.view.currentIndex().row() == 1  # Enter goes down to the next trainee
    type_score("8.5")
    páo, sử = (Enrollment.get(Enrollment.trainee == Trainee.get(Trainee.full_name == n))
               for n in ("Giàng Seo Páo", "Thào A Sử"))
    assert (páo.score, páo.result_code, sử.score, sử.result_code) == (Decimal("7.5"), "K", Decimal("8.5"), "G")
    result = tab.model.column_of("Kết quả")
    assert [tab.model.index(r, score).data() for r in range(2)] == ["7,5", "8,5"]
    assert [tab.model.index(r, result).data() for r in range(2)] == ["Khá", "Giỏi"]

    tab.view.setCurrentIndex(tab.model.index(0, score))
    type_score("7,3")
    assert tab.message.text() == "Điểm chấm theo bước 0,5 (ví dụ 7 hoặc 7,5)."
    assert Enrollment.get_by_id(páo.id).score == Decimal("7.5")
    assert tab.view.currentIndex().row() == 0  # a refused score keeps the cursor there
    w.close()


def test_import_scores_from_the_marking_sheet(window, with_lessons, qtbot, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["BẢNG ĐIỂM BÀI THU HOẠCH"])
    ws.append(["STT", "Họ và tên", "Năm sinh", "Điểm"])
    ws.append([1, "Thào A Sử", 1980, "7,5"])
    ws.append([2, "Giàng Seo Páo", 1981, 9])
    ws.append([3, "Lù Văn An", 1990, 8])
    wb.save(tmp_path / "diem.xlsx")
    w = class_window(window, with_lessons, qtbot)
    dialog = read_on_worker(qtbot, w.trainees_tab, w.trainees_tab.import_scores, tmp_path / "diem.xlsx")
    model = dialog.model
    assert [[model.index(r, c).data() for c in range(4)] for r in range(3)] == [
        ["3", "Khớp", "Thào A Sử", "7,5"], ["4", "Khớp", "Giàng Seo Páo", "9"], ["5", "Lỗi", "Lù Văn An", "8"]]
    assert model.index(2, 4).data() == "không có học viên này trong lớp"
    assert not dialog.import_button.isEnabled()
    dialog.skip_check.setChecked(True)
    click_ok(qtbot, dialog)
    scores = {e.trainee.full_name: (e.score, e.result_code) for e in Enrollment.select()}
    assert scores == {"Thào A Sử": (Decimal("7.5"), "K"), "Giàng Seo Páo": (Decimal("9.0"), "G")}
    assert w.trainees_tab.message.text() == "Đã ghi điểm cho 2 học viên."
    w.close()


def test_override_needs_a_reason(window, with_lessons, qtbot):
    from app.services.results import set_score

    w = class_window(window, with_lessons, qtbot)
    tab = w.trainees_tab
    set_score(tab.model.row_at(0).enrollment_id, "4,5")
    dialog = tab.override(0)
    assert not dialog.ok_button.isEnabled()
    dialog.band_combo.setCurrentIndex(dialog.band_combo.findData("TB"))
    dialog.reason_edit.setPlainText("Phúc khảo: 5 điểm")
    click_ok(qtbot, dialog)
    enrollment = Enrollment.get_by_id(tab.model.row_at(0).enrollment_id)
    assert (enrollment.result_code, enrollment.result_override_reason) == ("TB", "Phúc khảo: 5 điểm")
    result = tab.model.index(0, tab.model.column_of("Kết quả"))
    assert result.data() == "Trung bình (sửa tay)"
    assert result.data(Qt.ItemDataRole.ToolTipRole) == "Kết quả sửa tay. Lý do: Phúc khảo: 5 điểm"
    tab.clear_override(0)
    assert tab.model.index(0, tab.model.column_of("Kết quả")).data() == "Không đạt"
    w.close()


def test_absence_exception_from_the_grid(window, with_lessons, qtbot):
    from app.services.results import set_attendance

    w = class_window(window, with_lessons, qtbot)
    tab = w.trainees_tab
    row = tab.model.row_at(0)
    for lesson in tab.model.roster.lessons[:2]:
        set_attendance(row.enrollment_id, lesson.id, "P")
    tab.refresh()
    column = tab.model.column_of("Điều kiện cấp GCN")
    assert "vắng 2/3 buổi, quá 20%" in tab.model.index(0, column).data()
    dialog = tab.allow_certificate(0)
    assert not dialog.ok_button.isEnabled()
    dialog.reason_edit.setPlainText("Đi công tác theo quyết định của xã")
    click_ok(qtbot, dialog)
    assert "vắng" not in tab.model.index(0, column).data()
    assert tab.model.index(0, column).data(Qt.ItemDataRole.ToolTipRole).endswith("Đi công tác theo quyết định của xã")
    assert Enrollment.get_by_id(row.enrollment_id).eligibility_override_reason == "Đi công tác theo quyết định của xã"
    w.close()


def test_grid_model_passes_the_model_tester(window, with_lessons, qtbot, qtmodeltester):
    w = class_window(window, with_lessons, qtbot)
    qtmodeltester.check(w.trainees_tab.model)
    qtmodeltester.check(w.lessons_tab.model)
    w.close()


# --- Lịch học --------------------------------------------------------------------------------


def test_lessons_added_edited_and_deleted(window, course, qtbot, qtmodeltester):
    w = class_window(window, course, qtbot)
    tab = w.lessons_tab
    form = tab.add()
    assert form.date_edit.text() == "02/03/2026"
    form.date_edit.setText("09/03/2026")
    form.topic_edit.setText("Những vấn đề cơ bản về Đảng Cộng sản Việt Nam")
    click_ok(qtbot, form)
    assert form.errors.visible() == {"date": "Ngày 09/03/2026 nằm ngoài thời gian của lớp (02/03/2026 – 06/03/2026)."}
    assert Lesson.select().count() == 0
    form.date_edit.setText("03/03/2026")
    form.session_combo.setCurrentIndex(form.session_combo.findData("afternoon"))
    click_ok(qtbot, form)
    assert [(tab.model.index(0, c).data()) for c in range(4)] == [
        "03/03/2026", "Chiều", "Những vấn đề cơ bản về Đảng Cộng sản Việt Nam", "4"]
    edit = tab.edit(0)
    edit.periods_spin.setValue(5)
    click_ok(qtbot, edit)
    assert Lesson.get().periods == 5
    box = tab.delete(0)
    box.yes_button.click()
    assert Lesson.select().count() == 0 and tab.model.rowCount() == 0
    qtmodeltester.check(tab.model)
    w.close()


def test_the_roster_template_saved_from_the_class_window_imports_as_filled_in(window, course, qtbot, tmp_path):
    from openpyxl import load_workbook

    w = class_window(window, course, qtbot)
    tab = w.trainees_tab
    saved = tab.save_template(tmp_path)  # a folder: the template's own name inside it
    assert saved == tmp_path / "Mẫu danh sách học viên.xlsx" and saved.is_file()
    assert "Đã lưu mẫu danh sách học viên" in tab.message.text()
    # a commune fills it in under the header and sends it back
    book = load_workbook(saved)
    sheet = book.worksheets[0]
    header = next(r for r in range(1, 30) if sheet.cell(r, 1).value == "STT")
    titles = {c.value: c.column for c in sheet[header] if c.value}
    for offset, (name, born) in enumerate((("Thào A Sử", "12/03/1980"), ("Giàng Thị Mỷ", "1992"))):
        sheet.cell(header + 1 + offset, titles["STT"], offset + 1)
        sheet.cell(header + 1 + offset, titles["Họ và tên"], name)
        sheet.cell(header + 1 + offset, titles["Ngày sinh"], born)
    book.save(saved)
    dialog = read_on_worker(qtbot, tab, tab.import_file, saved)
    statuses = [(dialog.model.index(r, 1).data(), dialog.model.index(r, 2).data())
                for r in range(dialog.model.rowCount()) if dialog.model.index(r, 1).data() == "Mới"]
    assert statuses == [("Mới", "Thào A Sử"), ("Mới", "Giàng Thị Mỷ")]
    w.close()


def test_the_roster_template_into_a_missing_folder_says_why_and_writes_nothing(window, course, qtbot, tmp_path):
    w = class_window(window, course, qtbot)
    tab = w.trainees_tab
    assert tab.save_template(tmp_path / "không có" / "mẫu.xlsx") is None
    assert "Không lưu được mẫu danh sách" in tab.message.text()
    assert not (tmp_path / "không có").exists()
    w.close()


def test_old_font_text_that_reads_both_ways_asks_which_encoding(window, course, qtbot, tmp_path):
    wb = Workbook()
    for row in (["Họ và tên", "Năm sinh", "Ghi chú"], ["Thào A Sử", 1985, "Caû"], ["Giàng Thị Mỷ", 1990, "Chuû"]):
        wb.active.append(row)
    wb.save(tmp_path / "ds.xlsx")
    w = class_window(window, course, qtbot)
    tab = w.trainees_tab
    with qtbot.waitSignal(tab.encoding_asked, timeout=20000) as asked:
        tab.import_file(tmp_path / "ds.xlsx")
    question = asked.args[0]
    # Both readings shown; nothing chosen for the clerk, so "OK" waits for a choice.
    assert question.choices["tcvn3"].text() == "TCVN3: \u201cCaỷ\u201d, \u201cChuỷ\u201d"
    assert question.choices["vni"].text() == "VNI: \u201cCả\u201d, \u201cChủ\u201d"
    assert not question.ok_button.isEnabled()
    question.choices["vni"].setChecked(True)
    with qtbot.waitSignal(tab.preview_opened, timeout=20000) as opened:
        qtbot.mouseClick(question.ok_button, Qt.MouseButton.LeftButton)
    dialog = opened.args[0]
    assert "bảng mã VNI, đã chuyển sang Unicode (2 ô)" in dialog.source.text()
    assert [row.values["note"] for row in dialog.preview.rows] == ["Cả", "Chủ"]
    assert Trainee.select().count() == 0  # only read: nothing is written before "Nhập"
    dialog.close()
    w.close()


def test_pasted_old_font_text_asks_too_and_cancel_writes_nothing(window, course, qtbot):
    w = class_window(window, course, qtbot)
    tab = w.trainees_tab
    with qtbot.waitSignal(tab.encoding_asked, timeout=5000) as asked:
        assert tab.paste("Họ và tên\tNăm sinh\tGhi chú\nThào A Sử\t1985\tCaû\nGiàng Thị Mỷ\t1990\tChuû\n") is None
    question = asked.args[0]
    with qtbot.assertNotEmitted(tab.preview_opened):
        question.reject()
    assert Trainee.select().count() == 0
    w.close()
