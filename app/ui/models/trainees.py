"""The Học viên list: every trainee, fast at 100,000 rows.

The model holds the ordered ids of a filtered list (one query), or for the whole list only the
count; the rows (and then the ids) are read in pages of :data:`PAGE_SIZE` as the view scrolls
to them, and the most recent pages are cached.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetrics, QGuiApplication

from app.domain.formatting import format_birth
from app.services import lists
from app.services.lists import TraineeRow
from app.ui.models.table import ROW_ID_ROLE, Column, Index, RowTableModel, display_text

PAGE_SIZE = 100  # about three screens of rows
MAX_CACHED_PAGES = 64

TRAINEE_COLUMNS: tuple[Column, ...] = (
    Column("Họ và tên", lambda r: r.full_name, width=22, stretch=True),
    Column("Ngày sinh", lambda r: format_birth(r.birth_date, r.birth_year), width=10),
    Column("Giới tính", lambda r: r.gender, width=7),
    Column("Dân tộc", lambda r: r.ethnic_group, width=9),
    Column("Số CCCD", lambda r: r.citizen_id, width=15),
    Column("Chức vụ", lambda r: r.position, width=26),
    Column("Đơn vị", lambda r: r.unit, width=30),
    Column("Số lớp", lambda r: r.course_count, width=6, numeric=True),
)

# The roles RowTableModel answers; a view asks about seven roles of every visible cell.
_ANSWERED_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                             Qt.ItemDataRole.TextAlignmentRole, ROW_ID_ROLE})
_TEXT_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole})


class TraineeModel(RowTableModel):
    """Trainees in Vietnamese name order; rows fetched lazily, page by page.

    Two modes: :meth:`set_ids` holds the ids of a filtered list; :meth:`show_everyone` holds only
    the count, and reads the ids of each page with its rows (the unfiltered 100,000 would take
    25 ms to read at once, every time the tab is shown or the filter cleared).
    """

    def __init__(self, parent=None, *,
                 fetch: Callable[[Sequence[int]], list[TraineeRow]] = lists.trainee_rows) -> None:
        super().__init__(TRAINEE_COLUMNS, parent)
        self._ids: list[int] | None = []  # None: everyone, ids read page by page
        self._count = 0
        self._fetch = fetch
        self._pages: OrderedDict[int, list[TraineeRow | None]] = OrderedDict()
        self._page_ids: dict[int, list[int]] = {}
        self._header_size: tuple[int, QSize] | None = None
        self._texts: dict[int, tuple[str, ...]] = {}  # row → its cell texts, for cached pages only

    def set_ids(self, ids: Sequence[int], first_page: Sequence[TraineeRow] | None = None) -> None:
        """Hold ``ids``; ``first_page``, when given, is the rows of the first :data:`PAGE_SIZE` of them
        read already (by the search, off the GUI thread), so the first paint reads nothing."""
        self.beginResetModel()
        self._ids = list(ids)
        self._count = len(self._ids)
        self._pages.clear()
        self._page_ids.clear()
        self._texts.clear()
        if first_page is not None:
            by_id = {row.id: row for row in first_page}
            self._pages[0] = [by_id.get(i) for i in self._ids[:PAGE_SIZE]]
        self.endResetModel()

    def show_everyone(self) -> None:
        """Every trainee, counted now and read a page at a time as the view scrolls."""
        self.beginResetModel()
        self._ids = None
        self._count = lists.trainee_count()
        self._pages.clear()
        self._page_ids.clear()
        self._texts.clear()
        self.endResetModel()

    def ids(self) -> list[int]:
        if self._ids is None:
            return lists.trainee_ids()
        return list(self._ids)

    def row_of(self, trainee_id: int) -> int | None:
        """Where the trainee is in the list (None when not in it)."""
        if self._ids is None:
            return lists.trainee_position(trainee_id)
        try:
            return self._ids.index(trainee_id)
        except ValueError:
            return None

    def row_count(self) -> int:
        return self._count

    def row_at(self, row: int) -> TraineeRow | None:
        if not 0 <= row < self._count:
            return None
        number, offset = divmod(row, PAGE_SIZE)
        page = self._pages.get(number)
        if page is None:
            page = self._load_page(number)
        else:
            self._pages.move_to_end(number)
        # A page read in "everyone" mode is shorter when trainees were deleted since the count.
        return page[offset] if offset < len(page) else None

    def cached_pages(self) -> int:
        return len(self._pages)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ANSWERED_ROLES:  # most calls: answered without touching the index
            return None
        if role in _TEXT_ROLES:
            # The texts of a row are made once, when first shown (a view asks again on every paint).
            row = index.row()
            texts = self._texts.get(row)
            if texts is None:
                found = self.row_at(row)
                if found is None:
                    return None
                texts = self._texts[row] = tuple(display_text(c.value(found)) for c in self.columns)
            return texts[index.column()] if 0 <= index.column() < len(texts) else None
        return super().data(index, role)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.SizeHintRole
                and QGuiApplication.instance() is not None):
            # Without it the header measures 200 row numbers, five calls each, to size itself.
            return self._row_header_size()
        return super().headerData(section, orientation, role)

    def _row_header_size(self) -> QSize:
        if self._header_size is None or self._header_size[0] != self._count:
            metrics = QFontMetrics(QGuiApplication.font())
            size = QSize(metrics.horizontalAdvance(str(max(self._count, 1))) + 12, metrics.height() + 8)
            self._header_size = (self._count, size)
        return self._header_size[1]

    def _ids_of_page(self, number: int) -> list[int]:
        if self._ids is not None:
            return self._ids[number * PAGE_SIZE:(number + 1) * PAGE_SIZE]
        ids = self._page_ids.get(number)
        if ids is None:
            ids = self._page_ids[number] = lists.trainee_id_page(number * PAGE_SIZE, PAGE_SIZE)
        return ids

    def _load_page(self, number: int) -> list[TraineeRow | None]:
        wanted = self._ids_of_page(number)
        by_id = {row.id: row for row in self._fetch(wanted)}
        # A trainee deleted since the ids were read shows as an empty row until the next reload.
        page = [by_id.get(i) for i in wanted]
        self._pages[number] = page
        while len(self._pages) > MAX_CACHED_PAGES:
            evicted, _ = self._pages.popitem(last=False)
            self._page_ids.pop(evicted, None)
            first = evicted * PAGE_SIZE
            for row in range(first, first + PAGE_SIZE):
                self._texts.pop(row, None)
        return page
