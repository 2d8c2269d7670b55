"""Thêm học viên có sẵn vào lớp: search every trainee as you type (no diacritics needed), pick one
or several, Enter adds them. The dialog stays open for the next name."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError
from app.domain.formatting import format_int
from app.services import enrolment, lists
from app.ui.dialogs.common import buttons, error_label, setup_table
from app.ui.events import perform
from app.ui.models.trainees import TRAINEE_COLUMNS, TraineeModel
from app.ui.widgets.fit import fit_column, fit_to_screen

SEARCH_DELAY_MS = 200
FIT_ROWS = 100  # rows measured from the top of the view: a screen and more, one page of the model


class TraineeSearch(QWidget):
    """A filter box over a lazily paged list of trainees (shared by enrolment and merging)."""

    def __init__(self, parent: QWidget | None = None, *, multi: bool = False, exclude: int | None = None) -> None:
        super().__init__(parent)
        self.exclude = exclude
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Gõ họ tên (không cần dấu), số CCCD, năm sinh hoặc đơn vị…")
        self.filter_edit.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.model = TraineeModel(self)
        self.view = QTableView(self)
        # The unit takes what room is left; the name column is as wide as the longest name shown.
        setup_table(self.view, self.model, widths=[c.width for c in TRAINEE_COLUMNS], stretch=6, multi=multi)
        self.view.verticalScrollBar().valueChanged.connect(lambda _value: self.fit_names())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search)
        self.filter_edit.textChanged.connect(self._timer.start)
        self.filter_edit.installEventFilter(self)
        self.search()

    def pending(self) -> bool:
        return self._timer.isActive()

    def search(self) -> None:
        self._timer.stop()
        ids = lists.trainee_ids(self.filter_edit.text())
        if self.exclude is not None:
            ids = [i for i in ids if i != self.exclude]
        self.model.set_ids(ids)
        self.count_label.setText(f"{format_int(len(ids))} học viên")
        if ids:
            self.view.setCurrentIndex(self.model.index(0, 0))
        self.fit_names()

    def fit_names(self) -> int:
        """Widen the name column to the longest name on screen (and the first page below it)."""
        first = max(0, self.view.rowAt(0))
        last = min(self.model.row_count(), first + FIT_ROWS)
        names = [row.full_name for row in (self.model.row_at(i) for i in range(first, last)) if row is not None]
        return fit_column(self.view, 0, names, header=TRAINEE_COLUMNS[0].header)

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        return [self.model.ids()[r] for r in rows]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.filter_edit and event.type() == QEvent.Type.KeyPress and cast(QKeyEvent, event).key() in (
                Qt.Key.Key_Down, Qt.Key.Key_Up):
            if self.pending():
                self.search()
            self.view.setFocus()
            return True
        return super().eventFilter(watched, event)


class EnrolSearchDialog(QDialog):
    """Adds the chosen trainees to the class with ``enrolment.enrol_trainees`` (one transaction)."""

    def __init__(self, course_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.course_id = course_id
        self.setWindowTitle("Thêm học viên có sẵn vào lớp")
        fit_to_screen(self, 1000, 520)
        self.search = TraineeSearch(self, multi=True)
        self.message = QLabel(self)
        self.error = error_label(self)
        self.buttons = buttons(self, ok="Thêm vào lớp", cancel="Đóng")
        self.add_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        # Enter (in the filter or the list) reaches the dialog's default button: "Thêm vào lớp".
        self.buttons.accepted.connect(self.add_selected)
        self.search.view.doubleClicked.connect(lambda _index: self.add_selected())
        layout = QVBoxLayout(self)
        layout.addWidget(self.search, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def add_selected(self) -> None:
        if self.search.pending():
            self.search.search()
            return  # Enter while the list was still catching up: show the hits first
        self.error.hide()
        ids = self.search.selected_ids()
        try:
            result = perform(enrolment.enrol_trainees, self.course_id, ids)
        except UserError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        names = ", ".join(row.full_name for row in lists.trainee_rows(ids))
        text = f"Đã thêm vào lớp: {names}." if result.enrolled else f"{names} đã có trong lớp."
        if result.enrolled and result.already:
            text += f" ({format_int(result.already)} người đã có trong lớp từ trước.)"
        self.message.setText(text)
        self.search.filter_edit.selectAll()
        self.search.filter_edit.setFocus()
