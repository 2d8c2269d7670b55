"""Nhập hồ sơ cũ: past classes, their rosters, results and certificate registry, all or nothing.

:func:`preview_history` reads the workbook (:mod:`app.exchange.history_workbook`), turns its rows
into records (:mod:`app.services.history_records`) and judges them whole, writing nothing:

* each class row: a new class code, a known program (code or name), real dates; a class with no
  roster row is an error;
* each roster row: the trainee's columns validated as a roster import validates them, the person
  decided by the same identity rules (:mod:`app.services.identity`) against the trainees on file
  *and* against the earlier rows of the workbook (a person who attended three classes is one
  person). Where the rules are not sure, the row is a question (:meth:`HistoryPreview.choose`),
  never a guess; the same person twice in one class is an error;
* each registry row: its number kept exactly as written (never renumbered), the person found in
  the roster of its class; a number given twice in the file, or already in the database, is an error.

:func:`commit_history` writes everything in one transaction after a backup, and moves each
year's certificate counter past the highest number imported; an error or an open question
writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.domain.changes import Topic, writes
from app.domain.dates import format_date
from app.domain.errors import UserError, ValidationError
from app.domain.text import fold
from app.exchange.history_workbook import HistoryWorkbook, read_history_workbook
from app.services import audit, auth, identity
from app.services.centre_code import freeze_centre_code
from app.services.certificates import parse_number
from app.services.courses import find_or_create_organization
from app.services.history_records import (
    NEW_PERSON,
    Choice,
    HistoryCertificate,
    HistoryClass,
    HistoryPreview,
    HistoryResult,
    HistoryRow,
    Problem,
    cell_date,
    cell_text,
    read_classes,
    read_roster_rows,
)
from app.services.identity import Candidate, Known, Registry, describe, same_name
from app.services.roster_import import name_case
from app.store import db
from app.store.models import Certificate, CertificateCounter, Course, Enrollment, Trainee

__all__ = ["NEW_PERSON", "Choice", "HistoryCertificate", "HistoryClass", "HistoryPreview", "HistoryResult",
           "HistoryRow", "Problem", "commit_history", "judge_workbook", "preview_history"]


# --- judging ---------------------------------------------------------------------------------------


def preview_history(path: Path, *, today: dt.date | None = None) -> HistoryPreview:
    """Read and judge the whole workbook; writes nothing."""
    workbook = read_history_workbook(Path(path))
    return judge_workbook(workbook, today=today or dt.date.today())


def judge_workbook(workbook: HistoryWorkbook, *, today: dt.date) -> HistoryPreview:
    problems: list[Problem] = []
    classes = read_classes(workbook, problems)
    by_code: dict[str, HistoryClass] = {}
    for course in classes:  # a code given twice is the later row's error: the rows stay the first's
        if course.code:
            by_code.setdefault(fold(course.code), course)
    # A row may name its class instead of giving its code: a name of one class only, never a code.
    names: dict[str, list[HistoryClass]] = {}
    for course in by_code.values():
        if course.name:
            names.setdefault(fold(course.name), []).append(course)
    by_code_or_name = {**{n: found[0] for n, found in names.items() if len(found) == 1}, **by_code}
    rows = read_roster_rows(workbook, by_code_or_name, problems)
    preview = HistoryPreview(workbook.source, classes, rows, [], problems, list(workbook.ignored_sheets))
    _judge_people(preview)
    for row in rows:
        if row.status == "error":
            problems.append(Problem(row.where, row.reason))
        else:
            by_code[fold(row.course_code)].trainees += 1
    for course in classes:
        if course.code and by_code[fold(course.code)] is course and not course.trainees and not any(
                r.course_code == course.code for r in rows):
            problems.append(Problem(f"Trang \"{course.sheet}\", dòng {course.row}",
                                    f"lớp {course.code} không có danh sách học viên"))
    preview.certificates = _judge_registry(workbook, preview, by_code_or_name, problems, today)
    return preview

def _file_relation(a: Known, b: Known) -> str:
    """How two rows of the workbook relate: "same", "maybe" (ask), "conflict" or "other"."""
    if a.citizen_id and b.citizen_id:
        if a.citizen_id == b.citizen_id:
            return "same" if same_name(a.name, b.name) else "conflict"
        return "other"
    if fold(a.name) != fold(b.name):
        return "other"
    if same_name(a.name, b.name) and a.birth_date and a.birth_date == b.birth_date:
        return "same"
    year_a = a.birth_date.year if a.birth_date else a.birth_year
    year_b = b.birth_date.year if b.birth_date else b.birth_year
    if a.birth_date and b.birth_date and a.birth_date != b.birth_date:
        return "other"
    if year_a and year_b and year_a != year_b:
        return "other"
    return "maybe"


def _judge_people(preview: HistoryPreview) -> None:
    rows = [r for r in preview.rows if r.status != "error" and r.known is not None]
    registry = Registry([r.known for r in rows if r.known is not None])
    firsts: list[HistoryRow] = []  # the first row of each person met in the workbook
    for row in rows:
        person = row.known
        assert person is not None
        same: HistoryRow | None = None
        maybe: list[HistoryRow] = []
        for first in firsts:
            assert first.known is not None
            relation = _file_relation(person, first.known)
            if relation == "conflict":
                row.status = "error"
                row.reason = (f"số CCCD {person.citizen_id} đã ghi cho {first.name} "
                              f"(trang \"{first.sheet}\", dòng {first.row})")
                break
            if relation == "same":
                same = first
                break
            if relation == "maybe" and first.course_code == row.course_code:
                # One class holds a person once: the same name and birth is the row typed twice (the
                # roster import's duplicate); otherwise two namesakes, never suggested as one.
                if (person.birth_date, person.birth_year) == (first.known.birth_date, first.known.birth_year):
                    same = first
                    break
                continue
            if relation == "maybe":
                maybe.append(first)
        if row.status == "error":
            continue
        if same is not None:  # the person of that row, whatever the clerk answers for it
            row.status, row.person = "same", f"f:{same.index}"
            continue
        verdict = registry.decide(person)
        if verdict.kind == identity.CONFLICT:
            row.status, row.reason = "error", verdict.reason
            continue
        choices = [Choice(f"f:{m.index}", f"{m.name} — {m.birth or 'không rõ ngày sinh'} — "
                                         f"{m.unit or 'không rõ đơn vị'} — lớp {m.course_code} "
                                         f"(trang \"{m.sheet}\", dòng {m.row})") for m in maybe]
        if verdict.kind == identity.ASK:
            found: dict[int, Candidate] = describe(verdict.candidates)
            choices += [Choice(f"t:{i}", "Đã có: " + found[i].text()) for i in verdict.candidates if i in found]
            row.reason = verdict.reason
        if choices:
            row.status, row.choices = "ambiguous", choices
            row.reason = row.reason or "cùng họ tên với một người khác trong tệp, không đủ ngày sinh để chắc chắn"
        elif verdict.kind == identity.SAME:
            row.status, row.person = "existing", f"t:{verdict.person_id}"
        else:
            row.status, row.person = "new", f"f:{row.index}"
        firsts.append(row)
    # The same person twice in one class (sure matches only; answers are checked by choose()).
    seen: dict[tuple[str, str], HistoryRow] = {}
    for row in rows:
        key = preview.person_of(row)
        if not key or row.status == "error":
            continue
        other = seen.get((row.course_code, key))
        if other is not None:
            row.status = "error"
            row.reason = f"trùng với trang \"{other.sheet}\", dòng {other.row} trong cùng lớp {row.course_code}"
        else:
            seen[(row.course_code, key)] = row


def _judge_registry(workbook: HistoryWorkbook, preview: HistoryPreview, classes: dict[str, HistoryClass],
                    problems: list[Problem], today: dt.date) -> list[HistoryCertificate]:
    certificates: list[HistoryCertificate] = []
    numbers: dict[tuple[int, int], HistoryCertificate] = {}
    holders: dict[int, HistoryCertificate] = {}
    for line in workbook.registry:
        v = line.values
        cert = HistoryCertificate(line.sheet, line.row)
        where = f"Trang \"{line.sheet}\", dòng {line.row}"
        try:
            cert.issued_on = cell_date(v.get("issued_on"), "Ngày cấp")
            if cert.issued_on > today:
                raise ValidationError(f"ngày cấp {format_date(cert.issued_on)} chưa đến (hôm nay {format_date(today)})")
            text = cell_text(v.get("number"))
            if not text:
                raise ValidationError("thiếu số giấy chứng nhận")
            cert.number, cert.year = parse_number(text, default_year=cert.issued_on.year)
            if cert.number <= 0:
                raise ValidationError(f"số giấy chứng nhận \"{text}\" không hợp lệ")
            earlier = numbers.get((cert.year, cert.number))
            if earlier is not None:
                raise ValidationError(f"số GCN {cert.number_text} đã ghi ở trang \"{earlier.sheet}\", "
                                      f"dòng {earlier.row}")
            numbers[(cert.year, cert.number)] = cert
            if Certificate.select().where((Certificate.year == cert.year)
                                          & (Certificate.number == cert.number)).exists():
                raise ValidationError(f"số GCN {cert.number_text} đã có trong cơ sở dữ liệu")
            cert.course_code = cell_text(v.get("code"))
            course = classes.get(fold(cert.course_code))
            if course is None:
                raise ValidationError(f"mã lớp \"{cert.course_code}\" không có trong trang danh sách lớp"
                                      if cert.course_code else "thiếu mã lớp")
            cert.course_code = course.code
            if course.program_id is None:
                raise ValidationError(f"lớp {course.code} có lỗi ở trang danh sách lớp")
            if course.start is not None and cert.issued_on < course.start:
                raise ValidationError(f"ngày cấp {format_date(cert.issued_on)} trước ngày khai giảng "
                                      f"{format_date(course.start)} của lớp {course.code}")
            cert.name = name_case(cell_text(v.get("full_name")))
            birth = cell_text(v.get("birth")) if not isinstance(v.get("birth"), int) else str(v.get("birth"))
            cert.serial, cert.note = cell_text(v.get("serial")), cell_text(v.get("note"))
            cert.row_index = _holder(cert, birth, preview)
            if cert.row_index in holders:
                other = holders[cert.row_index]
                raise ValidationError(f"{cert.name} đã có GCN số {other.number_text} (dòng {other.row}) của "
                                      f"cùng lớp {course.code}")
            holders[cert.row_index] = cert
            course.certificates += 1
            certificates.append(cert)
        except UserError as exc:
            problems.append(Problem(where, exc.message.rstrip(".")))
    return certificates


def _holder(cert: HistoryCertificate, birth: str, preview: HistoryPreview) -> int:
    """The roster row of the certificate's class that is its holder (by name, and birth when given)."""
    from app.domain.dates import parse_birth

    try:
        born = parse_birth(birth) if birth else None
    except UserError:
        born = None
    fitting = []
    in_error = []
    for row in preview.rows:
        if row.course_code != cert.course_code or not same_name(row.name, cert.name):
            continue
        if row.status == "error":
            in_error.append(row)
            continue
        if born is not None and row.known is not None:
            if born.date and row.known.birth_date and born.date != row.known.birth_date:
                continue
            year = row.known.birth_date.year if row.known.birth_date else row.known.birth_year
            if year and year != born.year:
                continue
        fitting.append(row)
    if not fitting and in_error:
        first = in_error[0]
        raise ValidationError(f"dòng của {cert.name} trong danh sách lớp {cert.course_code} "
                              f"(trang \"{first.sheet}\", dòng {first.row}) có lỗi")
    if not fitting:
        raise ValidationError(f"{cert.name or 'người nhận'} ({birth or 'không rõ ngày sinh'}) không có trong "
                              f"danh sách lớp {cert.course_code}")
    if len(fitting) > 1:
        raise ValidationError(f"lớp {cert.course_code} có {len(fitting)} người tên {cert.name}: cần ghi ngày sinh "
                              "để biết GCN của ai")
    return fitting[0].index

