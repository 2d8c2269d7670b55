"""The roster table as communes lay it out, in every format they send: what is read is exactly the
trainees written, in order, with their values; every other row is reported with what it is."""

from __future__ import annotations

import csv
import datetime as dt
import gc
import random
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from app.domain.errors import ValidationError
from app.domain.text import clean
from app.exchange import OtherRow, RosterSheet, Sheet, SheetSource, open_sheets, read_pasted_roster, read_roster
from app.exchange.roster_template import COLUMNS, HEADER_ROW, TEMPLATE_NAME, write_roster_template
from tests.fixtures.roster_layouts import (
    SECTIONS,
    UNITS,
    Block,
    Expected,
    Layout,
    birth_text,
    build,
    person,
    write,
    write_csv,
    write_xls,
)

FORMATS = ("xlsx", "xls", "ods", "csv")


def read_back(sheet: RosterSheet) -> tuple[list[tuple], list[tuple]]:
    trainees = []
    for row in sheet.rows:
        v = row.values
        name = v.get("full_name") or f"{v.get('family_middle')} {v.get('given_name')}"
        trainees.append((row.row, clean(str(name)), birth_text(v.get("birth")), v.get("gender"), v.get("unit") or "",
                         row.section))
    return trainees, [(o.row, o.kind, o.reason_code) for o in sheet.others]


def assert_reads(sheet: RosterSheet, expected: Expected) -> None:
    trainees, others = read_back(sheet)
    assert trainees == expected.trainees
    assert others == expected.others


def everything(encoding: str = "unicode", *, two_rows: bool = False, merged_unit: bool = True) -> Layout:
    blocks = [Block(SECTIONS[0], [person(i, unit=UNITS[0]) for i in range(3)]),
              Block(SECTIONS[1], [person(i, unit=UNITS[1]) for i in range(3, 7)]),
              Block(SECTIONS[2], [person(i, unit=UNITS[2], year_only=True) for i in range(7, 9)])]
    return Layout(blocks, two_row_header=two_rows, column_numbers=True, merged_unit=merged_unit,
                  hidden=frozenset({(0, 1)}), struck=frozenset({(1, 2)}), totals=True, signature=True,
                  encoding=encoding)


@pytest.mark.parametrize("kind", FORMATS)
@pytest.mark.parametrize("encoding", ["unicode", "tcvn3", "vni"])
@pytest.mark.parametrize("two_rows", [False, True], ids=["one-row header", "two-row header"])
def test_every_layout_in_every_format(kind, encoding, two_rows, tmp_path):
    layout = everything(encoding, two_rows=two_rows, merged_unit=kind != "csv")
    path, expected = write(layout, tmp_path, kind)
    sheet = read_roster(path)
    assert_reads(sheet, expected)
    assert sheet.encoding == encoding and (sheet.converted_cells > 0) == (encoding != "unicode")
    assert sheet.header_rows == (2 if two_rows else 1)
    # 9 people, one hidden and one struck through: skipped where the reader sees it (.xlsx, .xls, .ods),
    # left out of the file where it cannot (.csv)
    assert len(sheet.rows) == 7
    assert sheet.formatting_known == (kind != "csv")


def test_what_the_preview_is_told_about_each_row(tmp_path):
    path, _ = write(everything(two_rows=True), tmp_path, "xlsx")
    sheet = read_roster(path)
    by_row = {o.row: o for o in sheet.others}
    kinds = [(o.kind, o.text, o.reason) for o in sheet.others]
    assert kinds[0] == ("skipped", "(1)", "dòng số thứ tự cột")
    assert ("section", "XÃ BẢN MẾ", "") in kinds and ("section", "I. Khối Đảng", "") in kinds
    hidden = next(o for o in sheet.others if o.reason_code == "hidden row")
    assert hidden.reason == "dòng bị ẩn" and hidden.text == "Trần Thị"  # its first text past the STT number
    assert next(o for o in sheet.others if o.reason_code == "struck-through row").reason == "chữ gạch ngang"
    totals = next(o for o in sheet.others if o.reason_code == "totals row")
    assert (totals.reason, totals.text) == ("dòng tổng cộng", "Tổng cộng")
    signature = [o for o in sheet.others if o.reason_code == "signature block"]
    assert [o.text for o in signature] == ["Sán Chải, ngày 15 tháng 3 năm 2026", "NGƯỜI LẬP BIỂU", "BÍ THƯ",
                                           "Lý Thị Hoa"]
    assert all(o.reason == "khối chữ ký" for o in signature)
    assert not {r.row for r in sheet.rows} & set(by_row)  # no row is both


