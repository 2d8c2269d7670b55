"""Pick the period of a report: a year, the first six months, the term, or a date range."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QFormLayout, QLabel, QSpinBox, QWidget

from app.domain.formatting import format_date
from app.services.reports.periods import PERIOD_KINDS, period_bounds
from app.ui.widgets.dates import vietnamese_calendar

DATE_FORMAT = "dd/MM/yyyy"


def _qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class PeriodPicker(QWidget):
    """Emits :attr:`changed` whenever the chosen period changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        today = dt.date.today()
        self.kind_combo = QComboBox(self)
        for code, label in PERIOD_KINDS:
            self.kind_combo.addItem(label, code)
        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(1990, 2100)
        self.year_spin.setValue(today.year)
        self.year_spin.setGroupSeparatorShown(False)
        self.from_edit = self._date_edit(dt.date(today.year, 1, 1))
        self.to_edit = self._date_edit(today)
        self.summary = QLabel(self)

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Thời kỳ:", self.kind_combo)
        form.addRow("Năm:", self.year_spin)
        form.addRow("Từ ngày:", self.from_edit)
        form.addRow("Đến ngày:", self.to_edit)
        form.addRow("", self.summary)
        self._form = form

        self.kind_combo.currentIndexChanged.connect(self._update)
        self.year_spin.valueChanged.connect(self._update)
        self.from_edit.dateChanged.connect(self._update)
        self.to_edit.dateChanged.connect(self._update)
        self._update()

    def _date_edit(self, value: dt.date) -> QDateEdit:
        edit = QDateEdit(_qdate(value), self)
        edit.setDisplayFormat(DATE_FORMAT)
        return vietnamese_calendar(edit)

    def kind(self) -> str:
        return self.kind_combo.currentData()

    def bounds(self) -> tuple[dt.date, dt.date]:
        """First and last day of the chosen period."""
        return period_bounds(self.kind(), self.year_spin.value(),
                             _pydate(self.from_edit.date()), _pydate(self.to_edit.date()))

    def _update(self) -> None:
        kind = self.kind()
        self._form.setRowVisible(self.year_spin, kind in ("year", "first_half"))
        self._form.setRowVisible(self.from_edit, kind == "range")
        self._form.setRowVisible(self.to_edit, kind == "range")
        start, end = self.bounds()
        self.summary.setText(f"Từ {format_date(start)} đến {format_date(end)}")
        self.changed.emit()
