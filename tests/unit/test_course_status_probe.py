"""Editing a class: the status the form shows is the calendar's; saving it back unchanged is no
choice of the user's, so moving the dates moves the status with them."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.errors import ValidationError
from app.services import lists
from app.services.course_view import course_info
from app.services.courses import CourseInput, add_course, cancel_course, edit_stamp, update_course
from app.store.models import Course

TODAY = dt.date.today()
DAY = dt.timedelta(days=1)


def _as_the_form_saves(course_id: int, start: dt.date, end: dt.date, status: str | None = None) -> Course:
    info = course_info(course_id)
    data = CourseInput(info.code, info.program_code, info.name, start, end, status=status or info.status)
    return update_course(course_id, data, expected=edit_stamp(course_id))


def test_a_running_class_postponed_in_the_form_is_planned_again(session):
    course = add_course(CourseInput("HOAN", "NQ", "Hoãn", TODAY - DAY, TODAY + DAY))
    assert course_info(course.id).status == "running"
    _as_the_form_saves(course.id, TODAY + 30 * DAY, TODAY + 32 * DAY)
    assert course_info(course.id).status_label == "Dự kiến"
    assert [r.status_name for r in lists.courses(None)] == ["Dự kiến"]


def test_an_ended_class_whose_end_is_corrected_runs_again(session):
    course = add_course(CourseInput("SUA", "NQ", "Sửa ngày", TODAY - 10 * DAY, TODAY - DAY))
    assert course_info(course.id).status == "finished"
    _as_the_form_saves(course.id, TODAY - 10 * DAY, TODAY + 5 * DAY)
    assert course_info(course.id).status_label == "Đang học"


def test_a_status_the_user_chose_in_the_form_is_kept(session):
    course = add_course(CourseInput("SOM", "NQ", "Kết thúc sớm", TODAY - 3 * DAY, TODAY + 3 * DAY))
    _as_the_form_saves(course.id, TODAY - 3 * DAY, TODAY + 3 * DAY, status="finished")  # closed early
    assert course_info(course.id).status_label == "Đã kết thúc"
    _as_the_form_saves(course.id, TODAY - 3 * DAY, TODAY + 3 * DAY)  # edited again, status left as shown
    assert course_info(course.id).status_label == "Đã kết thúc"


def test_a_cancelled_class_stays_cancelled_and_an_edit_cannot_cancel_without_a_reason(session):
    kept = add_course(CourseInput("HUY", "NQ", "Hủy", TODAY + DAY, TODAY + 3 * DAY))
    cancel_course("HUY", "Không đủ học viên")
    _as_the_form_saves(kept.id, TODAY + DAY, TODAY + 3 * DAY, status="planned")
    assert course_info(kept.id).status_label == "Hủy"
    other = add_course(CourseInput("KHAC", "NQ", "Khác", TODAY + DAY, TODAY + 3 * DAY))
    with pytest.raises(ValidationError, match="Hủy lớp bằng nút Hủy lớp"):
        _as_the_form_saves(other.id, TODAY + DAY, TODAY + 3 * DAY, status="cancelled")
    assert Course.get_by_id(other.id).status == "planned"
