"""Certificates on paper: the body text of HD 154, the number, and the pre-printed mode."""

import datetime as dt

from app.cli import main
from app.domain.documents import CertificateRow
from app.domain.institution import Institution
from app.printing.certificates import certificates_pdf, preprinted_pdf
from app.printing.template import Signer
from app.services.session import open_session
from tests.pdf_helpers import fonts, pages_text
from tests.unit.test_certificates import _class

INSTITUTION = Institution(name="Trung tâm Bồi dưỡng chính trị huyện Si Ma Cai", parent_body="Huyện ủy Si Ma Cai",
                          place_name="Si Ma Cai", director_name="Giàng Seo Vần", deputy_name="Lù Thị Dợ")
ROW = CertificateRow("0125/2025", "AA 012345", "Thào A Sử", "12/04/1985", "Trưởng thôn Sín Chải, xã Sín Chéng",
                     "Bồi dưỡng nhận thức về Đảng khóa II năm 2025", dt.date(2025, 5, 6), dt.date(2025, 5, 10),
                     "Hội trường Trung tâm", "Giỏi", dt.date(2025, 5, 15))


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_full_design_reads_like_the_certificate():
    (text,) = pages_text(certificates_pdf(INSTITUTION, [ROW], signer=Signer.for_institution(INSTITUTION)))
    text = _flat(text)
    for expected in ("GIẤY CHỨNG NHẬN", "GIÁM ĐỐC TRUNG TÂM BỒI DƯỠNG CHÍNH TRỊ HUYỆN SI MA CAI", "CHỨNG NHẬN:",
                     "Đồng chí: Thào A Sử", "Sinh ngày: 12/04/1985", "Đơn vị: Trưởng thôn Sín Chải, xã Sín Chéng",
                     "Đã hoàn thành lớp: Bồi dưỡng nhận thức về Đảng khóa II năm 2025",
                     "Từ ngày 06/05/2025 đến ngày 10/05/2025, tại Hội trường Trung tâm", "Xếp loại: Giỏi",
                     "Số: AA 012345", "Số vào sổ: 0125/2025", "Si Ma Cai, ngày 15 tháng 5 năm 2025",
                     "Giàng Seo Vần", "ĐẢNG CỘNG SẢN VIỆT NAM"):
        assert expected in text, expected


def test_a5_and_deputy_signature_and_one_page_each():
    pdf = certificates_pdf(INSTITUTION, [ROW, ROW], signer=Signer.for_institution(INSTITUTION, deputy=True),
                           paper="A5")
    pages = pages_text(pdf)
    assert len(pages) == 2
    assert "K/T GIÁM ĐỐC" in pages[0] and "Lù Thị Dợ" in pages[0]
    assert all(fonts(pdf).values())


def test_preprinted_prints_fields_only_at_calibrated_places():
    (text,) = pages_text(preprinted_pdf(INSTITUTION, [ROW], {"full_name": (100, 80, 18)}))
    assert "Thào A Sử" in text and "GIẤY CHỨNG NHẬN" not in text and "GIÁM ĐỐC" not in text
    (test_page,) = pages_text(preprinted_pdf(INSTITUTION, [], test_page=True))
    assert "[Họ và tên]" in test_page and "[Số vào sổ]" in test_page


def test_cli_print_certificates_of_a_class(db_path, tmp_path):
    with open_session(db_path):
        _class()  # ended 06/03/2026, before today
    assert main(["--db", str(db_path), "certificates", "issue", "--course", "NTVD-2026-01"]) == 0
    out = tmp_path / "gcn.pdf"
    assert main(["--db", str(db_path), "print", "certificates", "--course", "NTVD-2026-01", "--out", str(out)]) == 0
    pages = pages_text(out.read_bytes())
    assert len(pages) == 3 and "Lù Văn An" in pages[0] and "Thào A Sử" in pages[2]
    blank = tmp_path / "phoi.pdf"
    assert main(["--db", str(db_path), "print", "certificates", "--course", "NTVD-2026-01", "--out", str(blank),
                 "--preprinted"]) == 0
    assert "GIẤY CHỨNG NHẬN" not in pages_text(blank.read_bytes())[0]


