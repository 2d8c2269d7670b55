"""Quá trình bồi dưỡng: every class of one trainee, with results and certificates, and which
certificates are still valid today (an NTVD certificate counts for an admission file for 60 months)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.domain.errors import NotFoundError, ValidationError
from app.domain.formatting import format_birth, format_date, format_decimal
from app.domain.tables import TableColumn as C
from app.domain.tables import TableDocument
from app.domain.text import clean
from app.services.reports.common import ReportData, add_months
from app.services.results import bands_for_program
from app.store.models import Certificate, Course, Enrollment, Organization, Program, Trainee

CANCELLED_NOTE = "Lớp đã hủy"


@dataclass(frozen=True)
class HistoryRow:
    course_code: str
    course_name: str
    course_status: str
    program_code: str
    program_name: str
    start_date: dt.date
    end_date: dt.date
    score: float | None
    result: str
    completed: bool
    certificate: str  # "0012/2019", "" when none
    issued_on: dt.date | None
    note: str


@dataclass(frozen=True)
class Validity:
    """A program whose certificate expires: the newest issued certificate and whether it is valid today."""

    program_code: str
    program_name: str
    months: int
    certificate: str
    issued_on: dt.date | None
    valid_until: dt.date | None
    valid: bool


HISTORY_CSV_HEADER = ("Mã lớp", "Tên lớp", "Mã chương trình", "Từ ngày", "Đến ngày", "Điểm", "Xếp loại",
                      "Hoàn thành", "Số GCN", "Ngày cấp", "Ghi chú")


class AmbiguousTrainee(ValidationError):
    """Several trainees match what was typed (namesakes without a CCCD): ``ids`` are who to choose from."""

    def __init__(self, message: str, ids: list[int]) -> None:
        super().__init__(message, field="trainee")
        self.ids = ids


MAX_MATCHES = 200  # a picker lists at most this many people


def find_trainee(text: str | int) -> Trainee:
    """The trainee with this id (a person picked in the window), citizen ID or old ID number; a name
    or other search text must match one person, else :class:`AmbiguousTrainee` lists who matches."""
    from app.services.lists import trainee_ids, trainee_rows

    if isinstance(text, int):
        picked = Trainee.get_or_none(Trainee.id == text)
        if picked is None:
            raise NotFoundError("Không còn học viên này trong hồ sơ.", field="trainee")
        return picked
    text = clean(text)
    if not text:
        raise ValidationError("Cần nhập số CCCD (hoặc họ tên) của học viên.", field="trainee")
    found = Trainee.get_or_none((Trainee.citizen_id == text) | (Trainee.old_id_number == text))
    if found is not None:
        return found
    ids = trainee_ids(text)
    if len(ids) == 1:
        return Trainee.get_by_id(ids[0])
    if not ids:
        raise NotFoundError(f"Không tìm thấy học viên \"{text}\".", field="trainee")
    people = "; ".join(f"{r.full_name} ({format_birth(r.birth_date, r.birth_year)}"
                       + (f", CCCD {r.citizen_id}" if r.citizen_id else "") + ")" for r in trainee_rows(ids[:5]))
    more = f"; và {len(ids) - 5} người khác" if len(ids) > 5 else ""
    raise AmbiguousTrainee(f"Có {len(ids)} học viên khớp với \"{text}\": {people}{more}. Hãy nhập số CCCD "
                           "hoặc chọn người trong danh sách.", ids[:MAX_MATCHES])


def history_rows(trainee: Trainee) -> list[HistoryRow]:
    """Every class of the trainee, oldest first (cancelled classes too, marked)."""
    from app.services.certificates import number_text

    query = (Enrollment.select(Enrollment, Course, Program).join(Course).join(Program)
             .where(Enrollment.trainee == trainee.id).order_by(Course.start_date, Course.id))
    certificates: dict[int, list[Certificate]] = {}
    for cert in (Certificate.select().join(Enrollment).where(Enrollment.trainee == trainee.id)
                 .order_by(Certificate.issued_on, Certificate.id)):
        certificates.setdefault(cert.enrollment_id, []).append(cert)
    rows = []
    for e in query:
        course, program = e.course, e.course.program
        bands = {b.code: b.name for b in bands_for_program(program)}
        certs = certificates.get(e.id, [])
        issued = [c for c in certs if c.status == "issued"]
        current = issued[-1] if issued else None
        notes = [CANCELLED_NOTE] if course.status == "cancelled" else []
        notes += [f"GCN số {number_text(c.number, c.year)} đã hủy" for c in certs if c.status == "cancelled"]
        if current is not None and current.reissue_of_id:
            notes.append("Cấp lại")
        rows.append(HistoryRow(course.code, course.name, course.status, program.code, program.name, course.start_date,
                               course.end_date, float(e.score) if e.score is not None else None,
                               bands.get(e.result_code or "", ""), e.completed,
                               number_text(current.number, current.year) if current else "",
                               current.issued_on if current else None, "; ".join(notes)))
    return rows


def validity(trainee: Trainee, today: dt.date) -> list[Validity]:
    """For each program whose certificate has a validity: the trainee's newest one and whether it still holds."""
    from app.services.certificates import number_text

    result = []
    for program in (Program.select().where(Program.certificate_validity_months.is_null(False))
                    .order_by(Program.sort_order)):
        cert = (Certificate.select().join(Enrollment).join(Course)
                .where(Enrollment.trainee == trainee.id, Course.program == program.id, Certificate.status == "issued")
                .order_by(Certificate.issued_on.desc(), Certificate.id.desc()).first())
        months = program.certificate_validity_months
        until = add_months(cert.issued_on, months) if cert else None
        result.append(Validity(program.code, program.name, months, number_text(cert.number, cert.year) if cert else "",
                               cert.issued_on if cert else None, until, until is not None and today < until))
    return result


