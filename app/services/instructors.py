"""Instructors: standard teaching hours per year against the norm, and the norms and
coefficients themselves (catalogue values the user may edit)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import fn

from app.domain.changes import Topic, writes
from app.domain.errors import NotFoundError, ValidationError
from app.store import db
from app.store.models import CatalogueItem, Course, Instructor, Lesson, lesson_order

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
    query = (Lesson.select(Lesson.instructor, Lesson.kind, fn.SUM(Lesson.periods)).join(Course)
             .where(Lesson.instructor.is_null(False), Lesson.date.between(start, end),
                    Course.status != "cancelled")  # the same rule as the hours report
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


# --- one instructor: hours per year, lessons taught --------------------------------------


@dataclass(frozen=True)
class YearHoursRow:
    """One year of one instructor's teaching: periods per kind of work, standard hours, norm."""

    year: int
    periods_by_kind: dict[str, int]
    periods: int
    standard_hours: float
    norm: float | None


@dataclass(frozen=True)
class TaughtLessonRow:
    lesson_id: int
    date: dt.date
    session: str
    course_code: str
    course_name: str
    topic: str
    kind: str
    kind_name: str
    periods: int
    standard_hours: float


def lesson_coefficients() -> dict[str, float]:
    """The coefficient of each kind of work (lecture, discussion, marking…) from the catalogue."""
    return _coefficients()


def norm_of(instructor_id: int) -> float | None:
    """The yearly norm (standard hours) that applies to an instructor."""
    ins = Instructor.get_by_id(instructor_id)
    return _norms().get(ins.norm_code or ins.kind)


def hours_by_year(instructor_id: int) -> list[YearHoursRow]:
    """Every year the instructor taught, oldest first: the same arithmetic as :func:`hours_by_instructor`."""
    coefficients = _coefficients()
    norm = norm_of(instructor_id)
    years: dict[int, dict[str, int]] = {}
    # Dates are grouped in Python, not with a date function of one SQL dialect.
    for date, kind, periods in (Lesson.select(Lesson.date, Lesson.kind, fn.SUM(Lesson.periods)).join(Course)
                                .where(Lesson.instructor == instructor_id, Course.status != "cancelled")
                                .group_by(Lesson.date, Lesson.kind).tuples()):
        year = (date if isinstance(date, dt.date) else dt.date.fromisoformat(str(date))).year
        by_kind = years.setdefault(year, {})
        by_kind[kind] = by_kind.get(kind, 0) + (periods or 0)
    rows = []
    for year in sorted(years):
        by_kind = years[year]
        hours = sum(p * coefficients.get(kind, 1.0) for kind, p in by_kind.items())
        rows.append(YearHoursRow(year, by_kind, sum(by_kind.values()), round(hours, 2), norm))
    return rows


def lessons_taught(instructor_id: int, year: int | None = None) -> list[TaughtLessonRow]:
    """The instructor's lessons, newest first, each with its standard hours."""
    coefficients = _coefficients()
    names = dict(CatalogueItem.select(CatalogueItem.code, CatalogueItem.name)
                 .where(CatalogueItem.kind == "lesson_kinds").tuples())
    query = (Lesson.select(Lesson.id, Lesson.date, Lesson.session, Course.code, Course.name, Lesson.topic,
                           Lesson.kind, Lesson.periods)
             .join(Course).where(Lesson.instructor == instructor_id))
    if year is not None:
        query = query.where(Lesson.date.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    date, session_rank, lesson_id = lesson_order()
    query = query.order_by(date.desc(), session_rank, lesson_id)
    return [TaughtLessonRow(lid, date, session, code, name, topic, kind, names.get(kind, kind), periods or 0,
                            round((periods or 0) * coefficients.get(kind, 1.0), 2))
            for lid, date, session, code, name, topic, kind, periods in query.tuples()]


# --- the norms and coefficients themselves (catalogue values, editable) -------------------


@dataclass(frozen=True)
class NormRow:
    kind: str  # teaching_norms | lesson_kinds
    code: str
    name: str
    value: float | None


def norms_and_coefficients() -> list[NormRow]:
    """The yearly norms (standard hours) then the coefficients of each kind of work."""
    query = (CatalogueItem.select().where(CatalogueItem.kind.in_(["teaching_norms", "lesson_kinds"]))
             .order_by(CatalogueItem.kind.desc(), CatalogueItem.sort_order))
    return [NormRow(item.kind, item.code, item.name, item.value) for item in query]


@writes(Topic.CATALOGUES)
def set_norm_values(values: dict[tuple[str, str], float | str | None]) -> None:
    """Save edited norms {(kind, code): value} in one transaction: hours 0–2000, coefficients 0–10."""
    checked = {}
    for (kind, code), raw in values.items():
        if kind not in ("teaching_norms", "lesson_kinds"):
            raise ValidationError("Chỉ sửa được định mức giờ giảng và hệ số quy đổi.", field=code)
        item = CatalogueItem.get_or_none(CatalogueItem.kind == kind, CatalogueItem.code == code)
        if item is None:
            raise NotFoundError(f"Không có mục \"{code}\" trong danh mục.", field=code)
        try:
            number = float(str(raw).replace(",", "."))
        except ValueError:
            raise ValidationError(f"{item.name}: \"{raw}\" không phải là số.", field=code) from None
        limit = 2000 if kind == "teaching_norms" else 10
        if not 0 <= number <= limit:
            raise ValidationError(f"{item.name}: giá trị phải từ 0 đến {limit}.", field=code)
        checked[item.id] = number
    with db.write():
        for item_id, number in checked.items():
            CatalogueItem.update(value=number).where(CatalogueItem.id == item_id).execute()
