"""Học viên: every trainee in Vietnamese name order; search without diacritics; Enter opens the
record and training history, Ctrl+N the new trainee form.

The filter never blocks typing: a search over 100,000 trainees (a one-letter word matches tens of
thousands, ~300 ms) runs on the window's executor, and the latest search wins: a keystroke makes
any search under way stale, a stale search still waiting is skipped, and a stale result is never
shown over a newer one. The GUI thread only swaps in the ids found (and paints the first page).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QPushButton, QWidget

from app.domain.changes import Changes, Topic
from app.domain.errors import UserError
from app.services import lists
from app.services.lists import TraineeRow
from app.ui.events import changes, perform, touches
from app.ui.models.trainees import PAGE_SIZE, TraineeModel
from app.ui.shortcuts import show_key
from app.ui.tabs.base import ListTab

if TYPE_CHECKING:  # dialogs load when first opened: a faster start
    from app.ui.dialogs.trainee_detail import TraineeDetailDialog
    from app.ui.dialogs.trainee_form import TraineeFormDialog
    from app.ui.executor import Task


class TraineesTab(ListTab):
    noun = "học viên"
    model: TraineeModel
    # A search's result is on screen (its text); the view has its new rows. For tests and the bench.
    searched = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        self._search = 0  # the latest search asked for; the result of an older one is dropped
        self._searching = False  # the latest search has not come back yet
        self.search_task: Task | None = None  # the latest search submitted
        super().__init__(TraineeModel(), parent)
        self.filter_edit.textChanged.connect(self._supersede)
        show_key(self.filter_edit, QKeySequence.StandardKey.Find,
                 "Gõ họ tên (không cần dấu, ví dụ \u201cthao a su\u201d), số CCCD, năm sinh hoặc đơn vị")
        self.new_button = QPushButton("Học viên mới", self)
        show_key(self.new_button, QKeySequence.StandardKey.New, "Thêm học viên mới")
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
        text = self.filter_text()
        self._search += 1
        if lists.filters_nothing(text):
            self._searching = False
            current = self.model.row_at(self.view.currentIndex().row())
            self.model.show_everyone()  # counted now (a millisecond), read a page at a time
            self._keep_current(current)
            return
        from app.ui.executor import executor

        search = self._search
        self._searching = True
        self.search_task = executor().submit(
            self._find, search, text, label="Đang tìm học viên…", parent=self, show_dialog=False,
            on_success=lambda ids: self._show_found(search, text, ids),
            on_failure=lambda exc: self._search_failed(search, exc))

    def _find(self, search: int, text: str) -> tuple[list[int], list[TraineeRow]] | None:
        """On the executor: the ids matching ``text`` and the rows of the first page, or None when
        a newer search was asked for meanwhile (it is not run at all)."""
        if search != self._search:
            return None
        ids = lists.trainee_ids(text)
        if search != self._search:
            return None  # stale already: no rows read for it
        return ids, lists.trainee_rows(ids[:PAGE_SIZE])

    def _show_found(self, search: int, text: str, found: tuple[list[int], list[TraineeRow]] | None) -> None:
        if search != self._search or found is None:
            return  # stale: a newer search is on its way
        self._searching = False
        current = self.model.row_at(self.view.currentIndex().row())
        self.model.set_ids(*found)
        self._keep_current(current)
        self.count_label.setText(self.count_text())
        self.searched.emit(text)

    def _search_failed(self, search: int, exc: UserError) -> None:
        if search != self._search:
            return
        self._searching = False
        self.count_label.setText(f"Không tìm được: {exc.message}")

    def _supersede(self) -> None:
        """A keystroke: whatever is being searched is stale now (the debounce asks anew)."""
        self._search += 1

    def _keep_current(self, current) -> None:
        row = self.model.row_of(current.id) if current is not None else None
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, 0))
        elif self.view.hasFocus() and self.model.rowCount() > 0:
            self.view.setCurrentIndex(self.model.index(0, 0))  # Enter in the filter went to the list

    def filter_pending(self) -> bool:
        """True while typed text waits for the debounce timer or its search."""
        return super().filter_pending() or self._searching

    def count_text(self) -> str:
        return "Đang tìm…" if self._searching else super().count_text()

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
