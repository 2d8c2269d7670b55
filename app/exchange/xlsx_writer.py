"""Writing a table to .xlsx: title row, Vietnamese headers, widths set, user text kept as text.

Text that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return) is written as a string cell with a leading apostrophe-like quote prefix,
so Excel shows it as typed and never evaluates it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from app.domain.errors import Cancelled

# Full-width ＝ ＋ － ＠ too: some spreadsheet programs fold them to ASCII and run the formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# What an .xlsx (XML 1.0, UTF-8) cannot hold: control characters (openpyxl's own list), U+FFFE, U+FFFF
# and lone surrogates (openpyxl lets the last three through, and the file no longer opens).
ILLEGAL_CHARACTERS_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


@dataclass(frozen=True)
class SheetHeading:
    """What an official document has around its table, as text: the issuing body (left) and the
    party or state line (right) over the date line; the signing block under the table."""

    left: tuple[str, ...]  # parent body, the centre's name, "*" (party style)
    right: tuple[str, ...]  # ĐẢNG CỘNG SẢN VIỆT NAM, or the Quốc hiệu and its motto
    date_line: str = ""
    number: str = ""  # "Số: …" under the issuing body
    signer_titles: tuple[str, ...] = ()
    signer_name: str = ""


@dataclass(frozen=True)
class SheetColumn:
    header: str
    width: float  # in Excel character units


LINE_HEIGHT = 15.0  # points: one line of 11-12 pt Times
MAX_ROW_HEIGHT = 409.0  # points: the tallest row Excel accepts (a longer text scrolls in its cell)


def _height(lines: float) -> float:
    """The height of a row of ``lines`` lines, never more than Excel accepts."""
    return min(lines * LINE_HEIGHT, MAX_ROW_HEIGHT)


def _lines(text: str, width: float, *, bold: bool = False) -> int:
    """How many lines ``text`` takes wrapped between words in ``width`` character units, as a
    spreadsheet wraps it (a word longer than a line cut); a little generous, and more for bold text
    (a header), which runs wider."""
    if not text:
        return 1
    room = int(max(1.0, width * (0.9 if bold else 1.05)))
    total = 0
    for part in text.split("\n"):
        lines, used = 1, 0
        for word in part.split():
            n = len(word)
            if used and used + 1 + n <= room:
                used += 1 + n
                continue
            if used:
                lines += 1
            lines += (n - 1) // room  # a word longer than a line runs over more lines
            used = n - (n - 1) // room * room
        total += lines
    return total


def _merged(sheet, row: int, first: int, last: int, text: str, *, bold: bool = False, italic: bool = False,
            size: float = 12, widths: Sequence[float] = ()) -> None:
    """``text`` centred across columns ``first``..``last`` of ``row``, the row tall enough for it."""
    cell = sheet.cell(row=row, column=first)
    set_value(cell, text)
    cell.font = Font(name="Times New Roman", bold=bold, italic=italic, size=size)
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    if last > first:
        sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    room = sum(widths[first - 1:last]) if widths else 80
    height = _height(_lines(text, room * 12 / size) * size / 12)
    current = sheet.row_dimensions[row].height or 0
    sheet.row_dimensions[row].height = max(current, height)


def write_table(title: str, columns: Sequence[SheetColumn], rows: Sequence[Sequence[object]], *,
                subtitle: str = "", sheet_name: str = "Danh sách", heading: SheetHeading | None = None,
                wide: bool = False, notes_from: int | None = None,
                progress: Callable[[int, int], object] | None = None,
                cancelled: Callable[[], bool] | None = None) -> bytes:
    """One sheet: (the official heading,) title and subtitle rows, a bold header row repeated on
    every printed page, the rows (each tall enough for its wrapped text), (the signing block);
    set to print on A4 as the PDF does (landscape when ``wide``), fitted to the page width.
    Rows from ``notes_from`` on are notes: one text across the table. Returns .xlsx bytes.

    The table's rows are written as :func:`stream_table` writes them (openpyxl writes the rest):
    ``progress(done, total)`` hears of them every 1,000 rows, and ``cancelled()`` true stops the
    work with :class:`~app.domain.errors.Cancelled`."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name[:31]
    width = len(columns)
    widths = [c.width for c in columns]
    for col, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = column.width
    row_no = 1
    split = max(1, width // 2)
    if heading is not None:
        left = [*heading.left, *([heading.number] if heading.number else [])]
        right = [*heading.right, *([heading.date_line] if heading.date_line else [])]
        for i in range(max(len(left), len(right))):
            if i < len(left):
                _merged(sheet, row_no, 1, split, left[i], bold=i == 1, widths=widths)
            if i < len(right):
                dated = heading.date_line and i == len(right) - 1
                _merged(sheet, row_no, split + 1, width, right[i], bold=not dated, italic=bool(dated), widths=widths)
            row_no += 1
        row_no += 1
    for text, size in ((title, 14), (subtitle, 12)):
        if not text:
            continue
        _merged(sheet, row_no, 1, width, text, bold=size == 14, size=size, widths=widths)  # user text: a class's name
        row_no += 1
    header_row = row_no
    for col, column in enumerate(columns, start=1):
        cell = sheet.cell(row=header_row, column=col)
        set_value(cell, column.header)
        cell.font = Font(name="Times New Roman", bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BOX
    sheet.row_dimensions[header_row].height = _height(max(_lines(c.header, c.width, bold=True) for c in columns))
    body = rows if notes_from is None else rows[:notes_from]
    body_first = row_no  # the table's rows follow the header row; written after openpyxl saves
    row_no += len(body)
    for values in rows[len(body):]:
        row_no += 1
        cell = sheet.cell(row=row_no, column=1)
        set_value(cell, values[0] if values else "")
        cell.font = Font(name="Times New Roman", italic=True)
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        sheet.merge_cells(start_row=row_no, start_column=1, end_row=row_no, end_column=width)
        sheet.row_dimensions[row_no].height = _height(_lines(str(values[0] if values else ""), sum(widths)))
    if heading is not None and heading.signer_titles:
        row_no += 2
        for title_line in heading.signer_titles:
            _merged(sheet, row_no, split + 1, width, title_line, bold=True, size=13, widths=widths)
            row_no += 1
        row_no += 4  # room for the signature and the seal
        _merged(sheet, row_no, split + 1, width, heading.signer_name, bold=True, size=13, widths=widths)
    # By its name: ``sheet.cell()`` would create an empty row there, written again after the body's.
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    _page_setup(sheet, wide=wide)
    span = max([width, *(len(values) for values in body)])
    numbers = {v.number_format for values in body for v in values if isinstance(v, Number)}
    styles = _body_styles(sheet, Alignment(vertical="top", wrap_text=True), numbers)
    total = len(body)

    def told(done: int) -> None:
        if cancelled is not None and cancelled():
            raise Cancelled
        if progress is not None:
            progress(done, total)

    def cut(xml: bytes) -> tuple[bytes, bytes]:  # after the header row, before the notes and signing block
        start = xml.index(b'<row r="%d"' % header_row)
        end = xml.index(b"</row>", start) + len(b"</row>")
        head = _DIMENSION.sub(b'<dimension ref="A1:%s%d"/>' % (get_column_letter(span).encode(), max(row_no, 1)),
                              xml[:end], count=1)
        return head, xml[end:]

    buffer = io.BytesIO()
    told(0)
    _assemble(workbook, sheet, buffer, cut, lambda stream: _stream_rows(
        stream, body, body_first, [get_column_letter(c) for c in range(1, span + 1)],
        [styles.plain] * span, styles, told, widths=widths))
    if total:
        told(total)
    return buffer.getvalue()


def _page_setup(sheet, *, wide: bool) -> None:
    """A4 as the PDF (landscape for wide tables), the official margins, fitted to the page width."""
    sheet.page_setup.paperSize = "9"  # A4 (Worksheet.PAPERSIZE_A4; a write-only sheet lacks the name)
    sheet.page_setup.orientation = "landscape" if wide else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    inch = 25.4
    sheet.page_margins.left, sheet.page_margins.right = 30 / inch, 15 / inch
    sheet.page_margins.top, sheet.page_margins.bottom = 20 / inch, 20 / inch
    sheet.print_options.horizontalCentered = True


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
    if isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
        return
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = text
        cell.data_type = TYPE_STRING  # openpyxl would otherwise turn "=…" into a formula
        if text.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
    else:
        cell.value = value


def table_xlsx(document, heading: SheetHeading | None = None, *,
               progress: Callable[[int, int], object] | None = None,
               cancelled: Callable[[], bool] | None = None) -> bytes:
    """A :class:`~app.domain.tables.TableDocument` as a workbook (widths from its millimetres),
    with the official ``heading`` and signing block when given; ``progress`` / ``cancelled`` as
    :func:`write_table`."""
    columns = [SheetColumn(c.header, max(5.0, round(c.width_mm * 0.62, 1))) for c in document.columns]
    numeric = [c.numeric for c in document.columns]
    kinds = [c.kind for c in document.columns]
    rows = [tuple(_as_number(v, k) if n else v for v, n, k in zip(row, numeric, kinds, strict=False))
            for row in (*document.cells, *((document.footer,) if document.footer is not None else ()))]
    notes_from = len(rows)
    rows += [(line,) + ("",) * (len(columns) - 1) for line in document.notes]
    if heading is not None and not document.signed:
        heading = SheetHeading(heading.left, heading.right, heading.date_line, heading.number)
    return write_table(document.title, columns, rows, subtitle=document.subtitle, sheet_name=document.sheet_name,
                       heading=heading, wide=document.wide, notes_from=notes_from if document.notes else None,
                       progress=progress, cancelled=cancelled)


# --- long lists, streamed ---------------------------------------------------------------------------

DATE_FORMAT = "dd/mm/yyyy"


def stream_table(target, title: str, columns: Sequence[SheetColumn], rows, *, subtitle: str = "",
                 sheet_name: str = "Danh sách", wide: bool = True, formats: Sequence[str] = (),
                 progress=None) -> int:
    """Write a long list to ``target`` (a path or a binary file) as the short tables look (title,
    subtitle, bold boxed header repeated on every printed page, A4 fitted to the width, frozen header),
    streaming, one row at a time: 100,000 rows take a few seconds and little memory. Cells: text stays
    text (never a formula), numbers and :class:`Number` are numbers, dates are dates shown dd/mm/yyyy;
    ``formats`` gives a column's number format. ``progress(n)`` is called every 1,000 rows with the rows
    written so far. Returns the number of rows. A failure or :class:`~app.domain.errors.Cancelled`
    raised by ``rows`` leaves no file at a path ``target`` (a file object is the caller's to drop).

    openpyxl writes the workbook around the rows (title and header rows, styles, widths, page setup,
    print titles); the rows themselves are written here as the worksheet XML openpyxl would write
    (inline strings, one shared style index per kind of cell), straight into the zip: openpyxl builds
    and serialises an object per cell, which made 100,000 rows take 14 s instead of 3."""
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name[:31])
    width = len(columns)
    for col, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = column.width
    last = get_column_letter(width)
    title_font, subtitle_font = Font(name="Times New Roman", bold=True, size=14), Font(name="Times New Roman", size=12)
    header_font = Font(name="Times New Roman", bold=True)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    top = Alignment(vertical="top")
    header_row = 1 + bool(title) + bool(subtitle)
    # Write-only: the sheet's view and columns go out with the first row, so they are set before it.
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    _page_setup(sheet, wide=wide)
    row_no = 0
    for text, font in ((title, title_font), (subtitle, subtitle_font)):
        if not text:
            continue
        row_no += 1
        cell = WriteOnlyCell(sheet)
        set_value(cell, text)
        cell.font, cell.alignment = font, Alignment(horizontal="center", vertical="center")
        sheet.append([cell])
        sheet.merged_cells.add(f"A{row_no}:{last}{row_no}")
    row_no += 1
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet)
        set_value(cell, column.header)
        cell.font, cell.alignment, cell.border = header_font, centred, _BOX
        header.append(cell)
    sheet.row_dimensions[header_row].height = _height(max(_lines(c.header, c.width, bold=True) for c in columns))
    sheet.append(header)

    number_formats = list(formats)[:width] + [""] * (width - len(formats))
    styles = _body_styles(sheet, top, [f for f in number_formats if f])
    numbered = [styles.formats[f] if f else styles.plain for f in number_formats]
    letters = [get_column_letter(col) for col in range(1, width + 1)]
    return _assemble(workbook, sheet, target, _split_sheet, lambda stream: _stream_rows(
        stream, rows, row_no, letters, numbered, styles, progress))


