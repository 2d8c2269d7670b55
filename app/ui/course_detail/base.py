"""What every sub-tab of the class window has: its class id, refresh(), and change handling."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.domain.changes import Changes, Topic
from app.ui.events import touches


class CourseSubTab(QWidget):
    """Subclasses set :attr:`topics` (what they show) and implement :meth:`refresh`."""

    topics: tuple[Topic, ...] = ()

    def __init__(self, course_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.course_id = course_id

    def refresh(self) -> None:  # re-read what the tab shows
        raise NotImplementedError

    def on_changed(self, topics: Changes) -> None:
        if touches(topics, Topic.COURSES, *self.topics):
            self.refresh()
