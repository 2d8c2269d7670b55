"""courses, trainees and export trainees: the exact line formats scripts rely on."""

import io

from openpyxl import load_workbook

from app.cli import main
from app.services.courses import CourseInput, add_course
from app.services.session import open_session
from app.services.trainees import TraineeInput, add_trainee
from app.store import db
from app.store.models import Enrollment


def _data(db_path):
    with open_session(db_path):
        c = add_course(CourseInput("NTVD-2025-01", "NTVD", "Bồi dưỡng nhận thức về Đảng khóa I năm 2025",
                                   "03/03/2025", "07/03/2025"))
        add_course(CourseInput("DVM-2024-01", "DVM", "Đảng viên mới khóa I năm 2024", "04/03/2024", "09/03/2024"))
        for data in (TraineeInput("Thào A Sử", "12/04/1985", "Nam", citizen_id="010085001234", unit="xã Sín Chéng"),
                     TraineeInput("Lù Văn An", "1979", "Nam"), TraineeInput("Nguyễn Văn Dũng", "01/02/1990", "Nam"),
                     TraineeInput("=cmd|' /C calc'!A0", "1990", "Nam")):
            trainee = add_trainee(data)
            if data.full_name != "Nguyễn Văn Dũng":
                with db.write():
                    Enrollment.create(course=c, trainee=trainee)


def test_courses_lines(db_path, capsys):
    _data(db_path)
    capsys.readouterr()
    assert main(["--db", str(db_path), "courses"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "DVM-2024-01\tDVM\tĐảng viên mới khóa I năm 2024\t04/03/2024\t09/03/2024\tĐã kết thúc\t0",  # by the calendar
        "NTVD-2025-01\tNTVD\tBồi dưỡng nhận thức về Đảng khóa I năm 2025\t03/03/2025\t07/03/2025\tĐã kết thúc\t3"]
    assert main(["--db", str(db_path), "courses", "--year", "2024"]) == 0
    assert [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()] == ["DVM-2024-01"]


def test_trainees_in_vietnamese_order_and_search(db_path, capsys):
    _data(db_path)
    capsys.readouterr()
    assert main(["--db", str(db_path), "trainees"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["Lù Văn An\t1979\t\t", "=cmd|' /C calc'!A0\t1990\t\t", "Nguyễn Văn Dũng\t01/02/1990\t\t",
                     "Thào A Sử\t12/04/1985\t010085001234\txã Sín Chéng"]  # given names: An < calc < Dũng < Sử
    assert main(["--db", str(db_path), "trainees", "--search", "nguyen van d"]) == 0
    assert capsys.readouterr().out.splitlines() == ["Nguyễn Văn Dũng\t01/02/1990\t\t"]
    assert main(["--db", str(db_path), "trainees", "--search", "thao a su"]) == 0
    assert capsys.readouterr().out.startswith("Thào A Sử\t")
    assert main(["--db", str(db_path), "trainees", "--course", "NTVD-2025-01"]) == 0
    assert "Nguyễn Văn Dũng" not in capsys.readouterr().out


def test_export_trainees_keeps_formula_text_as_text(db_path, tmp_path):
    _data(db_path)
    out = tmp_path / "hv.xlsx"
    assert main(["--db", str(db_path), "export", "trainees", "--out", str(out)]) == 0
    sheet = load_workbook(io.BytesIO(out.read_bytes())).active
    names = [row[1] for row in sheet.iter_rows(min_row=4, values_only=True) if row[0] and str(row[0]).isdigit()]
    assert names == ["Lù Văn An", "=cmd|' /C calc'!A0", "Nguyễn Văn Dũng", "Thào A Sử"]
    cell = next(c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=cmd"))
    assert cell.data_type == "s"
