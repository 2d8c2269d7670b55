"""Kế hoạch năm: the plan of one year (document number, approval date, items per program),
edited in a table and saved in one transaction."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import cast

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError
from app.domain.formatting import format_date
from app.services import catalogues, plans
from app.services.plans import PlanInput, PlanItemInput
from app.ui.dialogs.common import FieldErrors, buttons, date_line_edit
from app.ui.dialogs.course_form import organization_completer
from app.ui.events import perform
from app.ui.widgets.fit import fit_to_screen

HEADERS = ("Chương trình", "Số lớp", "Số học viên", "Đơn vị phối hợp", "Tháng", "Ghi chú")
WIDTHS = (44, 8, 11, 26, 7, 16)


class AnnualPlanDialog(QDialog):
    """One year's plan; the year can be changed in the dialog (each year loads its own plan)."""

    def __init__(self, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Kế hoạch năm")
        fit_to_screen(self, 1180, 560)
        self.errors = FieldErrors(self)
        self.programs = [(code, f"{code} – {name}") for code, name in catalogues.program_choices()]
        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(plans.MIN_YEAR, plans.MAX_YEAR)
        self.year_spin.setValue(year)
        self.year_spin.setGroupSeparatorShown(False)
        self.year_spin.setFixedWidth(self.fontMetrics().horizontalAdvance("00000") + 48)
        self.document_edit = QLineEdit(self)
        self.document_edit.setPlaceholderText("Ví dụ: 15-KH/TTCT")
        self.approved_edit = date_line_edit(self)
        self.note_edit = QLineEdit(self)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        char = self.fontMetrics().averageCharWidth()
        for i, width in enumerate(WIDTHS):
            self.table.horizontalHeader().resizeSection(i, char * width + 16)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton("Thêm dòng", self)
        self.remove_button = QPushButton("Xóa dòng", self)
        self.add_button.clicked.connect(lambda: self.add_item())
        self.remove_button.clicked.connect(self.remove_item)
        form = QFormLayout()
        form.addRow("Năm:", self.errors.wrap("year", self.year_spin))
        form.addRow("Số văn bản kế hoạch:", self.errors.wrap("document_number", self.document_edit))
        form.addRow("Ngày phê duyệt:", self.errors.wrap("approved_on", self.approved_edit))
        form.addRow("Ghi chú:", self.errors.wrap("note", self.note_edit))
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        self.buttons = buttons(self)
        self.buttons.accepted.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors.wrap("items", self.table), 1)
        layout.addLayout(row)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)
        self.year_spin.valueChanged.connect(self.load)
        self.load()

    def load(self) -> None:
        plan = plans.get_plan(self.year_spin.value())
        self.errors.clear()
        self.document_edit.setText(plan.document_number)
        self.approved_edit.setText(format_date(plan.approved_on) if isinstance(plan.approved_on, dt.date) else "")
        self.note_edit.setText(plan.note)
        self.table.setRowCount(0)
        for item in plan.items:
            self.add_item(item)

    def add_item(self, item: PlanItemInput | None = None) -> int:
        """A new editable row (filled from ``item``); returns its index."""
        row = self.table.rowCount()
        self.table.insertRow(row)
        program = QComboBox(self.table)
        for code, label in self.programs:
            program.addItem(label, code)
        classes, trainees = QSpinBox(self.table), QSpinBox(self.table)
        classes.setRange(0, 999)
        trainees.setRange(0, 99_999)
        partner = QLineEdit(self.table)
        partner.setCompleter(organization_completer(partner))
        month = QComboBox(self.table)
        month.addItem("", None)
        for m in range(1, 13):
            month.addItem(str(m), m)
        note = QLineEdit(self.table)
        if item is not None:
            if program.findData(item.program_code) < 0:  # a retired program stays on the plan that holds it
                program.addItem(item.program_code, item.program_code)
            program.setCurrentIndex(max(0, program.findData(item.program_code)))
            classes.setValue(int(item.classes or 0))
            trainees.setValue(int(item.trainees or 0))
            partner.setText(item.partner)
            month.setCurrentIndex(max(0, month.findData(item.month)))
            note.setText(item.note)
        else:
            classes.setValue(1)
        for column, widget in enumerate((program, classes, trainees, partner, month, note)):
            self.table.setCellWidget(row, column, widget)
        self._chain_tabs()
        if item is None:
            program.setFocus()
        return row

    def _chain_tabs(self) -> None:
        """Tab goes through the rows as they read (the cells, made after the buttons, came after
        Hủy), then to Thêm dòng, Xóa dòng, Lưu and Hủy."""
        cells = [self.table.cellWidget(r, c) for r in range(self.table.rowCount()) for c in range(len(HEADERS))]
        chain = [self.note_edit, self.table, *cells, self.add_button, self.remove_button, *self.buttons.buttons()]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    def remove_item(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def items(self) -> list[PlanItemInput]:
        found = []
        for row in range(self.table.rowCount()):
            program, month = (cast(QComboBox, self.table.cellWidget(row, c)) for c in (0, 4))
            classes, trainees = (cast(QSpinBox, self.table.cellWidget(row, c)) for c in (1, 2))
            partner, note = (cast(QLineEdit, self.table.cellWidget(row, c)) for c in (3, 5))
            found.append(PlanItemInput(program.currentData(), classes.value(), trainees.value(), partner.text(),
                                       month.currentData(), note.text()))
        return found

    def plan_input(self) -> PlanInput:
        return PlanInput(self.year_spin.value(), self.document_edit.text(), self.approved_edit.text() or None,
                         self.note_edit.text(), self.items())

    def save(self) -> None:
        self.errors.clear()
        try:
            perform(plans.save_plan, self.plan_input())
        except UserError as exc:
            self.errors.show(exc.message, exc.field)
            return
        self.accept()
