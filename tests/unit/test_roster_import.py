"""Importing a commune's roster: messy real-world workbooks, a preview per row, all or nothing."""

import datetime as dt
import unicodedata
import zipfile

import pytest
from openpyxl import Workbook

from app.cli import main
from app.domain.errors import ValidationError
from app.services.courses import CourseInput, add_course
from app.services.roster_import import commit_roster, preview_roster
from app.services.session import open_session
from app.services.trainees import TraineeInput, add_trainee
from app.store.models import Enrollment, Trainee

NFD = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731


def messy_roster(path, rows=None, *, extra_sheet=True):
    """A roster as a commune sends it: title rows with merged cells, a column-number row, blank
    rows inside the table, NFD text, dates in every form, an extra column, a second sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = "DS lớp"
    ws["A1"] = "ĐẢNG BỘ XÃ SÍN CHÉNG"
    ws.merge_cells("A1:D1")
    ws["A2"] = "DANH SÁCH ĐỀ NGHỊ CỬ ĐI HỌC LỚP BỒI DƯỠNG NHẬN THỨC VỀ ĐẢNG"
    ws.merge_cells("A2:I2")
    ws.append([])
    ws.append(["STT", "Họ và tên", "Ngày, tháng, năm sinh", "Giới tính", "Dân tộc", "Số CCCD",
               "Chức vụ, đơn vị công tác", "Đảng viên", "Sở thích"])
    ws.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)"])
    default = [
        [1, NFD("Thào A Sử"), dt.datetime(1985, 4, 12), "Nam", "H'Mông", "010085001234", "Trưởng thôn Sín Chải", "",
         "bóng đá"],
        [2, "Giàng Thị Mỷ", "05/03/1990", "Nữ", "Mông", 10190001235, "Hội viên phụ nữ", "x", ""],
        [],
        [3, "Lù Văn Páo", 1979, "Nam", "Nùng", "", "Công an viên", "x", ""],
        [4, "Vàng Seo Chứ", "05-11-1988", "Nam", "Mông", "", "Thôn đội trưởng", "", ""],
    ]
    for values in rows if rows is not None else default:
        ws.append(values)
    if extra_sheet:
        wb.create_sheet("Ghi chú")["A1"] = "Danh sách do UBND xã lập"
    wb.save(path)
    return path


@pytest.fixture
def course(session):
    return add_course(CourseInput("NTVD-2026-03", "NTVD", "Bồi dưỡng nhận thức về Đảng khóa III năm 2026",
                                  "07/12/2026", "11/12/2026"))


def test_preview_marks_every_row_and_writes_nothing(course, tmp_path):
    preview = preview_roster(messy_roster(tmp_path / "ds.xlsx"), course.code)
    assert [r.line() for r in preview.rows] == [
        "row 5: skipped: column numbers",  # the "(1) (2) (3)" row under the header: reported, not read
        "row 6: new Thào A Sử (12/04/1985)", "row 7: new Giàng Thị Mỷ (05/03/1990)", "row 9: new Lù Văn Páo (1979)",
        "row 10: new Vàng Seo Chứ (05/11/1988)"]
    assert Trainee.select().count() == 0
    first = preview.rows[1]
    assert first.name == "Thào A Sử" and unicodedata.is_normalized("NFC", first.name)


def test_commit_writes_trainees_and_enrollments(course, tmp_path):
    preview = preview_roster(messy_roster(tmp_path / "ds.xlsx"), course.code)
    result = commit_roster(preview)
    assert (result.created, result.enrolled) == (4, 4)
    mỷ = Trainee.get(Trainee.full_name == "Giàng Thị Mỷ")
    assert (mỷ.birth_date, mỷ.gender, mỷ.party_member, mỷ.citizen_id) == (
        dt.date(1990, 3, 5), "F", True, "010190001235")  # leading zero restored
    páo = Trainee.get(Trainee.full_name == "Lù Văn Páo")
    assert (páo.birth_date, páo.birth_year, páo.ethnic_group.name) == (None, 1979, "Nùng")
    assert Trainee.get(Trainee.full_name == "Vàng Seo Chứ").birth_date == dt.date(1988, 11, 5)
    assert Enrollment.select().where(Enrollment.course == course.id).count() == 4


def test_existing_trainee_and_duplicate_inside_the_file(course, tmp_path):
    add_trainee(TraineeInput("Thào A Sử", "12/04/1985", "Nam", "Mông", "010085001234"))
    rows = [
        [1, "Thào A Sử", "12/04/1985", "Nam", "Mông", "010085001234", "", "", ""],
        [2, "Lù Văn Páo", "1979", "Nam", "Nùng", "", "", "", ""],
        [3, "LÙ VĂN PÁO", 1979, "Nam", "Nùng", "", "", "", ""],
    ]
    preview = preview_roster(messy_roster(tmp_path / "ds.xlsx", rows), course.code)
    assert [r.line() for r in preview.rows] == ["row 5: skipped: column numbers",
                                                "row 6: existing Thào A Sử (12/04/1985)",
                                                "row 7: new Lù Văn Páo (1979)", "row 8: duplicate of row 7"]
    commit_roster(preview)
    assert Trainee.select().count() == 2 and Enrollment.select().count() == 2


@pytest.mark.parametrize("row, reason", [
    ([1, "Thào A Sử", "30/02/1985", "Nam", "Mông", "", "", "", ""], "không có thật"),
    ([1, "Thào A Sử", "12/04/1985", "Nam", "Mông", "0100850012", "", "", ""], "12 chữ số"),
    ([1, "", "12/04/1985", "Nam", "Mông", "", "", "", ""], "Cần nhập họ và tên"),
    ([1, "Thào A Sử", "12/04/1985", "Nam", "Mông", "010086001234", "", "", ""], "không khớp năm sinh"),
])
def test_error_rows_name_the_reason(course, tmp_path, row, reason):
    preview = preview_roster(messy_roster(tmp_path / "ds.xlsx", [row]), course.code)
    column_numbers, only = preview.rows  # the "(1) (2) (3)" row under the header is reported, not read
    assert column_numbers.line() == "row 5: skipped: column numbers"
    assert only.status == "error" and reason in only.reason


def test_one_bad_row_writes_nothing_until_skipped(course, tmp_path):
    rows = [[1, "Thào A Sử", "12/04/1985", "Nam", "Mông", "", "", "", ""],
            [2, "Giàng Seo Pao", "31/02/1990", "Nam", "Mông", "", "", "", ""]]
    preview = preview_roster(messy_roster(tmp_path / "ds.xlsx", rows), course.code)
    with pytest.raises(ValidationError, match="1 dòng lỗi"):
        commit_roster(preview)
    assert Trainee.select().count() == 0 and Enrollment.select().count() == 0
    result = commit_roster(preview, skip_errors=True)
    assert (result.created, result.skipped_errors) == (1, 1)


def test_split_name_columns_and_title_rows(course, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["HUYỆN ỦY SI MA CAI"])
    ws.append(["Danh sách học viên"])
    ws.append(["TT", "Họ và tên đệm", "Tên", "Năm sinh", "Dân tộc"])
    ws.append([1, "Sùng Seo", "Dơ", 1990, "Mông"])
    wb.save(tmp_path / "split.xlsx")
    preview = preview_roster(tmp_path / "split.xlsx", course.code)
    assert [(r.line(), r.name) for r in preview.rows] == [("row 4: new Sùng Seo Dơ (1990)", "Sùng Seo Dơ")]


def test_not_a_workbook_is_a_clear_error(course, tmp_path):
    junk = tmp_path / "ds.xlsx"
    junk.write_text("Họ và tên;Ngày sinh\n")
    with pytest.raises(ValidationError, match="không phải tệp Excel"):
        preview_roster(junk, course.code)
    zipped = tmp_path / "zip.xlsx"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("hello.txt", "x")
    with pytest.raises(ValidationError, match="không phải bảng tính"):
        preview_roster(zipped, course.code)


def test_a_folder_chosen_instead_of_the_roster_is_said_as_a_folder(course, tmp_path):
    folder = tmp_path / "Danh sách xã"
    folder.mkdir()
    with pytest.raises(ValidationError, match="là một thư mục, không phải tệp"):
        preview_roster(folder, course.code)
    with pytest.raises(ValidationError, match="Không tìm thấy tệp"):
        preview_roster(tmp_path / "không có.xlsx", course.code)


def test_a_cccd_typed_with_excel_s_text_apostrophe_is_the_number_and_matches_the_person(course, tmp_path):
    add_trainee(TraineeInput(full_name="Thào A Sử", birth="12/04/1985", gender="Nam", ethnic_group="Mông",
                             citizen_id="010085001234"))
    rows = [[1, "Thào A Sử", "12/04/1985", "Nam", "Mông", "'010085001234", "Trưởng thôn", "", ""],
            [2, "Giàng Thị Mỷ", "05/03/1990", "Nữ", "Mông", "'010190001235", "Hội viên", "x", ""],
            [3, "Lù Văn Páo", 1979, "Nam", "Nùng", "'012345678", "Công an viên", "x", ""]]
    preview = preview_roster(messy_roster(tmp_path / "ds.xlsx", rows), course.code)
    assert [r.line() for r in preview.rows][1:] == [
        "row 6: existing Thào A Sử (12/04/1985)", "row 7: new Giàng Thị Mỷ (05/03/1990)",
        "row 8: new Lù Văn Páo (1979)"]
    commit_roster(preview)
    assert {t.full_name: (t.citizen_id, t.old_id_number) for t in Trainee.select()} == {
        "Thào A Sử": ("010085001234", None), "Giàng Thị Mỷ": ("010190001235", None), "Lù Văn Páo": (None, "012345678")}


def test_cli_import_roster_dry_run_and_skip_errors(db_path, tmp_path, capsys):
    with open_session(db_path):
        add_course(CourseInput("NTVD-2026-03", "NTVD", "Khóa III", "07/12/2026", "11/12/2026"))
    rows = [[1, "Thào A Sử", "12/04/1985", "Nam", "Mông", "", "", "", ""],
            [2, "Giàng Seo Pao", "31/02/1990", "Nam", "Mông", "", "", "", ""]]
    path = messy_roster(tmp_path / "ds.xlsx", rows)
    args = ["--db", str(db_path), "import", "roster", str(path), "--course", "NTVD-2026-03"]
    assert main(args) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == ["row 5: skipped: column numbers", "row 6: new Thào A Sử (12/04/1985)",
                                         "row 7: error: Ngày không có thật: 31/02/1990 (ngày/tháng/năm)"]
    assert "Không đọc cột \u201cSở thích\u201d (không phải cột của danh sách)." in captured.err.splitlines()
    assert main([*args, "--dry-run", "--skip-errors"]) == 0
    with open_session(db_path, backup_on_start=False):
        assert Trainee.select().count() == 0
    assert main([*args, "--skip-errors"]) == 0
    with open_session(db_path, backup_on_start=False):
        assert [t.full_name for t in Trainee.select()] == ["Thào A Sử"]


def test_cli_refuses_a_roster_without_any_trainee_row(db_path, tmp_path, capsys):
    # The template handed out and sent back unfilled: no row to import. Refused, nothing written (it
    # used to "import" zero people: a backup, and an audit line "ghi danh 0 học viên").
    from app.exchange.roster_template import write_roster_template
    from app.store.models import AuditEntry

    with open_session(db_path):
        add_course(CourseInput("NTVD-2026-03", "NTVD", "Khóa III", "07/12/2026", "11/12/2026"))
        audited = AuditEntry.select().count()
    path = write_roster_template(tmp_path)
    assert main(["--db", str(db_path), "import", "roster", str(path), "--course", "NTVD-2026-03"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert ("danh sách không có dòng học viên nào dưới dòng tiêu đề (trang \"Danh sách\", dòng 4); "
            "chưa ghi gì vào cơ sở dữ liệu.") in captured.err
    with open_session(db_path, backup_on_start=False):
        assert Enrollment.select().count() == 0 and AuditEntry.select().count() == audited


def test_a_second_column_of_the_same_field_fills_what_the_first_leaves_blank(course, tmp_path):
    # "Ngày sinh" and "Năm sinh" side by side, "Đơn vị" and "Cơ quan": the second column used to be
    # passed over, and a birth year or a unit written only there was lost without a word. Two births
    # that disagree are the clerk's to settle.
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", "Ngày sinh", "Năm sinh", "Giới tính", "Đơn vị", "Cơ quan"])
    ws.append([1, "Lò Văn Páo", None, 1980, "Nam", None, "Xã Bản Mế"])
    ws.append([2, "Giàng Thị Mỷ", "05/03/1990", 1990, "Nữ", "Thôn Sín Chải", "Xã Sín Chéng"])
    ws.append([3, "Vàng Seo Chứ", "05/11/1988", 1987, "Nam", None, None])
    wb.save(tmp_path / "ds.xlsx")
    preview = preview_roster(tmp_path / "ds.xlsx", course.code)
    assert [(r.line(), r.unit) for r in preview.rows[:2]] == [
        ("row 2: new Lò Văn Páo (1980)", "Xã Bản Mế"), ("row 3: new Giàng Thị Mỷ (05/03/1990)", "Thôn Sín Chải")]
    assert preview.rows[2].line() == ("row 4: error: cột \"Ngày sinh\" ghi 05/11/1988 nhưng cột \"Năm sinh\" ghi 1987: "
                                      "hãy sửa cho khớp")


def test_a_name_header_merged_over_two_columns_reads_both(course, tmp_path):
    # "Họ và tên" merged over two columns, the family and middle names in the first, the given name
    # in the second, with no sub-header: only the first column was read, every name cut to "Nguyễn Văn".
    for two_rows in (False, True):
        wb = Workbook()
        ws = wb.active
        if two_rows:  # the header on two rows: "Năm sinh" over "Nam" | "Nữ", the name merged down and across
            ws.append(["STT", "Họ và tên", None, "Năm sinh", None])
            ws.append([None, None, None, "Nam", "Nữ"])
            ws.merge_cells("A1:A2")
            ws.merge_cells("B1:C2")
            ws.merge_cells("D1:E1")
            ws.append([1, "Nguyễn Văn", "An", 1980, None])
            ws.append([2, "Lò Thị", "Bình", None, 1981])
            ws.append([3, "Sùng Seo Dơ", None, 1982, None])  # the whole name in the first column: kept whole
        else:
            ws.append(["STT", "Họ và tên", None, "Năm sinh", "Giới tính"])
            ws.merge_cells("B1:C1")
            ws.append([1, "Nguyễn Văn", "An", 1980, "Nam"])
            ws.append([2, "Lò Thị", "Bình", 1981, "Nữ"])
            ws.append([3, "Sùng Seo Dơ", None, 1982, "Nam"])
            ws.append([4, "Lê Thị Thu", "Thu", 1983, "Nữ"])  # a name that repeats its last word
        wb.save(tmp_path / "ds.xlsx")
        preview = preview_roster(tmp_path / "ds.xlsx", course.code)
        names = ["Nguyễn Văn An", "Lò Thị Bình", "Sùng Seo Dơ"] + ([] if two_rows else ["Lê Thị Thu Thu"])
        assert [r.name for r in preview.rows] == names, two_rows
        assert [r.values["gender"] for r in preview.rows] == ["M", "F", "M", "F"][:len(names)]


def test_a_whole_name_column_with_the_given_name_again_to_sort_by_is_read_once(course, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", None, "Năm sinh"])
    ws.merge_cells("B1:C1")
    ws.append([1, "Hoàng Văn Sử", "Sử", 1983])
    ws.append([2, "Giàng Thị Mỷ", "Mỷ", 1990])
    wb.save(tmp_path / "ds.xlsx")
    preview = preview_roster(tmp_path / "ds.xlsx", course.code)
    assert [r.name for r in preview.rows] == ["Hoàng Văn Sử", "Giàng Thị Mỷ"]


def test_a_small_number_in_the_birth_column_is_not_a_day_of_1900(course, tmp_path):
    # 45 (an age typed for a birth) was read as Excel's day 45: born 13/02/1900, accepted. Excel's
    # day numbers of a living trainee's birth are above 10,000 (1927).
    wb = Workbook()
    ws = wb.active
    ws.append(["Họ và tên", "Ngày sinh", "Giới tính"])
    ws.append(["Lò Văn Páo", 45, "Nam"])
    ws.append(["Giàng Thị Mỷ", 32937, "Nữ"])  # 05/03/1990, a date cell without its format
    wb.save(tmp_path / "ds.xlsx")
    preview = preview_roster(tmp_path / "ds.xlsx", course.code)
    assert [r.line() for r in preview.rows] == [
        "row 2: error: Không hiểu ngày \"45\": hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/02/2025",
        "row 3: new Giàng Thị Mỷ (05/03/1990)"]


def test_a_child_is_no_trainee(course, tmp_path):
    # "05/3/2018" (the class's date in the birth column, or 1988 mistyped) made a seven-year-old
    # trainee. Under 15 when the class starts (07/12/2026), the row is refused.
    rows = [[1, "Thào A Sử", "05/3/2018", "Nam", "Mông", "", "", "", ""],
            [2, "Lù Văn Páo", "2012", "Nam", "Nùng", "", "", "", ""],
            [3, "Vàng Seo Chứ", "07/12/2011", "Nam", "Mông", "", "", "", ""]]  # 15 on the first day
    preview = preview_roster(messy_roster(tmp_path / "ds.xlsx", rows), course.code)
    assert [r.line() for r in preview.rows[1:]] == [
        "row 6: error: sinh 05/03/2018, chưa đủ 15 tuổi khi lớp khai giảng 07/12/2026: hãy kiểm tra lại ngày sinh",
        "row 7: error: sinh 2012, chưa đủ 15 tuổi khi lớp khai giảng 07/12/2026: hãy kiểm tra lại ngày sinh",
        "row 8: new Vàng Seo Chứ (07/12/2011)"]


@pytest.mark.parametrize("header, row, expected", [
    # notes in brackets after a title: the whole header was not found
    (["STT", "Họ và tên (chữ in hoa)", "Ngày sinh (ngày/tháng/năm)", "Giới tính (Nam/Nữ)", "Số CCCD (12 số)",
      "Đảng viên (x)"], [1, "NGUYỄN VĂN AN", "05/03/1980", "Nam", "001080012345", "x"],
     ("Nguyễn Văn An", dt.date(1980, 3, 5), 1980, "M", "001080012345", True, "")),
    # "Sinh năm", "… hiện nay": the birth and the unit were dropped without a word
    (["TT", "Họ và tên học viên", "Sinh năm", "Nam/Nữ", "Đơn vị công tác hiện nay", "Chức vụ hiện nay"],
     [1, "NGUYỄN VĂN AN", "1980", "Nam", "Xã A", "Bí thư"], ("Nguyễn Văn An", None, 1980, "M", None, False, "Xã A")),
    # the birth year under "Năm sinh Nam" or "Năm sinh Nữ" on one header row: birth and gender were dropped
    (["Số TT", "Họ, tên", "Năm sinh Nam", "Năm sinh Nữ", "Dân tộc", "Nơi công tác"],
     [1, "Lò Thị Bình", None, "1981", "Kinh", "Xã A"], ("Lò Thị Bình", None, 1981, "F", None, False, "Xã A")),
])
def test_header_titles_with_notes_or_other_wording_are_read(course, tmp_path, header, row, expected):
    wb = Workbook()
    wb.active.append(header)
    wb.active.append(row)
    wb.save(tmp_path / "ds.xlsx")
    (only,) = preview_roster(tmp_path / "ds.xlsx", course.code).rows
    v = only.values
    assert (only.name, v["birth_date"], v["birth_year"], v["gender"], v["citizen_id"], v["party_member"],
            only.unit) == expected, only.reason
