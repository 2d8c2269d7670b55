"""Which of these people? Namesakes (often without a CCCD) listed with what tells them apart:
birth date, CCCD, unit and the classes attended; the clerk picks one (double-click or Chọn)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.identity import Candidate
from app.ui.widgets.fit import fit_column, fit_to_screen

HEADERS = ("Họ và tên", "Ngày sinh", "Số CCCD", "Đơn vị", "Đã học các lớp")


class TraineePickerDialog(QDialog):
    """The candidates in the order given; :attr:`chosen` is the id picked (None until then)."""

    def __init__(self, candidates: Sequence[Candidate], text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Chọn học viên")
        self.candidates = list(candidates)
        self.chosen: int | None = None
        intro = QLabel(f"Có {len(self.candidates)} học viên khớp với \u201c{text}\u201d. Chọn đúng người "
                       "(xem ngày sinh, đơn vị và các lớp đã học):", self)
        intro.setWordWrap(True)
        self.table = QTableWidget(len(self.candidates), len(HEADERS), self)
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        for row, person in enumerate(self.candidates):
            cells = (person.name, person.birth or "không rõ", person.citizen_id, person.unit,
                     ", ".join(person.classes) or "chưa học lớp nào")
            for column, text_ in enumerate(cells):
                item = QTableWidgetItem(text_)
                item.setToolTip(text_)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        fit_column(self.table, 0, [p.name for p in self.candidates], header=HEADERS[0])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.accept())
        box = QDialogButtonBox(self)
        self.choose_button = box.addButton("Chọn", QDialogButtonBox.ButtonRole.AcceptRole)
        box.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(box)
        if self.candidates:
            self.table.selectRow(0)
        fit_to_screen(self, 900, 420)

    def accept(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.candidates):
            return
        self.chosen = self.candidates[row].id
        super().accept()


def pick_trainee(parent: QWidget, ids: Sequence[int], text: str) -> TraineePickerDialog:
    """Open the picker (not blocking) over the people ``ids``, described from the records."""
    from app.services.identity import describe

    found = describe(list(ids))
    dialog = TraineePickerDialog([found[i] for i in ids if i in found], text, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
