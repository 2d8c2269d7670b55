"""Lessons of a class: the date within the class period, a half-day, periods, instructor, kind."""

import datetime as dt

import pytest

from app.domain.errors import ConflictError, ValidationError
from app.services.courses import CourseInput, add_course
from app.services.lessons import LessonInput, add_lesson, delete_lesson, lesson_rows, update_lesson
from app.services.results import set_attendance
from app.store import db
from app.store.models import (
    AuditEntry,
    Enrollment,
    FeedbackResponse,
    FeedbackTemplate,
    Instructor,
    Lesson,
    Trainee,
    person_keys,
)


@pytest.fixture
def course(session):
    return add_course(CourseInput("NTVD-2026-01", "NTVD", "Khóa I", "02/03/2026", "06/03/2026"))


@pytest.fixture
def teacher(session):
    with db.write():
        return Instructor.create(**person_keys("Vàng Văn Tú"), kind="full_time")


def test_lessons_are_listed_in_teaching_order_with_vietnamese_labels(course, teacher):
    add_lesson(course.id, LessonInput("03/03/2026", "afternoon", "Chuyên đề 2", 4, teacher.id, "discussion"))
    add_lesson(course.id, LessonInput("03/03/2026", "morning", " Chuyên đề  1 ", "5"))
    add_lesson(course.id, LessonInput(dt.date(2026, 3, 2), "evening", "Ôn tập", 0))
    rows = lesson_rows(course.id)
    assert [(r.date, r.session_name, r.topic, r.periods, r.instructor, r.kind_name) for r in rows] == [
        (dt.date(2026, 3, 2), "Tối", "Ôn tập", 0, "", "Giảng lý thuyết"),
        (dt.date(2026, 3, 3), "Sáng", "Chuyên đề 1", 5, "", "Giảng lý thuyết"),
        (dt.date(2026, 3, 3), "Chiều", "Chuyên đề 2", 4, "Vàng Văn Tú", "Hướng dẫn thảo luận"),
    ]


@pytest.mark.parametrize("data, field, message", [
    (LessonInput("07/03/2026", topic="X"), "date", r"nằm ngoài thời gian của lớp \(02/03/2026 – 06/03/2026\)"),
    (LessonInput("31/02/2026", topic="X"), "date", "không có thật"),
    (LessonInput("", topic="X"), "date", "Cần nhập ngày"),
    (LessonInput("03/03/2026", "night", "X"), "session", "sáng, chiều hoặc tối"),
    (LessonInput("03/03/2026", topic="  "), "topic", "Cần nhập tên chuyên đề"),
    (LessonInput("03/03/2026", topic="X", periods=-1), "periods", "Số tiết phải từ 0"),
    (LessonInput("03/03/2026", topic="X", periods="bốn"), "periods", "không phải là số nguyên"),
    (LessonInput("03/03/2026", topic="X", instructor_id=999), "instructor", "Không tìm thấy giảng viên"),
    (LessonInput("03/03/2026", topic="X", kind="party"), "kind", "Loại buổi giảng"),
])
def test_bad_lessons_are_refused_next_to_the_field_and_write_nothing(course, data, field, message):
    with pytest.raises(ValidationError, match=message) as caught:
        add_lesson(course.id, data)
    assert caught.value.field == field
    assert Lesson.select().count() == 0


def test_edit_a_lesson(course, teacher):
    lesson = add_lesson(course.id, LessonInput("03/03/2026", topic="Chuyên đề 1"))
    update_lesson(lesson.id, LessonInput("04/03/2026", "afternoon", "Chuyên đề 1 (sửa)", 3, teacher.id))
    again = Lesson.get_by_id(lesson.id)
    assert (again.date, again.session, again.topic, again.periods, again.instructor_id) == (
        dt.date(2026, 3, 4), "afternoon", "Chuyên đề 1 (sửa)", 3, teacher.id)
    with pytest.raises(ValidationError):
        update_lesson(lesson.id, LessonInput("10/03/2026", topic="X"))
    assert Lesson.get_by_id(lesson.id).topic == "Chuyên đề 1 (sửa)"


def test_deleting_a_lesson_takes_its_marks_and_is_audited(course):
    lesson = add_lesson(course.id, LessonInput("03/03/2026", topic="Chuyên đề 1"))
    with db.write():
        trainee = Trainee.create(**person_keys("Thào A Sử"), birth_year=1985)
        enrollment = Enrollment.create(course=course, trainee=trainee)
    set_attendance(enrollment.id, lesson.id, "x")
    assert delete_lesson(lesson.id) == 1
    assert Lesson.select().count() == 0
    entry = AuditEntry.get(AuditEntry.entity == "lesson")
    assert "03/03/2026" in entry.summary and "Chuyên đề 1" in entry.summary


def test_a_lesson_with_feedback_forms_is_not_deleted(course):
    lesson = add_lesson(course.id, LessonInput("03/03/2026", topic="Chuyên đề 1"))
    with db.write():
        FeedbackResponse.create(template=FeedbackTemplate.select().first(), course=course, lesson=lesson,
                                lesson_key=lesson.id, form_no=1)
    with pytest.raises(ConflictError, match="1 phiếu phản hồi"):
        delete_lesson(lesson.id)
    assert Lesson.select().count() == 1
