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
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError, ValidationError
from app.domain.formatting import format_decimal
from app.outputs.printouts import calibration_test_pdf, certificate_positions, save_certificate_positions
from app.printing.blank import BLANK_HEIGHT_MM, BLANK_WIDTH_MM, FieldPosition, default_positions
from app.ui.events import perform
from app.ui.widgets.pdf_preview import PdfPreviewDialog, show_preview

HEADERS = ("Trường", "Ngang x (mm)", "Dọc y (mm)", "Cỡ chữ (pt)")


def _number_text(value: float) -> str:
    return format_decimal(value) if value != int(value) else str(int(value))


class CalibrationDialog(QDialog):
    """A table of the blank's fields; In trang thử…, Mặc định, Lưu, Hủy."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Căn chỉnh phôi giấy chứng nhận")
        self.setMinimumWidth(560)
        self.test_preview: PdfPreviewDialog | None = None
        hint = QLabel(f"Vị trí tính bằng milimét từ góc trên bên trái của phôi (khổ A4 ngang, "
                      f"{BLANK_WIDTH_MM:g} × {BLANK_HEIGHT_MM:g} mm), tại chân dòng chữ. "
                      "In trang thử ra giấy thường, đặt lên phôi soi dưới ánh sáng rồi sửa số cho khớp.", self)
        hint.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("error")
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
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
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.keys: list[str] = []
        self.set_positions(certificate_positions())
        self.resize(620, 460)

    def set_positions(self, positions: list[FieldPosition]) -> None:
        self.keys = [p.key for p in positions]
        self.table.setRowCount(len(positions))
        for row, field in enumerate(positions):
            name = QTableWidgetItem(field.label)
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 0, name)
            for column, value in enumerate(field.as_tuple(), start=1):
                item = QTableWidgetItem(_number_text(value))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self._show_error(None)

    def set_value(self, key: str, column: int, text: str) -> None:
        """Type ``text`` into the cell of field ``key`` (1 = x, 2 = y, 3 = size)."""
        self.table.item(self.keys.index(key), column).setText(text)

    def values(self) -> dict[str, tuple[str, str, str]]:
        """What the table says, as typed (the service reads ``12,5`` and ``12.5``)."""
        return {key: tuple(self.table.item(row, c).text() for c in (1, 2, 3))
                for row, key in enumerate(self.keys)}

    def _show_error(self, exc: UserError | None) -> None:
        if exc is None:
            self.error_label.hide()
            return
        self.error_label.setText(exc.message)
        self.error_label.show()
        if exc.field in self.keys:
            self.table.setCurrentCell(self.keys.index(exc.field), 1)

    def preview_test_page(self) -> PdfPreviewDialog | None:
        """The test page at the positions typed (not yet saved), in a preview with In…."""
        try:
            pdf = calibration_test_pdf(self.values())
        except UserError as exc:
            self._show_error(exc)
            return None
        self._show_error(None)
        self.test_preview = show_preview(self, pdf, title="Trang thử phôi giấy chứng nhận",
                                         file_stem="trang-thu-phoi-gcn")
        return self.test_preview

    def save(self) -> None:
        try:
            perform(save_certificate_positions, self.values())
        except ValidationError as exc:
            self._show_error(exc)
            return
        self._show_error(None)
        self.accept()
