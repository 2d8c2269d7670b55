"""Reading a roster (danh sách học viên) as the communes send them: the table, not the sheet.

The input is any :class:`~app.exchange.sheets.SheetSource` (.xlsx, .xls, .ods, .csv, pasted text).
The reader

* converts text typed in the legacy fonts (TCVN3, VNI) to Unicode, per column (``legacy``), keeping
  each converted cell's original;
* finds the header below any title rows: one row, or two (a merged parent over its children:
  "Họ và tên" over "Họ đệm" | "Tên"; "Năm sinh" over "Nam" | "Nữ", where the year in the sex's
  column gives both the birth and the gender);
* reads every row under it as a trainee, except what it reports in ``others``: section headings
  ("XÃ BẢN MẾ", "I. Khối Đảng": they become the ``section`` of the rows below), the column-number
  row "(1) (2) (3)", hidden and struck-through rows, the totals row and everything from the
  signature block on (place-and-date line, "T/M …", "NGƯỜI LẬP BIỂU", the signer's name);
* fills a unit (or position) cell merged down over several rows into each of them.

What each row under the header is (trainee, heading, totals, signature…) is decided in
:mod:`app.exchange.roster_rows`.

Values come back as the cells hold them (text cleaned to NFC; dates as date objects); the service
decides what is valid.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.errors import ValidationError
from app.domain.text import clean, fold
from app.exchange import legacy
from app.exchange.roster_rows import (
    _FEMALE,
    _GENDER_FEMALE,
    _GENDER_MALE,
    _MALE,
    MAX_HEADER_CHARS,
    _blank,
    _header_key,
    _is_column_number_row,
    _is_header_notes_row,
    _is_section,
    _is_signature,
    _last_name_column,
    _struck,
    _texts,
    _total_word,
    unit_of_heading,
)
from app.exchange.sheets import MAX_COLUMNS, SheetSource, open_sheets, pasted_sheet

MAX_HEADER_SCAN_ROWS = 30
MAX_DATA_ROWS = 20_000
MAX_CELL_CHARS = 500
MAX_ENCODING_SAMPLE = 300  # candidate cells per column read three ways to decide its encoding
MAX_ENCODING_ROWS = 3_000  # rows looked at for them: a font is chosen for a whole file, not row by row
MAX_MERGED_CELLS = 200_000  # cells covered by merged ranges that are looked at

# Folded header text → field. Longer, more specific names are matched first.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "full_name": ("ho va ten hoc vien", "ho va ten", "ho ten", "ho, ten", "ten hoc vien", "ho va ten dong chi"),
    "family_middle": ("ho va ten dem", "ho va dem", "ho dem", "ho, ten dem", "ho va chu dem", "ho", "ho lot",
                      "ho va ten lot"),
    "given_name": ("ten",),
    "birth": ("ngay, thang, nam sinh", "ngay thang nam sinh", "ngay/thang/nam sinh", "ngay sinh", "nam sinh",
              "sinh ngay", "ngay, thang nam sinh", "ngay thang, nam sinh", "sinh nam"),
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


class _Lookup(dict):
    """Folded header text → field; a title with a note in brackets ("Họ và tên (chữ in hoa)") or
    "hiện nay" after it ("Đơn vị công tác hiện nay") is the title without them."""

    def get(self, key, default=None):
        found = super().get(key)
        if found is None and isinstance(key, str) and key:
            found = super().get(_plain_title(key))
        return default if found is None else found

    def __getitem__(self, key):
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found


def _plain_title(key: str) -> str:
    key = re.sub(r"\s*[(\[][^)\]]*[)\]]", " ", key)
    key = re.sub(r"\s+(hien nay|hien tai)$", "", " ".join(key.split()))
    return key.strip(" :.*-")


_LOOKUP = _Lookup({syn: name for name, syns in SYNONYMS.items() for syn in syns})
# A split column titled on one row: "Năm sinh Nam" | "Năm sinh Nữ", "Giới tính Nam" | "Giới tính Nữ".
_LOOKUP.update({f"{title} {sex}": split for title in ("nam sinh", "ngay sinh", "ngay thang nam sinh")
                for sex, split in (("nam", _MALE), ("nu", _FEMALE))})
_LOOKUP.update({"gioi tinh nam": _GENDER_MALE, "gioi tinh nu": _GENDER_FEMALE})
_SEX_CHILDREN = {"nam": _MALE, "nu": _FEMALE}
_GENDER_CHILDREN = {"nam": _GENDER_MALE, "nu": _GENDER_FEMALE}
_NAME_CHILDREN = {"family_middle", "given_name"}
# Columns whose cell, merged down over several rows, applies to each of them.
_FILLED_DOWN = ("unit", "position_unit", "position", "ethnic_group", "theory_level", "note")


@dataclass
class RosterRow:
    """One trainee row: its row number as the spreadsheet shows it and the raw values per field."""

    row: int
    values: dict[str, object]
    section: str = ""  # the section heading above it ("XÃ BẢN MẾ"), or its unit merged down
    original: dict[str, str] = field(default_factory=dict)  # field → text before the legacy conversion


@dataclass
class OtherRow:
    """A non-blank row that is not a trainee: a section heading, or a row skipped with its reason."""

    row: int
    kind: str  # "section" | "skipped"
    text: str
    reason: str = ""  # Vietnamese, for the preview; "" for a section
    reason_code: str = ""  # English, for command-line lines; "" for a section


SECTION, SKIPPED = "section", "skipped"
_REASONS = {
    "signature block": "khối chữ ký",
    "totals row": "dòng tổng cộng",
    "hidden row": "dòng bị ẩn",
    "struck-through row": "chữ gạch ngang",
    "column numbers": "dòng số thứ tự cột",
    "header notes": "dòng ghi chú của tiêu đề",
    "after the table": "sau bảng danh sách",
}


@dataclass
class RosterSheet:
    sheet_name: str
    header_row: int
    columns: dict[str, int]  # field → 1-based column ("birth_male"/"birth_female" for a split birth column)
    rows: list[RosterRow] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)
    others: list[OtherRow] = field(default_factory=list)
    encoding: str = legacy.UNICODE  # "unicode" | "tcvn3" | "vni": detected or forced
    converted_cells: int = 0
    header_rows: int = 1  # 2 for a two-row header
    formatting_known: bool = True  # False for .xls/.ods/.csv: hidden and struck rows cannot be seen there

    def encoding_line(self) -> str:
        """The command line's report of a conversion, e.g. ``encoding: TCVN3 → Unicode (12 cells)``; "" if none."""
        if not self.converted_cells:
            return ""
        return f"encoding: {legacy.LABELS[self.encoding]} → Unicode ({self.converted_cells} cells)"


