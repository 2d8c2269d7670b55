"""Reports: the article's figures on the demo term, and every column on small hand-built classes."""

import datetime as dt

import pytest

from app.cli import main
from app.services.courses import CourseInput, add_course, cancel_course
from app.services.reports import results_by_program
from app.store import db
from app.store.models import Enrollment, EthnicGroup, Trainee, person_keys

TERM = (dt.date(2015, 1, 1), dt.date(2020, 12, 31))
ARTICLE = {"TC": (3, 219), "DVM": (14, 918), "NTVD": (21, 1409), "NVCTD": (5, 449), "TGDV": (5, 665),
           "CNKT": (45, 3399), "SC": (4, 239)}


def test_demo_term_gives_the_articles_table(demo_session):
    rows = {r.program_code: r for r in results_by_program(*TERM)}
    assert (rows["TOTAL"].classes, rows["TOTAL"].enrolments) == (185, 14199)
    for code, (classes, enrolments) in ARTICLE.items():
        assert (rows[code].classes, rows[code].enrolments) == (classes, enrolments), code
    assert rows["QPAN4"].enrolments == 1432
    assert rows["DVM"].party_members == rows["DVM"].enrolments  # new members, all party members
    assert rows["NTVD"].party_members == 0  # candidates, not yet members when they studied


def _person(name, *, gender="M", ethnic="08", party=None):
    return Trainee.create(**person_keys(name, None, 1990), birth_year=1990, gender=gender,
                          ethnic_group=EthnicGroup.get(EthnicGroup.code == ethnic),
                          party_member=party is not None, party_joined_on=party)


def test_every_column_counts_what_its_name_says(session):
    first = add_course(CourseInput("A", "DVM", "Đầu kỳ", "01/01/2024", "05/01/2024"))
    last = add_course(CourseInput("B", "DVM", "Cuối kỳ", "31/12/2024", "31/12/2024"))
    outside = add_course(CourseInput("C", "DVM", "Ngoài kỳ", "01/01/2025", "03/01/2025"))
    cancelled = add_course(CourseInput("D", "NTVD", "Hủy", "01/06/2024", "03/06/2024"))
    with db.write():
        woman = _person("Giàng Thị Mỷ", gender="F", ethnic="08", party=dt.date(2020, 1, 1))
        kinh = _person("Nguyễn Văn An", ethnic="01", party=dt.date(2024, 6, 1))  # joined mid-year
        Enrollment.create(course=first, trainee=woman, completed=True)
        Enrollment.create(course=first, trainee=kinh, completed=False)
        Enrollment.create(course=last, trainee=woman, completed=True)
        Enrollment.create(course=last, trainee=kinh, completed=True)
        Enrollment.create(course=outside, trainee=woman)
        Enrollment.create(course=cancelled, trainee=woman)
    cancel_course("D", "Không đủ học viên")
    rows = results_by_program(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert [r.program_code for r in rows] == ["DVM", "TOTAL"]
    dvm = rows[0]
    assert (dvm.classes, dvm.enrolments, dvm.women, dvm.ethnic_minority, dvm.party_members, dvm.completed) == (
        2, 4, 2, 2, 3, 3)


def test_cli_results_csv_has_bom_header_and_total(demo_path, tmp_path):
    out = tmp_path / "kq.csv"
    assert main(["--db", str(demo_path), "report", "results", "--from", "01/01/2015", "--to", "31/12/2020",
                 "--out", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == ("program code,program name,classes,enrolments,women,ethnic minority,party members,"
                        "completed,certificates")
    assert lines[-1].startswith("TOTAL,Tổng cộng,185,14199,")


@pytest.mark.parametrize("suffix", [".pdf", ".xlsx"])
def test_cli_results_pdf_and_xlsx(demo_path, tmp_path, suffix):
    out = tmp_path / f"kq{suffix}"
    assert main(["--db", str(demo_path), "report", "results", "--from", "01/01/2015", "--to", "31/12/2020",
                 "--out", str(out)]) == 0
    if suffix == ".pdf":
        from tests.pdf_helpers import pages_text

        text = " ".join(" ".join(pages_text(out.read_bytes())).split())
        assert "BÁO CÁO Kết quả đào tạo, bồi dưỡng" in text and "14.199" in text and "Tổng cộng 185" in text
    else:
        import io

        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(out.read_bytes())).active
        totals = [row for row in sheet.iter_rows(values_only=True) if row[1] == "Tổng cộng"]
        assert totals and totals[0][2:4] == (185, 14199)  # numbers Excel can add up, not text


def test_a_period_counts_its_first_and_last_day_and_nothing_around_them(session):
    with db.write():
        person = _person("Sùng Seo Páo")
    for code, start in (("BEFORE", "28/02/2023"), ("FIRST", "01/03/2023"), ("LAST", "31/05/2023"),
                        ("AFTER", "01/06/2023")):
        course = add_course(CourseInput(code, "NVCTD", code, start, start))
        with db.write():
            Enrollment.create(course=course, trainee=person)
    rows = results_by_program(dt.date(2023, 3, 1), dt.date(2023, 5, 31))
    assert (rows[-1].classes, rows[-1].enrolments) == (2, 2)


def test_certificates_count_enrolments_with_an_issued_certificate(session):
    from app.store.models import Certificate

    course = add_course(CourseInput("A", "NVCTD", "Nghiệp vụ", "04/03/2024", "06/03/2024"))
    with db.write():
        got, reissued, cancelled, _without = (Enrollment.create(course=course, trainee=_person(n), completed=True)
                                              for n in ("Giàng A Sử", "Lù Seo Chớ", "Vàng Thị Mai", "Thào A Dình"))
        Certificate.create(enrollment=got, year=2024, number=1, issued_on=dt.date(2024, 3, 8))
        old = Certificate.create(enrollment=reissued, year=2024, number=2, issued_on=dt.date(2024, 3, 8))
        Certificate.create(enrollment=reissued, year=2024, number=5, issued_on=dt.date(2024, 4, 1), reissue_of=old)
        Certificate.create(enrollment=cancelled, year=2024, number=3, issued_on=dt.date(2024, 3, 8),
                           status="cancelled", cancel_reason="Sai tên")
    total = results_by_program(dt.date(2024, 1, 1), dt.date(2024, 12, 31))[-1]
    assert (total.enrolments, total.completed, total.certificates) == (4, 4, 2)  # a reissue is one person
