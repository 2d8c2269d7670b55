"""A class opened from the Lớp học tab: sub-tabs Thông tin · Học viên · Lịch học · Phiếu phản hồi · In.

Each sub-tab lives in its own module of this package and is a QWidget built as
``Tab(course_id, parent, course=info)`` with a ``refresh()`` method. The window reads its class
(a plain :class:`CourseInfo` row) once when it opens and once per change, hands it to the
sub-tabs, and refreshes those that show something the change hub says has changed.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.domain.changes import Changes
from app.services.course_view import CourseInfo, course_info
from app.ui.course_detail.feedback import FeedbackTab
from app.ui.course_detail.info import InfoTab
from app.ui.course_detail.lessons import LessonsTab
from app.ui.course_detail.printouts import PrintoutsTab
from app.ui.course_detail.trainees import TraineesTab
from app.ui.events import changes
from app.ui.widgets.fit import fit_to_screen
from app.ui.windows import show_one

_open_windows: dict[int, CourseDetailWindow] = {}


class CourseDetailWindow(QWidget):
    """One window per class; opening the same class again brings its window forward."""

    def __init__(self, course_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.course_id = course_id
        self.course: CourseInfo | None = course_info(course_id)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("CourseDetailWindow")
        self.tabs = QTabWidget(self)
        course = self.course
        self.info_tab = InfoTab(course_id, self, course=course)
        self.trainees_tab = TraineesTab(course_id, self, course=course)
        self.lessons_tab = LessonsTab(course_id, self, course=course)
        self.feedback_tab = FeedbackTab(course_id, self, course=course)
        self.printouts_tab = PrintoutsTab(course_id, self, course=course)
        for tab, title in ((self.info_tab, "Thông tin"), (self.trainees_tab, "Học viên"),
                           (self.lessons_tab, "Lịch học"), (self.feedback_tab, "Phiếu phản hồi"),
                           (self.printouts_tab, "In")):
            self.tabs.addTab(tab, title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.tabs)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, self.close)
        self.update_title()
        fit_to_screen(self, 1100, 700)
        changes().changed.connect(self._on_changed)

    def sub_tabs(self) -> list[InfoTab | TraineesTab | LessonsTab | FeedbackTab | PrintoutsTab]:
        return [self.info_tab, self.trainees_tab, self.lessons_tab, self.feedback_tab, self.printouts_tab]

    def update_title(self) -> None:
        course = self.course
        self.setWindowTitle(f"Lớp {course.code} — {course.name}" if course else "Lớp")

    def _on_changed(self, topics: Changes) -> None:
        self.course = course_info(self.course_id)  # once per change, for every sub-tab
        if self.course is None:  # deleted
            self.close()
            return
        self.update_title()
        for tab in self.sub_tabs():
            tab.course = self.course
            tab.on_changed(topics)

    def closeEvent(self, event) -> None:
        _open_windows.pop(self.course_id, None)
        with contextlib.suppress(RuntimeError, TypeError):
            changes().changed.disconnect(self._on_changed)
        super().closeEvent(event)


def open_course(course_id: int, parent: QWidget | None = None) -> CourseDetailWindow:
    """Show the class's window (creating it, or bringing the open one forward)."""
    return show_one(_open_windows, course_id, lambda: CourseDetailWindow(course_id, parent))