# --- public entry points -----------------------------------------------------------------------------

_NOT_FOUND = ("Không tìm thấy dòng tiêu đề của danh sách (cần ít nhất cột \"Họ và tên\" và một "
              "cột khác như \"Ngày sinh\").")


def read_roster(path: Path, *, required: tuple[str, ...] = (), encoding: str | None = None) -> RosterSheet:
    """Find the roster table in the file at ``path`` (.xlsx, .xlsm, .xls, .ods, .csv) and return its rows.

    ``encoding`` forces "unicode", "tcvn3" or "vni" instead of detecting it. Raises
    :class:`ValidationError` with a Vietnamese reason for files that are not usable.
    """
    undecided: ValidationError | None = None
    empty: RosterSheet | None = None  # a header with no one under it (the template's own sheet, left blank)
    hidden: list[SheetSource] = []  # sheets the workbook does not show: read after the ones it shows

    def sheets():
        for sheet in open_sheets(Path(path)):
            if getattr(sheet, "hidden", False):
                hidden.append(sheet)
            else:
                yield sheet
        yield from hidden

    for sheet in sheets():
        try:
            result = read_table(sheet, required=required, encoding=encoding)
        except legacy.UndecidedEncoding as exc:  # maybe a side sheet: the roster may be on another
            undecided = undecided or exc
            continue
        if result is not None and result.rows:
            return result
        empty = empty or result
    if empty is not None:
        return empty
    raise undecided or ValidationError(_NOT_FOUND)


def read_pasted_roster(text: str, *, required: tuple[str, ...] = (), encoding: str | None = None) -> RosterSheet:
    """Rows pasted from Excel or a Word table (tab-separated, the header among the first lines).
    Row numbers count the pasted lines from 1."""
    if not clean(text):
        raise ValidationError("Bảng tạm không có gì để dán: hãy chép các dòng trong Excel (kèm dòng tiêu đề).")
    result = read_table(pasted_sheet(text), required=required, encoding=encoding)
    if result is None:
        raise ValidationError("Không nhận ra dòng tiêu đề trong đoạn dán: hãy chép cả dòng tiêu đề "
                              "(\"Họ và tên\", \"Ngày sinh\"…) cùng các dòng học viên.")
    return result


