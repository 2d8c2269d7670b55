"""Plain rows that class documents are made of; services build them, printing and Excel read them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class CourseHeading:
    """What every class document says about its class."""

    code: str
    name: str
    program_name: str
    start_date: dt.date
    end_date: dt.date
    venue: str = ""
    partner: str = ""


@dataclass(frozen=True)
class ClassListRow:
    """One line of the Danh sách học viên."""

    full_name: str
    birth: str  # dd/mm/yyyy or the year
    gender: str  # Nam / Nữ
    ethnic_group: str
    position_unit: str
    party_member: bool
    note: str = ""


CLASS_LIST_HEADERS = ("STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Chức vụ – đơn vị",
                      "Đảng viên", "Ghi chú")


def class_list_cells(rows: list[ClassListRow]) -> list[tuple[str, ...]]:
    """The printed cells of the class list, numbered: the same for PDF and Excel."""
    return [(str(i), r.full_name, r.birth, r.gender, r.ethnic_group, r.position_unit,
             "x" if r.party_member else "", r.note) for i, r in enumerate(rows, start=1)]


@dataclass(frozen=True)
class CertificateRow:
    """The fields printed on one certificate."""

    number: str  # số vào sổ, e.g. 0125/2025
    serial: str  # số hiệu (of a pre-printed blank); the number when there is none
    full_name: str
    birth: str
    unit: str
    course_name: str
    start_date: dt.date
    end_date: dt.date
    venue: str
    result: str  # xếp loại; '' for programs without scores
    issued_on: dt.date


# Fields of a certificate that the pre-printed mode places, with default positions (mm from the
# top-left corner of an A4 landscape blank) and font sizes; the user calibrates them.
PREPRINTED_FIELDS: dict[str, tuple[str, float, float, float]] = {
    "full_name": ("Họ và tên", 120, 88, 16),
    "birth": ("Ngày sinh", 120, 98, 14),
    "unit": ("Đơn vị", 120, 108, 14),
    "course_name": ("Tên lớp", 120, 118, 14),
    "period": ("Thời gian", 120, 128, 14),
    "venue": ("Địa điểm", 120, 138, 14),
    "result": ("Xếp loại", 120, 148, 14),
    "date_line": ("Ngày cấp", 190, 160, 13),
    "serial": ("Số", 40, 175, 12),
    "number": ("Số vào sổ", 40, 183, 12),
}


@dataclass(frozen=True)
class RegistryRow:
    """One line of the Sổ cấp giấy chứng nhận."""

    serial: str
    number: str
    full_name: str
    birth: str
    gender: str
    ethnic_group: str
    unit: str
    course_name: str
    period: str
    result: str
    issued_on: dt.date
    note: str  # cấp lại (số cũ), đã hủy (lý do)


REGISTRY_HEADERS = ("STT", "Số hiệu", "Số vào sổ", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Đơn vị",
                    "Lớp", "Thời gian", "Xếp loại", "Ngày cấp", "Người nhận ký", "Ghi chú")


def registry_cells(rows: list[RegistryRow]) -> list[tuple[str, ...]]:
    from app.domain.dates import format_date

    return [(str(i), r.serial, r.number, r.full_name, r.birth, r.gender, r.ethnic_group, r.unit, r.course_name,
             r.period, r.result, format_date(r.issued_on), "", r.note) for i, r in enumerate(rows, start=1)]
