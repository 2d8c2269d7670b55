"""Đơn vị, cơ quan: the organisation catalogue — filter as you type, add and edit with kind and
aliases (one per line), so a roster's short forms meet the catalogue's names."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError
from app.domain.formatting import format_int
from app.services import organizations
from app.services.organizations import OrganizationInput, OrganizationRow
from app.ui.dialogs.common import FieldErrors, setup_table
from app.ui.events import perform
from app.ui.models.table import Column, RowTableModel
from app.ui.shortcuts import show_key
from app.ui.widgets.fit import fit_to_screen

ORG_COLUMNS: tuple[Column, ...] = (
    Column("Tên", lambda r: r.name, width=30, stretch=True),
    Column("Loại", lambda r: r.kind_name, width=17),
    Column("Tên gọi khác", lambda r: "; ".join(r.aliases), width=22),
    Column("Học viên", lambda r: r.trainee_count, width=7, numeric=True),
    Column("Đang dùng", lambda r: "Có" if r.active else "Không", width=8),
)


class OrganizationsDialog(QDialog):
    """List on the left, the chosen organisation's form on the right; Ctrl+N starts a new one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Đơn vị, cơ quan")
        fit_to_screen(self, 1320, 640)
        self.editing_id: int | None = None
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Lọc theo tên hoặc tên gọi khác (không cần dấu; UBND = Ủy ban nhân dân)…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.refresh)
        self.count_label = QLabel(self)
        self.model = RowTableModel(ORG_COLUMNS, self)
        self.view = QTableView(self)
        setup_table(self.view, self.model, widths=[c.width for c in ORG_COLUMNS], stretch=0)
        self.view.verticalHeader().hide()
        self.view.selectionModel().currentRowChanged.connect(lambda current, _prev: self.edit_row(current.row()))

        self.errors = FieldErrors(self)
        self.name_edit = QLineEdit(self)
        self.kind_combo = QComboBox(self)
        for code, name in organizations.kinds():
            self.kind_combo.addItem(name, code)
        self.aliases_edit = QPlainTextEdit(self)
        self.aliases_edit.setPlaceholderText("Mỗi dòng một tên gọi khác, ví dụ:\nUBND xã Sán Chải\nxã Sán Chải")
        self.aliases_edit.setTabChangesFocus(True)
        self.active_check = QCheckBox("Đang dùng (hiện trong gợi ý khi nhập)", self)
        self.note_edit = QLineEdit(self)
        self.form_title = QLabel(self)
        self.form_title.setStyleSheet("font-weight: bold;")
        self.new_button = QPushButton("Thêm mới", self)
        show_key(self.new_button, QKeySequence.StandardKey.New, "Thêm một đơn vị, cơ quan")
        self.save_button = QPushButton("Lưu", self)
        self.close_button = QPushButton("Đóng", self)
        self.new_button.clicked.connect(self.new)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        self.save_button.setDefault(True)
        form = QFormLayout()
        form.addRow(self.form_title)
        form.addRow("Tên:", self.errors.wrap("name", self.name_edit))
        form.addRow("Loại:", self.errors.wrap("kind", self.kind_combo))
        form.addRow("Tên gọi khác:", self.errors.wrap("aliases", self.aliases_edit))
        form.addRow("", self.active_check)
        form.addRow("Ghi chú:", self.errors.wrap("note", self.note_edit))
        form.addRow(self.errors.general)
        actions = QHBoxLayout()
        actions.addWidget(self.new_button)
        actions.addStretch(1)
        actions.addWidget(self.save_button)
        form.addRow(actions)
        left = QVBoxLayout()
        left.addWidget(self.filter_edit)
        left.addWidget(self.view, 1)
        left.addWidget(self.count_label)
        body = QHBoxLayout()
        body.addLayout(left, 5)
        body.addLayout(form, 3)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addLayout(bottom)
        QShortcut(QKeySequence.StandardKey.New, self, self.new)
        self.refresh()
        self.new()

    def refresh(self) -> None:
        keep = self.editing_id
        rows = organizations.organization_rows(self.filter_edit.text())
        self.view.selectionModel().blockSignals(True)
        self.model.set_rows(rows)
        for i, row in enumerate(rows):
            if row.id == keep:
                self.view.setCurrentIndex(self.model.index(i, 0))
        self.view.selectionModel().blockSignals(False)
        self.count_label.setText(f"{format_int(len(rows))} đơn vị")

    def new(self) -> None:
        self.editing_id = None
        self.view.selectionModel().clear()  # so choosing any row afterwards loads it
        self.form_title.setText("Thêm đơn vị, cơ quan mới")
        self._fill(OrganizationRow(0, "", "other", "", (), True, "", 0))
        self.name_edit.setFocus()

    def edit_row(self, row: int) -> None:
        org = self.model.row_at(row)
        if org is None:
            return
        self.editing_id = org.id
        self.form_title.setText(f"Sửa: {org.name}")
        self._fill(org)

    def _fill(self, org: OrganizationRow) -> None:
        self.errors.clear()
        self.name_edit.setText(org.name)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(org.kind)))
        self.aliases_edit.setPlainText("\n".join(org.aliases))
        self.active_check.setChecked(org.active)
        self.note_edit.setText(org.note)

    def organization_input(self) -> OrganizationInput:
        return OrganizationInput(self.name_edit.text(), self.kind_combo.currentData(),
                                 self.aliases_edit.toPlainText().splitlines(), self.active_check.isChecked(),
                                 self.note_edit.text())

    def save(self) -> None:
        self.errors.clear()
        try:
            if self.editing_id is None:
                self.editing_id = perform(organizations.add_organization, self.organization_input()).id
            else:
                perform(organizations.update_organization, self.editing_id, self.organization_input())
        except UserError as exc:
            self.errors.show(exc.message, exc.field)
            return
        self.refresh()
        self.form_title.setText(f"Đã lưu: {self.name_edit.text().strip()}")

    def keyPressEvent(self, event) -> None:
        # Enter saves the form instead of closing the dialog; Escape still closes.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.save()
            return
        super().keyPressEvent(event)
