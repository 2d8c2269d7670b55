"""An instructor's award: competition (Hội thi giảng viên giỏi) or commendation, level, prize, year."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.services import catalogues
from app.services import instructor_records as records
from app.ui.dialogs.instructor_form import RecordForm
from app.ui.events import perform


class AwardForm(RecordForm):
    """A new award of ``instructor_id`` (``award_id`` None) or an edit of one."""

    def __init__(self, instructor_id: int, award_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Thêm khen thưởng" if award_id is None else "Sửa khen thưởng", parent)
        self.instructor_id, self.award_id = instructor_id, award_id
        data = records.award_input(award_id) if award_id else records.AwardInput("")
        year = QLineEdit("" if data.year in (None, "") else str(data.year), self)
        year.setMaxLength(4)
        year.setPlaceholderText("Ví dụ: 2019")
        self.add_field("year", "&Năm:", year)
        title = QComboBox(self)
        title.setEditable(True)
        title.addItems([records.DEFAULT_AWARD_TITLE, "Giấy khen", "Bằng khen", "Chiến sĩ thi đua cơ sở"])
        title.setCurrentText(data.title)
        self.add_field("title", "&Hội thi, khen thưởng:", title)
        self.add_field("level", "&Cấp:", self.combo(catalogues.catalogue("award_levels"), data.level))
        prizes = self.combo(catalogues.catalogue("prizes"), data.prize, blank="(không có giải)")
        self.add_field("prize", "&Giải:", prizes)
        self.add_field("note", "Gh&i chú:", QLineEdit(data.note, self))

    def value(self) -> records.AwardInput:
        title = self.fields["title"]
        assert isinstance(title, QComboBox)
        return records.AwardInput(self.text("year"), title.currentText(), self.text("level"), self.text("prize"),
                                  self.text("note"))

    def submit(self) -> int:
        if self.award_id is None:
            return perform(records.add_award, self.instructor_id, self.value())
        perform(records.update_award, self.award_id, self.value())
        return self.award_id
