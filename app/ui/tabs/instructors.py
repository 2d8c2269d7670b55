"""Giảng viên: full-time and part-time instructors in Vietnamese name order, with the year's
standard hours against the norm. Ctrl+N (the main window's "Thêm mới", which calls
:meth:`InstructorsTab.add_new`) adds one, Enter opens the record."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from app.domain.changes import Changes, Topic
from app.domain.formatting import format_decimal, format_percent
from app.services import instructor_records as records
from app.services.instructors import KIND_NAMES
from app.ui.dialogs.instructor_detail import InstructorDetail, open_instructor_detail
from app.ui.dialogs.instructor_form import InstructorForm, NormsForm, RecordForm, open_form
from app.ui.events import changes, touches
from app.ui.models.table import Column, RowTableModel
from app.ui.shortcuts import show_key
from app.ui.tabs.base import ListTab

INSTRUCTOR_COLUMNS: tuple[Column, ...] = (
    Column("Họ và tên", lambda r: r.full_name, width=22, stretch=True),
    Column("Loại", lambda r: r.kind_name, width=12),
    Column("Chức vụ", lambda r: r.position, width=24),
    Column("Đơn vị", lambda r: r.unit, width=22),
    Column("Trình độ LLCT", lambda r: r.theory_level, width=12),
    Column("Trạng thái", lambda r: "Đang giảng dạy" if r.active else "Ngừng giảng dạy", width=14),
    Column("Số tiết", lambda r: r.periods, width=7, numeric=True),
    Column("Giờ chuẩn", lambda r: format_decimal(r.standard_hours, 1), width=9, numeric=True),
    Column("Định mức", lambda r: format_decimal(r.norm, 0) if r.norm is not None else "", width=8, numeric=True),
    Column("% định mức", lambda r: format_percent(r.standard_hours, r.norm or 0), width=10, numeric=True),
)
ACTIVE_CHOICES = (("Mọi trạng thái", None), ("Đang giảng dạy", True), ("Ngừng giảng dạy", False))


class InstructorsTab(ListTab):
    noun = "giảng viên"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(RowTableModel(INSTRUCTOR_COLUMNS), parent)
        show_key(self.filter_edit, QKeySequence.StandardKey.Find, "Gõ họ tên để lọc, không cần dấu")
        self.kind_combo = QComboBox(self)
        self.kind_combo.addItem("Tất cả", None)
        for code, name in KIND_NAMES.items():
            self.kind_combo.addItem(name.capitalize(), code)
        self.kind_combo.setToolTip("Chuyên trách hay kiêm chức")
        self.active_combo = QComboBox(self)
        self.active_combo.setToolTip("Đang giảng dạy hay đã ngừng")
        for label, value in ACTIVE_CHOICES:
            self.active_combo.addItem(label, value)
        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(1990, 2100)
        self.year_spin.setGroupSeparatorShown(False)
        self.year_spin.setValue(dt.date.today().year)
        self.year_spin.setToolTip("Năm tính giờ chuẩn")
        for combo in (self.kind_combo, self.active_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(9)
        for i, widget in enumerate((QLabel("Loại:", self), self.kind_combo, self.active_combo)):
            self.toolbar.insertWidget(i, widget)
        add_button = QPushButton("Thêm giảng viên (Ctrl+N)", self)
        add_button.clicked.connect(self.add_instructor)
        norms_button = QPushButton("Định mức, hệ số…", self)
        norms_button.clicked.connect(self.edit_norms)
        # Below the list, so the tab stays as narrow as the others.
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel("Giờ chuẩn của năm:", self))
        bottom.addWidget(self.year_spin)
        bottom.addStretch(1)
        bottom.addWidget(add_button)
        bottom.addWidget(norms_button)
        self.export_button = QPushButton("Xuất Excel…", self)
        self.export_button.setToolTip("Lưu danh sách giảng viên đang hiện, với giờ chuẩn của năm, ra tệp Excel")
        self.export_button.clicked.connect(lambda: self.export_excel())
        bottom.addWidget(self.export_button)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.addLayout(bottom)
        self.kind_combo.currentIndexChanged.connect(self.refresh)
        self.active_combo.currentIndexChanged.connect(self.refresh)
        self.year_spin.valueChanged.connect(self.refresh)
        self.form: RecordForm | None = None
        changes().changed.connect(self._on_changed)
        self.refresh()

    def reload(self) -> None:
        current = self.model.row_at(self.view.currentIndex().row())
        self.model.set_rows(records.instructor_list(self.filter_text(), self.kind_combo.currentData(),
                                                    self.active_combo.currentData(), self.year_spin.value()))
        if current is not None:  # stay on the same person after a change
            for row in range(self.model.row_count()):
                shown = self.model.row_at(row)
                if shown is not None and shown.id == current.id:
                    self.view.setCurrentIndex(self.model.index(row, 0))
                    break

    def _on_changed(self, topics: Changes) -> None:
        if touches(topics, Topic.INSTRUCTORS, Topic.LESSONS, Topic.CATALOGUES):
            self.refresh()

    def open_row(self, row: int) -> InstructorDetail | None:
        instructor = self.model.row_at(row)
        if instructor is None:
            return None
        return open_instructor_detail(instructor.id, self.window())

    def add_new(self) -> RecordForm:
        """Ctrl+N of the main window on this tab."""
        return self.add_instructor()

    def add_instructor(self) -> RecordForm:
        """Ctrl+N: the new-instructor form; once saved, the list shows the new person."""
        self.form = open_form(InstructorForm(None, self), self._added)
        return self.form

    def _added(self, instructor_id: int | None) -> None:
        self.filter_edit.clear()
        self.refresh()  # the new person shows even if a filter hid them
        for row in range(self.model.row_count()):
            shown = self.model.row_at(row)
            if shown is not None and shown.id == instructor_id:
                self.view.setCurrentIndex(self.model.index(row, 0))
                self.view.setFocus()
                break

    def export_excel(self, path=None):
        """The instructors shown (this filter) with the year's standard hours to an .xlsx."""
        from app.outputs.lists import export_instructors
        from app.ui.exports import export_to_excel

        rows = [self.model.row_at(i) for i in range(self.model.row_count())]
        parts = [f"Giờ chuẩn năm {self.year_spin.value()}"]
        parts += [combo.currentText() for combo in (self.kind_combo, self.active_combo)
                  if combo.currentData() is not None]
        if self.filter_text().strip():
            parts.append(f"lọc: \u201c{self.filter_text().strip()}\u201d")
        return export_to_excel(self, export_instructors, rows, self.year_spin.value(), " — ".join(parts),
                               suggested="Danh sách giảng viên", noun="giảng viên", guard=self.export_button,
                               path=path)

    def edit_norms(self) -> RecordForm:
        self.form = open_form(NormsForm(self))
        return self.form
