"""Report files by name (the Báo cáo tab and ``boiduong report``): services compute, printing and exchange render.

One computed :class:`~app.services.reports.ReportData` gives the PDF (table, then its charts),
the .xlsx and the CSV, so the three cannot disagree with each other or with the screen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.domain.errors import UserError
from app.services.reports import REPORT_KINDS, ReportData, build_report


@dataclass(frozen=True)
class Report:
    key: str
    title: str
    needs_period: bool = True


REPORTS: dict[str, Report] = {k.code: Report(k.code, k.name, k.needs_period) for k in REPORT_KINDS}
SUFFIXES = (".pdf", ".xlsx", ".csv")


def report_document(key: str, start: dt.date, end: dt.date):
    return build_report(key, start, end).document


def report_pdf(data: ReportData, day: dt.date) -> bytes:
    """The report as an official PDF signed by the director, its charts after the table."""
    from app.printing.charts import report_pdf as render
    from app.printing.template import Signer
    from app.services.settings import get_institution

    institution = get_institution()
    return render(institution, data.document, data.charts, day=day, signer=Signer.for_institution(institution))


def report_xlsx(data: ReportData) -> bytes:
    from app.exchange.xlsx_writer import table_xlsx

    return table_xlsx(data.document)


def report_csv(data: ReportData) -> bytes:
    """CSV for scripts and spreadsheets: UTF-8 with a byte-order mark (so Excel reads it right), header row.

    Numbers are plain (14199, 85.7); text a spreadsheet would run as a formula gets a leading apostrophe.
    """
    from app.exchange.csv_writer import csv_bytes

    return csv_bytes([data.csv_header, *data.csv_rows])


def render_report(data: ReportData, suffix: str, day: dt.date) -> bytes:
    """The computed report as the bytes of a .pdf, .xlsx or .csv file."""
    if suffix == ".pdf":
        return report_pdf(data, day)
    if suffix == ".xlsx":
        return report_xlsx(data)
    if suffix == ".csv":
        return report_csv(data)
    raise UserError("Báo cáo lưu được dưới dạng .pdf, .xlsx hoặc .csv.")


def report_file(key: str, start: dt.date | None, end: dt.date | None, suffix: str, day: dt.date, *,
                trainee: str = "") -> bytes:
    if suffix not in SUFFIXES:
        raise UserError("Báo cáo lưu được dưới dạng .pdf, .xlsx hoặc .csv.")
    return render_report(build_report(key, start, end, trainee=trainee, today=day), suffix, day)
