"""Input limits (names, reasons, codes, dates, course codes regardless of case) and consequences
said (nobody eligible for a certificate, cancelling a class with certificates, full-width formula
characters in exports)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.domain.dates import parse_date
from app.domain.errors import ConflictError, ValidationError
from app.exchange.csv_writer import write_rows
from app.exchange.xlsx_writer import SheetColumn, write_table
from app.services.courses import CourseInput, add_course, cancel_course, find_course, update_course
from app.services.feedback import record_feedback
from app.services.session import open_session
from app.services.trainees import TraineeInput, add_trainee
from app.store import db
from app.store.models import (
    Attendance,
    Certificate,
    Course,
    Enrollment,
    FeedbackResponse,
    Lesson,
    Trainee,
    person_keys,
)
from tests.unit.safety_helpers import table_dump


def _course(code="NTVD-2025-01", **changes) -> CourseInput:
    values = {"code": code, "program_code": "NTVD", "name": "Bồi dưỡng nhận thức về Đảng",
              "start": "03/03/2025", "end": "07/03/2025", **changes}
    return CourseInput(**values)


# --- limits ------------------------------------------------------------------------------------


@pytest.mark.parametrize("changes, field, said", [
    ({"code": "A" * 41}, "code", "Mã lớp dài 41 ký tự; tối đa 40 ký tự."),
    ({"name": "Lớp " + "x" * 97}, "name", "Tên lớp dài 101 ký tự; tối đa 100 ký tự."),
    ({"venue": "v" * 101}, "venue", "Địa điểm dài 101 ký tự; tối đa 100 ký tự."),
    ({"note": "n" * 1001}, "note", "Ghi chú dài 1.001 ký tự; tối đa 1.000 ký tự."),
    ({"start": "01/01/1899"}, "start_date", "Ngày 01/01/1899: năm phải từ 1900 đến 2100."),
    ({"end": "2101-01-01"}, "end_date", "Ngày 2101-01-01: năm phải từ 1900 đến 2100."),
])
def test_course_limits_are_said_and_nothing_is_written(session, changes, field, said):
    before = Course.select().count()
    with pytest.raises(ValidationError) as caught:
        add_course(_course(**changes))
    assert caught.value.message == said and caught.value.field == field
    assert Course.select().count() == before


def test_limits_at_the_edge_pass(session):
    course = add_course(_course(code="A" * 40, name="L" * 100, note="n" * 1000, start="01/01/1900",
                                end="31/12/2100"))
    assert len(course.code) == 40
    cancel_course(course.code, "r" * 1000)
    assert len(Course.get_by_id(course.id).cancel_reason) == 1000


def test_trainee_name_and_reasons_are_limited_wherever_they_are_written(session):
    with pytest.raises(ValidationError, match="Họ và tên dài 101 ký tự; tối đa 100 ký tự"):
        add_trainee(TraineeInput("Nguyễn " + "A" * 94, "1980", "Nam"))
    assert Trainee.select().count() == 0
    add_course(_course())
    with pytest.raises(ValidationError, match=r"Lý do dài 1\.001 ký tự"):
        cancel_course("NTVD-2025-01", "r" * 1001)
    assert find_course("NTVD-2025-01").status != "cancelled"
    with pytest.raises(ValidationError, match=r"Ý kiến dài 1\.001 ký tự"):
        record_feedback("NTVD-2025-01", None, [4, 4, 4, 4], comment="c" * 1001)
    assert FeedbackResponse.select().count() == 0


def test_any_stored_name_reason_or_code_is_limited_by_the_store(session):
    """The backstop: a service that forgot to check still cannot write a longer text."""
    with pytest.raises(ValidationError, match="Họ và tên dài 150 ký tự"), db.write():
        Trainee.create(**person_keys("A" * 150, None, 1980), birth_year=1980)
    assert Trainee.select().count() == 0


def test_dates_between_1900_and_2100():
    assert parse_date("01/01/1900") == dt.date(1900, 1, 1)
    assert parse_date("31/12/2100") == dt.date(2100, 12, 31)
    for text in ("31/12/1899", "01/01/2101", "05/02/0205", "9999-01-01"):
        with pytest.raises(ValidationError, match="năm phải từ 1900 đến 2100"):
            parse_date(text)


def test_course_codes_are_unique_regardless_of_letter_case(session):
    first = add_course(_course("NTVD-2025-01"))
    with pytest.raises(ConflictError, match="đã được dùng cho lớp NTVD-2025-01"):
        add_course(_course("ntvd-2025-01"))
    other = add_course(_course("ĐV-2025-01"))
    with pytest.raises(ConflictError):
        add_course(_course("đv-2025-01"))
    with pytest.raises(ConflictError):
        update_course(other.id, _course("Ntvd-2025-01"))
    assert find_course("ntvd-2025-01").id == first.id  # typed in the wrong case, still found
    update_course(first.id, _course("NTVD-2025-01", name="Đổi tên"))  # its own code is no clash
    assert Course.select().count() == 2


def test_cli_says_the_limit_in_one_line(db_path, capsys):
    with open_session(db_path):
        pass
    dump = table_dump(db_path)
    code = main(["--db", str(db_path), "course", "add", "--code", "X" * 41, "--program", "NTVD", "--name", "Lớp",
                 "--start", "03/03/2025", "--end", "07/03/2025"])
    err = capsys.readouterr().err
    assert code == 1 and err == "boiduong: lỗi: Mã lớp dài 41 ký tự; tối đa 40 ký tự.\n"
    assert table_dump(db_path) == dump


# --- consequences said ---------------------------------------------------------------------------------


def _finished_class(code="NTVD-2026-01", people=(("Thào A Sử", None, 0), ("Lù Văn An", None, 0),
                                                   ("Giàng Thị Mỷ", None, 0), ("Sùng A Páo", "G", 3),
                                                   ("Vàng Thị Dợ", "G", 2), ("Hầu A Lử", "G", 0))):
    course = add_course(CourseInput(code, "NTVD", f"Lớp {code}", "02/03/2026", "06/03/2026"))
    with db.write():
        Course.update(status="finished").where(Course.id == course.id).execute()
        lessons = [Lesson.create(course=course, date=dt.date(2026, 3, 2), topic=f"Bài {i}").id for i in range(5)]
        for name, result, absent in people:
            trainee = Trainee.create(**person_keys(name, None, 1990), birth_year=1990)
            enrollment = Enrollment.create(course=course, trainee=trainee, result_code=result, completed=True,
                                           score=9 if result else None)
            for i, lesson in enumerate(lessons):
                Attendance.create(enrollment=enrollment, lesson=lesson, mark="K" if i < absent else "x")
    return course


def test_certificates_issue_with_nobody_eligible_says_why(db_path, capsys):
    with open_session(db_path):
        course = _finished_class()
        with db.write():  # the one eligible person already has hers
            hau = Enrollment.select().join(Trainee).where(Trainee.full_name == "Hầu A Lử").get()
            Certificate.create(enrollment=hau, year=2026, number=1, issued_on=dt.date(2026, 3, 7))
    assert main(["--db", str(db_path), "certificates", "issue", "--course", course.code]) == 0
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err.splitlines() == ["Không cấp giấy chứng nhận nào cho lớp NTVD-2026-01:",
                                    "3 học viên chưa có điểm", "2 học viên vắng quá 20%",
                                    "1 học viên đã có giấy chứng nhận"]


def test_certificates_issue_on_an_empty_class_says_so(db_path, capsys):
    with open_session(db_path):
        course = _finished_class(people=())
    assert main(["--db", str(db_path), "certificates", "issue", "--course", course.code]) == 0
    assert capsys.readouterr().err.splitlines()[-1] == "Lớp NTVD-2026-01 chưa có học viên nào."


def test_cancelling_a_class_with_certificates_needs_force(db_path, capsys):
    with open_session(db_path):
        course = _finished_class(people=(("Hầu A Lử", "G", 0), ("Thào A Sử", "G", 0)))
    assert main(["--db", str(db_path), "certificates", "issue", "--course", course.code]) == 0
    capsys.readouterr()
    dump = table_dump(db_path)
    assert main(["--db", str(db_path), "course", "cancel", "--code", course.code, "--reason", "Sai kế hoạch"]) == 1
    err = capsys.readouterr().err
    assert err == ("boiduong: lỗi: Lớp NTVD-2026-01 đã cấp 2 giấy chứng nhận; hủy lớp không hủy các giấy này "
                   "(vẫn còn hiệu lực). Thêm --force nếu vẫn hủy lớp.\n")
    assert table_dump(db_path) == dump
    assert main(["--db", str(db_path), "course", "cancel", "--code", course.code, "--reason", "Sai kế hoạch",
                 "--force"]) == 0
    with open_session(db_path, backup_on_start=False):
        assert find_course(course.code).status == "cancelled"
        assert Certificate.select().where(Certificate.status == "issued").count() == 2


def test_cancelling_a_class_without_certificates_needs_no_force(session):
    add_course(_course())
    assert cancel_course("NTVD-2025-01", "Hoãn").status == "cancelled"


@pytest.mark.parametrize("text", ["＝1+1", "＋84 912", "－5", "＠SUM(A1)"])
def test_full_width_formula_characters_are_neutralised_like_ascii(text):
    data = write_table("Danh sách", [SheetColumn("Tên", 20)], [[text]])
    sheet = load_workbook(io.BytesIO(data)).active
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == text)
    assert cell.data_type == "s" and cell.quotePrefix
    buffer = io.StringIO()
    write_rows(buffer, [[text]])
    assert buffer.getvalue().strip() == "'" + text
