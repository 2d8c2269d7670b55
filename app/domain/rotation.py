"""Which backups to keep: every one of the last 7 days, one a week for 8 weeks, one a month for 12 months."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

RECENT_DAYS = 7
WEEKLY_WEEKS = 8
MONTHLY_MONTHS = 12


def backups_to_keep(stamps: Iterable[dt.datetime], now: dt.datetime) -> set[dt.datetime]:
    """Return the subset of ``stamps`` to keep; the rest may be deleted.

    Within the last 7 days every backup is kept. Older ones are thinned: the newest backup of
    each ISO week for 8 weeks, then the newest of each calendar month for 12 months. Anything
    older than that goes. The newest backup overall is always kept, however old.
    """
    ordered = sorted(set(stamps), reverse=True)
    if not ordered:
        return set()
    keep = {ordered[0]}
    weeks_seen: set[tuple[int, int]] = set()
    months_seen: set[tuple[int, int]] = set()
    week_limit = now - dt.timedelta(weeks=WEEKLY_WEEKS)
    month_limit = _months_back(now, MONTHLY_MONTHS)
    for stamp in ordered:
        age = now - stamp
        if age <= dt.timedelta(days=RECENT_DAYS):
            keep.add(stamp)
            continue
        if stamp >= week_limit:
            week = stamp.isocalendar()[:2]
            if week not in weeks_seen:
                weeks_seen.add(week)
                keep.add(stamp)
            continue
        if stamp >= month_limit:
            month = (stamp.year, stamp.month)
            if month not in months_seen:
                months_seen.add(month)
                keep.add(stamp)
    return keep


def _months_back(now: dt.datetime, months: int) -> dt.datetime:
    year, month = now.year, now.month - months
    while month <= 0:
        month += 12
        year -= 1
    day = min(now.day, 28)
    return now.replace(year=year, month=month, day=day)
