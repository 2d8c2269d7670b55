"""Certificates (GCN): eligibility, issuing numbers from the year's counter, cancel, reissue, reprint.

Rules of Hướng dẫn 154-HD/BTGTW as SPEC §4 states them: the centre issues a certificate once;
numbers come from a per-year sequence, are given once, never reused, never duplicated; a
reprint keeps its number; a cancelled certificate keeps its number with the reason; a reissue
after the centre's error or a loss is a new record linked to the original.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass

from peewee import JOIN, fn

from app.domain.calendar import has_ended
from app.domain.changes import Topic, writes
from app.domain.errors import ConflictError, NotFoundError, ValidationError
from app.domain.results import Eligibility, certificate_eligibility
from app.domain.text import clean
from app.services import audit, auth
from app.services.centre_code import freeze_centre_code
from app.services.courses import find_course
from app.services.results import bands_for_program
from app.store import db
from app.store.models import (
    Attendance,
    Certificate,
    CertificateCounter,
    Course,
    Enrollment,
    Lesson,
    Trainee,
)

_NUMBER_RE = re.compile(r"^\s*(\d{1,6})\s*(?:/\s*(\d{4}))?\s*$")


def number_text(number: int, year: int) -> str:
    """How a certificate number is written: ``0125/2025`` (sequence / year)."""
    return f"{number:04d}/{year}"


def parse_number(text: str, *, default_year: int | None = None) -> tuple[int, int]:
    match = _NUMBER_RE.match(text or "")
    year = (int(match.group(2)) if match.group(2) is not None else default_year) if match else None
    if not match or year is None:
        raise ValidationError(f"Số giấy chứng nhận \"{clean(text)}\" không đúng dạng số/năm, ví dụ 0125/2025.")
    return int(match.group(1)), year


@dataclass(frozen=True)
class EligibilityRow:
    enrollment_id: int
    trainee_id: int
    full_name: str
    eligibility: Eligibility
    has_certificate: bool
    result_code: str | None = None
    absences: int = 0


def course_has_ended(course: Course, today: dt.date) -> bool:
    return has_ended(course.status, course.start_date, course.end_date, today)


def eligibility(course: Course, today: dt.date, *, ended: bool | None = None) -> list[EligibilityRow]:
    """Every trainee of the class with whether they may receive the certificate, and why not
    (``ended`` True: judged as if the class had ended, when the user chose to issue early)."""
    program = course.program
    lessons = Lesson.select().where(Lesson.course == course.id).count()
    passing = {b.code for b in bands_for_program(program) if b.passing}  # its own set, else the default
    absences = (Attendance.select(fn.COUNT(Attendance.id)).where(
        Attendance.enrollment == Enrollment.id, Attendance.mark.in_(("P", "K"))))
    certificates = Certificate.select(fn.COUNT(Certificate.id)).where(Certificate.enrollment == Enrollment.id)
    query = (Enrollment
             .select(Enrollment.id, Trainee.id, Trainee.full_name, Enrollment.result_code, Enrollment.completed,
                     Enrollment.eligibility_override_reason, absences.alias("absences"),
                     certificates.alias("certs"))
             .join(Trainee, JOIN.INNER)
             .where(Enrollment.course == course.id)
             .order_by(Trainee.sort_key))
    if ended is None:
        ended = course_has_ended(course, today)
    rows = []
    for (enrollment_id, trainee_id, name, result_code, completed, override, absent, certs) in query.tuples():
        verdict = certificate_eligibility(
            course_ended=ended, scored=program.scored, result_passing=result_code in passing,
            completed=bool(completed), absences=absent or 0, lessons=lessons,
            threshold_pct=program.absence_threshold_pct, override_reason=override)
        rows.append(EligibilityRow(enrollment_id, trainee_id, name, verdict, bool(certs), result_code, absent or 0))
    return rows


def why_none_issued(course_code: str, *, today: dt.date | None = None) -> list[str]:
    """Why ``issue_certificates`` would give nobody a certificate: one line per reason, with how
    many trainees it holds back ("3 học viên chưa có điểm", "2 học viên vắng quá 20%")."""
    today = today or dt.date.today()
    course = find_course(course_code)
    rows = eligibility(course, today)
    if not rows:
        return [f"Lớp {course.code} chưa có học viên nào."]
    program = course.program
    counts: dict[str, int] = {}
    for row in rows:
        reasons = []
        if row.has_certificate:
            reasons.append("đã có giấy chứng nhận")
        elif not row.eligibility.eligible:
            if program.scored and row.result_code is None:
                reasons.append("chưa có điểm")
            elif program.scored and any("kết quả" in r for r in row.eligibility.reasons):
                reasons.append("có kết quả chưa đạt")
            if any("hoàn thành" in r for r in row.eligibility.reasons):
                reasons.append("chưa hoàn thành khóa học")
            if any(r.startswith("vắng") for r in row.eligibility.reasons):
                reasons.append(f"vắng quá {program.absence_threshold_pct:g}%")
            if any("chưa kết thúc" in r for r in row.eligibility.reasons):
                reasons.append("ở lớp chưa kết thúc")
        for reason in reasons:
            counts[reason] = counts.get(reason, 0) + 1
    return [f"{n} học viên {reason}" for reason, n in counts.items()]


@writes(Topic.CERTIFICATES, Topic.SETTINGS, Topic.AUDIT)
def issue_certificates(course_code: str, *, today: dt.date | None = None,
                       before_end: bool = False) -> list[tuple[str, str]]:
    """Give the next numbers of this year's sequence to every eligible trainee without a certificate.

    Returns ``(number text, full name)`` per certificate issued, in Vietnamese name order; an
    empty list when everyone eligible already has one. A class that has not ended by the calendar
    is refused (a :class:`ConflictError` with ``field="before_end"``) unless ``before_end`` says
    the user confirmed it; the numbers given are audited.
    """
    today = today or dt.date.today()
    course = find_course(course_code)
    if course.status == "cancelled":
        raise ConflictError(f"Lớp {course.code} đã hủy; không cấp giấy chứng nhận.")
    ended = course_has_ended(course, today)
    if not ended and not before_end:
        raise ConflictError(f"Lớp {course.code} chưa kết thúc (đến ngày {course.end_date:%d/%m/%Y}); "
                            "chưa cấp giấy chứng nhận.", field="before_end")
    if course.program.certificate in ("none", "external"):
        raise ConflictError(f"Chương trình {course.program.name} không do Trung tâm cấp giấy chứng nhận.")
    issued: list[tuple[str, str]] = []
    with db.write():
        # The year's counter is locked first (the whole file on SQLite, its row on a server):
        # what is eligible and the counter are then read by one process at a time.
        year = today.year
        counter = _locked_counter(year)
        to_issue = [row for row in eligibility(course, today, ended=True)
                    if row.eligibility.eligible and not row.has_certificate]
        if not to_issue:
            return []
        number = counter.last_number
        for row in to_issue:
            number += 1
            Certificate.create(enrollment=row.enrollment_id, year=year, number=number, issued_on=today)
            issued.append((number_text(number, year), row.full_name))
        CertificateCounter.update(last_number=number).where(CertificateCounter.year == year).execute()
        freeze_centre_code()  # the code in the QR codes of these certificates stays what it is today
        early = f"; cấp trước ngày kết thúc lớp ({course.end_date:%d/%m/%Y})" if not ended else ""
        audit.record("issue", "certificate", None,
                     f"Cấp {len(issued)} GCN cho lớp {course.code}: số {numbers_summary([n for n, _ in issued])}"
                     + early, user=auth.acting_user())
    return issued


def numbers_summary(numbers: list[str], shown: int = 20) -> str:
    """Certificate numbers for the audit log: a run ``0001/2026 – 0030/2026`` when they follow one
    another, else the list (the first ``shown`` and how many more)."""
    if not numbers:
        return ""
    parsed = [parse_number(n) for n in numbers]
    consecutive = all(b == (a[0] + 1, a[1]) for a, b in itertools.pairwise(parsed))
    if len(numbers) > 2 and consecutive:
        return f"{numbers[0]} – {numbers[-1]}"
    more = f" và {len(numbers) - shown} số khác" if len(numbers) > shown else ""
    return ", ".join(numbers[:shown]) + more


def _locked_counter(year: int) -> CertificateCounter:
    """The year's certificate counter, created at 0 if new, locked until the transaction ends
    (``SELECT … FOR UPDATE`` on a server: another PC issuing numbers waits here)."""
    CertificateCounter.insert(year=year, last_number=0).on_conflict_ignore().execute()
    return db.locked(CertificateCounter.select().where(CertificateCounter.year == year)).get()


def find_certificate(text: str) -> Certificate:
    number, year = parse_number(text, default_year=dt.date.today().year)
    certificate = Certificate.get_or_none((Certificate.year == year) & (Certificate.number == number))
    if certificate is None:
        raise NotFoundError(f"Không có giấy chứng nhận số {number_text(number, year)}.")
    return certificate


@writes(Topic.CERTIFICATES, Topic.AUDIT)
def cancel_certificate(text: str, reason: str, *, today: dt.date | None = None) -> Certificate:
    """Cancel a certificate; it keeps its number, the reason is recorded and audited."""
    auth.require_role("admin", action="hủy giấy chứng nhận")
    reason = clean(reason)
    if not reason:
        raise ValidationError("Cần ghi lý do hủy giấy chứng nhận.", field="reason")
    certificate = find_certificate(text)
    if certificate.status == "cancelled":
        raise ConflictError(f"Giấy chứng nhận số {number_text(certificate.number, certificate.year)} đã bị hủy.")
    with db.write():
        Certificate.update(status="cancelled", cancel_reason=reason, cancelled_on=today or dt.date.today()).where(
            Certificate.id == certificate.id).execute()
        audit.record("cancel", "certificate", certificate.id,
                     f"Hủy GCN số {number_text(certificate.number, certificate.year)}", reason, user=auth.acting_user())
    return Certificate.get_by_id(certificate.id)


@writes(Topic.CERTIFICATES, Topic.AUDIT, Topic.SETTINGS)
def reissue_certificate(text: str, reason: str, *, today: dt.date | None = None) -> Certificate:
    """Issue a new certificate in place of one lost or wrongly made; linked to the original.

    The original is cancelled (keeping its number) if it was not already.
    """
    auth.require_role("admin", action="cấp lại giấy chứng nhận")
    today = today or dt.date.today()
    reason = clean(reason)
    if not reason:
        raise ValidationError("Cần ghi lý do cấp lại.", field="reason")
    original = find_certificate(text)
    with db.write():
        if original.status != "cancelled":
            Certificate.update(status="cancelled", cancel_reason=f"Cấp lại: {reason}", cancelled_on=today).where(
                Certificate.id == original.id).execute()
        number = _locked_counter(today.year).last_number + 1
        CertificateCounter.update(last_number=number).where(CertificateCounter.year == today.year).execute()
        new = Certificate.create(enrollment=original.enrollment_id, year=today.year, number=number,
                                 issued_on=today, reissue_of=original.id, reissue_reason=reason)
        freeze_centre_code()
        audit.record("reissue", "certificate", new.id,
                     f"Cấp lại GCN số {number_text(original.number, original.year)} thành số "
                     f"{number_text(number, today.year)}", reason, user=auth.acting_user())
    return new


@writes(Topic.CERTIFICATES, Topic.AUDIT)
def record_reprint(certificate_ids: list[int]) -> None:
    """A print keeps the number; only the count of prints grows. The numbers printed are audited."""
    if not certificate_ids:
        return
    printed = (Certificate.select(Certificate.number, Certificate.year, Certificate.print_count, Course.code)
               .join(Enrollment).join(Course).where(Certificate.id.in_(certificate_ids))
               .order_by(Certificate.year, Certificate.number))
    numbers, courses, again = [], set(), 0
    for number, year, count, code in printed.tuples():
        numbers.append(number_text(number, year))
        courses.add(code)
        again += 1 if count else 0
    with db.write():
        Certificate.update(print_count=Certificate.print_count + 1).where(Certificate.id.in_(certificate_ids)).execute()
        reprint = f" ({again} bản in lại)" if again else ""
        audit.record("print", "certificate", None,
                     f"In {len(numbers)} GCN{reprint} của lớp {', '.join(sorted(courses))}: số "
                     f"{numbers_summary(numbers)}", user=auth.acting_user())
