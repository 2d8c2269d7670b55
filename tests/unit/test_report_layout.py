"""Small things a reader of the reports notices: section headings bold and kept with their rows,
no unit said twice, scores aligned alike everywhere."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.formatting import position_and_unit
from app.domain.institution import Institution
from app.domain.tables import TableColumn, TableDocument
from app.printing.fonts import SERIF_BOLD
from app.printing.table_document import table_pdf
from app.printing.template import Signer
from tests.pdf_helpers import pages_text, text_runs

INSTITUTION = Institution(name="Trung tâm Bồi dưỡng chính trị huyện Si Ma Cai", parent_body="Huyện ủy Si Ma Cai",
                          place_name="Si Ma Cai", director_name="Giàng Seo Vần")


def _sectioned(rows_before: int) -> TableDocument:
    """A report with three sections; the second heading falls after ``rows_before`` rows."""
    cells, headings = [], []
    for roman, count in (("I", rows_before), ("II", 2), ("III", 2)):
        headings.append(len(cells))
        cells.append((roman, f"PHẦN {roman}", ""))
        cells += [(str(i), f"Dòng {roman}.{i}", "1") for i in range(1, count + 1)]
    columns = [TableColumn("STT", 15, "center"), TableColumn("Nội dung", 200), TableColumn("Số", 30, "right")]
    return TableDocument("BÁO CÁO THỬ", "Năm 2019", columns, cells, notes=["Ghi chú."], wide=True,
                         headings=tuple(headings))


@pytest.mark.parametrize("rows_before", range(8, 30))
def test_a_section_heading_is_bold_and_never_the_last_row_of_a_page(rows_before):
    pdf = table_pdf(INSTITUTION, _sectioned(rows_before), day=dt.date(2019, 12, 31),
                    signer=Signer.for_institution(INSTITUTION))
    pages = pages_text(pdf)
    for number, page in enumerate(pages):
        rows = [line for line in page.splitlines() if line.startswith(("PHẦN", "Dòng"))
                or " PHẦN " in f" {line}" or "Dòng " in line]
        assert rows, number
        assert "PHẦN" not in rows[-1], (rows_before, number, rows[-3:])  # its rows follow it on the page
        headings = [r for r in text_runs(pdf, number) if r[0].startswith("PHẦN")]
        assert all(font == SERIF_BOLD for *_rest, font in headings), headings


def test_a_unit_is_not_said_twice():
    assert position_and_unit("Trưởng Ban Dân vận Huyện ủy", "Ban Dân vận Huyện ủy") == "Trưởng Ban Dân vận Huyện ủy"
    assert position_and_unit("Trưởng phòng Tư pháp", "Phòng Tư pháp") == "Trưởng phòng Tư pháp"
    assert (position_and_unit("Giảng viên chuyên trách", "Trung tâm Bồi dưỡng chính trị huyện")
            == "Giảng viên chuyên trách – Trung tâm Bồi dưỡng chính trị huyện")
    assert position_and_unit("", "Phòng Tư pháp") == "Phòng Tư pháp" and position_and_unit("Bí thư", None) == "Bí thư"


def test_demo_reports_do_not_repeat_units_and_align_scores_alike(demo_session):
    from app.outputs.printouts import CLASS_DOCUMENTS, class_document
    from app.outputs.reports import REPORT_KINDS, build_report
    from app.services.reports import feedback_report
    from app.store.models import Course

    start, end = dt.date(2019, 1, 1), dt.date(2019, 12, 31)
    hours = build_report("hours", start, end).document
    column = hours.headers.index("Chức vụ, đơn vị")
    for row in hours.cells:
        parts = row[column].split(" – ")
        assert len(parts) < 2 or parts[1].lower() not in parts[0].lower(), row[column]
    feedback = feedback_report(start, end).document
    assert [feedback.cells[i][1] for i in feedback.headings][:1] == ["THEO NỘI DUNG ĐÁNH GIÁ"]
    documents = [build_report(k.code, start, end).document for k in REPORT_KINDS if k.needs_period]
    course = Course.select().where(Course.start_date.between(start, end)).first()
    documents += [class_document(key, course.code) for key, d in CLASS_DOCUMENTS.items()
                  if d.table and key != "receipt"]
    score_columns = [c for d in documents for c in d.columns if c.header in ("Điểm", "Điểm trung bình")]
    assert score_columns and {c.align for c in score_columns} == {"right"}
