"""Spreadsheets saved by LibreOffice (.xls and .ods, committed under tests/fixtures by
make_office_files.py) read exactly as the .xlsx they were converted from: old records and rosters.

calamine reads every number of an .ods as a float and dates as dates; LibreOffice ends each .ods
sheet with an empty row repeated to row 1,048,576. Neither may change what is imported.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.exchange import open_sheets, read_roster
from app.services import history_import as hi
from app.services.roster_import import ERROR, NEW, commit_roster, preview_roster
from app.store.models import Certificate, CertificateCounter, Course, Enrollment, Trainee
from tests.fixtures.make_office_files import NUMBER_CCCD_ROW, roster_grid
from tests.fixtures.old_records import DO_CCCD, PAO_CCCD
from tests.unit.test_roster_reader_layouts import assert_reads

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TODAY = dt.date(2026, 12, 1)
KINDS = ("xlsx", "xls", "ods")


@pytest.fixture
def course(session):
    from app.services.courses import CourseInput, add_course

    return add_course(CourseInput("NTVD-2026-03", "NTVD", "Bồi dưỡng nhận thức về Đảng khóa III năm 2026",
                                  "07/12/2026", "11/12/2026"))


def _imported(kind: str) -> hi.HistoryPreview:
    preview = hi.preview_history(FIXTURES / f"old_records.{kind}", today=TODAY)
    assert preview.problems == [] and preview.open_questions == 0
    return preview


@pytest.mark.parametrize("kind", KINDS)
def test_old_records_from_each_format_give_the_same_term(session, kind):
    from app.outputs.reports import build_report

    preview = _imported(kind)
    assert preview.people() == (5, 0)
    assert [(c.code, c.program_code, c.start, c.end, c.trainees, c.certificates) for c in preview.classes] == [
        ("NTVD-2016-01", "NTVD", dt.date(2016, 3, 7), dt.date(2016, 3, 11), 3, 2),
        ("DVM-2018-01", "DVM", dt.date(2018, 6, 4), dt.date(2018, 6, 15), 2, 2),
        ("NQ-2019-01", "NQ", dt.date(2019, 9, 10), dt.date(2019, 9, 11), 2, 0)]
    # A number cell 13 with the issue date of 2016 is 0013/2016, never "13.0".
    assert [c.number_text for c in preview.certificates] == ["0012/2016", "0013/2016", "0040/2018", "0041/2018"]
    result = hi.commit_history(preview, today=TODAY)
    assert (result.classes, result.trainees_created, result.enrolments, result.certificates) == (3, 5, 7, 4)
    people = {(t.full_name, t.birth_date, t.birth_year, t.gender, t.citizen_id) for t in Trainee.select()}
    assert people == {("Lù Văn Páo", dt.date(1980, 3, 12), 1980, "M", PAO_CCCD),
                      ("Giàng Thị Mai", None, 1985, "F", None),
                      ("Nguyễn Văn An", dt.date(1990, 2, 2), 1990, "M", None),
                      ("Vàng Thị Dợ", dt.date(1992, 5, 5), 1992, "F", DO_CCCD),
                      ("Hoàng Văn Sử", None, 1970, "M", None)}
    scores = sorted(Decimal(str(e.score)) for e in Enrollment.select() if e.score is not None)
    assert scores == [Decimal("6.5"), 7, 8, 9]
    assert sorted((c.year, c.number) for c in Certificate.select()) == [(2016, 12), (2016, 13), (2018, 40),
                                                                        (2018, 41)]
    assert {c.year: c.last_number for c in CertificateCounter.select()} == {2016: 13, 2018: 41}
    assert Course.select().count() == 3

    data = build_report("results", dt.date(2015, 1, 1), dt.date(2020, 12, 31))
    by_program = {row[0]: row[2:] for row in data.csv_rows}
    # classes, enrolments, women, ethnic minority, party members, completed, certificates
    assert by_program["NTVD"] == (1, 3, 1, 2, 0, 3, 2)
    assert by_program["DVM"] == (1, 2, 1, 2, 2, 2, 2)
    assert by_program["NQ"] == (1, 2, 0, 1, 2, 2, 0)


def test_the_three_formats_read_cell_for_cell_alike():
    """Whole numbers are ints (13, not 13.0), texts keep their leading zeros, and the merged title
    row of each sheet is known in every format."""
    books = {kind: list(open_sheets(FIXTURES / f"old_records.{kind}")) for kind in KINDS}

    def plain(value: object) -> object:
        return value.date() if isinstance(value, dt.datetime) else value

    for kind in ("xls", "ods"):
        assert [s.name for s in books[kind]] == [s.name for s in books["xlsx"]]
        for ours, theirs in zip(books[kind], books["xlsx"], strict=True):
            assert [[plain(v) for v in row] for row in ours.rows] == [[plain(v) for v in row] for row in theirs.rows]
            assert [[type(v) for v in row if not isinstance(v, dt.date)] for row in ours.rows] == [
                [type(v) for v in row if not isinstance(v, dt.date)] for row in theirs.rows]
            assert ours.merged == theirs.merged == [(1, 1, 1, len(theirs.rows[1]))]
    registry = books["ods"][2].rows
    assert registry[3][0] == 13 and isinstance(registry[3][0], int)
    assert PAO_CCCD in books["ods"][1].rows[2]


@pytest.mark.parametrize("kind", ("xls", "ods"))
def test_a_roster_saved_by_libreoffice_reads_as_written(kind):
    """Sections, a unit merged down, a hidden and a struck-through row, totals and the signature block."""
    _grid, expected = roster_grid()
    sheet = read_roster(FIXTURES / f"roster_lo.{kind}")
    assert sheet.formatting_known
    assert_reads(sheet, expected)
    # The CCCD typed in a number cell is a whole number, not 10166100004.0.
    assert {r.row: r.values.get("citizen_id") for r in sheet.rows}[NUMBER_CCCD_ROW] == 10166100004


@pytest.mark.parametrize("kind", ("xls", "ods"))
def test_a_libreoffice_roster_imports_with_the_lost_zero_checked_and_put_back(course, kind):
    preview = preview_roster(FIXTURES / f"roster_lo.{kind}", course.code)
    trainees = [r for r in preview.rows if r.status in (NEW, ERROR)]
    assert [r.status for r in trainees] == [NEW] * 5
    commit_roster(preview)
    grid, _expected = roster_grid()
    name = grid.rows[NUMBER_CCCD_ROW - 1][1]
    # Its birth year (66) and sex digit (1: a woman born in the 1900s) agree with the row: the zero is sure.
    assert Trainee.get(Trainee.full_name == name).citizen_id == "010166100004"
    assert Enrollment.select().where(Enrollment.course == course.id).count() == 5


def _roster_with_number_cccd(path: Path, rows: list[tuple]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD"])
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def test_a_cccd_that_lost_its_zero_is_refused_when_the_row_cannot_confirm_it(course, tmp_path):
    path = _roster_with_number_cccd(tmp_path / "ds.xlsx", [
        (1, "Lù Văn Páo", "12/03/1980", "Nam", 10080001234),  # 0 put back: 010 0 80 … agrees with the row
        (2, "Giàng Seo Chớ", "1985", None, 10085001235),  # no gender: the number cannot be checked
        (3, "Vàng Thị Dợ", "05/05/1992", "Nữ", 10080001236),  # the year in the number says 1980
        (4, "Hoàng Văn Sử", "1970", "Nam", 1070001237),  # two zeros lost (province 001): put back, checked
    ])
    rows = {r.row: r for r in preview_roster(path, course.code).rows}
    assert (rows[2].status, rows[5].status) == (NEW, NEW)
    assert rows[3].status == ERROR and rows[3].reason == (
        "Số CCCD 10085001235 nằm trong ô kiểu số nên đã mất số 0 ở đầu; dòng này không có đủ ngày sinh và giới "
        "tính để đối chiếu. Hãy định dạng cột CCCD là văn bản (Text), gõ lại đủ 12 chữ số rồi nhập lại")
    assert rows[4].status == ERROR and "Hai chữ số năm sinh trong CCCD (80) không khớp năm sinh 1992" in rows[4].reason
    commit_roster(preview_roster(path, course.code), skip_errors=True)
    assert {t.full_name: t.citizen_id for t in Trainee.select()} == {"Lù Văn Páo": "010080001234",
                                                                     "Hoàng Văn Sử": "001070001237"}


def test_old_records_with_an_unconfirmable_cccd_write_nothing(session, tmp_path):
    from tests.fixtures.old_records import OLD_CLASSES, OLD_REGISTRY, OLD_ROSTER, make_workbook

    roster = [*OLD_ROSTER]
    roster[1] = (*roster[1][:4], "", roster[1][5], 10085001235, *roster[1][7:])  # Giàng Thị Mai, no gender
    preview = hi.preview_history(make_workbook(tmp_path / "ho-so.xlsx", classes=OLD_CLASSES, roster=roster,
                                               registry=OLD_REGISTRY), today=TODAY)
    assert [p.text() for p in preview.problems if "CCCD" in p.text()] == [
        "Trang \"Học viên\", dòng 4: Số CCCD 10085001235 nằm trong ô kiểu số nên đã mất số 0 ở đầu; dòng này "
        "không có đủ ngày sinh và giới tính để đối chiếu. Hãy định dạng cột CCCD là văn bản (Text), gõ lại đủ 12 "
        "chữ số rồi nhập lại"]
    with pytest.raises(Exception, match="chưa ghi gì"):
        hi.commit_history(preview, today=TODAY)
    assert Trainee.select().count() == Course.select().count() == 0


def test_the_command_line_previews_each_format_alike(session, capsys):
    from app.cli import main

    db = session.url or str(session.path)
    session.close()
    outputs = {}
    for kind in KINDS:
        assert main(["--db", db, "import", "history", str(FIXTURES / f"old_records.{kind}"), "--dry-run"]) == 0
        outputs[kind] = capsys.readouterr().out
    assert "class NTVD-2016-01: 3 trainees, 2 certificates" in outputs["xlsx"]
    assert "people: 5 new, 0 on file; certificates: 4" in outputs["xlsx"]
    assert outputs["xls"] == outputs["ods"] == outputs["xlsx"]


def test_the_command_line_imports_a_libreoffice_roster(session, course, capsys):
    """``import roster`` takes the .xls and .ods a commune saved with LibreOffice, as its help says."""
    from app.cli import main

    db = session.url or str(session.path)
    code = course.code
    session.close()
    outputs = {}
    for kind in ("xls", "ods"):
        assert main(["--db", db, "import", "roster", "--course", code, "--dry-run",
                     str(FIXTURES / f"roster_lo.{kind}")]) == 0
        outputs[kind] = capsys.readouterr().out
    assert outputs["xls"] == outputs["ods"] and outputs["ods"].count(": new ") == 5
    assert main(["--db", db, "import", "roster", "--course", code, str(FIXTURES / "roster_lo.ods")]) == 0
    capsys.readouterr()
    assert main(["--db", db, "trainees", "--course", code]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 5
