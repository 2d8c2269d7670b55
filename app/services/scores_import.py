"""Importing scores from the marking instructor's sheet (name + birth date or CCCD + score).

Same conventions as the roster import: a preview marks each row *existing* (a trainee of the class,
matched by the identity rules of :mod:`app.services.identity` among the class's trainees) or an
*error* with the reason: no such trainee, a CCCD that belongs to someone else than the name says
(both people named), a row that could be several trainees, a trainee already scored by an earlier
row of the same sheet, a bad score. Nothing is written until all rows are good (or errors are
skipped), then all scores in one transaction after a backup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.domain.changes import Topic, writes
from app.domain.dates import parse_birth
from app.domain.errors import UserError, ValidationError
from app.domain.formatting import format_birth
from app.domain.results import band_for, parse_score
from app.domain.text import clean
from app.services import audit, auth, identity
from app.services.courses import find_course
from app.services.identity import Known, Registry, describe
from app.services.results import bands_for_program
from app.services.roster_import import (
    ERROR,
    EXISTING,
    SECTION,
    SKIPPED,
    PreviewRow,
    RosterPreview,
    _birth_text,
    _id_numbers,
    _read,
    _text,
    name_case,
)
from app.store import db
from app.store.models import Enrollment, Trainee


@dataclass
class ScoreRow(PreviewRow):
    enrollment_id: int | None = None
    score: Decimal | None = None


@dataclass
class ScoresPreview(RosterPreview):
    """The sheet's rows (``ScoreRow``), each matched to an enrollment of the class or not."""


def preview_scores(path: Path, course_code: str, *, encoding: str | None = None) -> ScoresPreview:
    """Read the sheet and match every row to a trainee of the class; writes nothing."""
    course = find_course(course_code)
    sheet = _read(path, encoding, required=("score",))
    enrollment_of = dict(Enrollment.select(Enrollment.trainee, Enrollment.id)
                         .where(Enrollment.course == course.id).tuples())
    rows: list[ScoreRow] = []
    people: list[tuple[ScoreRow, Known]] = []
    for raw in sheet.rows:
        row, person = _read_score_row(raw)
        rows.append(row)
        if person is not None:
            people.append((row, person))
    registry = Registry([p for _r, p in people], course_id=course.id)
    scored: dict[int, tuple[int, str]] = {}  # trainee id → (row, name) of the row that scored it
    for row, person in people:
        verdict = registry.decide(person, year_is_enough=True)
        if verdict.kind == identity.SAME and verdict.person_id is not None and verdict.person_id in enrollment_of:
            trainee_id = verdict.person_id
            if trainee_id in scored:
                earlier, name = scored[trainee_id]
                row.reason = f"{name} đã có điểm ở dòng {earlier} của bảng này"
                continue
            scored[trainee_id] = (row.row, person.name)
            row.status, row.trainee_id, row.enrollment_id = EXISTING, trainee_id, enrollment_of[trainee_id]
        elif verdict.kind == identity.CONFLICT:
            row.reason = verdict.reason
        elif verdict.kind == identity.ASK:
            found = describe(verdict.candidates)
            names = "; ".join(found[i].text() for i in verdict.candidates if i in found)
            row.reason = (f"chưa rõ là học viên nào ({verdict.reason}): {names}. "
                          "Hãy ghi ngày sinh đầy đủ hoặc số CCCD")
        else:
            row.reason = _nobody(person, registry)
    for other in sheet.others:
        rows.append(ScoreRow(row=other.row, status=SECTION if other.kind == "section" else SKIPPED,
                             name=clean(other.text), reason=other.reason, reason_code=other.reason_code))
    rows.sort(key=lambda r: r.row)
    return ScoresPreview(course.id, course.code, Path(path), list(rows), encoding=sheet.encoding,
                         converted_cells=sheet.converted_cells)


