"""The workbook of old records ("Nhập hồ sơ cũ"): past classes, their rosters and the certificate registry.

A centre's decade of Excel comes in one workbook (.xlsx, .xls or .ods):

* a sheet of **classes**, one row per class (Mã lớp, Chương trình, Tên lớp, Từ ngày, Đến ngày, …);
* the **rosters**: one sheet per class (named by the class code, or with a "Mã lớp" column), or
  one long sheet with a "Mã lớp" column. Each is read by the roster reader (the same header
  detection, sections, totals and signature block as a commune's list), plus the class code and
  the result ("Điểm", "Kết quả"/"Xếp loại") of each row;
* the **registry** (sổ cấp GCN): Số GCN, Họ và tên, Ngày sinh, Mã lớp, Ngày cấp.

This module only reads the cells (values as the cells hold them, text cleaned) and writes the
template (:func:`write_history_template`); :mod:`app.services.history_import` decides what they mean.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.errors import ValidationError
from app.domain.text import clean, fold
from app.exchange import legacy
from app.exchange.roster_reader import RosterSheet, _plain_title, read_table
from app.exchange.roster_rows import _TOTAL, _is_signature, _texts
from app.exchange.roster_template import print_across_one_page, save_template
from app.exchange.sheets import MAX_COLUMNS, SheetSource, open_sheets

TEMPLATE_NAME = "Mẫu nhập hồ sơ cũ.xlsx"
MAX_HEADER_SCAN_ROWS = 30

# Folded header text → field, for the class sheet and the registry sheet.
CLASS_FIELDS: dict[str, tuple[str, ...]] = {
    "code": ("ma lop", "ma lop hoc", "ky hieu lop"),
    "program": ("chuong trinh", "ma chuong trinh", "loai lop", "chuong trinh (ma)"),
    "name": ("ten lop", "ten lop hoc"),
    "start": ("tu ngay", "ngay khai giang", "ngay bat dau"),
    "end": ("den ngay", "ngay be giang", "ngay ket thuc"),
    "venue": ("dia diem", "noi hoc"),
    "partner": ("don vi phoi hop", "phoi hop"),
    "decision_number": ("so quyet dinh", "quyet dinh mo lop", "so qd"),
    "note": ("ghi chu",),
}
REGISTRY_FIELDS: dict[str, tuple[str, ...]] = {
    "number": ("so gcn", "so giay chung nhan", "so vao so", "so chung nhan", "so gcn/nam"),
    "full_name": ("ho va ten", "ho ten", "ho va ten hoc vien"),
    "birth": ("ngay sinh", "nam sinh", "ngay thang nam sinh", "ngay, thang, nam sinh"),
    "code": ("ma lop", "lop", "ten lop", "ten lop hoc"),
    "issued_on": ("ngay cap", "ngay cap gcn", "ngay ky"),
    "serial": ("so hieu", "so hieu phoi"),
    "note": ("ghi chu",),
}
# Columns of a roster sheet the roster reader does not know.
ROSTER_EXTRA: dict[str, tuple[str, ...]] = {
    "code": ("ma lop", "lop", "ten lop", "ten lop hoc"),  # a code, or a name the class sheet gives one class
    "result": ("ket qua", "xep loai", "ket qua xep loai", "xep loai ket qua"),
}


def _key(value: object) -> str:
    if value is None or (isinstance(value, str) and len(value) > 200):
        return ""
    return " ".join(fold(str(value)).replace("\n", " ").split()).strip(" :.*")


def _lookup(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {synonym: name for name, synonyms in table.items() for synonym in synonyms}


def _header(rows, table: dict[str, tuple[str, ...]], needed: tuple[str, ...]) -> tuple[int, dict[str, int]] | None:
    """(1-based header row, field → 1-based column) of the first row naming every ``needed`` field."""
    lookup = _lookup(table)
    for number, cells in enumerate(rows[:MAX_HEADER_SCAN_ROWS], start=1):
        found: dict[str, int] = {}
        for column, value in enumerate(list(cells)[:MAX_COLUMNS], start=1):
            key = _key(value)
            name = lookup.get(key) or lookup.get(_plain_title(key)) if key else None  # "Từ ngày (ngày/tháng/năm)"
            if name and name not in found:
                found[name] = column
        if all(n in found for n in needed):
            return number, found
    return None


def _cell(cells, column: int | None) -> object:
    if column is None or column > len(cells):
        return None
    value = cells[column - 1]
    if isinstance(value, str):
        value = clean(value)
        return value or None
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _blank(cells) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in cells)


@dataclass
class ClassLine:
    sheet: str
    row: int
    values: dict[str, object]


@dataclass
class RegistryLine:
    sheet: str
    row: int
    values: dict[str, object]


@dataclass
class RosterPart:
    """A roster sheet: its rows (the roster reader's), and per row number the class code and result."""

    sheet: str
    table: RosterSheet
    codes: dict[int, str] = field(default_factory=dict)  # row → class code ("" when none given)
    results: dict[int, object] = field(default_factory=dict)  # row → the "Kết quả" cell


@dataclass
class HistoryWorkbook:
    source: Path
    classes: list[ClassLine] = field(default_factory=list)
    rosters: list[RosterPart] = field(default_factory=list)
    registry: list[RegistryLine] = field(default_factory=list)
    ignored_sheets: list[str] = field(default_factory=list)
    class_sheets: list[str] = field(default_factory=list)  # the sheets read as the class list


def _lines_under(sheet: SheetSource, header_row: int, columns: dict[str, int], dated: str):
    """(row number, field → value) of each non-blank row under the header. A row without its
    ``dated`` field that is a totals line ("Tổng cộng: 12 lớp") or the signature block (the
    place-and-date line, "NGƯỜI LẬP BIỂU", the signer's name under it) is no record: passed over."""
    ended = False
    for number in range(header_row + 1, len(sheet.rows) + 1):
        cells = sheet.rows[number - 1]
        if _blank(cells):
            continue
        values = {name: _cell(cells, column) for name, column in columns.items()}
        if values.get(dated) is None:
            texts = _texts(list(cells))
            if ended or _is_signature(list(cells), texts):
                ended = True
                continue
            if any(_TOTAL.match(text) for _column, text in texts):
                continue
        yield number, values


def _class_sheet(sheet: SheetSource, workbook: HistoryWorkbook) -> bool:
    found = _header(sheet.rows, CLASS_FIELDS, ("code", "start"))
    if found is None or "program" not in found[1]:
        return False
    workbook.class_sheets.append(sheet.name)
    for number, values in _lines_under(sheet, *found, "start"):
        workbook.classes.append(ClassLine(sheet.name, number, values))
    return True


_REGISTRY_LABELS = {"number": "Số GCN", "full_name": "Họ và tên", "code": "Mã lớp", "issued_on": "Ngày cấp"}


def _registry_sheet(sheet: SheetSource, workbook: HistoryWorkbook) -> bool:
    found = _header(sheet.rows, REGISTRY_FIELDS, ("number", "full_name", "issued_on"))
    if found is None:
        partial = _header(sheet.rows, REGISTRY_FIELDS, ("number",))
        if partial is not None:  # a registry short of a column: never read as a roster, its numbers dropped
            missing = ", ".join(f"\"{_REGISTRY_LABELS[n]}\"" for n in ("full_name", "issued_on")
                                if n not in partial[1])
            raise ValidationError(f"Trang \"{sheet.name}\" có cột Số GCN nhưng thiếu cột {missing}: sổ cấp GCN cần "
                                  f"các cột {', '.join(_REGISTRY_LABELS.values())}.")
        return False
    for number, values in _lines_under(sheet, *found, "issued_on"):
        if values.get("number") is None and values.get("full_name") is None:
            continue  # a signature line under the registry
        workbook.registry.append(RegistryLine(sheet.name, number, values))
    return True


def _roster_sheet(sheet: SheetSource, workbook: HistoryWorkbook) -> bool:
    table = read_table(sheet)
    if table is None:
        return False
    header = sheet.rows[table.header_row - 1] if table.header_row <= len(sheet.rows) else []
    lookup = _lookup(ROSTER_EXTRA)
    extra: dict[str, int] = {}
    used = set(table.columns.values())
    for column, value in enumerate(list(header)[:MAX_COLUMNS], start=1):
        key = _key(value)
        name = lookup.get(key) or lookup.get(_plain_title(key)) if key else None
        if name and name not in extra and column not in used:
            extra[name] = column
    part = RosterPart(sheet.name, table)
    code_column = extra.get("code")
    # The class code written once in a cell merged down over the class's rows: the top cell's, for each.
    merged_top = {r: (top, c1) for top, c1, bottom, c2 in sheet.merged if code_column and c1 <= code_column <= c2
                  for r in range(top + 1, min(bottom, len(sheet.rows)) + 1)}
    for row in table.rows:
        cells = sheet.rows[row.row - 1]
        code = _cell(cells, code_column)
        if code is None and row.row in merged_top:
            top, first_column = merged_top[row.row]
            code = _cell(sheet.rows[top - 1], first_column)
        part.codes[row.row] = clean(str(code)) if code is not None else ""
        part.results[row.row] = _cell(cells, extra.get("result"))
    workbook.rosters.append(part)
    return True


def read_history_workbook(path: Path) -> HistoryWorkbook:
    """Every sheet of the workbook as classes, a roster or the registry (in that order of trying)."""
    workbook = HistoryWorkbook(Path(path))
    for sheet in open_sheets(Path(path)):
        try:
            if _class_sheet(sheet, workbook) or _registry_sheet(sheet, workbook) or _roster_sheet(sheet, workbook):
                continue
        except legacy.UndecidedEncoding:
            pass
        workbook.ignored_sheets.append(sheet.name)
    if not workbook.classes and workbook.class_sheets:
        raise ValidationError(f"Trang \"{workbook.class_sheets[0]}\" chưa có lớp nào: hãy ghi mỗi lớp một dòng dưới "
                              "dòng tiêu đề (Mã lớp, Chương trình, Tên lớp, Từ ngày, Đến ngày).")
    if not workbook.classes:
        raise ValidationError("Không tìm thấy trang danh sách lớp trong tệp (cần các cột \"Mã lớp\", "
                              "\"Chương trình\", \"Từ ngày\"). Hãy dùng tệp mẫu nhập hồ sơ cũ.")
    return workbook


# --- the template --------------------------------------------------------------------------------

CLASS_COLUMNS = (("Mã lớp", 16), ("Chương trình", 14), ("Tên lớp", 40), ("Từ ngày", 12), ("Đến ngày", 12),
                 ("Địa điểm", 24), ("Đơn vị phối hợp", 24), ("Số quyết định", 16), ("Ghi chú", 24))
ROSTER_COLUMNS = (("STT", 6), ("Mã lớp", 16), ("Họ và tên", 26), ("Ngày sinh", 12), ("Giới tính", 9),
                  ("Dân tộc", 10), ("Số CCCD", 16), ("Chức vụ", 22), ("Đơn vị công tác", 26), ("Đảng viên", 10),
                  ("Điểm", 8), ("Kết quả", 12), ("Ghi chú", 20))
REGISTRY_COLUMNS = (("Số GCN", 12), ("Họ và tên", 26), ("Ngày sinh", 12), ("Mã lớp", 16), ("Ngày cấp", 12),
                    ("Ghi chú", 24))
GUIDES = {
    "Lớp học": "Mỗi lớp một dòng. Chương trình ghi mã (ví dụ NTVD) hoặc tên chương trình. Ngày ghi ngày/tháng/năm.",
    "Học viên": ("Mỗi học viên của một lớp một dòng; cột Mã lớp ghi mã lớp như trang Lớp học (có thể làm mỗi lớp "
                 "một trang riêng, đặt tên trang là mã lớp). Điểm và Kết quả (Giỏi, Khá, Trung bình…) nếu có."),
    "Sổ cấp GCN": ("Mỗi giấy chứng nhận một dòng: số giữ nguyên như trong sổ (ví dụ 0125/2018), họ tên và ngày "
                   "sinh như trong danh sách lớp, mã lớp, ngày cấp."),
}


def template_workbook():
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    first = True
    for title, columns in (("Lớp học", CLASS_COLUMNS), ("Học viên", ROSTER_COLUMNS), ("Sổ cấp GCN", REGISTRY_COLUMNS)):
        sheet = workbook.active if first else workbook.create_sheet()
        first = False
        sheet.title = title
        last = get_column_letter(len(columns))
        sheet["A1"] = GUIDES[title]
        sheet["A1"].font = Font(italic=True, size=9)
        sheet["A1"].alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(f"A1:{last}1")
        sheet.row_dimensions[1].height = 30
        for column, (header, width) in enumerate(columns, start=1):
            cell = sheet.cell(2, column, header)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = border
            sheet.column_dimensions[get_column_letter(column)].width = width
            if header not in ("STT", "Điểm"):
                for row in range(3, 1003):
                    sheet.cell(row, column).number_format = "@"  # typed dates, IDs and numbers stay as typed
        sheet.freeze_panes = "A3"
        print_across_one_page(sheet, "1:2")
    return workbook


def write_history_template(path: Path) -> Path:
    """Write the template to ``path`` (a folder gets ``Mẫu nhập hồ sơ cũ.xlsx``), atomically."""
    return save_template(template_workbook(), path, TEMPLATE_NAME)
