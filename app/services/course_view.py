"""What the class window shows about its class, as one plain, frozen row.

The window fetches it once when it opens and once after each change it cares about, and hands
the same row to its sub-tabs (they never look the class up themselves).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.services.courses import STATUS_LABELS, status_of
from app.store.models import Course, Enrollment, Lesson


@dataclass(frozen=True)
class CourseInfo:
    """A class as the screens read it (no database object behind it)."""

    id: int
    code: str
    name: str
    program_code: str
    program_name: str
    start_date: dt.date
    end_date: dt.date
    venue: str
    partner_name: str
    decision_number: str
    decision_date: dt.date | None
    monitor: str
    status: str  # planned | running | finished | cancelled
    cancel_reason: str
    note: str
    trainee_count: int
    lesson_count: int

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


def course_info(course_id: int) -> CourseInfo | None:
    """The class ``course_id`` with its trainee and lesson counts; None once it is deleted."""
    course = Course.get_or_none(Course.id == course_id)
    if course is None:
        return None
    return CourseInfo(
        id=course.id, code=course.code, name=course.name,
        program_code=course.program.code, program_name=course.program.name,
        start_date=course.start_date, end_date=course.end_date, venue=course.venue or "",
        partner_name=course.partner.name if course.partner_id else "",
        decision_number=course.decision_number or "", decision_date=course.decision_date,
        monitor=course.monitor or "", status=status_of(course), cancel_reason=course.cancel_reason or "",
        note=course.note or "",
        trainee_count=Enrollment.select().where(Enrollment.course == course.id).count(),
        lesson_count=Lesson.select().where(Lesson.course == course.id).count(),
    )
