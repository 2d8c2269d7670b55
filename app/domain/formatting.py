"""How numbers and dates are written for people, Vietnamese style: 14.199 and 8,5; dd/mm/yyyy.

One place for the screen, the PDF and the Excel file, so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import re

from app.domain.dates import format_date
from app.domain.text import fold

__all__ = [
    "birth_header",
    "birth_line",
    "date_line",
    "format_birth",
    "format_date",
    "format_decimal",
    "format_int",
    "format_percent",
    "format_span",
    "is_birth_year",
    "parse_number",
    "position_and_unit",
]


def format_int(value: int | None) -> str:
    """``14199`` → ``"14.199"``."""
    if value is None:
        return ""
    return f"{value:,}".replace(",", ".")


def format_decimal(value: float | None, places: int = 1) -> str:
    """``8.5`` → ``"8,5"``; thousands grouped with "."."""
    if value is None:
        return ""
    text = f"{value:,.{places}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_percent(part: int | float, whole: int | float, places: int = 1) -> str:
    """Share of ``whole`` as ``"85,7%"``; an empty whole gives ``""``."""
    if not whole:
        return ""
    return format_decimal(100.0 * part / whole, places) + "%"


def format_birth(birth_date: dt.date | None, birth_year: int | None) -> str:
    """The full birth date when known, else the year alone."""
    if birth_date:
        return format_date(birth_date)
    return str(birth_year) if birth_year else ""


def format_span(start: dt.date, end: dt.date) -> str:
    """A date range on one short line: ``06/05–10/05/2019`` within a year, else both dates whole."""
    if start.year == end.year:
        return f"{start:%d/%m}–{format_date(end)}"
    return f"{format_date(start)}–{format_date(end)}"


def position_and_unit(position: str | None, unit: str | None, separator: str = " – ") -> str:
    """"Chức vụ – đơn vị" without saying the unit twice: "Trưởng Ban Dân vận Huyện ủy" stays as it
    is when the unit is "Ban Dân vận Huyện ủy"."""
    position, unit = (position or "").strip(), (unit or "").strip()
    if position and unit and fold(unit) in fold(position):
        return position
    return separator.join(part for part in (position, unit) if part)


def is_birth_year(birth: str) -> bool:
    """Whether a birth text written by :func:`format_birth` is the year alone (``"1983"``)."""
    return len(birth) == 4 and birth.isdigit()


def birth_line(birth: str) -> str:
    """The birth line of a certificate: ``Sinh ngày: 05/03/1980``, or ``Năm sinh: 1983`` when
    only the year is known."""
    return f"Năm sinh: {birth}" if is_birth_year(birth) else f"Sinh ngày: {birth}"


def birth_header(births: list[str] | tuple[str, ...]) -> str:
    """The header of a list's birth column: "Năm sinh" when every known birth is a year alone,
    "Ngày, tháng, năm sinh" when some are (the forms' own words), else "Ngày sinh"."""
    known = [b for b in births if b]
    years = sum(1 for b in known if is_birth_year(b))
    if known and years == len(known):
        return "Năm sinh"
    return "Ngày, tháng, năm sinh" if years else "Ngày sinh"


def date_line(place: str, day: dt.date) -> str:
    """The italic date line of an official document, as Nghị định 30/2020 (Phụ lục I) and
    Hướng dẫn 36 write it: the day padded below 10, the month padded only for January and
    February (``ngày 03 tháng 4 năm 2018``, ``Si Ma Cai, ngày 15 tháng 02 năm 2025``)."""
    prefix = f"{place}, " if place else ""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{prefix}ngày {day.day:02d} tháng {month} năm {day.year}"


_INT_RE = re.compile(r"^-?(0|[1-9]\d{0,2}(\.\d{3})*)$")
_DECIMAL_RE = re.compile(r"^-?(0|[1-9]\d{0,2}(\.\d{3})*),\d+$")


_PLAIN_RE = re.compile(r"^-?(0|[1-9]\d*)$")


def parse_number(text: str, *, plain: bool = False) -> tuple[float | int, str] | None:
    """The number behind a text this module wrote: ``"14.199"`` → (14199, "int"),
    ``"8,5"`` → (8.5, "decimal"), ``"85,7%"`` → (0.857, "percent"), ``"+175"`` → (175, "int");
    None for anything else (codes with leading zeros, dates, words stay text). With ``plain``,
    ungrouped whole numbers count too (``"1000"``: a column known to hold numbers, such as STT)."""
    text = text.strip().replace("\u2212", "-")
    if text.startswith("+"):
        text = text[1:]
    percent = text.endswith("%")
    body = text[:-1] if percent else text
    if plain and _PLAIN_RE.match(body):
        body = format_int(int(body))
    if _INT_RE.match(body):
        value: float | int = int(body.replace(".", ""))
    elif _DECIMAL_RE.match(body):
        value = float(body.replace(".", "").replace(",", "."))
    else:
        return None
    if percent:
        return value / 100, "percent"
    return value, "int" if isinstance(value, int) else "decimal"
