"""Importing the marking instructor's score sheet: matched by CCCD or name + birth date."""

from decimal import Decimal

import pytest
from openpyxl import Workbook

from app.cli import main
from app.services.courses import CourseInput, add_course
from app.services.session import open_session
from app.services.trainees import TraineeInput, add_trainee
from app.store import db
from app.store.models import Enrollment, Trainee


def _sheet(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["BẢNG ĐIỂM BÀI THU HOẠCH"])
    ws.append(["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Điểm"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@pytest.fixture
def course(session):
    return add_course(CourseInput("NTVD-2026-03", "NTVD", "Khóa III", "07/12/2026", "11/12/2026"))


def _enrol(course, *people):
    for data in people:
        trainee = add_trainee(data, confirmed=True)
        with db.write():
            Enrollment.create(course=course, trainee=trainee)


def test_scores_by_name_and_birth_or_cccd(course, tmp_path):
    _enrol(course, TraineeInput("Thào A Sử", "12/04/1985", "Nam", citizen_id="010085001234"),
           TraineeInput("Lù Văn An", "1979", "Nam"), TraineeInput("Giàng Thị Mỷ", "05/03/1990", "Nữ"))
    path = _sheet(tmp_path / "diem.xlsx", [
        [1, "Thào A Sử", "", "010085001234", "8,5"],
        [2, "Lù Văn An", 1979, "", 7],
        [3, "giàng thị mỷ", "05/03/1990", "", "4.5"],
        [4, "Giàng Seo Pao", "01/01/1990", "", "9"],
        [5, "Lù Văn An", "1979", "", "7,3"],
        [6, "Lù Văn An", "1979", "", "6"],
    ])
    from app.services.scores_import import commit_scores, preview_scores

    preview = preview_scores(path, course.code)
    assert [r.line() for r in preview.rows] == [
        "row 3: existing Thào A Sử", "row 4: existing Lù Văn An (1979)", "row 5: existing Giàng Thị Mỷ (05/03/1990)",
        "row 6: error: không có học viên này trong lớp",
        "row 7: error: Điểm chấm theo bước 0,5 (ví dụ 7 hoặc 7,5)",
        # A second score for the same trainee is an error to look at, not a dropped duplicate.
        "row 8: error: Lù Văn An đã có điểm ở dòng 4 của bảng này"]
    assert commit_scores(preview, skip_errors=True) == 3
    got = {e.trainee.full_name: (e.score, e.result_code) for e in Enrollment.select()}
    assert got == {"Thào A Sử": (Decimal("8.5"), "G"), "Lù Văn An": (Decimal("7.0"), "K"),
                   "Giàng Thị Mỷ": (Decimal("4.5"), "KD")}


def test_cli_import_scores_writes_nothing_on_error(db_path, tmp_path, capsys):
    with open_session(db_path):
        c = add_course(CourseInput("NTVD-2026-03", "NTVD", "Khóa III", "07/12/2026", "11/12/2026"))
        _enrol(c, TraineeInput("Thào A Sử", "12/04/1985", "Nam"))
    path = _sheet(tmp_path / "d.xlsx", [[1, "Thào A Sử", "12/04/1985", "", "8"], [2, "Vừ A Dế", "1980", "", "8"]])
    args = ["--db", str(db_path), "import", "scores", str(path), "--course", "NTVD-2026-03"]
    assert main(args) == 1
    with open_session(db_path, backup_on_start=False):
        assert Enrollment.get().score is None and Trainee.select().count() == 1
    assert main([*args, "--skip-errors"]) == 0
    with open_session(db_path, backup_on_start=False):
        assert Enrollment.get().score == Decimal("8.0")


def test_a_cccd_that_is_another_trainees_is_an_error_naming_both(course, tmp_path):
    """The sheet's CCCD belongs to Sử, its name says Páo: never Páo's score for Sử (nor the reverse)."""
    from app.services.scores_import import commit_scores, preview_scores

    _enrol(course, TraineeInput("Thào A Sử", "12/04/1985", "Nam", citizen_id="010085001234"),
           TraineeInput("Lù Văn Páo", "02/02/1979", "Nam"))
    outsider = add_trainee(TraineeInput("Vàng Seo Chứ", "05/11/1988", "Nam", citizen_id="010088001236"))
    path = _sheet(tmp_path / "diem.xlsx", [
        [1, "Lù Văn Páo", "02/02/1979", "010085001234", "3"],
        [2, "Thào A Sử", "12/04/1985", "010085009999", "9"],
        [3, "Vàng Seo Chứ", "", "010088001236", "7"],
        [4, "LÙ VĂN PÁO", "1979", "", "6"],
    ])
    preview = preview_scores(path, course.code)
    assert [r.line() for r in preview.rows] == [
        "row 3: error: số CCCD 010085001234 là của học viên Thào A Sử, sinh 12/04/1985, không phải Lù Văn Páo",
        "row 4: error: không có học viên này trong lớp: Thào A Sử của lớp có số CCCD 010085001234, "
        "không phải 010085009999",
        f"row 5: error: không có học viên này trong lớp: số CCCD 010088001236 là của {outsider.full_name}, "
        "người không học lớp này",
        "row 6: existing Lù Văn Páo (1979)"]
    assert commit_scores(preview, skip_errors=True) == 1
    scores = {e.trainee.full_name: e.score for e in Enrollment.select()}
    assert scores == {"Thào A Sử": None, "Lù Văn Páo": Decimal("6.0")}


def test_namesakes_in_the_class_need_a_birth_date_or_cccd(course, tmp_path):
    from app.services.scores_import import preview_scores

    _enrol(course, TraineeInput("Giàng Seo Pao", "1980", "Nam"), TraineeInput("Giàng Seo Pao", "03/03/1980", "Nam"),
           TraineeInput("Lò Thị Hà", "02/01/1990", "Nữ"))
    path = _sheet(tmp_path / "diem.xlsx", [
        [1, "Giàng Seo Pao", "1980", "", "8"],
        [2, "Giàng Seo Pao", "03/03/1980", "", "8"],
        [3, "Lò Thị Hạ", "02/01/1990", "", "5"],
    ])
    lines = [r.line() for r in preview_scores(path, course.code).rows]
    assert lines[0].startswith("row 3: error: chưa rõ là học viên nào (nhiều học viên cùng họ tên và năm sinh)")
    assert "Giàng Seo Pao — 1980" in lines[0] and "Giàng Seo Pao — 03/03/1980" in lines[0]
    # A full date still leaves the year-only namesake of the class possible.
    assert lines[1].startswith("row 4: error: chưa rõ là học viên nào")
    assert lines[2].startswith("row 5: error: chưa rõ là học viên nào (họ tên chỉ khác dấu (Lò Thị Hà))")
