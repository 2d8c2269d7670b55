"""Report files by name (the Báo cáo tab and ``boiduong report``): services compute, printing and exchange render."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.domain.errors import UserError
from app.printouts import table_pdf_bytes


@dataclass(frozen=True)
class Report:
    key: str
    title: str


REPORTS: dict[str, Report] = {r.key: r for r in (
    Report("results", "Kết quả đào tạo, bồi dưỡng"),
    Report("registry", "Sổ cấp giấy chứng nhận"),
)}


def report_document(key: str, start: dt.date, end: dt.date):
    from app.services import documents, reports

    if key == "results":
        return reports.results_document(start, end)
    if key == "registry":
        return documents.registry_document(start, end)
    raise UserError(f"Không có báo cáo \"{key}\".")


def report_csv(key: str, start: dt.date, end: dt.date) -> bytes:
    """CSV for scripts and spreadsheets: UTF-8 with a byte-order mark (so Excel reads it right), header row."""
    import csv
    import io

    from app.exchange.xlsx_writer import FORMULA_TRIGGERS

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if key == "results":
        from app.services.reports import RESULTS_CSV_HEADER, results_by_program

        writer.writerow(RESULTS_CSV_HEADER)
        for r in results_by_program(start, end):
            writer.writerow([r.program_code, r.program_name, r.classes, r.enrolments, r.women, r.ethnic_minority,
                             r.party_members, r.completed, r.certificates])
    else:
        document = report_document(key, start, end)
        writer.writerow(document.headers)
        for row in document.cells:
            # Text a spreadsheet would run as a formula gets a leading apostrophe.
            writer.writerow(["'" + c if isinstance(c, str) and c.startswith(FORMULA_TRIGGERS) else c for c in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def report_file(key: str, start: dt.date, end: dt.date, suffix: str, day: dt.date) -> bytes:
    if suffix == ".csv":
        return report_csv(key, start, end)
    document = report_document(key, start, end)
    if suffix == ".pdf":
        return table_pdf_bytes(document, day)
    if suffix == ".xlsx":
        from app.exchange.xlsx_writer import table_xlsx

        return table_xlsx(document)
    raise UserError("Báo cáo lưu được dưới dạng .pdf, .xlsx hoặc .csv.")
