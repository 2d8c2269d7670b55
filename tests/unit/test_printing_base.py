"""The official page: header, date line, signature, tables that break with their header repeated."""

import datetime as dt

import pytest
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.domain.documents import ClassListRow, CourseHeading
from app.domain.formatting import date_line, format_decimal, format_int, format_percent
from app.domain.institution import Institution
from app.printing.class_tables import class_list_table
from app.printing.fonts import SERIF
from app.printing.table_document import table_pdf
from app.printing.template import Signer
from tests.pdf_helpers import fonts, pages_text

INSTITUTION = Institution(name="Trung tâm Bồi dưỡng chính trị huyện Si Ma Cai",
                          parent_body="Huyện ủy Si Ma Cai", place_name="Si Ma Cai",
                          director_name="Giàng Seo Vần", deputy_name="Lù Thị Dợ")
COURSE = CourseHeading("NTVD-2019-02", "Bồi dưỡng nhận thức về Đảng khóa II năm 2019",
                       "Bồi dưỡng nhận thức về Đảng", dt.date(2019, 5, 6), dt.date(2019, 5, 10),
                       "Hội trường Trung tâm")


def class_list_pdf(institution, course, rows, *, day, signer) -> bytes:
    return table_pdf(institution, class_list_table(course, rows), day=day, signer=signer)


def _rows(n: int) -> list[ClassListRow]:
    return [ClassListRow(f"Thào A Sử {i:03d}", "05/03/1980", "Nam", "Mông",
                         "Trưởng thôn Sín Chải, Ủy ban nhân dân xã Sín Chéng", i % 2 == 0) for i in range(n)]


def test_vietnamese_number_and_date_formats():
    assert format_int(14199) == "14.199"
    assert format_decimal(8.5) == "8,5"
    assert format_percent(1, 3) == "33,3%"
    assert date_line("Si Ma Cai", dt.date(2025, 2, 5)) == "Si Ma Cai, ngày 05 tháng 02 năm 2025"


@pytest.mark.parametrize(("day", "expected"), [
    (dt.date(2018, 4, 3), "ngày 03 tháng 4 năm 2018"),
    (dt.date(2025, 2, 15), "ngày 15 tháng 02 năm 2025"),
    (dt.date(2025, 1, 9), "ngày 09 tháng 01 năm 2025"),
    (dt.date(2025, 3, 1), "ngày 01 tháng 3 năm 2025"),
    (dt.date(2025, 10, 10), "ngày 10 tháng 10 năm 2025"),
    (dt.date(2025, 12, 31), "ngày 31 tháng 12 năm 2025"),
])
def test_date_line_pads_the_day_below_10_and_the_month_only_for_january_and_february(day, expected):
    # Nghị định 30/2020 Phụ lục I and Hướng dẫn 36-HD/VPTW write the date so.
    assert date_line("", day) == expected
    assert date_line("Si Ma Cai", day) == f"Si Ma Cai, {expected}"


def test_party_header_date_line_and_signature():
    pdf = class_list_pdf(INSTITUTION, COURSE, _rows(3), day=dt.date(2019, 5, 6),
                         signer=Signer.for_institution(INSTITUTION))
    (text,) = pages_text(pdf)
    for expected in ("HUYỆN ỦY SI MA CAI", "TRUNG TÂM BỒI DƯỠNG CHÍNH", "ĐẢNG CỘNG SẢN VIỆT NAM",
                     "Si Ma Cai, ngày 06 tháng 5 năm 2019", "DANH SÁCH HỌC VIÊN", "GIÁM ĐỐC",
                     "Giàng Seo Vần", "Thào A Sử 001"):
        assert expected in text, expected
    assert "Trang" not in text  # one page: no page number


def test_state_header_and_deputy_signature():
    state = Institution(**{**INSTITUTION.__dict__, "header_style": "state"})
    pdf = class_list_pdf(state, COURSE, _rows(2), day=dt.date(2019, 5, 6),
                         signer=Signer.for_institution(state, deputy=True))
    (text,) = pages_text(pdf)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "KT. GIÁM ĐỐC" in text and "PHÓ GIÁM ĐỐC" in text and "Lù Thị Dợ" in text
    assert "ĐẢNG CỘNG SẢN" not in text and "K/T" not in text
    assert "*" not in text  # the party asterisk has no place in a state document


