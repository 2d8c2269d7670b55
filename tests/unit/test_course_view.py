"""The class window's one read of its class: a frozen plain row with its counts."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from app.services.course_view import course_info
from app.services.courses import CourseInput, add_course, cancel_course, delete_course
from app.services.enrolment import enrol_trainees
from app.services.lessons import LessonInput, add_lesson
from app.services.trainees import TraineeInput, add_trainee


@pytest.fixture
def course(session):
    return add_course(CourseInput("NTVD-2026-01", "NTVD", "Bồi dưỡng nhận thức về Đảng khóa I năm 2026",
                                  "02/03/2026", "06/03/2026", venue="Hội trường Trung tâm",
                                  partner="UBND xã Sán Chải", decision_number="12/QĐ-TTBDCT",
                                  decision_date="20/02/2026"))


def test_the_class_as_the_window_reads_it(course):
    sử = add_trainee(TraineeInput("Thào A Sử", "12/04/1985", "Nam"))
    enrol_trainees(course.id, [sử.id])
    add_lesson(course.id, LessonInput("02/03/2026", topic="Chuyên đề 1"))
    add_lesson(course.id, LessonInput("02/03/2026", session="afternoon", topic="Chuyên đề 2"))
    info = course_info(course.id)
    assert (info.code, info.program_code, info.start_date, info.end_date) == (
        "NTVD-2026-01", "NTVD", dt.date(2026, 3, 2), dt.date(2026, 3, 6))
    assert (info.venue, info.partner_name, info.decision_number, info.decision_date) == (
        "Hội trường Trung tâm", "UBND xã Sán Chải", "12/QĐ-TTBDCT", dt.date(2026, 2, 20))
    assert (info.monitor, info.note, info.cancel_reason) == ("", "", "")  # never None on screen
    assert (info.trainee_count, info.lesson_count, info.status_label, info.cancelled) == (1, 2, "Đã kết thúc", False)
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.name = "khác"


def test_a_cancelled_class_says_why_and_a_deleted_one_is_gone(course):
    cancel_course(course.code, "Không đủ học viên")
    info = course_info(course.id)
    assert (info.cancelled, info.status_label, info.cancel_reason) == (True, "Hủy", "Không đủ học viên")
    delete_course(course.code, "Nhập nhầm")
    assert course_info(course.id) is None
