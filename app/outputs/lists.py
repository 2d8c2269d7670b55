"""The window's lists as Excel files: Lớp học, Học viên, Giảng viên, a class's Học viên sub-tab.

Each list says once which columns it exports (Vietnamese headings, widths in Excel characters) and
how a row becomes cells: numbers stay numbers, dates stay dates, text stays text. The files look like
the rest of our Excel output (title, subtitle, bold boxed header repeated on each printed page, A4
fitted to the width) and are written atomically. Each export tells ``progress(done, total)`` its rows
and stops when ``cancelled()``, leaving no file; the Học viên list streams (100,000 rows in seconds).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from app.domain.errors import Cancelled
from app.domain.formatting import format_int
from app.outputs.files import write_atomic, write_atomic_with
from app.services import lists
from app.services.enrolment import class_roster
from app.services.instructor_records import InstructorListRow
from app.services.lists import CourseRow, TraineeRow

Progress = Callable[[int, int], None]

# (header, width in Excel characters, number format of a numeric column)
COURSE_COLUMNS = (("STT", 6, "0"), ("Mã lớp", 18, ""), ("Chương trình", 26, ""), ("Tên lớp", 36, ""),
                  ("Từ ngày", 12, ""), ("Đến ngày", 12, ""), ("Địa điểm", 22, ""), ("Đơn vị phối hợp", 24, ""),
                  ("Trạng thái", 13, ""), ("Số học viên", 10, "#,##0"))
TRAINEE_COLUMNS = (("STT", 8, "#,##0"), ("Họ và tên", 26, ""), ("Ngày sinh", 12, ""), ("Giới tính", 9, ""),
                   ("Dân tộc", 10, ""), ("Số CCCD", 16, ""), ("Chức vụ", 28, ""), ("Đơn vị", 32, ""),
                   ("Số lớp đã học", 10, "#,##0"))
INSTRUCTOR_COLUMNS = (("STT", 6, "0"), ("Họ và tên", 26, ""), ("Loại", 13, ""), ("Chức vụ", 26, ""),
                      ("Đơn vị", 26, ""), ("Trình độ LLCT", 14, ""), ("Trạng thái", 16, ""), ("Số tiết", 9, "#,##0"),
                      ("Giờ chuẩn", 10, "#,##0.0"), ("Định mức", 10, "#,##0"), ("% định mức", 11, "0.0%"))
ROSTER_COLUMNS = (("STT", 6, "0"), ("Họ và tên", 26, ""), ("Ngày sinh", 12, ""), ("Giới tính", 9, ""),
                  ("Dân tộc", 10, ""), ("Đảng viên", 11, ""), ("Đơn vị", 30, ""), ("Chuyên cần", 12, ""),
                  ("Điểm", 8, "0.0"), ("Kết quả", 13, ""), ("Điều kiện cấp GCN", 30, ""))


def _columns(spec):
    from app.exchange.xlsx_writer import SheetColumn

    return [SheetColumn(header, width) for header, width, _ in spec]


def _formats(spec) -> list[str]:
    return [number_format for _, _, number_format in spec]


def _birth(birth_date: dt.date | None, birth_year: int | None) -> object:
    """A full birth date as a date; a year alone as its text (it is not a quantity)."""
    return birth_date if birth_date else (str(birth_year) if birth_year else "")


def _write(path: Path, title: str, spec, rows, *, subtitle: str, sheet_name: str, progress=None) -> int:
    """A long list, streamed (rows one line high)."""
    from app.exchange.xlsx_writer import stream_table

    return write_atomic_with(path, lambda handle: stream_table(
        handle, title, _columns(spec), rows, subtitle=subtitle, sheet_name=sheet_name, formats=_formats(spec),
        progress=progress))


def _write_short(path: Path, title: str, spec, rows, *, subtitle: str, sheet_name: str,
                 progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> int | None:
    """A list of at most a few thousand rows, written whole: each row as tall as its wrapped text.
    ``progress(done, total)`` hears of the rows written; ``cancelled()`` true stops the job: no file
    is written (an existing one is kept as it was) and None is returned."""
    from app.exchange.xlsx_writer import Number, write_table

    formats = _formats(spec)
    cells = [tuple(Number(v, f) if f and isinstance(v, int | float) and not isinstance(v, bool) else v
                   for v, f in zip(row, formats, strict=False)) for row in rows]
    try:
        data = write_table(title, _columns(spec), cells, subtitle=subtitle, sheet_name=sheet_name, wide=True,
                           progress=progress, cancelled=cancelled)
    except Cancelled:
        return None
    write_atomic(path, data)
    return len(cells)


# --- Lớp học ---------------------------------------------------------------------------------------


def course_cells(rows: Sequence[CourseRow]) -> Iterator[tuple]:
    for i, r in enumerate(rows, start=1):
        yield (i, r.code, r.program_name, r.name, r.start_date, r.end_date, r.venue, r.partner, r.status_name,
               r.trainee_count)


def export_courses(path: Path, rows: Sequence[CourseRow], subtitle: str = "", *, progress: Progress | None = None,
                   cancelled: Callable[[], bool] | None = None) -> int | None:
    """The classes shown in Lớp học (the tab's current filter) to ``path`` (None when cancelled)."""
    return _write_short(Path(path), "DANH SÁCH LỚP HỌC", COURSE_COLUMNS, course_cells(rows),
                        subtitle=subtitle or f"{format_int(len(rows))} lớp", sheet_name="Lớp học",
                        progress=progress, cancelled=cancelled)


# --- Học viên --------------------------------------------------------------------------------------

CHUNK = 500


def trainee_cells(rows: Sequence[TraineeRow], first: int = 1) -> Iterator[tuple]:
    for i, r in enumerate(rows, start=first):
        yield (i, r.full_name, _birth(r.birth_date, r.birth_year), r.gender, r.ethnic_group, r.citizen_id,
               r.position, r.unit, r.course_count)


def export_trainees(path: Path, text: str = "", *, course_id: int | None = None, subtitle: str = "",
                    progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> int | None:
    """The trainees matching the Học viên filter ``text`` (everyone when empty), in the list's order,
    streamed to ``path``; returns how many. ``progress(done, total)`` moves a bar; ``cancelled()``
    true stops the job: no file is left (an existing one is kept as it was) and None is returned."""
    ids = lists.trainee_ids(text or None, course_id=course_id)
    total = len(ids)

    def rows() -> Iterator[tuple]:
        for start in range(0, total, CHUNK):
            if cancelled is not None and cancelled():
                raise Cancelled
            yield from trainee_cells(lists.trainee_rows(ids[start:start + CHUNK]), start + 1)
            if progress is not None:
                progress(min(start + CHUNK, total), total)

    if not subtitle:
        subtitle = f"Tổng số {format_int(total)} học viên" + (f" — lọc: \u201c{text}\u201d" if text else "")
    try:
        return _write(Path(path), "DANH SÁCH HỌC VIÊN", TRAINEE_COLUMNS, rows(), subtitle=subtitle,
                      sheet_name="Học viên")
    except Cancelled:
        return None


# --- Giảng viên ------------------------------------------------------------------------------------


def instructor_cells(rows: Sequence[InstructorListRow]) -> Iterator[tuple]:
    for i, r in enumerate(rows, start=1):
        share = (r.standard_hours / r.norm) if r.norm else None
        yield (i, r.full_name, r.kind_name, r.position, r.unit, r.theory_level,
               "Đang giảng dạy" if r.active else "Ngừng giảng dạy", r.periods, round(r.standard_hours, 1),
               r.norm if r.norm is not None else None, share)


def export_instructors(path: Path, rows: Sequence[InstructorListRow], year: int, subtitle: str = "", *,
                       progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> int | None:
    """The instructors shown in Giảng viên, with the standard hours of ``year`` (None when cancelled)."""
    return _write_short(Path(path), "DANH SÁCH GIẢNG VIÊN", INSTRUCTOR_COLUMNS, instructor_cells(rows),
                        subtitle=subtitle or f"Giờ chuẩn năm {year}", sheet_name="Giảng viên",
                        progress=progress, cancelled=cancelled)


# --- a class's Học viên sub-tab --------------------------------------------------------------------


def roster_cells(course_id: int) -> list[tuple]:
    from app.domain.dates import parse_date

    roster = class_roster(course_id)
    lessons = len(roster.lessons)
    cells = []
    for i, r in enumerate(roster.rows, start=1):
        counts = r.mark_counts()
        attendance = f"{counts['x']}/{lessons}" if lessons else ""
        if r.has_certificate:
            verdict = "Đã cấp GCN"
        elif r.eligible:
            verdict = "Đủ điều kiện (ngoại lệ)" if r.eligibility_override else "Đủ điều kiện"
        else:
            verdict = "; ".join(r.eligibility_reasons)
        birth: object = r.birth
        if len(r.birth) == 10:
            birth = parse_date(r.birth)
        cells.append((i, r.full_name, birth, r.gender, r.ethnic_group, r.party, r.unit, attendance,
                      float(r.score) if r.score is not None else None, r.result_name, verdict))
    return cells


def export_roster(path: Path, course_id: int, *, progress: Progress | None = None,
                  cancelled: Callable[[], bool] | None = None) -> int | None:
    """A class's Học viên sub-tab (its trainees with attendance, score, result) to ``path`` (None when
    cancelled)."""
    from app.services.course_view import course_info

    course = course_info(course_id)
    if course is None:
        from app.domain.errors import NotFoundError

        raise NotFoundError("Lớp này không còn trong cơ sở dữ liệu.")
    rows = roster_cells(course_id)
    subtitle = f"Lớp {course.code} – {course.name}"
    return _write_short(Path(path), "DANH SÁCH HỌC VIÊN CỦA LỚP", ROSTER_COLUMNS, rows, subtitle=subtitle,
                        sheet_name="Học viên của lớp", progress=progress, cancelled=cancelled)
