"""Cài đặt › Thông tin đơn vị: the centre's name, parent body, place, signers, header style, and the
short code its certificates' QR codes carry (editable until the first certificate exists)."""

from __future__ import annotations

from dataclasses import asdict

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError
from app.domain.institution import Institution
from app.services import centre_code
from app.ui.dialogs.common import FieldErrors
from app.ui.events import perform

# Field → label, in the order shown. header_style is a choice, the rest are text.
TEXT_FIELDS: tuple[tuple[str, str], ...] = (
    ("name", "Tên trung tâm"),
    ("parent_body", "Cơ quan chủ quản"),
    ("place_name", "Địa danh (ghi ngày tháng)"),
    ("director_name", "Giám đốc"),
    ("deputy_name", "Phó Giám đốc"),
    ("address", "Địa chỉ"),
    ("phone", "Điện thoại"),
)
HEADER_STYLES: tuple[tuple[str, str], ...] = (
    ("party", "Văn bản Đảng"),
    ("state", "Văn bản nhà nước"),
)
PLACEHOLDERS = {
    "name": "Ví dụ: Trung tâm Chính trị huyện Si Ma Cai",
    "parent_body": "Ví dụ: Huyện ủy Si Ma Cai",
    "place_name": "Ví dụ: Si Ma Cai (in trên dòng \u201cSi Ma Cai, ngày … tháng … năm …\u201d)",
}


class InstitutionDialog(QDialog):
    """Edits :class:`Institution` and the centre's short code; saves through
    ``centre_code.save_institution_and_code`` only (one transaction)."""

    def __init__(self, institution: Institution, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Thông tin đơn vị")
        self.setMinimumWidth(560)
        self.saved: Institution | None = None
        self.edits: dict[str, QLineEdit] = {}
        self.field_errors = FieldErrors(self)
        self.errors: dict[str, QLabel] = self.field_errors.labels
        values = asdict(institution)

        form = QFormLayout()
        for field, label in TEXT_FIELDS:
            edit = QLineEdit(values.get(field) or "", self)
            edit.setObjectName(field)
            edit.setPlaceholderText(PLACEHOLDERS.get(field, ""))
            self.edits[field] = edit
            form.addRow(f"{label}:", self.field_errors.wrap(field, edit))
        form.addRow("Mã đơn vị (in trong mã QR):", self._code_row())
        self.style_combo = QComboBox(self)
        for code, label in HEADER_STYLES:
            self.style_combo.addItem(label, code)
        index = self.style_combo.findData(values.get("header_style"))
        self.style_combo.setCurrentIndex(max(index, 0))
        form.addRow("Thể thức văn bản:", self.field_errors.wrap("header_style", self.style_combo))
        self.deputy_check = QCheckBox("Phó Giám đốc ký thay (K/T GIÁM ĐỐC)", self)
        self.deputy_check.setChecked(bool(values.get("deputy_signs")))
        form.addRow("Người ký:", self.deputy_check)
        self.photos_check = QCheckBox("In ảnh học viên trên danh sách học viên của lớp", self)
        self.photos_check.setToolTip("Khi lớp có học viên đã có ảnh trong hồ sơ, danh sách học viên in thêm "
                                     "cột ảnh 3×4.")
        self.photos_check.setChecked(bool(values.get("class_list_photos")))
        form.addRow("Danh sách lớp:", self.photos_check)

        self.general_error = self.field_errors.general
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Lưu")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)

    def _code_row(self) -> QWidget:
        """The short code: editable while no certificate exists, else shown with why it is fixed."""
        info = centre_code.centre_code_info()
        self.code_frozen = info.frozen
        self.code_edit = QLineEdit(info.code if (info.saved or info.frozen) else "", self)
        self.code_edit.setObjectName("centre_code")
        self.code_edit.setMaxLength(centre_code.MAX_CODE + 4)
        self.code_note = QLabel(self)
        self.code_note.setWordWrap(True)
        self.code_note.setStyleSheet("color: #555;")
        if info.frozen:
            self.code_edit.setReadOnly(True)
            self.code_edit.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            self.code_note.setText(centre_code.FROZEN_MESSAGE)
        else:
            self.code_note.setText("Cố định từ khi cấp giấy chứng nhận đầu tiên.")
            self.code_edit.setToolTip("Chữ cái không dấu (A–Z) và chữ số, viết liền, 2–16 ký tự. Để trống thì "
                                      "dùng chữ cái đầu của tên trung tâm.")
            self.edits["name"].textChanged.connect(self._derived_hint)
            self._derived_hint()
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.field_errors.wrap("centre_code", self.code_edit))
        column.addWidget(self.code_note)
        return box

    def _derived_hint(self) -> None:
        self.code_edit.setPlaceholderText(f"{centre_code.derived_code(self.edits['name'].text())} "
                                          "(chữ cái đầu của tên)")

    def code(self) -> str | None:
        """The code typed, or None when it cannot change (a certificate exists)."""
        return None if self.code_frozen else self.code_edit.text()

    def institution(self) -> Institution:
        """What the form holds now."""
        values = {field: edit.text() for field, edit in self.edits.items()}
        return Institution(header_style=self.style_combo.currentData(), deputy_signs=self.deputy_check.isChecked(),
                           class_list_photos=self.photos_check.isChecked(), **values)

    def clear_errors(self) -> None:
        self.field_errors.clear()

    def show_error(self, message: str, field: str | None = None) -> None:
        self.field_errors.show(message, field)

    def save(self) -> None:
        """Save through the service; on a rule broken, say so next to the field and stay open."""
        self.clear_errors()
        try:
            self.saved = perform(centre_code.save_institution_and_code, self.institution(), self.code())
        except UserError as exc:
            self.show_error(exc.message, exc.field)
            return
        self.accept()
