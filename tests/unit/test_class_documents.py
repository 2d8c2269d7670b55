"""Every class document from one set of rows, to PDF and to .xlsx, with the numbers a clerk checks."""

import datetime as dt
import io
from itertools import pairwise

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.outputs.printouts import CLASS_DOCUMENTS, class_document
from app.services.certificates import issue_certificates
from app.services.results import set_attendance, set_score
from app.services.session import open_session
from app.store.models import Enrollment, Instructor, Lesson, person_keys
from tests.pdf_helpers import pages_text
from tests.unit.test_certificates import _class


@pytest.fixture
def finished_class(session):
    from app.store import db

    course = _class(absences=(0, 0, 1))
    with db.write():
        teacher = Instructor.create(**person_keys("Vàng Seo Lử"), kind="full_time")
        Lesson.update(instructor=teacher, periods=4).execute()
    issue_certificates(course.code, today=dt.date(2026, 3, 20))
    return course


def _flat(pages: list[str]) -> str:
    return " ".join(" ".join(pages).split())


def test_attendance_sheet_counts_marks(finished_class):
    lesson = Lesson.select().first()
    enrollment = Enrollment.select().first()
    set_attendance(enrollment.id, lesson.id, "P")
    doc = class_document("attendance", finished_class.code)
    assert doc.headers[-3:] == ("Có mặt", "P", "K") and len(doc.headers) == 3 + 5 + 3
    by_name = {row[1]: row for row in doc.cells}
    assert by_name["Giàng Thị Mỷ"][-3:] == ("4", "0", "1")
    assert sum(int(row[-2]) for row in doc.cells) == 1


def test_results_table_counts_and_shares_per_band(finished_class):
    set_score(Enrollment.select().first().id, "4,5")
    doc = class_document("results", finished_class.code)
    assert [row[5] for row in doc.cells] == ["Khá", "Giỏi", "Không đạt"]
    assert "Tổng số: 3 học viên" in doc.notes[0]
    assert "Giỏi: 1 (33,3%)" in doc.notes[0] and "Không đạt: 1 (33,3%)" in doc.notes[0]


def test_timetable_total_periods(finished_class):
    doc = class_document("timetable", finished_class.code)
    assert doc.footer[4] == "20" and doc.cells[0][5] == "Vàng Seo Lử"


def test_receipt_lists_numbers(finished_class):
    doc = class_document("receipt", finished_class.code)
    assert [(r[1], r[4]) for r in doc.cells] == [("Lù Văn An", "0001/2026"), ("Giàng Thị Mỷ", "0002/2026"),
                                                  ("Thào A Sử", "0003/2026")]


@pytest.mark.parametrize("key", [k for k, d in CLASS_DOCUMENTS.items() if d.xlsx])
def test_every_class_document_prints_to_pdf_and_xlsx(db_path, tmp_path, key):
    with open_session(db_path):
        _class()
        issue_certificates("NTVD-2026-01", today=dt.date(2026, 3, 20))
    pdf, xlsx = tmp_path / f"{key}.pdf", tmp_path / f"{key}.xlsx"
    base = ["--db", str(db_path), "print", key, "--course", "NTVD-2026-01"]
    assert main([*base, "--out", str(pdf)]) == 0
    assert main([*base, "--out", str(xlsx)]) == 0
    text = _flat(pages_text(pdf.read_bytes()))
    title = CLASS_DOCUMENTS[key].title.upper()
    assert title in text
    assert "Thào A Sử" in text or key == "timetable"
    sheet = load_workbook(io.BytesIO(xlsx.read_bytes())).active
    assert title in [sheet.cell(row=r, column=1).value for r in range(1, 9)]  # under the heading
    assert all(sheet.column_dimensions[c].width for c in "AB")


