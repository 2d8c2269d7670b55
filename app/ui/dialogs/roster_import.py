"""The roster preview: every row of the file (or of the pasted lines) marked new / existing /
duplicate / error before anything is written; then all of it in one transaction after a backup."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError
from app.domain.formatting import format_decimal, format_int
from app.services.roster_import import (
    DUPLICATE,
    ERROR,
    EXISTING,
    NEW,
    ImportResult,
    PreviewRow,
    commit_roster,
)
from app.ui.dialogs.common import buttons, error_label, setup_table
from app.ui.events import changes
from app.ui.executor import executor
from app.ui.models.table import Column, RowTableModel

BACKGROUND_ROWS = 200  # a bigger import is written off the GUI thread
STATUS_COLOURS = {NEW: "#e3f4e1", EXISTING: "#dde9f8", DUPLICATE: "#fff3c4", ERROR: "#f9d6d5"}


def status_text(row: PreviewRow) -> str:
    if row.status == NEW:
        return "Mới"
    if row.status == EXISTING:
        return "Đã có (đã trong lớp)" if row.already_enrolled else "Đã có"
    if row.status == DUPLICATE:
        return f"Trùng dòng {row.duplicate_of}"
    return "Lỗi"


PREVIEW_COLUMNS: tuple[Column, ...] = (
    Column("Dòng", lambda r: r.row, width=5, numeric=True),
    Column("Kết quả", status_text, width=16),
    Column("Họ và tên", lambda r: r.name, width=22),
    Column("Ngày sinh", lambda r: r.birth, width=10),
    Column("Chức vụ", lambda r: r.position, width=22),
    Column("Đơn vị", lambda r: r.unit, width=22),
    Column("Lý do", lambda r: r.reason, width=30, stretch=True),
)


class PreviewModel(RowTableModel):
    """The preview rows, each coloured by its status."""

    def __init__(self, rows: list[PreviewRow], columns: tuple[Column, ...] = PREVIEW_COLUMNS, parent=None) -> None:
        super().__init__(columns, parent)
        self.set_rows(rows)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid():
            row = self.row_at(index.row())
            return QBrush(QColor(STATUS_COLOURS.get(row.status, "#ffffff"))) if row else None
        return super().data(index, role)


def _count(rows: list[PreviewRow], status: str) -> int:
    return sum(1 for r in rows if r.status == status)


class RosterPreviewDialog(QDialog):
    """Shows a :class:`RosterPreview`; "Nhập tất cả" writes it (after ``backup``)."""

    columns = PREVIEW_COLUMNS
    what = "danh sách học viên"

    def __init__(self, preview, parent: QWidget | None = None, *,
                 backup: Callable[[], object] | None = None, source_name: str = "") -> None:
        super().__init__(parent)
        self.preview = preview
        self.rows: list[PreviewRow] = preview.rows
        self.backup = backup
        self.result_: Any = None
        self.setWindowTitle(f"Nhập {self.what} vào lớp {preview.course_code}")
        self.resize(1100, 560)
        self.source = QLabel(f"Nguồn: {source_name}", self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.model = PreviewModel(self.rows, self.columns, self)
        self.view = QTableView(self)
        stretch = next(i for i, c in enumerate(self.columns) if c.stretch)
        setup_table(self.view, self.model, widths=[c.width for c in self.columns], stretch=stretch)
        self.view.verticalHeader().hide()  # the Dòng column is the row number Excel shows
        self.errors_count = _count(self.rows, ERROR)
        self.skip_check = QCheckBox("Bỏ qua dòng lỗi", self)
        self.skip_check.setVisible(bool(self.errors_count))
        self.skip_check.toggled.connect(self._update)
        self.error = error_label(self)
        self.buttons = buttons(self, ok="Nhập tất cả", cancel="Hủy")
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.commit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.source)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.skip_check)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._update()

    # -- what differs between a roster and a score sheet ------------------------------------

    def writable(self) -> int:
        """How many rows would be written (new trainees and trainees not yet in the class)."""
        return sum(1 for r in self.rows if r.status == NEW or (r.status == EXISTING and not r.already_enrolled))

    def counts_text(self) -> str:
        rows = self.rows
        return (f"{format_int(len(rows))} dòng: {format_int(_count(rows, NEW))} mới, "
                f"{format_int(_count(rows, EXISTING))} đã có, {format_int(_count(rows, DUPLICATE))} trùng, "
                f"{format_int(self.errors_count)} lỗi.")

    def will_write_text(self) -> str:
        return f"Sẽ ghi {format_int(self.writable())} học viên vào lớp"

    def write(self, skip: bool) -> Any:
        return commit_roster(self.preview, skip_errors=skip, backup=self.backup)

    def announce(self) -> None:
        changes().announce("trainees", "enrollments", "organizations")

    def result_text(self) -> str:
        r: ImportResult | None = self.result_
        if r is None:
            return ""
        text = f"Đã ghi {format_int(r.enrolled)} học viên vào lớp ({format_int(r.created)} học viên mới)"
        if r.skipped_errors:
            text += f", bỏ qua {format_int(r.skipped_errors)} dòng lỗi"
        return text + "."

    # -- shared -----------------------------------------------------------------------------

    def _update(self) -> None:
        blocked = self.errors_count and not self.skip_check.isChecked()
        if blocked:
            hint = " Chưa nhập được: hãy sửa trong Excel rồi nhập lại, hoặc đánh dấu \u201cBỏ qua dòng lỗi\u201d."
        elif not self.writable():
            hint = " Không có dòng nào cần ghi."
        else:
            skipped = f", bỏ qua {format_int(self.errors_count)} dòng lỗi" if self.errors_count else ""
            hint = f" {self.will_write_text()}{skipped}."
        self.summary.setText(self.counts_text() + hint)
        self.import_button.setEnabled(bool(self.writable()) and not blocked)

    def commit(self) -> None:
        """All of it or none of it, after a backup; on the worker when the list is long."""
        self.error.hide()
        skip = self.skip_check.isChecked()
        if len(self.rows) > BACKGROUND_ROWS:
            executor().submit(self.write, skip, label=f"Đang nhập {self.what}…", parent=self, guard=self.buttons,
                              on_success=self._written, on_failure=self._refused)
            return
        try:
            result = self.write(skip)
        except UserError as exc:
            self._refused(exc)
            return
        self._written(result)

    def _refused(self, exc: UserError) -> None:
        self.error.setText(exc.message)
        self.error.show()

    def _written(self, result: Any) -> None:
        self.result_ = result
        self.announce()
        self.accept()


SCORE_COLUMNS: tuple[Column, ...] = (
    Column("Dòng", lambda r: r.row, width=5, numeric=True),
    Column("Kết quả", lambda r: "Khớp" if r.status == EXISTING else status_text(r), width=14),
    Column("Họ và tên", lambda r: r.name, width=24),
    Column("Điểm", lambda r: "" if r.score is None else format_decimal(float(r.score), 1).removesuffix(",0"),
           width=6, numeric=True),
    Column("Lý do", lambda r: r.reason, width=40, stretch=True),
)


class ScoresPreviewDialog(RosterPreviewDialog):
    """The marking instructor's sheet: each row matched to a trainee of the class, or why not."""

    columns = SCORE_COLUMNS
    what = "bảng điểm"

    def writable(self) -> int:
        return _count(self.rows, EXISTING)

    def counts_text(self) -> str:
        return (f"{format_int(len(self.rows))} dòng: {format_int(_count(self.rows, EXISTING))} khớp học viên của lớp, "
                f"{format_int(_count(self.rows, DUPLICATE))} trùng, {format_int(self.errors_count)} lỗi.")

    def will_write_text(self) -> str:
        return f"Sẽ ghi điểm cho {format_int(self.writable())} học viên"

    def write(self, skip: bool) -> Any:
        from app.services.scores_import import commit_scores

        return commit_scores(self.preview, skip_errors=skip, backup=self.backup)

    def announce(self) -> None:
        changes().announce("enrollments")

    def result_text(self) -> str:
        return "" if self.result_ is None else f"Đã ghi điểm cho {format_int(self.result_)} học viên."
