"""A read-only table model over a list of plain rows, described by a list of columns.

Each list declares its columns once (header, how to get the value, width, alignment); the model
and the view setup both read that declaration, so header, data and layout cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.domain.formatting import format_int

Index = QModelIndex | QPersistentModelIndex

ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 1

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class Column:
    """One column of a list: Vietnamese header, value getter, width in average characters."""

    header: str
    value: Callable[[Any], Any]
    width: int = 12
    numeric: bool = False
    stretch: bool = False


def display_text(value: Any) -> str:
    """The text a cell shows: integers grouped Vietnamese style, None as empty."""
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return format_int(value)
    return str(value)


class RowTableModel(QAbstractTableModel):
    """Rows held in memory; subclasses may fetch rows lazily by overriding :meth:`row_at`."""

    def __init__(self, columns: Sequence[Column], parent=None) -> None:
        super().__init__(parent)
        self.columns: tuple[Column, ...] = tuple(columns)
        self._rows: list[Any] = []

    # -- data access, for the views and the tabs --------------------------------------------

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any | None:
        """The plain row shown at ``row`` (None when out of range)."""
        if 0 <= row < len(self._rows):
            return self._rows[row]
        return None

    def row_count(self) -> int:
        return len(self._rows)

    # -- QAbstractTableModel ----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.row_count()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.column() >= len(self.columns):
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_RIGHT if column.numeric else _LEFT)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, ROW_ID_ROLE):
            row = self.row_at(index.row())
            if row is None:
                return None
            if role == ROW_ID_ROLE:
                return getattr(row, "id", None)
            return display_text(column.value(row))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or section < 0:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header if section < len(self.columns) else None
        return str(section + 1)
