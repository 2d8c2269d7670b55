"""Classes (Lớp): create, edit, cancel, delete — each one transaction with Vietnamese errors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal, overload

from peewee import Case

from app.domain.calendar import calendar_status
from app.domain.changes import Topic, writes
from app.domain.dates import check_period, parse_date
from app.domain.errors import ConflictError, NotFoundError, ValidationError
from app.domain.limits import MAX_CODE, MAX_NAME, MAX_TEXT, check_length
from app.domain.text import clean
from app.services import audit, auth
from app.store import db
from app.store.models import Certificate, Course, Enrollment, Organization, Program

STATUS_LABELS = {"planned": "Dự kiến", "running": "Đang học", "finished": "Đã kết thúc", "cancelled": "Hủy"}


def status_of(course: Course, today: dt.date | None = None) -> str:
    """The class's status on ``today`` by the calendar rule (``app.domain.calendar``)."""
    return calendar_status(course.status, course.start_date, course.end_date, today or dt.date.today())


def status_expression(today: dt.date | None = None) -> Any:
    """The same rule as :func:`status_of` in SQL, for lists that filter and count by status."""
    today = today or dt.date.today()
    return Case(None, [
        (Course.status == "cancelled", "cancelled"),
        ((Course.status == "finished") | (Course.end_date < today), "finished"),
        ((Course.status == "running") | (Course.start_date <= today), "running"),
    ], "planned")


def ended_notice(course_code: str, today: dt.date | None = None) -> str:
    """A warning when a roster goes into a class that has already ended; '' otherwise."""
    course = find_course(course_code)
    if status_of(course, today) != "finished":
        return ""
    return f"Lớp {course.code} đã kết thúc ngày {course.end_date:%d/%m/%Y}."


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
    """The class of ``code``; as typed, else regardless of letter case (codes are unique so)."""
    code = clean(code)
    course = Course.get_or_none(Course.code == code) if len(code) <= MAX_CODE else None
    if course is None and code and len(code) <= MAX_CODE:
        same = _same_code(code)
        course = Course.get_by_id(same[0]) if same else None
    if course is None:
        raise NotFoundError(f"Không có lớp mã \"{code}\".", field="code")
    return course


def _same_code(code: str, *, other_than: int | None = None) -> list[int]:
    """Ids of the classes whose code is ``code`` regardless of letter case (Đ and đ too: Python's
    casefold, not SQLite's ASCII-only lower). A few thousand codes: read them all."""
    wanted = code.casefold()
    return [cid for cid, existing in Course.select(Course.id, Course.code).tuples()
            if existing.casefold() == wanted and cid != other_than]


def _check_code_is_new(code: str, course_id: int | None = None) -> None:
    same = _same_code(code, other_than=course_id)
    if same:
        clash = Course.get_by_id(same[0])
        raise ConflictError(f"Mã lớp \"{code}\" đã được dùng cho lớp {clash.code} (mã lớp không phân biệt "
                            "chữ hoa, chữ thường).", field="code")


@writes(Topic.ORGANIZATIONS)
def find_or_create_organization(name: str) -> Organization | None:
    """The organisation whose name or alias matches ``name`` (folded, abbreviations such as UBND
    spelled out); a new one when none does. The caller holds the transaction."""
    from app.services.organizations import find_or_create

    return find_or_create(name)


@overload
def _date_field(value: object, field: str, *, required: Literal[True] = True) -> dt.date: ...
@overload
def _date_field(value: object, field: str, *, required: bool) -> dt.date | None: ...
def _date_field(value: Any, field: str, *, required: bool = True) -> dt.date | None:
    """Parse a date of the form, naming the field in the error so the form can show it there."""
    try:
        return parse_date(value, required=required)
    except ValidationError as exc:
        raise ValidationError(exc.message, field=field) from None


