"""Instructors: standard teaching hours per year against the norm."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import fn

from app.store.models import CatalogueItem, Instructor, Lesson

KIND_NAMES = {"full_time": "chuyên trách", "part_time": "kiêm chức"}


@dataclass(frozen=True)
class HoursRow:
    instructor_id: int
    full_name: str
    kind: str
    unit: str
    periods: int
    standard_hours: float
    norm: float | None


def _coefficients() -> dict[str, float]:
    return {code: value if value is not None else 1.0 for code, value in
            CatalogueItem.select(CatalogueItem.code, CatalogueItem.value)
            .where(CatalogueItem.kind == "lesson_kinds").tuples()}


def _norms() -> dict[str, float]:
    return {code: value for code, value in CatalogueItem.select(CatalogueItem.code, CatalogueItem.value)
            .where(CatalogueItem.kind == "teaching_norms").tuples()}


def hours_by_instructor(start: dt.date, end: dt.date) -> list[HoursRow]:
    """Standard hours of every instructor for lessons dated in [start, end]: periods × the kind's coefficient."""
    coefficients = _coefficients()
    norms = _norms()
    totals: dict[int, tuple[int, float]] = {}
    query = (Lesson.select(Lesson.instructor, Lesson.kind, fn.SUM(Lesson.periods))
             .where(Lesson.instructor.is_null(False), Lesson.date.between(start, end))
             .group_by(Lesson.instructor, Lesson.kind).tuples())
    for instructor_id, kind, periods in query:
        p, h = totals.get(instructor_id, (0, 0.0))
        totals[instructor_id] = (p + periods, h + periods * coefficients.get(kind, 1.0))
    rows = []
    for ins in Instructor.select().order_by(Instructor.sort_key):
        periods, hours = totals.get(ins.id, (0, 0.0))
        rows.append(HoursRow(ins.id, ins.full_name, ins.kind, ins.unit or "", periods, round(hours, 2),
                             norms.get(ins.norm_code or ins.kind)))
    return rows
