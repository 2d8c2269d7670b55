"""Plain rows that class documents are made of; services build them, printing and Excel read them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.domain.dates import format_date
from app.domain.formatting import format_decimal, format_int, format_percent
from app.domain.tables import TableColumn as C
from app.domain.tables import TableDocument


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


SESSION_NAMES = {"morning": "Sáng", "afternoon": "Chiều", "evening": "Tối"}


def course_subtitle(course: CourseHeading) -> str:
    text = (f"Lớp {course.name} (mã lớp {course.code}), từ ngày {format_date(course.start_date)} "
            f"đến ngày {format_date(course.end_date)}")
    return text + (f", tại {course.venue}" if course.venue else "")


def class_list_table(course: CourseHeading, rows: list[ClassListRow]) -> TableDocument:
    """Danh sách học viên."""
    columns = [C("STT", 11, "center"), C("Họ và tên", 40), C("Ngày sinh", 23, "center"),
               C("Giới tính", 13, "center"), C("Dân tộc", 15, "center"), C("Chức vụ – đơn vị", 40),
               C("Đảng viên", 12, "center"), C("Ghi chú", 11)]
    cells = [(str(i), r.full_name, r.birth, r.gender, r.ethnic_group, r.position_unit,
              "x" if r.party_member else "", r.note) for i, r in enumerate(rows, start=1)]
    party = sum(1 for r in rows if r.party_member)
    women = sum(1 for r in rows if r.gender == "Nữ")
    notes = [f"Tổng số: {format_int(len(rows))} học viên; nữ: {format_int(women)}; "
             f"đảng viên: {format_int(party)}."]
    return TableDocument("DANH SÁCH HỌC VIÊN", course_subtitle(course), columns, cells, notes=notes)


def sign_in_table(course: CourseHeading, rows: list[ClassListRow]) -> TableDocument:
    """Danh sách ký nhận: a signature column per trainee."""
    columns = [C("STT", 11, "center"), C("Họ và tên", 45), C("Ngày sinh", 23, "center"),
               C("Chức vụ – đơn vị", 50), C("Ký nhận", 26), C("Ghi chú", 15)]
    cells = [(str(i), r.full_name, r.birth, r.position_unit, "", r.note) for i, r in enumerate(rows, start=1)]
    return TableDocument("DANH SÁCH KÝ NHẬN", course_subtitle(course), columns, cells)


def attendance_table(course: CourseHeading, lessons: list[LessonHeading],
                     rows: list[AttendanceRow]) -> TableDocument:
    """Sổ điểm danh: a column per lesson (x / P / K) and the totals of each trainee."""
    lesson_width = max(7.0, min(14.0, 150 / max(1, len(lessons))))
    columns = [C("STT", 9, "center"), C("Họ và tên", 42), C("Ngày sinh", 19, "center")]
    columns += [C(f"{format_date(lesson.date)[:5]} {SESSION_NAMES.get(lesson.session, '')[:1]}", lesson_width, "center")
                for lesson in lessons]
    columns += [C("Có mặt", 11, "center"), C("P", 8, "center"), C("K", 8, "center")]
    cells = []
    for i, r in enumerate(rows, start=1):
        marks = list(r.marks)
        cells.append((str(i), r.full_name, r.birth, *marks, str(marks.count("x")), str(marks.count("P")),
                      str(marks.count("K"))))
    notes = ["Ký hiệu: x có mặt; P vắng có phép; K vắng không phép. Cột ngày: S sáng, C chiều, T tối."]
    return TableDocument("SỔ ĐIỂM DANH", course_subtitle(course), columns, cells, notes=notes, wide=True,
                         font_size=8 if len(lessons) > 12 else 9, sheet_name="Điểm danh")


def results_table(course: CourseHeading, rows: list[ResultRow], band_names: list[str]) -> TableDocument:
    """Bảng điểm / kết quả học tập, with the count and share of each band."""
    columns = [C("STT", 11, "center"), C("Họ và tên", 42), C("Ngày sinh", 22, "center"), C("Đơn vị", 45),
               C("Điểm", 14, "center"), C("Xếp loại", 22, "center"), C("Ghi chú", 19)]
    cells = [(str(i), r.full_name, r.birth, r.unit, format_decimal(r.score) if r.score is not None else "",
              r.result, r.note) for i, r in enumerate(rows, start=1)]
    total = len(rows)
    parts = [f"{name}: {format_int(sum(1 for r in rows if r.result == name))} "
             f"({format_percent(sum(1 for r in rows if r.result == name), total) or '0%'})" for name in band_names]
    notes = [f"Tổng số: {format_int(total)} học viên. " + "; ".join(parts) + "."]
    return TableDocument("BẢNG KẾT QUẢ HỌC TẬP", course_subtitle(course), columns, cells, notes=notes,
                         sheet_name="Kết quả")


def timetable_table(course: CourseHeading, lessons: list[LessonHeading]) -> TableDocument:
    """Lịch học with the instructor of each lesson."""
    columns = [C("STT", 11, "center"), C("Ngày", 23, "center"), C("Buổi", 15, "center"), C("Chuyên đề", 70),
               C("Số tiết", 14, "center"), C("Giảng viên", 35)]
    cells = [(str(i), format_date(x.date), SESSION_NAMES.get(x.session, x.session), x.topic, str(x.periods),
              x.instructor) for i, x in enumerate(lessons, start=1)]
    footer = ("", "", "", "Tổng số tiết", str(sum(x.periods for x in lessons)), "")
    return TableDocument("LỊCH HỌC", course_subtitle(course), columns, cells, footer=footer, sheet_name="Lịch học")


def receipt_table(course: CourseHeading, rows: list[CertificateRow]) -> TableDocument:
    """Danh sách nhận giấy chứng nhận: the numbers and a signature column."""
    columns = [C("STT", 11, "center"), C("Họ và tên", 42), C("Ngày sinh", 22, "center"), C("Đơn vị", 42),
               C("Số vào sổ", 22, "center"), C("Ký nhận", 26)]
    cells = [(str(i), r.full_name, r.birth, r.unit, r.number, "") for i, r in enumerate(rows, start=1)]
    return TableDocument("DANH SÁCH NHẬN GIẤY CHỨNG NHẬN", course_subtitle(course), columns, cells,
                         sheet_name="Nhận GCN")


def registry_table(rows: list[RegistryRow], start: dt.date, end: dt.date) -> TableDocument:
    """Sổ cấp giấy chứng nhận for a period."""
    columns = [C("STT", 9, "center"), C("Số hiệu", 18, "center"), C("Số vào sổ", 18, "center"), C("Họ và tên", 30),
               C("Ngày sinh", 18, "center"), C("Giới tính", 10, "center"), C("Dân tộc", 12, "center"),
               C("Đơn vị", 26), C("Lớp", 32), C("Thời gian", 19, "center"), C("Xếp loại", 11, "center"),
               C("Ngày cấp", 18, "center"), C("Người nhận ký", 15), C("Ghi chú", 18)]
    cells = [(str(i), r.serial, r.number, r.full_name, r.birth, r.gender, r.ethnic_group, r.unit, r.course_name,
              r.period, r.result, format_date(r.issued_on), "", r.note) for i, r in enumerate(rows, start=1)]
    return TableDocument("SỔ CẤP GIẤY CHỨNG NHẬN", f"Từ ngày {format_date(start)} đến ngày {format_date(end)}",
                         columns, cells, wide=True, font_size=9, sheet_name="Sổ cấp GCN")


def trainees_table(rows, course_code: str = "") -> TableDocument:
    """Học viên as exported: the Học viên tab's columns (rows are the list's TraineeRow)."""
    from app.domain.formatting import format_birth

    columns = [C("STT", 11, "center"), C("Họ và tên", 45), C("Ngày sinh", 20, "center"), C("Giới tính", 14, "center"),
               C("Dân tộc", 16), C("Số CCCD", 24), C("Chức vụ", 40), C("Đơn vị", 45), C("Số lớp đã học", 16, "right")]
    cells = [(str(i), r.full_name, format_birth(r.birth_date, r.birth_year), r.gender, r.ethnic_group, r.citizen_id,
              r.position, r.unit, str(r.course_count)) for i, r in enumerate(rows, start=1)]
    subtitle = f"Lớp {course_code}" if course_code else f"Tổng số {format_int(len(rows))} học viên"
    return TableDocument("DANH SÁCH HỌC VIÊN", subtitle, columns, cells, wide=True, sheet_name="Học viên")
