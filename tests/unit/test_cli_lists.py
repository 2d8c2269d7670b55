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


def test_export_trainees_writes_the_window_s_list_birth_dates_as_dates(db_path, tmp_path, capsys):
    """``export trainees`` writes the Học viên list as the window's Xuất Excel does: a full birth date
    is a date (sortable, shown dd/mm/yyyy), a year alone stays its text, the CCCD text with its zero,
    the counts numbers; with --course, that class's trainees under its code."""
    import datetime as dt

    _data(db_path)
    out = tmp_path / "hv.xlsx"
    assert main(["--db", str(db_path), "export", "trainees", "--out", str(out)]) == 0
    assert capsys.readouterr().err.strip() == f"Đã xuất 4 học viên vào {out}."
    sheet = load_workbook(io.BytesIO(out.read_bytes())).active
    header = next(r for r in range(1, 6) if sheet.cell(r, 1).value == "STT")
    body = {row[1]: row for row in sheet.iter_rows(min_row=header + 1, values_only=True)}
    assert body["Thào A Sử"][2] == dt.datetime(1985, 4, 12)
    assert sheet.cell(header + 1 + list(body).index("Thào A Sử"), 3).number_format == "dd/mm/yyyy"
    assert body["Lù Văn An"][2] == "1979"
    assert body["Thào A Sử"][5] == "010085001234" and body["Thào A Sử"][8] == 1
    assert main(["--db", str(db_path), "export", "trainees", "--course", "NTVD-2025-01", "--out", str(out)]) == 0
    sheet = load_workbook(io.BytesIO(out.read_bytes())).active
    assert "NTVD-2025-01" in sheet.cell(2, 1).value
    assert [row[1] for row in sheet.iter_rows(min_row=header + 1, values_only=True)] == [
        "Lù Văn An", "=cmd|' /C calc'!A0", "Thào A Sử"]


def test_export_trainees_counts_the_vietnamese_way(demo_path, tmp_path, capsys):
    """A count past a thousand is written 8.951, as the window's status bar and dialogs write it."""
    from app.store.models import Trainee

    with open_session(demo_path, backup_on_start=False):
        people = Trainee.select().count()
    assert people > 1000
    out = tmp_path / "hv.xlsx"
    assert main(["--db", str(demo_path), "export", "trainees", "--out", str(out)]) == 0
    shown = f"{people:,}".replace(",", ".")
    assert capsys.readouterr().err.strip() == f"Đã xuất {shown} học viên vào {out}."
