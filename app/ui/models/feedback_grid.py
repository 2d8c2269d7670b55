"""Models of the feedback entry grid: one row per paper form, and the live tallies per question.

The grid holds the typed forms of one stack in memory (form number, one answer per question,
comment) plus one draft row at the end, the form being typed. Tallies are kept as counts per
question and value and are moved by one at each keystroke; nothing is read from the database
while typing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from app.domain.feedback import QuestionSummary
from app.domain.formatting import format_decimal, format_int
from app.services.feedback import FormRow, summary_from_counts

Index = QModelIndex | QPersistentModelIndex

FORM_NO_COLUMN = 0
_CENTER = int(Qt.AlignmentFlag.AlignCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_DRAFT_BRUSH = QBrush(QColor("#fff8d6"))
_DIRTY_BRUSH = QBrush(QColor("#ffe0c2"))


@dataclass
class GridRow:
    """A paper form on screen: saved (``response_id``) or the draft being typed."""

    response_id: int | None = None
    form_no: int | None = None
    answers: list[int | None] = field(default_factory=list)
    comment: str = ""
    dirty: bool = False  # a saved form changed on screen and not saved yet
    stored: tuple[int | None, tuple[int | None, ...], str] | None = None  # as saved: form no, answers, comment

    def snapshot(self) -> tuple[int | None, tuple[int | None, ...], str]:
        return self.form_no, tuple(self.answers), self.comment

    def complete(self) -> bool:
        return all(a is not None for a in self.answers)

    def blank(self) -> bool:
        return all(a is None for a in self.answers) and not self.comment


class FeedbackGridModel(QAbstractTableModel):
    """Columns: form number, one per question, comment. The last row is always the draft."""

    tally_changed = Signal(int)  # a question's tally moved
    rows_changed = Signal()  # a form was saved, deleted or the stack reloaded

    def __init__(self, questions: Sequence[str] = (), scale: Sequence[tuple[int, str]] = (),
                 parent=None) -> None:
        super().__init__(parent)
        self.questions: tuple[str, ...] = tuple(questions)
        self.scale: tuple[tuple[int, str], ...] = tuple(scale)
        self.labels = dict(self.scale)
        self.rows: list[GridRow] = [self._new_draft(None)]
        self.counts: list[dict[int, int]] = [{} for _ in self.questions]

    # -- columns ------------------------------------------------------------------------------

    @property
    def comment_column(self) -> int:
        return len(self.questions) + 1

    def question_of(self, column: int) -> int | None:
        """The question index shown in ``column`` (None for form number and comment)."""
        return column - 1 if 1 <= column <= len(self.questions) else None

    def values(self) -> list[int]:
        return [value for value, _label in self.scale]

    # -- the stack ----------------------------------------------------------------------------

    def load(self, questions: Sequence[str], scale: Sequence[tuple[int, str]], forms: Sequence[FormRow],
             next_form_no: int | None) -> None:
        """Show a stack: its saved forms and an empty draft."""
        self.beginResetModel()
        self.questions, self.scale, self.labels = tuple(questions), tuple(scale), dict(scale)
        self.rows = [GridRow(f.id, f.form_no, list(f.answers), f.comment, stored=(f.form_no, f.answers, f.comment))
                     for f in forms]
        self.rows.append(self._new_draft(next_form_no))
        self.counts = [{} for _ in self.questions]
        for row in self.rows:
            for q, value in enumerate(row.answers):
                if value is not None:
                    self.counts[q][value] = self.counts[q].get(value, 0) + 1
        self.endResetModel()
        self.rows_changed.emit()

    def _new_draft(self, form_no: int | None) -> GridRow:
        return GridRow(None, form_no, [None] * len(self.questions), "")

    @property
    def draft_row(self) -> int:
        return len(self.rows) - 1

    def saved_count(self) -> int:
        return len(self.rows) - 1

    def row(self, row: int) -> GridRow:
        return self.rows[row]

    def used_form_numbers(self) -> set[int]:
        return {r.form_no for r in self.rows[:-1] if r.form_no is not None}

    def _count(self, q: int, value: int | None, step: int) -> None:
        if value is not None:
            tally = self.counts[q]
            tally[value] = tally.get(value, 0) + step

    def set_answer(self, row: int, q: int, value: int | None) -> None:
        """Put one answer (or clear it): the cell and the question's tally move, nothing else."""
        grid_row = self.rows[row]
        old = grid_row.answers[q]
        if old == value:
            return
        self._count(q, old, -1)
        self._count(q, value, +1)
        grid_row.answers[q] = value
        self._touched(row, q + 1)
        self.tally_changed.emit(q)

    def set_form_no(self, row: int, form_no: int | None) -> None:
        if self.rows[row].form_no != form_no:
            self.rows[row].form_no = form_no
            self._touched(row, FORM_NO_COLUMN)

    def set_comment(self, row: int, text: str) -> None:
        if self.rows[row].comment != text:
            self.rows[row].comment = text
            self._touched(row, self.comment_column)

    def _touched(self, row: int, column: int) -> None:
        if row != self.draft_row:
            self.rows[row].dirty = True
            self._emit_row(row)
        else:
            index = self.index(row, column)
            self.dataChanged.emit(index, index)

    def _emit_row(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.comment_column))

    def mark_saved(self, row: int, response_id: int, next_form_no: int | None) -> None:
        """The draft became a saved form; a new empty draft follows it."""
        grid_row = self.rows[row]
        grid_row.response_id, grid_row.dirty, grid_row.stored = response_id, False, grid_row.snapshot()
        self._emit_row(row)
        self.headerDataChanged.emit(Qt.Orientation.Vertical, row, row)
        position = len(self.rows)
        self.beginInsertRows(QModelIndex(), position, position)
        self.rows.append(self._new_draft(next_form_no))
        self.endInsertRows()
        self.rows_changed.emit()

    def mark_clean(self, row: int) -> None:
        self.rows[row].dirty, self.rows[row].stored = False, self.rows[row].snapshot()
        self._emit_row(row)

    def clear_draft(self) -> None:
        row = self.draft_row
        for q in range(len(self.questions)):
            self.set_answer(row, q, None)
        self.set_comment(row, "")

    def remove_saved(self, row: int) -> None:
        """A saved form was deleted: its answers leave the tallies."""
        grid_row = self.rows[row]
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.rows[row]
        self.endRemoveRows()
        for q, value in enumerate(grid_row.answers):
            self._count(q, value, -1)
            self.tally_changed.emit(q)
        self.headerDataChanged.emit(Qt.Orientation.Vertical, row, len(self.rows) - 1)
        self.rows_changed.emit()

    def revert_row(self, row: int) -> None:
        """Put a corrected form back as it is stored (Escape)."""
        grid_row = self.rows[row]
        if grid_row.stored is None:
            return
        form_no, answers, comment = grid_row.stored
        for q, value in enumerate(answers):
            self.set_answer(row, q, value)
        grid_row.form_no, grid_row.comment, grid_row.dirty = form_no, comment, False
        self._emit_row(row)

    # -- QAbstractTableModel ------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.questions) + 2

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.comment_column:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row, column = self.rows[index.row()], index.column()
        q = self.question_of(column)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == FORM_NO_COLUMN:
                return "" if row.form_no is None else str(row.form_no)
            if q is not None:
                value = row.answers[q]
                return "" if value is None else str(value)
            if column == self.comment_column:
                return row.comment
            return None
        if role == Qt.ItemDataRole.ToolTipRole and q is not None:
            value = row.answers[q]
            return f"{self.questions[q]}: {value} – {self.labels.get(value, '')}" if value is not None \
                else self.questions[q]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column == FORM_NO_COLUMN else (_CENTER if q is not None else None)
        if role == Qt.ItemDataRole.BackgroundRole:
            if index.row() == self.draft_row:
                return _DRAFT_BRUSH
            return _DIRTY_BRUSH if row.dirty else None
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        if index.column() == self.comment_column:
            self.set_comment(index.row(), " ".join(str(value or "").split()))
            return True
        return False

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if section < 0:
            return None
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole:
                return "✱" if section == len(self.rows) - 1 else str(section + 1)
            if role == Qt.ItemDataRole.ToolTipRole:
                return "Phiếu đang nhập (chưa lưu)" if section == len(self.rows) - 1 else "Phiếu đã lưu"
            return None
        if section >= self.columnCount():
            return None
        q = self.question_of(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if section == FORM_NO_COLUMN:
                return "Số phiếu"
            return f"Câu {q + 1}" if q is not None else "Ý kiến khác, đề xuất"
        if role == Qt.ItemDataRole.ToolTipRole and q is not None:
            return self.questions[q]
        return None


class TallyModel(QAbstractTableModel):
    """One row per question: count per scale value, share satisfied, mean — of the grid's rows."""

    def __init__(self, grid: FeedbackGridModel, parent=None) -> None:
        super().__init__(parent)
        self.grid = grid
        self._cache: dict[int, QuestionSummary] = {}
        grid.tally_changed.connect(self._question_changed)
        grid.modelAboutToBeReset.connect(self.beginResetModel)
        grid.modelReset.connect(self._reset)

    def _reset(self) -> None:
        self._cache.clear()
        self.endResetModel()

    def _question_changed(self, q: int) -> None:
        self._cache.pop(q, None)
        self.dataChanged.emit(self.index(q, 0), self.index(q, self.columnCount() - 1))

    def summary(self, q: int) -> QuestionSummary:
        if q not in self._cache:
            self._cache[q] = summary_from_counts(self.grid.questions[q], self.grid.counts[q], self.grid.values())
        return self._cache[q]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.grid.questions)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.grid.scale) + 3

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.grid.questions):
            return None
        column, scale_count = index.column(), len(self.grid.scale)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return None if column == 0 else _RIGHT
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == 0:
            return f"{index.row() + 1}. {self.grid.questions[index.row()]}"
        summary = self.summary(index.row())
        if column <= scale_count:
            return format_int(summary.counts[column - 1])
        if column == scale_count + 1:
            return "" if summary.satisfied_pct is None else format_decimal(summary.satisfied_pct) + "%"
        return "" if summary.mean is None else format_decimal(summary.mean, 2)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or section < 0 or section >= self.columnCount():
            return None
        scale_count = len(self.grid.scale)
        if role == Qt.ItemDataRole.ToolTipRole and 1 <= section <= scale_count:
            value, label = self.grid.scale[section - 1]
            return f"Số phiếu chọn {value} – {label}"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return "Câu hỏi"
        if section <= scale_count:
            return str(self.grid.scale[section - 1][0])
        return "Hài lòng" if section == scale_count + 1 else "Điểm TB"