def test_print_and_report_are_dated_with_date_or_today(db_path, tmp_path, capsys):
    from app.domain.formatting import date_line

    with open_session(db_path):
        _class()
    base = ["--db", str(db_path), "print", "sign-in", "--course", "NTVD-2026-01"]
    today, chosen = tmp_path / "today.pdf", tmp_path / "chosen.pdf"
    assert main([*base, "--out", str(today)]) == 0
    assert date_line("", dt.date.today()) in _flat(pages_text(today.read_bytes()))
    assert main([*base, "--date", "06/03/2026", "--out", str(chosen)]) == 0
    assert "ngày 06 tháng 3 năm 2026" in _flat(pages_text(chosen.read_bytes()))
    report = tmp_path / "hours.pdf"
    assert main(["--db", str(db_path), "report", "hours", "--from", "01/01/2026", "--to", "31/12/2026",
                 "--date", "15/02/2027", "--out", str(report)]) == 0
    assert "ngày 15 tháng 02 năm 2027" in _flat(pages_text(report.read_bytes()))
    capsys.readouterr()
    bad = tmp_path / "bad.pdf"
    assert main([*base, "--date", "31/02/2026", "--out", str(bad)]) != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "lỗi" in err and "31/02/2026" in err, err
    assert not bad.exists()


MM = 72 / 25.4


def _rows_and_columns(pdf: bytes) -> tuple[list[float], list[float]]:
    """Row heights and column widths (mm) of the ruled table on the first page."""
    from tests.pdf_helpers import table_grid

    ys, xs = table_grid(pdf, 0, min_length=400)  # the table's rules span the frame
    rows = [(a - b) / MM for a, b in pairwise(ys)]
    columns = [(b - a) / MM for a, b in pairwise(xs)]
    return rows, columns


@pytest.mark.parametrize(("key", "title", "signing"), [
    ("sign-in", "DANH SÁCH KÝ NHẬN THAM DỰ LỚP HỌC", "Ký tên"),
    ("receipt", "DANH SÁCH NHẬN GIẤY CHỨNG NHẬN", "Ký nhận"),
])
def test_sheets_people_sign_have_room_to_sign(finished_class, key, title, signing):
    from app.outputs.printouts import class_pdf

    document = class_document(key, finished_class.code)
    pdf = class_pdf(key, finished_class.code, dt.date(2026, 3, 20))
    text = _flat(pages_text(pdf))
    assert title in text and signing in text
    rows, columns = _rows_and_columns(pdf)
    assert len(rows) == 1 + 3  # header and the three trainees
    assert all(height >= 9 for height in rows[1:]), rows
    signing_column = columns[document.headers.index(signing)]
    assert signing_column >= 35, columns
    assert abs(sum(columns) - 165) < 0.5  # the portrait frame, 210 - 30 - 15 mm


def test_the_receipt_of_a_class_without_certificates_is_refused(db_path, tmp_path, capsys):
    from app.domain.errors import UserError

    with open_session(db_path):
        course = _class()
        with pytest.raises(UserError, match="chưa có giấy chứng nhận"):
            class_document("receipt", course.code)
    out = tmp_path / "receipt.pdf"
    assert main(["--db", str(db_path), "print", "receipt", "--course", course.code, "--out", str(out)]) == 1
    assert "chưa có giấy chứng nhận" in capsys.readouterr().err and not out.exists()


def _unscored_class():
    """A QPAN4 class (no scores): five lessons; Thào A Sử missed two of them (40 % > 20 %),
    Giàng Thị Mỷ did not finish the course."""
    from app.services.courses import CourseInput, add_course
    from app.store import db
    from app.store.models import Attendance, Trainee

    course = add_course(CourseInput("QPAN4-2026-01", "QPAN4", "Bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 4",
                                    "02/03/2026", "06/03/2026"))
    with db.write():
        lessons = [Lesson.create(course=course, date=dt.date(2026, 3, 2 + i), topic=f"Bài {i}").id for i in range(5)]
        for name, absent, completed in (("Thào A Sử", 2, True), ("Lù Văn An", 1, True), ("Giàng Thị Mỷ", 0, False)):
            trainee = Trainee.create(**person_keys(name, None, 1983), birth_year=1983)
            enrollment = Enrollment.create(course=course, trainee=trainee, completed=completed)
            for i, lesson in enumerate(lessons):
                Attendance.create(enrollment=enrollment, lesson=lesson, mark="K" if i < absent else "x")
    return course


