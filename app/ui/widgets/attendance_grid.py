"""The class roster as a grid: one row per trainee, one column per lesson (x / P / K typed with the
keyboard), then attendance summary, score, result and certificate eligibility.

Every keystroke is one service call (``results.set_attendance`` / ``set_score``); the grid then
re-reads the class in place, so the cursor stays where the typing goes on.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QApplication, QTableView, QWidget

from app.domain.errors import UserError
from app.domain.formatting import format_date, format_decimal
from app.services import results
from app.services.enrolment import ClassRoster, RosterRow
from app.services.lessons import SESSION_LABELS
from app.ui.events import perform

Index = QModelIndex | QPersistentModelIndex

MARK_COLOURS = {"x": "#e3f4e1", "P": "#fff3c4", "K": "#f9d6d5"}
MARK_NAMES = {"x": "có mặt", "P": "vắng có phép", "K": "vắng không phép"}
REFUSED_KEY = "Ô điểm danh chỉ nhận x (có mặt), P (vắng có phép), K (vắng không phép); Delete để xóa."
_CENTER = Qt.AlignmentFlag.AlignCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

# Scores and results sit before the lessons (a long class has dozens), the reasons last.
LEADING = ("Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Đảng viên", "Đơn vị", "Điểm", "Kết quả", "Chuyên cần")
TRAILING = ("Điều kiện cấp GCN",)
PERSON_COLUMNS = 6  # name … unit: Enter opens the trainee, Delete takes them out


def score_text(value) -> str:
    return "" if value is None else format_decimal(float(value), 1).removesuffix(",0")


class RosterGridModel(QAbstractTableModel):
    """Rows are the class's enrollments, lesson columns sit between the person and the results."""

    error = Signal(str)  # a refused keystroke or value, in Vietnamese

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.roster = ClassRoster([], [], [], True)
        self.rejected = False  # the last typed score was refused (the cursor stays on it)

    # -- layout of the columns --------------------------------------------------------------

    @property
    def lesson_count(self) -> int:
        return len(self.roster.lessons)

    def first_lesson_column(self) -> int:
        return len(LEADING)

    def lesson_at(self, column: int):
        offset = column - len(LEADING)
        return self.roster.lessons[offset] if 0 <= offset < self.lesson_count else None

    def is_lesson_column(self, column: int) -> bool:
        return self.lesson_at(column) is not None

    def column_of(self, name: str) -> int:
        """The column of a named (non-lesson) column."""
        if name in LEADING:
            return LEADING.index(name)
        return len(LEADING) + self.lesson_count + TRAILING.index(name)

    @property
    def score_column(self) -> int:
        return self.column_of("Điểm")

    def row_at(self, row: int) -> RosterRow | None:
        return self.roster.rows[row] if 0 <= row < len(self.roster.rows) else None

    def row_of(self, enrollment_id: int) -> int:
        for i, row in enumerate(self.roster.rows):
            if row.enrollment_id == enrollment_id:
                return i
        return -1

    # -- filling ----------------------------------------------------------------------------

    def set_roster(self, roster: ClassRoster) -> None:
        """Replace what is shown; in place (no reset, the cursor stays) when the same trainees
        and lessons are shown and only values changed."""
        same_shape = ([r.enrollment_id for r in roster.rows] == [r.enrollment_id for r in self.roster.rows]
                      and [lesson.id for lesson in roster.lessons] == [lesson.id for lesson in self.roster.lessons])
        if same_shape:
            self.roster = roster
            if roster.rows:
                self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
            return
        self.beginResetModel()
        self.roster = roster
        self.endResetModel()

    # -- Qt model ---------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.roster.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(LEADING) + self.lesson_count + len(TRAILING)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == self.score_column and self.roster.scored:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        if not 0 <= section < self.columnCount():
            return None
        lesson = self.lesson_at(section)
        if lesson is not None:
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{lesson.date:%d/%m}\n{SESSION_LABELS.get(lesson.session, '')}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{format_date(lesson.date)} – {SESSION_LABELS.get(lesson.session, '')}: {lesson.topic}"
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(_CENTER)
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return LEADING[section] if section < len(LEADING) else TRAILING[section - len(LEADING) - self.lesson_count]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        lesson = self.lesson_at(column)
        if lesson is not None:
            mark = row.marks.get(lesson.id)
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return mark or ""
            if role == Qt.ItemDataRole.BackgroundRole and mark:
                return QBrush(QColor(MARK_COLOURS[mark]))
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(_CENTER)
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{row.full_name} – {lesson.topic}: {MARK_NAMES.get(mark or '', 'chưa điểm danh')}"
            return None
        name = self._column_name(column)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(row, name, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_RIGHT if name == "Điểm" else _LEFT)
        if role == Qt.ItemDataRole.ToolTipRole:
            if name == "Kết quả" and row.override_reason:
                return f"Kết quả sửa tay. Lý do: {row.override_reason}"
            if name == "Điều kiện cấp GCN" and row.has_certificate:
                return "Đã cấp giấy chứng nhận"
            if name == "Điều kiện cấp GCN" and row.eligibility_override:
                return f"Cho phép cấp dù vắng quá quy định. Lý do: {row.eligibility_override}"
            return self._text(row, name, False) or None
        if role == Qt.ItemDataRole.ForegroundRole and name == "Điều kiện cấp GCN" and not row.eligible:
            return QBrush(QColor("#8a1c1c"))
        return None

    def _column_name(self, column: int) -> str:
        if column < len(LEADING):
            return LEADING[column]
        return TRAILING[column - len(LEADING) - self.lesson_count]

    def _text(self, row: RosterRow, name: str, editing: bool) -> str:
        if name == "Họ và tên":
            return row.full_name
        if name == "Ngày sinh":
            return row.birth
        if name == "Đơn vị":
            return row.unit
        if name == "Giới tính":
            return row.gender
        if name == "Dân tộc":
            return row.ethnic_group
        if name == "Đảng viên":
            return row.party
        if name == "Chuyên cần":
            if not self.lesson_count:
                return ""
            counts = row.mark_counts()
            text = f"{counts['x']}/{self.lesson_count}"
            absent = [f"{counts[m]}{m}" for m in ("P", "K") if counts[m]]
            return text + (f" (vắng {', '.join(absent)})" if absent else "")
        if name == "Điểm":
            return score_text(row.score)
        if name == "Kết quả":
            return row.result_name + (" (sửa tay)" if row.override_reason and not editing else "")
        if name == "Điều kiện cấp GCN":
            if row.has_certificate:
                return "Đã cấp GCN"
            if row.eligible:
                return "Đủ điều kiện (ngoại lệ)" if row.eligibility_override else "Đủ điều kiện"
            return "; ".join(row.eligibility_reasons)
        return ""

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A typed score (7,5 or 7.5); '' clears it."""
        row = self.row_at(index.row())
        if row is None or index.column() != self.score_column or role != Qt.ItemDataRole.EditRole:
            return False
        self.rejected = False
        try:
            perform(results.set_score, row.enrollment_id, str(value or ""))
        except UserError as exc:
            self.rejected = True
            self.error.emit(exc.message)
            return False
        return True

    def set_mark(self, index: Index, text: str) -> bool:
        """Save the mark typed in a lesson cell ('' clears it)."""
        row, lesson = self.row_at(index.row()), self.lesson_at(index.column())
        if row is None or lesson is None:
            return False
        try:
            perform(results.set_attendance, row.enrollment_id, lesson.id, text)
        except UserError as exc:
            self.error.emit(exc.message)
            return False
        return True


class AttendanceView(QTableView):
    """Keyboard-first grid: x / p / k in a lesson cell saves and moves on; Delete clears;
    other keys are refused on the spot. Digits in the score column start editing it."""

    remove_requested = Signal(int)  # a row: Delete on the person's columns
    open_requested = Signal(int)  # a row: Enter on the person's columns
    paste_requested = Signal()  # Ctrl+V: rows copied from Excel

    def __init__(self, model: RosterGridModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.grid = model
        self.direction = "down"  # or "right": where the cursor goes after a mark
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setTabKeyNavigation(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.horizontalHeader().setDefaultAlignment(_LEFT)  # lesson headers centre themselves
        self._freeze_names()

    # -- the name column stays in view while the lessons scroll (Qt's "frozen column") -----

    def _freeze_names(self) -> None:
        frozen = QTableView(self)
        frozen.setModel(self.grid)
        frozen.setSelectionModel(self.selectionModel())
        frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        frozen.verticalHeader().hide()
        frozen.horizontalHeader().setDefaultAlignment(_LEFT)
        frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frozen.setVerticalScrollMode(self.verticalScrollMode())
        frozen.setStyleSheet("QTableView { border: none; border-right: 1px solid #999; }")
        frozen.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        frozen.customContextMenuRequested.connect(
            lambda pos: self.customContextMenuRequested.emit(self.viewport().mapFromGlobal(
                frozen.viewport().mapToGlobal(pos))))
        frozen.doubleClicked.connect(lambda index: self.open_requested.emit(index.row()))
        self.viewport().stackUnder(frozen)
        frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(frozen.verticalScrollBar().setValue)
        self.horizontalHeader().sectionResized.connect(self._frozen_width)
        self.verticalHeader().sectionResized.connect(lambda row, _old, size: frozen.setRowHeight(row, size))
        self.grid.modelReset.connect(self._frozen_columns)
        self.frozen = frozen
        self._frozen_columns()

    def _frozen_columns(self) -> None:
        for column in range(1, self.grid.columnCount()):
            self.frozen.setColumnHidden(column, True)
        self.frozen.verticalHeader().setDefaultSectionSize(self.verticalHeader().defaultSectionSize())
        self._frozen_width(0, 0, self.columnWidth(0))

    def _frozen_width(self, column: int, _old: int, size: int) -> None:
        if column == 0:
            self.frozen.setColumnWidth(0, size)
            self._place_frozen()

    def _place_frozen(self) -> None:
        frame = self.frameWidth()
        self.frozen.horizontalHeader().setFixedHeight(self.horizontalHeader().height())
        self.frozen.setGeometry(self.verticalHeader().width() + frame, frame, self.columnWidth(0),
                                self.viewport().height() + self.horizontalHeader().height())

    def setRowHidden(self, row: int, hide: bool) -> None:
        super().setRowHidden(row, hide)
        self.frozen.setRowHidden(row, hide)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_frozen()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        if hasattr(self, "frozen"):
            self._place_frozen()

    def scrollTo(self, index, hint=QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        """Keep the cell the cursor moves to from hiding under the frozen names."""
        if index.isValid() and index.column() > 0:
            super().scrollTo(index, hint)
            left = self.columnViewportPosition(index.column())
            if left < self.columnWidth(0):
                bar = self.horizontalScrollBar()
                bar.setValue(max(0, bar.value() - (self.columnWidth(0) - left)))
        else:
            super().scrollTo(index, hint)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        if event.matches(QKeySequence.StandardKey.Paste) and self.state() != QAbstractItemView.State.EditingState:
            self.paste_requested.emit()  # also into an empty class: the usual first paste
            return
        if not index.isValid() or self.state() == QAbstractItemView.State.EditingState:
            super().keyPressEvent(event)
            return
        key, text = event.key(), event.text()
        column = index.column()
        if self.grid.is_lesson_column(column):
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.grid.set_mark(index, "")
                return
            plain = not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                                             | Qt.KeyboardModifier.MetaModifier)
            if plain and text and text.lower() in ("x", "p", "k"):
                if self.grid.set_mark(index, text):
                    self.advance()
                return
            if plain and text and text.isprintable():
                QApplication.beep()
                self.grid.error.emit(REFUSED_KEY)
                return
        elif column == self.grid.score_column:
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.grid.setData(index, "")
                return
        elif column < PERSON_COLUMNS:
            if key == Qt.Key.Key_Delete:
                self.remove_requested.emit(index.row())
                return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_requested.emit(index.row())
                return
        super().keyPressEvent(event)

    def advance(self) -> None:
        """After a mark: down the lesson (then the next lesson's top), or right along the row."""
        index = self.currentIndex()
        rows, first = self.grid.rowCount(), self.grid.first_lesson_column()
        last = first + self.grid.lesson_count - 1
        row, column = index.row(), index.column()
        if self.direction == "down":
            if row + 1 < rows:
                row += 1
            elif column < last:
                row, column = 0, column + 1
        elif column < last:
            column += 1
        elif row + 1 < rows:
            row, column = row + 1, first
        self.setCurrentIndex(self.grid.index(row, column))

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        """Enter in the score column saves and goes down to the next trainee, as on paper."""
        index = self.currentIndex()
        super().closeEditor(editor, hint)
        if (hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache and not self.grid.rejected
                and index.row() + 1 < self.grid.rowCount()):
            self.setCurrentIndex(self.grid.index(index.row() + 1, index.column()))
