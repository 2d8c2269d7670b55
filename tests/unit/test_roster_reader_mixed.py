"""A commune's roster as typed by several hands: a Unicode header over a column whose rows were
partly typed in TCVN3, sections numbered in the STT column, a two-row header with both the name
and the birth year split. Every cell comes back as the person typed it, in Unicode."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from app.exchange import legacy, read_roster


def mixed_roster(path):
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "ĐẢNG ỦY XÃ SÁN CHẢI"
    ws["A2"] = "DANH SÁCH CÁN BỘ ĐI HỌC"
    ws.append([])
    ws.append(["TT", "Họ và tên", None, "Năm sinh", None, "Dân tộc", "Chức vụ", "Số CMND/CCCD", "Đảng viên"])
    ws.append([None, "Họ đệm", "Tên", "Nam", "Nữ", None, None, None, None])
    for cells in ("B4:C4", "D4:E4", "A4:A5", "F4:F5", "G4:G5", "H4:H5", "I4:I5"):
        ws.merge_cells(cells)
    ws.append(["I", "THÔN SÁN CHẢI"])
    ws.append([1, "Giàng Seo", "Pao", "12/03/1980", None, "Mông", "Trưởng thôn", "010080001234", "x"])
    ws.append([2, "Lù Thị", "Mai", None, 1990, "Mông", "Chi hội trưởng", None, None])
    ws.append(["II", "THÔN CẢN CẤU"])
    # this row was pasted from an old file typed with .VnTime (TCVN3)
    ws.append([3, "Thµo A", "Sö", 1975, None, "M«ng", "BÝ th\u00ad chi bé", None, "Đ/v"])
    ws.append([4, "Vàng Seo", "Chứ", 1988, None, "Mông", "Công an viên", None, None])
    ws.append([None, "Tổng cộng: 4 người"])
    wb.save(path)
    return path


def test_mixed_unicode_and_tcvn3_cells_each_come_back_as_typed(tmp_path):
    sheet = read_roster(mixed_roster(tmp_path / "ds.xlsx"))
    people = [(r.row, r.values["family_middle"], r.values["given_name"], r.values["ethnic_group"],
               r.values["position"]) for r in sheet.rows]
    assert people == [
        (7, "Giàng Seo", "Pao", "Mông", "Trưởng thôn"),
        (8, "Lù Thị", "Mai", "Mông", "Chi hội trưởng"),
        (10, "Thào A", "Sử", "Mông", "Bí thư chi bộ"),
        (11, "Vàng Seo", "Chứ", "Mông", "Công an viên"),
    ]
    # the header "Tên" over the TCVN3 "Sö" was not read as TCVN3 "Tờn": the two-row header was found
    assert {"family_middle", "given_name"} <= set(sheet.columns) and "full_name" not in sheet.columns
    assert sheet.rows[2].original == {"family_middle": "Thµo A", "given_name": "Sö", "ethnic_group": "M«ng",
                                      "position": "BÝ th\u00ad chi bé"}
    assert all(r.original == {} for r in sheet.rows if r.row != 10)
    assert sheet.converted_cells == 4 and sheet.encoding == "tcvn3"


def test_two_row_header_splits_name_and_birth_and_sections_name_the_unit(tmp_path):
    sheet = read_roster(mixed_roster(tmp_path / "ds.xlsx"))
    births = [(r.row, r.values.get("birth"), r.values.get("gender")) for r in sheet.rows]
    assert [b[0] for b in births] == [7, 8, 10, 11]
    assert births[1][1] == 1990 or str(births[1][1]) == "1990"  # the year in the "Nữ" column
    assert [r.section for r in sheet.rows] == ["THÔN SÁN CHẢI", "THÔN SÁN CHẢI", "THÔN CẢN CẤU", "THÔN CẢN CẤU"]
    sections = [(o.row, o.kind, o.text) for o in sheet.others if o.kind == "section"]
    assert sections == [(6, "section", "I THÔN SÁN CHẢI"), (9, "section", "II THÔN CẢN CẤU")]


@pytest.mark.parametrize(("text", "column", "expected"), [
    ("Tên", legacy.TCVN3, "Tên"),         # valid Unicode beats the column's legacy reading
    ("Mông", legacy.TCVN3, "Mông"),
    ("Sö", legacy.TCVN3, "Sử"),
    ("M«ng", legacy.UNICODE, "Mông"),     # not Vietnamese as typed; only TCVN3 reads it
    ("Nguyeãn Vaên An", legacy.UNICODE, "Nguyễn Văn An"),  # only VNI reads it
    ("Nguyễn Văn An", legacy.TCVN3, "Nguyễn Văn An"),      # a sure Unicode letter is never converted
    ("café", legacy.UNICODE, "café"),     # neither reading is Vietnamese: left for the importer to judge
])
def test_one_cell_in_a_decided_column(text, column, expected):
    assert legacy.convert_cell_in_column(text, column)[0] == expected
