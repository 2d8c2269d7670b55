"""An instructor opened from the Giảng viên tab: the record, standard hours per year against the
norm, lessons taught, feedback results across classes, awards and observations (each editable).

Keyboard: Ctrl+N adds to the list in view (awards, observations), Enter edits the current row,
Delete asks and deletes; F2 edits the instructor. One window per instructor.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.changes import Changes, Topic
from app.domain.dates import format_date
from app.domain.errors import UserError
from app.domain.formatting import format_decimal, format_percent
from app.services import catalogues, feedback
from app.services import instructor_records as records
from app.services import instructors as hours
from app.ui.dialogs.award_form import AwardForm
from app.ui.dialogs.common import table_for
from app.ui.dialogs.instructor_form import InstructorForm, RecordForm, open_form
from app.ui.dialogs.observation_form import ObservationForm
from app.ui.events import changes, perform, touches
from app.ui.messages import ask, show_user_error
from app.ui.models.table import Column, RowTableModel
from app.ui.widgets.fit import fit_column, fit_to_screen
from app.ui.windows import show_one

_open: dict[int, InstructorDetail] = {}
SESSION_NAMES = {"morning": "Sáng", "afternoon": "Chiều", "evening": "Tối"}


def _pct(value: float | None) -> str:
    return "" if value is None else format_decimal(value) + "%"


def _hours(value: float | None) -> str:
    return "" if value is None else format_decimal(value, 1)


LESSON_COLUMNS = (
    Column("Ngày", lambda r: format_date(r.date), 10),
    Column("Buổi", lambda r: SESSION_NAMES.get(r.session, r.session), 6),
    Column("Lớp", lambda r: r.course_code, 14),
    Column("Chuyên đề", lambda r: r.topic, 30, stretch=True),
    Column("Loại", lambda r: r.kind_name, 16),
    Column("Số tiết", lambda r: r.periods, 7, numeric=True),
    Column("Giờ chuẩn", lambda r: _hours(r.standard_hours), 9, numeric=True),
)
COURSE_FEEDBACK_COLUMNS = (
    Column("Lớp", lambda r: r.course_code, 14),
    Column("Tên lớp", lambda r: r.course_name, 24, stretch=True),
    Column("Khai giảng", lambda r: format_date(r.start_date), 10),
    Column("Số phiếu", lambda r: r.forms, 8, numeric=True),
    Column("Hài lòng", lambda r: _pct(r.satisfied_pct), 9, numeric=True),
    Column("Điểm TB", lambda r: format_decimal(r.mean, 2) if r.mean is not None else "", 8, numeric=True),
)
AWARD_COLUMNS = (
    Column("Năm", lambda r: str(r.year), 6),
    Column("Hội thi, khen thưởng", lambda r: r.title, 34, stretch=True),
    Column("Cấp", lambda r: r.level, 12),
    Column("Giải", lambda r: r.prize, 14),
    Column("Ghi chú", lambda r: r.note, 16),
)
OBSERVATION_COLUMNS = (
    Column("Ngày", lambda r: format_date(r.date), 10),
    Column("Hình thức", lambda r: r.kind, 10),
    Column("Buổi giảng", lambda r: r.lesson, 22),
    Column("Người dự", lambda r: r.observers, 18),
    Column("Xếp loại", lambda r: r.rating, 8),
    Column("Ưu điểm", lambda r: r.strengths, 24, stretch=True),
    Column("Hạn chế", lambda r: r.weaknesses, 24),
)


def _periods_of(code: str) -> Callable[[Any], object]:
    return lambda r: r.periods_by_kind.get(code, 0)


def _count_at(i: int) -> Callable[[Any], object]:
    return lambda r: r.counts[i] if i < len(r.counts) else ""


def hours_columns() -> tuple[Column, ...]:
    """Year, periods per kind of work (from the catalogue), standard hours, norm, share of the norm."""
    kinds = list(catalogues.catalogue_names("lesson_kinds").items())  # retired kinds were taught too
    per_kind = tuple(Column(f"Tiết: {name.lower()}", _periods_of(code), 12, numeric=True) for code, name in kinds)
    return (Column("Năm", lambda r: str(r.year), 6), *per_kind,
            Column("Tổng số tiết", lambda r: r.periods, 10, numeric=True),
            Column("Giờ chuẩn", lambda r: _hours(r.standard_hours), 9, numeric=True),
            Column("Định mức", lambda r: format_decimal(r.norm, 0) if r.norm is not None else "", 8, numeric=True),
            Column("Đạt (% định mức)", lambda r: format_percent(r.standard_hours, r.norm or 0), 13, numeric=True))


def question_columns(scale: tuple[tuple[int, str], ...]) -> tuple[Column, ...]:
    counts = tuple(Column(f"{value} – {label}", _count_at(i), 10, numeric=True)
                   for i, (value, label) in enumerate(scale))
    return (Column("Câu hỏi", lambda r: r.question, 26, stretch=True),
            Column("Số phiếu", lambda r: r.responses, 8, numeric=True), *counts,
            Column("Hài lòng", lambda r: _pct(r.satisfied_pct), 9, numeric=True),
            Column("Điểm TB", lambda r: format_decimal(r.mean, 2) if r.mean is not None else "", 8, numeric=True))


class EditableList(QWidget):
    """A table with Thêm / Sửa / Xóa: Ctrl+N, Enter and Delete do the same from the keyboard."""

    def __init__(self, columns: tuple[Column, ...], add: Callable[[], object], edit: Callable[[int], object],
                 delete: Callable[[int], object], parent: QWidget) -> None:
        super().__init__(parent)
        self.model = RowTableModel(columns, self)
        self.view = table_for(self.model, self)
        self.view.activated.connect(lambda index: self._with_row(index.row(), edit))
        buttons = QHBoxLayout()
        for text, slot in (("&Thêm (Ctrl+N)", add), ("&Sửa (Enter)", lambda: self._with_current(edit)),
                           ("&Xóa (Delete)", lambda: self._with_current(delete))):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        QShortcut(QKeySequence.StandardKey.New, self, add, context=context)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.view, lambda: self._with_current(delete), context=context)

    def _with_current(self, action: Callable[[int], object]) -> None:
        self._with_row(self.view.currentIndex().row(), action)

    def _with_row(self, row_number: int, action: Callable[[int], object]) -> None:
        row = self.model.row_at(row_number)
        if row is not None:
            action(row.id)

    def set_rows(self, rows: list) -> None:
        self.model.set_rows(rows)
        if rows and not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.model.index(0, 0))


class InstructorDetail(QDialog):
    """The instructor's record; refreshes when instructors, lessons, feedback or catalogues change."""

    def __init__(self, instructor_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.instructor_id = instructor_id
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("InstructorDetail")
        fit_to_screen(self, 1000, 640)
        self.header = QLabel(self)
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        edit_button = QPushButton("Sửa &thông tin (F2)", self)
        edit_button.clicked.connect(self.edit_instructor)
        QShortcut(QKeySequence(Qt.Key.Key_F2), self, self.edit_instructor)
        self.year_combo = QComboBox(self)
        year_label = QLabel("&Năm:", self)
        year_label.setBuddy(self.year_combo)
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(year_label)
        top.addWidget(self.year_combo)
        top.addWidget(edit_button)

        self.tabs = QTabWidget(self)
        self.hours_model = RowTableModel(hours_columns(), self)
        self.lessons_model = RowTableModel(LESSON_COLUMNS, self)
        hours_page = QWidget(self)
        hours_layout = QVBoxLayout(hours_page)
        hours_layout.addWidget(QLabel("Giờ chuẩn từng năm so với định mức:", hours_page))
        self.hours_view = table_for(self.hours_model, hours_page)
        self.hours_view.setMaximumHeight(self.hours_view.fontMetrics().height() * 13)
        hours_layout.addWidget(self.hours_view)
        self.lessons_label = QLabel(hours_page)
        hours_layout.addWidget(self.lessons_label)
        hours_layout.addWidget(table_for(self.lessons_model, hours_page), 1)
        self.tabs.addTab(hours_page, "&Giờ giảng, buổi giảng")

        self.questions_model = RowTableModel(question_columns(feedback.template_info().scale), self)
        self.courses_model = RowTableModel(COURSE_FEEDBACK_COLUMNS, self)
        feedback_page = QWidget(self)
        feedback_layout = QVBoxLayout(feedback_page)
        self.feedback_label = QLabel(feedback_page)
        feedback_layout.addWidget(self.feedback_label)
        self.questions_view = table_for(self.questions_model, feedback_page)
        feedback_layout.addWidget(self.questions_view, 1)
        feedback_layout.addWidget(QLabel("Theo từng lớp (mọi câu hỏi gộp lại):", feedback_page))
        feedback_layout.addWidget(table_for(self.courses_model, feedback_page), 1)
        self.tabs.addTab(feedback_page, "&Phản hồi của học viên")

        self.awards = EditableList(AWARD_COLUMNS, self.add_award, self.edit_award, self.delete_award, self)
        self.tabs.addTab(self.awards, "&Khen thưởng, hội thi")
        self.observations = EditableList(OBSERVATION_COLUMNS, self.add_observation, self.edit_observation,
                                         self.delete_observation, self)
        self.tabs.addTab(self.observations, "&Dự giờ, thao giảng")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.form: RecordForm | None = None
        self.refresh()
        self.year_combo.currentIndexChanged.connect(self.refresh_year)
        changes().changed.connect(self._on_changed)

    # -- reading ------------------------------------------------------------------------------

    def year(self) -> int | None:
        return self.year_combo.currentData()

    def refresh(self) -> None:
        data = records.instructor_input(self.instructor_id)
        level = catalogues.catalogue_names("theory_levels").get(data.theory_level, "")
        degree = catalogues.catalogue_names("degrees").get(data.degree, "")
        kind = hours.KIND_NAMES.get(data.kind, data.kind)
        details = " · ".join(p for p in (kind.capitalize(), data.position, data.unit,
                                         f"Chuyên môn: {degree}" if degree else "",
                                         f"LLCT: {level}" if level else "",
                                         "" if data.active else "Đã ngừng giảng dạy") if p)
        self.header.setText(f"<b style='font-size:14pt'>{data.full_name}</b><br>{details}")
        self.setWindowTitle(f"Giảng viên {data.full_name}")
        by_year = hours.hours_by_year(self.instructor_id)
        self.hours_model.set_rows(list(reversed(by_year)))
        keep = self.year_combo.currentData() if self.year_combo.count() else (by_year[-1].year if by_year else None)
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        self.year_combo.addItem("Tất cả các năm", None)
        for row in reversed(by_year):
            self.year_combo.addItem(str(row.year), row.year)
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(keep), 0))
        self.year_combo.blockSignals(False)
        self.awards.set_rows(records.awards(self.instructor_id))
        self.observations.set_rows(records.observations(self.instructor_id))
        self.refresh_year()

    def refresh_year(self) -> None:
        """Lessons and feedback of the chosen year (or of every year)."""
        year = self.year()
        lessons = hours.lessons_taught(self.instructor_id, year)
        self.lessons_model.set_rows(lessons)
        when = f"năm {year}" if year else "mọi năm"
        self.lessons_label.setText(f"Buổi giảng {when}: {len(lessons)} buổi, "
                                   f"{_hours(sum(r.standard_hours for r in lessons))} giờ chuẩn.")
        start, end = (dt.date(year, 1, 1), dt.date(year, 12, 31)) if year else (None, None)
        summary = feedback.instructor_summary(self.instructor_id, start, end)
        self.questions_model.set_rows(summary)
        fit_column(self.questions_view, 0, [q.question for q in summary], header="Câu hỏi")  # never cut
        forms = max((q.responses for q in summary), default=0)
        self.feedback_label.setText(f"Kết quả phiếu phản hồi về các buổi giảng ({when}, {forms} phiếu), "
                                    "hài lòng = hai mức cao nhất của thang:")
        self.courses_model.set_rows(records.feedback_by_course(self.instructor_id, year))

    def _on_changed(self, topics: Changes) -> None:
        if touches(topics, Topic.INSTRUCTORS, Topic.LESSONS, Topic.FEEDBACK, Topic.CATALOGUES, Topic.COURSES):
            self.refresh()

    def closeEvent(self, event) -> None:
        _open.pop(self.instructor_id, None)
        with contextlib.suppress(RuntimeError, TypeError):
            changes().changed.disconnect(self._on_changed)
        super().closeEvent(event)

    # -- writing ------------------------------------------------------------------------------

    def _open_form(self, form: RecordForm) -> RecordForm:
        self.form = open_form(form)
        return self.form

    def edit_instructor(self) -> RecordForm:
        return self._open_form(InstructorForm(self.instructor_id, self))

    def add_award(self) -> RecordForm:
        return self._open_form(AwardForm(self.instructor_id, None, self))

    def edit_award(self, award_id: int) -> RecordForm:
        return self._open_form(AwardForm(self.instructor_id, award_id, self))

    def add_observation(self) -> RecordForm:
        return self._open_form(ObservationForm(self.instructor_id, None, self))

    def edit_observation(self, observation_id: int) -> RecordForm:
        return self._open_form(ObservationForm(self.instructor_id, observation_id, self))

    def _delete(self, question: str, action: Callable[..., None], *args: Any) -> None:
        if not ask(self, "Xóa", question, yes="Xóa", no="Không xóa"):
            return
        try:
            perform(action, *args)
        except UserError as exc:
            show_user_error(self, exc)

    def delete_award(self, award_id: int) -> None:
        self._delete("Xóa khen thưởng này?", records.delete_award, award_id)

    def delete_observation(self, observation_id: int) -> None:
        self._delete("Xóa lần dự giờ, thao giảng này?", records.delete_observation, observation_id)


def open_instructor_detail(instructor_id: int, parent: QWidget | None = None) -> InstructorDetail:
    """Show the instructor's window (creating it, or bringing the open one forward)."""
    return show_one(_open, instructor_id, lambda: InstructorDetail(instructor_id, parent))
