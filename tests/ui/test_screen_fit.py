"""Windows fit the screen they open on: a 1366×768 office screen, or a larger one at 125 % or 150 %
display scaling (1280×720 to Qt), shows the whole window with its buttons, never a bottom edge
under the taskbar. The tests' offscreen screen is smaller than the windows' usual sizes, as such
a screen is."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.services.courses import CourseInput, add_course
from app.ui.course_detail import open_course
from app.ui.dialogs.annual_plan import AnnualPlanDialog
from app.ui.dialogs.audit_log import AuditLogDialog
from app.ui.dialogs.catalogue_editor import CatalogueEditorDialog
from app.ui.dialogs.catalogues import CatalogueDialog
from app.ui.dialogs.feedback_templates import FeedbackTemplatesDialog
from app.ui.dialogs.guide import GuideDialog
from app.ui.dialogs.history_import import HistoryImportDialog
from app.ui.dialogs.organizations import OrganizationsDialog
from app.ui.main_window import DEFAULT_SIZE, MainWindow
from app.ui.widgets.fit import FRAME, screen_room

pytestmark = pytest.mark.gui


def assert_fits(widget) -> None:
    room = screen_room(widget)
    assert widget.width() <= room.width(), f"{widget.width()} wide, the screen {room.width()}"
    assert widget.height() <= room.height(), f"{widget.height()} high, the screen {room.height()}"


def test_the_main_window_opens_maximized_on_a_screen_smaller_than_its_usual_size(session, qtbot):
    window = MainWindow(session)
    qtbot.addWidget(window)
    room = screen_room(window)
    assert room.height() < DEFAULT_SIZE[1]  # the test's screen is a small one
    assert window.windowState() & Qt.WindowState.WindowMaximized
    window.showNormal()  # un-maximized, it still fits
    assert_fits(window)


@pytest.mark.parametrize("make", [
    OrganizationsDialog, AuditLogDialog, CatalogueDialog, CatalogueEditorDialog, GuideDialog,
    FeedbackTemplatesDialog, HistoryImportDialog, lambda: AnnualPlanDialog(2026),
], ids=["organizations", "audit_log", "catalogues", "catalogue_editor", "guide", "feedback_templates",
        "history_import", "annual_plan"])
def test_a_large_dialog_is_no_larger_than_the_screen(session, qtbot, make):
    dialog = make()
    qtbot.addWidget(dialog)
    assert_fits(dialog)
    assert dialog.width() + FRAME.width() <= dialog.screen().availableGeometry().width()


def test_a_class_window_fits_the_screen(session, qtbot):
    course = add_course(CourseInput("NTVD-2026-01", "NTVD", "Bồi dưỡng nhận thức về Đảng khóa I năm 2026",
                                    "02/03/2026", "06/03/2026"))
    window = open_course(course.id)
    qtbot.addWidget(window)
    room = screen_room(window)
    assert room.width() < 1100  # the usual 1100×700 would not fit
    smallest = window.minimumSizeHint()
    assert window.width() <= max(room.width(), smallest.width())
    assert window.height() <= room.height()
    # 1366×768 at 125 % is 1093×614 to Qt: the class window, with all its sub-tabs, can be that small.
    assert smallest.width() + FRAME.width() <= 1093
    assert smallest.height() + FRAME.height() <= 614 - 32  # the taskbar


# --- what the class's Học viên sub-tab shows whole ----------------------------------------------


@pytest.fixture
def class_with_absences(session):
    from app.services.enrolment import enrol_trainees
    from app.services.lessons import LessonInput, add_lesson
    from app.services.results import set_attendance
    from app.services.trainees import TraineeInput, add_trainee
    from app.store.models import Enrollment

    course = add_course(CourseInput("NTVD-2026-01", "NTVD", "Bồi dưỡng nhận thức về Đảng khóa I năm 2026",
                                    "02/03/2026", "06/03/2026"))
    people = [add_trainee(TraineeInput(name, birth="1980")).id for name in ("Lù Văn Páo", "Thào Thị Mai")]
    enrol_trainees(course.id, people)
    lessons = [add_lesson(course.id, LessonInput(f"0{day}/03/2026", "morning", f"Chuyên đề {day - 1}")).id
               for day in (2, 3, 4, 5)]
    enrollment = Enrollment.get(Enrollment.trainee == people[0]).id
    for lesson, mark in zip(lessons, ("x", "P", "P", "K"), strict=True):
        set_attendance(enrollment, lesson, mark)
    return course


def test_the_roster_shows_the_attendance_summary_whole_and_a_usable_filter_box(class_with_absences, qtbot):
    window = open_course(class_with_absences.id)
    qtbot.addWidget(window)
    window.tabs.setCurrentWidget(window.trainees_tab)
    qtbot.waitExposed(window)
    tab = window.trainees_tab
    column = tab.model.column_of("Chuyên cần")
    row = next(r for r in range(tab.model.rowCount()) if tab.model.row_at(r).full_name == "Lù Văn Páo")
    summary = tab.model.index(row, column).data()
    assert summary == "1/4 (vắng 2P, 1K)"
    metrics = tab.view.fontMetrics()
    assert tab.view.columnWidth(column) >= metrics.horizontalAdvance(summary) + 8  # the cell margins
    # The filter box is wide enough to read what it is for, beside all the roster's buttons.
    assert tab.filter_edit.width() >= tab.filter_edit.fontMetrics().horizontalAdvance(
        tab.filter_edit.placeholderText()) + 20


# --- codes and questions never cut where there is a list of them --------------------------------


def test_the_trainee_record_never_cuts_a_class_code(session, qtbot):
    from app.services.enrolment import enrol_trainees
    from app.services.trainees import TraineeInput, add_trainee
    from app.ui.dialogs.trainee_detail import TraineeDetailDialog

    long_code = "QPAN4-DT4-2026-KHOA-01-XA-SAN-CHAI"
    course = add_course(CourseInput(long_code, "QPAN4", "Lớp có mã dài", "02/03/2026", "06/03/2026"))
    person = add_trainee(TraineeInput("Lù Văn Páo", birth="1979")).id
    enrol_trainees(course.id, [person])
    dialog = TraineeDetailDialog(person)
    qtbot.addWidget(dialog)
    assert dialog.model.index(0, 0).data() == long_code
    assert dialog.view.columnWidth(0) >= dialog.view.fontMetrics().horizontalAdvance(long_code) + 8


@pytest.fixture
def program_font(qapp):
    """The font the program sets (make_application: at least MIN_POINT_SIZE), whatever ran before."""
    from app.ui.app import MIN_POINT_SIZE

    before = qapp.font()
    font = qapp.font()
    font.setPointSizeF(MIN_POINT_SIZE)
    qapp.setFont(font)
    yield
    qapp.setFont(before)


def test_the_instructor_window_shows_the_feedback_questions_whole(session, qtbot, program_font):
    from app.services.instructor_records import InstructorInput, add_instructor
    from app.ui.dialogs.instructor_detail import InstructorDetail

    dialog = InstructorDetail(add_instructor(InstructorInput("Giàng Thị Mai")))
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentIndex(1)  # Phản hồi của học viên
    dialog.show()
    qtbot.waitExposed(dialog)
    view = dialog.questions_view
    questions = [dialog.questions_model.index(r, 0).data() for r in range(dialog.questions_model.rowCount())]
    assert "Phương pháp truyền đạt" in questions
    widest = max(view.fontMetrics().horizontalAdvance(q) for q in questions)
    # A window with room for the counts and half the longest question (the question column took
    # what the counts left, and cut "Phương pháp truyề…" in a 1000-pixel window).
    counts = sum(view.columnWidth(c) for c in range(1, dialog.questions_model.columnCount()))
    margins = dialog.width() - view.viewport().width()
    dialog.resize(counts + widest // 2 + margins, dialog.height())
    qtbot.waitUntil(lambda: view.viewport().width() <= counts + widest // 2)
    assert view.columnWidth(0) >= widest + 8


def test_the_record_of_a_trainee_with_a_very_long_name_fits_a_small_screen(session, qtbot):
    from app.services.trainees import TraineeInput, add_trainee
    from app.ui.dialogs.trainee_detail import TraineeDetailDialog

    name = "Tôn Nữ Hoàng Thị Phương Thảo Nguyên Khánh Linh Bảo Ngọc Minh Châu Huyền Trang Diễm Lệ Kim Chi Thu Hà"
    assert len(name) == 100  # the longest name the program takes
    person = add_trainee(TraineeInput(name, birth="01/01/1990")).id
    dialog = TraineeDetailDialog(person)
    qtbot.addWidget(dialog)
    assert name in dialog.title.text()
    # 1366×768 at 125 % is 1093 pixels wide to Qt.
    assert dialog.minimumSizeHint().width() + FRAME.width() <= 1093


# --- the keyboard goes where the eye does ---------------------------------------------------------


def test_the_instructor_and_norms_forms_open_on_their_first_field_not_on_lưu(session, qtbot):
    from app.ui.dialogs.instructor_form import InstructorForm, NormsForm

    for form, first in ((InstructorForm(), "full_name"), (NormsForm(), None)):
        qtbot.addWidget(form)
        form.show()
        qtbot.waitExposed(form)
        expected = form.fields[first] if first else next(iter(form.fields.values()))
        assert form.focusWidget() is expected, form.windowTitle()
        form.close()


def test_tab_in_the_trainee_form_goes_row_by_row(session, qtbot):
    from PySide6.QtCore import Qt as _Qt

    from app.ui.dialogs.trainee_form import TraineeFormDialog

    form = TraineeFormDialog()
    qtbot.addWidget(form)
    shown = [form.full_name_edit, form.birth_edit, form.gender_combo, form.ethnic_combo, form.citizen_id_edit,
             form.old_id_edit, form.position_combo, form.party_check, form.unit_edit, form.theory_combo,
             form.phone_edit, form.note_edit]
    order, widget = [], form.full_name_edit
    for _ in range(200):
        if widget in shown and widget not in order:
            order.append(widget)
        widget = widget.nextInFocusChain()
        if widget is form.full_name_edit:
            break
    assert all(w.focusPolicy() & _Qt.FocusPolicy.TabFocus for w in shown)
    assert order == shown  # Chức vụ, then Đảng viên beside it, then Đơn vị on the next row


def test_tab_leaves_the_report_recipients_box_instead_of_typing_a_tab(session, qtbot):
    from app.ui.dialogs.report_recipients import ReportRecipientsDialog

    dialog = ReportRecipientsDialog(["Lưu: VT."])
    qtbot.addWidget(dialog)
    assert dialog.edit.tabChangesFocus()


def test_tab_in_the_annual_plan_goes_through_the_rows_then_to_the_buttons(session, qtbot):
    from PySide6.QtCore import Qt as _Qt
    from PySide6.QtWidgets import QDialogButtonBox

    dialog = AnnualPlanDialog(2026)
    qtbot.addWidget(dialog)
    for _ in range(2):
        dialog.add_item()
    table = dialog.table
    cells = [table.cellWidget(r, c) for r in range(2) for c in range(table.columnCount())]
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)  # Lưu
    wanted = [*cells, dialog.add_button, dialog.remove_button, save]
    order, widget = [], dialog.note_edit
    for _ in range(500):
        widget = widget.nextInFocusChain()
        if widget in wanted and widget not in order and widget.focusPolicy() & _Qt.FocusPolicy.TabFocus:
            order.append(widget)
        if widget is save:
            break
    assert order == wanted  # row 1, row 2, then Thêm dòng, Xóa dòng, Lưu (the cells came after Hủy)


def test_the_users_list_shows_its_headers_whole(session, qtbot):
    from app.ui.dialogs.users import UsersDialog

    dialog = UsersDialog()
    qtbot.addWidget(dialog)
    header = dialog.view.horizontalHeader()
    for column in range(dialog.model.columnCount()):
        text = dialog.model.headerData(column, Qt.Orientation.Horizontal)
        assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(text) + 12, text


# --- a short report chart still says its values -------------------------------------------------


def test_a_short_report_chart_puts_no_more_values_on_its_axis_than_fit(qtbot, program_font):
    from PySide6.QtCharts import QValueAxis
    from PySide6.QtGui import QFontMetrics

    from app.services.reports import ChartData
    from app.ui.widgets.report_chart import BarChartView

    data = ChartData(title="Số lớp theo tháng", categories=tuple(f"T{m}" for m in range(1, 13)),
                     series=(("Số lớp", (1, 1, 2, 1, 7, 3, 1, 3, 2, 7, 2, 3)),))
    view = BarChartView(data)
    qtbot.addWidget(view)
    view.resize(860, view.minimumHeight())  # the report tab of a 1366×768 screen at 125 %
    view.show()
    qtbot.waitExposed(view)
    axis = view.value_axis
    qtbot.waitUntil(lambda: view.chart().plotArea().height() > 0)
    if axis.tickType() == QValueAxis.TickType.TicksDynamic:
        values = round((axis.max() - axis.min()) / axis.tickInterval()) + 1
    else:
        values = axis.tickCount()
    spacing = view.chart().plotArea().height() / (values - 1)
    # Closer than a line and a half, Qt Charts writes "…" for every value (seen at 125 %).
    assert spacing >= QFontMetrics(axis.labelsFont()).height() * 1.5
    assert values >= 2 and axis.min() == 0 and axis.max() >= 7  # 0 and a top above the highest bar
    # Given room, the axis has its usual values again (0, 2, 4 … 10).
    view.resize(860, 500)
    qtbot.waitUntil(lambda: view.chart().plotArea().height() > 300)
    assert axis.tickInterval() == 2 and axis.max() == 10


# --- Vietnamese where the user looks ---------------------------------------------------------------


def test_the_calendars_of_date_fields_speak_vietnamese_on_an_english_pc(session, qtbot):
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QDateEdit

    from app.ui.course_detail.printouts import PrintoutsTab
    from app.ui.dialogs.audit_log import AuditLogDialog
    from app.ui.widgets.period_picker import PeriodPicker

    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))  # the PC's format
    try:
        course = add_course(CourseInput("NTVD-2026-01", "NTVD", "Bồi dưỡng nhận thức về Đảng khóa I năm 2026",
                                        "02/03/2026", "06/03/2026"))
        screens = [AuditLogDialog(), PeriodPicker(), PrintoutsTab(course.id)]
        for screen in screens:
            qtbot.addWidget(screen)
            edits = screen.findChildren(QDateEdit)
            assert edits, type(screen).__name__
            for edit in edits:
                calendar = edit.calendarWidget().locale()
                assert calendar.standaloneMonthName(12) == "Tháng 12", type(screen).__name__
                assert calendar.dayName(1, QLocale.FormatType.ShortFormat) == "Thứ 2"
                assert "/" in edit.text()  # the date itself still reads 03/12/2026
    finally:
        QLocale.setDefault(before)


def test_in_a_narrow_window_the_class_list_scrolls_sideways_instead_of_cutting_class_names(session, qtbot):
    from app.ui.events import perform

    perform(add_course, CourseInput("NTVD-2026-01", "NTVD", "Bồi dưỡng nhận thức về Đảng khóa I năm 2026",
                                    "02/03/2026", "06/03/2026", venue="Hội trường Trung tâm"))
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.showNormal()
    window.resize(1200, 560)
    tab = window.courses_tab
    tab.year_combo.setCurrentIndex(tab.year_combo.findData(2026))
    view, header = tab.view, tab.view.horizontalHeader()
    name = [c.header for c in tab.model.columns].index("Tên lớp")
    declared = view.fontMetrics().averageCharWidth() * tab.model.columns[name].width
    qtbot.waitUntil(lambda: header.sectionSize(name) > declared)  # wide: the name takes the room left
    others = sum(header.sectionSize(c) for c in range(header.count()) if c != name)
    # A window where the other columns leave the name half its width (1366×768 at 125 %, smaller fonts here).
    margins = window.width() - view.viewport().width()
    window.resize(others + declared // 2 + margins, 560)
    qtbot.waitUntil(lambda: view.viewport().width() < others + declared)
    assert header.sectionSize(name) >= declared
    window.resize(1200, 560)  # wide again: the name takes the room left, as before
    qtbot.waitUntil(lambda: header.sectionSize(name) > declared + 100)


def test_the_feedback_templates_list_shows_a_template_name_whole(session, qtbot):
    dialog = FeedbackTemplatesDialog()
    qtbot.addWidget(dialog)
    names = [dialog.model.index(r, 2).data() for r in range(dialog.model.rowCount())]
    assert names and all(names)
    widest = max(dialog.view.fontMetrics().horizontalAdvance(n) for n in names)
    assert dialog.view.columnWidth(2) >= widest + 8
