"""Creating and cancelling classes: validation in Vietnamese, nothing half-written, audit kept."""

import datetime as dt

import pytest

from app.domain.errors import ConflictError, NotFoundError, ValidationError
from app.services.courses import CourseInput, add_course, cancel_course, delete_course
from app.store.models import AuditEntry, Course, Organization


def _input(**changes) -> CourseInput:
    values = dict(code="NTVD-2026-01", program_code="NTVD",
                  name="Bồi dưỡng nhận thức về Đảng khóa I năm 2026",
                  start="02/03/2026", end="06/03/2026", partner="Ban Tổ chức Huyện ủy",
                  venue="Hội trường Trung tâm")
    values.update(changes)
    return CourseInput(**values)


def test_add_course_stores_every_field(session):
    course = add_course(_input())
    again = Course.get_by_id(course.id)
    assert (again.code, again.program.code, again.start_date, again.end_date, again.status) == (
        "NTVD-2026-01", "NTVD", dt.date(2026, 3, 2), dt.date(2026, 3, 6), "planned")
    assert again.partner.name == "Ban Tổ chức Huyện ủy"


def test_partner_matched_by_folded_name_not_duplicated(session):
    add_course(_input())
    add_course(_input(code="NTVD-2026-02", partner="ban to chuc huyen uy"))
    assert Organization.select().count() == 1


@pytest.mark.parametrize("changes, message", [
    ({"end": "01/03/2026"}, "trước ngày bắt đầu"),
    ({"start": "30/02/2026"}, "không có thật"),
    ({"program_code": "XYZ"}, "Không có chương trình"),
    ({"code": " "}, "Cần nhập mã lớp"),
    ({"name": ""}, "Cần nhập tên lớp"),
])
def test_bad_input_is_refused_and_writes_nothing(session, changes, message):
    with pytest.raises((ValidationError, NotFoundError), match=message):
        add_course(_input(**changes))
    assert Course.select().count() == 0 and Organization.select().count() == 0


def test_duplicate_code_is_refused(session):
    add_course(_input())
    with pytest.raises(ConflictError, match="đã được dùng"):
        add_course(_input(name="Khác"))
    assert Course.select().count() == 1


def test_cancel_keeps_the_class_and_audits_the_reason(session):
    add_course(_input())
    cancel_course("NTVD-2026-01", "Không đủ học viên")
    course = Course.get(Course.code == "NTVD-2026-01")
    assert course.status == "cancelled" and course.cancel_reason == "Không đủ học viên"
    entry = AuditEntry.get(AuditEntry.action == "cancel")
    assert (entry.action, entry.entity, entry.entity_id, entry.reason) == (
        "cancel", "course", course.id, "Không đủ học viên")


def test_cancel_needs_a_reason(session):
    add_course(_input())
    with pytest.raises(ValidationError, match="lý do"):
        cancel_course("NTVD-2026-01", "  ")
    assert Course.get().status == "planned" and [e.action for e in AuditEntry.select()] == ["create"]


def test_delete_leaves_an_audit_record(session):
    add_course(_input())
    delete_course("NTVD-2026-01", "Nhập nhầm")
    assert Course.select().count() == 0
    assert [e.action for e in AuditEntry.select().order_by(AuditEntry.id)] == ["create", "delete"]


def test_a_class_with_issued_certificates_cannot_be_deleted(session):
    from app.store import db
    from app.store.models import Certificate, Enrollment, Trainee, person_keys

    course = add_course(_input())
    with db.write():
        trainee = Trainee.create(**person_keys("Thào A Sử", None, 1990), birth_year=1990)
        enrollment = Enrollment.create(course=course, trainee=trainee)
        Certificate.create(enrollment=enrollment, year=2026, number=1, issued_on=dt.date(2026, 3, 10))
    with pytest.raises(ConflictError, match="không xóa được"):
        delete_course("NTVD-2026-01", "thử")
    assert Course.select().count() == 1 and Enrollment.select().count() == 1


def test_date_errors_name_their_field(session):
    with pytest.raises(ValidationError) as caught:
        add_course(_input(start="31/02/2026"))
    assert caught.value.field == "start_date"