# --- writing --------------------------------------------------------------------------------------


def _status(course: HistoryClass, today: dt.date) -> str:
    assert course.start is not None and course.end is not None
    if course.end < today:
        return "finished"
    return "planned" if course.start > today else "running"


def _person_values(preview: HistoryPreview, key: str, starts: dict[str, dt.date | None]) -> tuple[dict[str, Any], str]:
    """A new person's record from all their rows: the latest class's details first, gaps filled from
    the others. Marked a party member in a later class but not in an earlier one: joined no later than
    the start of the first class that says so (the report counts membership at each class's start)."""
    rows = sorted((r for r in preview.rows if preview.person_of(r) == key),
                  key=lambda r: (starts.get(r.course_code) or dt.date.min, r.index))
    values: dict[str, Any] = {}
    for row in reversed(rows):
        assert row.values is not None
        for name, value in row.values.items():
            if not name.startswith("_") and values.get(name) in (None, "", False):
                values[name] = value
    member_rows = [r for r in rows if r.values and r.values.get("party_member")]
    if member_rows and member_rows[0] is not rows[0]:
        values["party_joined_on"] = starts.get(member_rows[0].course_code)
    unit = next((r.unit for r in reversed(rows) if r.unit), "")
    return values, unit


@writes(Topic.COURSES, Topic.TRAINEES, Topic.ENROLLMENTS, Topic.CERTIFICATES, Topic.ORGANIZATIONS, Topic.SETTINGS,
        Topic.AUDIT)
