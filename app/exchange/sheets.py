"""Every spreadsheet a commune sends, as one shape: rows of cell values, merged ranges, hidden rows.

``SheetSource`` is the public protocol the roster reader depends on. ``open_sheets(path)`` yields
one per worksheet, whatever the file is:

* .xlsx/.xlsm — openpyxl's own streaming parser (the one its read-only mode uses), kept to the end
  of the sheet so the merged ranges (written after the rows) and the row flags are known too;
  hidden rows from the row attributes, struck-through cells from the cell's font. The zip and size
  checks of ``safe_open`` run first.
* .xls (Excel 97–2003) and .ods — python-calamine (Rust, fast): values, and merged ranges of an
  .xls. calamine reports neither hidden rows nor fonts, nor the merged ranges of an .ods: a second
  pass reads those — over an .ods's content.xml (streaming), over an .xls's BIFF records (``biff``).
  Should that pass not understand a file, the sheet says so (``has_formatting`` False).
* .csv — UTF-8 with or without BOM, UTF-16 with its BOM, else Windows-1258 (normalised to NFC, since cp1258 writes tones
  as combining marks); ``,`` ``;`` or tab, sniffed.
* text pasted from Excel or Word — tab-separated lines.

Every source keeps to the same limits: file size, rows, columns. Cell length is the reader's.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from app.domain.errors import ValidationError
from app.exchange.safe_open import MAX_FILE_BYTES, check_ods_file, check_size, check_xlsx_file, require_file

MAX_COLUMNS = 60
MAX_SHEET_ROWS = 20_100  # non-blank rows a source reads before it refuses: the reader's 20,000 + titles
MAX_PASTED_ROWS = 5_000

CellRange = tuple[int, int, int, int]  # first row, first column, last row, last column: 1-based, inclusive


@runtime_checkable
class SheetSource(Protocol):
    """One worksheet as the roster reader sees it. Row ``n`` of the sheet is ``rows[n - 1]``."""

    @property
    def name(self) -> str: ...

    @property
    def rows(self) -> Sequence[Sequence[object]]:
        """Cell values: str, int, float, bool, date/datetime or None."""
        ...

    @property
    def merged(self) -> Sequence[CellRange]: ...

    @property
    def hidden_rows(self) -> frozenset[int]:
        """1-based row numbers."""
        ...

    @property
    def struck_cells(self) -> frozenset[tuple[int, int]]:
        """(row, column), 1-based: text struck through."""
        ...

    @property
    def has_formatting(self) -> bool:
        """Whether hidden_rows / struck_cells could be known for this format."""
        ...


@dataclass
class Sheet:
    """The plain implementation of :class:`SheetSource` every reader below returns."""

    name: str
    rows: list[list[object]] = field(default_factory=list)
    merged: list[CellRange] = field(default_factory=list)
    hidden_rows: frozenset[int] = frozenset()
    struck_cells: frozenset[tuple[int, int]] = frozenset()
    has_formatting: bool = False
    hidden: bool = False  # a sheet the workbook does not show (hidden, or "very hidden")


def _too_many_rows() -> ValidationError:
    return ValidationError(f"Danh sách có hơn {MAX_SHEET_ROWS - 100:,} dòng; hãy chia nhỏ tệp.".replace(",", "."))


def blank(value: object) -> bool:
    """An empty cell: None or only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


class _RowCounter:
    def __init__(self) -> None:
        self.count = 0

    def add(self, cells: Sequence[object]) -> None:
        if any(not blank(c) for c in cells):
            self.count += 1
            if self.count > MAX_SHEET_ROWS:
                raise _too_many_rows()


# --- which reader -----------------------------------------------------------------------------------

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def file_kind(path: Path) -> str:
    """"xlsx", "xls", "ods" or "csv", from the file's first bytes and then its name."""
    with open(path, "rb") as handle:
        head = handle.read(8)
    suffix = path.suffix.lower()
    if head.startswith(_OLE2):
        return "xls"
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist()[:1000])
        except Exception:  # BadZipFile, OSError, NotImplementedError ("zip file version") …: not a zip we read
            names = set()
        if "content.xml" in names and "[Content_Types].xml" not in names:
            return "ods"  # an OpenDocument spreadsheet, whatever its name says
        return "ods" if suffix == ".ods" and not names else "xlsx"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix == ".ods":
        return "ods"
    if suffix in (".csv", ".txt", ".tsv"):
        return "csv"
    if suffix == ".xls":
        return "xls"
    return "xlsx"  # unknown: the .xlsx checks give the clear "not an Excel file" message


