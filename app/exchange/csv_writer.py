"""CSV for scripts and spreadsheets: text a spreadsheet would run as a formula gets an apostrophe."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from app.exchange.xlsx_writer import FORMULA_TRIGGERS


def safe_cell(value: object) -> object:
    """A value as written to CSV: formula-looking text (=, +, -, @, tab, CR first) is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def write_rows(stream, rows: Iterable[Sequence[object]], *, lineterminator: str = "\r\n") -> None:
    writer = csv.writer(stream, lineterminator=lineterminator)
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])


def csv_bytes(rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens Vietnamese text right."""
    buffer = io.StringIO()
    write_rows(buffer, rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
