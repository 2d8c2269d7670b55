"""The lesson form (Thêm / Sửa buổi học): date, half-day, topic, periods, instructor, kind.

A new lesson opens on the next free half-day of the class; the topic field completes from the
topics of the program's earlier classes and fills in how the chosen one was taught last time."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError
from app.domain.formatting import format_date
from app.services import lessons
from app.services.lessons import MAX_PERIODS, SESSION_LABELS, LessonInput, LessonRow
from app.ui.dialogs.common import FieldErrors, buttons, date_line_edit
from app.ui.events import perform


class LessonFormDialog(QDialog):
    """New lesson of ``course_id`` (``lesson`` None) or edit ``lesson``; one service call."""

    def __init__(self, course_id: int, lesson: LessonRow | None = None, parent: QWidget | None = None, *,
                 default_date: str = "", default_session: str = "morning") -> None:
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
        self.session_combo.setCurrentIndex(max(0, self.session_combo.findData(default_session)))
        self.topic_edit = QLineEdit(self)
        self.topic_edit.setPlaceholderText("Tên chuyên đề, bài giảng (gõ vài chữ để chọn chuyên đề đã dạy)")
        self.suggestions = {s.topic: s for s in lessons.topic_suggestions(course_id)}
        self.completer = QCompleter(list(self.suggestions), self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setMaxVisibleItems(12)
        self.topic_edit.setCompleter(self.completer)
        self.completer.activated.connect(self.use_suggestion)
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
            if self.kind_combo.findData(lesson.kind) < 0:  # a retired kind stays on the lessons that have it
                self.kind_combo.addItem(lesson.kind_name, lesson.kind)
            self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(lesson.kind)))

    def use_suggestion(self, topic: str) -> None:
        """A topic taught before: its periods, kind and instructor as the latest time (still editable)."""
        found = self.suggestions.get(topic)
        if found is None or self.lesson is not None:
            return
        self.periods_spin.setValue(min(found.periods, MAX_PERIODS))
        if self.kind_combo.findData(found.kind) >= 0:
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(found.kind))
        if found.instructor_id is not None and self.instructor_combo.findData(found.instructor_id) > 0:
            self.instructor_combo.setCurrentIndex(self.instructor_combo.findData(found.instructor_id))

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


class CopyTimetableDialog(QDialog):
    """Sao chép lịch học từ lớp…: pick a class; see where its lessons would fall; copy all or nothing."""

    def __init__(self, course_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.course_id = course_id
        self.setWindowTitle("Sao chép lịch học từ lớp khác")
        self.setMinimumWidth(640)
        self.source_combo = QComboBox(self)
        self.source_combo.setEditable(True)
        self.source_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.source_combo.completer()  # an editable combo has one
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        for code, label, _count in lessons.copy_choices(course_id):
            self.source_combo.addItem(label, code)
        self.preview = QLabel(self)
        self.preview.setWordWrap(True)
        self.errors = FieldErrors(self)
        form = QFormLayout()
        form.addRow("Lấy lịch học của lớp:", self.errors.wrap("source", self.source_combo))
        self.buttons = buttons(self, ok="Sao chép")
        self.buttons.accepted.connect(self.save)
        layout = QVBoxLayout(self)
        intro = QLabel("Các buổi học giữ thứ tự ngày làm việc (bỏ qua thứ Bảy, Chủ nhật), buổi sáng/chiều, "
                       "chuyên đề, số tiết, loại buổi và giảng viên; ngày được dời theo ngày khai giảng "
                       "của lớp này. Lịch quá ngày kết thúc lớp hoặc trùng buổi đã có thì không sao chép.", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.source_combo.currentIndexChanged.connect(lambda _i: self.show_preview())
        self.show_preview()

    def source_code(self) -> str:
        return self.source_combo.currentData() or ""

    def show_preview(self) -> None:
        """Where the lessons would fall, or why they cannot be copied (nothing is written here)."""
        self.errors.clear()
        if not self.source_code():
            self.preview.setText("Chưa có lớp nào có lịch học để sao chép.")
            self.ok_button.setEnabled(False)
            return
        try:
            planned = lessons.plan_copy(self.source_code(), self.course_id)
        except UserError as exc:
            self.preview.setText("")
            self.errors.show(exc.message, exc.field)
            self.ok_button.setEnabled(False)
            return
        days = sorted({p.date for p in planned})
        self.preview.setText(f"Sẽ thêm {len(planned)} buổi học vào {len(days)} ngày, từ {format_date(days[0])} "
                             f"đến {format_date(days[-1])}.")
        self.ok_button.setEnabled(True)

    def save(self) -> None:
        self.errors.clear()
        try:
            perform(lessons.copy_timetable, self.source_code(), self.course_id)
        except UserError as exc:
            self.errors.show(exc.message, exc.field)
            return
        self.accept()