def _refuse_text_named_excel(path: Path) -> None:
    """A web page or a .csv with an Excel name (old portals save tables as HTML ".xls"): said to be so,
    not called a broken workbook."""
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if head.startswith((b"PK", _OLE2)) or not head.strip() or b"\x00" in head:
        return
    lowered = head.lower()
    excel = f"tệp Excel {path.suffix.lower()}" if path.suffix.lower() in (".xlsx", ".xlsm", ".xls") else "tệp Excel"
    if b"<html" in lowered or b"<table" in lowered or b"<!doctype html" in lowered:
        raise ValidationError(f"Tệp {path.name} là một trang web (HTML), không phải {excel}: hãy mở bằng Excel rồi "
                              "lưu lại dạng .xlsx (Tệp → Lưu thành…).")
    if any(mark in head for mark in (b",", b";", b"\t")) and b"\n" in head:
        raise ValidationError(f"Tệp {path.name} là tệp văn bản (.csv), không phải {excel}: hãy đổi đuôi tệp thành "
                              ".csv, hoặc mở bằng Excel rồi lưu lại dạng .xlsx.")


def open_sheets(path: Path) -> Iterator[Sheet]:
    """Yield the worksheets of the file at ``path``, read one at a time."""
    path = Path(path)
    require_file(path)
    kind = file_kind(path)
    if kind in ("xlsx", "xls"):
        _refuse_text_named_excel(path)
    if kind == "xlsx":
        yield from xlsx_sheets(path)
    elif kind in ("xls", "ods"):
        yield from calamine_sheets(path, kind)
    else:
        yield csv_sheet(path)


# --- .xlsx / .xlsm ----------------------------------------------------------------------------------


def xlsx_sheets(path: Path) -> Iterator[Sheet]:
    # openpyxl's load_workbook(read_only=True) parses each sheet whole once just to look for its
    # <dimension> (at the end of the rows when the file has none), and its read-only worksheet then
    # forgets the merged ranges and row attributes. So: openpyxl's reader for the workbook parts
    # (strings, styles, sheet list), and its streaming WorkSheetParser driven here, once, to the end.
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    check_xlsx_file(path)
    try:
        reader = ExcelReader(str(path), read_only=True, keep_vba=False, data_only=True, keep_links=False)
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        sheets = [(sheet.name, rel.target, getattr(sheet, "state", "visible") not in (None, "visible"))
                  for sheet, rel in reader.parser.find_sheets()
                  if rel.target in reader.valid_files and "chartsheet" not in rel.Type]
    except Exception as exc:  # openpyxl raises many kinds on broken files; all mean "unreadable"
        raise _unreadable(path, exc) from exc
    try:
        struck_styles = _struck_style_ids(reader.wb)
        for name, target, hidden in sheets:
            try:
                sheet = _read_xlsx_sheet(reader, name, target, struck_styles)
            except ValidationError:
                raise
            except Exception as exc:  # a broken sheet part, an XML bomb stopped by defusedxml …
                raise _unreadable(path, exc) from exc
            sheet.hidden = hidden
            yield sheet
    finally:
        reader.archive.close()


def _unreadable(path: Path, exc: BaseException, kind: str = "xlsx") -> ValidationError:
    what = "bảng tính" if kind == "ods" else "Excel"
    return ValidationError(f"Không đọc được tệp {what} {Path(path).name}: tệp bị hỏng hoặc không đúng định dạng.",
                           details=repr(exc))


def _struck_style_ids(workbook) -> frozenset[int]:
    """Cell style ids whose font is struck through (read from the workbook's styles part)."""
    try:
        fonts = list(workbook._fonts)
        return frozenset(i for i, style in enumerate(workbook._cell_styles)
                         if style.fontId < len(fonts) and fonts[style.fontId].strike)
    except AttributeError:  # an openpyxl without these internals: no struck-through flags, never a crash
        return frozenset()


