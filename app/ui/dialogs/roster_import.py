"""The roster preview: every row of the file (or of the pasted lines) marked new / existing /
duplicate / error / to decide, with the section and skipped rows, before anything is written; for a
row that may be one of several people the candidates are listed and the clerk picks one or "Người
mới"; then all of it in one transaction after a backup."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.changes import changes_of
from app.domain.errors import UserError
from app.domain.formatting import format_decimal, format_int
from app.services.roster_import import (
    AMBIGUOUS,
    DUPLICATE,
    ERROR,
    EXISTING,
    NEW,
    NEW_PERSON,
    SECTION,
    SKIPPED,
    TRAINEE_STATUSES,
    ImportResult,
    PreviewRow,
    commit_roster,
)
from app.ui import events
from app.ui.dialogs.common import buttons, confirm, error_label, setup_table
from app.ui.executor import executor
from app.ui.models.table import Column, RowTableModel
from app.ui.widgets.fit import fit_column, fit_to_screen

BACKGROUND_ROWS = 200  # a bigger import is written off the GUI thread
STATUS_COLOURS = {NEW: "#e3f4e1", EXISTING: "#dde9f8", DUPLICATE: "#fff3c4", ERROR: "#f9d6d5",
                  AMBIGUOUS: "#fcd9a8", SECTION: "#e6e6e6", SKIPPED: "#f2f2f2"}
CHOSEN_COLOUR = "#e8eef0"  # an ambiguous row the clerk has answered


def status_text(row: PreviewRow) -> str:
    if row.status == NEW:
        return "Mới"
    if row.status == EXISTING:
        return "Đã có (đã trong lớp)" if row.already_enrolled else "Đã có"
    if row.status == DUPLICATE:
        return f"Trùng dòng {row.duplicate_of}"
    if row.status == AMBIGUOUS:
        if row.choice == NEW_PERSON:
            return "Đã chọn: người mới"
        if row.choice:
            return "Đã chọn: người đã có" + (" (đã trong lớp)" if row.already_enrolled else "")
        return f"Cần chọn ({len(row.candidates)} người)"
    if row.status == SECTION:
        return "Mục"
    if row.status == SKIPPED:
        return "Bỏ qua"
    return "Lỗi"


def note_text(row: PreviewRow) -> str:
    """The reason of an error or a question, what the file adds to a record, why a row is skipped."""
    if row.status == AMBIGUOUS and row.choice is not None:
        return row.additions_text
    if row.status == EXISTING and row.additions_text:
        return row.additions_text
    return row.reason


def original_text(row: PreviewRow) -> str:
    """What the file held before conversion (legacy font) or recasing, shown beside the result."""
    parts = [row.original[k] for k in ("full_name", "family_middle", "given_name") if row.original.get(k)]
    if row.typed_name and not parts:
        parts.append(row.typed_name)
    parts += [text for key, text in row.original.items() if key not in ("full_name", "family_middle", "given_name")]
    return " | ".join(parts)


def _value(row: PreviewRow, key: str):
    return (row.values or {}).get(key)


def gender_text(row: PreviewRow) -> str:
    return {"M": "Nam", "F": "Nữ"}.get(_value(row, "gender") or "", "")


def ethnic_text(row: PreviewRow) -> str:
    group = _value(row, "ethnic_group")
    return getattr(group, "name", "") or ""


def party_text(row: PreviewRow) -> str:
    if not _value(row, "party_member"):
        return ""
    return "Dự bị" if _value(row, "party_probationary") else "Đảng viên"


PREVIEW_COLUMNS: tuple[Column, ...] = (
    Column("Dòng", lambda r: r.row, width=5, numeric=True),
    Column("Kết quả", status_text, width=21),
    Column("Họ và tên", lambda r: r.name, width=22),
    Column("Trong tệp ghi", original_text, width=22),
    Column("Ngày sinh", lambda r: r.birth, width=10),
    Column("Giới tính", gender_text, width=6),
    Column("Dân tộc", ethnic_text, width=8),
    Column("Đảng viên", party_text, width=8),
    Column("Chức vụ", lambda r: r.position, width=18),
    Column("Đơn vị", lambda r: r.unit, width=18),
    Column("Lý do / bổ sung", note_text, width=30, stretch=True),
)


class PreviewModel(RowTableModel):
    """The preview rows, each coloured by its status."""

    def __init__(self, rows: list[PreviewRow], columns: tuple[Column, ...] = PREVIEW_COLUMNS, parent=None) -> None:
        super().__init__(columns, parent)
        self.set_rows(rows)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid():
            row = self.row_at(index.row())
            if row is None:
                return None
            colour = CHOSEN_COLOUR if row.status == AMBIGUOUS and row.choice is not None else STATUS_COLOURS.get(
                row.status, "#ffffff")
            return QBrush(QColor(colour))
        return super().data(index, role)

    def row_changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))


def _count(rows: list[PreviewRow], status: str) -> int:
    return sum(1 for r in rows if r.status == status)


class CandidatesBox(QGroupBox):
    """For the ambiguous row selected: who it may be (unit, birth, classes attended), or "Người mới"."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.row: PreviewRow | None = None
        self.group = QButtonGroup(self)
        self.layout_ = QVBoxLayout(self)
        self.buttons_: list[QRadioButton] = []
        self.hide()

    def show_row(self, row: PreviewRow | None) -> None:
        for button in self.buttons_:
            self.group.removeButton(button)
            button.deleteLater()
        self.buttons_ = []
        self.row = row
        if row is None or row.status != AMBIGUOUS:
            self.hide()
            return
        born = f" ({row.birth})" if row.birth else ""
        self.setTitle(f"Dòng {row.row}: {row.name}{born} là ai? ({row.reason})")
        for candidate in row.candidates:
            self._add(candidate.text(), candidate.id)
        self._add("Người mới: chưa có trong hồ sơ, thêm học viên mới", NEW_PERSON)
        for button in self.buttons_:
            button.setChecked(self.group.id(button) == row.choice)
        self.show()

    def _add(self, text: str, choice: int) -> None:
        button = QRadioButton(text, self)
        self.group.addButton(button, choice)
        self.layout_.addWidget(button)
        self.buttons_.append(button)

    def button_for(self, choice: int) -> QRadioButton | None:
        return next((b for b in self.buttons_ if self.group.id(b) == choice), None)


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
        fit_to_screen(self, 1100, 560)
        self.source = QLabel(f"Nguồn: {source_name}", self)
        if getattr(preview, "encoding_line", None) and preview.encoding_line():
            self.source.setText(f"Nguồn: {source_name}. Chữ trong tệp gõ bằng bảng mã {preview.encoding.upper()}, "
                                f"đã chuyển sang Unicode ({format_int(preview.converted_cells)} ô); chữ gốc ở cột "
                                "“Trong tệp ghi”.")
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.model = PreviewModel(self.rows, self.columns, self)
        self.view = QTableView(self)
        stretch = next(i for i, c in enumerate(self.columns) if c.stretch)
        setup_table(self.view, self.model, widths=[c.width for c in self.columns], stretch=stretch)
        self.view.verticalHeader().hide()  # the Dòng column is the row number Excel shows
        for i, column in enumerate(self.columns):  # names never cut: as wide as the longest one
            if column.header in ("Họ và tên", "Trong tệp ghi"):
                fit_column(self.view, i, [str(column.value(r)) for r in self.rows], header=column.header)
        for i, column in enumerate(self.columns):  # the originals only when the file had some
            if column.value is original_text and not any(original_text(r) for r in self.rows):
                self.view.hideColumn(i)
        self.errors_count = _count(self.rows, ERROR)
        self.questions_count = _count(self.rows, AMBIGUOUS)
        self.candidates = CandidatesBox(self)
        self.candidates.group.idClicked.connect(self.choose)
        self.view.selectionModel().currentRowChanged.connect(lambda current, _old: self._show_candidates())
        skip_text = "Bỏ qua dòng lỗi" + (" và dòng chưa chọn người" if self.questions_count else "")
        self.skip_check = QCheckBox(skip_text, self)
        self.skip_check.setVisible(bool(self.errors_count or self.questions_count))
        self.skip_check.toggled.connect(self._update)
        self.error = error_label(self)
        self.buttons = buttons(self, ok="Nhập tất cả", cancel="Hủy")
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.commit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.source)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.candidates)
        layout.addWidget(self.skip_check)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        first_question = next((i for i, r in enumerate(self.rows) if r.status == AMBIGUOUS), None)
        if first_question is not None:
            self.view.selectRow(first_question)
        self._update()

    # -- ambiguous rows ---------------------------------------------------------------------

    def _show_candidates(self) -> None:
        index = self.view.currentIndex()
        self.candidates.show_row(self.model.row_at(index.row()) if index.isValid() else None)

    def choose(self, choice: int) -> None:
        """The clerk's answer for the selected ambiguous row (a candidate's id or NEW_PERSON)."""
        row = self.candidates.row
        if row is None:
            return
        self.error.hide()
        try:
            self.preview.choose(row.row, choice)
        except UserError as exc:
            self.error.setText(exc.message)
            self.error.show()
            self.candidates.show_row(row)  # back to the previous answer
            return
        self.model.row_changed(self.rows.index(row))
        self._update()

    # -- what differs between a roster and a score sheet ------------------------------------

    def writable(self) -> int:
        """How many rows would be written (new trainees, trainees not yet in the class, records the
        file adds to)."""
        return sum(1 for r in self.rows if r.creates or (r.joins is not None and (not r.already_enrolled
                                                                                    or r.additions)))

    def open_questions(self) -> int:
        return sum(1 for r in self.rows if r.open_question)

    def counts_text(self) -> str:
        rows = self.rows
        people = sum(1 for r in rows if r.status in TRAINEE_STATUSES)
        text = (f"{format_int(people)} dòng: {format_int(_count(rows, NEW))} mới, "
                f"{format_int(_count(rows, EXISTING))} đã có, {format_int(_count(rows, DUPLICATE))} trùng, "
                f"{format_int(self.errors_count)} lỗi")
        if self.questions_count:
            answered = self.questions_count - self.open_questions()
            text += f", {format_int(self.questions_count)} cần chọn người"
            text += f" (đã chọn {format_int(answered)})" if answered else ""
        text += "."
        others = [f"{format_int(n)} {what}" for n, what in ((_count(rows, SECTION), "dòng tên mục"),
                                                           (_count(rows, SKIPPED), "dòng không phải học viên"))
                  if n]
        text += f" Ngoài ra {', '.join(others)}." if others else ""
        ignored = getattr(self.preview, "ignored_columns", [])
        if ignored:  # a column the clerk meant to be read ("Sinh năm" once) is seen not to be
            names = ", ".join(f"\u201c{name}\u201d" for name in ignored)
            text += f" Không đọc cột {names} (không phải cột của danh sách)."
        return text

    def will_write_text(self) -> str:
        return f"Sẽ ghi {format_int(self.writable())} học viên vào lớp"

    def write(self, skip: bool) -> Any:
        return commit_roster(self.preview, skip_errors=skip, backup=self.backup)

    def announce(self) -> None:
        """Say what the import wrote (on the GUI thread, once it is done)."""
        events.announce(changes_of(commit_roster, self.result_))

    def result_text(self) -> str:
        r: ImportResult | None = self.result_
        if r is None:
            return ""
        text = f"Đã ghi {format_int(r.enrolled)} học viên vào lớp ({format_int(r.created)} học viên mới)"
        if r.updated:
            text += f", bổ sung hồ sơ của {format_int(r.updated)} học viên"
        if r.skipped_errors:
            text += f", bỏ qua {format_int(r.skipped_errors)} dòng lỗi"
        if r.skipped_questions:
            text += f", bỏ qua {format_int(r.skipped_questions)} dòng chưa chọn người"
        return text + "."

    # -- shared -----------------------------------------------------------------------------

    def _update(self) -> None:
        questions = self.open_questions()
        blocked = (self.errors_count or questions) and not self.skip_check.isChecked()
        if blocked and questions and not self.errors_count:
            hint = (f" Còn {format_int(questions)} dòng chưa rõ là ai: chọn người đã có hoặc \u201cNgười mới\u201d "
                    "ở khung dưới bảng.")
        elif blocked:
            hint = " Chưa nhập được: hãy sửa trong Excel rồi nhập lại, hoặc đánh dấu \u201cBỏ qua dòng lỗi\u201d."
        elif not self.writable():
            hint = " Không có dòng nào cần ghi."
        else:
            skipped = f", bỏ qua {format_int(self.errors_count)} dòng lỗi" if self.errors_count else ""
            if questions:
                skipped += f", bỏ qua {format_int(questions)} dòng chưa chọn người"
            hint = f" {self.will_write_text()}{skipped}."
        self.summary.setText(self.counts_text() + hint)
        self.import_button.setEnabled(bool(self.writable()) and not blocked)

    warn_ended = True  # a roster going into a class that has ended asks first (old records do)

    def commit(self) -> None:
        """All of it or none of it, after a backup; on the worker when the list is long. Into a
        class that has already ended, only after the user says so."""
        from app.services.courses import ended_notice

        notice = ended_notice(self.preview.course_code) if self.warn_ended else ""
        if notice:
            self.question = confirm(self, "Lớp đã kết thúc", notice, self._commit, yes="Vẫn nhập",
                                    informative="Vẫn nhập danh sách vào lớp đã kết thúc (ví dụ khi nhập hồ sơ "
                                                "cũ)?")
            return
        self._commit()

    def _commit(self) -> None:
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
    warn_ended = False  # scores come after the class, as a rule

    def writable(self) -> int:
        return _count(self.rows, EXISTING)

    def open_questions(self) -> int:
        return 0

    def counts_text(self) -> str:
        people = sum(1 for r in self.rows if r.status in TRAINEE_STATUSES)
        return (f"{format_int(people)} dòng: {format_int(_count(self.rows, EXISTING))} khớp học viên của lớp, "
                f"{format_int(_count(self.rows, DUPLICATE))} trùng, {format_int(self.errors_count)} lỗi.")

    def will_write_text(self) -> str:
        return f"Sẽ ghi điểm cho {format_int(self.writable())} học viên"

    def write(self, skip: bool) -> Any:
        from app.services.scores_import import commit_scores

        return commit_scores(self.preview, skip_errors=skip, backup=self.backup)

    def announce(self) -> None:
        from app.services.scores_import import commit_scores

        events.announce(changes_of(commit_scores, self.result_))

    def result_text(self) -> str:
        return "" if self.result_ is None else f"Đã ghi điểm cho {format_int(self.result_)} học viên."
