"""An observed lesson (dự giờ / thao giảng): date, lesson, observers, rating, strengths, weaknesses."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from app.domain.dates import format_date
from app.services import catalogues
from app.services import instructor_records as records
from app.services.instructors import lessons_taught
from app.ui.dialogs.instructor_form import RecordForm
from app.ui.events import perform


class ObservationForm(RecordForm):
    """A new observation of ``instructor_id`` (``observation_id`` None) or an edit of one."""

    def __init__(self, instructor_id: int, observation_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("Thêm dự giờ, thao giảng" if observation_id is None else "Sửa dự giờ, thao giảng", parent)
        self.instructor_id, self.observation_id = instructor_id, observation_id
        data = records.observation_input(observation_id) if observation_id else records.ObservationInput(
            dt.date.today())
        date = QLineEdit(format_date(data.date) if isinstance(data.date, dt.date) else str(data.date or ""), self)
        date.setPlaceholderText("ngày/tháng/năm")
        self.add_field("date", "&Ngày:", date)
        self.add_field("kind", "&Hình thức:", self.combo(list(records.OBSERVATION_KINDS.items()), data.kind,
                                                         blank=None))
        lesson = QComboBox(self)
        lesson.addItem("(không gắn với buổi giảng trong lịch)", None)
        for row in lessons_taught(instructor_id):
            lesson.addItem(f"{format_date(row.date)} · {row.course_code} · {row.topic}", row.lesson_id)
        lesson.setCurrentIndex(max(lesson.findData(data.lesson_id), 0) if data.lesson_id else 0)
        lesson.currentIndexChanged.connect(self._lesson_chosen)
        self.add_field("lesson", "&Buổi giảng:", lesson)
        self.add_field("observers", "&Người dự:", QLineEdit(data.observers, self))
        self.add_field("rating", "&Xếp loại:", self.combo(catalogues.catalogue("observation_ratings"), data.rating))
        for name, label, text in (("strengths", "Ư&u điểm:", data.strengths),
                                  ("weaknesses", "Hạn &chế:", data.weaknesses)):
            edit = QPlainTextEdit(text, self)
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(70)
            self.add_field(name, label, edit)

    def _lesson_chosen(self) -> None:
        """Choosing a lesson of the schedule fills in its date."""
        lesson = self.fields["lesson"]
        assert isinstance(lesson, QComboBox)
        text = lesson.currentText()
        date = self.fields["date"]
        if lesson.currentData() is not None and isinstance(date, QLineEdit):
            date.setText(text.split(" · ", 1)[0])

    def value(self) -> records.ObservationInput:
        lesson = self.fields["lesson"]
        assert isinstance(lesson, QComboBox)
        return records.ObservationInput(self.text("date"), self.text("kind"), lesson.currentData(),
                                        self.text("observers"), self.text("rating"), self.text("strengths"),
                                        self.text("weaknesses"))

    def submit(self) -> int:
        if self.observation_id is None:
            return perform(records.add_observation, self.instructor_id, self.value())
        perform(records.update_observation, self.observation_id, self.value())
        return self.observation_id
