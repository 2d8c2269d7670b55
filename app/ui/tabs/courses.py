"""Lớp học: the classes of a year, by status, filtered as you type."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from app.services import catalogues, lists
from app.ui.models.courses import CourseModel
from app.ui.tabs.base import ListTab


class CoursesTab(ListTab):
    noun = "lớp"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(CourseModel(), parent)
        self.year_combo = QComboBox(self)
        self.year_combo.setToolTip("Năm học của các lớp")
        self.status_combo = QComboBox(self)
        self.status_combo.addItem("Tất cả", None)
        for code, name in catalogues.catalogue("course_statuses"):
            self.status_combo.addItem(name, code)
        self.toolbar.insertWidget(0, QLabel("Năm:", self))
        self.toolbar.insertWidget(1, self.year_combo)
        self.toolbar.insertWidget(2, QLabel("Trạng thái:", self))
        self.toolbar.insertWidget(3, self.status_combo)
        self.fill_years()
        self.year_combo.currentIndexChanged.connect(self.refresh)
        self.status_combo.currentIndexChanged.connect(self.refresh)
        self.refresh()

    def fill_years(self) -> None:
        """Years that have classes plus the current year; the latest year with classes first."""
        with_classes = lists.course_years()
        years = sorted({*with_classes, dt.date.today().year}, reverse=True)
        default = with_classes[0] if with_classes else dt.date.today().year
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for year in years:
            self.year_combo.addItem(str(year), year)
        self.year_combo.setCurrentIndex(years.index(default))
        self.year_combo.blockSignals(False)

    def year(self) -> int:
        return int(self.year_combo.currentData())

    def status(self) -> str | None:
        return self.status_combo.currentData()

    def reload(self) -> None:
        self.model.set_rows(lists.courses(self.year(), self.status(), self.filter_text()))

    def open_row(self, row: int) -> None:
        course = self.model.course(row)
        if course is None:
            return
        from app.ui.course_detail import open_course

        open_course(course.id, self.window())
