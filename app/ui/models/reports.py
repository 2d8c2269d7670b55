"""The Báo cáo list: the reports the centre makes, filterable as you type."""

from __future__ import annotations

from app.domain.text import fold
from app.outputs.reports import REPORT_KINDS, ReportKind
from app.ui.models.table import Column, RowTableModel

REPORT_COLUMNS: tuple[Column, ...] = (
    Column("Báo cáo", lambda r: r.name, width=34),
    Column("Nội dung", lambda r: r.description, width=50, stretch=True),
)


class ReportModel(RowTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(REPORT_COLUMNS, parent)
        self.set_filter("")

    def set_filter(self, text: str) -> None:
        """Keep the reports whose name or description holds every typed word."""
        words = fold(text).split()
        self.set_rows([kind for kind in REPORT_KINDS
                       if all(w in fold(f"{kind.name} {kind.description}") for w in words)])

    def report(self, row: int) -> ReportKind | None:
        return self.row_at(row)
