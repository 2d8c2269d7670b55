"""Căn chỉnh phôi: where each field of a certificate lands on the pre-printed blanks.

The officer types x / y in millimetres from the blank's top-left corner and the font size,
prints the test page (a millimetre grid with the field names) on plain paper, lays it on a
blank against the light, corrects, and saves. Nothing is written while a value is off the page.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError, ValidationError
from app.domain.formatting import format_decimal
from app.outputs.printouts import calibration_test_pdf, certificate_positions, save_certificate_positions
from app.printing.blank import BLANK_HEIGHT_MM, BLANK_WIDTH_MM, FieldPosition, default_positions
from app.ui.dialogs.common import FieldErrors
from app.ui.events import perform
from app.ui.widgets.pdf_preview import PdfPreviewDialog, show_preview

HEADERS = ("Trường", "Ngang x (mm)", "Dọc y (mm)", "Cỡ chữ (pt)")
PARTS = ("x", "y", "size")  # the service names a wrong value "full_name.x", "full_name.y", "full_name.size"


def _number_text(value: float) -> str:
    return format_decimal(value) if value != int(value) else str(int(value))


class CalibrationDialog(QDialog):
    """A row per field of the blank (x, y, size); In trang thử…, Về mặc định, Lưu, Hủy.

    A value the service refuses is said under its row, with the focus in its box."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Căn chỉnh phôi giấy chứng nhận")
        self.setMinimumWidth(560)
        self.test_preview: PdfPreviewDialog | None = None
        hint = QLabel(f"Vị trí tính bằng milimét từ góc trên bên trái của phôi (khổ A4 ngang, "
                      f"{BLANK_WIDTH_MM:g} × {BLANK_HEIGHT_MM:g} mm), tại chân dòng chữ. "
                      "In trang thử ra giấy thường, đặt lên phôi soi dưới ánh sáng rồi sửa số cho khớp.", self)
        hint.setWordWrap(True)
        self.errors = FieldErrors(self)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(2)
        self.grid.setColumnStretch(0, 1)
        for column, text in enumerate(HEADERS):
            header = QLabel(f"<b>{text}</b>", self)
            if column:
                header.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.grid.addWidget(header, 0, column)
        self.edits: dict[str, tuple[QLineEdit, QLineEdit, QLineEdit]] = {}
        self.names: dict[str, QLabel] = {}
        self.keys: list[str] = []
        for index, field in enumerate(default_positions()):
            self._add_row(index, field)
        self.test_button = QPushButton("In trang thử…", self)
        self.defaults_button = QPushButton("Về mặc định", self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Lưu")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        self.buttons.addButton(self.test_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.defaults_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.test_button.clicked.connect(self.preview_test_page)
        self.defaults_button.clicked.connect(lambda: self.set_positions(default_positions()))
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(self.grid)
        layout.addStretch(1)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)
        self.set_positions(certificate_positions())

    def _add_row(self, index: int, field: FieldPosition) -> None:
        row = 1 + 2 * index  # each field's row, then its (hidden) error line
        name = QLabel(field.label, self)
        edits = []
        for part in PARTS:
            edit = QLineEdit(self)
            edit.setObjectName(f"{field.key}.{part}")
            edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            edit.setFixedWidth(edit.fontMetrics().horizontalAdvance("000,0") + 24)
            edit.setAccessibleName(f"{field.label}: {HEADERS[1 + PARTS.index(part)]}")
            edits.append(edit)
        x_edit, y_edit, size_edit = edits
        name.setBuddy(x_edit)
        error = self.errors.register(field.key, x_edit, self)
        for part, edit in zip(PARTS, edits, strict=True):
            self.errors.also(f"{field.key}.{part}", edit, field.key)
        self.grid.addWidget(name, row, 0)
        for column, edit in enumerate(edits, start=1):
            self.grid.addWidget(edit, row, column, Qt.AlignmentFlag.AlignRight)
        self.grid.addWidget(error, row + 1, 0, 1, len(HEADERS))
        self.edits[field.key] = (x_edit, y_edit, size_edit)
        self.names[field.key] = name
        self.keys.append(field.key)

    def set_positions(self, positions: list[FieldPosition]) -> None:
        for field in positions:
            for edit, value in zip(self.edits[field.key], field.as_tuple(), strict=True):
                edit.setText(_number_text(value))
        self.errors.clear()

    def set_value(self, key: str, column: int, text: str) -> None:
        """Put ``text`` in the box of field ``key`` (1 = x, 2 = y, 3 = size)."""
        self.edit(key, column).setText(text)

    def edit(self, key: str, column: int) -> QLineEdit:
        """The box of field ``key`` (1 = x, 2 = y, 3 = size)."""
        return self.edits[key][column - 1]

    def values(self) -> dict[str, tuple[str, str, str]]:
        """What the boxes say, as typed (the service reads ``12,5`` and ``12.5``)."""
        return {key: (x.text(), y.text(), size.text()) for key, (x, y, size) in self.edits.items()}

    def _show_error(self, exc: UserError) -> None:
        self.errors.show(exc.message, exc.field)

    def preview_test_page(self) -> PdfPreviewDialog | None:
        """The test page at the positions typed (not yet saved), in a preview with In…."""
        self.errors.clear()
        try:
            pdf = calibration_test_pdf(self.values())
        except UserError as exc:
            self._show_error(exc)
            return None
        self.test_preview = show_preview(self, pdf, title="Trang thử phôi giấy chứng nhận",
                                         file_stem="trang-thu-phoi-gcn")
        return self.test_preview

    def save(self) -> None:
        self.errors.clear()
        try:
            perform(save_certificate_positions, self.values())
        except ValidationError as exc:
            self._show_error(exc)
            return
        self.accept()
