"""Writing a table to .xlsx: title row, Vietnamese headers, widths set, user text kept as text.

Text that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return) is written as a string cell with a leading apostrophe-like quote prefix,
so Excel shows it as typed and never evaluates it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


@dataclass(frozen=True)
class SheetColumn:
    header: str
    width: float  # in Excel character units


def write_table(title: str, columns: Sequence[SheetColumn], rows: Sequence[Sequence[object]], *,
                subtitle: str = "", sheet_name: str = "Danh sách") -> bytes:
    """One sheet: title (and subtitle) rows, a bold header row, the rows; returns .xlsx bytes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name[:31]
    width = len(columns)
    row_no = 1
    for text, size in ((title, 14), (subtitle, 12)):
        if not text:
            continue
        set_value(sheet.cell(row=row_no, column=1), text)  # a title holds user text (a class's name)
        sheet.cell(row=row_no, column=1).font = Font(name="Times New Roman", bold=size == 14, size=size)
        sheet.merge_cells(start_row=row_no, start_column=1, end_row=row_no, end_column=width)
        sheet.cell(row=row_no, column=1).alignment = Alignment(horizontal="center", wrap_text=True)
        row_no += 1
    header_row = row_no
    for col, column in enumerate(columns, start=1):
        cell = sheet.cell(row=header_row, column=col)
        set_value(cell, column.header)
        cell.font = Font(name="Times New Roman", bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BOX
        sheet.column_dimensions[get_column_letter(col)].width = column.width
    for values in rows:
        row_no += 1
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_no, column=col)
            set_value(cell, value)
            cell.font = Font(name="Times New Roman")
            cell.border = _BOX
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class Number:
    """A number for a spreadsheet cell, with how Excel should show it."""

    value: float | int
    number_format: str


_FORMATS = {"int": "#,##0", "decimal": "#,##0.0", "percent": "0.0%"}
# A difference shows its sign, as the PDF does ("+175", "-12,5").
_SIGNED_FORMATS = {"int": "+#,##0;-#,##0;0", "decimal": "+#,##0.0;-#,##0.0;0", "percent": "+0.0%;-0.0%;0%"}


def _as_number(value: object, kind: str = "") -> object:
    """Numbers of the numeric columns go to Excel as numbers (sums work), not as text, with the
    value the PDF shows (it is read back from the very text printed)."""
    from app.domain.formatting import parse_number

    if isinstance(value, str):
        parsed = parse_number(value, plain=True)
        if parsed is not None:
            formats = _SIGNED_FORMATS if kind == "signed" else _FORMATS
            return Number(parsed[0], formats[parsed[1]])
    return value


def set_value(cell, value: object) -> None:
    """Put a value in a cell; strings always stay strings, never formulas.

    Characters an .xlsx cannot hold at all (control characters) are dropped rather than failing
    the whole export.
    """
    if isinstance(value, Number):
        cell.value = value.value
        cell.number_format = value.number_format
        return
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = value
        cell.data_type = TYPE_STRING  # openpyxl would otherwise turn "=…" into a formula
        if value.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
    else:
        cell.value = value


def table_xlsx(document) -> bytes:
    """A :class:`~app.domain.tables.TableDocument` as a workbook (widths from its millimetres)."""
    columns = [SheetColumn(c.header, max(5.0, round(c.width_mm * 0.62, 1))) for c in document.columns]
    numeric = [c.numeric for c in document.columns]
    kinds = [c.kind for c in document.columns]
    rows = [tuple(_as_number(v, k) if n else v for v, n, k in zip(row, numeric, kinds, strict=False))
            for row in (*document.cells, *((document.footer,) if document.footer is not None else ()))]
    rows += [(line,) + ("",) * (len(columns) - 1) for line in document.notes]
    return write_table(document.title, columns, rows, subtitle=document.subtitle, sheet_name=document.sheet_name)