def test_two_row_header_gives_the_whole_name_and_the_women_their_birth(tmp_path):
    path, _ = write(everything(two_rows=True), tmp_path, "xlsx")
    sheet = read_roster(path)
    assert set(sheet.columns) >= {"family_middle", "given_name", "birth_male", "birth_female", "citizen_id", "unit"}
    women = [r for r in sheet.rows if r.values["gender"] == "Nữ"]
    assert women and all(r.values["birth"] for r in women)
    first = sheet.rows[0]
    assert (first.values["family_middle"], first.values["given_name"], first.values["birth"]) == (
        "Nguyễn Văn", "An", dt.date(1965, 1, 1))


def test_a_year_in_both_sex_columns_is_an_error_of_that_row(tmp_path):
    workbook = Workbook()
    ws = workbook.active
    ws.append(["STT", "Họ và tên", "Năm sinh", None])
    ws.append([None, None, "Nam", "Nữ"])
    ws.merge_cells("C1:D1")
    ws.merge_cells("A1:A2")
    ws.merge_cells("B1:B2")
    ws.append([1, "Lù Văn Páo", 1979, 1980])
    ws.append([2, "Giàng Thị Mỷ", None, 1990])
    workbook.save(tmp_path / "ds.xlsx")
    rows = read_roster(tmp_path / "ds.xlsx").rows
    assert rows[0].values["_errors"] == ["có năm sinh ở cả cột Nam và cột Nữ"]
    assert (rows[1].values["birth"], rows[1].values["gender"]) == (1990, "Nữ")


def test_a_trainee_whose_position_is_a_signer_title_is_still_a_trainee(tmp_path):
    workbook = Workbook()
    ws = workbook.active
    ws.append(["STT", "Họ và tên", "Ngày sinh", "Chức vụ"])
    ws.append([1, "Lù Văn Páo", "12/04/1979", "Bí thư"])
    ws.append([2, "Giàng Thị Mỷ", "05/03/1990", "Chủ tịch"])
    ws.append([3, "Cộng Văn Hòa", "05/03/1991", "Người lập biểu"])  # "Cộng" is a rare family name
    ws.append([None, "Cộng", None, None])
    workbook.save(tmp_path / "ds.xlsx")
    sheet = read_roster(tmp_path / "ds.xlsx")
    assert [r.values["full_name"] for r in sheet.rows][:2] == ["Lù Văn Páo", "Giàng Thị Mỷ"]
    assert [(o.row, o.reason_code) for o in sheet.others] == [(5, "totals row")]


def test_the_fake_openpyxl_sheet_is_gone_and_the_protocol_is_public(tmp_path):
    path, _ = write(everything(), tmp_path, "xlsx")
    (sheet,) = list(open_sheets(path))
    assert isinstance(sheet, SheetSource) and isinstance(Sheet(name="x"), SheetSource)
    assert (7, 6, 9, 6) in sheet.merged  # the unit written once over the rows of "XÃ BẢN MẾ"
    assert sheet.hidden_rows == {8} and {c for r, c in sheet.struck_cells if r == 13} == {1, 2, 3, 4, 5}
    import app.services.roster_import as service

    assert not hasattr(service, "_PastedSheet")


