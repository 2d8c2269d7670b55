"""A catalogue (programs, ethnic groups, units, small pick-lists) as a read-only text table."""

from __future__ import annotations

from operator import itemgetter

from app.services.lists import CatalogueTable
from app.ui.models.table import Column, RowTableModel


class CatalogueModel(RowTableModel):
    """Columns come from the table's headers; the widest text column stretches."""

    def __init__(self, table: CatalogueTable, parent=None) -> None:
        columns = []
        for i, header in enumerate(table.headers):
            longest = max((len(row[i]) for row in table.rows), default=0)
            columns.append(Column(header, itemgetter(i), width=max(len(header), min(longest, 40))))
        if columns:
            widest = max(range(len(columns)), key=lambda i: columns[i].width)
            columns[widest] = Column(columns[widest].header, columns[widest].value,
                                     width=columns[widest].width, stretch=True)
        super().__init__(columns, parent)
        self.set_rows(table.rows)
