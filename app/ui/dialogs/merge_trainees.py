"""Gộp hai hồ sơ học viên: pick the other record by search, give the reason, confirm. Every
enrollment moves to the kept record; the service refuses when both are in the same class."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QMessageBox, QVBoxLayout, QWidget

from app.domain.errors import UserError
from app.domain.formatting import format_birth
from app.services import lists, trainees
from app.ui.dialogs.common import buttons, confirm, error_label
from app.ui.dialogs.enrol_search import TraineeSearch
from app.ui.events import perform
from app.ui.widgets.fit import fit_to_screen


class MergeTraineesDialog(QDialog):
    """Merges the chosen record into ``keep_id`` (audited with the reason)."""

    def __init__(self, keep_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.keep_id = keep_id
        keep = lists.trainee_rows([keep_id])[0]
        self.setWindowTitle("Gộp hồ sơ học viên")
        fit_to_screen(self, 1000, 560)
        intro = QLabel(f"Giữ hồ sơ <b>{keep.full_name}</b> ({format_birth(keep.birth_date, keep.birth_year)}"
                       f"{', ' + keep.unit if keep.unit else ''}). Chọn hồ sơ trùng để gộp vào: mọi lớp đã học "
                       "của hồ sơ đó được chuyển sang, các ô còn trống được điền từ hồ sơ đó, rồi hồ sơ đó bị xóa.",
                       self)
        intro.setWordWrap(True)
        self.search = TraineeSearch(self, exclude=keep_id)
        self.search.filter_edit.setText(keep.full_name)
        self.search.search()
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setPlaceholderText("Lý do gộp, ví dụ: nhập trùng khi nhập danh sách lớp")
        self.error = error_label(self)
        self.buttons = buttons(self, ok="Gộp…", cancel="Đóng")
        self.merge_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.ask)
        self.reason_edit.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.search, 1)
        layout.addWidget(QLabel("Lý do:", self))
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.question: QMessageBox | None = None
        self._update()

    def _update(self) -> None:
        self.merge_button.setEnabled(bool(self.reason_edit.text().strip()))

    def ask(self) -> QMessageBox | None:
        """Confirm with both names before merging."""
        ids = self.search.selected_ids()
        if not ids:
            self.error.setText("Hãy chọn hồ sơ cần gộp trong danh sách.")
            self.error.show()
            return None
        other = lists.trainee_rows(ids[:1])[0]
        self.question = confirm(
            self, "Gộp hồ sơ học viên",
            f"Gộp hồ sơ {other.full_name} ({format_birth(other.birth_date, other.birth_year)}, "
            f"{other.course_count} lớp) vào hồ sơ đang giữ?",
            lambda: self.merge(other.id), yes="Gộp", informative="Việc gộp được ghi vào nhật ký; không hoàn tác được.")
        return self.question

    def merge(self, other_id: int) -> None:
        self.error.hide()
        try:
            perform(trainees.merge_trainees, self.keep_id, other_id, self.reason_edit.text())
        except UserError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        self.accept()
