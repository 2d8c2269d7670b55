"""Học viên: every trainee in Vietnamese name order; search without diacritics."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.domain.formatting import format_birth, format_int
from app.services import lists
from app.ui.dialogs.details import show_details
from app.ui.models.trainees import TraineeModel
from app.ui.tabs.base import ListTab


class TraineesTab(ListTab):
    noun = "học viên"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(TraineeModel(), parent)
        self.filter_edit.setToolTip(
            "Gõ họ tên (không cần dấu, ví dụ \u201cthao a su\u201d), số CCCD, năm sinh hoặc đơn vị. "
            "Ctrl+F để lọc.")
        self.refresh()

    def reload(self) -> None:
        self.model.set_ids(lists.trainee_ids(self.filter_text()))

    def open_row(self, row: int) -> None:
        trainee = self.model.row_at(row)
        if trainee is None:
            return
        lines = [
            f"Ngày sinh: {format_birth(trainee.birth_date, trainee.birth_year) or '—'}",
            f"Giới tính: {trainee.gender or '—'}",
            f"Dân tộc: {trainee.ethnic_group or '—'}",
            f"Số CCCD: {trainee.citizen_id or '—'}",
            f"Chức vụ: {trainee.position or '—'}",
            f"Đơn vị: {trainee.unit or '—'}",
            f"Số lớp đã học: {format_int(trainee.course_count)}",
        ]
        show_details(self, trainee.full_name, lines)