# --- the grid: converted text and merged cells --------------------------------------------------------


class _Grid:
    """The sheet's cells after the legacy-encoding conversion, with merged ranges resolved."""

    def __init__(self, sheet: SheetSource, encoding: str | None) -> None:
        self.sheet = sheet
        self.rows = sheet.rows
        self.original: dict[tuple[int, int], str] = {}
        self.verdict = legacy.decide(self._sample(), forced=encoding)
        self._converted: dict[int, list[object]] = {}
        self.converted_cells = 0
        self.forced = encoding is not None
        self.used: dict[tuple[int, int], str] = {}  # converted cell -> the encoding it was read in
        self._convert_all()
        self.merged_top: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        covered = 0
        for r1, c1, r2, c2 in sheet.merged:
            c2 = min(c2, MAX_COLUMNS)
            r2 = min(r2, len(self.rows))
            covered += max(0, r2 - r1 + 1) * max(0, c2 - c1 + 1)
            if covered > MAX_MERGED_CELLS:
                break
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    self.merged_top[(r, c)] = (r1, c1, r2, c2)

    def _sample(self):
        taken: dict[int, int] = {}
        for cells in self.rows[:MAX_ENCODING_ROWS]:
            for column, value in enumerate(cells, start=1):
                if (isinstance(value, str) and len(value) <= MAX_CELL_CHARS and legacy.is_candidate(value)
                        and taken.get(column, 0) < MAX_ENCODING_SAMPLE):
                    taken[column] = taken.get(column, 0) + 1
                    yield column, value

    def _convert_all(self) -> None:
        for index, cells in enumerate(self.rows):
            new = None
            for column, value in enumerate(cells, start=1):
                if not isinstance(value, str) or len(value) > MAX_CELL_CHARS:
                    continue
                if self.forced:  # the clerk said which: every cell of the file is read so
                    used = self.verdict.for_column(column)
                    converted = legacy.convert_cell(value, used)
                else:
                    converted, used = legacy.convert_cell_in_column(value, self.verdict.for_column(column))
                if converted != value:
                    if new is None:
                        new = list(cells)
                    new[column - 1] = converted
                    self.original[(index + 1, column)] = value
                    self.used[(index + 1, column)] = used
                    self.converted_cells += 1
            if new is not None:
                self._converted[index] = new

    @property
    def encoding(self) -> str:
        used = list(self.used.values())
        if not used:
            return self.verdict.file
        return max(set(used), key=used.count)

    def row(self, number: int) -> list[object]:
        index = number - 1
        if index in self._converted:
            return self._converted[index]
        return self.rows[index] if 0 <= index < len(self.rows) else []  # type: ignore[return-value]

    def raw(self, number: int, column: int) -> object:
        cells = self.row(number)
        return cells[column - 1] if 0 < column <= len(cells) else None

    def value(self, number: int, column: int) -> object:
        """The cell's value, or the value of the merged range it lies in."""
        top = self.merged_top.get((number, column))
        if top is not None:
            return self.raw(top[0], top[1])
        return self.raw(number, column)


# --- the header ----------------------------------------------------------------------------------------


