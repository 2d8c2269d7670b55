"""Timetable copies and proposals at the edges: a weekend start, two lessons in one half-day, a
class held only at the weekend."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.errors import ConflictError
from app.services.courses import CourseInput, add_course
from app.services.lessons import LessonInput, add_lesson, copy_timetable, lesson_rows
from app.services.lessons import next_free_session as proposed
from app.store.models import Lesson


def test_a_weekend_lesson_before_the_first_working_day_never_lands_before_the_new_class(session):
    source = add_course(CourseInput("NTVD-2026-01", "NTVD", "Khóa I", "07/03/2026", "13/03/2026"))  # Sat – Fri
    add_lesson(source.id, LessonInput("07/03/2026", "morning", "Khai giảng"))
    add_lesson(source.id, LessonInput("09/03/2026", "morning", "Bài 1"))
    target = add_course(CourseInput("NTVD-2026-02", "NTVD", "Khóa II", "06/04/2026", "10/04/2026"))  # Mon – Fri
    with pytest.raises(ConflictError) as caught:
        copy_timetable("NTVD-2026-01", target.id)
    assert "06/04/2026" in caught.value.message and "chưa sao chép gì" in caught.value.message
    assert Lesson.select().where(Lesson.course == target.id).count() == 0
    weekend = add_course(CourseInput("NTVD-2026-03", "NTVD", "Khóa III", "04/04/2026", "10/04/2026"))  # Sat – Fri
    assert copy_timetable("NTVD-2026-01", weekend.id) == 2
    assert [r.date for r in lesson_rows(weekend.id)] == [dt.date(2026, 4, 4), dt.date(2026, 4, 6)]


def test_two_lessons_in_one_half_day_are_copied(session):
    source = add_course(CourseInput("NTVD-2026-01", "NTVD", "Khóa I", "02/03/2026", "06/03/2026"))
    add_lesson(source.id, LessonInput("02/03/2026", "morning", "Bài 1", 2))
    add_lesson(source.id, LessonInput("02/03/2026", "morning", "Bài 2", 2))
    target = add_course(CourseInput("NTVD-2026-02", "NTVD", "Khóa II", "06/04/2026", "10/04/2026"))
    assert copy_timetable("NTVD-2026-01", target.id) == 2
    assert sorted(r.topic for r in lesson_rows(target.id)) == ["Bài 1", "Bài 2"]


def test_a_class_held_at_the_weekend_is_proposed_its_first_free_half_day(session):
    course = add_course(CourseInput("NTVD-2026-01", "NTVD", "Khóa I", "07/03/2026", "08/03/2026"))  # Sat – Sun
    assert proposed(course.id) == (dt.date(2026, 3, 7), "morning")
    add_lesson(course.id, LessonInput("07/03/2026", "morning", "Bài 1"))
    assert proposed(course.id) == (dt.date(2026, 3, 7), "afternoon")
