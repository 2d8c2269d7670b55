"""The class window's *Học viên* sub-tab (placeholder until its feature lands)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.ui.course_detail.base import CourseSubTab


class TraineesTab(CourseSubTab):
    topics = ("enrollments", "trainees", "attendance", "lessons", "certificates")

    def __init__(self, course_id: int, parent: QWidget | None = None) -> None:
        super().__init__(course_id, parent)
        self.label = QLabel(self)
        QVBoxLayout(self).addWidget(self.label)
        self.refresh()

    def refresh(self) -> None:
        self.label.setText("Học viên")
