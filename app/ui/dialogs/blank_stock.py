"""Phôi giấy chứng nhận: the stock of pre-printed blanks — movements, balance, receiving and writing off."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError
from app.domain.formatting import format_date, format_int
from app.services import blank_stock
from app.ui.dialogs.common import FieldErrors, setup_table
from app.ui.events import perform
from app.ui.models.table import Column, RowTableModel
from app.ui.widgets.fit import fit_to_screen

COLUMNS = [
    Column("Ngày", lambda m: format_date(m.date), 11),
    Column("Nội dung", lambda m: m.kind_name, 18),
    Column("Số lượng", lambda m: m.quantity, 9, numeric=True),
    Column("Từ số hiệu", lambda m: m.serial_from, 12),
    Column("Đến số hiệu", lambda m: m.serial_to, 12),
    Column("Ghi chú", lambda m: m.note, 30, stretch=True),
]


class BlankStockDialog(QDialog):
    """Non-modal; every change goes through app.services.blank_stock (one transaction each)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Phôi giấy chứng nhận")
        fit_to_screen(self, 820, 520)
        self.balance_label = QLabel(self)
        self.model = RowTableModel(COLUMNS, self)
        self.view = QTableView(self)
        setup_table(self.view, self.model, widths=[c.width for c in COLUMNS], stretch=len(COLUMNS) - 1)

        self.errors = FieldErrors(self)
        self.kind_combo = QComboBox(self)
        for code in ("received", "spoilt", "adjusted"):
            self.kind_combo.addItem(blank_stock.KIND_NAMES[code], code)
        self.quantity_spin = QSpinBox(self)
        self.quantity_spin.setRange(-100_000, 100_000)
        self.quantity_spin.setValue(0)
        self.serial_from_edit, self.serial_to_edit, self.note_edit = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.note_edit.setPlaceholderText("Bắt buộc khi ghi phôi hỏng hoặc điều chỉnh sau kiểm kê")
        form = QFormLayout()
        form.addRow("Loại:", self.kind_combo)
        form.addRow("Số lượng:", self.errors.wrap("quantity", self.quantity_spin))
        form.addRow("Từ số hiệu:", self.serial_from_edit)
        form.addRow("Đến số hiệu:", self.serial_to_edit)
        form.addRow("Ghi chú:", self.errors.wrap("note", self.note_edit))
        self.add_button = QPushButton("Ghi", self)
        self.add_button.clicked.connect(self.record)
        self.close_button = QPushButton("Đóng", self)
        self.close_button.clicked.connect(self.close)

        layout = QVBoxLayout(self)
        layout.addWidget(self.balance_label)
        layout.addWidget(self.view, 1)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.close_button)
        layout.addLayout(bar)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(blank_stock.movements())
        self.balance_label.setText(f"Phôi còn trong kho: <b>{format_int(blank_stock.balance())}</b>")

    def record(self) -> bool:
        self.errors.clear()
        try:
            perform(blank_stock.record_movement, self.kind_combo.currentData(), self.quantity_spin.value(),
                    serial_from=self.serial_from_edit.text(), serial_to=self.serial_to_edit.text(),
                    note=self.note_edit.text())
        except UserError as exc:
            self.errors.show(exc.message, exc.field)
            return False
        for editor in (self.serial_from_edit, self.serial_to_edit, self.note_edit):
            editor.clear()
        self.quantity_spin.setValue(0)
        self.refresh()
        return True


def open_blank_stock(parent: QWidget | None = None) -> BlankStockDialog:
    dialog = BlankStockDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
