"""What every report shares: the period rule, the report's plain output, chart data, helpers.

A class belongs to a period by its start date; cancelled classes are left out. A report is a
:class:`ReportData`: the table (screen, PDF, Excel), the raw rows of its CSV, and its charts.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.domain.dates import format_date
from app.domain.tables import TableDocument
from app.store.models import Course

KINH_CODE = "01"  # "ethnic minority" in reports = not Kinh
TOTAL_CODE = "TOTAL"


@dataclass(frozen=True)
class ChartData:
    """A bar chart: one bar group per category, one bar per series (name, values)."""

    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]


@dataclass
class ReportData:
    """One computed report: the table the user reads, the CSV's raw rows, and the charts."""

    key: str
    document: TableDocument
    csv_header: tuple[str, ...]
    csv_rows: Sequence[tuple[object, ...]]
    charts: list[ChartData] = field(default_factory=list)


def vn_code(code: str) -> str:
    """A row's code column in a Vietnamese CSV: the totals row's is empty (its name says "Tổng cộng")."""
    return "" if code == TOTAL_CODE else code


def period_text(start: dt.date, end: dt.date) -> str:
    return f"Từ ngày {format_date(start)} đến ngày {format_date(end)}"


def courses_in_period(start: dt.date, end: dt.date):
    """The peewee condition of the period rule: started in [start, end], not cancelled."""
    return Course.start_date.between(start, end) & (Course.status != "cancelled")


PERIOD_RULE = "Lớp tính vào kỳ báo cáo theo ngày khai giảng; không tính lớp đã hủy."


def years_of(start: dt.date, end: dt.date) -> list[int]:
    return list(range(start.year, end.year + 1))


def year_fraction(start: dt.date, end: dt.date) -> float:
    """How many years [start, end] covers, month by month: a year is 1, six months 0,5, a term 6."""
    months = 0.0
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        days = calendar.monthrange(year, month)[1]
        first = max(start, dt.date(year, month, 1))
        last = min(end, dt.date(year, month, days))
        months += ((last - first).days + 1) / days
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months / 12


def share(part: float, whole: float) -> float | None:
    """``part`` as a percentage of ``whole``, rounded to 0,1 (None when the whole is empty)."""
    return round(100.0 * part / whole, 1) if whole else None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the 31st becomes the month's last day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