@dataclass(frozen=True)
class _BodyStyles:
    """Style indexes of the body's cells (into the workbook's cellXfs)."""

    plain: int
    quoted: int  # text a spreadsheet would run as a formula: shown as typed (quotePrefix)
    dated: int
    formats: dict[str, int]  # number format -> style index


def _body_styles(sheet, alignment: Alignment, formats) -> _BodyStyles:
    """The table cells' styles (Times, boxed, ``alignment``), registered in the workbook's style table
    before it is saved: one index per kind of cell (text, text that looks like a formula, date, each
    number format in ``formats`` and those :func:`_as_number` gives)."""
    from openpyxl.cell import WriteOnlyCell

    font = Font(name="Times New Roman")

    def style(number_format: str = "", quoted: bool = False) -> int:
        cell = WriteOnlyCell(sheet)
        cell.font, cell.border, cell.alignment = font, _BOX, alignment
        if number_format:
            cell.number_format = number_format
        if quoted:
            cell.quotePrefix = True
        return cell.style_id

    known = dict.fromkeys([*formats, *_FORMATS.values(), *_SIGNED_FORMATS.values()])
    return _BodyStyles(plain=style(), quoted=style(quoted=True), dated=style(DATE_FORMAT),
                       formats={f: style(f) for f in known})


