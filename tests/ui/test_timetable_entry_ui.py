"""Timetable entry in the class window: the next free half-day is proposed, the topic completes from
the program's earlier classes, and a whole timetable is copied from another class."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from shiboken6 import isValid

from app.services.courses import CourseInput, add_course
from app.services.instructor_records import InstructorInput, add_instructor
from app.services.lessons import LessonInput, add_lesson
from app.store.models import Lesson
from app.ui.course_detail import open_course
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def _shot(widget, name: str) -> None:
    if os.environ.get("BOIDUONG_SCREENSHOTS"):
        widget.grab().save(os.path.join(os.environ["BOIDUONG_SCREENSHOTS"], name))


@pytest.fixture
def world(session, qtbot):
    teacher = add_instructor(InstructorInput("Giàng Seo Phử", kind="full_time"))
    old = add_course(CourseInput("NTVD-2025-01", "NTVD", "Khóa I năm 2025", "03/03/2025", "07/03/2025"))
    for day, half, topic, kind in (
            ("03/03/2025", "morning", "Những vấn đề cơ bản về Đảng Cộng sản Việt Nam", "lecture"),
            ("03/03/2025", "afternoon", "Lịch sử Đảng Cộng sản Việt Nam", "lecture"),
            ("04/03/2025", "morning", "Thảo luận: Điều lệ Đảng", "discussion")):
        add_lesson(old.id, LessonInput(day, half, topic, 4 if kind == "lecture" else 3, teacher, kind))
    course = add_course(CourseInput("NTVD-2026-01", "NTVD", "Khóa I năm 2026", "06/03/2026", "12/03/2026"))  # Fri
    window = MainWindow(session)
    qtbot.addWidget(window)
    w = open_course(course.id, window)
    qtbot.waitExposed(w)
    yield w, course, teacher
    if isValid(w):  # the main window may have taken its child window with it already
        w.close()


def _ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


# The completer's popup grabs the keyboard, which the offscreen test display cannot do.
@pytest.mark.qt_log_ignore("^This plugin does not support grabbing the keyboard$")
def test_a_new_lesson_opens_on_the_next_free_half_day_and_the_topic_completes(world, qtbot):
    w, _course, teacher = world
    tab = w.lessons_tab
    form = tab.add()
    assert (form.date_edit.text(), form.session_combo.currentData()) == ("06/03/2026", "morning")
    qtbot.keyClicks(form.topic_edit, "Nam")  # anywhere in the topic, any case
    popup = form.completer.popup()
    assert popup.isVisible() and form.completer.completionCount() == 2
    assert sorted(popup.model().index(r, 0).data() for r in range(2)) == [
        "Lịch sử Đảng Cộng sản Việt Nam", "Những vấn đề cơ bản về Đảng Cộng sản Việt Nam"]
    _shot(form, "lesson-form.png")
    _shot(popup, "lesson-form-completer-popup.png")
    popup.hide()
    form.topic_edit.setText("Thảo luận: Điều lệ Đảng")
    form.completer.activated.emit("Thảo luận: Điều lệ Đảng")  # as when the clerk picks it in the list
    assert (form.periods_spin.value(), form.kind_combo.currentData(), form.instructor_combo.currentData()) == (
        3, "discussion", teacher)
    _ok(qtbot, form)
    form = tab.add()
    assert (form.date_edit.text(), form.session_combo.currentData()) == ("06/03/2026", "afternoon")
    assert "Thảo luận: Điều lệ Đảng" not in form.suggestions  # already in this class
    form.topic_edit.setText("Bài 2")
    _ok(qtbot, form)
    form = tab.add()
    assert (form.date_edit.text(), form.session_combo.currentData()) == ("09/03/2026", "morning")  # Monday
    form.reject()


def test_copy_a_timetable_from_another_class(world, qtbot):
    w, course, _teacher = world
    tab = w.lessons_tab
    dialog = tab.copy_from()
    assert dialog.source_combo.currentData() == "NTVD-2025-01"
    assert dialog.preview.text() == "Sẽ thêm 3 buổi học vào 2 ngày, từ 06/03/2026 đến 09/03/2026."
    _shot(dialog, "copy-timetable.png")
    with qtbot.waitSignal(dialog.accepted):
        _ok(qtbot, dialog)
    assert [tab.model.index(r, 0).data() + " " + tab.model.index(r, 1).data() for r in range(3)] == [
        "06/03/2026 Sáng", "06/03/2026 Chiều", "09/03/2026 Sáng"]  # Friday, then Monday: the weekend skipped
    w.tabs.setCurrentWidget(tab)
    _shot(w, "lessons-after-copy.png")
    again = tab.copy_from()
    assert not again.ok_button.isEnabled()
    assert again.errors.visible()["source"].startswith("Buổi sáng 06/03/2026 đã có buổi học; chưa sao chép gì.")
    _shot(again, "copy-timetable-refused.png")
    again.reject()
    assert Lesson.select().where(Lesson.course == course.id).count() == 3