def _validity_note(v: Validity, today: dt.date) -> str:
    head = f"Giấy chứng nhận {v.program_name} ({v.program_code}, có giá trị {v.months} tháng)"
    if not v.certificate:
        return f"{head}: chưa được cấp."
    cert = f"số {v.certificate} cấp ngày {format_date(v.issued_on)}"
    if v.valid and v.valid_until is not None:  # (valid means a date to be valid until)
        return f"{head}: CÒN HIỆU LỰC tại ngày {format_date(today)} — {cert}, đến hết ngày " \
               f"{format_date(v.valid_until - dt.timedelta(days=1))}."
    return f"{head}: HẾT HIỆU LỰC từ ngày {format_date(v.valid_until)} — {cert}."


def history_report(text: str | int, today: dt.date) -> ReportData:
    trainee = find_trainee(text)
    rows = history_rows(trainee)
    org = Organization.get_or_none(Organization.id == trainee.organization_id) if trainee.organization_id else None
    unit = org.name if org else (trainee.unit_text or "")
    who = [f"Đồng chí {trainee.full_name}", f"sinh {'ngày ' if trainee.birth_date else 'năm '}"
           f"{format_birth(trainee.birth_date, trainee.birth_year)}"]
    if trainee.citizen_id:
        who.append(f"CCCD {trainee.citizen_id}")
    if unit:
        who.append(unit)
    columns = [C("STT", 10, "center"), C("Lớp", 60), C("Chương trình", 22, "center"), C("Từ ngày", 20, "center"),
               C("Đến ngày", 20, "center"), C("Điểm", 12, "right"), C("Xếp loại", 18, "center"),
               C("Hoàn thành", 16, "center"), C("Số GCN", 20, "center"), C("Ngày cấp", 20, "center"),
               C("Ghi chú", 34)]
    body = [(str(i), f"{r.course_name} ({r.course_code})", r.program_code, format_date(r.start_date),
             format_date(r.end_date), format_decimal(r.score), r.result, "Có" if r.completed else "",
             r.certificate, format_date(r.issued_on), r.note) for i, r in enumerate(rows, 1)]
    notes = [f"Số lớp đã học: {sum(1 for r in rows if r.course_status != 'cancelled')}."]
    notes += [_validity_note(v, today) for v in validity(trainee, today)]
    document = TableDocument("QUÁ TRÌNH BỒI DƯỠNG CỦA HỌC VIÊN", ", ".join(who), columns, body, notes=notes, wide=True,
                             sheet_name="Quá trình bồi dưỡng")
    csv_rows = [(r.course_code, r.course_name, r.program_code, format_date(r.start_date), format_date(r.end_date),
                 r.score, r.result, "Có" if r.completed else "Không", r.certificate, format_date(r.issued_on),
                 r.note) for r in rows]
    return ReportData("history", document, HISTORY_CSV_HEADER, csv_rows)
