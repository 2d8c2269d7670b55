"""What blank feedback forms print: the class, the lesson and its instructor, the template's
questions and scale, and one form number per trainee (so a form typed in twice is caught)."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import JOIN

from app.domain.dates import format_date
from app.domain.documents import SESSION_NAMES
from app.domain.errors import NotFoundError, ValidationError
from app.services.courses import find_course
from app.services.feedback import template_info
from app.store.models import Course, Enrollment, Instructor, Lesson, lesson_order


@dataclass(frozen=True)
class FeedbackFormSheet:
    """Everything printed on a stack of blank forms of one class (or one lesson)."""

    course_name: str
    course_code: str
    period: str  # "từ ngày 02/03/2026 đến ngày 06/03/2026"
    venue: str
    lesson_topic: str  # '' for a form about the whole class
    lesson_date: str  # "02/03/2026 (buổi sáng)"
    instructor: str
    questions: tuple[str, ...]
    scale: tuple[tuple[int, str], ...]  # (value, label), highest first
    numbers: tuple[int, ...]  # the form numbers, 1..N


def _lesson(course: Course, lesson_id: int | None) -> Lesson | None:
    if lesson_id is None:
        return None
    lesson = Lesson.get_or_none(Lesson.id == lesson_id)
    if lesson is None or lesson.course_id != course.id:
        raise NotFoundError(f"Buổi học {lesson_id} không thuộc lớp {course.code}.", field="lesson")
    return lesson


def _lesson_date(lesson: Lesson) -> str:
    session = SESSION_NAMES.get(lesson.session, "")
    return f"{format_date(lesson.date)} (buổi {session.lower()})" if session else format_date(lesson.date)


def feedback_form_sheet(course_code: str, lesson_id: int | None = None, *, count: int | None = None,
                        template_id: int | None = None) -> FeedbackFormSheet:
    """Forms numbered 1..``count`` (by default the class size) for the class or one of its lessons."""
    course = find_course(course_code)
    lesson = _lesson(course, lesson_id)
    if count is None:
        count = Enrollment.select().where(Enrollment.course == course.id).count()
        if count == 0:
            raise ValidationError(f"Lớp {course.code} chưa có học viên nào; chưa in được phiếu phản hồi.")
    if count <= 0:
        raise ValidationError("Số phiếu cần in phải là số dương.", field="count")
    template = template_info(template_id)
    instructor = ""
    if lesson is not None and lesson.instructor_id:
        instructor = Instructor.get_by_id(lesson.instructor_id).full_name
    return FeedbackFormSheet(
        course_name=course.name, course_code=course.code,
        period=f"từ ngày {format_date(course.start_date)} đến ngày {format_date(course.end_date)}",
        venue=course.venue or "",
        lesson_topic=lesson.topic if lesson else "",
        lesson_date=_lesson_date(lesson) if lesson else "",
        instructor=instructor,
        questions=tuple(text for _qid, text in template.questions),
        scale=template.scale,
        numbers=tuple(range(1, count + 1)),
    )


def lesson_choices(course_code: str) -> list[tuple[int, str]]:
    """The class's lessons as ``(id, "02/03/2026 sáng – topic – instructor")``, in timetable order."""
    course = find_course(course_code)
    query = (Lesson.select(Lesson, Instructor).join(Instructor, JOIN.LEFT_OUTER)
             .where(Lesson.course == course.id).order_by(*lesson_order()))
    choices = []
    for lesson in query:
        parts = [f"{format_date(lesson.date)} {SESSION_NAMES.get(lesson.session, '').lower()}".strip(), lesson.topic]
        if lesson.instructor_id:
            parts.append(lesson.instructor.full_name)
        choices.append((lesson.id, " – ".join(parts)))
    return choices
