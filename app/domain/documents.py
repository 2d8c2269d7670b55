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
