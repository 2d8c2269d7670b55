"""Calibrating the pre-printed blanks and choosing the paper: checked, saved in one go, and used
by the certificates that are printed; the class's certificate list the *In* tab shows."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.units import mm

from app.domain.errors import UserError, ValidationError
from app.outputs.printouts import certificate_positions, certificates_pdf, save_certificate_positions
from app.printing.blank import default_positions
from app.services.certificate_settings import certificate_lines, get_paper, save_paper, store_positions
from app.services.certificates import cancel_certificate, issue_certificates, reissue_certificate
from app.services.settings import get_setting
from app.store import db
from tests.pdf_helpers import pages_text
from tests.unit.test_certificates import AFTER, _class


def _by_key():
    return {f.key: f.as_tuple() for f in certificate_positions()}


def text_positions(pdf: bytes, page: int = 0) -> dict[str, list[tuple[float, float]]]:
    """Where each piece of text starts on the page, in points from the bottom-left corner."""
    found: dict[str, list[tuple[float, float]]] = {}

    def visit(text, _cm, tm, _font, _size):
        if text.strip():
            found.setdefault(text.strip(), []).append((round(tm[4], 1), round(tm[5], 1)))

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return found


def test_defaults_until_calibrated(session):
    assert certificate_positions() == default_positions()
    assert get_paper() == "A4"


def test_saving_positions_typed_with_a_comma_keeps_the_other_fields(session):
    revision = db.get_revision()
    save_certificate_positions({"full_name": ("100,5", "80", 18), "number": (35, 190.0, "11")}, paper="A5")
    positions = _by_key()
    assert positions["full_name"] == (100.5, 80.0, 18.0)
    assert positions["number"] == (35.0, 190.0, 11.0)
    assert positions["birth"] == (120.0, 98.0, 14.0)  # untouched: still the default
    assert get_paper() == "A5"
    assert db.get_revision() == revision + 1  # positions and paper: one transaction


@pytest.mark.parametrize(("values", "message"), [
    ({"full_name": (300, 80, 16)}, "Họ và tên: vị trí ngang 300 mm nằm ngoài trang"),
    ({"birth": (120, 215, 14)}, "Ngày sinh: vị trí dọc 215 mm nằm ngoài trang"),
    ({"birth": (120, -3, 14)}, "Ngày sinh: vị trí dọc -3 mm nằm ngoài trang"),
    ({"serial": (40, 175, 7)}, "Số: cỡ chữ 7 pt ngoài khoảng 8–30 pt"),
    ({"serial": (40, 175, 31)}, "Số: cỡ chữ 31 pt ngoài khoảng 8–30 pt"),
    ({"unit": ("abc", 100, 14)}, "Đơn vị: vị trí ngang \"abc\" không phải là số"),
    ({"unit": ("nan", 100, 14)}, "không phải là số"),
    ({"nickname": (1, 1, 12)}, "Không có trường"),
])
def test_a_value_off_the_page_is_refused_and_nothing_is_written(session, values, message):
    save_certificate_positions({"full_name": (110, 85, 16)})
    before, revision = get_setting("certificate.positions"), db.get_revision()
    with pytest.raises(ValidationError, match=message):
        save_certificate_positions({"date_line": (150, 150, 13), **values}, paper="A5")
    assert get_setting("certificate.positions") == before
    assert get_paper() == "A4" and db.get_revision() == revision


def test_the_store_saves_only_three_finite_numbers_per_field_and_a_known_paper(session):
    before, revision = get_setting("certificate.positions"), db.get_revision()
    for positions, paper in [({"full_name": (100, 80)}, None), ({"full_name": (100, 80, float("nan"))}, None),
                             ({"full_name": (100, 80, 16)}, "A3")]:
        with pytest.raises(ValidationError):
            store_positions(positions, paper=paper)
    assert get_setting("certificate.positions") == before and db.get_revision() == revision


def test_paper_is_a4_or_a5(session):
    assert save_paper("A5") == "A5" and get_paper() == "A5"
    with pytest.raises(ValidationError, match="A3"):
        save_paper("A3")
    assert get_paper() == "A5"


def test_printed_certificates_follow_the_paper_and_the_calibration(session):
    course = _class()
    issue_certificates(course.code, today=AFTER)
    save_paper("A5")
    pdf = certificates_pdf(course.code)
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == tuple(round(v) for v in landscape(A5))

    save_certificate_positions({"full_name": (100, 80, 18), "number": (30, 195, 12)})
    blank = certificates_pdf(course.code, preprinted=True)
    assert len(PdfReader(io.BytesIO(blank)).pages) == 3
    assert "GIẤY CHỨNG NHẬN" not in pages_text(blank)[0]
    where = text_positions(blank)
    height = landscape(A4)[1]
    assert where["Lù Văn An"] == [(round(100 * mm, 1), round(height - 80 * mm, 1))]
    # The number is printed twice: as số hiệu (no serial of its own: default place) and as số vào sổ.
    assert where["0001/2026"] == [(round(40 * mm, 1), round(height - 175 * mm, 1)),
                                  (round(30 * mm, 1), round(height - 195 * mm, 1))]


def test_a_selection_prints_only_its_certificates(session):
    course = _class()
    issue_certificates(course.code, today=AFTER)
    pages = pages_text(certificates_pdf(course.code, numbers=["0003/2026"]))
    assert len(pages) == 1 and "Thào A Sử" in pages[0]
    with pytest.raises(UserError, match="dòng đã chọn"):
        certificates_pdf(course.code, numbers=["0009/2026"])


def test_the_class_list_of_certificates_says_who_and_why_not(session):
    course = _class(scores=(8.5, 4.0, 9.0), absences=(0, 0, 2))
    ended, lines = certificate_lines(course.code, today=dt.date(2026, 3, 5))
    assert not ended and all("lớp chưa kết thúc" in line.reasons for line in lines)
    issue_certificates(course.code, today=AFTER)
    ended, lines = certificate_lines(course.code, today=AFTER)
    by_name = {line.full_name: line for line in lines}
    assert ended and [line.full_name for line in lines] == ["Lù Văn An", "Giàng Thị Mỷ", "Thào A Sử"]
    assert by_name["Thào A Sử"].number == "0001/2026" and by_name["Thào A Sử"].verdict == "Đủ điều kiện"
    assert by_name["Lù Văn An"].verdict == "Chưa đủ: chưa có kết quả đạt" and by_name["Lù Văn An"].number == ""
    assert by_name["Giàng Thị Mỷ"].reasons == ("vắng 2/5 buổi, quá 20%",)
    assert by_name["Thào A Sử"].birth == "1990"

    cancel_certificate("0001/2026", "In sai ngày sinh", today=AFTER)
    line = {x.full_name: x for x in certificate_lines(course.code, today=AFTER)[1]}["Thào A Sử"]
    assert (line.status, line.number, line.note) == ("cancelled", "0001/2026", "Đã hủy: In sai ngày sinh")
    reissue_certificate("0001/2026", "In sai ngày sinh", today=AFTER)
    line = {x.full_name: x for x in certificate_lines(course.code, today=AFTER)[1]}["Thào A Sử"]
    assert (line.status, line.number, line.note) == ("issued", "0002/2026", "Cấp lại thay số 0001/2026")
