"""Danh sách học viên (class list): STT, name, birth, gender, ethnic group, position, party, note."""

from __future__ import annotations

import datetime as dt

from app.domain.documents import CLASS_LIST_HEADERS, ClassListRow, CourseHeading, class_list_cells
from app.domain.formatting import format_date
from app.domain.institution import Institution
from app.printing.template import (
    Column,
    Signer,
    data_table,
    frame_width,
    header,
    render,
    signature,
    title_block,
)

_COLUMNS = [Column(h, w, a) for h, w, a in zip(
    CLASS_LIST_HEADERS, (11, 40, 23, 13, 15, 40, 12, 11),
    ("center", "left", "center", "center", "center", "left", "center", "left"), strict=True)]


def class_list_pdf(institution: Institution, course: CourseHeading, rows: list[ClassListRow], *,
                   day: dt.date, signer: Signer) -> bytes:
    width = frame_width()
    subtitle = (f"Lớp {course.name} (mã lớp {course.code}), từ ngày {format_date(course.start_date)} "
                f"đến ngày {format_date(course.end_date)}")
    if course.venue:
        subtitle += f", tại {course.venue}"
    story = [header(institution, day, width),
             *title_block("DANH SÁCH HỌC VIÊN", subtitle),
             data_table(_COLUMNS, class_list_cells(rows), total_width=width),
             signature(signer, width)]
    return render(story, title=f"Danh sách học viên – {course.name}", author=institution.name)
