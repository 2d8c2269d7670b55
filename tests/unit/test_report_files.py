"""``boiduong report NAME``: every report as PDF (with its charts), Excel and CSV from the same rows."""

import datetime as dt
import io
import sqlite3

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.cli import main
from app.outputs.reports import REPORT_KINDS
from tests.pdf_helpers import pages_text

TITLES = {
    "results": "KẾT QUẢ ĐÀO TẠO, BỒI DƯỠNG",
    "results-partners": "KẾT QUẢ ĐÀO TẠO, BỒI DƯỠNG THEO ĐƠN VỊ PHỐI HỢP",
    "plan": "KẾT QUẢ THỰC HIỆN KẾ HOẠCH ĐÀO TẠO, BỒI DƯỠNG",
    "grades": "KẾT QUẢ HỌC TẬP CỦA HỌC VIÊN",
    "hours": "GIỜ GIẢNG CỦA GIẢNG VIÊN",
    "feedback": "KẾT QUẢ PHIẾU PHẢN HỒI CỦA HỌC VIÊN",
    "instructors": "ĐỘI NGŨ GIẢNG VIÊN",
    "registry": "SỔ CẤP GIẤY CHỨNG NHẬN",
}
CSV_HEADERS = {
    # The results CSV keeps the columns the README documents; the others speak Vietnamese.
    "results": "program code,program name,classes,enrolments,women,ethnic minority,party members,completed,"
               "certificates",
    "results-partners": "Đơn vị phối hợp,Số lớp,Lượt học viên,Nữ,Dân tộc thiểu số,Đảng viên,Hoàn thành,Được cấp GCN",
    "plan": "Mã chương trình,Tên chương trình,Số lớp kế hoạch,Số lớp thực hiện,Tỷ lệ số lớp (%),Học viên kế hoạch,"
            "Lượt học viên thực hiện,Tỷ lệ học viên (%),Số lớp đang học,Số lớp đã lên lịch",
    "hours": "Họ và tên,Loại,\"Chức vụ, đơn vị\",Số tiết,Giờ chuẩn,Định mức,Tỷ lệ so với định mức (%),Chênh lệch",
    "instructors": "Họ và tên,Loại,Chức vụ,Đơn vị,Chuyên môn,Lý luận chính trị,\"Khen thưởng, hội thi trong kỳ\","
                   "\"Dự giờ, thao giảng trong kỳ\"",
    "registry": "Số hiệu,Số vào sổ,Họ và tên,Ngày sinh,Giới tính,Dân tộc,Đơn vị,Lớp,Thời gian,Xếp loại,Ngày cấp,"
                "Ghi chú",
}


def title_in(name: str, text: str) -> bool:
    """A report reads "BÁO CÁO" over its summary line; the registry (a book) keeps its title."""
    if name == "registry":
        return TITLES[name] in text
    return f"BÁO CÁO {TITLES[name][:1]}{TITLES[name][1:].lower()}" in text


def run(db, *args) -> int:
    return main(["--db", str(db), "report", *args])


def flat(pdf: bytes) -> str:
    return " ".join(" ".join(pages_text(pdf)).split())


def test_every_report_of_the_tab_has_a_command_line_name():
    assert {k.code for k in REPORT_KINDS} == {*TITLES, "history"}


