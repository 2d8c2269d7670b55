"""Sửa kết quả bằng tay: choose the band and write the reason (required)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from app.domain.errors import UserError
from app.services import results
from app.ui.dialogs.common import ReasonDialog
from app.ui.events import perform


class OverrideResultDialog(ReasonDialog):
    """The result of one trainee set by hand; saved through ``results.override_result``."""

    def __init__(self, enrollment_id: int, full_name: str, bands: list[tuple[str, str]], current: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__("Sửa kết quả", f"Kết quả của {full_name} được ghi bằng tay thay cho kết quả tính từ điểm.",
                         parent, ok="Lưu", placeholder="Ví dụ: Phúc khảo bài thu hoạch theo Quyết định số …")
        self.enrollment_id = enrollment_id
        self.band_combo = QComboBox(self)
        for code, name in bands:
            self.band_combo.addItem(name, code)
        if current:
            self.band_combo.setCurrentIndex(max(0, self.band_combo.findData(current)))
        layout = self.layout()
        layout.insertWidget(1, QLabel("Kết quả:", self))
        layout.insertWidget(2, self.band_combo)

    def accept(self) -> None:
        self.errors.clear()
        try:
            perform(results.override_result, self.enrollment_id, self.band_combo.currentData(), self.reason())
        except UserError as exc:
            self.errors.show(exc.message)
            return
        super().accept()
