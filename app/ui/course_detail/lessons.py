"""The class window's *Lịch học* sub-tab: the lessons in teaching order; Ctrl+N adds, Enter edits,
Delete asks and deletes."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from app.domain.changes import Topic
from app.domain.errors import UserError
from app.domain.formatting import format_date, format_int
from app.services import lessons
from app.services.course_view import CourseInfo
from app.ui.course_detail.base import CourseSubTab
from app.ui.dialogs.common import confirm, setup_table, show_error
from app.ui.dialogs.lesson_form import LessonFormDialog
from app.ui.events import perform
from app.ui.models.table import Column, RowTableModel
from app.ui.shortcuts import show_key

LESSON_COLUMNS: tuple[Column, ...] = (
    Column("Ngày", lambda r: format_date(r.date), width=10),
    Column("Buổi", lambda r: r.session_name, width=6),
    Column("Chuyên đề", lambda r: r.topic, width=40, stretch=True),
    Column("Số tiết", lambda r: r.periods, width=6, numeric=True),
    Column("Giảng viên", lambda r: r.instructor, width=22),
    Column("Loại", lambda r: r.kind_name, width=21),
)


class LessonsTab(CourseSubTab):
    topics = (Topic.LESSONS, Topic.INSTRUCTORS)

    def __init__(self, course_id: int, parent: QWidget | None = None, *,
                 course: CourseInfo | None = None) -> None:
        super().__init__(course_id, parent, course=course)
        self.model = RowTableModel(LESSON_COLUMNS, self)
        self.view = QTableView(self)
        setup_table(self.view, self.model, widths=[c.width for c in LESSON_COLUMNS], stretch=2)
        self.view.activated.connect(lambda index: self.edit(index.row()))
        self.add_button = QPushButton("Thêm buổi học…", self)
        self.add_button.setToolTip("Ctrl+N")
        self.edit_button = QPushButton("Sửa…", self)
        self.delete_button = QPushButton("Xóa…", self)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(lambda: self.edit(self.view.currentIndex().row()))
        self.delete_button.clicked.connect(lambda: self.delete(self.view.currentIndex().row()))
        self.total = QLabel(self)
        bar = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.total)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        QShortcut(QKeySequence.StandardKey.New, self, self.add).setContext(
            Qt.ShortcutContext.WidgetWithChildrenShortcut)
        show_key(self.add_button, QKeySequence.StandardKey.New, "Thêm một buổi học vào lịch của lớp")
        self.view.installEventFilter(self)  # Delete on the list asks and deletes
        self.dialog: QWidget | None = None
        self.refresh()

    def eventFilter(self, watched, event) -> bool:
        if (watched is self.view and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Delete
                and not event.modifiers()):
            self.delete(self.view.currentIndex().row())
            return True
        return super().eventFilter(watched, event)

    def refresh(self) -> None:
        current = self.view.currentIndex().row()
        rows = lessons.lesson_rows(self.course_id)
        self.model.set_rows(rows)
        if rows:
            self.view.setCurrentIndex(self.model.index(min(max(current, 0), len(rows) - 1), 0))
        periods = sum(r.periods for r in rows)
        self.total.setText(f"{format_int(len(rows))} buổi · {format_int(periods)} tiết")

    def add(self) -> LessonFormDialog:
        course = self.shown_course()
        rows = self.model.row_count()
        last = self.model.row_at(rows - 1) if rows else None
        default = format_date(last.date if last else course.start_date)
        self.dialog = LessonFormDialog(self.course_id, parent=self, default_date=default)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()
        return self.dialog

    def edit(self, row: int) -> LessonFormDialog | None:
        lesson = self.model.row_at(row)
        if lesson is None:
            return None
        self.dialog = LessonFormDialog(self.course_id, lesson, self)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()
        return self.dialog

    def delete(self, row: int):
        lesson = self.model.row_at(row)
        if lesson is None:
            return None
        marks = f" cùng {format_int(lesson.marks)} lượt điểm danh" if lesson.marks else ""
        self.dialog = confirm(self, "Xóa buổi học",
                              f"Xóa buổi {lesson.session_name.lower()} {format_date(lesson.date)} "
                              f"\u201c{lesson.topic}\u201d{marks}?", lambda: self._delete(lesson.id), yes="Xóa")
        return self.dialog

    def _delete(self, lesson_id: int) -> None:
        try:
            perform(lessons.delete_lesson, lesson_id)
        except UserError as exc:
            self.dialog = show_error(self, exc)
