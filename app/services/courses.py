"""Classes (Lớp): create, edit, cancel, delete — each one transaction with Vietnamese errors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.domain.changes import Topic, writes
from app.domain.dates import check_period, parse_date
from app.domain.errors import ConflictError, NotFoundError, ValidationError
from app.domain.text import clean
from app.services import audit, auth
from app.store import db
from app.store.models import Certificate, Course, Enrollment, Organization, Program

STATUS_LABELS = {"planned": "Dự kiến", "running": "Đang học", "finished": "Đã kết thúc", "cancelled": "Hủy"}


@dataclass
class CourseInput:
    """What the user types for a class; dates as text (dd/mm/yyyy) or dates."""

    code: str
    program_code: str
    name: str
    start: str | dt.date
    end: str | dt.date
    venue: str = ""
    partner: str = ""
    decision_number: str = ""
    decision_date: str | dt.date | None = None
    monitor: str = ""
    status: str = "planned"
    note: str = ""


def find_program(code: str) -> Program:
    program = Program.get_or_none(Program.code == clean(code).upper())
    if program is None:
        raise NotFoundError(f"Không có chương trình mã \"{clean(code)}\".", field="program")
    return program


def find_course(code: str) -> Course:
    course = Course.get_or_none(Course.code == clean(code))
    if course is None:
        raise NotFoundError(f"Không có lớp mã \"{clean(code)}\".", field="code")
    return course


@writes(Topic.ORGANIZATIONS)
def find_or_create_organization(name: str) -> Organization | None:
    """The organisation whose name or alias matches ``name`` (folded, abbreviations such as UBND
    spelled out); a new one when none does. The caller holds the transaction."""
    from app.services.organizations import find_or_create

    return find_or_create(name)


def _date_field(value, field: str, *, required: bool = True) -> dt.date | None:
    """Parse a date of the form, naming the field in the error so the form can show it there."""
    try:
        return parse_date(value, required=required)
    except ValidationError as exc:
        raise ValidationError(exc.message, field=field) from None


def _values(data: CourseInput) -> dict:
    code = clean(data.code)
    if not code:
        raise ValidationError("Cần nhập mã lớp.", field="code")
    name = clean(data.name)
    if not name:
        raise ValidationError("Cần nhập tên lớp.", field="name")
    start = _date_field(data.start, "start_date")
    end = _date_field(data.end, "end_date")
    check_period(start, end)
    if data.status not in STATUS_LABELS:
        raise ValidationError("Trạng thái lớp không hợp lệ.", field="status")
    return {
        "code": code, "program": find_program(data.program_code), "name": name,
        "start_date": start, "end_date": end, "venue": data.venue or None,
        "decision_number": data.decision_number or None,
        "decision_date": _date_field(data.decision_date, "decision_date", required=False),
        "monitor": data.monitor or None, "status": data.status, "note": data.note or None,
    }


@writes(Topic.COURSES, Topic.ORGANIZATIONS)
def add_course(data: CourseInput) -> Course:
    """Create a class; the code must be new."""
    values = _values(data)
    if Course.select().where(Course.code == values["code"]).exists():
        raise ConflictError(f"Mã lớp \"{values['code']}\" đã được dùng cho một lớp khác.", field="code")
    with db.write():
        return Course.create(partner=find_or_create_organization(data.partner), **values)


@writes(Topic.COURSES, Topic.ORGANIZATIONS)
def update_course(course_id: int, data: CourseInput) -> Course:
    values = _values(data)
    clash = Course.select().where(Course.code == values["code"], Course.id != course_id).exists()
    if clash:
        raise ConflictError(f"Mã lớp \"{values['code']}\" đã được dùng cho một lớp khác.", field="code")
    with db.write():
        Course.update(partner=find_or_create_organization(data.partner), **values).where(
            Course.id == course_id).execute()
    return Course.get_by_id(course_id)


@writes(Topic.COURSES, Topic.AUDIT)
def cancel_course(code: str, reason: str) -> Course:
    """Cancel a class: it keeps its records and leaves an audit entry with the reason."""
    reason = clean(reason)
    if not reason:
        raise ValidationError("Cần ghi lý do hủy lớp.", field="reason")
    course = find_course(code)
    if course.status == "cancelled":
        raise ConflictError(f"Lớp {course.code} đã bị hủy trước đó.")
    with db.write():
        Course.update(status="cancelled", cancel_reason=reason).where(Course.id == course.id).execute()
        audit.record("cancel", "course", course.id, f"Hủy lớp {course.code} – {course.name}", reason,
                     user=auth.acting_user())
    return Course.get_by_id(course.id)


@writes(Topic.COURSES, Topic.ENROLLMENTS, Topic.LESSONS, Topic.ATTENDANCE, Topic.FEEDBACK, Topic.AUDIT)
def delete_course(code: str, reason: str) -> None:
    """Delete a class; refused once it has issued certificates (cancel it instead)."""
    course = find_course(code)
    issued = (Certificate.select().join(Enrollment)
              .where(Enrollment.course == course.id).exists())
    if issued:
        raise ConflictError(f"Lớp {course.code} đã cấp giấy chứng nhận nên không xóa được; "
                            "có thể hủy lớp.")
    with db.write():
        audit.record("delete", "course", course.id, f"Xóa lớp {course.code} – {course.name}", clean(reason),
                     user=auth.acting_user())
        course.delete_instance(recursive=True)
