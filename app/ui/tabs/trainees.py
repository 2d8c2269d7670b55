"""Học viên: every trainee in Vietnamese name order; search without diacritics; Enter opens the
record and training history, Ctrl+N the new trainee form."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from app.domain.changes import Changes, Topic
from app.services import lists
from app.ui.events import changes, perform, touches
from app.ui.models.trainees import TraineeModel
from app.ui.tabs.base import ListTab

if TYPE_CHECKING:  # dialogs load when first opened: a faster start
    from app.ui.dialogs.trainee_detail import TraineeDetailDialog
    from app.ui.dialogs.trainee_form import TraineeFormDialog


class TraineesTab(ListTab):
    noun = "học viên"
    model: TraineeModel

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(TraineeModel(), parent)
        self.filter_edit.setToolTip(
            "Gõ họ tên (không cần dấu, ví dụ \u201cthao a su\u201d), số CCCD, năm sinh hoặc đơn vị. "
            "Ctrl+F để lọc.")
        self.new_button = QPushButton("Học viên mới", self)
        self.new_button.setToolTip("Thêm học viên mới (Ctrl+N)")
        self.new_button.clicked.connect(self.add_new)
        self.toolbar.addWidget(self.new_button)
        self.export_button = QPushButton("Xuất Excel…", self)
        self.export_button.setToolTip("Lưu danh sách học viên đang hiện (theo ô lọc) ra tệp Excel")
        self.export_button.clicked.connect(lambda: self.export_excel())
        self.toolbar.addWidget(self.export_button)
        self.dialog: QWidget | None = None
        changes().changed.connect(self._on_changed)
        self.refresh()

    def reload(self) -> None:
        current = self.model.row_at(self.view.currentIndex().row())
        text = self.filter_text()
        if lists.filters_nothing(text):
            self.model.show_everyone()  # counted now, read a page at a time
        else:
            self.model.set_ids(lists.trainee_ids(text))
        row = self.model.row_of(current.id) if current is not None else None
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, 0))

    def _on_changed(self, topics: Changes) -> None:
        if touches(topics, Topic.TRAINEES, Topic.ORGANIZATIONS):
            self.refresh()
        elif touches(topics, Topic.ENROLLMENTS):
            # Only the class counts changed (a score typed, a trainee enrolled): the same ids,
            # their rows re-read as they are shown, no new search over 100,000 trainees.
            current = self.view.currentIndex()
            self.model.set_ids(self.model.ids())
            if current.isValid():
                self.view.setCurrentIndex(self.model.index(current.row(), current.column()))

    def export_excel(self, path=None):
        """The trainees of the current filter (everyone when empty) to an .xlsx, streamed on the
        executor with a progress bar and Hủy."""
        from app.outputs.lists import export_trainees
        from app.ui.exports import export_to_excel

        return export_to_excel(self, export_trainees, self.filter_text(), suggested="Danh sách học viên",
                               noun="học viên", guard=self.export_button, path=path, long=True)

    def open_row(self, row: int) -> TraineeDetailDialog | None:
        trainee = self.model.row_at(row)
        if trainee is None:
            return None
        from app.ui.dialogs.trainee_detail import TraineeDetailDialog

        dialog = TraineeDetailDialog(trainee.id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def add_new(self) -> TraineeFormDialog:
        from app.ui.dialogs.trainee_form import TraineeFormDialog

        dialog = TraineeFormDialog(parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def delete_selected(self):
        trainee = self.model.row_at(self.view.currentIndex().row())
        if trainee is None:
            return None
        from app.ui.dialogs.common import ReasonDialog

        dialog = ReasonDialog("Xóa học viên", f"Xóa hồ sơ học viên {trainee.full_name}?\nViệc xóa được ghi vào "
                              "nhật ký. Học viên đã học lớp nào thì không xóa được.", self, ok="Xóa")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._delete(trainee.id, dialog.reason()))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _delete(self, trainee_id: int, reason: str) -> None:
        from app.domain.errors import UserError
        from app.services.trainees import delete_trainee
        from app.ui.dialogs.common import show_error

        try:
            perform(delete_trainee, trainee_id, reason)
        except UserError as exc:
            self.dialog = show_error(self, exc)
