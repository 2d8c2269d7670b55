"""Giảng viên: full-time and part-time instructors in Vietnamese name order."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.services import lists
from app.ui.models.instructors import InstructorModel
from app.ui.tabs.base import ListTab


class InstructorsTab(ListTab):
    noun = "giảng viên"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(InstructorModel(), parent)
        self.refresh()

    def reload(self) -> None:
        self.model.set_rows(lists.instructors(self.filter_text()))
