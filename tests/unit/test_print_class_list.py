"""boiduong print class-list: the class's trainees in Vietnamese order, to PDF and to Excel."""

import datetime as dt
import io

from openpyxl import load_workbook

from app.cli import main
from app.services.courses import CourseInput, add_course
from app.services.session import open_session
from app.store import db
from app.store.models import Enrollment, EthnicGroup, Trainee, person_keys
from tests.pdf_helpers import pages_text

PEOPLE = [("Thào A Sử", dt.date(1985, 4, 12), "M"), ("Lù Văn An", dt.date(1979, 1, 2), "M"),
          ("Giàng Thị Ánh", dt.date(1990, 6, 7), "F"), ("=HYPERLINK(\"x\")", dt.date(1991, 1, 1), "F")]


def _class(db_path):
    with open_session(db_path):
        add_course(CourseInput(code="DVM-2025-01", program_code="DVM", name="Đảng viên mới khóa I năm 2025",
                               start="03/03/2025", end="08/03/2025"))
        with db.write():
            mong = EthnicGroup.get(EthnicGroup.code == "08")
            for name, born, gender in PEOPLE:
                trainee = Trainee.create(**person_keys(name, born), birth_date=born, birth_year=born.year,
                                         gender=gender, ethnic_group=mong, party_member=True)
                Enrollment.create(course=1, trainee=trainee, position_at_time="Đảng viên",
                                  unit_at_time="Chi bộ thôn Sín Chải")


def test_class_list_pdf_in_vietnamese_order(db_path, tmp_path, capsys):
    _class(db_path)
    out = tmp_path / "ds.pdf"
    assert main(["--db", str(db_path), "print", "class-list", "--course", "DVM-2025-01",
                 "--out", str(out)]) == 0
    (text,) = pages_text(out.read_bytes())
    text = " ".join(text.split())  # undo the wrapping inside cells
    positions = [text.index(name) for name in ("Lù Văn An", "Giàng Thị Ánh", "Thào A Sử")]
    assert positions == sorted(positions)  # An < Ánh < Sử: given names first
    assert "12/04/1985" in text and "Mông" in text and "Đảng viên – Chi bộ thôn Sín Chải" in text


def test_class_list_xlsx_keeps_formula_looking_names_as_text(db_path, tmp_path):
    _class(db_path)
    out = tmp_path / "ds.xlsx"
    assert main(["--db", str(db_path), "print", "class-list", "--course", "DVM-2025-01",
                 "--out", str(out)]) == 0
    sheet = load_workbook(io.BytesIO(out.read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "DANH SÁCH HỌC VIÊN" in [row[0] for row in rows[:8]]  # under the heading
    header = rows.index(("STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Chức vụ – đơn vị",
                         "Đảng viên", "Ghi chú", ))
    body = [r for r in rows[header + 1:] if str(r[0]).isdigit()]
    names = [r[1] for r in body]
    assert sorted(names) == sorted(p[0] for p in PEOPLE)
    assert [n for n in names if not n.startswith("=")] == ["Lù Văn An", "Giàng Thị Ánh", "Thào A Sử"]
    assert any(str(row[0]).startswith("Tổng số: 4 học viên") for row in rows[header + 5:])  # the notes
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "=HYPERLINK(\"x\")")
    assert cell.data_type == "s"
    assert sheet.column_dimensions["B"].width >= 24  # names fit without widening by hand


def test_unknown_course_is_one_line_exit_1(db_path, tmp_path, capsys):
    _class(db_path)
    assert main(["--db", str(db_path), "print", "class-list", "--course", "NONE", "--out",
                 str(tmp_path / "x.pdf")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Không có lớp mã" in err
    assert not (tmp_path / "x.pdf").exists()
