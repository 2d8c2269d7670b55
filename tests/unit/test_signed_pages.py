"""One rule for every signed document: the signature never stands alone on the last page."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from app.outputs.reports import REPORT_KINDS, build_report, report_pdf
from app.services.settings import get_institution
from tests.pdf_helpers import pages_text

_PAGE_NUMBER = re.compile(r"^(Trang \d+/\d+|\d+)$")
SIGNING_LINES = {"GIÁM ĐỐC", "K/T GIÁM ĐỐC", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "NGƯỜI LẬP BIỂU", "Nơi nhận:"}


def beside_signature(page: str, signer_name: str, recipients: tuple[str, ...] = ()) -> list[str]:
    """The lines of a page that are neither the signing block (with "Nơi nhận" and "Người lập
    biểu" beside it) nor the page number."""
    lines = [" ".join(line.split()) for line in page.splitlines()]
    return [line for line in lines if line and line not in SIGNING_LINES and line != signer_name
            and line.lstrip("- ") not in recipients and not _PAGE_NUMBER.match(line)]


def demo_years() -> list[int]:
    from app.store.models import Course

    years = {c.start_date.year for c in Course.select(Course.start_date)}
    return sorted(years)


def test_a_page_with_only_the_signing_block_is_seen_as_alone():
    assert beside_signature("GIÁM ĐỐC\nNguyễn Văn A\nTrang 3/3\n", "Nguyễn Văn A") == []
    assert beside_signature("Tổng cộng 3 4\nGIÁM ĐỐC\nNguyễn Văn A\n", "Nguyễn Văn A") == ["Tổng cộng 3 4"]
    assert beside_signature("Nơi nhận:\n- Lưu: VT.\n NGƯỜI LẬP BIỂU\n GIÁM ĐỐC\n Nguyễn Văn A\nTrang 2/2\n",
                            "Nguyễn Văn A", ("Lưu: VT.",)) == []


def test_every_report_of_every_demo_year_signs_a_page_that_shows_the_report(demo_session):
    from app.services.settings import get_report_recipients

    institution = get_institution()
    recipients = get_report_recipients()
    years = demo_years()
    assert len(years) >= 7  # the 2015-2020 term and the current years
    checked = 0
    for year in years:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        for kind in REPORT_KINDS:
            if not kind.needs_period:
                continue
            pdf = report_pdf(build_report(kind.code, start, end), end)
            pages = pages_text(pdf)
            last = pages[-1]
            assert institution.director_name in last, (kind.code, year)
            assert beside_signature(last, institution.director_name, recipients), (kind.code, year, len(pages))
            checked += 1
    assert checked == len(years) * sum(1 for k in REPORT_KINDS if k.needs_period)


@pytest.mark.parametrize("lines", range(1, 60))
def test_the_rule_holds_for_a_report_with_charts_of_any_length(lines):
    """A synthetic report whose table grows one row at a time, with charts after it: whatever the
    length, the signed page holds a chart or rows."""
    from app.domain.institution import Institution
    from app.domain.tables import TableColumn, TableDocument
    from app.printing.charts import report_pdf as render
    from app.printing.template import Signer
    from app.services.reports import ChartData

    institution = Institution(name="Trung tâm Bồi dưỡng chính trị huyện Si Ma Cai", parent_body="Huyện ủy Si Ma Cai",
                              place_name="Si Ma Cai", director_name="Giàng Seo Vần")
    document = TableDocument("BÁO CÁO THỬ", "Năm 2019", [TableColumn("STT", 15), TableColumn("Nội dung", 120)],
                             [(str(i), f"Dòng {i}") for i in range(1, lines + 1)], notes=["Ghi chú."])
    charts = [ChartData("Số lớp theo năm", ("2018", "2019"), (("Số lớp", (3.0, 4.0)),))]
    pages = pages_text(render(institution, document, charts, day=dt.date(2019, 12, 31),
                              signer=Signer.for_institution(institution)))
    assert "Số lớp theo năm" in pages[-1] and "Giàng Seo Vần" in pages[-1]
    assert f"Dòng {lines}" in "".join(pages)