def _read_score_row(raw) -> tuple[ScoreRow, Known | None]:
    name = _text(raw.values.get("full_name")) or (
        f"{_text(raw.values.get('family_middle'))} {_text(raw.values.get('given_name'))}".strip())
    row = ScoreRow(row=raw.row, status=ERROR, name=name_case(name),
                   original=dict(getattr(raw, "original", {}) or {}))
    try:
        if raw.values.get("_errors"):
            raise ValidationError("; ".join(raw.values["_errors"]))
        value = raw.values.get("score")
        row.score = parse_score(value if isinstance(value, int | float) else _text(value))
        if row.score is None:
            raise ValidationError("thiếu điểm")
        if len(row.name.split()) < 2:
            raise ValidationError("thiếu họ và tên")
        citizen_id, old_id = _id_numbers(raw.values.get("citizen_id"), raw.values.get("old_id_number"))
        citizen_id = "".join(ch for ch in citizen_id if ch.isdigit())
        old_id = "".join(ch for ch in old_id if ch.isdigit())
        if citizen_id and len(citizen_id) != 12:
            raise ValidationError(f"số CCCD {citizen_id} không đủ 12 chữ số")
        birth = parse_birth(_birth_text(raw.values.get("birth")))
    except UserError as exc:
        row.reason = exc.message.rstrip(".")
        return row, None
    row.birth = format_birth(birth.date, birth.year) if birth else ""
    return row, Known(row.name, birth.date if birth else None, birth.year if birth else None,
                      citizen_id or None, old_id or None)


def _nobody(person: Known, registry: Registry) -> str:
    """Why nobody of the class fits: whose the CCCD is, when it is someone's outside the class, or the
    namesake of the class whose CCCD is another."""
    namesakes = [r for r in registry.records_for(person) if identity.same_name(r.name, person.name)]
    if person.citizen_id and namesakes and all(r.citizen_id for r in namesakes):
        other = namesakes[0]
        return (f"không có học viên này trong lớp: {other.name} của lớp có số CCCD {other.citizen_id}, "
                f"không phải {person.citizen_id}")
    if person.citizen_id:
        holder = Trainee.get_or_none(Trainee.citizen_id == person.citizen_id)
        if holder is not None:
            return (f"không có học viên này trong lớp: số CCCD {person.citizen_id} là của {holder.full_name}, "
                    "người không học lớp này")
    return "không có học viên này trong lớp"


@writes(Topic.ENROLLMENTS, Topic.AUDIT)
def commit_scores(preview: ScoresPreview, *, skip_errors: bool = False,
                  backup: Callable[[], object] | None = None) -> int:
    """Write every matched score and its band in one transaction; returns how many."""
    errors = sum(1 for r in preview.rows if r.status == ERROR)
    if errors and not skip_errors:
        raise ValidationError(f"Bảng điểm có {errors} dòng lỗi; chưa ghi gì.")
    if backup is not None:
        backup()
    course = find_course(preview.course_code)
    bands = bands_for_program(course.program)
    written = 0
    with db.write():
        for row in preview.rows:
            if row.status != EXISTING:
                continue
            assert isinstance(row, ScoreRow) and row.score is not None
            band = band_for(row.score, bands)
            update: dict[Any, object] = {Enrollment.score: row.score}
            enrollment = Enrollment.get_by_id(row.enrollment_id)
            if not enrollment.result_override_reason:
                update[Enrollment.result_code] = band.code if band else None
                update[Enrollment.completed] = bool(band and band.passing)
            Enrollment.update(update).where(Enrollment.id == row.enrollment_id).execute()
            written += 1
        skipped = f"; bỏ qua {errors} dòng lỗi" if skip_errors and errors else ""
        audit.record("import", "course", course.id,
                     f"Nhập bảng điểm lớp {course.code} từ tệp {preview.source.name}: ghi điểm {written} học viên"
                     f"{skipped}", user=auth.acting_user())
    return written
