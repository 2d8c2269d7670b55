"""Kiểm tra giấy chứng nhận (Ctrl+K): paste the QR code's text, type the number and check code, or
give a photo or scan (chosen, or dropped on the dialog); the answer in words, green when the paper
is genuine and valid, red otherwise. The check runs on the executor (decoding a photo takes a moment).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError
from app.domain.verification import Verdict, Verification
from app.outputs.verification import IMAGE_SUFFIXES, verify_input
from app.ui import file_dialogs
from app.ui.executor import Task, executor
from app.ui.widgets.fit import fit_to_screen

HINT = ("Dán nội dung mã QR (đọc bằng điện thoại), hoặc gõ số giấy và mã kiểm tra in dưới mã QR "
        "(ví dụ: 0125/2025 ABCDE FGHIJ), hoặc chọn/kéo thả ảnh chụp, ảnh quét giấy chứng nhận.")
GOOD, BAD = "#1b5e20", "#b71c1c"


class VerifyCertificateDialog(QDialog):
    """Non-modal; reads only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Kiểm tra giấy chứng nhận")
        self.setAcceptDrops(True)
        fit_to_screen(self, 640, 420)
        hint = QLabel(HINT, self)
        hint.setWordWrap(True)
        self.input_edit = QLineEdit(self)
        self.input_edit.setPlaceholderText("GCN1|…   hoặc   0125/2025 ABCDE FGHIJ")
        self.input_edit.setClearButtonEnabled(True)
        self.input_edit.returnPressed.connect(self.check)
        self.check_button = QPushButton("&Kiểm tra", self)
        self.check_button.setDefault(True)
        self.check_button.clicked.connect(self.check)
        self.image_button = QPushButton("Chọn &ảnh…", self)
        self.image_button.clicked.connect(self.choose_image)
        row = QHBoxLayout()
        row.addWidget(self.input_edit, 1)
        row.addWidget(self.check_button)
        row.addWidget(self.image_button)
        self.title_label = QLabel(self)
        self.title_label.setWordWrap(True)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.title_label.setFont(font)
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.RichText)
        self.result_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(row)
        layout.addWidget(self.title_label)
        layout.addWidget(self.result_label, 1)
        layout.addWidget(buttons)
        self.results: list[Verification] = []
        self.task: Task | None = None

    # -- asking -----------------------------------------------------------------------------

    def check(self, raw: str | None = None) -> Task | None:
        text = self.input_edit.text() if raw is None or isinstance(raw, bool) else raw
        if not text.strip():
            self.show_error(UserError(HINT))
            return None
        self.title_label.setStyleSheet("")
        self.title_label.setText("Đang kiểm tra…")
        self.result_label.clear()
        # Closing the dialog while it checks is safe: the executor then runs neither callback.
        self.task = executor().submit(verify_input, text, label="Đang kiểm tra giấy chứng nhận…", parent=self,
                                      guard=[self.check_button, self.image_button],
                                      on_success=self.show_results, on_failure=self.show_error)
        return self.task

    def check_image(self, path: Path) -> Task | None:
        self.input_edit.setText(str(path))
        return self.check(str(path))

    def choose_image(self) -> None:
        patterns = " ".join(f"*{suffix}" for suffix in IMAGE_SUFFIXES)
        path = file_dialogs.open_file_name(self, "Chọn ảnh chụp hoặc ảnh quét giấy chứng nhận", f"Ảnh ({patterns})")
        if path:
            self.check_image(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.check_image(Path(files[0]))

    # -- the answer -------------------------------------------------------------------------

    def show_results(self, results: list[Verification]) -> None:
        self.results = list(results)
        valid = all(result.verdict is Verdict.VALID for result in results)
        self.title_label.setStyleSheet(f"color: {GOOD if valid else BAD}")
        self.title_label.setText("\n".join(result.title for result in results))
        self.result_label.setText("<br><br>".join("<br>".join(_html(line) for line in result.lines)
                                                  for result in results))

    def show_error(self, error: UserError) -> None:
        self.results = []
        self.title_label.setStyleSheet(f"color: {BAD}")
        self.title_label.setText("Không kiểm tra được")
        self.result_label.setText(_html(error.message))


def _html(text: str) -> str:
    """A line of the answer as rich text; its leading spaces (the fields' indent) kept."""
    body = text.lstrip(" ")
    escaped = body.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "&nbsp;" * 2 * (len(text) - len(body)) + escaped


def open_verify_certificate(parent: QWidget | None = None) -> VerifyCertificateDialog:
    dialog = VerifyCertificateDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