def _read_xlsx_sheet(reader, name: str, target: str, struck_styles: frozenset[int]) -> Sheet:
    from openpyxl.worksheet._reader import WorkSheetParser

    sheet = Sheet(name=name, has_formatting=True)
    struck: set[tuple[int, int]] = set()
    counter = _RowCounter()
    workbook = reader.wb
    with reader.archive.open(target) as source:
        parser = WorkSheetParser(source, reader.shared_strings, data_only=True, epoch=workbook.epoch,
                                 date_formats=workbook._date_formats,
                                 timedelta_formats=workbook._timedelta_formats)
        for number, cells in parser.parse():
            values: list[object] = []
            for cell in cells:
                column = cell["column"]
                if column > MAX_COLUMNS:
                    break
                value = cell["value"]
                if cell["data_type"] == "e":
                    value = None  # #N/A, #REF! …: no value
                if value is None:
                    continue
                values.extend([None] * (column - len(values)))
                values[column - 1] = value
                if cell["style_id"] in struck_styles and not blank(value):
                    struck.add((number, column))
            counter.add(values)
            if values:
                sheet.rows.extend([_NO_CELLS] * (number - 1 - len(sheet.rows)))  # one shared empty row
                sheet.rows.append(values)
        hidden = {int(n) for n, attrs in parser.row_dimensions.items()
                  if str(attrs.get("hidden", "")).lower() in ("1", "true")}
        if parser.merged_cells is not None:
            for merged in parser.merged_cells.mergeCell:
                sheet.merged.append(_range(merged.ref))
    sheet.hidden_rows = frozenset(hidden)
    sheet.struck_cells = frozenset(struck)
    return sheet


_NO_CELLS: list[object] = []  # never changed: shared by every empty row between two rows with values


def _range(ref: str) -> CellRange:
    from openpyxl.utils.cell import range_boundaries

    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return (min_row, min_col, max_row, max_col)


# --- .xls / .ods (python-calamine) ------------------------------------------------------------------


PASSWORD_PROTECTED = ("được đặt mật khẩu nên chương trình không đọc được: hãy mở tệp bằng Excel, bỏ mật khẩu "
                      "(Tệp → Thông tin → Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu), lưu lại rồi chọn lại tệp.")


def _check_xls(path: Path) -> None:
    from app.exchange.biff import ENCRYPTED, check

    problem = check(Path(path).read_bytes())
    if problem == ENCRYPTED:
        raise ValidationError(f"Tệp {Path(path).name} {PASSWORD_PROTECTED}")
    if problem:
        raise ValidationError(f"Không đọc được tệp Excel {Path(path).name}: tệp .xls bị hỏng hoặc không đúng định "
                              "dạng (không mở để tránh treo máy).", details=problem)


def _is_panic(exc: BaseException) -> bool:
    """A Rust panic inside calamine (a damaged file) reaches Python as pyo3's PanicException, which
    is a BaseException: it means "unreadable", like any Exception."""
    return type(exc).__name__ == "PanicException"


def calamine_sheets(path: Path, kind: str) -> Iterator[Sheet]:
    from python_calamine import CalamineWorkbook

    check_size(path)
    if kind == "ods":
        check_ods_file(path)
        if _ods_encrypted(path):
            raise ValidationError(f"Tệp {Path(path).name} được đặt mật khẩu nên chương trình không đọc được: hãy mở "
                                  "tệp bằng LibreOffice, lưu lại không đặt mật khẩu (Tệp → Lưu thành…, bỏ chọn "
                                  "\u201cLưu với mật khẩu\u201d) rồi chọn lại tệp.")
    else:
        _check_xls(path)
    try:
        with open(path, "rb") as handle:  # by content: calamine's from_path goes by the file's name
            workbook = CalamineWorkbook.from_filelike(handle)
    except BaseException as exc:  # calamine raises its own kinds (CalamineError, XmlError, ZipError, panics)
        if isinstance(exc, Exception) or _is_panic(exc):
            raise _unreadable(path, exc, kind) from exc
        raise
    try:
        try:
            structure = _ods_structure(path) if kind == "ods" else _xls_structure(path)
        except Exception as exc:  # an entity bomb stopped by defusedxml, broken XML …
            raise _unreadable(path, exc, kind) from exc
        for index, meta in enumerate(workbook.sheets_metadata):
            try:
                sheet = _read_calamine_sheet(workbook.get_sheet_by_index(index), meta.name)
            except ValidationError:
                raise
            except BaseException as exc:
                if isinstance(exc, Exception) or _is_panic(exc):
                    raise _unreadable(path, exc, kind) from exc
                raise
            if meta.name in structure:
                merged, hidden, struck = structure[meta.name]
                sheet.merged = sheet.merged or merged
                sheet.hidden_rows, sheet.struck_cells, sheet.has_formatting = hidden, struck, True
            visible = getattr(meta, "visible", None)  # python-calamine's SheetVisibleEnum (none in old versions)
            sheet.hidden = visible is not None and str(visible).rsplit(".", 1)[-1] != "Visible"
            yield sheet
    finally:
        workbook.close()


