"""Báo cáo: the list of reports and a period picker; the report view comes with the reports
feature."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.ui.models.reports import ReportModel
from app.ui.tabs.base import ListTab
from app.ui.widgets.period_picker import PeriodPicker

PLACEHOLDER = ("Phần xem trước báo cáo (bảng, biểu đồ), in, lưu PDF và lưu Excel "
               "sẽ có khi tính năng báo cáo được hoàn thiện.")


class ReportsTab(ListTab):
    noun = "báo cáo"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(ReportModel(), parent)
        self.view.verticalHeader().hide()
        self.period = PeriodPicker(self)
        self.title = QLabel(self)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.description = QLabel(self)
        self.description.setWordWrap(True)
        self.placeholder = QLabel(PLACEHOLDER, self)
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setFrameShape(QFrame.Shape.StyledPanel)
        self.placeholder.setMinimumHeight(160)

        side = QWidget(self)
        column = QVBoxLayout(side)
        column.setContentsMargins(8, 0, 0, 0)
        column.addWidget(self.title)
        column.addWidget(self.description)
        column.addWidget(self.period)
        column.addWidget(self.placeholder, 1)
        side.setMinimumWidth(340)
        self.body.addWidget(side, 1)
        self.body.setStretch(0, 2)

        self.view.selectionModel().currentRowChanged.connect(self._show_current)
        self.refresh()
        self.view.setCurrentIndex(self.model.index(0, 0))

    def reload(self) -> None:
        self.model.set_filter(self.filter_text())
        # A model reset drops the current row; pick the first one again.
        self.view.setCurrentIndex(self.model.index(0, 0))
        self._show_current()

    def _show_current(self, *_args) -> None:
        report = self.model.report(self.view.currentIndex().row())
        self.title.setText(report.name if report else "")
        self.description.setText(report.description if report else "")

    def open_row(self, row: int) -> None:
        self.period.kind_combo.setFocus()
