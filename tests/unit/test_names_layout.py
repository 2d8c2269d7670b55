"""Institution names wrap only between words, in balanced lines, and stay inside their room."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from itertools import pairwise

import pytest
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.domain.institution import Institution
from app.printing.certificates import LEFT_ROOM, certificates_pdf
from app.printing.fonts import SERIF_BOLD, register_fonts
from app.printing.names import balanced_lines, pieces
from app.printing.template import Signer
from tests.pdf_helpers import pages_text, text_runs
from tests.unit.test_print_certificates import ROW
from tests.unit.test_printing_base import COURSE, _rows, class_list_pdf

# The longest names of the catalogue and of the province archive, and a long one from elsewhere.
LONG_NAMES = (
    "Trung tâm Bồi dưỡng chính trị huyện Si Ma Cai",
    "Trung tâm Bồi dưỡng chính trị thành phố Buôn Ma Thuột",
    "Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên huyện Si Ma Cai",
    "Trường Chính trị tỉnh Lào Cai",
)
# Places and two-syllable words a line must never split.
WHOLE = ("SI MA CAI", "BUÔN MA THUỘT", "LÀO CAI", "CHÍNH TRỊ", "BỒI DƯỠNG", "TRUNG TÂM", "NHÂN DÂN", "ỦY BAN",
         "GIÁO DỤC", "THƯỜNG XUYÊN", "NGHỀ NGHIỆP")


def _never_split(lines: list[str]) -> None:
    for a, b in pairwise(lines):
        joint = f"{a.split()[-1]} {b.split()[0]}"
        for word in WHOLE:
            assert joint not in word, (a, b)


def test_the_name_breaks_before_its_administrative_unit():
    register_fonts()
    lines, size = balanced_lines("TRUNG TÂM BỒI DƯỠNG CHÍNH TRỊ HUYỆN SI MA CAI", SERIF_BOLD, 13, 80 * mm, min_size=12)
    assert lines == ["TRUNG TÂM BỒI DƯỠNG CHÍNH TRỊ", "HUYỆN SI MA CAI"] and 12 <= size <= 13
    assert pieces("HUYỆN ỦY SI MA CAI") == ["HUYỆN ỦY SI MA CAI"]
    assert pieces("TRUNG TÂM BỒI DƯỠNG CHÍNH TRỊ THÀNH PHỐ BUÔN MA THUỘT") == [
        "TRUNG TÂM", "BỒI DƯỠNG", "CHÍNH TRỊ", "THÀNH PHỐ BUÔN MA THUỘT"]


@pytest.mark.parametrize("name", LONG_NAMES)
@pytest.mark.parametrize("width_mm", [66, 72, 80, 112])  # the rooms of the headings
def test_long_names_break_only_between_words_and_fit(name, width_mm):
    register_fonts()
    lines, size = balanced_lines(name.upper(), SERIF_BOLD, 13, width_mm * mm, min_size=10)
    assert " ".join(lines) == name.upper()
    _never_split(lines)
    assert all(stringWidth(line, SERIF_BOLD, size) <= width_mm * mm for line in lines), (lines, size)


@pytest.mark.parametrize("style", ["party", "state"])
@pytest.mark.parametrize("name", LONG_NAMES)
def test_document_header_lines_are_whole_words(style, name):
    institution = Institution(name=name, parent_body="Ủy ban nhân dân thành phố Buôn Ma Thuột",
                              place_name="Buôn Ma Thuột", director_name="Y Khoa Niê", header_style=style)
    pdf = class_list_pdf(institution, COURSE, _rows(2), day=dt.date(2025, 2, 5),
                         signer=Signer.for_institution(institution))
    lines = [" ".join(line.split()) for line in pages_text(pdf)[0].splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith(name.upper().split()[0]))
    name_lines = []
    for line in lines[start:]:
        name_lines.append(line)
        if " ".join(name_lines) == name.upper():
            break
    assert " ".join(name_lines) == name.upper(), lines[:12]
    assert len(name_lines) <= 3
    _never_split(name_lines)
    # Each line of the heading stays in its column: left of the party / state line.
    runs = text_runs(pdf)
    right = min(r[1] for r in runs if r[0].startswith(("ĐẢNG CỘNG SẢN", "CỘNG HÒA")))
    for text, x, _y, size, font in runs:
        if text in name_lines:
            assert x + stringWidth(text, font, size) <= right, text


@pytest.mark.parametrize("style", ["party", "state"])
def test_a_long_name_stays_inside_the_certificate_frame(style):
    name = "Trung tâm Bồi dưỡng chính trị thành phố Buôn Ma Thuột"
    institution = Institution(name=name, parent_body="Ủy ban nhân dân thành phố Buôn Ma Thuột",
                              place_name="Buôn Ma Thuột", director_name="Y Khoa Niê", header_style=style)
    pdf = certificates_pdf(institution, [ROW], signer=Signer.for_institution(institution))
    runs = text_runs(pdf)
    page_width = 297 * mm
    inner_left, inner_right = 13 * mm, page_width - 13 * mm
    heading = [r for r in runs if r[2] > 210 * mm - 40 * mm]  # the top 40 mm: the heading
    left_column = [r for r in heading if r[1] < page_width / 2]
    assert " ".join(t for t, *_ in left_column if "BUÔN MA THUỘT" in t or "TRUNG TÂM" in t or "CHÍNH" in t)
    limit = 75 * mm + LEFT_ROOM / 2
    for text, x, _y, size, font in left_column:
        assert inner_left < x and x + stringWidth(text, font, size) <= limit, text
    right_start = min(r[1] for r in heading if r[1] >= page_width / 2)
    assert limit <= right_start
    name_lines = [t for t, *_ in left_column if t not in ("*", "ỦY BAN NHÂN DÂN THÀNH PHỐ BUÔN MA THUỘT")]
    _never_split([t for t in name_lines if not t.startswith("ỦY BAN")])
    signer_line = [r for r in runs if r[0].startswith("GIÁM ĐỐC TRUNG TÂM")]
    assert signer_line
    for text, x, _y, size, font in signer_line:
        assert inner_left < x and x + stringWidth(text, font, size) < inner_right
    text = " ".join(pages_text(pdf)[0].split())
    assert "GIÁM ĐỐC TRUNG TÂM BỒI DƯỠNG CHÍNH TRỊ THÀNH PHỐ BUÔN MA THUỘT" in text


def test_an_overlong_signer_line_wraps_inside_the_frame_and_pushes_the_body_down():
    name = "Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên và Bồi dưỡng chính trị thành phố Buôn Ma Thuột"
    institution = Institution(name=name, parent_body="Thành ủy Buôn Ma Thuột", place_name="Buôn Ma Thuột",
                              director_name="Y Khoa Niê")
    runs = text_runs(certificates_pdf(institution, [replace(ROW, full_name="Thào A Sử")],
                                      signer=Signer.for_institution(institution)))
    signer = [r for r in runs if r[1] > 13 * mm and r[2] < 210 * mm - 65 * mm and r[2] > 210 * mm - 90 * mm
              and r[0].isupper() and r[0] != "CHỨNG NHẬN:"]
    assert len(signer) == 2, signer  # two lines
    for text, x, _y, size, font in signer:
        assert x + stringWidth(text, font, size) < 297 * mm - 13 * mm
    chung_nhan = next(r for r in runs if r[0] == "CHỨNG NHẬN:")
    dong_chi = next(r for r in runs if r[0].startswith("Đồng chí"))
    assert chung_nhan[2] < min(r[2] for r in signer) and dong_chi[2] < chung_nhan[2]
