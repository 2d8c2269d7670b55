"""Nhật ký thao tác: deletions, cancellations, merges, restores — who, when, why; filtered and exported.

The list and the exported workbook come from the same rows (``app.services.audit_log``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError
from app.exchange.xlsx_writer import table_xlsx
from app.outputs.files import write_atomic
from app.services import audit_log
from app.ui import file_dialogs
from app.ui.messages import error_box, show_user_error
from app.ui.models.table import Column, RowTableModel
from app.ui.widgets.dates import vietnamese_calendar
from app.ui.widgets.fit import fit_to_screen

COLUMNS = (
    Column("Thời gian", lambda r: r.at_text, 16),
    Column("Người thực hiện", lambda r: r.user, 16),
    Column("Thao tác", lambda r: r.action_name, 14),
    Column("Đối tượng", lambda r: r.entity_name, 16),
    Column("Nội dung", lambda r: r.summary, 40, stretch=True),
    Column("Lý do", lambda r: r.reason, 30),
)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class AuditLogDialog(QDialog):
    """The log, newest first; filter by action, by date and by text; save as Excel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Nhật ký thao tác")
        fit_to_screen(self, 1100, 600)

        self.action_combo = QComboBox(self)
        self.action_combo.addItem("Tất cả thao tác", None)
        for code, name in audit_log.actions_present():
            self.action_combo.addItem(name, code)
        today = dt.date.today()
        self.use_dates = QCheckBox("Từ ngày", self)
        self.date_from = QDateEdit(_qdate(today.replace(day=1)), self)
        self.date_to = QDateEdit(_qdate(today), self)
        for edit in (self.date_from, self.date_to):
            vietnamese_calendar(edit)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setEnabled(False)
        self.text_filter = QLineEdit(self)
        self.text_filter.setPlaceholderText("Tìm trong nội dung, lý do, người thực hiện…")
        self.text_filter.setClearButtonEnabled(True)

        self.model = RowTableModel(COLUMNS, self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        char = self.view.fontMetrics().averageCharWidth()
        for i, column in enumerate(COLUMNS):
            header.resizeSection(i, char * column.width + 24)
            if column.stretch:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
        self.count_label = QLabel(self)

        self.export_button = QPushButton("Xuất ra Excel…", self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self.export)

        filters = QHBoxLayout()
        filters.addWidget(QLabel("Thao tác:", self))
        filters.addWidget(self.action_combo)
        filters.addWidget(self.use_dates)
        filters.addWidget(self.date_from)
        filters.addWidget(QLabel("đến ngày", self))
        filters.addWidget(self.date_to)
        filters.addWidget(self.text_filter, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(buttons)

        self.action_combo.currentIndexChanged.connect(self.refresh)
        self.use_dates.toggled.connect(self._dates_toggled)
        self.date_from.dateChanged.connect(self.refresh)
        self.date_to.dateChanged.connect(self.refresh)
        self.text_filter.textChanged.connect(self.refresh)
        self.refresh()

    def _dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.refresh()

    def filters(self) -> dict:
        """The filters as the service takes them."""
        start = end = None
        if self.use_dates.isChecked():
            start, end = _pydate(self.date_from.date()), _pydate(self.date_to.date())
        return {"action": self.action_combo.currentData(), "start": start, "end": end,
                "text": self.text_filter.text()}

    def refresh(self) -> None:
        self.model.set_rows(audit_log.audit_rows(**self.filters()))
        self.count_label.setText(f"{self.model.row_count()} thao tác")
        self.export_button.setEnabled(self.model.row_count() > 0)

    def save_to(self, path: Path) -> Path:
        """Write what the list shows to ``path`` as .xlsx."""
        rows = [row for i in range(self.model.row_count()) if (row := self.model.row_at(i)) is not None]
        return write_atomic(path, table_xlsx(audit_log.audit_document(rows, **self.filters())))

    def export(self) -> Path | None:
        suggested = f"nhat-ky-thao-tac-{dt.date.today():%Y%m%d}.xlsx"
        chosen = file_dialogs.save_file_name(self, "Xuất nhật ký ra Excel", suggested, "Excel (*.xlsx)")
        if chosen is None:
            return None
        path = chosen if chosen.suffix.lower() == ".xlsx" else chosen.with_name(chosen.name + ".xlsx")
        try:
            saved = self.save_to(path)
        except UserError as exc:
            show_user_error(self, exc, "Không xuất được")
            return None
        error_box(self, "Xuất nhật ký", "Đã lưu nhật ký thao tác.", informative=str(saved),
                  icon=QMessageBox.Icon.Information).exec()
        return saved


def open_audit_log(parent: QWidget | None = None) -> AuditLogDialog:
    """Tệp › Nhật ký thao tác…: the viewer, modeless, deleted when closed."""
    dialog = AuditLogDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
