"""Plain rows that class documents are made of; services build them, printing and Excel read them.

Their page layout (columns and widths) is :mod:`app.printing.class_tables`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


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
    trainee_id: int = field(default=0, compare=False)  # whose row (to find the photo)


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
    photo: bytes | None = field(default=None, repr=False)  # the holder's 3×4 JPEG, when on file


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
    course_code: str = ""
    year: int = 0  # the certificate's year and sequence number (where a streamed registry goes on from)
    sequence: int = 0


@dataclass(frozen=True)
class RegistryFacts:
    """What the registry's layout must know before its rows are read: how many there are, whether
    any blank carries a serial of its own, and what the births are (dates, years alone, both)."""

    count: int
    serials: bool
    births: tuple[str, ...]  # the births, or one sample of each kind found ("01/01/2000", "2000")


@dataclass(frozen=True)
class LessonHeading:
    date: dt.date
    session: str  # morning | afternoon | evening
    topic: str
    periods: int
    instructor: str


@dataclass(frozen=True)
class AttendanceRow:
    full_name: str
    birth: str
    marks: tuple[str, ...]  # one per lesson, '' when not marked


@dataclass(frozen=True)
class ResultRow:
    full_name: str
    birth: str
    unit: str
    score: float | None
    result: str
    note: str = ""
    completed: bool = False  # marked as having finished the course
    absences: int = 0  # lessons missed (P or K)
    absence_excused: bool = False  # the centre allowed more absences (eligibility override)


@dataclass(frozen=True)
class CompletionRule:
    """How a class is judged: by score bands, or (programs without scores) by completion, with at
    most ``threshold_pct`` % of the ``lessons`` missed."""

    scored: bool = True
    lessons: int = 0
    threshold_pct: float = 20.0

    def completes(self, row: ResultRow) -> bool:
        within = self.lessons == 0 or row.absences * 100 <= self.threshold_pct * self.lessons
        return row.completed and (within or row.absence_excused)


SESSION_NAMES = {"morning": "Sáng", "afternoon": "Chiều", "evening": "Tối"}