def _match_header(cells: list[object]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, value in enumerate(cells, start=1):
        name = _LOOKUP.get(_header_key(value))
        if name and name not in found:
            found[name] = index
    return found


def _has(columns: dict[str, int], name: str) -> bool:
    if name == "birth":
        return "birth" in columns or _MALE in columns or _FEMALE in columns
    if name == "gender":
        return "gender" in columns or _GENDER_MALE in columns or _GENDER_FEMALE in columns
    if name == "full_name":
        return "full_name" in columns or ("family_middle" in columns and "given_name" in columns)
    return name in columns


def _usable(columns: dict[str, int]) -> bool:
    return _has(columns, "full_name") and len(columns) >= 2


def _two_row_header(grid: _Grid, number: int) -> dict[str, int] | None:
    """The fields of a header on rows ``number`` and ``number + 1`` (a parent over its children)."""
    width = min(MAX_COLUMNS, max(len(grid.row(number)), len(grid.row(number + 1))))
    found: dict[str, int] = {}
    children = 0
    parent_field = None
    for column in range(1, width + 1):
        top = grid.merged_top.get((number, column))
        spans_down = top is not None and top[0] == number and top[2] > number
        parent_value = grid.value(number, column)
        own_parent = _LOOKUP.get(_header_key(parent_value))
        child_key = "" if spans_down else _header_key(grid.raw(number + 1, column))
        if parent_value in (None, "") and child_key and parent_field in ("full_name", "birth", "gender"):
            own_parent = parent_field  # a parent written once over its children, without merging (.csv)
        parent_field = own_parent if own_parent else (parent_field if parent_value in (None, "") else None)
        name = None
        if own_parent == "birth" and child_key in _SEX_CHILDREN:
            name = _SEX_CHILDREN[child_key]
            children += 1
        elif own_parent == "gender" and child_key in _GENDER_CHILDREN:
            name = _GENDER_CHILDREN[child_key]
            children += 1
        elif (own_parent == "full_name" and _LOOKUP.get(child_key) in _NAME_CHILDREN) or (
                child_key and _LOOKUP.get(child_key) and not own_parent):
            name = _LOOKUP[child_key]
            children += 1
        elif own_parent and (not child_key or spans_down):
            name = own_parent
        elif own_parent and child_key and _LOOKUP.get(child_key) is None:
            name = own_parent  # a child we do not know (a note under the title): the parent's field
        if name and name not in found:
            found[name] = column
    if children == 0:
        return None
    if (_MALE in found) != (_FEMALE in found) or (_GENDER_MALE in found) != (_GENDER_FEMALE in found):
        return None  # "Nam" under "Giới tính" alone is a first data row, not a split column
    name_column = found.get("full_name")
    if name_column and not _blank(grid.raw(number + 1, name_column)):
        return None  # a person's name under "Họ và tên": the row below is data
    if "full_name" in found and ("family_middle" in found or "given_name" in found):
        del found["full_name"]
    if _GENDER_MALE in found or _GENDER_FEMALE in found:
        found.pop("gender", None)
    return found


def _find_header(grid: _Grid) -> tuple[int, int, dict[str, int]] | None:
    """(first header row, number of header rows, field → column) of the first header in the sheet."""
    for number in range(1, min(MAX_HEADER_SCAN_ROWS, len(grid.rows)) + 1):
        cells = [grid.value(number, c) for c in range(1, min(MAX_COLUMNS, len(grid.row(number))) + 1)]
        single = _match_header(cells)
        double = _two_row_header(grid, number) if single else None
        if double and _usable(double):
            return number, 2, double
        if _usable(single):
            return number, 1, single
    return None


_UNIT_LINE = re.compile(r"^(đơn vị|cơ quan)(\s+(gửi|cử|cử đi học|đề nghị))?\s*:\s*(?P<unit>.*)$", re.IGNORECASE)


def _unit_above(grid: _Grid, header_row: int) -> str:
    """The unit a title line above the table names ("Đơn vị: UBND xã Bản Mế", as the template asks
    it), or "" (none, or left as dots)."""
    for number in range(1, header_row):
        for value in grid.row(number):
            if not isinstance(value, str) or len(value) > MAX_HEADER_CHARS:
                continue
            found = _UNIT_LINE.match(clean(value))
            unit = found.group("unit").strip(" .…_-") if found else ""
            if any(ch.isalpha() for ch in unit):
                return unit
    return ""


def _split_merged_name(grid: _Grid, header_row: int, columns: dict[str, int]) -> None:
    """"Họ và tên" merged over two columns with no title of its own on the second: the family and
    middle names in the first column, the given name in the second (each row's name is both)."""
    column = columns.get("full_name")
    top = grid.merged_top.get((header_row, column)) if column else None
    if column and top and top[1] == column and top[3] == column + 1 and column + 1 not in columns.values():
        del columns["full_name"]
        columns["family_middle"], columns["given_name"] = column, column + 1


# --- a row's values, and its text when it is skipped (what a row is: ``roster_rows``) ---------------


def _cell_value(value: object) -> object:
    if isinstance(value, str):
        if len(value) > MAX_CELL_CHARS:
            raise ValueError(f"ô dài {len(value)} ký tự (tối đa {MAX_CELL_CHARS})")
        return clean(value)
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    return value


def _first_text(cells: list[object]) -> str:
    """The first text of a row that says something (a name, a heading), passing over an STT number."""
    for value in cells:
        if isinstance(value, str) and value.strip() and not re.fullmatch(r"\s*\d+[.)]?\s*", value):
            return clean(value[:MAX_HEADER_CHARS])
    for value in cells:
        if not _blank(value):
            return clean(str(value)[:MAX_HEADER_CHARS])
    return ""


# --- the table -------------------------------------------------------------------------------------------


def read_table(sheet: SheetSource, *, required: tuple[str, ...] = (), encoding: str | None = None
               ) -> RosterSheet | None:
    """Read the roster table of one sheet; None when the sheet has no roster header (or lacks ``required``)."""
    grid = _Grid(sheet, encoding)
    found = _find_header(grid)
    if found is None:
        return None
    header_row, header_rows, columns = found
    _split_merged_name(grid, header_row, columns)
    if any(not _has(columns, name) for name in required):
        return None
    result = RosterSheet(sheet_name=sheet.name, header_row=header_row, columns=columns, header_rows=header_rows,
                         encoding=legacy.UNICODE, formatting_known=sheet.has_formatting)
    header_cells = [grid.value(header_row, c) for c in range(1, min(MAX_COLUMNS, len(grid.row(header_row))) + 1)]
    used = set(columns.values())
    # A second column of a field already found ("Năm sinh" beside "Ngày sinh", "Cơ quan" beside "Đơn vị"):
    # read where the first is blank, never passed over.
    alternates: dict[str, list[int]] = {}
    if header_rows == 1:
        for column, value in enumerate(header_cells, start=1):
            name = _LOOKUP.get(_header_key(value))
            if name in columns and column not in used:
                alternates.setdefault(name, []).append(column)
        used |= {c for cs in alternates.values() for c in cs}
    result.ignored_headers = [clean(str(v)[:MAX_HEADER_CHARS]) for i, v in enumerate(header_cells, start=1)
                              if v not in (None, "") and i not in used]
    titles = {c: _label(grid, header_row, header_rows, c) for c in used}

    section = ""
    above = _unit_above(grid, header_row)  # "Đơn vị: UBND xã Bản Mế" over the table: the rows' unit
    ended = ""  # "" while in the table; then the reason code of every row after it
    for number in range(header_row + header_rows, len(grid.rows) + 1):
        cells = list(grid.row(number))
        if all(_blank(v) for v in cells):
            continue
        filled = sum(1 for v in cells if not _blank(v))
        # Only a short row can be a signature line or a totals row: skip the text work for the rest.
        texts = _texts(cells) if filled <= 3 or ended else _texts(cells[:_last_name_column(columns)])
        if not ended and _is_signature(cells, texts):
            ended = "signature block"
        if ended:
            reason = "signature block" if ended == "signature block" or _is_signature(cells, texts) else ended
            if reason == "signature block":
                ended = reason
            result.others.append(_skipped(number, cells, reason))
            continue
        if number in sheet.hidden_rows:
            result.others.append(_skipped(number, cells, "hidden row"))
            continue
        if _is_column_number_row(cells, columns):
            result.others.append(_skipped(number, cells, "column numbers"))
            continue
        if not result.rows and _is_header_notes_row(cells):
            result.others.append(_skipped(number, cells, "header notes"))
            continue
        if _struck(grid, number, cells, columns):
            result.others.append(_skipped(number, cells, "struck-through row"))
            continue
        total = _total_word(cells, texts, columns)
        if total:
            result.others.append(_skipped(number, cells, "totals row"))
            if total.lower().startswith("tổng"):
                ended = "after the table"  # the grand total closes the table; a "Cộng" subtotal does not
            continue
        heading = _is_section(grid, number, cells, columns)
        if heading:
            section = unit_of_heading(heading)
            result.others.append(OtherRow(number, SECTION, heading))
            continue
        if len(result.rows) >= MAX_DATA_ROWS:
            raise ValidationError(f"Danh sách có hơn {MAX_DATA_ROWS:,} dòng; hãy chia nhỏ tệp.".replace(",", "."))
        result.rows.append(_trainee(grid, number, columns, titles, section, alternates, above))
    _drop_sort_column(result.rows)
    result.converted_cells = grid.converted_cells
    result.encoding = grid.encoding if grid.converted_cells else (encoding or legacy.UNICODE)
    return result


def _drop_sort_column(rows: list[RosterRow]) -> None:
    """A file whose first name column holds the whole name and the second the given name again (to
    sort by): on every row with both, the first ends with the second. Then the first is the name. A
    single row so is a name that repeats its last word ("Lê Thị Thu Thu"): read as written."""
    both = [r for r in rows if not _blank(r.values.get("family_middle")) and not _blank(r.values.get("given_name"))]
    if len(both) < 2 or not all(_ends_with_word(r.values["family_middle"], r.values["given_name"]) for r in both):
        return
    for row in both:
        row.values["given_name"] = None


def _ends_with_word(text: object, word: object) -> bool:
    return isinstance(text, str) and isinstance(word, str) and fold(text).endswith(" " + fold(word))


def _label(grid: _Grid, header_row: int, header_rows: int, column: int) -> str:
    parts = [grid.value(r, column) for r in range(header_row, header_row + header_rows)]
    text = " / ".join(clean(str(p))[:MAX_HEADER_CHARS] for p in dict.fromkeys(parts) if p not in (None, ""))
    return text


def _skipped(number: int, cells: list[object], code: str) -> OtherRow:
    return OtherRow(number, SKIPPED, _first_text(cells), _REASONS[code], code)


def _trainee(grid: _Grid, number: int, columns: dict[str, int], titles: dict[int, str], section: str,
             alternates: dict[str, list[int]] | None = None, above: str = "") -> RosterRow:
    values: dict[str, object] = {}
    original: dict[str, str] = {}
    merged_unit = ""
    for name, col in columns.items():
        raw = grid.raw(number, col)
        top = grid.merged_top.get((number, col))
        source = (number, col)
        if name in _FILLED_DOWN and top is not None and top[0] < number and _blank(raw):
            source = (top[0], top[1])  # a unit merged down over several rows: each row's unit
            raw = grid.raw(*source)
        if name in ("unit", "position_unit") and top is not None and top[2] > top[0]:
            merged_unit = clean(str(grid.raw(top[0], top[1]) or ""))
        if source in grid.original:
            original[_field_of(name)] = grid.original[source]
        try:
            values[name] = _cell_value(raw)
        except ValueError as exc:
            values[name] = None
            _error(values, f"cột \"{titles.get(col) or name}\": {exc}")
    for name, others in (alternates or {}).items():
        for col in others:
            raw = grid.raw(number, col)
            if _blank(raw) or (isinstance(raw, str) and len(raw) > MAX_CELL_CHARS):
                continue
            other = _cell_value(raw)
            if _blank(values.get(name)):
                values[name] = other
                if (number, col) in grid.original:
                    original[_field_of(name)] = grid.original[(number, col)]
            elif name == "birth" and _years_differ(values[name], other):
                first = titles.get(columns[name]) or name
                _error(values, f"cột \"{first}\" ghi {_shown(values[name])} nhưng cột \"{titles.get(col) or name}\" "
                               f"ghi {_shown(other)}: hãy sửa cho khớp")
    if _MALE in values or _FEMALE in values:
        male, female = values.pop(_MALE, None), values.pop(_FEMALE, None)
        if not _blank(male) and not _blank(female):
            _error(values, "có năm sinh ở cả cột Nam và cột Nữ")
            values["birth"] = None
        elif not _blank(male) or not _blank(female):
            values["birth"] = male if not _blank(male) else female
            if _blank(values.get("gender")):
                values["gender"] = "Nam" if not _blank(male) else "Nữ"
        else:
            values.setdefault("birth", None)
    if _GENDER_MALE in values or _GENDER_FEMALE in values:
        male, female = values.pop(_GENDER_MALE, None), values.pop(_GENDER_FEMALE, None)
        if not _blank(male) and not _blank(female):
            _error(values, "đánh dấu cả cột Nam và cột Nữ")
        elif not _blank(male) or not _blank(female):
            values.setdefault("gender", "Nam" if not _blank(male) else "Nữ")
    return RosterRow(number, values, section=section or merged_unit or above, original=original)


def _year_of(value: object) -> int | None:
    if isinstance(value, dt.date):
        return value.year
    if isinstance(value, int | float) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return int(value)
    found = re.search(r"(\d{4})\s*$", value) if isinstance(value, str) else None
    return int(found.group(1)) if found else None


def _years_differ(first: object, second: object) -> bool:
    """Two birth cells of one row that name different years (a year each side known)."""
    a, b = _year_of(first), _year_of(second)
    return a is not None and b is not None and a != b


def _shown(value: object) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _error(values: dict[str, object], message: str) -> None:
    errors = values.setdefault("_errors", [])
    assert isinstance(errors, list)
    errors.append(message)


def _field_of(name: str) -> str:
    return "birth" if name in (_MALE, _FEMALE) else "gender" if name in (_GENDER_MALE, _GENDER_FEMALE) else name
