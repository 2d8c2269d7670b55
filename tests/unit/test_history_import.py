"""Nhập hồ sơ cũ: a decade of classes, rosters and the certificate registry, written all or nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.errors import ValidationError
from app.exchange.history_workbook import read_history_workbook
from app.services import history_import as hi
from app.store.models import Certificate, CertificateCounter, Course, Enrollment, Trainee
from tests.fixtures.old_records import CLASSES, REGISTRY, ROSTER, make_workbook

TODAY = dt.date(2026, 12, 1)


def test_template_is_read_back_as_three_kinds_of_sheet(tmp_path):
    book = read_history_workbook(make_workbook(tmp_path / "ho-so.xlsx"))
    assert [c.values["code"] for c in book.classes] == [c[0] for c in CLASSES]
    assert sum(len(p.table.rows) for p in book.rosters) == len(ROSTER)
    assert [r.values["number"] for r in book.registry] == [r[0] for r in REGISTRY]


def test_importing_into_an_empty_database_gives_the_term_report_its_numbers(session, tmp_path):
    from app.outputs.reports import build_report

    preview = hi.preview_history(make_workbook(tmp_path / "ho-so.xlsx"), today=TODAY)
    assert preview.problems == []
    assert preview.open_questions == 0
    assert preview.people() == (5, 0)  # Lù Văn Páo and Nguyễn Văn An each attended two classes
    backups = []
    result = hi.commit_history(preview, backup=lambda: backups.append(1), today=TODAY)
    assert backups == [1]
    assert (result.classes, result.trainees_created, result.enrolments, result.certificates) == (3, 5, 7, 4)
    assert Trainee.select().count() == 5
    pao = Trainee.get(Trainee.full_name == "Lù Văn Páo")
    assert Enrollment.select().where(Enrollment.trainee == pao.id).count() == 2
    # Numbers kept exactly; the counters moved past the highest of each year.
    assert sorted((c.year, c.number) for c in Certificate.select()) == [(2016, 12), (2016, 13), (2018, 40), (2018, 41)]
    assert {c.year: c.last_number for c in CertificateCounter.select()} == {2016: 13, 2018: 41}
    assert {c.code: c.status for c in Course.select()} == dict.fromkeys((c[0] for c in CLASSES), "finished")
    an = Enrollment.select().join(Trainee).where(Trainee.full_name == "Nguyễn Văn An").join_from(
        Enrollment, Course).where(Course.code == "NTVD-2016-01").get()
    assert an.result_code == "K" and an.completed

    data = build_report("results", dt.date(2015, 1, 1), dt.date(2020, 12, 31))
    by_program = {row[0]: row for row in data.csv_rows}
    # program code, name, classes, enrolments, women, ethnic minority, party members, completed, certificates
    assert by_program["NTVD"][2:] == (1, 3, 1, 2, 0, 3, 2)
    assert by_program["DVM"][2:] == (1, 2, 1, 2, 2, 2, 2)
    assert by_program["NQ"][2:] == (1, 2, 0, 1, 2, 2, 0)


def test_one_sheet_per_class_named_by_its_code(session, tmp_path):
    preview = hi.preview_history(make_workbook(tmp_path / "ho-so.xlsx", long_sheet=False), today=TODAY)
    assert preview.problems == []
    assert [(c.code, c.trainees, c.certificates) for c in preview.classes] == [
        ("NTVD-2016-01", 3, 2), ("DVM-2018-01", 2, 2), ("NQ-2019-01", 2, 0)]


def test_cli_dry_run_writes_nothing_and_the_real_run_writes_all(session, tmp_path, capsys):
    from app.cli import main

    path = make_workbook(tmp_path / "ho-so.xlsx")
    db = session.url or str(session.path)  # a file, or the test server's URL
    session.close()
    assert main(["--db", db, "import", "history", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "class NTVD-2016-01: 3 trainees, 2 certificates" in out
    from app.services.session import open_session

    with open_session(db, backup_on_start=False):
        assert Course.select().count() == 0
    assert main(["--db", db, "import", "history", str(path)]) == 0
    with open_session(db, backup_on_start=False):
        assert Course.select().count() == 3 and Certificate.select().count() == 4


def _problems(session, tmp_path, **changes) -> list[str]:
    preview = hi.preview_history(make_workbook(tmp_path / "ho-so.xlsx", **changes), today=TODAY)
    with pytest.raises(ValidationError, match="chưa ghi gì"):
        hi.commit_history(preview, today=TODAY)
    assert Course.select().count() == Trainee.select().count() == Certificate.select().count() == 0
    return [p.text() for p in preview.problems]


def test_a_bad_date_is_named_and_nothing_is_written(session, tmp_path):
    classes = [CLASSES[0], (*CLASSES[1][:3], "31/02/2018", *CLASSES[1][4:]), CLASSES[2]]
    problems = _problems(session, tmp_path, classes=classes)
    assert any("Trang \"Lớp học\", dòng 4" in p and "Ngày không có thật: 31/02/2018" in p for p in problems)


def test_an_unknown_program_is_named(session, tmp_path):
    classes = [(CLASSES[0][0], "XYZ", *CLASSES[0][2:]), *CLASSES[1:]]
    problems = _problems(session, tmp_path, classes=classes)
    assert any("chương trình \"XYZ\" không có trong danh mục" in p for p in problems)


def test_a_number_twice_in_the_file_is_an_error(session, tmp_path):
    registry = [*REGISTRY[:3], ("0040/2018", *REGISTRY[3][1:])]
    problems = _problems(session, tmp_path, registry=registry)
    assert any("Sổ cấp GCN\", dòng 6" in p and "số GCN 0040/2018 đã ghi ở trang \"Sổ cấp GCN\", dòng 5" in p
               for p in problems)


def test_a_number_already_in_the_database_is_an_error(session, tmp_path):
    first = [REGISTRY[0]]
    hi.commit_history(hi.preview_history(make_workbook(
        tmp_path / "a.xlsx", classes=CLASSES[:1], roster=ROSTER[:3], registry=first), today=TODAY), today=TODAY)
    classes = [("NTVD-2016-02", *CLASSES[0][1:])]
    roster = [(1, "NTVD-2016-02", *ROSTER[4][2:])]
    registry = [("0012/2016", "Vàng Thị Dợ", "05/05/1992", "NTVD-2016-02", "20/03/2016", "")]
    preview = hi.preview_history(make_workbook(tmp_path / "b.xlsx", classes=classes, roster=roster,
                                               registry=registry), today=TODAY)
    assert [p.message for p in preview.problems] == ["số GCN 0012/2016 đã có trong cơ sở dữ liệu"]
    with pytest.raises(ValidationError):
        hi.commit_history(preview, today=TODAY)
    assert Course.select().count() == 1


def test_a_class_without_a_roster_is_an_error(session, tmp_path):
    roster = [r for r in ROSTER if r[1] != "NQ-2019-01"]
    problems = _problems(session, tmp_path, roster=roster)
    assert any("lớp NQ-2019-01 không có danh sách học viên" in p for p in problems)


def test_a_namesake_known_only_by_year_is_a_question_never_a_guess(session, tmp_path):
    roster = [*ROSTER, (3, "NQ-2019-01", "Giàng Thị Mai", "1985", "Nữ", "Mông", "", "", "Xã Bản Mế", "", "", "", "")]
    preview = hi.preview_history(make_workbook(tmp_path / "ho-so.xlsx", roster=roster), today=TODAY)
    assert preview.problems == [] and preview.open_questions == 1
    with pytest.raises(ValidationError, match="chưa rõ là ai"):
        hi.commit_history(preview, today=TODAY)
    question = next(r for r in preview.rows if r.open_question)
    assert [c.key for c in question.choices] == ["f:1"]  # Giàng Thị Mai of NTVD-2016-01
    preview.choose(question.index, "f:1")
    hi.commit_history(preview, today=TODAY)
    assert Trainee.select().where(Trainee.full_name == "Giàng Thị Mai").count() == 1


def test_a_person_on_file_is_matched_by_the_roster_rules(session, tmp_path):
    from app.services.trainees import TraineeInput, add_trainee

    add_trainee(TraineeInput(full_name="Hoàng Văn Sử", birth="1970", unit="Xã Sán Chải"))
    preview = hi.preview_history(make_workbook(tmp_path / "ho-so.xlsx"), today=TODAY)
    assert preview.problems == []
    row = next(r for r in preview.rows if r.name == "Hoàng Văn Sử")
    # A year on both sides and the same name: the rules call it a question, not the same person.
    assert row.status == "ambiguous" and row.choices[0].key.startswith("t:")
    preview.choose(row.index, row.choices[0].key)
    assert preview.people() == (4, 1)
    hi.commit_history(preview, today=TODAY)
    assert Trainee.select().where(Trainee.full_name == "Hoàng Văn Sử").count() == 1


def test_a_class_code_given_twice_is_one_error_not_a_cascade(session, tmp_path):
    # The second "ntvd-2016-01" is the error; the rows and certificates of NTVD-2016-01 stay its own
    # (they used to be charged to the refused duplicate: "lớp ntvd-2016-01 có lỗi" on every row, and
    # "NTVD-2016-01 không có danh sách học viên").
    classes = [*CLASSES, ("ntvd-2016-01", "NQ", "Lớp trùng mã", "01/10/2019", "02/10/2019", "", "", "", "")]
    problems = _problems(session, tmp_path, classes=classes)
    assert problems == ["Trang \"Lớp học\", dòng 6: mã lớp ntvd-2016-01 đã ghi ở dòng 3"]


def test_totals_and_signature_under_the_class_and_registry_sheets_are_not_records(session, tmp_path):
    blank_class, blank_entry = ("",) * 9, ("",) * 6
    classes = [*CLASSES, ("Tổng cộng: 3 lớp", *blank_class[1:]),
               ("", "", "Si Ma Cai, ngày 30 tháng 12 năm 2019", *blank_class[3:]),
               ("", "", "NGƯỜI LẬP BIỂU", *blank_class[3:]), ("", "", "Nguyễn Thị Lập", *blank_class[3:])]
    registry = [*REGISTRY, ("", "Cộng: 4 giấy chứng nhận", *blank_entry[2:]),
                ("", "GIÁM ĐỐC", *blank_entry[2:]), ("", "Sùng Seo Giám", *blank_entry[2:])]
    preview = hi.preview_history(make_workbook(tmp_path / "ho-so.xlsx", classes=classes, registry=registry),
                                 today=TODAY)
    assert [p.text() for p in preview.problems] == []
    assert [c.code for c in preview.classes] == [c[0] for c in CLASSES]
    assert [c.number_text for c in preview.certificates] == [r[0] for r in REGISTRY]


def test_a_registry_without_its_issue_date_column_is_refused_not_read_as_a_roster(session, tmp_path):
    # Without "Ngày cấp" the registry used to pass for a second roster: its people asked about as
    # namesakes, or enrolled twice, and its certificates silently left out.
    from openpyxl import load_workbook

    path = make_workbook(tmp_path / "ho-so.xlsx")
    workbook = load_workbook(path)
    workbook["Sổ cấp GCN"].delete_cols(5)  # Ngày cấp
    workbook.save(path)
    with pytest.raises(ValidationError) as refused:
        hi.preview_history(path, today=TODAY)
    assert refused.value.message == ("Trang \"Sổ cấp GCN\" có cột Số GCN nhưng thiếu cột \"Ngày cấp\": sổ cấp GCN "
                                     "cần các cột Số GCN, Họ và tên, Mã lớp, Ngày cấp.")


def test_the_template_sent_back_empty_says_its_class_sheet_is_empty(session, tmp_path):
    from app.exchange.history_workbook import write_history_template

    with pytest.raises(ValidationError) as refused:
        hi.preview_history(write_history_template(tmp_path), today=TODAY)
    assert refused.value.message == ("Trang \"Lớp học\" chưa có lớp nào: hãy ghi mỗi lớp một dòng dưới dòng tiêu đề "
                                     "(Mã lớp, Chương trình, Tên lớp, Từ ngày, Đến ngày).")


def test_the_same_row_twice_in_one_class_is_an_error_not_a_question_with_no_answer(session, tmp_path):
    # Same name, same birth year, same class: the roster import calls it a duplicate. It used to be
    # a question whose only suggestion (the earlier row) the answer was then refused for.
    roster = [*ROSTER, (4, "NQ-2019-01", "HOÀNG VĂN SỬ", "1970", "Nam", "Tày", "", "", "Xã Sán Chải", "x", "", "", "")]
    problems = _problems(session, tmp_path, roster=roster)
    assert problems == ["Trang \"Học viên\", dòng 10: trùng với trang \"Học viên\", dòng 9 trong cùng lớp NQ-2019-01"]


def test_a_namesake_in_the_same_class_is_not_offered_as_the_same_person(session, tmp_path):
    # A year on one row, a full date on the other, one class: two people for the roster import, and
    # never a suggestion that the class would then hold twice.
    roster = [*ROSTER, (3, "NTVD-2016-01", "Giàng Thị Mai", "03/04/1985", "Nữ", "Mông", "", "", "Xã Bản Mế", "", 6,
                        "", "")]
    registry = [REGISTRY[0], *REGISTRY[2:]]  # "Giàng Thị Mai, 1985" would fit both
    preview = hi.preview_history(make_workbook(tmp_path / "ho-so.xlsx", roster=roster, registry=registry),
                                 today=TODAY)
    assert preview.problems == [] and preview.open_questions == 0
    assert preview.people() == (6, 0)


def test_a_certificate_of_a_row_in_error_names_that_row(session, tmp_path):
    roster = [(1, "NTVD-2016-01", "Lù Văn Páo", "12/03/1980", "Nam", "Mông", "", "", "Xã Bản Mế", "", 12, "", ""),
              *ROSTER[1:]]
    problems = _problems(session, tmp_path, roster=roster)
    assert "Trang \"Học viên\", dòng 3: Điểm phải từ 0 đến 10" in problems
    assert ("Trang \"Sổ cấp GCN\", dòng 3: dòng của Lù Văn Páo trong danh sách lớp NTVD-2016-01 (trang \"Học viên\", "
            "dòng 3) có lỗi") in problems


def test_a_class_code_merged_down_over_its_rows_applies_to_each(session, tmp_path):
    # Old files often write the class code once, in a cell merged down over the class's rows; the
    # rows under the first used to be refused as "không rõ học lớp nào".
    from openpyxl import load_workbook

    path = make_workbook(tmp_path / "ho-so.xlsx")
    workbook = load_workbook(path)
    sheet = workbook["Học viên"]
    for first, last in ((3, 5), (6, 7), (8, 9)):  # the three classes' rows; column B is Mã lớp
        for row in range(first + 1, last + 1):
            sheet.cell(row, 2).value = None
        sheet.merge_cells(f"B{first}:B{last}")
    workbook.save(path)
    preview = hi.preview_history(path, today=TODAY)
    assert preview.problems == []
    assert [(r.row, r.course_code) for r in preview.rows] == [
        (3, "NTVD-2016-01"), (4, "NTVD-2016-01"), (5, "NTVD-2016-01"), (6, "DVM-2018-01"), (7, "DVM-2018-01"),
        (8, "NQ-2019-01"), (9, "NQ-2019-01")]


def test_an_issue_date_before_the_class_or_after_today_is_named(session, tmp_path):
    # "20/03/2006" for a class of March 2016 (a slip of one digit) would have put the certificate, and
    # the number "13" without its year, into 2006; a date still to come is no certificate of the past.
    registry = [REGISTRY[0], ("13", *REGISTRY[1][1:4], "20/03/2006"), REGISTRY[2], (*REGISTRY[3][:4], "25/06/2027", "")]
    problems = _problems(session, tmp_path, registry=registry)
    assert problems == [
        "Trang \"Sổ cấp GCN\", dòng 4: ngày cấp 20/03/2006 trước ngày khai giảng 07/03/2016 của lớp NTVD-2016-01",
        "Trang \"Sổ cấp GCN\", dòng 6: ngày cấp 25/06/2027 chưa đến (hôm nay 01/12/2026)"]


def test_a_sheet_that_is_none_of_the_three_is_named_not_silently_passed_over(session, tmp_path):
    # A roster whose header the reader does not know ("Tuổi" for the birth) is no roster: its people
    # would not come in, and nothing said so unless its class had no other row.
    from openpyxl import load_workbook

    path = make_workbook(tmp_path / "ho-so.xlsx")
    workbook = load_workbook(path)
    extra = workbook.create_sheet("Bổ sung NQ")
    extra.append(["Mã lớp", "Họ và tên", "Tuổi"])
    extra.append(["NQ-2019-01", "Sùng Seo Dơ", 36])
    workbook.save(path)
    preview = hi.preview_history(path, today=TODAY)
    assert preview.problems == [] and preview.ignored_sheets == ["Bổ sung NQ"]
    assert "ignored sheet: Bổ sung NQ" in preview.lines()


def test_rows_may_name_their_class_by_its_name_instead_of_its_code(session, tmp_path):
    # Old files often name the class ("Nhận thức về Đảng khóa 1/2016") where the template asks for
    # its code: a name the class sheet gives to one class only is as sure as the code.
    from openpyxl import load_workbook

    names = {c[0]: c[2] for c in CLASSES}
    roster = [(r[0], names[r[1]].upper(), *r[2:]) for r in ROSTER]
    registry = [(*r[:3], names[r[3]], *r[4:]) for r in REGISTRY]
    path = make_workbook(tmp_path / "ho-so.xlsx", roster=roster, registry=registry)
    workbook = load_workbook(path)
    workbook["Học viên"].cell(2, 2).value = "Tên lớp"
    workbook["Sổ cấp GCN"].cell(2, 4).value = "Lớp"
    workbook.save(path)
    preview = hi.preview_history(path, today=TODAY)
    assert preview.problems == []
    assert [(c.code, c.trainees, c.certificates) for c in preview.classes] == [
        ("NTVD-2016-01", 3, 2), ("DVM-2018-01", 2, 2), ("NQ-2019-01", 2, 0)]


def test_a_long_roster_with_a_heading_per_class_reads_each_class(session, tmp_path):
    # One long sheet, no class column: each class's rows under a heading naming it ("Lớp NTVD-2016-01",
    # "II. LỚP ĐẢNG VIÊN MỚI 2018"). The heading is the class, never the people's unit.
    from openpyxl import load_workbook

    path = make_workbook(tmp_path / "ho-so.xlsx", roster=[])
    workbook = load_workbook(path)
    sheet = workbook["Học viên"]
    sheet.delete_cols(2)  # no Mã lớp column
    headings = {"NTVD-2016-01": "Lớp NTVD-2016-01", "DVM-2018-01": "II. LỚP ĐẢNG VIÊN MỚI 2018",
                "NQ-2019-01": "Mã lớp: nq-2019-01"}
    row = 3
    for code, heading in headings.items():
        sheet.cell(row, 1, heading)
        row += 1
        for values in (r for r in ROSTER if r[1] == code):
            for column, value in enumerate((v for i, v in enumerate(values) if i != 1), start=1):
                sheet.cell(row, column, value if value != "" else None)
            row += 1
    workbook.save(path)
    preview = hi.preview_history(path, today=TODAY)
    assert preview.problems == []
    assert [(c.code, c.trainees, c.certificates) for c in preview.classes] == [
        ("NTVD-2016-01", 3, 2), ("DVM-2018-01", 2, 2), ("NQ-2019-01", 2, 0)]
    hi.commit_history(preview, today=TODAY)
    assert {t.full_name: t.unit_text for t in Trainee.select()}["Hoàng Văn Sử"] == "Xã Sán Chải"
    assert not Trainee.select().where(Trainee.unit_text.contains("Lớp")).exists()


def test_a_year_alone_in_a_number_cell_is_not_read_as_an_excel_day(session, tmp_path):
    # 2016 typed in a date column's number cell used to be taken for Excel's day 2016: 08/07/1905.
    classes = [(*CLASSES[0][:3], 2016, 2016, *CLASSES[0][5:]), *CLASSES[1:]]
    registry = [(*REGISTRY[0][:4], 2016, ""), *REGISTRY[1:]]
    problems = _problems(session, tmp_path, classes=classes, registry=registry)
    assert problems == [
        "Trang \"Lớp học\", dòng 3: Từ ngày: 2016 chỉ là năm; hãy ghi đủ ngày/tháng/năm",
        "Trang \"Sổ cấp GCN\", dòng 3: Ngày cấp: 2016 chỉ là năm; hãy ghi đủ ngày/tháng/năm"]


def test_a_child_in_an_old_class_is_named(session, tmp_path):
    roster = [*ROSTER[:2], (3, "NTVD-2016-01", "Nguyễn Văn An", "02/02/2006", *ROSTER[2][4:]), *ROSTER[3:]]
    problems = _problems(session, tmp_path, roster=roster)
    assert ("Trang \"Học viên\", dòng 5: sinh 02/02/2006, chưa đủ 15 tuổi khi lớp khai giảng 07/03/2016: hãy kiểm "
            "tra lại ngày sinh") in problems


def test_sheet_titles_with_notes_in_brackets_are_read(session, tmp_path):
    from openpyxl import load_workbook

    path = make_workbook(tmp_path / "ho-so.xlsx")
    workbook = load_workbook(path)
    workbook["Lớp học"].cell(2, 4).value = "Từ ngày (ngày/tháng/năm)"
    workbook["Học viên"].cell(2, 12).value = "Kết quả (Giỏi, Khá, Trung bình)"
    workbook["Sổ cấp GCN"].cell(2, 5).value = "Ngày cấp\n(ngày/tháng/năm)"
    workbook.save(path)
    preview = hi.preview_history(path, today=TODAY)
    assert preview.problems == [] and len(preview.certificates) == 4
    an = next(r for r in preview.rows if r.name == "Nguyễn Văn An" and r.course_code == "NTVD-2016-01")
    assert an.result_code == "K"
