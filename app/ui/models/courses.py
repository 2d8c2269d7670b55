"""The Lớp học list: classes of a year."""

from __future__ import annotations

from app.domain.formatting import format_date
from app.services.lists import CourseRow
from app.ui.models.table import Column, RowTableModel

COURSE_COLUMNS: tuple[Column, ...] = (
    Column("Mã lớp", lambda r: r.code, width=15),
    Column("Chương trình", lambda r: r.program_name, width=22),
    Column("Tên lớp", lambda r: r.name, width=20, stretch=True),
    Column("Từ ngày", lambda r: format_date(r.start_date), width=10),
    Column("Đến ngày", lambda r: format_date(r.end_date), width=10),
    Column("Địa điểm", lambda r: r.venue, width=20),
    Column("Đơn vị phối hợp", lambda r: r.partner, width=20),
    Column("Trạng thái", lambda r: r.status_name, width=11),
    Column("Số HV", lambda r: r.trainee_count, width=6, numeric=True),
)


class CourseModel(RowTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(COURSE_COLUMNS, parent)

    def course(self, row: int) -> CourseRow | None:
        return self.row_at(row)