def _assemble(workbook, sheet, target, cut: Callable[[bytes], tuple[bytes, bytes]],
              body: Callable[[IO[bytes]], int]) -> int:
    """Save ``workbook`` (all but the table's rows) and copy it into ``target`` (a path or a binary
    file), the sheet's XML ``cut`` in two and ``body(stream)`` writing the rows between; returns what
    ``body`` returns. A failure or :class:`~app.domain.errors.Cancelled` leaves no file at a path."""
    frame = io.BytesIO()
    workbook.save(frame)
    part = sheet.path.lstrip("/")
    owned = not hasattr(target, "write")
    count = 0
    try:
        with zipfile.ZipFile(frame) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for info in source.infolist():
                entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                entry.compress_type = zipfile.ZIP_DEFLATED
                if info.filename != part:
                    out.writestr(entry, source.read(info))
                    continue
                head, tail = cut(source.read(info))
                with out.open(entry, "w") as stream:
                    stream.write(head)
                    count = body(stream)
                    stream.write(tail)
    except BaseException:
        if owned:  # stopped (cancelled) or failed: no half-written file at the target
            with contextlib.suppress(OSError):
                Path(target).unlink(missing_ok=True)
        raise
    return count


def _split_sheet(xml: bytes) -> tuple[bytes, bytes]:
    """The worksheet XML openpyxl wrote, cut where the body's rows go: at the end of its sheetData."""
    head, found, tail = xml.rpartition(b"</sheetData>")
    if found:
        return head, found + tail
    head, found, tail = xml.partition(b"<sheetData/>")
    if not found:
        raise ValueError("worksheet without sheetData")
    return head + b"<sheetData>", b"</sheetData>" + tail


