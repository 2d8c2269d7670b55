"""The calendar of classes: a class's status by its dates, and the working days of a timetable.

A class's status follows the calendar: Dự kiến before its first day, Đang học from its first to
its last day, Đã kết thúc after it. The stored status only ever moves that forward (a class the
user closed early stays closed) and a cancelled class stays cancelled. It is derived on read, so
no screen has to write when the date changes (and a read-only command stays read-only).

A timetable fills half-days: morning, then afternoon, then the next working day (Monday to
Friday).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

PLANNED, RUNNING, FINISHED, CANCELLED = "planned", "running", "finished", "cancelled"
_RANK = {PLANNED: 0, RUNNING: 1, FINISHED: 2}
_BY_RANK = {rank: status for status, rank in _RANK.items()}


def status_by_dates(start: dt.date, end: dt.date, day: dt.date) -> str:
    """What the dates alone say on ``day``: planned before ``start``, finished after ``end``."""
    if end < day:
        return FINISHED
    if start <= day:
        return RUNNING
    return PLANNED


def calendar_status(stored: str, start: dt.date, end: dt.date, today: dt.date) -> str:
    """The status to show and count on ``today``: cancelled stays cancelled; otherwise the later of
    what was stored and what the dates say (the calendar moves a class forward, never back)."""
    if stored == CANCELLED:
        return CANCELLED
    by_dates = _RANK[status_by_dates(start, end, today)]
    return _BY_RANK[max(_RANK.get(stored, 0), by_dates)]


def has_ended(stored: str, start: dt.date, end: dt.date, today: dt.date) -> bool:
    return calendar_status(stored, start, end, today) == FINISHED


# --- the working days of a timetable ---------------------------------------------------------

SESSIONS = ("morning", "afternoon")  # the half-days a new lesson is proposed in (evening is by hand)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5


def next_working_day(day: dt.date) -> dt.date:
    """The first working day after ``day``."""
    day += dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def first_working_day(day: dt.date) -> dt.date:
    """``day`` itself when it is a working day, else the next one."""
    return day if is_working_day(day) else next_working_day(day)


def next_free_session(taken: Iterable[tuple[dt.date, str]], start: dt.date, end: dt.date,
                      after: tuple[dt.date, str] | None = None) -> tuple[dt.date, str] | None:
    """The first half-day from ``start`` (or after ``after``) to ``end`` that holds no lesson:
    morning, then afternoon, then the next working day. None when the class's days are full."""
    busy = set(taken)
    if after is None:
        day, index = first_working_day(start), 0
    else:
        day, index = after[0], (SESSIONS.index(after[1]) + 1 if after[1] in SESSIONS else len(SESSIONS))
    while day <= end:
        while index < len(SESSIONS):
            if (day, SESSIONS[index]) not in busy:
                return day, SESSIONS[index]
            index += 1
        day, index = next_working_day(day), 0
    return None


def working_day_offset(start: dt.date, day: dt.date) -> int:
    """How many working days ``day`` comes after ``start`` (0 for the first working day); a day off
    counts as the working day before it."""
    count, current = 0, first_working_day(start)
    while current < day:
        nxt = next_working_day(current)
        if nxt > day:
            break
        current, count = nxt, count + 1
    return count


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The working day ``count`` working days after the first working day from ``start``."""
    day = first_working_day(start)
    for _ in range(count):
        day = next_working_day(day)
    return day
