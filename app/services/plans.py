"""The year's plan (Kế hoạch năm) and how far it was carried out (plan vs actual per program)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from peewee import fn

from app.domain.changes import Topic, writes
from app.domain.dates import parse_date
from app.domain.errors import ValidationError
from app.domain.formatting import format_percent
from app.domain.text import clean
from app.services.organizations import find_or_create
from app.store import db
from app.store.models import AnnualPlan, Course, Enrollment, PlanItem, Program

MIN_YEAR, MAX_YEAR = 1990, 2100


@dataclass
class PlanItemInput:
    program_code: str
    classes: int | str = 1
    trainees: int | str = 0
    partner: str = ""
    month: int | str | None = None
    note: str = ""


@dataclass
class PlanInput:
    year: int
    document_number: str = ""
    approved_on: str | dt.date | None = None
    note: str = ""
    items: list[PlanItemInput] = field(default_factory=list)


def get_plan(year: int) -> PlanInput:
    """The saved plan of ``year`` (an empty one when there is none)."""
    plan = AnnualPlan.get_or_none(AnnualPlan.year == year)
    if plan is None:
        return PlanInput(year)
    items = [PlanItemInput(item.program.code, item.classes, item.trainees,
                           item.partner.name if item.partner_id else "", item.month, item.note or "")
             for item in plan.items.order_by(PlanItem.id)]
    return PlanInput(year, plan.document_number or "", plan.approved_on, plan.note or "", items)


def _count(value: int | str | None, what: str, row: int) -> int:
    text = str(value if value is not None else "").strip().replace(".", "")
    if not text:
        return 0
    if not text.isdigit():
        raise ValidationError(f"Dòng {row}: {what} \"{value}\" phải là số nguyên không âm.", field="items")
    return int(text)


def _month(value: int | str | None, row: int) -> int | None:
    text = str(value if value is not None else "").strip()
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 12:
        raise ValidationError(f"Dòng {row}: tháng phải từ 1 đến 12.", field="items")
    return int(text)


@writes(Topic.PLANS, Topic.ORGANIZATIONS)
def save_plan(data: PlanInput) -> AnnualPlan:
    """Save the plan of a year with all its items (replacing the items saved before), in one
    transaction; nothing is written when a row is wrong."""
    if not MIN_YEAR <= int(data.year) <= MAX_YEAR:
        raise ValidationError(f"Năm kế hoạch phải từ {MIN_YEAR} đến {MAX_YEAR}.", field="year")
    try:
        approved = parse_date(data.approved_on, required=False)
    except ValidationError as exc:
        raise ValidationError(exc.message, field="approved_on") from None
    programs = {p.code: p for p in Program.select()}
    items = []
    for row, item in enumerate(data.items, start=1):
        code = clean(item.program_code).upper()
        if not code:
            raise ValidationError(f"Dòng {row}: cần chọn chương trình.", field="items")
        if code not in programs:
            raise ValidationError(f"Dòng {row}: không có chương trình mã \"{code}\".", field="items")
        items.append({"program": programs[code].id, "classes": _count(item.classes, "số lớp", row),
                      "trainees": _count(item.trainees, "số học viên", row), "partner": clean(item.partner),
                      "month": _month(item.month, row), "note": clean(item.note) or None})
    with db.write():
        plan = AnnualPlan.get_or_none(AnnualPlan.year == data.year)
        values = {"document_number": clean(data.document_number) or None, "approved_on": approved,
                  "note": clean(data.note) or None}
        if plan is None:
            plan = AnnualPlan.create(year=data.year, **values)
        else:
            AnnualPlan.update(**values).where(AnnualPlan.id == plan.id).execute()
        PlanItem.delete().where(PlanItem.plan == plan.id).execute()
        for item in items:
            partner = find_or_create(item.pop("partner"))
            PlanItem.create(plan=plan.id, partner=partner.id if partner else None, **item)
    return AnnualPlan.get_by_id(plan.id)


@dataclass(frozen=True)
class PlanActualRow:
    """One program's line of "Thực hiện kế hoạch"; ``program_code`` is "" on the total line."""

    program_code: str
    program_name: str
    planned_classes: int
    planned_trainees: int
    actual_classes: int
    actual_trainees: int

    @property
    def classes_pct(self) -> str:
        return format_percent(self.actual_classes, self.planned_classes, 0)

    @property
    def trainees_pct(self) -> str:
        return format_percent(self.actual_trainees, self.planned_trainees, 0)


def plan_vs_actual(year: int) -> list[PlanActualRow]:
    """Per program: planned classes and trainees against the classes that start in ``year``
    (not cancelled) and their enrolments; the last row is the total."""
    planned: dict[int, list[int]] = {}
    query = (PlanItem.select(PlanItem.program, fn.SUM(PlanItem.classes), fn.SUM(PlanItem.trainees))
             .join(AnnualPlan).where(AnnualPlan.year == year).group_by(PlanItem.program))
    for program_id, classes, trainees in query.tuples():
        planned[program_id] = [classes or 0, trainees or 0]
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    in_year = (Course.start_date >= start) & (Course.start_date <= end) & (Course.status != "cancelled")
    actual: dict[int, list[int]] = {}
    for program_id, classes in (Course.select(Course.program, fn.COUNT(Course.id)).where(in_year)
                                .group_by(Course.program).tuples()):
        actual[program_id] = [classes, 0]
    for program_id, trainees in (Enrollment.select(Course.program, fn.COUNT(Enrollment.id)).join(Course)
                                 .where(in_year).group_by(Course.program).tuples()):
        actual.setdefault(program_id, [0, 0])[1] = trainees
    rows = []
    for program in Program.select().order_by(Program.sort_order, Program.code):
        if program.id not in planned and program.id not in actual:
            continue
        p, a = planned.get(program.id, [0, 0]), actual.get(program.id, [0, 0])
        rows.append(PlanActualRow(program.code, program.name, p[0], p[1], a[0], a[1]))
    rows.append(PlanActualRow("", "Tổng cộng", sum(r.planned_classes for r in rows),
                              sum(r.planned_trainees for r in rows), sum(r.actual_classes for r in rows),
                              sum(r.actual_trainees for r in rows)))
    return rows


_ROMAN = ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _roman(number: int) -> str:
    text = ""
    for value, letters in _ROMAN:
        while number >= value:
            text, number = text + letters, number - value
    return text


def suggest_course(program_code: str, year: int) -> tuple[str, str]:
    """The code and name a new class of ``program_code`` in ``year`` would usually get:
    ``NTVD-2026-03`` and "Bồi dưỡng nhận thức về Đảng khóa III năm 2026" (the next free number)."""
    program = Program.get_or_none(Program.code == clean(program_code).upper())
    if program is None:
        return "", ""
    prefix = f"{program.code}-{year}-"
    used = {code for (code,) in Course.select(Course.code).where(Course.code.startswith(prefix)).tuples()}
    number = 1
    while f"{prefix}{number:02d}" in used:
        number += 1
    return f"{prefix}{number:02d}", f"{program.name} khóa {_roman(number)} năm {year}"
