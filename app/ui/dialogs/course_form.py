"""The class form (Lớp mới / Sửa thông tin lớp): every field of SPEC §3, saved by one service call."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.dates import format_date, parse_date
from app.domain.errors import ChangedElsewhereError, UserError, ValidationError
from app.services import catalogues, courses, organizations, plans
from app.services.course_view import CourseInfo, course_info
from app.services.courses import CourseInput
from app.ui.dialogs.common import FieldErrors, buttons, date_line_edit
from app.ui.events import perform

# Service field → form field, where their names differ.
_FIELD_ALIASES = {"end_date": "end", "start_date": "start", "program_code": "program"}


def organization_completer(parent: QWidget) -> QCompleter:
    """Completion over the names and aliases of the organisations, folded as you type."""
    completer = QCompleter(organizations.organization_names(), parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    return completer


class CourseFormDialog(QDialog):
    """New class (``course_id`` None) or edit one. ``saved`` holds the class after saving."""

    def __init__(self, course_id: int | None = None, parent: QWidget | None = None, *,
                 program_code: str | None = None) -> None:
        super().__init__(parent)
        self.course_id = course_id
        self.saved: CourseInfo | None = None  # the class as saved (a plain row), once accepted
        self.setWindowTitle("Sửa thông tin lớp" if course_id else "Lớp mới")
        self.setMinimumWidth(640)
        self.errors = FieldErrors(self)
        self.program_combo = QComboBox(self)
        for code, name in catalogues.program_choices():  # retired programs only on the classes that hold them
            self.program_combo.addItem(f"{code} – {name}", code)
        self.name_edit = QLineEdit(self)
        self.code_edit = QLineEdit(self)
        self.code_edit.setPlaceholderText("Ví dụ: NTVD-2026-01")
        self.start_edit = date_line_edit(self)
        self.end_edit = date_line_edit(self)
        self.venue_edit = QLineEdit(self)
        self.venue_edit.setPlaceholderText("Ví dụ: Hội trường Trung tâm")
        self.partner_edit = QLineEdit(self)
        self.partner_edit.setPlaceholderText("Đơn vị phối hợp mở lớp (nếu có)")
        self.partner_edit.setCompleter(organization_completer(self))
        self.decision_number_edit = QLineEdit(self)
        self.decision_number_edit.setPlaceholderText("Ví dụ: 25-QĐ/TTCT")
        self.decision_date_edit = date_line_edit(self)
        self.monitor_edit = QLineEdit(self)
        self.status_combo = QComboBox(self)
        for code, name in catalogues.catalogue("course_statuses"):
            if code != "cancelled":  # cancelling asks for a reason: the Hủy lớp button
                self.status_combo.addItem(name, code)
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(self.fontMetrics().height() * 3 + 12)

        dates = self._row(("start", self.start_edit, 0), "đến ngày", ("end", self.end_edit, 0))
        decision = self._row(("decision_number", self.decision_number_edit, 1), "ngày",
                             ("decision_date", self.decision_date_edit, 0))

        form = QFormLayout()
        form.addRow("Chương trình:", self.errors.wrap("program", self.program_combo))
        form.addRow("Tên lớp:", self.errors.wrap("name", self.name_edit))
        form.addRow("Mã lớp:", self.errors.wrap("code", self.code_edit))
        form.addRow("Từ ngày:", dates)
        form.addRow("Địa điểm:", self.errors.wrap("venue", self.venue_edit))
        form.addRow("Đơn vị phối hợp:", self.errors.wrap("partner", self.partner_edit))
        form.addRow("Quyết định mở lớp số:", decision)
        form.addRow("Lớp trưởng:", self.errors.wrap("monitor", self.monitor_edit))
        form.addRow("Trạng thái:", self.errors.wrap("status", self.status_combo))
        form.addRow("Ghi chú:", self.errors.wrap("note", self.note_edit))
        self.buttons = buttons(self)
        self.buttons.accepted.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)

        self.stamp: str | None = None  # what the class was when shown (compare-on-write)
        if course_id is not None:
            self.stamp = courses.edit_stamp(course_id)
            course = course_info(course_id)
            if course is None:  # deleted meanwhile: the form cannot open (as Course.get_by_id refused)
                raise LookupError(f"class {course_id} is no longer in the database")
            self._load(course)
        else:
            if program_code:
                self.program_combo.setCurrentIndex(max(0, self.program_combo.findData(program_code)))
            self.program_combo.currentIndexChanged.connect(self._suggest)
            self.start_edit.editingFinished.connect(self._suggest)
            self._suggested = ("", "")
            self._suggest()

    def _row(self, first: tuple[str, QWidget, int], between: str, second: tuple[str, QWidget, int]) -> QWidget:
        """Two editors on one line with a word between; their errors below, full width."""
        box = QWidget(self)
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(first[1], first[2])
        line.addWidget(QLabel(between, box))
        line.addWidget(second[1], second[2])
        if not first[2] and not second[2]:
            line.addStretch(1)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(line)
        for field, editor, _stretch in (first, second):
            column.addWidget(self.errors.register(field, editor, box))
        return box

    def _load(self, course: CourseInfo) -> None:
        if self.program_combo.findData(course.program_code) < 0:
            self.program_combo.addItem(f"{course.program_code} – {course.program_name}", course.program_code)
        self.program_combo.setCurrentIndex(max(0, self.program_combo.findData(course.program_code)))
        self.name_edit.setText(course.name)
        self.code_edit.setText(course.code)
        self.start_edit.setText(format_date(course.start_date))
        self.end_edit.setText(format_date(course.end_date))
        self.venue_edit.setText(course.venue)
        self.partner_edit.setText(course.partner_name)
        self.decision_number_edit.setText(course.decision_number)
        self.decision_date_edit.setText(format_date(course.decision_date))
        self.monitor_edit.setText(course.monitor)
        if course.status == "cancelled":  # a cancelled class stays cancelled (its reason is audited)
            self.status_combo.addItem("Hủy", "cancelled")
            self.status_combo.setEnabled(False)
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(course.status)))
        self.note_edit.setPlainText(course.note)

    def _suggest(self) -> None:
        """A new class: propose the next code and the usual name until the user types their own."""
        try:
            year = parse_date(self.start_edit.text()).year
        except ValidationError:
            year = dt.date.today().year
        code, name = plans.suggest_course(self.program_combo.currentData() or "", year)
        old_code, old_name = self._suggested
        if self.code_edit.text() in ("", old_code):
            self.code_edit.setText(code)
        if self.name_edit.text() in ("", old_name):
            self.name_edit.setText(name)
        self._suggested = (code, name)

    def course_input(self) -> CourseInput:
        return CourseInput(
            code=self.code_edit.text(), program_code=self.program_combo.currentData() or "",
            name=self.name_edit.text(), start=self.start_edit.text(), end=self.end_edit.text(),
            venue=self.venue_edit.text(), partner=self.partner_edit.text(),
            decision_number=self.decision_number_edit.text(), decision_date=self.decision_date_edit.text() or None,
            monitor=self.monitor_edit.text(), status=self.status_combo.currentData() or "planned",
            note=self.note_edit.toPlainText())

    def _check_dates(self) -> bool:
        """Say which date field is wrong (the service's message names no field for a bad date);
        one message at a time, on the first wrong field."""
        for field, edit, required in (("start", self.start_edit, True), ("end", self.end_edit, True),
                                      ("decision_date", self.decision_date_edit, False)):
            try:
                parse_date(edit.text(), required=required)
            except ValidationError as exc:
                self.errors.show(exc.message, field)
                return False
        return True

    def accept(self) -> None:
        """Closed after a save: :attr:`saved` becomes the plain row of the saved class."""
        if self.saved is not None and not isinstance(self.saved, CourseInfo):
            self.saved = course_info(self.saved.id)
        super().accept()

    def save(self) -> None:
        """One service call; a broken rule is shown next to its field and nothing is written."""
        self.errors.clear()
        if not self._check_dates():
            return
        data = self.course_input()
        try:
            if self.course_id is None:
                self.saved = perform(courses.add_course, data)
            else:
                self.saved = perform(courses.update_course, self.course_id, data, expected=self.stamp)
        except ChangedElsewhereError as exc:  # another PC saved first: show its values, then say so
            assert self.course_id is not None
            self.stamp = courses.edit_stamp(self.course_id)
            fresh = course_info(self.course_id)
            if fresh is not None:
                self._load(fresh)
            self.errors.show(exc.message)
            return
        except UserError as exc:
            self.errors.show(exc.message, _FIELD_ALIASES.get(exc.field or "", exc.field))
            return
        self.accept()
