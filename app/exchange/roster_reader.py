"""Reading a roster (danh sách học viên) from an .xlsx file as the communes send them.

The header row is found by itself below any title rows; columns are matched by their usual
Vietnamese names; blank rows are skipped; each data row keeps the row number Excel shows.
Values come back as text (dates as datetime/date objects when the cell is a real Excel date);
the service decides what is valid.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.errors import ValidationError
from app.domain.text import clean, fold
from app.exchange.safe_open import check_xlsx_file

MAX_HEADER_SCAN_ROWS = 30
MAX_COLUMNS = 60
MAX_DATA_ROWS = 20_000
MAX_CELL_CHARS = 500

# Folded header text → field. Longer, more specific names are matched first.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "full_name": ("ho va ten hoc vien", "ho va ten", "ho ten", "ho, ten", "ten hoc vien", "ho va ten dong chi"),
    "family_middle": ("ho va ten dem", "ho va dem", "ho dem", "ho, ten dem"),
    "given_name": ("ten",),
    "birth": ("ngay, thang, nam sinh", "ngay thang nam sinh", "ngay/thang/nam sinh", "ngay sinh", "nam sinh",
              "sinh ngay", "ngay, thang nam sinh"),
    "gender": ("gioi tinh", "gioi", "nam/nu", "nam, nu", "nam nu"),
    "ethnic_group": ("dan toc",),
    "citizen_id": ("so cccd", "cccd", "so can cuoc cong dan", "so can cuoc", "can cuoc cong dan", "so dinh danh",
                   "so dinh danh ca nhan", "so cmnd/cccd", "cmnd/cccd", "so cccd/cmnd", "cccd/cmnd"),
    "old_id_number": ("so cmnd", "cmnd", "chung minh nhan dan", "so chung minh nhan dan"),
    "position_unit": ("chuc vu, don vi cong tac", "chuc vu, don vi", "chuc vu - don vi", "chuc vu don vi",
                      "chuc vu, co quan don vi", "chuc vu, noi cong tac", "chuc danh, don vi cong tac"),
    "position": ("chuc vu", "chuc danh", "chuc vu hien nay"),
    "unit": ("don vi cong tac", "don vi", "co quan", "co quan, don vi", "noi cong tac", "co quan cong tac"),
    "party_member": ("dang vien", "la dang vien", "dang vien (x)"),
    "theory_level": ("trinh do llct", "trinh do ly luan chinh tri", "ly luan chinh tri", "llct"),
    "phone": ("so dien thoai", "dien thoai", "sdt", "so dt"),
    "note": ("ghi chu",),
    "score": ("diem", "diem thi", "diem bai thu hoach", "diem thu hoach", "ket qua diem", "diem so"),
}
_LOOKUP = {syn: name for name, syns in SYNONYMS.items() for syn in syns}


MAX_HEADER_CHARS = 200  # no column title is longer; a huge title cell is not worth folding


def _header_key(value: object) -> str:
    if value is None or (isinstance(value, str) and len(value) > MAX_HEADER_CHARS):
        return ""
    text = fold(str(value))
    return " ".join(text.replace("\n", " ").split()).strip(" :.*")


@dataclass
class RosterRow:
    """One data row: its Excel row number and the raw values per field."""

    row: int
    values: dict[str, object]
    section: str = ""  # the section heading above it ("XÃ BẢN MẾ"), or a unit merged down
    original: dict[str, str] = field(default_factory=dict)  # field → text before legacy-encoding conversion


@dataclass
class OtherRow:
    """A non-blank row that is not a trainee: a section heading or a skipped row."""

    row: int
    kind: str  # "section" | "skipped"
    text: str
    reason: str  # Vietnamese, for the preview; "" for sections
    reason_code: str  # English, for the command line; "" for sections


@dataclass
class RosterSheet:
    sheet_name: str
    header_row: int
    columns: dict[str, int]  # field → 1-based column
    rows: list[RosterRow] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)
    others: list[OtherRow] = field(default_factory=list)
    encoding: str = "unicode"  # "unicode" | "tcvn3" | "vni"
    converted_cells: int = 0


def _match_header(cells: list[object]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, value in enumerate(cells, start=1):
        name = _LOOKUP.get(_header_key(value))
        if name and name not in found:
            found[name] = index
    return found


def _usable(columns: dict[str, int]) -> bool:
    has_name = "full_name" in columns or ("family_middle" in columns and "given_name" in columns)
    return has_name and len(columns) >= 2


def _cell_value(value: object) -> object:
    if isinstance(value, str):
        if len(value) > MAX_CELL_CHARS:
            raise ValueError(f"ô dài {len(value)} ký tự (tối đa {MAX_CELL_CHARS})")
        return clean(value)
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    return value


def read_roster(path: Path, *, required: tuple[str, ...] = ()) -> RosterSheet:
    """Find the roster table in the workbook at ``path`` and return its rows.

    Raises :class:`ValidationError` with a Vietnamese reason for files that are not usable.
    """
    from openpyxl import load_workbook  # imported when needed: openpyxl is slow to import

    check_xlsx_file(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on broken files; all mean "unreadable"
        raise ValidationError(f"Không đọc được tệp Excel {Path(path).name}: tệp bị hỏng hoặc không đúng định dạng.",
                              details=repr(exc)) from exc
    try:
        for sheet in workbook.worksheets:
            result = _read_sheet(sheet, required)
            if result is not None:
                return result
    finally:
        workbook.close()
    raise ValidationError("Không tìm thấy dòng tiêu đề của danh sách (cần ít nhất cột \"Họ và tên\" và một "
                          "cột khác như \"Ngày sinh\").")


def _read_sheet(sheet, required: tuple[str, ...]) -> RosterSheet | None:
    rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    header_row = 0
    columns: dict[str, int] = {}
    header_cells: list[object] = []
    for number, cells in enumerate(rows, start=1):
        if number > MAX_HEADER_SCAN_ROWS:
            return None
        columns = _match_header(list(cells))
        if _usable(columns):
            header_row, header_cells = number, list(cells)
            break
    else:
        return None
    missing = [name for name in required if name not in columns]
    if missing:
        return None
    result = RosterSheet(sheet_name=sheet.title, header_row=header_row, columns=columns)
    used = set(columns.values())
    result.ignored_headers = [clean(str(v)[:MAX_HEADER_CHARS]) for i, v in enumerate(header_cells, start=1)
                              if v not in (None, "") and i not in used]
    data_rows = 0
    for number, cells in enumerate(rows, start=header_row + 1):
        cells = list(cells)
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        if _is_column_number_row(cells, columns):
            continue
        data_rows += 1
        if data_rows > MAX_DATA_ROWS:
            raise ValidationError(f"Danh sách có hơn {MAX_DATA_ROWS:,} dòng; hãy chia nhỏ tệp.".replace(",", "."))
        values: dict[str, object] = {}
        for name, col in columns.items():
            raw = cells[col - 1] if col - 1 < len(cells) else None
            try:
                values[name] = _cell_value(raw)
            except ValueError as exc:
                values[name] = None
                title = header_cells[col - 1] if col - 1 < len(header_cells) else None
                label = clean(str(title))[:MAX_HEADER_CHARS] if title not in (None, "") else name
                values.setdefault("_errors", []).append(f"cột \"{label}\": {exc}")
        result.rows.append(RosterRow(number, values))
    return result


def _is_column_number_row(cells: list[object], columns: dict[str, int]) -> bool:
    """The "(1) (2) (3)…" row many official tables put under the header: its name cell is a number."""
    col = columns.get("full_name") or columns.get("given_name")
    value = cells[col - 1] if col and col - 1 < len(cells) else None
    if isinstance(value, int | float):
        return True
    return isinstance(value, str) and value.strip().strip("()").isdigit()
