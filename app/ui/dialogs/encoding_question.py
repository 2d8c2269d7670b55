"""The question asked when a roster's old-font text reads as Vietnamese both in TCVN3 and in VNI.

The reader never guesses which (a wrong guess stores every name garbled): it shows the clerk a few
of the doubtful cells in each reading and lets them choose, or cancel and convert the file with
Unikey themselves.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QRadioButton, QVBoxLayout, QWidget

from app.exchange.legacy import LABELS, TCVN3, VNI, UndecidedEncoding

QUESTION = ("Chữ trong tệp được gõ bằng phông cũ, nhưng đọc theo bảng mã TCVN3 hay VNI đều ra chữ Việt, "
            "chương trình không tự chọn. Hãy xem các ô dưới đây và chọn cách đọc đúng:")


class EncodingQuestion(QDialog):
    """Asks which legacy encoding the file was typed in; :attr:`chosen` is "tcvn3" or "vni" when accepted."""

    def __init__(self, error: UndecidedEncoding, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Chọn bảng mã của tệp")
        self.setMinimumWidth(520)
        self.chosen: str | None = None
        question = QLabel(QUESTION, self)
        question.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        self.choices: dict[str, QRadioButton] = {}
        for encoding in (TCVN3, VNI):
            readings = ", ".join(f"\u201c{reading[encoding]}\u201d" for _text, reading in error.samples)
            button = QRadioButton(f"{LABELS[encoding]}: {readings}", self)
            button.setToolTip(f"Đọc các ô gõ bằng phông cũ theo bảng mã {LABELS[encoding]}")
            self.choices[encoding] = button
            layout.addWidget(button)
        typed = ", ".join(escape(text) for text, _reading in error.samples)
        note = QLabel(f"<small>Trong tệp: {typed}</small>", self)
        note.setWordWrap(True)
        layout.addWidget(note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Đọc theo bảng mã này")
        self.ok_button.setEnabled(False)  # nothing is chosen for the clerk
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        for button in self.choices.values():
            button.toggled.connect(lambda _on: self.ok_button.setEnabled(True))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _accept(self) -> None:
        self.chosen = next((e for e, button in self.choices.items() if button.isChecked()), None)
        if self.chosen is not None:
            self.accept()
