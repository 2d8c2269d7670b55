"""The main window on a real database: every tab lists its rows, filters as you type, and the
window comes back where the user left it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.domain.formatting import format_int
from app.domain.text import fold
from app.outputs.reports import REPORT_KINDS
from app.services import lists, settings
from app.store.models import Instructor, Trainee
from app.ui.main_window import APP_TITLE, MainWindow

pytestmark = pytest.mark.gui


@pytest.fixture
def window(world, qtbot):
    w = MainWindow(world)
    qtbot.addWidget(w)
    return w


def wait_for_filter(qtbot, tab) -> None:
    qtbot.waitUntil(lambda: not tab.filter_pending())


def test_every_tab_lists_rows_from_the_database(window):
    latest = lists.course_years()[0]
    courses = window.courses_tab
    assert courses.year() == latest
    assert courses.model.rowCount() == len(lists.courses(latest)) > 0
    assert window.trainees_tab.model.rowCount() == Trainee.select().count() > 0
    assert window.instructors_tab.model.rowCount() == Instructor.select().count() > 0
    assert window.reports_tab.model.rowCount() == len(REPORT_KINDS)
    assert courses.count_label.text() == f"{format_int(courses.model.rowCount())} lớp"


def test_title_and_status_bar_name_the_centre_and_count_in_vietnamese(window, world):
    name = settings.get_institution().name
    assert window.windowTitle() == (f"{APP_TITLE} — {name}" if name else APP_TITLE)
    totals = lists.totals()
    status = window.status_label.text()
    assert f"CSDL: {world.label} · " in status  # the file's path, or the server's URL without a password
    assert f"{format_int(totals.courses)} lớp" in status
    assert f"{format_int(totals.trainees)} học viên" in status


def test_models_pass_the_model_tester(window, qtmodeltester):
    for tab in window.list_tabs():
        qtmodeltester.check(tab.model)


def test_course_list_by_status_and_year(window):
    tab = window.courses_tab
    year = tab.year()
    tab.status_combo.setCurrentIndex(tab.status_combo.findData("finished"))
    expected = [r.id for r in lists.courses(year, "finished")]
    assert [tab.model.row_at(i).id for i in range(tab.model.rowCount())] == expected
    assert all(tab.model.row_at(i).status == "finished" for i in range(tab.model.rowCount()))
    other = tab.year_combo.count() - 1
    tab.year_combo.setCurrentIndex(other)
    assert tab.model.rowCount() == len(lists.courses(tab.year(), "finished"))


def test_course_cells_show_vietnamese_dates_and_headers(window):
    model = window.courses_tab.model
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    assert headers == ["Mã lớp", "Chương trình", "Tên lớp", "Từ ngày", "Đến ngày", "Địa điểm",
                       "Đơn vị phối hợp", "Trạng thái", "Số HV"]
    row = model.row_at(0)
    assert model.index(0, 3).data() == row.start_date.strftime("%d/%m/%Y")
    assert model.index(0, 8).data() == format_int(row.trainee_count)


def _name_matches(folded: str, words: list[str]) -> bool:
    parts = folded.split()
    return all(any(part.startswith(word) for part in parts) for word in words)


def test_typing_in_the_trainee_filter_finds_names_without_diacritics(window, qtbot):
    tab = window.trainees_tab
    qtbot.keyClicks(tab.filter_edit, "thao a su")
    wait_for_filter(qtbot, tab)
    shown = tab.model.ids()
    assert shown == lists.trainee_ids("thao a su")
    words = ["thao", "a", "su"]
    by_name = [t.id for t in Trainee.select(Trainee.id, Trainee.search_key)
               .order_by(Trainee.sort_key, Trainee.id) if _name_matches(t.search_key, words)]
    assert by_name, "the database should have someone called Thào A Sử or alike"
    # Everyone whose name has the words is there, in the same Vietnamese order…
    assert [i for i in shown if i in set(by_name)] == by_name
    # …and anyone else matched by the words of the workplace.
    for row in lists.trainee_rows([i for i in shown if i not in set(by_name)]):
        assert _name_matches(fold(row.unit), words)
    for row in range(min(tab.model.rowCount(), 50)):
        assert tab.model.index(row, 0).data()


def test_clearing_the_filter_shows_everyone_again(window, qtbot):
    tab = window.trainees_tab
    qtbot.keyClicks(tab.filter_edit, "zzzz")
    wait_for_filter(qtbot, tab)
    assert tab.model.rowCount() == 0
    assert tab.count_label.text() == "0 học viên"
    qtbot.keyClick(tab.filter_edit, Qt.Key.Key_Escape)
    wait_for_filter(qtbot, tab)
    assert tab.model.rowCount() == Trainee.select().count()


def test_ctrl_f_focuses_the_filter_of_the_current_tab(window, qtbot):
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitActive(window):
        window.activateWindow()
    window.tabs.setCurrentWidget(window.instructors_tab)
    window.instructors_tab.view.setFocus()
    qtbot.keyClick(window.instructors_tab.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.instructors_tab.filter_edit)


def test_enter_on_a_course_opens_its_window_once(window, qtbot):
    from app.ui.course_detail import CourseDetailWindow

    window.show()
    qtbot.waitExposed(window)
    tab = window.courses_tab
    tab.focus_list()
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    first = [w for w in QApplication.topLevelWidgets() if isinstance(w, CourseDetailWindow) and w.isVisible()]
    assert len(first) == 1
    row = tab.model.row_at(0)
    assert first[0].windowTitle() == f"Lớp {row.code} — {row.name}"
    assert [first[0].tabs.tabText(i) for i in range(first[0].tabs.count())] == [
        "Thông tin", "Học viên", "Lịch học", "Phiếu phản hồi", "In"]
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)  # again: the same window comes forward
    assert [w for w in QApplication.topLevelWidgets() if isinstance(w, CourseDetailWindow) and w.isVisible()] == first
    first[0].close()


def test_report_list_filters_as_you_type(window, qtbot):
    tab = window.reports_tab
    qtbot.keyClicks(tab.filter_edit, "giang")
    wait_for_filter(qtbot, tab)
    names = [tab.model.row_at(i).name for i in range(tab.model.rowCount())]
    assert "Giờ giảng" in names and "Giảng viên" in names
    assert "Sổ cấp giấy chứng nhận" not in names
    assert tab.title.text() == names[0]


def test_geometry_and_tab_are_remembered_across_windows(world, qtbot):
    first = MainWindow(world)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.resize(720, 530)  # inside the offscreen 800×600 screen
    first.tabs.setCurrentIndex(2)
    first.close()
    second = MainWindow(world)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (720, 530)
    assert second.tabs.currentIndex() == 2
