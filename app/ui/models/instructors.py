"""The Giảng viên list."""

from __future__ import annotations

from app.ui.models.table import Column, RowTableModel

INSTRUCTOR_COLUMNS: tuple[Column, ...] = (
    Column("Họ và tên", lambda r: r.full_name, width=22, stretch=True),
    Column("Loại", lambda r: r.kind_name, width=12),
    Column("Chức vụ", lambda r: r.position, width=30),
    Column("Đơn vị", lambda r: r.unit, width=30),
    Column("Trình độ LLCT", lambda r: r.theory_level, width=13),
    Column("Số buổi giảng", lambda r: r.lesson_count, width=12, numeric=True),
)


class InstructorModel(RowTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(INSTRUCTOR_COLUMNS, parent)