def _values(data: CourseInput) -> dict:
    code = clean(data.code)
    if not code:
        raise ValidationError("Cần nhập mã lớp.", field="code")
    check_length(code, MAX_CODE, "Mã lớp", field="code")
    name = clean(data.name)
    if not name:
        raise ValidationError("Cần nhập tên lớp.", field="name")
    check_length(name, MAX_NAME, "Tên lớp", field="name")
    check_length(clean(data.venue or ""), MAX_NAME, "Địa điểm", field="venue")
    check_length(clean(data.partner or ""), MAX_NAME, "Tên đơn vị phối hợp", field="partner")
    check_length(data.note or "", MAX_TEXT, "Ghi chú", field="note")
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


@writes(Topic.COURSES, Topic.ORGANIZATIONS, Topic.AUDIT)
def add_course(data: CourseInput) -> Course:
    """Create a class (audited); the code must be new."""
    values = _values(data)
    _check_code_is_new(values["code"])
    _check_program_in_use(values["program"])
    with db.write():
        course = Course.create(partner=find_or_create_organization(data.partner), **values)
        audit.record("create", "course", course.id,
                     f"Tạo lớp {course.code} – {course.name} ({course.program.code}, "
                     f"{course.start_date:%d/%m/%Y} – {course.end_date:%d/%m/%Y})", user=auth.acting_user())
        return course


@writes(Topic.COURSES, Topic.ORGANIZATIONS)
def update_course(course_id: int, data: CourseInput, *, expected: str | None = None) -> Course:
    """Save an edited class; ``expected``: the :func:`edit_stamp` the form took (changed since → refused)."""
    values = _values(data)
    _check_code_is_new(values["code"], course_id)
    existing = Course.get_or_none(Course.id == course_id)
    if existing is None or existing.program_id != values["program"].id:
        _check_program_in_use(values["program"])
    if existing is not None and (existing.status == "cancelled" or values["status"] == status_of(existing)):
        # The form shows the calendar's status; saved back unchanged it is no choice of the user's:
        # the stored one stays, so new dates move the status (a postponed class is Dự kiến again).
        # A cancelled class stays cancelled.
        values["status"] = existing.status
    elif values["status"] == "cancelled":
        raise ValidationError("Hủy lớp bằng nút Hủy lớp (cần ghi lý do hủy).", field="status")
    with db.write():
        db.require_unchanged(Course, course_id, expected, "Lớp này")
        Course.update(partner=find_or_create_organization(data.partner), **values).where(
            Course.id == course_id).execute()
    return Course.get_by_id(course_id)


def _check_program_in_use(program: Program) -> None:
    """A retired program is kept by its old classes but not given to a new one."""
    if not program.active:
        raise ValidationError(f"Chương trình {program.code} đã ngừng dùng; hãy chọn chương trình khác "
                              "(hoặc cho dùng lại ở Cài đặt › Danh mục).", field="program")


def edit_stamp(course_id: int) -> str | None:
    """The fingerprint of the stored class, taken when a form shows it (compare-on-write)."""
    return db.row_stamp(Course, course_id)


def issued_certificates(course_id: int) -> int:
    """How many certificates of the class are in force (not cancelled)."""
    return (Certificate.select().join(Enrollment)
            .where(Enrollment.course == course_id, Certificate.status == "issued").count())


@writes(Topic.COURSES, Topic.AUDIT)
def cancel_course(code: str, reason: str, *, force: bool = False) -> Course:
    """Cancel a class: it keeps its records and leaves an audit entry with the reason.

    A class that has issued certificates is cancelled only with ``force`` (the certificates stay
    valid: cancelling the class does not cancel them); without it a :class:`ConflictError` with
    ``field="force"`` says so.
    """
    reason = clean(reason)
    if not reason:
        raise ValidationError("Cần ghi lý do hủy lớp.", field="reason")
    check_length(reason, MAX_TEXT, "Lý do", field="reason")
    course = find_course(code)
    if course.status == "cancelled":
        raise ConflictError(f"Lớp {course.code} đã bị hủy trước đó.")
    issued = issued_certificates(course.id)
    if issued and not force:
        raise ConflictError(f"Lớp {course.code} đã cấp {issued} giấy chứng nhận; hủy lớp không hủy các giấy "
                            "này (vẫn còn hiệu lực).", field="force")
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
