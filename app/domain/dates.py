"""Dates as the user types and reads them: dd/mm/yyyy, and birth dates known only by the year."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal, overload

from app.domain.errors import ValidationError
from app.domain.limits import check_year

MIN_BIRTH_YEAR = 1900
_DATE_RE = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
_YEAR_RE = re.compile(r"^\s*(\d{4})\s*$")
_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")


@dataclass(frozen=True)
class BirthDate:
    """A birth date, or only its year when that is all that is known."""

    year: int
    date: dt.date | None = None

    def __str__(self) -> str:
        return format_date(self.date) if self.date else f"{self.year:04d}"

    @property
    def sort_text(self) -> str:
        return self.date.isoformat() if self.date else f"{self.year:04d}"


def format_date(value: dt.date | None) -> str:
    """dd/mm/yyyy with leading zeros, '' for None."""
    return value.strftime("%d/%m/%Y") if value else ""


def _build(day: int, month: int, year: int, original: str) -> dt.date:
    check_year(year, original)  # 1900-2100: a typed 0205 or 9999 is a typo, not a date
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValidationError(f"Ngày không có thật: {original.strip()} (ngày/tháng/năm).") from None


@overload
def parse_date(text: str | dt.date | dt.datetime | None, *, required: Literal[True] = True) -> dt.date: ...
@overload
def parse_date(text: str | dt.date | dt.datetime | None, *, required: bool) -> dt.date | None: ...
def parse_date(text: str | dt.date | dt.datetime | None, *, required: bool = True) -> dt.date | None:
    """Parse dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, and ISO yyyy-mm-dd)."""
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    raw = "" if text is None else str(text)
    if not raw.strip():
        if required:
            raise ValidationError("Cần nhập ngày (ngày/tháng/năm).")
        return None
    match = _DATE_RE.match(raw)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return _build(day, month, year, raw)
    match = _ISO_RE.match(raw)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _build(day, month, year, raw)
    raise ValidationError(f"Không hiểu ngày \"{raw.strip()}\": hãy nhập theo dạng ngày/tháng/năm, "
                          "ví dụ 05/02/2025.")


def parse_birth(text: str | int | dt.date | dt.datetime | None, *, today: dt.date | None = None,
                required: bool = False) -> BirthDate | None:
    """A birth date or a bare year, checked against 1900 and today."""
    today = today or dt.date.today()
    if text is None or (isinstance(text, str) and not text.strip()):
        if required:
            raise ValidationError("Cần nhập ngày sinh hoặc năm sinh.")
        return None
    if isinstance(text, int) or (isinstance(text, str) and _YEAR_RE.match(text)):
        year = int(text)
        birth = BirthDate(year)
    else:
        day = parse_date(text)
        birth = BirthDate(day.year, day)
    if birth.year < MIN_BIRTH_YEAR:
        raise ValidationError(f"Năm sinh {birth.year} trước năm {MIN_BIRTH_YEAR}: hãy kiểm tra lại.")
    if (birth.date and birth.date > today) or birth.year > today.year:
        raise ValidationError(f"Ngày sinh {birth} ở tương lai: hãy kiểm tra lại.")
    return birth


def check_period(start: dt.date, end: dt.date) -> None:
    """A class cannot end before it starts."""
    if end < start:
        raise ValidationError(f"Ngày kết thúc {format_date(end)} trước ngày bắt đầu {format_date(start)}.",
                              field="end_date")
