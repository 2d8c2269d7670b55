"""Reports of the Báo cáo tab as plain rows for any period (SPEC §5).

A class belongs to a period by its start date; cancelled classes are left out. Each report
states its rules in its notes, printed under the table. :func:`build_report` computes any of
them by name as a :class:`ReportData` (table, CSV rows, charts).
"""

from __future__ import annotations

import datetime as dt

from app.domain.dates import format_date
from app.domain.errors import UserError
from app.services.reports.catalogue import REPORT_KINDS, REPORTS_BY_CODE, ReportKind, period_bounds
from app.services.reports.common import ChartData, ReportData, period_text, year_fraction
from app.services.reports.feedback import feedback_report, feedback_rows
from app.services.reports.grades import grades_report, grades_rows
from app.services.reports.history import find_trainee, history_report, history_rows, validity
from app.services.reports.hours import hours_report, hours_rows
from app.services.reports.plan import plan_report, plan_rows
from app.services.reports.results import (
    RESULTS_CSV_HEADER,
    PartnerRow,
    ResultsRow,
    by_year,
    partners_report,
    results_by_partner,
    results_by_program,
    results_document,
    results_report,
)
from app.services.reports.staff import staff_report, staff_rows

__all__ = [
    "REPORTS_BY_CODE", "REPORT_KINDS", "RESULTS_CSV_HEADER", "ChartData", "PartnerRow", "ReportData", "ReportKind",
    "ResultsRow", "build_report", "by_year", "feedback_rows", "find_trainee", "grades_rows", "history_rows",
    "hours_rows", "period_bounds", "period_text", "plan_rows", "results_by_partner", "results_by_program",
    "results_document", "staff_rows", "validity", "year_fraction",
]

_BY_PERIOD = {
    "results": results_report, "results-partners": partners_report, "plan": plan_report, "grades": grades_report,
    "hours": hours_report, "feedback": feedback_report, "instructors": staff_report,
}


REGISTRY_CSV_HEADER = ("serial", "number", "full name", "birth", "gender", "ethnic group", "unit", "course",
                       "period", "result", "issued on", "note")


def _registry_report(start: dt.date, end: dt.date) -> ReportData:
    from app.domain.documents import registry_table
    from app.services.documents import registry

    rows = registry(start, end)
    csv_rows = [(r.serial, r.number, r.full_name, r.birth, r.gender, r.ethnic_group, r.unit, r.course_name,
                 r.period, r.result, format_date(r.issued_on), r.note) for r in rows]
    return ReportData("registry", registry_table(rows, start, end), REGISTRY_CSV_HEADER, csv_rows)


def build_report(key: str, start: dt.date | None = None, end: dt.date | None = None, *,
                 trainee: str = "", today: dt.date | None = None) -> ReportData:
    """The report ``key`` for the period [start, end] (or, for ``history``, for the trainee)."""
    if key == "history":
        return history_report(trainee, today or dt.date.today())
    if key not in REPORTS_BY_CODE:
        raise UserError(f"Không có báo cáo \"{key}\".")
    if start is None or end is None:
        raise UserError("Báo cáo cần kỳ báo cáo: từ ngày … đến ngày ….")
    if key == "registry":
        return _registry_report(start, end)
    return _BY_PERIOD[key](start, end)
