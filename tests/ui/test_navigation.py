"""Going from a class to a trainee's record and back (neither window imports the other), and
the class window reading its class once per change."""

from __future__ import annotations

import pytest

from app.services.courses import CourseInput, add_course
from app.services.enrolment import enrol_trainees
from app.services.trainees import TraineeInput, add_trainee
from app.ui import course_detail, windows
from app.ui.course_detail import CourseDetailWindow
from app.ui.dialogs.trainee_detail import TraineeDetailDialog
from app.ui.events import changes
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


@pytest.fixture
def world(session, qtbot):
    main = MainWindow(session)
    qtbot.addWidget(main)
    course = add_course(CourseInput("NTVD-2026-01", "NTVD", "Bồi dưỡng nhận thức về Đảng khóa I năm 2026",
                                    "02/03/2026", "06/03/2026"))
    sử = add_trainee(TraineeInput("Thào A Sử", "12/04/1985", "Nam"))
    enrol_trainees(course.id, [sử.id])
    return main, course, sử


def test_from_the_class_to_the_trainee_and_back(world, qtbot):
    main, course, _ = world
    w = windows.open_course(course.id, main)
    assert isinstance(w, CourseDetailWindow) and w.windowTitle().startswith("Lớp NTVD-2026-01")
    record = w.trainees_tab.open_trainee(0)
    assert isinstance(record, TraineeDetailDialog)
    assert record.title.text() == "Thào A Sử — 12/04/1985"
    record.open_course(record.model.index(0, 0))  # the class of the record's history: the same window
    assert course_detail._open_windows[course.id] is w
    record.close()
    w.close()


def test_the_record_opened_from_the_list_opens_its_class(world, qtbot):
    main, course, sử = world
    main.trainees_tab.refresh()
    record = main.trainees_tab.open_row(main.trainees_tab.model.ids().index(sử.id))
    assert course.id not in course_detail._open_windows
    record.open_course(record.model.index(0, 0))
    opened = course_detail._open_windows[course.id]
    assert opened.windowTitle() == "Lớp NTVD-2026-01 — Bồi dưỡng nhận thức về Đảng khóa I năm 2026"
    opened.close()
    record.close()


def test_the_class_window_reads_its_class_once_per_change_for_all_its_tabs(world, qtbot, monkeypatch):
    main, course, _ = world
    w = windows.open_course(course.id, main)
    assert all(tab.course is w.course for tab in w.sub_tabs())
    assert w.info_tab.values["size"].text() == "1 học viên, 0 buổi học"
    calls = []
    real = course_detail.course_info
    monkeypatch.setattr(course_detail, "course_info", lambda course_id: calls.append(course_id) or real(course_id))
    changes().announce("enrollments")
    assert calls == [course.id]  # once, not once per sub-tab
    assert all(tab.course is w.course for tab in w.sub_tabs())
    w.close()


def test_opening_a_minimized_class_window_again_restores_it(world, qtbot):
    main, course, _ = world
    w = windows.open_course(course.id, main)
    assert w.parentWidget() is None  # a window of its own: a taskbar button on Windows
    w.showMaximized()
    w.showMinimized()
    assert w.isMinimized()
    again = windows.open_course(course.id, main)
    assert again is w
    assert not w.isMinimized() and w.isVisible()
    assert w.isMaximized()  # it comes back as it was before it was minimized
    main.close()  # the class window closes with the main window
    assert course.id not in course_detail._open_windows


def test_opening_a_minimized_instructor_window_again_restores_it(world, qtbot):
    from app.services.instructor_records import InstructorInput, add_instructor
    from app.ui.dialogs import instructor_detail

    main, _, _ = world
    instructor_id = add_instructor(InstructorInput("Giàng Seo Phử", kind="full_time"))
    w = instructor_detail.open_instructor_detail(instructor_id, main)
    assert w.parentWidget() is None
    w.showMinimized()
    assert w.isMinimized()
    assert instructor_detail.open_instructor_detail(instructor_id, main) is w
    assert not w.isMinimized() and w.isVisible()
    w.close()
    assert instructor_id not in instructor_detail._open
