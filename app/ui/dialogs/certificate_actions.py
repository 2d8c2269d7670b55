"""Asking for the reason of a certificate's cancellation or reissue (HD 154: always recorded)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget


class ReasonDialog(QDialog):
    """A question and a reason; Đồng ý stays disabled until a reason is typed."""

    def __init__(self, title: str, text: str, *, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        label = QLabel(text, self)
        label.setWordWrap(True)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setPlaceholderText(placeholder)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Đồng ý")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Thôi")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(QLabel("Lý do:", self))
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.buttons)
        self._update()

    def reason(self) -> str:
        return self.reason_edit.text().strip()

    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.reason()))

    def accept(self) -> None:
        if self.reason():  # Enter in the line edit must not slip past an empty reason
            super().accept()


def ask_reason(parent: QWidget | None, title: str, text: str, *, placeholder: str = "") -> str | None:
    """The reason typed, or None when the user gave up."""
    dialog = ReasonDialog(title, text, placeholder=placeholder, parent=parent)
    try:
        return dialog.reason() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
