"""What every sub-tab of the class window has: its class (a plain row the window fetched once),
refresh(), and change handling."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.domain.changes import Changes, Topic
from app.services.course_view import CourseInfo, course_info
from app.ui.events import touches


class CourseSubTab(QWidget):
    """Subclasses set :attr:`topics` (what they show) and implement :meth:`refresh`."""

    topics: tuple[Topic, ...] = ()

    def __init__(self, course_id: int, parent: QWidget | None = None, *,
                 course: CourseInfo | None = None) -> None:
        super().__init__(parent)
        self.course_id = course_id
        # The class as the window last read it; a sub-tab shown alone reads it once itself.
        self.course: CourseInfo | None = course if course is not None else course_info(course_id)

    def refresh(self) -> None:  # re-read what the tab shows
        raise NotImplementedError

    def on_changed(self, topics: Changes) -> None:
        if touches(topics, Topic.COURSES, *self.topics):
            self.refresh()
