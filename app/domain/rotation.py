"""Which automatic backups to keep: a count by age, then a size cap.

The rule (every number is a setting, see :class:`RotationPolicy`):

* the last 10 backups taken today;
* the newest backup of each of the 14 days before today;
* the newest backup of each ISO week for 8 weeks;
* the newest backup of each calendar month for 12 months;
* and all of it never more than ``max_mb`` megabytes nor ``max_free_percent`` % of the space the
  disk would have free without the backups, whichever is smaller: past the cap the oldest kept
  backups go first.

The newest backup is always kept, whatever its age or size: the rotation never leaves no copy.
Pure: no files here; ``app.store.safety`` applies the rule to the backup folder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields

MB = 1024 * 1024


@dataclass(frozen=True)
class RotationPolicy:
    """How many automatic backups to keep, how much room they may take, how often the CLI makes one."""

    today: int = 10                 # the last N backups of today
    daily_days: int = 14            # one a day for N days before today
    weekly_weeks: int = 8           # one a week for N weeks
    monthly_months: int = 12        # one a month for N months
    max_mb: int = 2048              # never more than N MB in all…
    max_free_percent: int = 20      # …nor N % of the free space (without the backups), whichever is smaller
    cli_every_minutes: int = 30     # the command line backs up at most once per N minutes of work

    def problems(self) -> dict[str, str]:
        """Field → Vietnamese message for values outside their range (empty when all are fine)."""
        out = {}
        for f in fields(self):
            low, high, label = _LIMITS[f.name]
            value = getattr(self, f.name)
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                out[f.name] = f"{label} phải là số nguyên từ {low} đến {high}."
        return out

    @classmethod
    def from_settings(cls, values: Mapping[str, object]) -> RotationPolicy:
        """A policy from stored settings (``name -> value``); a missing or unusable value keeps its default."""
        default = cls()
        chosen = {}
        for f in fields(cls):
            value = values.get(f.name, getattr(default, f.name))
            low, high, _label = _LIMITS[f.name]
            if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
                chosen[f.name] = value
        return cls(**chosen)

    def as_settings(self) -> dict[str, int]:
        return asdict(self)


# name -> (lowest, highest, Vietnamese label)
_LIMITS = {
    "today": (1, 1000, "Số bản sao lưu giữ trong ngày"),
    "daily_days": (0, 366, "Số ngày giữ mỗi ngày một bản"),
    "weekly_weeks": (0, 520, "Số tuần giữ mỗi tuần một bản"),
    "monthly_months": (0, 240, "Số tháng giữ mỗi tháng một bản"),
    "max_mb": (1, 10_000_000, "Dung lượng tối đa của các bản sao lưu (MB)"),
    "max_free_percent": (1, 100, "Tỷ lệ tối đa của chỗ trống trên ổ đĩa (%)"),
    "cli_every_minutes": (0, 24 * 60, "Khoảng cách giữa hai lần tự sao lưu khi dùng dòng lệnh (phút)"),
}
LABELS = {name: label for name, (_low, _high, label) in _LIMITS.items()}  # the Vietnamese name of each setting

SETTING_PREFIX = "backup."


@dataclass(frozen=True)
class Copy:
    """One backup as the rule sees it: something to name it by, when it was taken, its size."""

    key: Hashable
    taken_at: dt.datetime
    size: int = 0


def size_cap(policy: RotationPolicy, free_bytes: int, backups_bytes: int) -> int:
    """The most bytes the backups may take: ``max_mb``, or ``max_free_percent`` of the space that
    would be free without them, whichever is smaller."""
    room = max(0, free_bytes) + max(0, backups_bytes)
    return min(policy.max_mb * MB, room * policy.max_free_percent // 100)


def keep_by_age(copies: Sequence[Copy], now: dt.datetime, policy: RotationPolicy) -> list[Copy]:
    """The copies the count rule keeps, newest first (``copies`` in any order)."""
    ordered = sorted(copies, key=lambda c: c.taken_at, reverse=True)  # stable: ties keep the caller's order
    if not ordered:
        return []
    today = now.date()
    daily_from = today - dt.timedelta(days=policy.daily_days)
    weekly_from = now - dt.timedelta(weeks=policy.weekly_weeks)
    monthly_from = _months_back(now, policy.monthly_months)
    kept = [ordered[0]]
    today_count = 0
    days: set[dt.date] = set()
    weeks: set[tuple[int, int]] = set()
    months: set[tuple[int, int]] = set()
    for copy in ordered:
        stamp = copy.taken_at
        keep = False
        if stamp.date() >= today:  # today (or a clock set ahead: never thrown away as "old")
            today_count += 1
            keep = today_count <= policy.today
        else:
            day, week, month = stamp.date(), stamp.isocalendar()[:2], (stamp.year, stamp.month)
            keep = ((day >= daily_from and day not in days)
                    or (stamp >= weekly_from and week not in weeks)
                    or (stamp >= monthly_from and month not in months))
            if keep:  # the newest of its day is also the newest of its week and month so far
                days.add(day)
                weeks.add(week)
                months.add(month)
        if keep and copy is not ordered[0]:
            kept.append(copy)
    return kept


def backups_to_keep(copies: Sequence[Copy], now: dt.datetime, policy: RotationPolicy | None = None,
                    *, cap_bytes: int | None = None) -> list[Copy]:
    """The copies to keep, newest first: the count rule, then the size cap (oldest dropped first).

    The newest copy is always kept, even alone above the cap.
    """
    policy = policy or RotationPolicy()
    kept = keep_by_age(copies, now, policy)
    if cap_bytes is None or not kept:
        return kept
    out, total = [kept[0]], kept[0].size
    for copy in kept[1:]:
        if total + copy.size > cap_bytes:
            break  # everything older goes too: the cap keeps the newest
        out.append(copy)
        total += copy.size
    return out


def _months_back(now: dt.datetime, months: int) -> dt.datetime:
    year, month = now.year, now.month - months
    while month <= 0:
        month += 12
        year -= 1
    day = min(now.day, 28)
    return now.replace(year=year, month=month, day=day)
