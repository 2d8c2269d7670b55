"""The lesson form (Thêm / Sửa buổi học): date, half-day, topic, periods, instructor, kind."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from app.domain.errors import UserError
from app.domain.formatting import format_date
from app.services import lessons
from app.services.lessons import MAX_PERIODS, SESSION_LABELS, LessonInput, LessonRow
from app.ui.dialogs.common import FieldErrors, buttons, date_line_edit
from app.ui.events import perform


class LessonFormDialog(QDialog):
    """New lesson of ``course_id`` (``lesson`` None) or edit ``lesson``; one service call."""

    def __init__(self, course_id: int, lesson: LessonRow | None = None, parent: QWidget | None = None, *,
                 default_date: str = "") -> None:
        super().__init__(parent)
        self.course_id = course_id
        self.lesson = lesson
        self.setWindowTitle("Sửa buổi học" if lesson else "Thêm buổi học")
        self.setMinimumWidth(560)
        self.errors = FieldErrors(self)
        self.date_edit = date_line_edit(self, default_date)
        self.session_combo = QComboBox(self)
        for code, label in SESSION_LABELS.items():
            self.session_combo.addItem(label, code)
        self.topic_edit = QLineEdit(self)
        self.topic_edit.setPlaceholderText("Tên chuyên đề, bài giảng")
        self.periods_spin = QSpinBox(self)
        self.periods_spin.setRange(0, MAX_PERIODS)
        self.periods_spin.setValue(4)
        self.periods_spin.setSuffix(" tiết")
        self.instructor_combo = QComboBox(self)
        self.instructor_combo.addItem("— chưa phân công —", None)
        for iid, name in lessons.instructor_choices():
            self.instructor_combo.addItem(name, iid)
        self.instructor_combo.setEditable(True)
        self.instructor_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.kind_combo = QComboBox(self)
        for code, name in lessons.lesson_kinds():
            self.kind_combo.addItem(name, code)
        form = QFormLayout()
        form.addRow("Ngày:", self.errors.wrap("date", self.date_edit))
        form.addRow("Buổi:", self.errors.wrap("session", self.session_combo))
        form.addRow("Chuyên đề:", self.errors.wrap("topic", self.topic_edit))
        form.addRow("Số tiết:", self.errors.wrap("periods", self.periods_spin))
        form.addRow("Giảng viên:", self.errors.wrap("instructor", self.instructor_combo))
        form.addRow("Loại buổi:", self.errors.wrap("kind", self.kind_combo))
        self.buttons = buttons(self)
        self.buttons.accepted.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)
        if lesson is not None:
            self.date_edit.setText(format_date(lesson.date))
            self.session_combo.setCurrentIndex(max(0, self.session_combo.findData(lesson.session)))
            self.topic_edit.setText(lesson.topic)
            self.periods_spin.setValue(lesson.periods)
            self.instructor_combo.setCurrentIndex(max(0, self.instructor_combo.findData(lesson.instructor_id)))
            self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(lesson.kind)))

    def instructor_id(self) -> int | None:
        """The chosen instructor; a typed name must be one of the list."""
        index = self.instructor_combo.findText(self.instructor_combo.currentText())
        return self.instructor_combo.itemData(index) if index > 0 else None

    def lesson_input(self) -> LessonInput:
        return LessonInput(date=self.date_edit.text(), session=self.session_combo.currentData(),
                           topic=self.topic_edit.text(), periods=self.periods_spin.value(),
                           instructor_id=self.instructor_id(), kind=self.kind_combo.currentData() or "")

    def save(self) -> None:
        self.errors.clear()
        text = self.instructor_combo.currentText().strip()
        if text and self.instructor_combo.findText(text) < 0:
            self.errors.show(f"Không có giảng viên \"{text}\" trong danh sách.", "instructor")
            return
        try:
            if self.lesson is None:
                perform(lessons.add_lesson, self.course_id, self.lesson_input())
            else:
                perform(lessons.update_lesson, self.lesson.id, self.lesson_input())
        except UserError as exc:
            self.errors.show(exc.message, exc.field)
            return
        self.accept()
