"""A list with a filter box above it: filters as you type, Enter opens, Down goes to the list."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.formatting import format_int
from app.ui.models.table import RowTableModel
from app.ui.shortcuts import show_key

FILTER_DELAY_MS = 250


class ListTab(QWidget):
    """A tab showing one list. Subclasses put controls in :attr:`toolbar` and implement
    :meth:`reload` (re-read the list for the current filter) and :meth:`open_row`."""

    noun = "dòng"  # what the count label counts ("lớp", "học viên"…)

    def __init__(self, model: RowTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Lọc…")
        self.filter_edit.setClearButtonEnabled(True)
        show_key(self.filter_edit, QKeySequence.StandardKey.Find, "Gõ để lọc danh sách, không cần gõ dấu")
        self.filter_edit.setMinimumWidth(260)
        self.count_label = QLabel(self)

        self.toolbar = QHBoxLayout()
        self.toolbar.addWidget(self.filter_edit, 1)
        self.toolbar.addWidget(self.count_label)

        self.view = QTableView(self)
        self._setup_view()

        self.body = QHBoxLayout()
        self.body.addWidget(self.view, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(self.toolbar)
        layout.addLayout(self.body, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(FILTER_DELAY_MS)
        self._debounce.timeout.connect(self.refresh)
        self.filter_edit.textChanged.connect(self._debounce.start)
        self.filter_edit.returnPressed.connect(self.focus_list)
        self.filter_edit.installEventFilter(self)
        self.view.installEventFilter(self)  # Delete on the list asks (see delete_selected)
        self.view.viewport().installEventFilter(self)  # its width: see keep_stretch_readable
        self.view.activated.connect(self._activated)

    # -- setup ------------------------------------------------------------------------------

    def _setup_view(self) -> None:
        view = self.view
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = view.verticalHeader()
        # Fixed row heights: the view never measures 100,000 rows.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(view.fontMetrics().height() + 8)
        rows.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.apply_column_widths()

    def apply_column_widths(self) -> None:
        """Widths from the column declarations (never from measuring every row)."""
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        metrics = self.view.fontMetrics()
        char = metrics.averageCharWidth()
        self._declared: dict[int, int] = {}
        for i, column in enumerate(self.model.columns):
            width = max(char * column.width, metrics.horizontalAdvance(column.header) + 3 * char)
            self._declared[i] = width + 12
            header.resizeSection(i, width + 12)
            mode = (QHeaderView.ResizeMode.Stretch if column.stretch
                    else QHeaderView.ResizeMode.Interactive)
            header.setSectionResizeMode(i, mode)

    def keep_stretch_readable(self, room: int | None = None) -> None:
        """The column that takes the room left (a class's name) never gets narrower than declared:
        in a narrow window (1366×768 at 125 %) the list scrolls sideways instead of cutting every
        name to a few letters ("Bồi dưỡ…")."""
        header = self.view.horizontalHeader()
        stretch = next((i for i, c in enumerate(self.model.columns) if c.stretch and not header.isSectionHidden(i)),
                       None)
        declared = getattr(self, "_declared", {})
        if stretch is None or stretch not in declared:
            return
        others = sum(header.sectionSize(i) for i in range(header.count())
                     if i != stretch and not header.isSectionHidden(i))
        room = (self.view.viewport().width() if room is None else room) - others
        if room < declared[stretch]:
            if header.sectionResizeMode(stretch) == QHeaderView.ResizeMode.Stretch:
                header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(stretch, declared[stretch])
        elif header.sectionResizeMode(stretch) != QHeaderView.ResizeMode.Stretch:
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

    # -- behaviour --------------------------------------------------------------------------

    def filter_text(self) -> str:
        return self.filter_edit.text()

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def focus_list(self) -> None:
        """Move to the list, on its first row when nothing is selected yet."""
        if self._debounce.isActive():
            self._debounce.stop()
            self.refresh()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.view.currentIndex().isValid() and self.model.rowCount() > 0:
            self.view.setCurrentIndex(self.model.index(0, 0))

    def filter_pending(self) -> bool:
        """True while typed text waits for the debounce timer."""
        return self._debounce.isActive()

    def refresh(self) -> None:
        """Re-read the list now (after typing, a change of year, or a restore)."""
        self._debounce.stop()
        self.reload()
        self.count_label.setText(self.count_text())

    def count_text(self) -> str:
        return f"{format_int(self.model.rowCount())} {self.noun}"

    def reload(self) -> None:  # pragma: no cover - every tab overrides it
        raise NotImplementedError

    def open_row(self, row: int) -> QWidget | None:
        """Enter on a row; tabs override it."""

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_row(index.row())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self.keep_stretch_readable(cast(QResizeEvent, event).size().width())
        if watched is self.filter_edit and event.type() == QEvent.Type.KeyPress:
            key = cast(QKeyEvent, event).key()
            if key == Qt.Key.Key_Down:
                self.focus_list()
                return True
            if key == Qt.Key.Key_Escape and self.filter_edit.text():
                self.filter_edit.clear()
                return True
        if (watched is self.view and event.type() == QEvent.Type.KeyPress
                and cast(QKeyEvent, event).key() == Qt.Key.Key_Delete and not cast(QKeyEvent, event).modifiers()):
            self.delete_selected()
            return True
        return super().eventFilter(watched, event)

    def delete_selected(self):
        """Delete on the list: subclasses ask (with a reason) and call their service."""
        return None