def commit_history(preview: HistoryPreview, *, backup: Callable[[], object] | None = None,
                   today: dt.date | None = None) -> HistoryResult:
    """Write the whole workbook in one transaction; refused (nothing written) while it has an error
    or an open question. Certificate numbers are written as they were, and each year's counter
    moves past the highest of that year."""
    today = today or dt.date.today()
    if preview.has_errors:
        raise ValidationError(f"Tệp hồ sơ cũ có {len(preview.problems)} lỗi; chưa ghi gì. Hãy sửa tệp rồi nhập lại.")
    if preview.open_questions:
        raise ValidationError(f"Còn {preview.open_questions} dòng chưa rõ là ai (cần chọn người đã có hoặc "
                              "\u201cNgười mới\u201d); chưa ghi gì.")
    if backup is not None:
        backup()
    created = 0
    with db.write():
        course_ids: dict[str, int] = {}
        for course in preview.classes:
            record = Course.create(code=course.code, program=course.program_id, name=course.name,
                                   start_date=course.start, end_date=course.end, venue=course.venue or None,
                                   partner=find_or_create_organization(course.partner),
                                   decision_number=course.decision_number or None, note=course.note or None,
                                   status=_status(course, today))
            course_ids[course.code] = record.id
        people: dict[str, int] = {}
        starts = {c.code: c.start for c in preview.classes}
        enrollments: dict[int, int] = {}  # row index → enrollment id
        certified = {c.row_index for c in preview.certificates}
        for row in preview.rows:
            key = preview.person_of(row)
            if key.startswith("t:"):
                trainee_id = int(key[2:])
            elif key in people:
                trainee_id = people[key]
            else:
                values, unit = _person_values(preview, key, starts)
                trainee = Trainee.create(organization=find_or_create_organization(unit), unit_text=unit or None,
                                         **values)
                trainee_id = people[key] = trainee.id
                created += 1
            enrollment = Enrollment.create(
                course=course_ids[row.course_code], trainee=trainee_id, position_at_time=row.position or None,
                unit_at_time=row.unit or None, score=row.score, result_code=row.result_code,
                completed=row.passing or row.index in certified)
            enrollments[row.index] = enrollment.id
        highest: dict[int, int] = {}
        for cert in preview.certificates:
            assert cert.row_index is not None
            Certificate.create(enrollment=enrollments[cert.row_index], year=cert.year, number=cert.number,
                               serial=cert.serial or None, issued_on=cert.issued_on)
            highest[cert.year] = max(highest.get(cert.year, 0), cert.number)
        if preview.certificates:
            freeze_centre_code()  # a reprint of these certificates carries the code of today
        for year, number in highest.items():
            CertificateCounter.insert(year=year, last_number=0).on_conflict_ignore().execute()
            CertificateCounter.update(last_number=number).where(
                (CertificateCounter.year == year) & (CertificateCounter.last_number < number)).execute()
        audit.record("import", "history", None,
                     f"Nhập hồ sơ cũ từ tệp {preview.source.name}: {len(preview.classes)} lớp, "
                     f"{len(preview.rows)} lượt học viên ({created} người mới), "
                     f"{len(preview.certificates)} giấy chứng nhận", user=auth.acting_user())
    return HistoryResult(len(preview.classes), created, len(preview.rows), len(preview.certificates))