# --- .csv and pasted text -----------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1258", "utf-16"])  # utf-16: Excel's "Unicode Text"
@pytest.mark.parametrize("delimiter", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
def test_csv_encodings_and_delimiters(encoding, delimiter, tmp_path):
    layout = everything(merged_unit=False)
    grid, expected = build(layout, formatting=False)
    path = write_csv(grid, tmp_path / "ds.csv", delimiter=delimiter, encoding=encoding)
    sheet = read_roster(path)
    assert_reads(sheet, expected)
    assert sheet.rows[0].values["full_name"] == "Nguyễn Văn An"  # NFC, even from cp1258's combining tones


def test_pasted_from_excel_with_a_quoted_line_break():
    text = ("DANH SÁCH\r\nSTT\tHọ và tên\tNgày sinh\tChức vụ, đơn vị công tác\r\n"
            "1\tThào A Sử\t12/04/1985\t\"Trưởng thôn\nSín Chải\"\r\n\r\nXÃ BẢN MẾ\r\n2\tGiàng Thị Mỷ\t1990\t\r\n")
    sheet = read_pasted_roster(text)
    assert [(r.row, r.values["full_name"], r.section) for r in sheet.rows] == [
        (3, "Thào A Sử", ""), (6, "Giàng Thị Mỷ", "XÃ BẢN MẾ")]
    assert sheet.rows[0].values["position_unit"] == "Trưởng thôn Sín Chải"
    assert sheet.others == [OtherRow(5, "section", "XÃ BẢN MẾ", "", "")]


def test_pasted_from_a_word_table():
    # Word copies a table as tab-separated lines too, without quoting; a trailing space per cell.
    text = "TT \tHọ và tên \tNăm sinh \tDân tộc \n1 \tLù Văn Páo \t1979 \tNùng \n2 \tSùng Seo Dơ \t1990 \tMông \n"
    sheet = read_pasted_roster(text)
    assert [(r.values["full_name"], r.values["birth"], r.values["ethnic_group"]) for r in sheet.rows] == [
        ("Lù Văn Páo", "1979", "Nùng"), ("Sùng Seo Dơ", "1990", "Mông")]


def test_pasted_nothing_or_no_header_is_a_clear_error():
    with pytest.raises(ValidationError, match="không có gì để dán"):
        read_pasted_roster("  \n\t\n")
    with pytest.raises(ValidationError, match="Không nhận ra dòng tiêu đề"):
        read_pasted_roster("Thào A Sử\t1985\n")


def test_a_text_file_that_is_not_a_table_is_refused(tmp_path):
    path = tmp_path / "ds.csv"
    path.write_bytes(b"\x00\x01binary\x00" * 100)
    with pytest.raises(ValidationError, match="không phải tệp văn bản"):
        read_roster(path)
    path.write_text("chỉ là một ghi chú\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="Không tìm thấy dòng tiêu đề"):
        read_roster(path)


def test_a_broken_ods_is_refused_clearly(tmp_path):
    path = tmp_path / "ds.ods"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    with pytest.raises(ValidationError, match=r"không phải bảng tính \.ods|bị hỏng"):
        read_roster(path)


_PASSWORD = ("được đặt mật khẩu nên chương trình không đọc được: hãy mở tệp bằng Excel, bỏ mật khẩu "
             "(Tệp → Thông tin → Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu), lưu lại rồi chọn lại tệp.")


def test_a_password_protected_workbook_says_so_not_that_it_is_broken(tmp_path):
    # Excel's "Encrypt with Password": an .xlsx becomes a compound file holding the encrypted
    # package (tests/fixtures/protected.xlsx); it used to be called "tệp .xls bị hỏng".
    path = tmp_path / "danh sách.xlsx"
    path.write_bytes((Path(__file__).parents[1] / "fixtures" / "protected.xlsx").read_bytes())
    with pytest.raises(ValidationError) as refused:
        read_roster(path)
    assert refused.value.message == f"Tệp danh sách.xlsx {_PASSWORD}"
    # An .xls saved with a password carries a FILEPASS record among the workbook's first records.
    data = (Path(__file__).parents[1] / "fixtures" / "roster_lo.xls").read_bytes()
    assert data.count(b"\xe1\x00\x02\x00") == 1  # INTERFACEHDR, two bytes: made a FILEPASS of the same size
    locked = tmp_path / "ds.xls"
    locked.write_bytes(data.replace(b"\xe1\x00\x02\x00", b"\x2f\x00\x02\x00"))
    with pytest.raises(ValidationError) as refused:
        read_roster(locked)
    assert refused.value.message == f"Tệp ds.xls {_PASSWORD}"


def test_a_hidden_sheet_gives_way_to_the_sheet_the_user_sees(tmp_path):
    # An old list kept on a hidden first sheet, the new one on the sheet Excel shows: the hidden one
    # used to be imported. tests/fixtures/hidden_sheet.xls|.ods: the same workbook saved by LibreOffice.
    path = tmp_path / "ds.xlsx"
    workbook = Workbook()
    old = workbook.active
    old.title, old.sheet_state = "Cũ", "hidden"
    old.append(["Họ và tên", "Năm sinh"])
    old.append(["Người Cũ", 1970])
    new = workbook.create_sheet("Danh sách")
    new.append(["Họ và tên", "Năm sinh"])
    new.append(["Người Mới", 1990])
    workbook.active = 1
    workbook.save(path)
    fixtures = Path(__file__).parents[1] / "fixtures"
    for source in (path, fixtures / "hidden_sheet.xls", fixtures / "hidden_sheet.ods"):
        sheet = read_roster(source)
        assert (sheet.sheet_name, [r.values["full_name"] for r in sheet.rows]) == ("Danh sách", ["Người Mới"]), source
    old.sheet_state = "visible"  # seen: the first sheet is the list, as before
    workbook.save(path)
    assert read_roster(path).sheet_name == "Cũ"


def test_a_password_protected_ods_says_so(tmp_path):
    # LibreOffice's "Save with password": content.xml encrypted, the manifest says how.
    import zipfile

    source = Path(__file__).parents[1] / "fixtures" / "roster_lo.ods"
    locked = tmp_path / "danh sách.ods"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(locked, "w") as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "content.xml":
                data = bytes(range(256)) * 40  # ciphertext
            elif item.filename == "META-INF/manifest.xml":
                data = data.replace(b'manifest:full-path="content.xml" manifest:media-type="text/xml"/>',
                                    b'manifest:full-path="content.xml" manifest:media-type="text/xml">'
                                    b'<manifest:encryption-data manifest:checksum-type="SHA1/1K"/>'
                                    b'</manifest:file-entry>')
                assert b"encryption-data" in data
            copy.writestr(item, data)
    with pytest.raises(ValidationError) as refused:
        read_roster(locked)
    assert refused.value.message == ("Tệp danh sách.ods được đặt mật khẩu nên chương trình không đọc được: hãy mở "
                                     "tệp bằng LibreOffice, lưu lại không đặt mật khẩu (Tệp → Lưu thành…, bỏ chọn "
                                     "\u201cLưu với mật khẩu\u201d) rồi chọn lại tệp.")


def test_a_csv_or_a_web_page_named_xlsx_or_xls_is_said_to_be_one(tmp_path):
    # They were called broken .xls files ("tệp .xls bị hỏng"); a web page saved as .xls is what old portals give.
    for name in ("ds.xlsx", "ds.xls"):
        renamed = tmp_path / name
        renamed.write_text("Họ và tên;Ngày sinh;Giới tính\r\nNguyễn Văn An;05/3/1980;Nam\r\n", encoding="utf-8")
        with pytest.raises(ValidationError) as refused:
            read_roster(renamed)
        assert refused.value.message == (f"Tệp {name} là tệp văn bản (.csv), không phải tệp Excel {renamed.suffix}: "
                                         "hãy đổi đuôi tệp thành .csv, hoặc mở bằng Excel rồi lưu lại dạng .xlsx.")
    page = tmp_path / "ds.xls"
    page.write_text("<html><body><table><tr><td>Họ và tên</td></tr></table></body></html>", encoding="utf-8")
    with pytest.raises(ValidationError) as refused:
        read_roster(page)
    assert refused.value.message == ("Tệp ds.xls là một trang web (HTML), không phải tệp Excel .xls: hãy mở bằng "
                                     "Excel rồi lưu lại dạng .xlsx (Tệp → Lưu thành…).")


# --- the template ------------------------------------------------------------------------------------------


def test_the_template_is_read_perfectly(tmp_path):
    path = write_roster_template(tmp_path)
    assert path.name == TEMPLATE_NAME
    empty = read_roster(path)
    assert (empty.header_row, empty.rows, empty.others, empty.ignored_headers) == (HEADER_ROW, [], [], ["STT"])
    assert len(empty.columns) == len(COLUMNS) - 1  # every column but STT is a known field
    workbook = load_workbook(path)
    ws = workbook.active
    typed = ([1, "Nguyễn Văn An", "12/03/1980", "Nam", "Kinh", "010080001234", "Trưởng thôn", "Xã Bản Mế", "x",
              "Sơ cấp", "0912345678", ""],
             [2, "Giàng Thị Mỷ", "1990", "Nữ", "Mông", "", "", "Xã Sán Chải", "", "", "", "chuyển từ lớp trước"])
    for offset, values in enumerate(typed, start=1):  # typed into the rows under the header, as a clerk does
        for column, value in enumerate(values, start=1):
            ws.cell(HEADER_ROW + offset, column, value or None)
    workbook.save(path)
    sheet = read_roster(path)
    assert [r.row for r in sheet.rows] == [HEADER_ROW + 1, HEADER_ROW + 2] and sheet.others == []
    first = sheet.rows[0].values
    assert (first["full_name"], first["birth"], first["gender"], first["citizen_id"], first["position"],
            first["unit"], first["party_member"], first["theory_level"], first["phone"]) == (
        "Nguyễn Văn An", "12/03/1980", "Nam", "010080001234", "Trưởng thôn", "Xã Bản Mế", "x", "Sơ cấp", "0912345678")
    assert sheet.rows[1].values["note"] == "chuyển từ lớp trước"


def test_the_template_filled_in_on_a_copied_sheet_is_read_from_that_sheet(tmp_path):
    # The commune copied the template's sheet ("Danh sách (2)") and filled the copy: the first sheet,
    # empty under its header, used to be taken for the roster, and the list read as having no one.
    path = write_roster_template(tmp_path)
    workbook = load_workbook(path)
    copy = workbook.copy_worksheet(workbook.active)
    copy.title = "Danh sách (2)"
    copy.cell(HEADER_ROW + 1, 2, "Nguyễn Văn An")
    copy.cell(HEADER_ROW + 1, 3, "12/03/1980")
    workbook.save(path)
    sheet = read_roster(path)
    assert (sheet.sheet_name, [r.values["full_name"] for r in sheet.rows]) == ("Danh sách (2)", ["Nguyễn Văn An"])


def test_the_unit_written_above_the_template_is_the_unit_of_rows_without_one(tmp_path):
    # The template asks "Đơn vị: ……" above the table: a commune writes its name there once and leaves
    # the column blank. Left as dots, it says nothing.
    path = write_roster_template(tmp_path)
    workbook = load_workbook(path)
    ws = workbook.active
    for offset, (name, unit) in enumerate((("Nguyễn Văn An", None), ("Giàng Thị Mỷ", "Thôn Sín Chải")), start=1):
        ws.cell(HEADER_ROW + offset, 2, name)
        ws.cell(HEADER_ROW + offset, 3, "1990")
        ws.cell(HEADER_ROW + offset, 8, unit)
    workbook.save(path)
    assert [r.section for r in read_roster(path).rows] == ["", ""]  # "Đơn vị: ……………": no unit
    ws["A1"] = "Đơn vị:  UBND xã Bản Mế "
    workbook.save(path)
    sheet = read_roster(path)
    assert [(r.section, r.values["unit"]) for r in sheet.rows] == [("UBND xã Bản Mế", None),
                                                                    ("UBND xã Bản Mế", "Thôn Sín Chải")]


def test_the_templates_print_on_one_page_width(tmp_path):
    # A commune may print the roster template to fill in by hand: its twelve columns ran over three
    # portrait pages, the title on one of them. Landscape A4, fitted to one page wide, titles repeated.
    from app.exchange.history_workbook import write_history_template

    roster = load_workbook(write_roster_template(tmp_path)).active
    history = load_workbook(write_history_template(tmp_path))
    for sheet, titles in [(roster, "$1:$4"), *((s, "$1:$2") for s in history.worksheets)]:
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows == titles


# --- property: shuffled layouts -------------------------------------------------------------------------------

_layouts = st.builds(
    lambda seed, blocks, titles, two_rows, numbers, merged, totals, signature, encoding, kind, hidden, struck: (
        _make_layout(seed, blocks, titles, two_rows, numbers, merged and kind != "csv", totals, signature, encoding,
                     hidden, struck), kind),
    seed=st.integers(0, 10_000), blocks=st.lists(st.tuples(st.integers(-1, len(SECTIONS) - 1), st.integers(1, 5)),
                                                 min_size=1, max_size=4),
    titles=st.integers(0, 3), two_rows=st.booleans(), numbers=st.booleans(), merged=st.booleans(),
    totals=st.booleans(), signature=st.booleans(), encoding=st.sampled_from(["unicode", "tcvn3", "vni"]),
    kind=st.sampled_from(FORMATS), hidden=st.integers(0, 2), struck=st.integers(0, 2))

_TITLES = ("HUYỆN ỦY SI MA CAI", "ĐẢNG BỘ XÃ SÍN CHÉNG", "DANH SÁCH HỌC VIÊN LỚP BỒI DƯỠNG ĐẢNG VIÊN MỚI")


def _make_layout(seed, blocks, titles, two_rows, numbers, merged, totals, signature, encoding, hidden, struck):
    rng = random.Random(seed)
    made, i = [], seed % 50
    for heading, count in blocks:
        unit = rng.choice(UNITS)
        made.append(Block(SECTIONS[heading] if heading >= 0 else "",
                          [person(i + k, unit=unit, year_only=rng.random() < 0.3) for k in range(count)]))
        i += count
    spots = [(b, p) for b, block in enumerate(made) for p in range(len(block.people))]
    rng.shuffle(spots)
    return Layout(made, titles=tuple(rng.sample(_TITLES, titles)), two_row_header=two_rows, column_numbers=numbers,
                  merged_unit=merged, hidden=frozenset(spots[:hidden]), struck=frozenset(spots[hidden:hidden + struck]),
                  totals=totals, signature=signature, encoding=encoding)


@settings(max_examples=60, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=_layouts)
def test_shuffled_layouts_read_exactly_the_trainees_written(case, tmp_path_factory):
    layout, kind = case
    folder = tmp_path_factory.mktemp("layout")
    path, expected = write(layout, folder, kind)
    sheet = read_roster(path)
    assert_reads(sheet, expected)
    assert sheet.encoding == layout.encoding


# --- a big .xls under the same limits as an .xlsx ----------------------------------------------------------

BIG_ROWS = 5_000
MEMORY_LIMIT_MB = 150  # the hostile-file tests' limit for one import's own growth


def _peak_mb() -> float:
    """This process's peak resident memory (Linux VmHWM: counts calamine's Rust memory, which
    tracemalloc cannot see)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="needs Linux /proc to measure memory")
@pytest.mark.parametrize("kind", ["xls", "xlsx"])
def test_a_5000_row_roster_reads_within_the_memory_limit(kind, tmp_path):
    layout = Layout([Block("", [person(i) for i in range(BIG_ROWS)])], two_row_header=True, column_numbers=True)
    path, expected = write(layout, tmp_path, kind)
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")  # the peak starts over from the current size
    baseline = _peak_mb()
    tracemalloc.start()
    try:
        sheet = read_roster(path)
        _, python_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    grown = _peak_mb() - baseline
    assert len(sheet.rows) == BIG_ROWS
    assert read_back(sheet)[0][-1] == expected.trainees[-1]
    assert grown < MEMORY_LIMIT_MB, f"{grown:.0f} MB"
    assert python_peak / (1024 * 1024) < MEMORY_LIMIT_MB


def test_a_file_is_read_by_what_it_is_not_by_its_name(tmp_path):
    layout = everything()
    ods, expected = write(layout, tmp_path, "ods")
    renamed = ods.rename(tmp_path / "ds-tu-libreoffice.xlsx")
    assert_reads(read_roster(renamed), expected)
    xls, expected = write(layout, tmp_path, "xls")
    assert_reads(read_roster(xls.rename(tmp_path / "ds.xlsx")), expected)


# --- a damaged .xls: the BIFF walk that finds hidden and struck rows never crashes ---------------------------


@settings(max_examples=150, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flips=st.lists(st.tuples(st.integers(0, 10**9), st.integers(0, 255)), min_size=1, max_size=20),
       cut=st.one_of(st.none(), st.integers(0, 10**9)))
def test_a_damaged_xls_is_read_or_refused_never_a_crash(flips, cut, tmp_path_factory):
    from app.exchange.biff import formatting

    folder = tmp_path_factory.mktemp("xls")
    grid, _ = build(everything(), formatting=True)
    data = bytearray(write_xls(grid, folder / "ds.xls").read_bytes())
    for position, value in flips:
        data[position % len(data)] = value
    if cut is not None:
        data = data[: cut % len(data)]
    found = formatting(bytes(data), 100_000)
    assert isinstance(found, dict)
    damaged = folder / "damaged.xls"
    damaged.write_bytes(bytes(data))
    try:
        sheet = read_roster(damaged)
    except ValidationError as refused:  # a clear Vietnamese refusal is fine; any other exception is not
        assert refused.message.startswith(("Không", "Danh sách", "Tệp"))
    else:
        assert all(isinstance(row.row, int) for row in sheet.rows)


def test_an_xls_that_lies_about_its_size_is_refused_before_calamine_sees_it(tmp_path):
    # calamine sizes a sheet's grid by its DIMENSIONS record: a damaged one asking for 2 billion rows
    # made it request hundreds of GB, and a failed Rust allocation aborts the whole program.
    grid, _ = build(everything(), formatting=True)
    data = bytearray(write_xls(grid, tmp_path / "ds.xls").read_bytes())
    at = data.find(b"\x00\x02\x0e\x00")  # DIMENSIONS, 14 bytes: first row, last row (u32), columns (u16)
    assert at > 0
    data[at + 8:at + 12] = (0x82000018).to_bytes(4, "little")
    (tmp_path / "lies.xls").write_bytes(bytes(data))
    with pytest.raises(ValidationError, match=r"tệp \.xls bị hỏng"):
        read_roster(tmp_path / "lies.xls")


def test_a_csv_with_a_stray_carriage_return_or_a_huge_cell(tmp_path):
    path = tmp_path / "ds.csv"
    path.write_bytes("Họ và tên;Năm sinh\rThào A Sử;1985\r\nGiàng Thị Mỷ;1990\n".encode())
    assert [r.values["full_name"] for r in read_roster(path).rows] == ["Thào A Sử", "Giàng Thị Mỷ"]
    path.write_text("Họ và tên,Năm sinh\nThào A Sử,\"" + "x" * 200_000 + "\"\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="không đúng dạng bảng"):
        read_roster(path)


def test_gender_split_into_marked_columns_and_a_name_in_ho_and_ten(tmp_path):
    workbook = Workbook()
    ws = workbook.active
    ws.append(["TT", "Họ", "Tên", "Ngày sinh", "Giới tính", None, "Dân tộc"])
    ws.append([None, None, None, None, "Nam", "Nữ", None])
    for ref in ("A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:F1", "G1:G2"):
        ws.merge_cells(ref)
    ws.append([1, "Lù Văn", "Páo", "12/04/1979", "x", None, "Nùng"])
    ws.append([2, "Giàng Thị", "Mỷ", "05/03/1990", None, "x", "Mông"])
    ws.append([3, "Sùng Seo", "Dơ", "01/01/1990", "x", "x", "Mông"])
    workbook.save(tmp_path / "ds.xlsx")
    sheet = read_roster(tmp_path / "ds.xlsx")
    assert sheet.header_rows == 2
    assert [(r.values["family_middle"], r.values["given_name"], r.values.get("gender"), r.values.get("_errors"))
            for r in sheet.rows] == [("Lù Văn", "Páo", "Nam", None), ("Giàng Thị", "Mỷ", "Nữ", None),
                                     ("Sùng Seo", "Dơ", None, ["đánh dấu cả cột Nam và cột Nữ"])]


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_a_row_of_notes_under_the_titles_is_reported_not_read(suffix, tmp_path):
    # Communes' forms often say how to fill a column in a second row: "(ngày/tháng/năm)".
    rows = [["STT", "Họ và tên", "Ngày sinh", "Chức vụ, đơn vị công tác"],
            [None, "(ghi đầy đủ, có dấu)", "(ngày/tháng/năm)", "[ghi rõ thôn, xã]"],
            [1, "Thào A Sử", "12/04/1985", "Trưởng thôn Sín Chải"],
            [2, "Giàng Thị Mỷ", "1990", "(chưa có)"]]
    path = tmp_path / f"ds.{suffix}"
    if suffix == "xlsx":
        workbook = Workbook()
        for row in rows:
            workbook.active.append(row)
        workbook.save(path)
    else:
        with path.open("w", encoding="utf-8", newline="") as out:
            csv.writer(out).writerows(rows)
    sheet = read_roster(path)
    assert [(r.row, r.values["full_name"]) for r in sheet.rows] == [(3, "Thào A Sử"), (4, "Giàng Thị Mỷ")]
    assert [(o.row, o.kind, o.reason_code) for o in sheet.others] == [(2, "skipped", "header notes")]
    assert sheet.others[0].reason == "dòng ghi chú của tiêu đề"
    # Once trainees have begun, a bracketed cell is data (read, then judged by the importer).
    assert sheet.rows[1].values["position_unit"] == "(chưa có)"
