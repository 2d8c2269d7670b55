"""The Học viên list: every trainee, fast at 100,000 rows.

The model holds only the ordered ids (one query); the rows are read in pages of
:data:`PAGE_SIZE` as the view scrolls to them, and the most recent pages are cached.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence

from app.domain.formatting import format_birth
from app.services import lists
from app.services.lists import TraineeRow
from app.ui.models.table import Column, RowTableModel

PAGE_SIZE = 200
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


class TraineeModel(RowTableModel):
    """Ids in Vietnamese name order; rows fetched lazily, page by page."""

    def __init__(self, parent=None, *,
                 fetch: Callable[[Sequence[int]], list[TraineeRow]] = lists.trainee_rows) -> None:
        super().__init__(TRAINEE_COLUMNS, parent)
        self._ids: list[int] = []
        self._fetch = fetch
        self._pages: OrderedDict[int, list[TraineeRow | None]] = OrderedDict()

    def set_ids(self, ids: Sequence[int]) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self._pages.clear()
        self.endResetModel()

    def ids(self) -> list[int]:
        return list(self._ids)

    def row_count(self) -> int:
        return len(self._ids)

    def row_at(self, row: int) -> TraineeRow | None:
        if not 0 <= row < len(self._ids):
            return None
        number, offset = divmod(row, PAGE_SIZE)
        page = self._pages.get(number)
        if page is None:
            page = self._load_page(number)
        else:
            self._pages.move_to_end(number)
        return page[offset]

    def cached_pages(self) -> int:
        return len(self._pages)

    def _load_page(self, number: int) -> list[TraineeRow | None]:
        wanted = self._ids[number * PAGE_SIZE:(number + 1) * PAGE_SIZE]
        by_id = {row.id: row for row in self._fetch(wanted)}
        # A trainee deleted since the ids were read shows as an empty row until the next reload.
        page = [by_id.get(i) for i in wanted]
        self._pages[number] = page
        while len(self._pages) > MAX_CACHED_PAGES:
            self._pages.popitem(last=False)
        return page