def test_the_command_line_help_names_the_reports_of_the_one_list(capsys):
    # The help is written out (importing the reports would slow every command down): it must
    # name exactly the reports of REPORT_KINDS, in their order.
    assert main(["report", "--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert ", ".join(k.code for k in REPORT_KINDS) in help_text


@pytest.mark.parametrize("name", sorted(TITLES))
def test_each_report_writes_pdf_xlsx_and_csv(demo_path, tmp_path, name):
    # The registry is long; one month of it is enough here.
    period = ("01/04/2019", "30/04/2019") if name == "registry" else ("01/01/2019", "31/12/2019")
    for suffix in ("pdf", "xlsx", "csv"):
        out = tmp_path / f"{name}.{suffix}"
        assert run(demo_path, name, "--from", period[0], "--to", period[1], "--out", str(out)) == 0
    text = flat((tmp_path / f"{name}.pdf").read_bytes())
    assert title_in(name, text) and f"Từ ngày {period[0]} đến ngày {period[1]}" in text
    assert "GIÁM ĐỐC" in text
    sheet = load_workbook(io.BytesIO((tmp_path / f"{name}.xlsx").read_bytes())).active
    assert TITLES[name] in [sheet.cell(row=r, column=1).value for r in range(1, 9)]  # under the heading
    data = (tmp_path / f"{name}.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    if name in CSV_HEADERS:
        assert lines[0] == CSV_HEADERS[name]
    assert len(lines) > 1


def test_results_pdf_carries_the_charts_after_the_table(demo_path, tmp_path):
    out = tmp_path / "kq.pdf"
    assert run(demo_path, "results", "--from", "01/01/2015", "--to", "31/12/2020", "--out", str(out)) == 0
    pages = [" ".join(p.split()) for p in pages_text(out.read_bytes())]
    table_page = next(i for i, p in enumerate(pages) if "Tổng cộng 185 14.199" in p)
    chart_page = next(i for i, p in enumerate(pages) if "BIỂU ĐỒ" in p)
    assert chart_page >= table_page
    chart_text = pages[chart_page]
    for label in ("Số lớp theo năm", "Lượt học viên theo năm", "Số lớp theo chương trình",
                  "Lượt học viên theo chương trình", *map(str, range(2015, 2021)), "NTVD", "QPAN4", "1.432"):
        assert label in chart_text, label
    # The bars are drawn: filled rectangles in the page's content stream.
    content = PdfReader(io.BytesIO(out.read_bytes())).pages[chart_page].get_contents().get_data()
    assert content.count(b" re") >= 6 + 6 + 9 + 9


def test_plan_csv_has_plain_numbers(demo_path, tmp_path):
    out = tmp_path / "plan.csv"
    assert run(demo_path, "plan", "--from", "01/01/2015", "--to", "31/12/2020", "--out", str(out)) == 0
    rows = [line.split(",") for line in out.read_bytes().decode("utf-8-sig").splitlines()]
    total = rows[-1]
    assert total[:2] == ["", "Tổng cộng"] and total[3] == "185" and total[6] == "14199"
    assert float(total[4]) == pytest.approx(100 * 185 / int(total[2]), abs=0.05)  # "94.4", not "94,4%"


def _citizen_with_ntvd_certificate(db) -> str:
    with sqlite3.connect(db) as con:
        (cid,) = con.execute(
            "SELECT t.citizen_id FROM trainee t JOIN enrollment e ON e.trainee_id = t.id "
            "JOIN certificate c ON c.enrollment_id = e.id JOIN course k ON k.id = e.course_id "
            "JOIN program p ON p.id = k.program_id WHERE p.code = 'NTVD' AND t.citizen_id IS NOT NULL "
            "AND c.status = 'issued' ORDER BY c.issued_on DESC LIMIT 1").fetchone()
    return cid


def test_history_by_citizen_id_needs_no_period(demo_path, tmp_path):
    cid = _citizen_with_ntvd_certificate(demo_path)
    pdf, csv_file = tmp_path / "qt.pdf", tmp_path / "qt.csv"
    assert run(demo_path, "history", "--trainee", cid, "--out", str(pdf)) == 0
    assert run(demo_path, "history", "--trainee", cid, "--out", str(csv_file)) == 0
    text = flat(pdf.read_bytes())
    assert "QUÁ TRÌNH BỒI DƯỠNG CỦA HỌC VIÊN" in text and f"CCCD {cid}" in text
    assert "Giấy chứng nhận Bồi dưỡng nhận thức về Đảng (NTVD, có giá trị 60 tháng)" in text
    lines = csv_file.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[0] == ("Mã lớp,Tên lớp,Mã chương trình,Từ ngày,Đến ngày,Điểm,Xếp loại,Hoàn thành,Số GCN,Ngày cấp,"
                        "Ghi chú")
    assert any(",NTVD," in line and ",Có," in line for line in lines[1:])


def test_command_line_mistakes_are_one_clear_line(demo_path, tmp_path, capsys):
    out = str(tmp_path / "x.pdf")
    assert run(demo_path, "plan", "--to", "31/12/2019", "--out", out) == 2
    assert "cần --from" in capsys.readouterr().err
    assert run(demo_path, "history", "--out", out) == 2
    assert "--trainee" in capsys.readouterr().err
    assert run(demo_path, "results", "--from", "01/01/2019", "--to", "31/12/2019", "--out",
               str(tmp_path / "x.docx")) == 2
    assert run(demo_path, "history", "--trainee", "999999999999", "--out", out) == 1
    assert "Không tìm thấy học viên" in capsys.readouterr().err
    assert run(demo_path, "nothing", "--from", "01/01/2019", "--to", "31/12/2019", "--out", out) == 2
    assert not (tmp_path / "x.pdf").exists()


def test_reports_over_an_empty_period_still_print(demo_path, tmp_path):
    for name in TITLES:
        out = tmp_path / f"{name}.pdf"
        assert run(demo_path, name, "--from", "01/01/1999", "--to", "31/12/1999", "--out", str(out)) == 0, name
        assert title_in(name, flat(out.read_bytes())), name


def _csv(demo_path, tmp_path, name: str) -> list[list[str]]:
    import csv

    out = tmp_path / f"{name}.csv"
    assert run(demo_path, name, "--from", "01/01/2019", "--to", "31/12/2019", "--out", str(out)) == 0
    return list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))


def test_csv_values_are_vietnamese_and_rounded_as_printed(demo_path, tmp_path):
    english = {"full_time", "part_time", "question", "instructor", "course", "whole_class", "total", "TOTAL"}
    for name in ("results-partners", "plan", "grades", "hours", "feedback", "instructors"):
        rows = _csv(demo_path, tmp_path, name)
        assert not english & {cell for row in rows for cell in row}, name
        for row in rows[1:]:
            for cell in row:
                if cell.replace(".", "", 1).replace("-", "", 1).isdigit() and "." in cell:
                    assert len(cell.split(".")[1]) <= 2, (name, cell)  # as the PDF rounds
    kinds = {row[1] for row in _csv(demo_path, tmp_path, "hours")[1:-1]}
    assert kinds <= {"Chuyên trách", "Kiêm chức"} and kinds
    groups = {row[0] for row in _csv(demo_path, tmp_path, "feedback")[1:]}
    assert "Theo giảng viên" in groups and "Tổng cộng" in groups


def test_hours_csv_has_the_difference_and_a_total_row(demo_path, tmp_path):
    rows = _csv(demo_path, tmp_path, "hours")
    header, body, total = rows[0], rows[1:-1], rows[-1]
    assert header[-1] == "Chênh lệch"
    for row in body:
        if row[5]:
            assert float(row[-1]) == pytest.approx(float(row[4]) - float(row[5]), abs=0.051)
    assert total[0] == "Tổng cộng"
    assert int(total[3]) == sum(int(row[3]) for row in body)
    assert float(total[4]) == pytest.approx(sum(float(row[4]) for row in body), abs=0.051)


def test_results_csv_keeps_its_documented_columns(demo_path, tmp_path):
    rows = _csv(demo_path, tmp_path, "results")
    assert ",".join(rows[0]) == CSV_HEADERS["results"]
    assert rows[-1][0] == "TOTAL"  # as the README documents


def _pdffonts(pdf: bytes, tmp_path) -> list[tuple[str, str]]:
    """(font name, emb column) of every font pdffonts lists."""
    import shutil
    import subprocess

    if shutil.which("pdffonts") is None:
        return []
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [(line.split()[0], line.split()[-5]) for line in out.splitlines()[2:] if line.strip()]


def test_every_font_of_every_report_is_embedded(demo_path, tmp_path):
    from app.outputs.reports import build_report, report_pdf
    from app.services.session import open_session
    from tests.pdf_helpers import fonts

    with open_session(demo_path, backup_on_start=False):
        for kind in REPORT_KINDS:
            if not kind.needs_period:
                continue
            period = ((dt.date(2019, 4, 1), dt.date(2019, 4, 30)) if kind.code == "registry"
                      else (dt.date(2015, 1, 1), dt.date(2020, 12, 31)))
            data = build_report(kind.code, *period)
            pdf = report_pdf(data, dt.date(2021, 1, 15))
            used = fonts(pdf)
            assert used and all(used.values()), (kind.code, used)
            assert b"/Helvetica" not in pdf, kind.code  # not even declared
            listed = _pdffonts(pdf, tmp_path)
            assert all(emb == "yes" for _name, emb in listed), (kind.code, listed)


def test_a_report_is_an_official_report_with_number_recipients_and_preparer(demo_path, tmp_path):
    from app.services import settings
    from app.services.session import open_session

    with open_session(demo_path, backup_on_start=False):
        with pytest.raises(Exception, match="Nơi nhận dòng 2 dài 101 ký tự; tối đa 100 ký tự"):
            settings.save_report_recipients(["Lưu: VT.", "x" * 101])
        assert settings.get_report_recipients() == ("Lưu: VT.",)  # nothing written
        settings.save_report_recipients(["- Ban Tuyên giáo Huyện ủy (để báo cáo);", "Lưu: VT."])
    dotted, numbered, attached = tmp_path / "a.pdf", tmp_path / "b.pdf", tmp_path / "c.pdf"
    base = ["results", "--from", "01/01/2019", "--to", "31/12/2019", "--date", "15/01/2020"]
    assert run(demo_path, *base, "--out", str(dotted)) == 0
    assert run(demo_path, *base, "--number", "12", "--out", str(numbered)) == 0
    assert run(demo_path, *base, "--number", "12", "--attachment", "--out", str(attached)) == 0
    text = flat(dotted.read_bytes())
    assert "Số: ……-BC/TTBDCT" in text
    assert "BÁO CÁO Kết quả đào tạo, bồi dưỡng Từ ngày 01/01/2019 đến ngày 31/12/2019" in text
    text = flat(numbered.read_bytes())
    assert "Số: 12-BC/TTBDCT" in text and "Si Ma Cai, ngày 15 tháng 01 năm 2020" in text
    last = " ".join(pages_text(numbered.read_bytes())[-1].split())
    for expected in ("Nơi nhận:", "- Ban Tuyên giáo Huyện ủy (để báo cáo);", "- Lưu: VT.", "NGƯỜI LẬP BIỂU",
                     "GIÁM ĐỐC"):
        assert expected in last, expected
    text = flat(attached.read_bytes())
    assert "(Kèm theo Báo cáo số 12-BC/TTBDCT ngày 15 tháng 01 năm 2020)" in text
    assert "KẾT QUẢ ĐÀO TẠO, BỒI DƯỠNG" in text and "GIÁM ĐỐC" not in text and "Nơi nhận" not in text


def test_report_number_in_state_style_and_initials():
    from app.domain.institution import Institution
    from app.printing.template import name_initials, report_number

    assert name_initials("Trung tâm Bồi dưỡng chính trị thành phố Buôn Ma Thuột") == "TTBDCT"
    assert name_initials("Trường Chính trị tỉnh Lào Cai") == "TCT"
    state = Institution(name="Trung tâm Chính trị huyện Si Ma Cai", header_style="state")
    assert report_number(state, "7") == "7/BC-TTCT" and report_number(state, "") == "……/BC-TTCT"


def test_history_of_a_namesake_without_citizen_id_by_name_and_birth(db_path, tmp_path, capsys):
    """Two people named Thào A Sử, neither with a CCCD: the name alone is refused with who matches
    and how to say which one (on the command line there is no list to pick from); the name with
    the birth date, or the birth year, prints that person's history."""
    from app.services.courses import CourseInput, add_course
    from app.services.enrolment import enrol_trainees
    from app.services.session import open_session
    from app.services.trainees import TraineeInput, add_trainee

    with open_session(db_path):
        add_trainee(TraineeInput("Thào A Sử", "1970", "Nam", "Mông", unit="Xã Sán Chải"))
        younger = add_trainee(TraineeInput("Thào A Sử", "12/04/1985", "Nam", "Mông", unit="Xã Bản Mế"),
                              confirmed=True)
        course = add_course(CourseInput("NTVD-2023-01", "NTVD", "Nhận thức về Đảng khóa I năm 2023", "06/03/2023",
                                        "10/03/2023"))
        enrol_trainees(course.id, [younger.id])
    out = tmp_path / "qt.csv"
    capsys.readouterr()
    assert run(db_path, "history", "--trainee", "Thào A Sử", "--out", str(out)) == 1
    err = capsys.readouterr().err
    assert "Có 2 học viên khớp" in err and "12/04/1985" in err and "1970" in err
    assert "chọn người trong danh sách" not in err and '--trainee "Thào A Sử 12/04/1985"' in err
    assert not out.exists()
    for typed in ("Thào A Sử 12/04/1985", "thao a su 1985", "Thào A Sử 12/4/1985"):
        assert run(db_path, "history", "--trainee", typed, "--out", str(out)) == 0, typed
        assert "NTVD-2023-01" in out.read_bytes().decode("utf-8-sig")
    assert run(db_path, "history", "--trainee", "Thào A Sử 1970", "--out", str(out)) == 0
    assert "NTVD-2023-01" not in out.read_bytes().decode("utf-8-sig")
    capsys.readouterr()
    assert run(db_path, "history", "--trainee", "Thào A Sử 1999", "--out", str(out)) == 1
    assert "Không có học viên Thào A Sử sinh năm 1999" in capsys.readouterr().err


def test_a_name_many_people_share_lists_five_and_counts_the_others(demo_path, tmp_path, capsys):
    assert run(demo_path, "history", "--trainee", "Nguyễn", "--out", str(tmp_path / "qt.pdf")) == 1
    err = capsys.readouterr().err
    listed = err.split(": ", 2)[2]
    assert listed.count("; ") == 5 and "người khác. Hãy ghi số CCCD" in err and "…." not in err
