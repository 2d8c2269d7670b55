"""Citizen ID (CCCD): 12 digits — province (3), century-and-sex (1), birth year (2), random (6)."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from app.domain.errors import ValidationError

_DIGITS12 = re.compile(r"^\d{12}$")
_DIGITS9 = re.compile(r"^\d{9}$")
TEXT_MARKS = "'’‘`"  # typed before a number in Excel to keep it as text (autocorrect may curl it)


@dataclass
class CitizenIdCheck:
    """The cleaned number and the warnings the user may override (mismatch with birth or gender)."""

    number: str
    warnings: list[str] = field(default_factory=list)


def century_sex_digit(birth_year: int, gender: str) -> int:
    """The 4th digit: 0/1 for men/women born 1900–1999, 2/3 for 2000–2099, 4/5 for 2100–2199…"""
    century_index = (birth_year - 1900) // 100
    return century_index * 2 + (1 if gender == "F" else 0)


def check_citizen_id(raw: str, *, province_codes: Collection[str], birth_year: int | None = None,
                     gender: str | None = None) -> CitizenIdCheck:
    """Validate a CCCD. Wrong shape or an unknown province is refused; a mismatch is a warning.
    A leading apostrophe is Excel's mark for "keep as text" (typed to keep the leading zero)."""
    number = re.sub(r"[\s.\-]", "", raw or "").lstrip(TEXT_MARKS)
    if not _DIGITS12.match(number):
        if _DIGITS9.match(number):
            raise ValidationError("Số có 9 chữ số là CMND cũ: hãy nhập vào ô \"Số CMND\".",
                                  field="citizen_id")
        raise ValidationError("Số CCCD phải gồm đúng 12 chữ số.", field="citizen_id")
    if number[:3] not in province_codes:
        raise ValidationError(f"Mã tỉnh {number[:3]} ở đầu số CCCD không tồn tại.", field="citizen_id")
    result = CitizenIdCheck(number)
    digit = int(number[3])
    if birth_year is not None:
        if number[4:6] != f"{birth_year % 100:02d}":
            result.warnings.append(f"Hai chữ số năm sinh trong CCCD ({number[4:6]}) không khớp năm sinh "
                                   f"{birth_year}.")
        if digit // 2 != (birth_year - 1900) // 100:
            result.warnings.append("Chữ số thế kỷ trong CCCD không khớp năm sinh.")
    if gender in ("M", "F") and digit % 2 != (1 if gender == "F" else 0):
        result.warnings.append("Chữ số giới tính trong CCCD không khớp giới tính "
                               f"({'Nữ' if gender == 'F' else 'Nam'}).")
    return result


def check_old_id(raw: str) -> str:
    """An old 9-digit CMND (12-digit CMND also existed; those go in the CCCD field)."""
    number = re.sub(r"[\s.\-]", "", raw or "").lstrip(TEXT_MARKS)
    if not _DIGITS9.match(number):
        raise ValidationError("Số CMND cũ phải gồm 9 chữ số.", field="old_id_number")
    return number
