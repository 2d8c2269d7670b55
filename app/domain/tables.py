"""A printable table: title, columns, cells, totals and notes. Services fill it; printing and Excel render it.

The same object feeds the PDF, the .xlsx and the screen, so the three cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

NUMBER_KINDS = ("number", "signed")


@dataclass(frozen=True)
class TableColumn:
    header: str
    width_mm: float  # on the printed page (scaled to the frame); Excel widths derive from it
    align: str = "left"  # left | center | right
    # What its cells are for a spreadsheet: "number", "signed" (a difference: +175 / -12,5),
    # "text"; "" lets the alignment decide (right-aligned columns and STT hold numbers).
    kind: str = ""

    @property
    def numeric(self) -> bool:
        if self.kind:
            return self.kind in NUMBER_KINDS
        return self.align == "right" or self.header == "STT"


@dataclass
class TableDocument:
    title: str
    subtitle: str
    columns: list[TableColumn]
    cells: Sequence[tuple[str, ...]]
    footer: tuple[str, ...] | None = None  # a totals row, printed bold
    notes: list[str] = field(default_factory=list)  # lines under the table (counts, rules)
    wide: bool = False  # landscape
    font_size: float | None = None  # smaller type for wide tables
    sheet_name: str = "Danh sách"
    signed: bool = True
    min_row_height_mm: float | None = None  # rows people write or sign on are at least this high
    headings: tuple[int, ...] = ()  # indices of cells rows that head a section: bold, kept with the next row
    # A table too wide for one page, printed as several sheets: the columns of each (the first
    # ones, STT and name, repeated), and a line naming each sheet. Excel keeps one sheet.
    column_groups: tuple[tuple[int, ...], ...] = ()
    group_titles: tuple[str, ...] = ()

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)


class RowSource(Sequence[Any]):
    """Rows read from their query a block at a time, each time they are walked: a 20,000-row
    table is never a list in memory. ``len()`` is known up front (a ``COUNT``); indexing walks the
    rows (for tests and small uses; printing and exports only iterate)."""

    def __init__(self, count: int, blocks: Callable[[], Iterable[Iterable[Any]]],
                 convert: Callable[[int, Any], Any] | None = None):
        self._count, self._blocks, self._convert = count, blocks, convert

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Any]:
        convert = self._convert
        index = 0
        for block in self._blocks():
            for row in block:
                index += 1
                yield row if convert is None else convert(index, row)

    def map(self, convert: Callable[[int, Any], Any]) -> RowSource:
        """The same rows, each made into ``convert(number from 1, row)`` as it is read."""
        inner = self._convert
        if inner is None:
            return RowSource(self._count, self._blocks, convert)
        return RowSource(self._count, self._blocks, lambda i, row: convert(i, inner(i, row)))

    def __getitem__(self, index: Any) -> Any:
        return list(self)[index]
