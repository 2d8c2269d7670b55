"""Giờ giảng: standard teaching hours of every instructor in the period against the norm."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import fn

from app.domain.formatting import format_decimal, format_int, position_and_unit
from app.domain.tables import TableColumn as C
from app.domain.tables import TableDocument
from app.services.instructors import KIND_NAMES
from app.services.reports.common import ReportData, period_text, share, year_fraction
from app.store.models import CatalogueItem, Course, Instructor, Lesson


@dataclass(frozen=True)
class HoursReportRow:
    full_name: str
    kind: str  # full_time | part_time
    position_unit: str
    periods: int
    standard_hours: float
    norm: float | None  # prorated to the period
    norm_pct: float | None


HOURS_CSV_HEADER = ("Họ và tên", "Loại", "Chức vụ, đơn vị", "Số tiết", "Giờ chuẩn", "Định mức",
                    "Tỷ lệ so với định mức (%)", "Chênh lệch")


def _catalogue(kind: str, default: float | None) -> dict[str, float | None]:
    return {code: (value if value is not None else default) for code, value in
            CatalogueItem.select(CatalogueItem.code, CatalogueItem.value).where(CatalogueItem.kind == kind).tuples()}


def hours_rows(start: dt.date, end: dt.date) -> list[HoursReportRow]:
    """Active instructors and anyone who taught in the period: full-time first, then by name.

    Standard hours are periods × the lesson kind's coefficient, for lessons dated in the period
    outside cancelled classes; the yearly norm is prorated month by month over the period.
    """
    coefficients = _catalogue("lesson_kinds", 1.0)
    norms = _catalogue("teaching_norms", None)
    fraction = year_fraction(start, end)
    totals: dict[int, tuple[int, float]] = {}
    query = (Lesson.select(Lesson.instructor, Lesson.kind, fn.SUM(Lesson.periods)).join(Course)
             .where(Lesson.instructor.is_null(False), Lesson.date.between(start, end), Course.status != "cancelled")
             .group_by(Lesson.instructor, Lesson.kind).tuples())
    for instructor_id, kind, periods in query:
        p, h = totals.get(instructor_id, (0, 0.0))
        totals[instructor_id] = (p + periods, h + periods * (coefficients.get(kind) or 1.0))
    rows = []
    order = (Instructor.kind != "full_time", Instructor.sort_key)
    for ins in Instructor.select().where(Instructor.active | Instructor.id.in_(list(totals))).order_by(*order):
        periods, hours = totals.get(ins.id, (0, 0.0))
        yearly = norms.get(ins.norm_code or ins.kind)
        norm = round(yearly * fraction, 1) if yearly is not None else None
        position_unit = position_and_unit(ins.position, ins.unit)
        rows.append(HoursReportRow(ins.full_name, ins.kind, position_unit, periods, round(hours, 1), norm,
                                   share(hours, norm) if norm else None))
    return rows


def _hours(value: float | None) -> str:
    text = format_decimal(value)
    return text[:-2] if text.endswith(",0") else text


def hours_report(start: dt.date, end: dt.date) -> ReportData:
    rows = hours_rows(start, end)
    columns = [C("STT", 10, "center"), C("Họ và tên", 42), C("Loại", 24), C("Chức vụ, đơn vị", 62),
               C("Số tiết", 16, "right"), C("Giờ chuẩn", 18, "right"), C("Định mức", 18, "right"),
               C("Tỷ lệ so với định mức", 22, "right"), C("Chênh lệch", 18, "right", kind="signed")]
    body = []
    for i, r in enumerate(rows, 1):
        diff = "" if r.norm is None else ("+" if r.standard_hours > r.norm else "") + _hours(r.standard_hours - r.norm)
        body.append((str(i), r.full_name, KIND_NAMES.get(r.kind, r.kind).capitalize(), r.position_unit,
                     format_int(r.periods), _hours(r.standard_hours), _hours(r.norm),
                     "" if r.norm_pct is None else format_decimal(r.norm_pct) + "%", diff))
    fraction = year_fraction(start, end)
    counts = {k: sum(1 for r in rows if r.kind == k) for k in KIND_NAMES}
    notes = [f"Giờ chuẩn = số tiết × hệ số loại bài (giảng lý thuyết, hướng dẫn thảo luận, chấm bài…), tính các buổi "
             f"học có ngày trong kỳ, không tính lớp đã hủy. Định mức năm theo danh mục định mức giờ giảng, tính theo "
             f"tỷ lệ thời gian của kỳ ({_hours(round(fraction, 2))} năm).",
             f"Giảng viên chuyên trách: {counts['full_time']}; kiêm chức: {counts['part_time']}."]
    footer = ("", "Tổng cộng", "", "", format_int(sum(r.periods for r in rows)),
              _hours(round(sum(r.standard_hours for r in rows), 1)), "", "", "")
    document = TableDocument("GIỜ GIẢNG CỦA GIẢNG VIÊN", period_text(start, end), columns, body, footer=footer,
                             notes=notes, wide=True, sheet_name="Giờ giảng")
    csv_rows: list[tuple[object, ...]] = [
        (r.full_name, KIND_NAMES.get(r.kind, r.kind).capitalize(), r.position_unit, r.periods, r.standard_hours,
         r.norm, r.norm_pct, None if r.norm is None else round(r.standard_hours - r.norm, 1)) for r in rows]
    csv_rows.append(("Tổng cộng", "", "", sum(r.periods for r in rows),
                     round(sum(r.standard_hours for r in rows), 1), None, None, None))
    return ReportData("hours", document, HOURS_CSV_HEADER, csv_rows)
