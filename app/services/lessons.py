"""Lessons of a class (Lịch học): add, edit, delete, each one transaction with Vietnamese errors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN, fn

from app.domain.changes import Topic, writes
from app.domain.dates import format_date, parse_date
from app.domain.errors import ConflictError, NotFoundError, ValidationError
from app.domain.text import clean
from app.services import audit, auth
from app.store import db
from app.store.models import (
    LESSON_SESSIONS,
    Attendance,
    CatalogueItem,
    Course,
    FeedbackResponse,
    Instructor,
    Lesson,
    lesson_order,
)

SESSION_LABELS = {"morning": "Sáng", "afternoon": "Chiều", "evening": "Tối"}
MAX_PERIODS = 12  # a half-day holds at most a few periods; a typo like 40 is caught


@dataclass
class LessonInput:
    """What the user types for a lesson; the date as dd/mm/yyyy text or a date."""

    date: str | dt.date
    session: str = "morning"
    topic: str = ""
    periods: int | str = 4
    instructor_id: int | None = None
    kind: str = "lecture"


@dataclass(frozen=True)
class LessonRow:
    id: int
    date: dt.date
    session: str
    session_name: str
    topic: str
    periods: int
    instructor_id: int | None
    instructor: str
    kind: str
    kind_name: str
    marks: int  # attendance marks recorded for this lesson


def lesson_kinds() -> list[tuple[str, str]]:
    query = (CatalogueItem.select(CatalogueItem.code, CatalogueItem.name)
             .where(CatalogueItem.kind == "lesson_kinds", CatalogueItem.active)
             .order_by(CatalogueItem.sort_order))
    return [(code, name) for code, name in query.tuples()]


def instructor_choices() -> list[tuple[int, str]]:
    """(id, name) of the active instructors, in Vietnamese name order."""
    query = (Instructor.select(Instructor.id, Instructor.full_name)
             .where(Instructor.active).order_by(Instructor.sort_key))
    return [(iid, name) for iid, name in query.tuples()]


def lesson_kind_names() -> dict[str, str]:
    """code → name of every kind of lesson, the retired ones too (old lessons keep theirs)."""
    return dict(CatalogueItem.select(CatalogueItem.code, CatalogueItem.name)
                .where(CatalogueItem.kind == "lesson_kinds").tuples())


def lesson_rows(course_id: int) -> list[LessonRow]:
    """The class's lessons in teaching order, with instructor and the number of marks."""
    kinds = lesson_kind_names()
    marks = Attendance.select(fn.COUNT(Attendance.id)).where(Attendance.lesson == Lesson.id)
    query = (Lesson.select(Lesson.id, Lesson.date, Lesson.session, Lesson.topic, Lesson.periods,
                           Lesson.instructor, Instructor.full_name, Lesson.kind, marks.alias("marks"))
             .join(Instructor, JOIN.LEFT_OUTER)
             .where(Lesson.course == course_id).order_by(*lesson_order()))
    rows = []
    for lid, date, session, topic, periods, iid, name, kind, count in query.tuples():
        if isinstance(date, str):
            date = dt.date.fromisoformat(date[:10])
        rows.append(LessonRow(lid, date, session, SESSION_LABELS.get(session, session), topic, periods,
                              iid, name or "", kind, kinds.get(kind, kind), count or 0))
    return rows


def _course(course_id: int) -> Course:
    course = Course.get_or_none(Course.id == course_id)
    if course is None:
        raise NotFoundError("Không tìm thấy lớp.")
    return course


def _values(course: Course, data: LessonInput, kept_kind: str | None = None) -> dict:
    try:
        date = parse_date(data.date)
    except ValidationError as exc:
        raise ValidationError(exc.message, field="date") from None
    if not course.start_date <= date <= course.end_date:
        raise ValidationError(f"Ngày {format_date(date)} nằm ngoài thời gian của lớp "
                              f"({format_date(course.start_date)} – {format_date(course.end_date)}).",
                              field="date")
    if data.session not in LESSON_SESSIONS:
        raise ValidationError("Buổi học phải là sáng, chiều hoặc tối.", field="session")
    topic = clean(data.topic)
    if not topic:
        raise ValidationError("Cần nhập tên chuyên đề.", field="topic")
    try:
        periods = int(str(data.periods).strip())
    except ValueError:
        raise ValidationError(f"Số tiết \"{data.periods}\" không phải là số nguyên.", field="periods") from None
    if periods < 0 or periods > MAX_PERIODS:
        raise ValidationError(f"Số tiết phải từ 0 đến {MAX_PERIODS}.", field="periods")
    if data.instructor_id is not None and Instructor.get_or_none(Instructor.id == data.instructor_id) is None:
        raise ValidationError("Không tìm thấy giảng viên.", field="instructor")
    if data.kind not in dict(lesson_kinds()) and data.kind != kept_kind:  # a retired kind stays on old lessons
        raise ValidationError("Loại buổi giảng không có trong danh mục.", field="kind")
    return {"date": date, "session": data.session, "topic": topic, "periods": periods,
            "instructor": data.instructor_id, "kind": data.kind}


@writes(Topic.LESSONS)
def add_lesson(course_id: int, data: LessonInput) -> Lesson:
    """Add a lesson to a class; its date must fall within the class's period."""
    course = _course(course_id)
    values = _values(course, data)
    with db.write():
        return Lesson.create(course=course.id, **values)


@writes(Topic.LESSONS)
def update_lesson(lesson_id: int, data: LessonInput) -> Lesson:
    lesson = Lesson.get_or_none(Lesson.id == lesson_id)
    if lesson is None:
        raise NotFoundError("Không tìm thấy buổi học.")
    values = _values(lesson.course, data, kept_kind=lesson.kind)
    with db.write():
        Lesson.update(**values).where(Lesson.id == lesson_id).execute()
    return Lesson.get_by_id(lesson_id)


@writes(Topic.LESSONS, Topic.ATTENDANCE, Topic.AUDIT)
def delete_lesson(lesson_id: int) -> int:
    """Delete a lesson and its attendance marks (audited); returns how many marks went with it.

    Refused when feedback forms were typed in for the lesson: they would be lost.
    """
    lesson = Lesson.get_or_none(Lesson.id == lesson_id)
    if lesson is None:
        raise NotFoundError("Không tìm thấy buổi học.")
    forms = FeedbackResponse.select().where(FeedbackResponse.lesson == lesson_id).count()
    if forms:
        raise ConflictError(f"Buổi học đã có {forms} phiếu phản hồi nên không xóa được.")
    marks = Attendance.select().where(Attendance.lesson == lesson_id).count()
    with db.write():
        audit.record("delete", "lesson", lesson_id,
                     f"Xóa buổi học {format_date(lesson.date)} ({SESSION_LABELS.get(lesson.session, '')}) "
                     f"\"{lesson.topic}\" của lớp {lesson.course.code}; {marks} lượt điểm danh",
                     user=auth.acting_user())
        Lesson.delete().where(Lesson.id == lesson_id).execute()
    return marks
