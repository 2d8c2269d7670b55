"""The reports of SPEC §5 by name (the Báo cáo tab and ``boiduong report``), and their files.

:data:`REPORT_KINDS` is the one list of reports: each kind carries the service that computes it.
One computed :class:`~app.services.reports.ReportData` gives the PDF (table, then its charts),
the .xlsx and the CSV, so the three cannot disagree with each other or with the screen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from app.domain.dates import format_date
from app.domain.errors import UserError
from app.printing.class_tables import registry_table
from app.services import reports as r
from app.services.documents import registry_source
from app.services.reports import ReportData

REGISTRY_CSV_HEADER = ("Số hiệu", "Số vào sổ", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Đơn vị", "Lớp",
                       "Thời gian", "Xếp loại", "Ngày cấp", "Ghi chú")


def _registry_report(start: dt.date, end: dt.date) -> ReportData:
    """Sổ cấp giấy chứng nhận of the period, with its CSV rows: both streamed from the database as
    they are written (20,000 certificates are never a list in memory)."""
    source, facts = registry_source(start, end)
    csv_rows = source.map(lambda _i, r: (r.serial, r.number, r.full_name, r.birth, r.gender, r.ethnic_group, r.unit,
                                         r.course_name, r.period, r.result, format_date(r.issued_on), r.note))
    return ReportData("registry", registry_table(source, start, end, facts=facts), REGISTRY_CSV_HEADER, csv_rows)


@dataclass(frozen=True)
class ReportKind:
    code: str  # the command line's NAME
    name: str
    description: str
    build: Callable[..., ReportData]  # (start, end); without a period (trainee, today)
    needs_period: bool = True  # False: the report is about one trainee
    official: bool = True  # printed as an official report (BÁO CÁO, its number, Nơi nhận)


REPORT_KINDS: tuple[ReportKind, ...] = (
    ReportKind("results", "Kết quả đào tạo, bồi dưỡng",
               "Số lớp, lượt học viên (nữ, dân tộc thiểu số, đảng viên), số hoàn thành và số "
               "giấy chứng nhận đã cấp theo chương trình; biểu đồ theo năm và theo chương trình.",
               r.results_report),
    ReportKind("results-partners", "Kết quả đào tạo theo đơn vị phối hợp",
               "Số lớp, lượt học viên, nữ, dân tộc thiểu số, đảng viên, hoàn thành, giấy chứng nhận "
               "theo từng đơn vị phối hợp mở lớp.", r.partners_report),
    ReportKind("plan", "Thực hiện kế hoạch",
               "Kế hoạch năm so với thực hiện theo từng chương trình, có tỷ lệ phần trăm.", r.plan_report),
    ReportKind("grades", "Kết quả học tập",
               "Số lượng và tỷ lệ xếp loại Giỏi, Khá, Trung bình, Không đạt theo chương trình.", r.grades_report),
    ReportKind("hours", "Giờ giảng",
               "Giờ chuẩn của từng giảng viên chuyên trách và kiêm chức so với định mức.", r.hours_report),
    ReportKind("feedback", "Phiếu phản hồi",
               "Mức độ hài lòng của học viên theo nội dung đánh giá, theo giảng viên và theo lớp trong kỳ.",
               r.feedback_report),
    ReportKind("instructors", "Giảng viên",
               "Đội ngũ giảng viên, khen thưởng, hội thi giảng viên giỏi và dự giờ trong kỳ.", r.staff_report),
    ReportKind("history", "Quá trình bồi dưỡng của học viên",
               "Các lớp một học viên đã học, kết quả và giấy chứng nhận đã được cấp.", r.history_report,
               needs_period=False, official=False),
    ReportKind("registry", "Sổ cấp giấy chứng nhận",
               "Giấy chứng nhận đã cấp trong kỳ: số hiệu, số vào sổ, người nhận, ghi chú.", _registry_report,
               official=False),
)
REPORTS_BY_CODE: dict[str, ReportKind] = {k.code: k for k in REPORT_KINDS}
SUFFIXES = (".pdf", ".xlsx", ".csv")


def build_report(key: str, start: dt.date | None = None, end: dt.date | None = None, *,
                 trainee: str | int = "", today: dt.date | None = None) -> ReportData:
    """The report ``key`` for the period [start, end] (or, for ``history``, for the trainee)."""
    kind = REPORTS_BY_CODE.get(key)
    if kind is None:
        raise UserError(f"Không có báo cáo \"{key}\".")
    if not kind.needs_period:
        return kind.build(trainee, today or dt.date.today())
    if start is None or end is None:
        raise UserError("Báo cáo cần kỳ báo cáo (từ ngày nào đến ngày nào).")
    return kind.build(start, end)


def held(data: ReportData) -> ReportData:
    """The report with its streamed rows read into memory once: for the screen, which shows every
    row (read on the worker, so that the window's thread never waits on the database)."""
    from dataclasses import replace

    from app.domain.tables import RowSource

    if not isinstance(data.document.cells, RowSource):
        return data
    cells = list(data.document.cells)
    csv_rows = list(data.csv_rows) if isinstance(data.csv_rows, RowSource) else data.csv_rows
    return replace(data, document=replace(data.document, cells=cells), csv_rows=csv_rows)


def report_pdf(data: ReportData, day: dt.date, *, number: str = "", attachment: bool = False,
               progress: Callable[[int, int], object] | None = None,
               cancelled: Callable[[], bool] | None = None) -> bytes:
    """The report as an official PDF signed by the director, its charts after the table: "BÁO CÁO"
    with its number (``number`` typed, or dots to fill by hand) and the "Nơi nhận:" of the settings;
    with ``attachment``, the table alone as the attachment of the report of that number and day."""
    from app.printing.charts import report_pdf as render
    from app.printing.template import ReportForm, Signer
    from app.services.settings import get_institution, get_report_recipients

    institution = get_institution()
    kind = REPORTS_BY_CODE.get(data.key)
    form = None
    if kind is not None and kind.official:
        form = ReportForm(number=number, recipients=get_report_recipients(), attachment=attachment,
                          report_day=day if attachment and number else None)
    return render(institution, data.document, data.charts, day=day, signer=Signer.for_institution(institution),
                  form=form, progress=progress, cancelled=cancelled)


def report_xlsx(data: ReportData, day: dt.date | None = None, *, number: str = "",
                progress: Callable[[int, int], object] | None = None,
                cancelled: Callable[[], bool] | None = None) -> bytes:
    """The report's table as Excel, with the heading, date line and signing block of its PDF; the
    table's rows are counted to ``progress`` as they are written, and the writing stops with
    :class:`~app.domain.errors.Cancelled` as soon as ``cancelled()``."""
    from app.exchange.xlsx_writer import table_xlsx
    from app.outputs.printouts import sheet_heading

    kind = REPORTS_BY_CODE.get(data.key)
    official = kind is not None and kind.official
    return table_xlsx(data.document, sheet_heading(day or dt.date.today(), wide=data.document.wide,
                                                   number=_number_text(number) if official else ""),
                      progress=progress, cancelled=cancelled)


def _number_text(number: str) -> str:
    from app.printing.template import report_number
    from app.services.settings import get_institution

    return report_number(get_institution(), number)


def report_csv(data: ReportData) -> bytes:
    """CSV for scripts and spreadsheets: UTF-8 with a byte-order mark (so Excel reads it right), header row.

    Vietnamese headers and values (the ``results`` CSV keeps the English columns the README
    documents); numbers are plain (14199, 85.7), rounded as the PDF and Excel show them; text a
    spreadsheet would run as a formula gets a leading apostrophe.
    """
    from app.exchange.csv_writer import csv_bytes

    return csv_bytes([data.csv_header, *data.csv_rows])


def render_report(data: ReportData, suffix: str, day: dt.date, *, number: str = "", attachment: bool = False,
                  progress: Callable[[int, int], object] | None = None,
                  cancelled: Callable[[], bool] | None = None) -> bytes:
    """The computed report as the bytes of a .pdf, .xlsx or .csv file (a PDF tells ``progress`` its
    pages as they are drawn, an .xlsx its table's rows as they are written; both stop with
    :class:`~app.domain.errors.Cancelled` when ``cancelled()``)."""
    if suffix == ".pdf":
        return report_pdf(data, day, number=number, attachment=attachment, progress=progress, cancelled=cancelled)
    if suffix == ".xlsx":
        return report_xlsx(data, day, number=number, progress=progress, cancelled=cancelled)
    if suffix == ".csv":
        return report_csv(data)
    raise UserError("Báo cáo lưu được dưới dạng .pdf, .xlsx hoặc .csv.")


def report_file(key: str, start: dt.date | None, end: dt.date | None, suffix: str, day: dt.date, *,
                trainee: str | int = "", number: str = "", attachment: bool = False,
                progress: Callable[[int, int], object] | None = None) -> bytes:
    if suffix not in SUFFIXES:
        raise UserError("Báo cáo lưu được dưới dạng .pdf, .xlsx hoặc .csv.")
    # ``progress`` hears of a PDF's pages only: the command line says "trang" (an .xlsx takes a second).
    return render_report(build_report(key, start, end, trainee=trainee, today=day), suffix, day, number=number,
                         attachment=attachment, progress=progress if suffix == ".pdf" else None)