def test_a_long_unit_and_venue_shrink_the_body_above_the_date_line():
    import io

    from pypdf import PdfReader
    from reportlab.lib.units import mm

    long_row = CertificateRow(
        "0125/2025", "0125/2025", "Nguyễn Thị Hương Giang Thảo", "12/04/1985",
        "Phó Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam xã Quan Hồ Thẩn, huyện Si Ma Cai, tỉnh Lào Cai",
        "Bồi dưỡng kiến thức quốc phòng và an ninh cho đối tượng 4 khóa II năm 2025 (cán bộ, đảng viên các xã)",
        dt.date(2025, 5, 6), dt.date(2025, 5, 10), "Hội trường Ủy ban nhân dân xã Quan Hồ Thẩn, huyện Si Ma Cai",
        "Giỏi", dt.date(2025, 5, 15))
    pdf = certificates_pdf(INSTITUTION, [long_row], signer=Signer.for_institution(INSTITUTION))
    heights = {}

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            heights[text.strip()] = tm[5]

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    result_line = next(y for text, y in heights.items() if text.startswith("Xếp loại"))
    assert result_line >= 72 * mm  # the last line of the body stays above the date line


def test_a_long_field_on_a_preprinted_blank_shrinks_to_stay_on_the_paper():
    import io

    from pypdf import PdfReader
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from app.printing.fonts import SERIF

    unit = "Phó Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam xã Quan Hồ Thẩn, huyện Si Ma Cai, tỉnh Lào Cai"
    row = CertificateRow(**{**ROW.__dict__, "unit": unit})
    pdf = preprinted_pdf(INSTITUTION, [row], {"unit": (120, 108, 14)})
    sizes = {}

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip().startswith("Phó Chủ tịch"):
            sizes["unit"] = font_size * tm[0]

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    assert 8 <= sizes["unit"] < 14
    right_end = 120 * 72 / 25.4 + stringWidth(unit, SERIF, sizes["unit"])
    assert right_end <= landscape(A4)[0] - 15 * 72 / 25.4 + 0.5


def test_a_birth_year_alone_is_written_nam_sinh():
    from dataclasses import replace

    (text,) = pages_text(certificates_pdf(INSTITUTION, [replace(ROW, birth="1983")],
                                          signer=Signer.for_institution(INSTITUTION)))
    text = _flat(text)
    assert "Năm sinh: 1983" in text and "Sinh ngày" not in text


def test_list_birth_column_is_headed_by_what_it_holds():
    from app.domain.documents import ClassListRow, CourseHeading
    from app.printing.class_tables import class_list_table, sign_in_table
    from app.printing.table_document import table_pdf

    course = CourseHeading("NTVD-2025-02", "Bồi dưỡng nhận thức về Đảng", "NTVD", dt.date(2025, 5, 6),
                           dt.date(2025, 5, 10))

    def row(birth: str) -> ClassListRow:
        return ClassListRow("Thào A Sử", birth, "Nam", "Mông", "Trưởng thôn", True)

    years = class_list_table(course, [row("1983"), row("1990")])
    mixed = sign_in_table(course, [row("1983"), row("12/04/1985")])
    dates = class_list_table(course, [row("12/04/1985")])
    assert years.headers[2] == "Năm sinh"
    assert mixed.headers[2] == "Ngày, tháng, năm sinh"
    assert dates.headers[2] == "Ngày sinh"
    text = _flat(pages_text(table_pdf(INSTITUTION, years, day=dt.date(2025, 5, 10),
                                      signer=Signer.for_institution(INSTITUTION)))[0])
    assert "Năm sinh" in text and "1983" in text and "Ngày sinh" not in text
