"""The class documents as printable tables: their columns, widths on the page, totals and notes.

Page layout, so it lives in printing, yet without reportlab: :mod:`app.outputs.printouts` fills
these from the services' plain rows (:mod:`app.domain.documents`), and the same table gives the
PDF (:mod:`app.printing.table_document`), the .xlsx and the screen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from app.domain.dates import format_date
from app.domain.documents import (
    SESSION_NAMES,
    AttendanceRow,
    CertificateRow,
    ClassListRow,
    CompletionRule,
    CourseHeading,
    LessonHeading,
    RegistryFacts,
    RegistryRow,
    ResultRow,
)
from app.domain.formatting import birth_header, format_decimal, format_int, format_percent
from app.domain.tables import RowSource, TableDocument
from app.domain.tables import TableColumn as C


def _birth(rows, width_mm: float) -> C:
    """The birth column, headed by what its cells hold (a year alone: "Năm sinh")."""
    return C(birth_header([r.birth for r in rows]), width_mm, "center")


def course_subtitle(course: CourseHeading) -> str:
    text = (f"Lớp {course.name} (mã lớp {course.code}), từ ngày {format_date(course.start_date)} "
            f"đến ngày {format_date(course.end_date)}")
    return text + (f", tại {course.venue}" if course.venue else "")


def class_list_table(course: CourseHeading, rows: list[ClassListRow]) -> TableDocument:
    """Danh sách học viên."""
    columns = [C("STT", 11, "center"), C("Họ và tên", 40), _birth(rows, 23),
               C("Giới tính", 13, "center"), C("Dân tộc", 15, "center"), C("Chức vụ – đơn vị", 40),
               C("Đảng viên", 12, "center"), C("Ghi chú", 11)]
    cells = [(str(i), r.full_name, r.birth, r.gender, r.ethnic_group, r.position_unit,
              "x" if r.party_member else "", r.note) for i, r in enumerate(rows, start=1)]
    party = sum(1 for r in rows if r.party_member)
    women = sum(1 for r in rows if r.gender == "Nữ")
    notes = [f"Tổng số: {format_int(len(rows))} học viên; nữ: {format_int(women)}; "
             f"đảng viên: {format_int(party)}."]
    return TableDocument("DANH SÁCH HỌC VIÊN", course_subtitle(course), columns, cells, notes=notes)


SIGNING_ROW_MM = 9.5  # rows people sign on: at least 9 mm, room for a signature


def sign_in_table(course: CourseHeading, rows: list[ClassListRow]) -> TableDocument:
    """Danh sách ký nhận: each trainee signs that they attend the class (rows and signing column
    wide and high enough to sign in; the widths fill the portrait frame exactly, unscaled)."""
    columns = [C("STT", 10, "center"), C("Họ và tên", 40), _birth(rows, 22), C("Chức vụ – đơn vị", 44),
               C("Ký tên", 37), C("Ghi chú", 12)]
    cells = [(str(i), r.full_name, r.birth, r.position_unit, "", r.note) for i, r in enumerate(rows, start=1)]
    return TableDocument("DANH SÁCH KÝ NHẬN THAM DỰ LỚP HỌC", course_subtitle(course), columns, cells,
                         notes=[f"Tổng số: {format_int(len(rows))} học viên."], min_row_height_mm=SIGNING_ROW_MM)


# More lessons go on further sheets, each repeating STT, name and birth: at most 16 a sheet, 12
# when the headers carry the year (wider, "03/11/25 C", and never broken inside the date).
LESSONS_PER_SHEET = 16
LESSONS_PER_SHEET_WITH_YEAR = 12


def _lesson_header(lesson: LessonHeading, with_year: bool) -> str:
    day = f"{lesson.date:%d/%m/%y}" if with_year else f"{lesson.date:%d/%m}"
    return f"{day} {SESSION_NAMES.get(lesson.session, '')[:1]}"


def attendance_table(course: CourseHeading, lessons: list[LessonHeading],
                     rows: list[AttendanceRow]) -> TableDocument:
    """Sổ điểm danh: a column per lesson (x / P / K) and the totals of each trainee.

    A long class (40 lessons over 17 months) is printed on several sheets of at most
    16 lessons, each repeating STT, name and birth date, the totals on the last; the lesson
    headers carry the year when the class spans years."""
    with_year = bool(lessons) and lessons[0].date.year != lessons[-1].date.year
    most = LESSONS_PER_SHEET_WITH_YEAR if with_year else LESSONS_PER_SHEET
    sheets = max(1, -(-len(lessons) // most))
    per_sheet = -(-len(lessons) // sheets) if lessons else 0
    lesson_width = max(8.5, min(14.0, 150 / max(1, per_sheet)))
    columns = [C("STT", 9, "center"), C("Họ và tên", 44), _birth(rows, 21)]
    columns += [C(_lesson_header(lesson, with_year), lesson_width, "center") for lesson in lessons]
    columns += [C("Có mặt", 11, "center", "number"), C("P", 8, "center", "number"), C("K", 8, "center", "number")]
    cells = []
    for i, r in enumerate(rows, start=1):
        marks = list(r.marks)
        cells.append((str(i), r.full_name, r.birth, *marks, str(marks.count("x")), str(marks.count("P")),
                      str(marks.count("K"))))
    notes = ["Ký hiệu: x có mặt; P vắng có phép; K vắng không phép. Cột ngày: S sáng, C chiều, T tối."]
    groups: tuple[tuple[int, ...], ...] = ()
    titles: tuple[str, ...] = ()
    if sheets > 1:
        fixed, totals = (0, 1, 2), tuple(range(3 + len(lessons), 6 + len(lessons)))
        spans = [(k, min(len(lessons), k + per_sheet)) for k in range(0, len(lessons), per_sheet)]
        groups = tuple((*fixed, *range(3 + a, 3 + b), *(totals if b == len(lessons) else ()))
                       for a, b in spans)
        titles = tuple(f"Tờ {n}/{len(spans)}: buổi {a + 1}–{b}, từ ngày {format_date(lessons[a].date)} "
                       f"đến ngày {format_date(lessons[b - 1].date)}" for n, (a, b) in enumerate(spans, start=1))
    return TableDocument("SỔ ĐIỂM DANH", course_subtitle(course), columns, cells, notes=notes, wide=True,
                         font_size=8 if per_sheet > 12 else 9, sheet_name="Điểm danh", column_groups=groups,
                         group_titles=titles)


def results_table(course: CourseHeading, rows: list[ResultRow], band_names: list[str],
                  rule: CompletionRule | None = None) -> TableDocument:
    """Bảng kết quả học tập: score and band with the count and share of each band (and of those
    not yet scored, so the counts add up to the class); for a program without scores, whether
    each trainee completed the course under its attendance rule."""
    rule = rule or CompletionRule()
    if not rule.scored:
        return _completion_table(course, rows, rule)
    columns = [C("STT", 11, "center"), C("Họ và tên", 42), _birth(rows, 22), C("Đơn vị", 45),
               C("Điểm", 14, "right"), C("Xếp loại", 22, "center"), C("Ghi chú", 19)]
    cells = [(str(i), r.full_name, r.birth, r.unit, format_decimal(r.score) if r.score is not None else "",
              r.result, r.note) for i, r in enumerate(rows, start=1)]
    total = len(rows)
    counts = [(name, sum(1 for r in rows if r.result == name)) for name in band_names]
    unscored = sum(1 for r in rows if not r.result and r.score is None)
    if unscored:
        counts.append(("chưa có điểm", unscored))
    parts = [f"{name}: {format_int(n)} ({format_percent(n, total) or '0%'})" for name, n in counts]
    notes = [f"Tổng số: {format_int(total)} học viên. " + "; ".join(parts) + "."]
    return TableDocument("BẢNG KẾT QUẢ HỌC TẬP", course_subtitle(course), columns, cells, notes=notes,
                         sheet_name="Kết quả")


def _completion_table(course: CourseHeading, rows: list[ResultRow], rule: CompletionRule) -> TableDocument:
    columns = [C("STT", 11, "center"), C("Họ và tên", 42), _birth(rows, 22), C("Đơn vị", 39),
               C("Số buổi vắng", 16, "center", "number"), C("Kết quả", 32, "center"), C("Ghi chú", 17)]
    cells = []
    for i, r in enumerate(rows, start=1):
        cells.append((str(i), r.full_name, r.birth, r.unit, format_int(r.absences),
                      "Hoàn thành" if rule.completes(r) else "Không hoàn thành", r.note))
    total, done = len(rows), sum(1 for r in rows if rule.completes(r))
    threshold = rule.threshold_pct
    threshold_text = format_int(int(threshold)) if float(threshold).is_integer() else format_decimal(threshold)
    notes = [f"Tổng số: {format_int(total)} học viên. Hoàn thành: {format_int(done)} "
             f"({format_percent(done, total) or '0%'}); không hoàn thành: {format_int(total - done)} "
             f"({format_percent(total - done, total) or '0%'}).",
             f"Chương trình không chấm điểm: hoàn thành khi học hết khóa và vắng không quá "
             f"{threshold_text}% số buổi học ({format_int(rule.lessons)} buổi)."]
    return TableDocument("BẢNG KẾT QUẢ HỌC TẬP", course_subtitle(course), columns, cells, notes=notes,
                         sheet_name="Kết quả")


def timetable_table(course: CourseHeading, lessons: list[LessonHeading]) -> TableDocument:
    """Lịch học with the instructor of each lesson."""
    columns = [C("STT", 11, "center"), C("Ngày", 23, "center"), C("Buổi", 15, "center"), C("Chuyên đề", 70),
               C("Số tiết", 14, "center", "number"), C("Giảng viên", 35)]
    cells = [(str(i), format_date(x.date), SESSION_NAMES.get(x.session, x.session), x.topic, str(x.periods),
              x.instructor) for i, x in enumerate(lessons, start=1)]
    footer = ("", "", "", "Tổng số tiết", str(sum(x.periods for x in lessons)), "")
    return TableDocument("LỊCH HỌC", course_subtitle(course), columns, cells, footer=footer, sheet_name="Lịch học")


def receipt_table(course: CourseHeading, rows: list[CertificateRow]) -> TableDocument:
    """Danh sách nhận giấy chứng nhận: each trainee signs for their certificate (its number beside)."""
    columns = [C("STT", 10, "center"), C("Họ và tên", 40), _birth(rows, 22), C("Đơn vị", 38),
               C("Số vào sổ", 20, "center"), C("Ký nhận", 35)]
    cells = [(str(i), r.full_name, r.birth, r.unit, r.number, "") for i, r in enumerate(rows, start=1)]
    return TableDocument("DANH SÁCH NHẬN GIẤY CHỨNG NHẬN", course_subtitle(course), columns, cells,
                         notes=[f"Tổng số: {format_int(len(rows))} giấy chứng nhận."], sheet_name="Nhận GCN",
                         min_row_height_mm=SIGNING_ROW_MM)


def registry_table(rows: Sequence[RegistryRow], start: dt.date, end: dt.date, *,
                   facts: RegistryFacts | None = None) -> TableDocument:
    """Sổ cấp giấy chứng nhận for a period: a certificate a line (20 and more on a landscape page),
    the class by its code, its dates on one line, "Số hiệu" only where it differs from "Số vào sổ",
    and room for the receiver to sign.

    ``rows`` may be a :class:`~app.domain.tables.RowSource` streamed from the database (with the
    ``facts`` its layout needs); its cells are then made as they are read, never held all at once."""
    if facts is None:
        facts = RegistryFacts(len(rows), any(r.serial != r.number for r in rows), tuple(r.birth for r in rows))
    serials = facts.serials
    # Past 9,999 lines the STT column widens (2 mm a digit, taken from Đơn vị): "10001" is never cut.
    wider = 2 * max(0, len(str(facts.count)) - 4)
    columns = [C("STT", 9 + wider, "center"), C("Số vào sổ", 17, "center")]
    if serials:
        columns.append(C("Số hiệu", 17, "center"))
    columns += [C("Họ và tên", 32), C(birth_header(facts.births), 19, "center"),
                C("Đơn vị", (34 if serials else 51) - wider),
                C("Mã lớp", 25, "center"), C("Thời gian học", 27, "center"), C("Xếp loại", 12, "center"),
                C("Ngày cấp", 19, "center"), C("Người nhận ký", 28), C("Ghi chú", 13)]

    def line(i: int, r: RegistryRow) -> tuple[str, ...]:
        cells = [str(i), r.number]
        if serials:
            cells.append(r.serial if r.serial != r.number else "")
        cells += [r.full_name, r.birth, r.unit, r.course_code or r.course_name, r.period, r.result,
                  format_date(r.issued_on), "", r.note]
        return tuple(cells)

    cells = rows.map(line) if isinstance(rows, RowSource) else [line(i, r) for i, r in enumerate(rows, start=1)]
    notes = [f"Tổng số: {format_int(facts.count)} giấy chứng nhận."]
    if serials:
        notes.append("Cột Số hiệu chỉ ghi khi số hiệu của phôi khác số vào sổ.")
    return TableDocument("SỔ CẤP GIẤY CHỨNG NHẬN", f"Từ ngày {format_date(start)} đến ngày {format_date(end)}",
                         columns, cells, notes=notes, wide=True, font_size=9, sheet_name="Sổ cấp GCN")

