"""Enrolment (Ghi danh): putting trainees into a class and taking them out, the class roster
with attendance, results and eligibility, and a trainee's training history.

Each write is one transaction; removing a trainee from a class leaves an audit record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from peewee import JOIN

from app.domain.changes import NOTHING, Changes, Topic, writes
from app.domain.dates import parse_birth
from app.domain.errors import ConflictError, NotFoundError, UserError
from app.domain.formatting import format_birth, format_date
from app.domain.text import clean
from app.services import audit, auth
from app.services.certificates import eligibility, number_text
from app.services.results import attendance_grid, bands_for_program
from app.services.trainees import TraineeInput, add_trainee
from app.store import db
from app.store.models import (
    Certificate,
    Course,
    Enrollment,
    EthnicGroup,
    Lesson,
    Organization,
    Program,
    Trainee,
    person_keys,
)


def _course(course_id: int) -> Course:
    course = Course.get_or_none(Course.id == course_id)
    if course is None:
        raise NotFoundError("Không tìm thấy lớp.")
    return course


def _open_course(course_id: int) -> Course:
    course = _course(course_id)
    if course.status == "cancelled":
        raise ConflictError(f"Lớp {course.code} đã hủy; không thêm học viên được.")
    return course


def _unit_of(trainee: Trainee) -> str | None:
    return trainee.organization.name if trainee.organization_id else trainee.unit_text


@dataclass(frozen=True)
class EnrolResult:
    enrolled: int
    already: int  # were in the class already (left as they were)

    @property
    def changes(self) -> Changes:
        """Nothing changed when everyone was in the class already."""
        return frozenset({Topic.ENROLLMENTS}) if self.enrolled else NOTHING


@writes(Topic.ENROLLMENTS)
def enrol_trainees(course_id: int, trainee_ids: Iterable[int]) -> EnrolResult:
    """Put existing trainees into a class; those already in it are skipped. One transaction."""
    course = _open_course(course_id)
    wanted = list(dict.fromkeys(trainee_ids))
    if not wanted:
        raise UserError("Chưa chọn học viên nào.")
    present = {t for (t,) in Enrollment.select(Enrollment.trainee)
               .where(Enrollment.course == course.id, Enrollment.trainee.in_(wanted)).tuples()}
    people = {t.id: t for t in Trainee.select().where(Trainee.id.in_(wanted))}
    missing = [i for i in wanted if i not in people]
    if missing:
        raise NotFoundError("Không tìm thấy học viên.")
    enrolled = 0
    with db.write():
        for trainee_id in wanted:
            if trainee_id in present:
                continue
            trainee = people[trainee_id]
            Enrollment.create(course=course.id, trainee=trainee_id, position_at_time=trainee.position,
                              unit_at_time=_unit_of(trainee))
            enrolled += 1
    return EnrolResult(enrolled, len(present))


@writes(Topic.TRAINEES, Topic.ORGANIZATIONS, Topic.ENROLLMENTS)
def enrol_new_trainee(course_id: int, data: TraineeInput, *, confirmed: bool = False) -> Trainee:
    """Create a trainee (the rules and confirmations of ``add_trainee``) and put them into the
    class, both in one transaction."""
    course = _open_course(course_id)
    with db.write():
        trainee = add_trainee(data, confirmed=confirmed)
        Enrollment.create(course=course.id, trainee=trainee.id, position_at_time=trainee.position,
                          unit_at_time=_unit_of(trainee))
    return trainee


@writes(Topic.ENROLLMENTS, Topic.ATTENDANCE, Topic.AUDIT)
def remove_enrollment(enrollment_id: int, reason: str = "") -> None:
    """Take a trainee out of a class (their marks and score go too); audited.

    Refused once a certificate was issued for this enrollment: it must stay in the registry.
    """
    enrollment = Enrollment.get_or_none(Enrollment.id == enrollment_id)
    if enrollment is None:
        raise NotFoundError("Không tìm thấy học viên trong lớp.")
    if Certificate.select().where(Certificate.enrollment == enrollment_id).exists():
        raise ConflictError(f"{enrollment.trainee.full_name} đã được cấp giấy chứng nhận của lớp này "
                            "nên không bỏ khỏi lớp được.")
    with db.write():
        audit.record("delete", "enrollment", enrollment_id,
                     f"Bỏ {enrollment.trainee.full_name} khỏi lớp {enrollment.course.code}", clean(reason) or None,
                     user=auth.acting_user())
        enrollment.delete_instance()


@writes(Topic.ENROLLMENTS, Topic.AUDIT)
def set_eligibility_override(enrollment_id: int, reason: str | None) -> None:
    """Allow the certificate despite too many absences, with the reason (None or "" withdraws
    the exception). Refused once the certificate is issued. Audited."""
    enrollment = Enrollment.get_or_none(Enrollment.id == enrollment_id)
    if enrollment is None:
        raise NotFoundError("Không tìm thấy học viên trong lớp.")
    if Certificate.select().where(Certificate.enrollment == enrollment_id).exists():
        raise ConflictError(f"{enrollment.trainee.full_name} đã được cấp giấy chứng nhận; không đổi điều kiện được.")
    reason = clean(reason)
    with db.write():
        Enrollment.update(eligibility_override_reason=reason or None).where(Enrollment.id == enrollment_id).execute()
        what = "Cho phép cấp GCN dù vắng quá quy định" if reason else "Bỏ ngoại lệ cấp GCN"
        audit.record("override", "enrollment", enrollment_id,
                     f"{what}: {enrollment.trainee.full_name}, lớp {enrollment.course.code}", reason or None,
                     user=auth.acting_user())


# --- the class roster ----------------------------------------------------------------------


@dataclass(frozen=True)
class RosterRow:
    """One trainee of a class as the Học viên sub-tab shows them."""

    enrollment_id: int
    trainee_id: int
    full_name: str
    birth: str
    unit: str
    marks: dict[int, str]  # lesson id → x / P / K
    score: Decimal | None
    result_code: str | None
    result_name: str
    override_reason: str
    eligibility_override: str
    eligible: bool
    eligibility_reasons: tuple[str, ...]
    has_certificate: bool
    gender: str = ""  # Nam / Nữ
    ethnic_group: str = ""
    party: str = ""  # "Đảng viên", "Dự bị" or ""

    def mark_counts(self) -> dict[str, int]:
        counts = {"x": 0, "P": 0, "K": 0}
        for mark in self.marks.values():
            counts[mark] = counts.get(mark, 0) + 1
        return counts


@dataclass(frozen=True)
class ClassRoster:
    lessons: list[Lesson]
    rows: list[RosterRow]
    bands: list[tuple[str, str]]  # (code, name) of the class's result bands, best first
    scored: bool


def class_roster(course_id: int, today: dt.date | None = None) -> ClassRoster:
    """Lessons, trainees (Vietnamese name order), marks, results and eligibility of a class."""
    course = _course(course_id)
    lessons, grid = attendance_grid(course.id)
    verdicts = {row.enrollment_id: row for row in eligibility(course, today or dt.date.today())}
    units = {eid: (unit_at or org or text or "")
             for eid, unit_at, org, text in (Enrollment
                                            .select(Enrollment.id, Enrollment.unit_at_time, Organization.name,
                                                    Trainee.unit_text)
                                            .join(Trainee).join(Organization, JOIN.LEFT_OUTER)
                                            .where(Enrollment.course == course.id).tuples())}
    people = {eid: ({"M": "Nam", "F": "Nữ"}.get(gender or "", gender or ""), ethnic or "",
                    ("Dự bị" if probationary else "Đảng viên") if member else "")
              for eid, gender, ethnic, member, probationary in (
                  Enrollment.select(Enrollment.id, Trainee.gender, EthnicGroup.name, Trainee.party_member,
                                    Trainee.party_probationary)
                  .join(Trainee).join(EthnicGroup, JOIN.LEFT_OUTER)
                  .where(Enrollment.course == course.id).tuples())}
    extra = {eid: (tid, reason or "", allowed or "") for eid, tid, reason, allowed in (
        Enrollment.select(Enrollment.id, Enrollment.trainee, Enrollment.result_override_reason,
                          Enrollment.eligibility_override_reason)
        .where(Enrollment.course == course.id).tuples())}
    bands = sorted((b for b in bands_for_program(course.program) if b.enabled),
                   key=lambda b: b.min_score, reverse=True)
    names = {b.code: b.name for b in bands_for_program(course.program)}
    rows = []
    for g in grid:
        verdict = verdicts.get(g.enrollment_id)
        trainee_id, reason, allowed = extra[g.enrollment_id]
        rows.append(RosterRow(
            g.enrollment_id, trainee_id, g.full_name, g.birth, units.get(g.enrollment_id, ""), dict(g.marks),
            g.score, g.result_code, names.get(g.result_code or "", g.result_code or ""), reason, allowed,
            bool(verdict and verdict.eligibility.eligible),
            verdict.eligibility.reasons if verdict else (), bool(verdict and verdict.has_certificate),
            *people.get(g.enrollment_id, ("", "", ""))))
    return ClassRoster(lessons, rows, [(b.code, b.name) for b in bands], bool(course.program.scored))


# --- trainees: possible duplicates while typing, the record, the history -----------------


@dataclass(frozen=True)
class TraineeBrief:
    id: int
    full_name: str
    birth: str
    citizen_id: str
    unit: str


def _brief(trainee: Trainee) -> TraineeBrief:
    return TraineeBrief(trainee.id, trainee.full_name, format_birth(trainee.birth_date, trainee.birth_year),
                        trainee.citizen_id or "", _unit_of(trainee) or "")


def similar_trainees(full_name: str, birth: str = "", citizen_id: str = "", *,
                     exclude_id: int | None = None, limit: int = 20) -> list[TraineeBrief]:
    """Trainees the form should point out while typing: the same citizen ID, or the same folded
    name and birth date (or year); with no usable birth date, the same name. Never raises."""
    keys = person_keys(full_name)
    found: dict[int, Trainee] = {}
    digits = "".join(ch for ch in citizen_id or "" if ch.isdigit())
    if len(digits) == 12:
        for t in Trainee.select().where(Trainee.citizen_id == digits):
            found[t.id] = t
    if len(keys["full_name"].split()) >= 2:
        query = Trainee.select().where(Trainee.search_key == keys["search_key"])
        try:
            born = parse_birth(birth)
        except UserError:
            born = None
        if born is not None and born.date is not None:
            query = query.where((Trainee.birth_date == born.date)
                                | (Trainee.birth_date.is_null() & (Trainee.birth_year == born.year)))
        elif born is not None:
            query = query.where(Trainee.birth_year == born.year)
        for t in query.order_by(Trainee.sort_key).limit(limit):
            found.setdefault(t.id, t)
    if exclude_id is not None:
        found.pop(exclude_id, None)
    return [_brief(t) for t in list(found.values())[:limit]]


def trainee_input(trainee_id: int) -> TraineeInput:
    """A trainee's record as the form's text, for editing."""
    t = Trainee.get_or_none(Trainee.id == trainee_id)
    if t is None:
        raise NotFoundError("Không tìm thấy học viên.")
    return TraineeInput(
        full_name=t.full_name, birth=format_birth(t.birth_date, t.birth_year),
        gender={"M": "Nam", "F": "Nữ"}.get(t.gender or "", ""),
        ethnic_group=t.ethnic_group.name if t.ethnic_group_id else "", citizen_id=t.citizen_id or "",
        old_id_number=t.old_id_number or "", party_member=bool(t.party_member), position=t.position or "",
        unit=_unit_of(t) or "", theory_level=t.theory_level or "", phone=t.phone or "", note=t.note or "")


@dataclass(frozen=True)
class HistoryRow:
    course_id: int
    course_code: str
    program_code: str
    course_name: str
    start: dt.date
    end: dt.date
    status: str
    score: Decimal | None
    result: str
    certificates: str  # "0012/2021" (and cancelled ones marked)


@dataclass(frozen=True)
class ValidCertificate:
    program_code: str
    number: str
    issued_on: dt.date
    valid_until: dt.date
    valid: bool

    def sentence(self) -> str:
        state = "còn hiệu lực" if self.valid else "đã hết hiệu lực"
        return (f"GCN {self.program_code} số {self.number} cấp ngày {format_date(self.issued_on)}: {state} "
                f"(đến {format_date(self.valid_until)}).")


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def training_history(trainee_id: int, today: dt.date | None = None
                     ) -> tuple[list[HistoryRow], dict[str, ValidCertificate | None]]:
    """Every class of a trainee (newest first) with result and certificates; and for each program
    whose certificate expires (NTVD: 60 months) the latest one and whether it is still valid
    (None when the trainee has none)."""
    today = today or dt.date.today()
    query = (Enrollment.select(Enrollment, Course, Program).join(Course).join(Program)
             .where(Enrollment.trainee == trainee_id).order_by(Course.start_date.desc()))
    enrollments = list(query)
    certs: dict[int, list[Certificate]] = {}
    for cert in Certificate.select().where(Certificate.enrollment.in_([e.id for e in enrollments])).order_by(
            Certificate.issued_on):
        certs.setdefault(cert.enrollment_id, []).append(cert)
    rows = []
    latest: dict[str, tuple[str, dt.date, int]] = {}  # program code → newest issued certificate
    for e in enrollments:
        course, program = e.course, e.course.program
        names = {b.code: b.name for b in bands_for_program(program)}
        texts = []
        for cert in certs.get(e.id, []):
            text = number_text(cert.number, cert.year)
            texts.append(text + (" (đã hủy)" if cert.status == "cancelled" else ""))
            if cert.status == "issued" and program.certificate_validity_months:
                best = latest.get(program.code)
                if best is None or cert.issued_on > best[1]:
                    latest[program.code] = (text, cert.issued_on, program.certificate_validity_months)
        rows.append(HistoryRow(course.id, course.code, program.code, course.name, course.start_date,
                               course.end_date, course.status, e.score,
                               names.get(e.result_code or "", e.result_code or ""), ", ".join(texts)))
    valid: dict[str, ValidCertificate | None] = {}
    for program in Program.select().where(Program.certificate_validity_months.is_null(False)).order_by(
            Program.sort_order):
        if program.code not in latest:
            valid[program.code] = None
            continue
        text, issued, months = latest[program.code]
        until = add_months(issued, months)
        valid[program.code] = ValidCertificate(program.code, text, issued, until, today < until)
    return rows, valid