def test_state_quoc_hieu_12_pt_and_motto_13_pt_party_deputy_k_t():
    from tests.pdf_helpers import text_runs

    state = Institution(**{**INSTITUTION.__dict__, "header_style": "state"})
    runs = text_runs(class_list_pdf(state, COURSE, _rows(2), day=dt.date(2019, 5, 6),
                                    signer=Signer.for_institution(state)))
    sizes = {text: size for text, _x, _y, size, _font in runs}
    assert sizes["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"] == 12 and sizes["Độc lập - Tự do - Hạnh phúc"] == 13
    (party,) = pages_text(class_list_pdf(INSTITUTION, COURSE, _rows(2), day=dt.date(2019, 5, 6),
                                         signer=Signer.for_institution(INSTITUTION, deputy=True)))
    assert "K/T GIÁM ĐỐC" in party and "KT." not in party and "Lù Thị Dợ" in party


def test_page_numbers_as_each_norm_wants():
    from reportlab.lib.pagesizes import A4

    from tests.pdf_helpers import text_runs

    state = Institution(**{**INSTITUTION.__dict__, "header_style": "state"})
    pdf = class_list_pdf(state, COURSE, _rows(60), day=dt.date(2019, 5, 6), signer=Signer.for_institution(state))
    pages = pages_text(pdf)
    assert len(pages) >= 3 and all("Trang" not in page for page in pages)
    top_margin = A4[1] - 20 * mm  # above the text frame

    def in_top_margin(page: int) -> list:
        return [r for r in text_runs(pdf, page) if r[2] > top_margin]

    assert in_top_margin(0) == []  # page 1 carries no number
    for number in range(2, len(pages) + 1):
        (mark,) = in_top_margin(number - 1)
        text, x, _y, size, font = mark
        assert text == str(number) and size == 13 and font == SERIF
        assert abs(x + stringWidth(text, font, size) / 2 - A4[0] / 2) < 0.5  # centred
    party = pages_text(class_list_pdf(INSTITUTION, COURSE, _rows(60), day=dt.date(2019, 5, 6),
                                      signer=Signer.for_institution(INSTITUTION)))
    assert all(f"Trang {i}/{len(party)}" in page for i, page in enumerate(party, start=1))


def test_every_font_is_embedded():
    pdf = class_list_pdf(INSTITUTION, COURSE, _rows(3), day=dt.date(2019, 5, 6),
                         signer=Signer.for_institution(INSTITUTION))
    used = fonts(pdf)
    assert used and all(used.values()), used
    assert not any("Helvetica" in name for name in used)


def test_a_300_trainee_list_breaks_across_pages_with_the_header_repeated():
    pdf = class_list_pdf(INSTITUTION, COURSE, _rows(300), day=dt.date(2019, 5, 6),
                         signer=Signer.for_institution(INSTITUTION))
    pages = pages_text(pdf)
    assert len(pages) > 5
    for number, text in enumerate(pages, start=1):
        assert "Họ và tên" in text and "Chức vụ – đơn vị" in text
        assert f"Trang {number}/{len(pages)}" in text
    everything = "\n".join(pages)
    assert all(f"Thào A Sử {i:03d}" in everything for i in range(300))
    assert "Giàng Seo Vần" in pages[-1]


def test_the_signature_never_stands_alone_on_the_last_page():
    for n in range(20, 60):  # some of these lengths end a page right before the signature
        pdf = class_list_pdf(INSTITUTION, COURSE, _rows(n), day=dt.date(2019, 5, 6),
                             signer=Signer.for_institution(INSTITUTION))
        last = pages_text(pdf)[-1]
        assert "Giàng Seo Vần" in last
        assert f"Thào A Sử {n - 1:03d}" in last, n  # the last trainee is on the signed page


def test_numbers_written_the_vietnamese_way_read_back():
    from app.domain.formatting import parse_number

    assert parse_number(format_int(14199)) == (14199, "int")
    assert parse_number(format_decimal(8.5)) == (8.5, "decimal")
    assert parse_number(format_percent(6, 7)) == (0.857, "percent")
    for text in ("010085001234", "0125/2025", "05/03/1980", "Giỏi", "1.2.3", "012"):
        assert parse_number(text) is None