def _ods_encrypted(path: Path) -> bool:
    """An .ods saved with a password: its manifest describes how its parts are encrypted."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open("META-INF/manifest.xml") as manifest:
            return b"encryption-data" in manifest.read(MAX_MANIFEST_BYTES)
    except (KeyError, OSError, zipfile.BadZipFile):
        return False


MAX_MANIFEST_BYTES = 1024 * 1024


def _calamine_value(value: object) -> object:
    """A cell as the .xlsx reader gives it: no value for "", and a whole number as an int. calamine
    reads every number of an .ods (and some of an .xls) as a float: a certificate number 13 or a
    birth year 1985 would otherwise come through as "13.0" and "1985.0"."""
    if isinstance(value, str) and value == "":
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2 ** 53:
        return int(value)
    return value


def _read_calamine_sheet(worksheet, name: str) -> Sheet:
    sheet = Sheet(name=name, has_formatting=False)
    counter = _RowCounter()
    first_row = worksheet.start[0] if worksheet.start else 0
    rows = worksheet.iter_rows()
    # iter_rows starts at the sheet's first row (row 1) in current calamine; older ones at its used area.
    count = 0
    for cells in rows:
        values = [_calamine_value(v) for v in cells[:MAX_COLUMNS]]
        while values and values[-1] is None:
            values.pop()
        counter.add(values)
        sheet.rows.append(values)
        count += 1
    end_row = worksheet.end[0] if worksheet.end else -1
    if count and count < end_row + 1:  # the rows began at the used area, not at row 1
        sheet.rows[:0] = [_NO_CELLS] * first_row
    for (r1, c1), (r2, c2) in worksheet.merged_cell_ranges or ():
        sheet.merged.append((r1 + 1, c1 + 1, r2 + 1, c2 + 1))
    return sheet


def _xls_structure(path: Path) -> dict[str, tuple[list[CellRange], frozenset[int], frozenset[tuple[int, int]]]]:
    """Hidden rows and struck-through cells of an .xls, from its BIFF records (``biff``)."""
    from app.exchange.biff import formatting

    return {name: ([], hidden, struck) for name, (hidden, struck) in
            formatting(Path(path).read_bytes(), MAX_SHEET_ROWS * 50).items()}


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_MAX_REPEAT = 1_000  # a repeated row or cell run longer than this is the empty rest of the sheet


def _ods_structure(path: Path) -> dict[str, tuple[list[CellRange], frozenset[int], frozenset[tuple[int, int]]]]:
    """What calamine does not tell of an .ods: merged ranges, hidden rows, struck-through cells (one
    streaming pass over content.xml, through defusedxml)."""
    from defusedxml.ElementTree import iterparse

    result: dict[str, tuple[list[CellRange], frozenset[int], frozenset[tuple[int, int]]]] = {}
    struck_styles: set[str] = set()
    name, row, column = "", 0, 0
    merged: list[CellRange] = []
    hidden: set[int] = set()
    struck: set[tuple[int, int]] = set()
    with zipfile.ZipFile(path) as archive, archive.open("content.xml") as source:
        for event, element in iterparse(source, events=("start", "end")):
            tag = element.tag
            if event == "end":
                if tag == _ODS_STYLE + "style":
                    props = element.find(_ODS_STYLE + "text-properties")
                    line = props.get(_ODS_STYLE + "text-line-through-style", "none") if props is not None else "none"
                    if line != "none":
                        struck_styles.add(element.get(_ODS_STYLE + "name", ""))
                    element.clear()
                elif tag == _ODS_TABLE + "table-row":
                    element.clear()
                elif tag == _ODS_TABLE + "table":
                    result[name] = (merged, frozenset(hidden), frozenset(struck))
                    element.clear()
                continue
            if tag == _ODS_TABLE + "table":
                name, row, merged, hidden, struck = element.get(_ODS_TABLE + "name", ""), 0, [], set(), set()
            elif tag == _ODS_TABLE + "table-row":
                repeat = int(element.get(_ODS_TABLE + "number-rows-repeated", "1") or 1)
                first = row + 1
                row += repeat
                column = 0
                visibility = element.get(_ODS_TABLE + "visibility", "visible")
                if visibility in ("collapse", "filter") and repeat <= _MAX_REPEAT and row <= MAX_SHEET_ROWS * 50:
                    hidden.update(range(first, row + 1))
                row_first = first
            elif tag in (_ODS_TABLE + "table-cell", _ODS_TABLE + "covered-table-cell"):
                repeat = int(element.get(_ODS_TABLE + "number-columns-repeated", "1") or 1)
                start = column + 1
                column += repeat
                # Past the row limit nothing is recorded, but the sheet is read on to its end:
                # LibreOffice ends every sheet with an empty row repeated to row 1,048,576.
                if start > MAX_COLUMNS or repeat > _MAX_REPEAT or row > MAX_SHEET_ROWS * 50:
                    continue
                rows_span = int(element.get(_ODS_TABLE + "number-rows-spanned", "1") or 1)
                cols_span = int(element.get(_ODS_TABLE + "number-columns-spanned", "1") or 1)
                if rows_span > 1 or cols_span > 1:
                    merged.append((row_first, start, row_first + rows_span - 1, start + cols_span - 1))
                if element.get(_ODS_TABLE + "style-name") in struck_styles:
                    struck.update((row_first, c) for c in range(start, column + 1))
    return result


# --- .csv and pasted text ---------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 (with its BOM), else Windows-1258; NFC either way.

    Bytes typed in a TCVN3 or VNI font (an old .csv) are not Windows-1258: when the bytes read as
    Latin-1 are clearly legacy Vietnamese text, they are returned so (the reader converts them)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return unicodedata.normalize("NFC", data[3:].decode("utf-8", errors="replace"))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its BOM: Excel's "Unicode Text" (.txt)
        return unicodedata.normalize("NFC", data.decode("utf-16", errors="replace"))
    try:
        return unicodedata.normalize("NFC", data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    from app.exchange import legacy

    latin = data.decode("latin-1")
    try:
        verdict = legacy.decide((1, line) for line in latin.splitlines()[:2000])
    except ValidationError:
        verdict = legacy.Verdict()
    if verdict.file != legacy.UNICODE:
        return latin
    return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))


def _delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in (",", ";", "\t")}
        return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _text_sheet(text: str, name: str, delimiter: str, max_rows: int) -> Sheet:
    sheet = Sheet(name=name)
    counter = _RowCounter()
    # A quoted cell may hold the delimiter or a line break; csv reads those back whole.
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    try:
        for line in csv.reader(io.StringIO(text), delimiter=delimiter):
            values: list[object] = [cell.strip() or None for cell in line[:MAX_COLUMNS]]
            counter.add(values)
            if counter.count > max_rows:
                raise ValidationError(f"Đoạn dán có hơn {max_rows:,} dòng; hãy nhập từ tệp Excel.".replace(",", "."))
            sheet.rows.append(values)
    except csv.Error as exc:  # a quote never closed, a line too long …
        raise ValidationError(f"Không đọc được {name}: dòng {len(sheet.rows) + 1} không đúng dạng bảng "
                              "(dấu ngoặc kép không đóng?).", details=str(exc)) from exc
    while sheet.rows and all(blank(v) for v in sheet.rows[-1]):
        sheet.rows.pop()
    return sheet


def csv_sheet(path: Path) -> Sheet:
    check_size(path)
    data = Path(path).read_bytes()
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValidationError(f"Tệp {Path(path).name} không phải tệp văn bản .csv.")
    text = decode_text(data)
    return _text_sheet(text, Path(path).stem, _delimiter(text), MAX_SHEET_ROWS)


def pasted_sheet(text: str) -> Sheet:
    """Rows copied from Excel or from a Word table: tab-separated lines."""
    return _text_sheet(unicodedata.normalize("NFC", text), "Bảng dán", "\t", MAX_PASTED_ROWS)


__all__ = ["MAX_COLUMNS", "MAX_FILE_BYTES", "CellRange", "Sheet", "SheetSource", "decode_text", "file_kind",
           "open_sheets", "pasted_sheet"]