def test_results_of_a_program_without_scores_show_completion(session):
    from app.outputs.printouts import class_pdf

    course = _unscored_class()
    doc = class_document("results", course.code)
    assert "Điểm" not in doc.headers and "Xếp loại" not in doc.headers
    by_name = {row[1]: row for row in doc.cells}
    assert by_name["Lù Văn An"][4:6] == ("1", "Hoàn thành")
    assert by_name["Thào A Sử"][4:6] == ("2", "Không hoàn thành")  # 2 of 5 lessons missed: over 20 %
    assert by_name["Giàng Thị Mỷ"][4:6] == ("0", "Không hoàn thành")  # did not finish the course
    text = _flat(pages_text(class_pdf("results", course.code, dt.date(2026, 3, 20))))
    assert "Hoàn thành: 1 (33,3%); không hoàn thành: 2 (66,7%)" in text
    assert "vắng không quá 20% số buổi học (5 buổi)" in text
    assert "0%" not in text.replace("20%", "")  # no empty score columns summing to 0 %


def test_graded_results_name_the_trainees_without_a_score(finished_class):
    from app.store import db

    with db.write():
        Enrollment.update(score=None, result_code=None).where(
            Enrollment.id.in_([e.id for e in Enrollment.select().limit(2)])).execute()
    doc = class_document("results", finished_class.code)
    summary = doc.notes[0]
    assert "chưa có điểm: 2 (66,7%)" in summary
    counts = [int(part.split(": ")[1].split(" ")[0]) for part in summary.split(". ", 1)[1].rstrip(".").split("; ")]
    assert sum(counts) == 3  # the lines add up to the class


def test_a_long_class_attendance_sheet_is_split_and_readable():
    import re

    from app.domain.documents import AttendanceRow, CourseHeading, LessonHeading
    from app.printing.class_tables import attendance_table
    from app.printing.table_document import table_pdf
    from app.printing.template import Signer
    from tests.unit.test_printing_base import INSTITUTION

    start = dt.date(2024, 11, 4)
    lessons = [LessonHeading(start + dt.timedelta(days=13 * i), "morning" if i % 2 else "afternoon", f"Bài {i}", 4,
                             "") for i in range(40)]  # 40 lessons over 17 months
    assert (lessons[-1].date.year, lessons[-1].date.month) == (2026, 3)
    rows = [AttendanceRow(f"Nguyễn Thị Phương Thảo {i:02d}", f"{1 + i % 28:02d}/0{1 + i % 9}/{1950 + i}",
                          tuple("x" if (i + k) % 7 else "P" for k in range(40))) for i in range(45)]
    course = CourseHeading("TC-2024-01", "Trung cấp lý luận chính trị – hành chính", "TC", start, lessons[-1].date)
    document = attendance_table(course, lessons, rows)
    assert len(document.column_groups) == 4 and all(g[:3] == (0, 1, 2) for g in document.column_groups)
    assert document.headers[3] == "04/11/24 C"  # the year where the class spans years
    pdf = table_pdf(INSTITUTION, document, day=dt.date(2026, 3, 20), signer=Signer.for_institution(INSTITUTION))
    pages = pages_text(pdf)
    sheets_seen = set()
    for page in pages:
        flat = " ".join(page.split())
        names = re.findall(r"Nguyễn Thị Phương Thảo (\d\d)", flat)
        assert "STT" in flat and "Họ và tên" in flat and names
        births = re.findall(r"\b\d\d/\d\d/19\d\d\b", flat)
        assert len(births) == len(names)  # a birth date never breaks mid-number
        sheet = re.search(r"Tờ (\d)/4", flat)
        assert re.search(r"\b\d\d/\d\d/2[456] [SC]\b", flat)  # whole lesson headers, with the year
        if sheet:
            sheets_seen.add(sheet.group(1))
        if "Có mặt" in flat:
            assert "/26" in flat  # the totals on the last sheet, with the last lessons
    assert sheets_seen == {"1", "2", "3", "4"}
    counts = [len(re.findall(r"Nguyễn Thị Phương Thảo \d\d", page)) for page in pages]
    # Each sheet's 45 trainees fill pages of at least 20 (the last page of a sheet holds the rest).
    assert sum(counts) == 4 * 45 and sum(1 for n in counts if n >= 20) >= 4, counts
    assert "Giàng Seo Vần" in pages[-1]
