"""The periods a report covers (the Báo cáo tab's period picker): a year, its first half, the term, a range."""

from __future__ import annotations

import datetime as dt

TERM_START, TERM_END = 2015, 2020

# (code, Vietnamese label) of the period picker.
PERIOD_KINDS: tuple[tuple[str, str], ...] = (
    ("year", "Năm"),
    ("first_half", "6 tháng đầu năm"),
    ("term", f"Nhiệm kỳ {TERM_START}–{TERM_END}"),
    ("range", "Khoảng thời gian"),
)


def period_bounds(kind: str, year: int, start: dt.date | None = None,
                  end: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """First and last day of a period picked in the Báo cáo tab."""
    if kind == "year":
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if kind == "first_half":
        return dt.date(year, 1, 1), dt.date(year, 6, 30)
    if kind == "term":
        return dt.date(TERM_START, 1, 1), dt.date(TERM_END, 12, 31)
    if kind == "range":
        if start is None or end is None:
            raise ValueError("a date range needs both ends")
        return (start, end) if start <= end else (end, start)
    raise ValueError(f"unknown period kind {kind!r}")
