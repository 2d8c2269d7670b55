"""Reports of the Báo cáo tab as plain rows for any period (SPEC §5).

A class belongs to a period by its start date; cancelled classes are left out. Each report
states its rules in its notes, printed under the table. Each ``*_report`` function computes one
of them as a :class:`ReportData` (table, CSV rows, charts); :mod:`app.outputs.reports` lists them
by name.
"""

from __future__ import annotations

from app.services.reports.common import ChartData, ReportData, period_text, year_fraction
from app.services.reports.feedback import feedback_report, feedback_rows
from app.services.reports.grades import grades_report, grades_rows
from app.services.reports.history import find_trainee, history_report, history_rows, validity
from app.services.reports.hours import hours_report, hours_rows
from app.services.reports.periods import PERIOD_KINDS, TERM_END, TERM_START, period_bounds
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
    "PERIOD_KINDS", "RESULTS_CSV_HEADER", "TERM_END", "TERM_START", "ChartData", "PartnerRow", "ReportData",
    "ResultsRow", "by_year", "feedback_report", "feedback_rows", "find_trainee", "grades_report", "grades_rows",
    "history_report", "history_rows", "hours_report", "hours_rows", "partners_report", "period_bounds",
    "period_text", "plan_report", "plan_rows", "results_by_partner", "results_by_program",
    "results_document", "results_report", "staff_report", "staff_rows", "validity", "year_fraction",
]
