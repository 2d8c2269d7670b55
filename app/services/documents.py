"""Rows for the class documents (lists, sheets, results), built once for PDF, Excel and screen."""

from __future__ import annotations

from peewee import JOIN

from app.domain.documents import ClassListRow, CourseHeading
from app.domain.formatting import format_birth
from app.services.courses import find_course
from app.store.models import Course, Enrollment, EthnicGroup, Organization, Trainee

GENDER_NAMES = {"M": "Nam", "F": "Nữ"}


def course_heading(course: Course) -> CourseHeading:
    return CourseHeading(code=course.code, name=course.name, program_name=course.program.name,
                         start_date=course.start_date, end_date=course.end_date, venue=course.venue or "",
                         partner=course.partner.name if course.partner_id else "")


def _position_unit(position: str | None, unit: str | None) -> str:
    return " – ".join(part for part in (position, unit) if part)


def class_list(course_code: str) -> tuple[CourseHeading, list[ClassListRow]]:
    """The class's trainees in Vietnamese name order, with the names the class was made with."""
    course = find_course(course_code)
    query = (Enrollment
             .select(Enrollment, Trainee, EthnicGroup, Organization)
             .join(Trainee)
             .join(EthnicGroup, JOIN.LEFT_OUTER).switch(Trainee)
             .join(Organization, JOIN.LEFT_OUTER)
             .where(Enrollment.course == course.id)
             .order_by(Trainee.sort_key))
    rows = []
    for enrollment in query:
        trainee = enrollment.trainee
        unit = enrollment.unit_at_time or (trainee.organization.name if trainee.organization_id else
                                          trainee.unit_text)
        position = enrollment.position_at_time or trainee.position
        rows.append(ClassListRow(
            full_name=trainee.full_name,
            birth=format_birth(trainee.birth_date, trainee.birth_year),
            gender=GENDER_NAMES.get(trainee.gender or "", ""),
            ethnic_group=trainee.ethnic_group.name if trainee.ethnic_group_id else "",
            position_unit=_position_unit(position, unit),
            party_member=trainee.party_member,
            note=enrollment.note or "",
        ))
    return course_heading(course), rows
