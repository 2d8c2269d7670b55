"""The roster template "Mẫu danh sách học viên.xlsx": what a commune fills in so the import reads it perfectly.

Title rows, a one-line guide (no example rows: an example left in would be imported as a person),
one header row with the column names the reader knows, the columns below formatted as text (so
Excel keeps a CCCD's leading zero and a typed date as typed), widths and a frozen header. Written by
code (``write_roster_template``), atomically, whenever it is asked for: nothing to ship or keep in step.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # openpyxl is imported when a template is written, not when the program starts
    from openpyxl import Workbook

TEMPLATE_NAME = "Mẫu danh sách học viên.xlsx"
TITLE = "DANH SÁCH HỌC VIÊN ĐỀ NGHỊ CỬ ĐI HỌC"
# (header, width, is text): the reader's own names for each field.
COLUMNS = (
    ("STT", 6, False),
    ("Họ và tên", 26, True),
    ("Ngày sinh", 13, True),
    ("Giới tính", 9, True),
    ("Dân tộc", 10, True),
    ("Số CCCD", 16, True),
    ("Chức vụ", 22, True),
    ("Đơn vị công tác", 26, True),
    ("Đảng viên", 10, True),
    ("Trình độ LLCT", 14, True),
    ("Số điện thoại", 14, True),
    ("Ghi chú", 24, True),
)
HEADER_ROW = 4
GUIDE = ("Hướng dẫn: mỗi học viên một dòng, từ dòng 5; ngày sinh ghi ngày/tháng/năm (ví dụ 12/03/1980) "
         "hoặc chỉ năm sinh; số CCCD đủ 12 chữ số; cột Đảng viên ghi x. Không đổi tên các cột.")


def template_workbook():
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    last = get_column_letter(len(COLUMNS))
    sheet["A1"] = "Đơn vị: ……………………………"
    sheet["A2"] = TITLE
    sheet["A2"].font = Font(bold=True, size=14)
    sheet["A2"].alignment = Alignment(horizontal="center")
    sheet.merge_cells(f"A2:{last}2")
    sheet["A3"] = GUIDE
    sheet["A3"].font = Font(italic=True, size=9)
    sheet.merge_cells(f"A3:{last}3")
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for column, (title, width, as_text) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(HEADER_ROW, column, title)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = width
        if as_text:
            for row in range(HEADER_ROW + 1, HEADER_ROW + 501):
                sheet.cell(row, column).number_format = "@"  # typed dates and IDs stay text
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    print_across_one_page(sheet, f"1:{HEADER_ROW}")
    return workbook


def print_across_one_page(sheet, title_rows: str) -> None:
    """Printed (a commune may fill it in by hand): landscape A4, every column on one page width, the
    title rows repeated on each page. Without it the columns ran over three pages."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = title_rows


def write_roster_template(path: Path) -> Path:
    """Write the template to ``path`` (a folder gets ``Mẫu danh sách học viên.xlsx``), atomically."""
    return save_template(template_workbook(), path, TEMPLATE_NAME)


def save_template(workbook: Workbook, path: Path, name: str) -> Path:
    """Save a template workbook to ``path`` (a folder gets ``name``) atomically: a temporary file
    beside it, renamed over it; nothing half-written is left on any failure."""
    path = Path(path)
    if path.is_dir():
        path = path / name
    handle, temporary = tempfile.mkstemp(prefix=".mau-", suffix=".xlsx", dir=path.parent)
    os.close(handle)
    try:
        workbook.save(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
