"""Attendance marks, scores typed with comma or dot, bands, overrides with a reason."""

import datetime as dt
from decimal import Decimal

import pytest

from app.domain.errors import ValidationError
from app.services.courses import CourseInput, add_course
from app.services.results import (
    attendance_grid,
    clear_override,
    override_result,
    set_attendance,
    set_score,
)
from app.store import db
from app.store.models import Attendance, Enrollment, Lesson, Trainee, person_keys


@pytest.fixture
def enrolled(session):
    course = add_course(CourseInput("DVM-2026-01", "DVM", "Khóa I", "02/03/2026", "07/03/2026"))
    with db.write():
        lessons = [Lesson.create(course=course, date=dt.date(2026, 3, 2 + i), topic=f"Chuyên đề {i + 1}")
                   for i in range(3)]
        enrollments = []
        for name in ("Thào A Sử", "Lù Văn An"):
            trainee = Trainee.create(**person_keys(name, None, 1990), birth_year=1990)
            enrollments.append(Enrollment.create(course=course, trainee=trainee))
    return course, lessons, enrollments


def test_marks_are_x_p_k_and_can_be_changed_or_cleared(enrolled):
    course, lessons, (sử, an) = enrolled
    assert set_attendance(sử.id, lessons[0].id, "x") == "x"
    assert set_attendance(sử.id, lessons[1].id, "k") == "K"
    assert set_attendance(sử.id, lessons[1].id, "p") == "P"
    assert set_attendance(an.id, lessons[2].id, "x") == "x"
    assert set_attendance(an.id, lessons[2].id, "") is None
    assert {(a.enrollment_id, a.lesson_id, a.mark) for a in Attendance.select()} == {
        (sử.id, lessons[0].id, "x"), (sử.id, lessons[1].id, "P")}
    with pytest.raises(ValidationError, match="chỉ nhận x"):
        set_attendance(sử.id, lessons[2].id, "v")
    assert Attendance.select().count() == 2
    _, grid = attendance_grid(course.id)
    assert [r.full_name for r in grid] == ["Lù Văn An", "Thào A Sử"]
    assert grid[1].marks == {lessons[0].id: "x", lessons[1].id: "P"}


@pytest.mark.parametrize("typed, score, band", [("8,5", "8.5", "G"), ("7.0", "7.0", "K"), ("6", "6.0", "TB"),
                                                ("4,5", "4.5", "KD"), ("10", "10.0", "G")])
def test_score_gives_the_band(enrolled, typed, score, band):
    _, _, (sử, _) = enrolled
    assert set_score(sử.id, typed) == (Decimal(score), band)
    assert Enrollment.get_by_id(sử.id).completed == (band != "KD")


def test_bad_score_writes_nothing(enrolled):
    _, _, (sử, _) = enrolled
    with pytest.raises(ValidationError, match="bước 0,5"):
        set_score(sử.id, "7,3")
    assert Enrollment.get_by_id(sử.id).score is None


def test_override_needs_a_reason_and_survives_a_new_score(enrolled):
    _, _, (sử, _) = enrolled
    set_score(sử.id, "4,5")
    with pytest.raises(ValidationError, match="lý do"):
        override_result(sử.id, "TB", "")
    override_result(sử.id, "TB", "Phúc khảo đạt")
    set_score(sử.id, "4")
    stored = Enrollment.get_by_id(sử.id)
    assert (stored.result_code, stored.result_override_reason, stored.score) == ("TB", "Phúc khảo đạt", Decimal("4.0"))
    clear_override(sử.id)
    assert Enrollment.get_by_id(sử.id).result_code == "KD"


def test_lessons_come_in_teaching_order_morning_before_afternoon(enrolled):
    course, _, _ = enrolled
    with db.write():
        Lesson.create(course=course, date=dt.date(2026, 3, 1), session="afternoon", topic="Chiều")
        Lesson.create(course=course, date=dt.date(2026, 3, 1), session="morning", topic="Sáng")
    lessons, _ = attendance_grid(course.id)
    assert [lesson.topic for lesson in lessons][:2] == ["Sáng", "Chiều"]
