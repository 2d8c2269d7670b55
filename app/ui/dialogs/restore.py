"""Khôi phục từ bản sao lưu: the automatic backups listed with what each holds and what restoring
it would lose compared with now; or another file (a USB stick) picked by hand.

What a file holds is read by a service (``backup.restore_choices``) on the worker; this dialog
only shows the rows and says which one the user chose (:attr:`RestoreDialog.chosen`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError
from app.services import backup
from app.ui.dialogs.common import table_for
from app.ui.executor import Task, executor
from app.ui.models.table import Column, RowTableModel
from app.ui.widgets.fit import fit_to_screen

FILE_FILTER = "Cơ sở dữ liệu (*.sqlite3 *.db);;Tất cả các tệp (*)"


@dataclass(frozen=True)
class Choice:
    """One row of the list: a backup and what restoring it loses."""

    details: backup.BackupDetails
    loss: str


COLUMNS = (
    Column("Ngày", lambda c: f"{c.details.taken_at:%d/%m/%Y}", 10),
    Column("Giờ", lambda c: f"{c.details.taken_at:%H:%M:%S}", 8),
    Column("Dung lượng", lambda c: backup.format_size(c.details.size), 8, numeric=True),
    Column("Lớp", lambda c: c.details.courses if c.details.readable or c.details.newer_version else "hỏng", 6,
           numeric=True),
    Column("Học viên", lambda c: c.details.trainees, 7, numeric=True),
    Column("Giấy CN", lambda c: c.details.certificates, 7, numeric=True),
    Column("Sửa lần cuối", lambda c: f"{c.details.changed_at:%d/%m/%Y %H:%M}" if c.details.changed_at else "",
           15),
    Column("Nếu khôi phục bản này", lambda c: c.loss if c.details.readable else c.details.holds(), 50,
           stretch=True),
)


class RestoreDialog(QDialog):
    """The list of backups; :attr:`chosen` carries the chosen :class:`Choice` (``Khôi phục``) or
    :attr:`other_file` a path picked by hand."""

    chosen = Signal(object)
    other_file = Signal(object)

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.setWindowTitle("Khôi phục từ bản sao lưu")
        self.current: backup.BackupDetails | None = None
        self.load_task: Task | None = None
        layout = QVBoxLayout(self)
        self.now_label = QLabel("Đang đọc các bản sao lưu…", self)
        self.now_label.setWordWrap(True)
        layout.addWidget(self.now_label)
        self.model = RowTableModel(COLUMNS, self)
        self.view = table_for(self.model, self)
        self.view.doubleClicked.connect(lambda _index: self.accept_choice())
        layout.addWidget(self.view, 1)
        self.loss_label = QLabel("", self)
        self.loss_label.setWordWrap(True)
        self.loss_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.loss_label)
        hint = QLabel("Dữ liệu hiện tại luôn được giữ lại ở một tệp riêng trước khi khôi phục, không bị xóa.", self)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        buttons = QDialogButtonBox(self)
        self.restore_button = QPushButton("&Khôi phục bản đã chọn", self)
        self.restore_button.setEnabled(False)
        self.restore_button.setDefault(True)
        self.other_button = QPushButton("Chọn &tệp khác…", self)
        close = QPushButton("Đóng", self)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.other_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.clicked.connect(self.accept_choice)
        self.other_button.clicked.connect(self.pick_other_file)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        fit_to_screen(self, 1180, 480)

    # -- loading ------------------------------------------------------------------------------

    def load(self) -> Task:
        """Read the database and its backups on the worker; the list fills when it is done."""
        self.load_task = executor().submit(
            backup.restore_choices, self.db_path, label="Đang đọc các bản sao lưu…", parent=self,
            on_success=self.show_choices, on_failure=self._load_failed)
        return self.load_task

    def show_choices(self, choices: backup.RestoreChoices) -> None:
        self.current = choices.current
        now = choices.current
        self.now_label.setText(f"Dữ liệu đang dùng: {now.holds()}, sửa lần cuối {now.changed_text()}.\n"
                               f"Chọn bản sao lưu để khôi phục ({len(choices.backups)} bản tự động, mới nhất trước):"
                               if choices.backups else
                               f"Dữ liệu đang dùng: {now.holds()}, sửa lần cuối {now.changed_text()}.\n"
                               "Chưa có bản sao lưu tự động nào; hãy chọn một tệp sao lưu (Chọn tệp khác…).")
        self.model.set_rows([Choice(d, d.loss_against(now)) for d in choices.backups])
        if choices.backups:
            self.view.selectRow(0)

    def _load_failed(self, exc: UserError) -> None:
        self.now_label.setText(f"Không đọc được các bản sao lưu: {exc.message}")

    # -- choosing -----------------------------------------------------------------------------

    def selected(self) -> Choice | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _selection_changed(self) -> None:
        choice = self.selected()
        usable = choice is not None and choice.details.readable
        self.restore_button.setEnabled(usable)
        if choice is None:
            self.loss_label.setText("")
        else:
            when = f"{choice.details.taken_at:%H:%M} ngày {choice.details.taken_at:%d/%m/%Y}"
            self.loss_label.setText(f"Bản sao lưu lúc {when}: {choice.details.holds()}.\n"
                                    f"So với bây giờ: {choice.loss}.")

    def accept_choice(self) -> None:
        choice = self.selected()
        if choice is None or not choice.details.readable:
            return
        self.chosen.emit(choice)
        self.accept()

    def pick_other_file(self) -> Path | None:
        from app.ui.file_dialogs import open_file_name

        path = open_file_name(self, "Chọn tệp sao lưu để khôi phục", FILE_FILTER)  # the last folder used
        if path is None:
            return None
        self.other_file.emit(path)
        self.accept()
        return path
