"""Attendance, scores and results of a class (the Học viên sub-tab's grid)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.domain.changes import Topic, writes
from app.domain.errors import NotFoundError, ValidationError
from app.domain.results import Band, band_for, parse_score
from app.domain.text import clean
from app.store import db
from app.store.models import ATTENDANCE_MARKS, Attendance, Enrollment, Lesson, Program, ResultBand, lesson_order

MARK_ALIASES = {"x": "x", "X": "x", "p": "P", "P": "P", "k": "K", "K": "K"}


def bands_for_program(program: Program) -> list[Band]:
    """The program's own bands when it has them, else the default set."""
    best_first = (ResultBand.min_score.desc(), ResultBand.id)  # a server keeps no insertion order
    rows = list(ResultBand.select().where(ResultBand.program == program.id).order_by(*best_first))
    if not rows:
        rows = list(ResultBand.select().where(ResultBand.program.is_null()).order_by(*best_first))
    return [Band(r.code, r.name, r.min_score, r.passing, r.enabled) for r in rows]


def band_names() -> dict[int | None, dict[str, str]]:
    """Band code → name per program that has its own set, and under None the default set's: what a
    result recorded in a class of a program is called (retired bands too: old results keep them).
    Read with :func:`band_name`."""
    names: dict[int | None, dict[str, str]] = {}
    for program_id, code, name in ResultBand.select(ResultBand.program, ResultBand.code, ResultBand.name).tuples():
        names.setdefault(program_id, {})[code] = name
    return names


def band_name(names: dict[int | None, dict[str, str]], program_id: int, code: str | None) -> str:
    """The name of result ``code`` in a class of ``program_id``: its own set when it has one, else the default."""
    return names.get(program_id, names.get(None, {})).get(code or "", "")


def _enrollment(enrollment_id: int) -> Enrollment:
    enrollment = Enrollment.get_or_none(Enrollment.id == enrollment_id)
    if enrollment is None:
        raise NotFoundError("Không tìm thấy học viên trong lớp.")
    return enrollment


def parse_mark(text: str) -> str | None:
    """x / P / K (case-insensitive for x, k, p); '' clears the mark."""
    text = clean(text)
    if not text:
        return None
    mark = MARK_ALIASES.get(text)
    if mark is None:
        raise ValidationError(f"Điểm danh chỉ nhận x (có mặt), P (vắng có phép) hoặc K (vắng không phép), "
                              f"không nhận \"{text}\".", field="mark")
    return mark


@writes(Topic.ATTENDANCE)
def set_attendance(enrollment_id: int, lesson_id: int, mark_text: str) -> str | None:
    """Mark one trainee for one lesson; returns the stored mark (None when cleared)."""
    mark = parse_mark(mark_text)
    enrollment = _enrollment(enrollment_id)
    lesson = Lesson.get_or_none(Lesson.id == lesson_id)
    if lesson is None or lesson.course_id != enrollment.course_id:
        raise NotFoundError("Buổi học không thuộc lớp này.")
    with db.write():
        if mark is None:
            Attendance.delete().where(Attendance.enrollment == enrollment_id, Attendance.lesson == lesson_id).execute()
        else:
            Attendance.insert(enrollment=enrollment_id, lesson=lesson_id, mark=mark).on_conflict(
                conflict_target=[Attendance.enrollment, Attendance.lesson],
                update={Attendance.mark: mark}).execute()
    return mark


@writes(Topic.ENROLLMENTS)
def set_score(enrollment_id: int, text: str) -> tuple[Decimal | None, str | None]:
    """Record a score (0–10, step 0.5, comma or dot) and the result band it gives.

    A result overridden with a reason stays as the user set it.
    """
    score = parse_score(text)
    enrollment = _enrollment(enrollment_id)
    program = enrollment.course.program
    band = band_for(score, bands_for_program(program))
    result_code = band.code if band else None
    with db.write():
        update: dict[Any, object] = {Enrollment.score: score}
        if not enrollment.result_override_reason:
            update[Enrollment.result_code] = result_code
            update[Enrollment.completed] = bool(band and band.passing)
        Enrollment.update(update).where(Enrollment.id == enrollment_id).execute()
    stored = Enrollment.get_by_id(enrollment_id)
    return stored.score, stored.result_code


@writes(Topic.ENROLLMENTS)
def override_result(enrollment_id: int, result_code: str, reason: str) -> None:
    """Set the result by hand; a reason is required and kept."""
    reason = clean(reason)
    if not reason:
        raise ValidationError("Cần ghi lý do khi sửa kết quả bằng tay.", field="reason")
    enrollment = _enrollment(enrollment_id)
    bands = {b.code: b for b in bands_for_program(enrollment.course.program)}
    if result_code not in bands:
        raise ValidationError("Kết quả không có trong thang xếp loại.", field="result")
    with db.write():
        Enrollment.update(result_code=result_code, result_override_reason=reason,
                          completed=bands[result_code].passing).where(Enrollment.id == enrollment_id).execute()


@writes(Topic.ENROLLMENTS)
def clear_override(enrollment_id: int) -> None:
    """Go back to the result computed from the score."""
    enrollment = _enrollment(enrollment_id)
    band = band_for(enrollment.score, bands_for_program(enrollment.course.program))
    with db.write():
        Enrollment.update(result_override_reason=None, result_code=band.code if band else None,
                          completed=bool(band and band.passing)).where(Enrollment.id == enrollment_id).execute()


@dataclass(frozen=True)
class GridRow:
    """One trainee's line of the attendance grid."""

    enrollment_id: int
    full_name: str
    birth: str
    marks: dict[int, str]  # lesson id → mark
    score: Decimal | None
    result_code: str | None


def attendance_grid(course_id: int) -> tuple[list[Lesson], list[GridRow]]:
    """Lessons of the class and each trainee's marks, in two queries plus one for the people."""
    from app.domain.formatting import format_birth
    from app.store.models import Trainee

    lessons = list(Lesson.select().where(Lesson.course == course_id).order_by(*lesson_order()))
    marks: dict[int, dict[int, str]] = {}
    for enrollment_id, lesson_id, mark in (Attendance.select(Attendance.enrollment, Attendance.lesson, Attendance.mark)
                                           .join(Enrollment).where(Enrollment.course == course_id).tuples()):
        marks.setdefault(enrollment_id, {})[lesson_id] = mark
    query = (Enrollment.select(Enrollment.id, Trainee.full_name, Trainee.birth_date, Trainee.birth_year,
                               Enrollment.score, Enrollment.result_code)
             .join(Trainee).where(Enrollment.course == course_id).order_by(Trainee.sort_key))
    rows = [GridRow(eid, name, format_birth(bd, by), marks.get(eid, {}), score, code)
            for eid, name, bd, by, score, code in query.tuples()]
    return lessons, rows


__all__ = ["ATTENDANCE_MARKS", "attendance_grid", "clear_override", "override_result", "parse_mark",
           "set_attendance", "set_score"]