_DIMENSION = re.compile(rb'<dimension ref="[^"]*"/>')
_EPOCH_ORDINAL = dt.date(1899, 12, 30).toordinal()  # Excel's day 0 (as openpyxl, 1900 date system)
_EXCEL_LEAP_BUG = dt.date(1900, 3, 1)  # before it, Excel's serials are off by one day
_SPACES = (" ", "\t", "\n", "\r")
CHUNK_ROWS = 1000


def _stream_rows(stream, rows, last_row: int, letters: Sequence[str], numbered: Sequence[int],
                 styles: _BodyStyles, progress, *, widths: Sequence[float] = ()) -> int:
    """Write ``rows`` as worksheet XML rows after row ``last_row``; returns how many.

    As openpyxl writes a cell, value by value: text as an inline string (characters an .xlsx cannot
    hold dropped, ``&<>`` escaped, edge spaces kept), text starting with a formula trigger with the
    quoted style, numbers and :class:`Number` as numbers in their format, dates as day serials in
    dd/mm/yyyy, None and "" as an empty boxed cell. With ``widths`` (of the columns, in characters)
    each row is as tall as its longest wrapped text."""
    from openpyxl.utils.datetime import to_excel

    plain, quoted, dated, by_format = styles.plain, styles.quoted, styles.dated, styles.formats
    count = 0
    row = last_row
    chunk: list[str] = []
    add = chunk.append
    for values in rows:
        row += 1
        if widths:
            lines = max([1, *(_lines(v, w) for v, w in zip(values, widths, strict=False) if isinstance(v, str))])
            add(f'<row r="{row}" ht="{_height(lines)}" customHeight="1">' if lines > 1 else f'<row r="{row}">')
        else:
            add(f'<row r="{row}">')
        for value, letter, number_style in zip(values, letters, numbered, strict=False):
            if isinstance(value, str):
                if not value.isprintable():  # control characters and the like (rare): dropped as set_value does
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)
                if not value:
                    add(f'<c r="{letter}{row}" s="{plain}"/>')
                    continue
                text = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                space = ' xml:space="preserve"' if value[0] in _SPACES or value[-1] in _SPACES else ""
                style = quoted if value.startswith(FORMULA_TRIGGERS) else plain
                add(f'<c r="{letter}{row}" s="{style}" t="inlineStr"><is><t{space}>{text}</t></is></c>')
            elif value is None:
                add(f'<c r="{letter}{row}" s="{plain}"/>')
            elif isinstance(value, bool):
                add(f'<c r="{letter}{row}" s="{number_style}" t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, int):
                add(f'<c r="{letter}{row}" s="{number_style}"><v>{value}</v></c>')
            elif isinstance(value, float):
                add(_number_cell(letter, row, number_style, value))
            elif isinstance(value, dt.date):
                if isinstance(value, dt.datetime) or value < _EXCEL_LEAP_BUG:
                    serial = to_excel(value)
                else:
                    serial = value.toordinal() - _EPOCH_ORDINAL
                add(f'<c r="{letter}{row}" s="{dated}"><v>{serial}</v></c>')
            elif isinstance(value, Number):
                formatted = by_format.get(value.number_format)
                if formatted is None:
                    raise ValueError(f"number format {value.number_format!r} not among stream_table's formats")
                add(_number_cell(letter, row, formatted, float(value.value)) if isinstance(value.value, float)
                    else f'<c r="{letter}{row}" s="{formatted}"><v>{int(value.value)}</v></c>')
            else:  # anything else (Decimal…) as a number when it is one
                add(_number_cell(letter, row, number_style, float(value)))
        add("</row>")
        count += 1
        if count % CHUNK_ROWS == 0:
            stream.write("".join(chunk).encode("utf-8"))
            chunk.clear()
            if progress is not None:
                progress(count)
    if chunk:
        stream.write("".join(chunk).encode("utf-8"))
    return count


def _number_cell(letter: str, row: int, style: int, value: float) -> str:
    """A float as openpyxl writes it (16 significant digits: 1.833, not 1.8330000000000002); NaN and
    infinities (no Excel number) are left blank."""
    if value != value or value in (float("inf"), float("-inf")):
        return f'<c r="{letter}{row}" s="{style}"/>'
    return f'<c r="{letter}{row}" s="{style}"><v>{value:.16g}</v></c>'
