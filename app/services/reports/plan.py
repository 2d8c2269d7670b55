"""Thực hiện kế hoạch: the year's plan (classes, trainees) against what was done, per program."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import fn

from app.domain.calendar import calendar_status
from app.domain.formatting import format_date, format_decimal, format_int
from app.domain.tables import TableColumn as C
from app.domain.tables import TableDocument
from app.services.reports.common import (
    PERIOD_RULE,
    TOTAL_CODE,
    ChartData,
    ReportData,
    courses_in_period,
    period_text,
    share,
    vn_code,
)
from app.store.models import AnnualPlan, Course, Enrollment, PlanItem, Program

OUTSIDE_PLAN = "Ngoài kế hoạch"


@dataclass(frozen=True)
class PlanRow:
    program_code: str
    program_name: str
    planned_classes: int
    actual_classes: int  # đã thực hiện: ended by the day the report speaks of
    classes_pct: float | None  # actual / planned × 100, None without a plan
    planned_trainees: int
    actual_enrolments: int  # in the classes done
    trainees_pct: float | None
    running_classes: int = 0  # đang học
    scheduled_classes: int = 0  # đã lên lịch: starting later in the period


PLAN_CSV_HEADER = ("Mã chương trình", "Tên chương trình", "Số lớp kế hoạch", "Số lớp thực hiện",
                   "Tỷ lệ số lớp (%)", "Học viên kế hoạch", "Lượt học viên thực hiện", "Tỷ lệ học viên (%)",
                   "Số lớp đang học", "Số lớp đã lên lịch")


def as_of(end: dt.date, today: dt.date | None = None) -> dt.date:
    """The day the report speaks of: today while the period runs, else the day after it ended."""
    return min(today or dt.date.today(), end + dt.timedelta(days=1))


def plan_rows(start: dt.date, end: dt.date, today: dt.date | None = None) -> list[PlanRow]:
    """Per program planned in the years of the period or with classes in it; then a TOTAL row.

    The plan is that of every year the period touches (summed); the actual figures count only
    the classes that started inside the period, split by the calendar (``app.domain.calendar``)
    as of :func:`as_of`: done (ended), running, and scheduled (not started yet); the share
    and the enrolments count the classes done.
    """
    day = as_of(end, today)
    planned = {program: (int(c or 0), int(t or 0)) for program, c, t in
               PlanItem.select(PlanItem.program, fn.SUM(PlanItem.classes), fn.SUM(PlanItem.trainees))
               .join(AnnualPlan).where(AnnualPlan.year.between(start.year, end.year))
               .group_by(PlanItem.program).tuples()}
    enrolled = Enrollment.select(fn.COUNT(Enrollment.id)).where(Enrollment.course == Course.id)
    counts: dict[int, dict[str, int]] = {}
    for program, stored, first, last, people in (
            Course.select(Course.program, Course.status, Course.start_date, Course.end_date, enrolled)
            .where(courses_in_period(start, end)).tuples()):
        status = calendar_status(stored, _day(first), _day(last), day)
        tally = counts.setdefault(program, {"finished": 0, "running": 0, "planned": 0, "people": 0})
        tally[status] += 1
        if status == "finished":
            tally["people"] += people or 0
    rows = []
    for p in Program.select().order_by(Program.sort_order, Program.code):
        if p.id not in planned and p.id not in counts:
            continue
        pc, pt = planned.get(p.id, (0, 0))
        tally = counts.get(p.id, {"finished": 0, "running": 0, "planned": 0, "people": 0})
        ac, at = tally["finished"], tally["people"]
        rows.append(PlanRow(p.code, p.name, pc, ac, share(ac, pc), pt, at, share(at, pt),
                            tally["running"], tally["planned"]))
    pc, ac, pt, at, rc, sc = (sum(getattr(r, f) for r in rows) for f in
                              ("planned_classes", "actual_classes", "planned_trainees", "actual_enrolments",
                               "running_classes", "scheduled_classes"))
    return [*rows, PlanRow(TOTAL_CODE, "Tổng cộng", pc, ac, share(ac, pc), pt, at, share(at, pt), rc, sc)]


def _day(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _pct(value: float | None) -> str:
    return "" if value is None else format_decimal(value) + "%"


def _plans_text(start: dt.date, end: dt.date) -> str:
    parts = []
    for plan in AnnualPlan.select().where(AnnualPlan.year.between(start.year, end.year)).order_by(AnnualPlan.year):
        text = f"năm {plan.year}"
        if plan.document_number:
            text += f": Kế hoạch số {plan.document_number}"
            if plan.approved_on:
                text += f" ngày {format_date(plan.approved_on)}"
        parts.append(text)
    return "Kế hoạch " + "; ".join(parts) + "." if parts else "Chưa có kế hoạch năm nào trong kỳ."


def plan_report(start: dt.date, end: dt.date) -> ReportData:
    rows = plan_rows(start, end)
    columns = [C("STT", 9, "center"), C("Chương trình", 56), C("Số lớp kế hoạch", 18, "right"),
               C("Số lớp đã thực hiện", 20, "right"), C("Số lớp đang học", 17, "right"),
               C("Số lớp đã lên lịch", 18, "right"), C("Tỷ lệ số lớp", 17, "right"),
               C("Học viên kế hoạch", 19, "right"), C("Lượt học viên đã thực hiện", 22, "right"),
               C("Tỷ lệ học viên", 17, "right"), C("Ghi chú", 22)]

    def cells(r: PlanRow) -> tuple[str, ...]:
        return (format_int(r.planned_classes), format_int(r.actual_classes), format_int(r.running_classes),
                format_int(r.scheduled_classes), _pct(r.classes_pct),
                format_int(r.planned_trainees), format_int(r.actual_enrolments), _pct(r.trainees_pct))

    body = [(str(i), f"{r.program_name} ({r.program_code})", *cells(r),
             OUTSIDE_PLAN if r.planned_classes == 0 else "") for i, r in enumerate(rows[:-1], 1)]
    years = f"năm {start.year}" if start.year == end.year else f"các năm {start.year}–{end.year}"
    day = as_of(end)
    state = (f"đến hết ngày {format_date(end)}" if day > end
             else f"đến ngày {format_date(day)}")
    notes = [f"Kế hoạch: tổng kế hoạch {years}. Thực hiện: {PERIOD_RULE[0].lower()}{PERIOD_RULE[1:]} "
             f"Tình trạng lớp tính {state}: đã thực hiện là lớp đã kết thúc; đang học là lớp đã khai giảng, "
             "chưa kết thúc; đã lên lịch là lớp chưa khai giảng (không tính vào thực hiện). "
             "Tỷ lệ = đã thực hiện / kế hoạch; kỳ báo cáo ngắn hơn cả năm thì so với kế hoạch cả năm. "
             "Lượt học viên: một người học hai lớp được tính hai lượt.", _plans_text(start, end)]
    document = TableDocument("KẾT QUẢ THỰC HIỆN KẾ HOẠCH ĐÀO TẠO, BỒI DƯỠNG", period_text(start, end), columns, body,
                             footer=("", "Tổng cộng", *cells(rows[-1]), ""), notes=notes, wide=True,
                             sheet_name="Thực hiện kế hoạch")
    programs = tuple(r.program_code for r in rows[:-1])
    charts = [ChartData("Số lớp: kế hoạch và thực hiện", programs,
                        (("Kế hoạch", tuple(r.planned_classes for r in rows[:-1])),
                         ("Đã thực hiện", tuple(r.actual_classes for r in rows[:-1])),
                         ("Đang học", tuple(r.running_classes for r in rows[:-1])))),
              ChartData("Học viên: kế hoạch và thực hiện", programs,
                        (("Kế hoạch", tuple(r.planned_trainees for r in rows[:-1])),
                         ("Đã thực hiện", tuple(r.actual_enrolments for r in rows[:-1]))))] if programs else []
    return ReportData("plan", document, PLAN_CSV_HEADER,
                      [(vn_code(r.program_code), r.program_name, r.planned_classes, r.actual_classes, r.classes_pct,
                        r.planned_trainees, r.actual_enrolments, r.trainees_pct, r.running_classes,
                        r.scheduled_classes) for r in rows], charts)
