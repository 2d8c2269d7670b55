"""The streamed long list (our own worksheet XML inside an openpyxl workbook) reads back as the cells
openpyxl itself writes: same values, same types, dates as dates, CCCD and formula-looking text as text."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from python_calamine import CalamineWorkbook

from app.domain.errors import Cancelled
from app.exchange.xlsx_writer import _BOX, Number, SheetColumn, set_value, stream_table, write_table

COLUMNS = [SheetColumn(f"Cột {i}", 14) for i in range(1, 9)]
FORMATS = ["", "", "", "", "#,##0", "0.0", "", ""]
ROWS = [
    ("010096161553", "=SUM(A1:A2)", "+84 912 345 678", "-", "@x", "\uff1d1+1", "Đội 3 & <tổ> 4", " lề hai bên "),
    ("\x01=HYPERLINK(1)", "dòng một\r\ndòng hai", "", None, 1234, 2.5, "Nguyễn Thị Ánh", dt.date(2001, 2, 3)),
    (dt.datetime(2020, 5, 6, 12, 30), dt.date(1900, 1, 15), Number(0.25, "0.0%"), Number(1234, "#,##0"),
     Number(-12.5, "+#,##0.0;-#,##0.0;0"), "&#13; &amp;", "\tthụt", "x\u00a0y"),
    ("0", "1990", "Chủ tịch UBND xã", "dân tộc Mường", 0, -3.25, "", dt.date(1899, 12, 31)),
]


def _cells(path, first_row):
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    cells = [[(c.value, c.data_type, c.number_format, bool(c.quotePrefix), c.font.name, c.border.left.style)
              for c in row] for row in sheet.iter_rows(min_row=first_row, max_col=len(COLUMNS))]
    workbook.close()
    return cells


def test_streamed_cells_read_back_as_openpyxl_writes_them(tmp_path):
    streamed, whole = tmp_path / "streamed.xlsx", tmp_path / "whole.xlsx"
    assert stream_table(streamed, "DANH SÁCH", COLUMNS, ROWS, subtitle="Tổng số 4", formats=FORMATS) == len(ROWS)
    # The same values through openpyxl's own cells, numbers in their column's format.
    workbook = Workbook()
    for r, row in enumerate(ROWS, start=4):
        for c, (value, number_format) in enumerate(zip(row, FORMATS, strict=True), start=1):
            cell = workbook.active.cell(r, c)
            set_value(cell, Number(value, number_format) if number_format and isinstance(value, int | float) else value)
            cell.font, cell.border = Font(name="Times New Roman"), _BOX
    workbook.save(whole)
    got, expected = _cells(streamed, 4), _cells(whole, 4)
    assert len(got) == len(ROWS)
    for got_row, expected_row in zip(got, expected, strict=True):
        for got_cell, expected_cell in zip(got_row, expected_row, strict=True):
            if expected_cell[0] is None:  # a blank: openpyxl types it "n" whatever it was
                assert got_cell[0] is None and got_cell[4:] == expected_cell[4:]
            else:
                assert got_cell == expected_cell
    # What a clerk checks by eye.
    assert got[0][0][:2] == ("010096161553", "s")  # CCCD: text, leading zero kept
    assert got[0][1][:4] == ("=SUM(A1:A2)", "s", "General", True)  # shown as typed, never run
    assert got[1][0][:4] == ("=HYPERLINK(1)", "s", "General", True)  # control character dropped first
    assert got[1][1][0] == "dòng một\ndòng hai"  # a line break, as openpyxl writes it
    assert got[0][7][0] == " lề hai bên "
    assert got[2][5][0] == "&#13; &amp;"  # typed entities stay typed
    assert got[1][7][:3] == (dt.datetime(2001, 2, 3), "d", "dd/mm/yyyy")
    assert got[2][1][0] == dt.datetime(1900, 1, 15)  # before Excel's 29/02/1900: the same day
    assert got[2][2][:3] == (0.25, "n", "0.0%") and got[1][4][:3] == (1234, "n", "#,##0")
    assert not got[0][6][3]  # the shared text style carries no quote


def test_calamine_reads_the_streamed_list(tmp_path):
    path = tmp_path / "streamed.xlsx"
    stream_table(path, "DANH SÁCH", COLUMNS, ROWS, subtitle="Tổng số 4", formats=FORMATS)
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert sheet[0][0] == "DANH SÁCH" and sheet[2] == [c.header for c in COLUMNS]
    body = sheet[3:]
    assert body[0][0] == "010096161553" and body[0][1] == "=SUM(A1:A2)" and body[0][6] == "Đội 3 & <tổ> 4"
    assert body[1][4] == 1234 and body[1][5] == 2.5 and body[1][7] == dt.date(2001, 2, 3)
    assert body[2][0] == dt.datetime(2020, 5, 6, 12, 30) and body[2][2] == 0.25
    assert body[3][:2] == ["0", "1990"]  # text that reads as a number stays text


def test_a_long_list_reports_progress_and_keeps_every_row(tmp_path):
    path = tmp_path / "long.xlsx"
    rows = ((i, f"Người {i:05d}", dt.date(1970, 1, 1) + dt.timedelta(days=i)) for i in range(1, 2501))
    seen: list[int] = []
    columns = [SheetColumn("STT", 6), SheetColumn("Họ và tên", 20), SheetColumn("Ngày sinh", 12)]
    assert stream_table(path, "T", columns, rows, formats=["#,##0"], progress=seen.append) == 2500
    assert seen == [1000, 2000]
    workbook = load_workbook(path, read_only=True)
    body = list(workbook.worksheets[0].iter_rows(min_row=3, values_only=True))
    workbook.close()
    assert len(body) == 2500
    assert body[-1] == (2500, "Người 02500", dt.datetime(1976, 11, 5))  # 1970-01-01 + 2,500 days


def test_a_stopped_list_leaves_no_file_at_a_path(tmp_path):
    path = tmp_path / "stopped.xlsx"

    def rows():
        yield from ((i, "x") for i in range(1500))
        raise Cancelled

    with pytest.raises(Cancelled):
        stream_table(path, "T", [SheetColumn("A", 6), SheetColumn("B", 6)], rows())
    assert list(tmp_path.iterdir()) == []


def test_a_number_format_not_declared_is_refused(tmp_path):
    with pytest.raises(ValueError):
        stream_table(tmp_path / "f.xlsx", "T", [SheetColumn("A", 6)], [(Number(1, "0.000"),)])
    assert list(tmp_path.iterdir()) == []


def test_a_table_reports_its_rows_and_stops_when_asked():
    columns = [SheetColumn("STT", 6), SheetColumn("Họ và tên", 12)]
    rows = [(i, f"Nguyễn Văn Một Người Có Tên Rất Dài {i}") for i in range(1, 2501)]
    seen: list[tuple[int, int]] = []
    data = write_table("T", columns, rows, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(0, 2500), (1000, 2500), (2000, 2500), (2500, 2500)]
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.active
    assert sheet.cell(3, 2).value == "Nguyễn Văn Một Người Có Tên Rất Dài 1"
    assert sheet.row_dimensions[3].height == 60  # 37 characters: four lines of a 12-character column
    assert sheet.max_row == 2502
    workbook.close()
    asked: list[int] = []

    def cancelled() -> bool:  # the user clicks Hủy once the first 1,000 rows are written
        return len(asked) > 0

    with pytest.raises(Cancelled):
        write_table("T", columns, rows, progress=lambda done, total: asked.append(done), cancelled=cancelled)
    assert asked == [0]


def _row_numbers(data: bytes) -> list[int]:
    import re
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    return [int(r) for r in re.findall(r'<row r="(\d+)"', xml)]


def test_rows_are_written_once_each_in_ascending_order(tmp_path):
    """Excel refuses a sheet whose rows repeat or go backwards ("We found a problem with some
    content…", then repairs it away): a table with its official heading, notes and signing block,
    and a streamed list, write each row once, in order (the frozen pane once added an empty copy
    of the first body row after the others)."""
    from app.exchange.xlsx_writer import SheetHeading

    heading = SheetHeading(("HUYỆN ỦY SI MA CAI", "TRUNG TÂM", "*"), ("ĐẢNG CỘNG SẢN VIỆT NAM",),
                           "Si Ma Cai, ngày 03 tháng 12 năm 2026", "Số: 12-BC/TT", ("GIÁM ĐỐC",), "Lù Văn Thành")
    columns = [SheetColumn("STT", 6), SheetColumn("Họ và tên", 20)]
    for data in (write_table("T", columns, [(1, "A"), (2, "B")]),
                 write_table("T", columns, [(1, "A"), (2, "B"), ("Tổng số: 2.",)], subtitle="S", heading=heading,
                             notes_from=2),
                 write_table("T", columns, [], heading=heading)):
        numbers = _row_numbers(data)
        assert numbers == sorted(set(numbers)), numbers
    path = tmp_path / "ds.xlsx"
    stream_table(path, "T", columns, iter([(1, "A"), (2, "B")]), subtitle="S")
    numbers = _row_numbers(path.read_bytes())
    assert numbers == sorted(set(numbers)) == [1, 2, 3, 4, 5]


def test_no_row_is_taller_than_excel_allows():
    """A 1,000-character reason in a narrow column, a long note under the table, a long title: no
    row is written taller than Excel's 409 points (a taller height is outside what Excel accepts
    for a row); the text itself is kept whole."""
    import re
    import zipfile

    reason = "Đã hủy: " + "học viên ghi sai ngày sinh trong hồ sơ gốc, " * 22
    columns = [SheetColumn("STT", 6), SheetColumn("Họ và tên", 20), SheetColumn("Ghi chú", 8)]
    data = write_table("SỔ " * 300, columns, [(1, "Lù Văn Páo", reason), (reason,)], notes_from=1,
                       subtitle="Năm 2026 " * 200)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    heights = [float(h) for h in re.findall(r'<row [^>]*\sht="([0-9.]+)"', xml)]
    assert heights and max(heights) == 409
    workbook = load_workbook(io.BytesIO(data))
    values = [c.value for row in workbook.active.iter_rows() for c in row]
    assert reason.strip() in [str(v).strip() for v in values if v]
    workbook.close()


def test_characters_xml_cannot_hold_are_dropped_not_written_into_a_broken_file(tmp_path):
    """U+FFFE, U+FFFF and a lone surrogate (from a damaged spreadsheet or a pasted text) in a
    position or a unit: the list and the table still open, the rest of the text kept (they were
    written as they were, and the whole file no longer opened)."""
    columns = [SheetColumn("STT", 6), SheetColumn("Chức vụ", 20), SheetColumn("Đơn vị", 20)]
    rows = [(1, "Bí thư\uffff chi bộ\ufffe", "xã Sín\ud800 Chéng"), (2, "=1+1\uffff", "Đội 3")]
    path = tmp_path / "ds.xlsx"
    stream_table(path, "T", columns, iter(rows))
    for data in (path.read_bytes(), write_table("T\uffff", columns, rows, subtitle="S\ufffe")):
        workbook = load_workbook(io.BytesIO(data))
        values = [[c.value for c in row] for row in workbook.active.iter_rows()]
        assert [1, "Bí thư chi bộ", "xã Sín Chéng"] in values and [2, "=1+1", "Đội 3"] in values
        assert values[0][0] == "T"
        workbook.close()


def test_rows_are_as_tall_as_their_text_wrapped_between_words():
    """Heights are counted the way a spreadsheet wraps, between words: a bold header "Hoàn thành"
    in a 10-character column takes two lines (it was given one, and printed cut in half), a unit
    whose words do not fill the lines takes the lines its words need."""
    columns = [SheetColumn("STT", 6), SheetColumn("Hoàn thành", 9.9), SheetColumn("Đơn vị", 12)]
    unit = "Trường Phổ thông Dân tộc bán trú Tiểu học và THCS xã Cán Hồ"  # 5 lines by count, 6 by words
    workbook = load_workbook(io.BytesIO(write_table("T", columns, [(1, "Có", unit)])))
    sheet = workbook.active
    assert sheet.row_dimensions[2].height == 30  # the header: two lines
    assert sheet.row_dimensions[3].height == 90
    workbook.close()
