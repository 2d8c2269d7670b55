"""Numbers are numbers in every Excel file (class documents, registry, reports), with the value and
the rounding the PDF shows; text stays text; formula-looking text stays a string."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from app.domain.formatting import parse_number
from app.domain.tables import TableColumn, TableDocument
from app.exchange.xlsx_writer import table_xlsx


def _header_row(sheet, document: TableDocument) -> int:
    for row in sheet.iter_rows(min_row=1, max_row=12):
        if tuple(cell.value for cell in row[:len(document.columns)]) == document.headers:
            return row[0].row
    raise AssertionError("no header row")


def check_numbers(document: TableDocument) -> int:
    """Every cell of the workbook against the document; returns how many numbers were checked."""
    sheet = load_workbook(io.BytesIO(table_xlsx(document))).active
    first = _header_row(sheet, document) + 1
    checked = 0
    lines = [*document.cells, *((document.footer,) if document.footer is not None else ())]
    for offset, values in enumerate(lines):
        for col, (column, text) in enumerate(zip(document.columns, values, strict=True), start=1):
            cell = sheet.cell(row=first + offset, column=col)
            parsed = parse_number(text, plain=True) if column.numeric and text else None
            if parsed is not None:
                assert cell.data_type == "n", (column.header, text, cell.value)
                assert cell.value == pytest.approx(parsed[0]), (column.header, text, cell.value)
                assert cell.number_format != "General", (column.header, text)
                if column.kind == "signed":
                    assert cell.number_format.startswith("+"), cell.number_format
                checked += 1
            else:
                assert cell.value in (text, None if text == "" else text), (column.header, text, cell.value)
                if text:
                    assert cell.data_type == "s", (column.header, text)
    return checked


def test_signed_differences_numbers_and_text_side_by_side():
    document = TableDocument("T", "", [TableColumn("STT", 10, "center"), TableColumn("Mã", 20, "center"),
                                       TableColumn("Chênh lệch", 20, "right", kind="signed"),
                                       TableColumn("Ghi chú", 20)],
                             [("1", "010085001234", "+175", "=SUM(A1)"), ("1000", "0125/2025", "-12,5", "+84 912"),
                              ("3", "1983", "0", "-")])
    assert check_numbers(document) == 6  # STT and the differences; the codes stay text
    sheet = load_workbook(io.BytesIO(table_xlsx(document))).active
    row = _header_row(sheet, document) + 1
    assert sheet.cell(row=row, column=3).value == 175 and sheet.cell(row=row + 1, column=3).value == -12.5
    assert sheet.cell(row=row + 1, column=1).value == 1000
    assert sheet.cell(row=row, column=4).value == "=SUM(A1)" and sheet.cell(row=row, column=4).data_type == "s"
    assert sheet.cell(row=row, column=2).value == "010085001234"


def test_every_excel_file_of_the_demo_has_numbers_as_numbers(demo_session):
    from app.outputs.printouts import CLASS_DOCUMENTS, class_document, registry_document
    from app.outputs.reports import REPORT_KINDS, build_report
    from app.store.models import Certificate, Course, Enrollment

    start, end = dt.date(2019, 1, 1), dt.date(2019, 12, 31)
    total = 0
    for kind in REPORT_KINDS:
        if kind.needs_period:
            total += check_numbers(build_report(kind.code, start, end).document)
    total += check_numbers(registry_document(dt.date(2019, 4, 1), dt.date(2019, 4, 30)))
    course = (Course.select().join(Enrollment).join(Certificate).where(Course.start_date.between(start, end))
              .order_by(Course.start_date).first())
    for key, document in CLASS_DOCUMENTS.items():
        if document.xlsx:
            total += check_numbers(class_document(key, course.code))
    assert total > 1000


def test_hours_difference_is_a_signed_number(demo_session):
    from app.outputs.reports import build_report

    document = build_report("hours", dt.date(2019, 1, 1), dt.date(2019, 12, 31)).document
    column = document.headers.index("Chênh lệch")
    sheet = load_workbook(io.BytesIO(table_xlsx(document))).active
    first = _header_row(sheet, document) + 1
    values = [sheet.cell(row=first + i, column=column + 1) for i in range(len(document.cells))]
    assert any(c.value and c.value > 0 for c in values) and any(c.value and c.value < 0 for c in values)
    assert all(c.data_type == "n" and c.number_format.startswith("+") for c in values if c.value is not None)


def _print_checks(data: bytes, document: TableDocument, institution) -> None:
    """What a clerk sees printing the workbook as it is."""
    sheet = load_workbook(io.BytesIO(data)).active
    setup = sheet.page_setup
    assert setup.orientation == ("landscape" if document.wide else "portrait"), document.title
    assert int(setup.paperSize) == 9 and int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0  # A4, page width
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    header = _header_row(sheet, document)
    assert sheet.print_title_rows == f"${header}:${header}"  # the header row on every page
    above = [sheet.cell(row=r, column=c).value for r in range(1, header) for c in range(1, len(document.columns) + 1)]
    # the name in the lines the PDF breaks it into ("…CHÍNH TRỊ\nHUYỆN SI MA CAI")
    assert institution.name.upper() in [" ".join(v.split()) for v in above if isinstance(v, str)]
    assert document.title in above
    assert any(isinstance(v, str) and ", ngày " in v for v in above)  # the date line
    below = [sheet.cell(row=r, column=c).value for r in range(header + 1, sheet.max_row + 1)
             for c in range(1, len(document.columns) + 1)]
    if document.signed:
        assert "GIÁM ĐỐC" in below and institution.director_name in below
    for r in range(header + 1, header + 1 + len(document.cells)):  # wrapped rows tall enough
        longest = max((len(str(sheet.cell(row=r, column=c).value or "")) / max(1.0, sheet.column_dimensions[
            get_column_letter(c)].width) for c in range(1, len(document.columns) + 1)), default=0)
        if longest > 1.1:
            assert (sheet.row_dimensions[r].height or 15) >= 15 * min(int(longest), 2), (document.title, r)


def test_every_excel_file_prints_as_its_pdf(demo_session):
    from app.outputs.printouts import CLASS_DOCUMENTS, class_document, class_xlsx, registry_document, registry_xlsx
    from app.outputs.reports import REPORT_KINDS, build_report, report_xlsx
    from app.services.settings import get_institution
    from app.store.models import Certificate, Course, Enrollment

    institution = get_institution()
    start, end = dt.date(2019, 1, 1), dt.date(2019, 12, 31)
    for kind in REPORT_KINDS:
        if kind.needs_period:
            data = build_report(kind.code, start, end)
            _print_checks(report_xlsx(data, dt.date(2020, 1, 15)), data.document, institution)
    month = (dt.date(2019, 4, 1), dt.date(2019, 4, 30))
    _print_checks(registry_xlsx(*month, dt.date(2019, 5, 2)), registry_document(*month), institution)
    course = (Course.select().join(Enrollment).join(Certificate).where(Course.start_date.between(start, end))
              .order_by(Course.start_date).first())
    for key, document in CLASS_DOCUMENTS.items():
        if document.xlsx:
            _print_checks(class_xlsx(key, course.code, course.end_date), class_document(key, course.code),
                          institution)


def test_excel_converts_with_libreoffice_where_installed(demo_session, tmp_path):
    import shutil
    import subprocess

    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed here; the page setup is read back with openpyxl above")
    from app.outputs.printouts import class_xlsx
    from app.store.models import Course

    course = Course.select().where(Course.status == "finished").first()
    source = tmp_path / "ds.xlsx"
    source.write_bytes(class_xlsx("class-list", course.code, course.end_date))
    subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=120)
    from tests.pdf_helpers import pages_text

    text = " ".join(" ".join(pages_text((tmp_path / "ds.pdf").read_bytes())).split())
    assert "DANH SÁCH HỌC VIÊN" in text and "GIÁM ĐỐC" in text
