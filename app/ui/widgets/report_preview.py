"""The report on screen: its table (a model over the TableDocument's cells), notes and charts;
and printing a report's PDF on the printer chosen in the system dialog."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.tables import TableDocument
from app.services.reports import ReportData
from app.ui.widgets.report_chart import ChartTabs

Index = QModelIndex | QPersistentModelIndex
LONG_TABLE_ROWS = 400
WRAP_CHARS = 40
_ALIGN = {"left": Qt.AlignmentFlag.AlignLeft, "center": Qt.AlignmentFlag.AlignHCenter,
          "right": Qt.AlignmentFlag.AlignRight}


class DocumentTableModel(QAbstractTableModel):
    """A read-only model of a :class:`TableDocument`: its rows, then its totals row (bold)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.document: TableDocument | None = None
        self._rows: list[tuple[str, ...]] = []

    def set_document(self, document: TableDocument | None) -> None:
        self.beginResetModel()
        self.document = document
        self._rows = []
        if document is not None:
            self._rows = [tuple(str(c) for c in row) for row in document.cells]
            if document.footer is not None:
                self._rows.append(tuple(str(c) for c in document.footer))
        self.endResetModel()

    def footer_row(self) -> int | None:
        if self.document is None or self.document.footer is None:
            return None
        return len(self._rows) - 1

    def row_texts(self, row: int) -> tuple[str, ...]:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.document is None:
            return 0
        return len(self.document.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.document is None:
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < len(self._rows) and 0 <= column < len(self.document.columns)):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[row][column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_ALIGN[self.document.columns[column].align] | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and row == self.footer_row():
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self.document is None or section < 0:
            return None
        if orientation == Qt.Orientation.Horizontal:
            columns = self.document.columns
            return two_lines(columns[section].header) if section < len(columns) else None
        return str(section + 1) if section < len(self._rows) else None


class ReportPreview(QWidget):
    """Heading, table, notes and charts of one computed report; or a message while there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DocumentTableModel(self)
        self.heading = QLabel(self)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.heading.setWordWrap(True)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignVCenter)
        self._fill: int | None = None
        self._natural: list[int] = []
        self._long_table = False
        self.table.viewport().installEventFilter(self)
        self.notes = QLabel(self)
        self.notes.setWordWrap(True)
        font = self.notes.font()
        font.setItalic(True)
        self.notes.setFont(font)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.charts = ChartTabs(self)

        table_part = QWidget(self)
        column = QVBoxLayout(table_part)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.heading)
        column.addWidget(self.table, 1)
        column.addWidget(self.notes)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(table_part)
        self.splitter.addWidget(self.charts)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([330, 300])
        self.splitter.setChildrenCollapsible(False)

        self.message = QLabel(self)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)  # "working", without a measure
        self.busy.setMaximumWidth(240)
        waiting = QWidget(self)
        waiting_layout = QVBoxLayout(waiting)
        waiting_layout.addStretch(1)
        waiting_layout.addWidget(self.message)
        waiting_layout.addWidget(self.busy, 0, Qt.AlignmentFlag.AlignHCenter)
        waiting_layout.addStretch(1)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(waiting)
        self.stack.addWidget(self.splitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.show_message("")

    def show_message(self, text: str, *, busy: bool = False) -> None:
        """Instead of a report: a hint, an error, or "working" with a busy bar."""
        self.message.setText(text)
        self.busy.setVisible(busy)
        self.stack.setCurrentIndex(0)

    def showing_report(self) -> bool:
        return self.stack.currentIndex() == 1

    def show_report(self, data: ReportData) -> None:
        document = data.document
        self.heading.setText(f"<b>{_html(document.title)}</b><br>{_html(document.subtitle)}")
        self.model.set_document(document)
        self._size_columns(document)
        self.notes.setText("\n".join(document.notes))
        self.notes.setVisible(bool(document.notes))
        self.charts.set_charts(data.charts)
        self.charts.setVisible(bool(data.charts))
        self.stack.setCurrentIndex(1)

    def _size_columns(self, document: TableDocument) -> None:
        """Columns as wide as their contents, long text wrapped within about 40 characters.

        A long table (the registry) is not measured row by row: its rows keep one line.
        """
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        long_table = len(document.cells) > LONG_TABLE_ROWS
        self.table.setWordWrap(not long_table)
        self.table.resizeColumnsToContents()
        widest = self.table.fontMetrics().averageCharWidth() * WRAP_CHARS
        for i, column in enumerate(document.columns):
            if column.align == "left" and header.sectionSize(i) > widest:
                header.resizeSection(i, widest)
        self._natural = [header.sectionSize(i) for i in range(len(document.columns))]
        self._fill = max((i for i, c in enumerate(document.columns) if c.align == "left"),
                         key=lambda i: self._natural[i], default=None)
        self._long_table = long_table
        self.fill_width()

    def fill_width(self) -> None:
        """The table fills its space: the widest text column takes the room left (and gives it
        back when the window narrows, down to its own width)."""
        column = self._fill
        if column is None or column >= len(self._natural):
            return
        header = self.table.horizontalHeader()
        others = sum(header.sectionSize(i) for i in range(header.count()) if i != column)
        width = max(self._natural[column], self.table.viewport().width() - others)
        if width != header.sectionSize(column):
            header.resizeSection(column, width)
        if not self._long_table:
            self.table.resizeRowsToContents()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.fill_width()
        return super().eventFilter(watched, event)


def two_lines(text: str, longest: int = 12) -> str:
    """A long column header broken into two balanced lines (headers do not wrap by themselves)."""
    words = text.split()
    if len(text) <= longest or len(words) < 2:
        return text
    best = min(range(1, len(words)), key=lambda i: max(len(" ".join(words[:i])), len(" ".join(words[i:]))))
    return " ".join(words[:best]) + "\n" + " ".join(words[best:])


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
