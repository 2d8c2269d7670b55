"""The printouts of a class, by name: services give the rows, printing makes the PDF, exchange the .xlsx.

The one place that composes the three rooms, used by the command line and the window alike
(``boiduong print DOC`` and the class's *In* tab list the same documents).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from app.domain.documents import CLASS_LIST_HEADERS, class_list_cells
from app.domain.formatting import format_date


@dataclass(frozen=True)
class ClassDocument:
    key: str
    title: str
    pdf: Callable[[str, dt.date], bytes]
    xlsx: Callable[[str], bytes] | None


def _signer():
    from app.printing.template import Signer
    from app.services.settings import get_institution

    institution = get_institution()
    return institution, Signer.for_institution(institution)


def class_list_pdf(course_code: str, day: dt.date) -> bytes:
    from app.printing.class_list import class_list_pdf as render
    from app.services.documents import class_list

    heading, rows = class_list(course_code)
    institution, signer = _signer()
    return render(institution, heading, rows, day=day, signer=signer)


def class_list_xlsx(course_code: str) -> bytes:
    from app.exchange.xlsx_writer import SheetColumn, write_table
    from app.services.documents import class_list

    heading, rows = class_list(course_code)
    widths = (6, 28, 12, 9, 10, 40, 9, 16)
    columns = [SheetColumn(h, w) for h, w in zip(CLASS_LIST_HEADERS, widths, strict=True)]
    subtitle = (f"Lớp {heading.name} (mã lớp {heading.code}), từ ngày {format_date(heading.start_date)} "
                f"đến ngày {format_date(heading.end_date)}")
    return write_table("DANH SÁCH HỌC VIÊN", columns, class_list_cells(rows), subtitle=subtitle)


def certificates_pdf(course_code: str, day: dt.date, *, preprinted: bool = False) -> bytes:
    """Every issued certificate of the class: full design, or the fields on pre-printed blanks."""
    from app.printing.certificates import certificates_pdf as render
    from app.printing.certificates import preprinted_pdf
    from app.services.documents import certificate_rows
    from app.services.settings import get_setting

    rows = certificate_rows(course_code)
    if not rows:
        from app.domain.errors import UserError

        raise UserError(f"Lớp {course_code} chưa có giấy chứng nhận nào được cấp.")
    institution, signer = _signer()
    if preprinted:
        return preprinted_pdf(institution, rows, get_setting("certificate.positions", {}))
    return render(institution, rows, signer=signer, paper=get_setting("certificate.paper", "A4"))


CLASS_DOCUMENTS: dict[str, ClassDocument] = {
    "certificates": ClassDocument("certificates", "Giấy chứng nhận", certificates_pdf, None),
    "class-list": ClassDocument("class-list", "Danh sách học viên", class_list_pdf, class_list_xlsx),
}


def registry_pdf(start: dt.date, end: dt.date, day: dt.date) -> bytes:
    from app.printing.registry import registry_pdf as render
    from app.services.documents import registry

    institution, signer = _signer()
    return render(institution, registry(start, end), start=start, end=end, day=day, signer=signer)


def registry_xlsx(start: dt.date, end: dt.date) -> bytes:
    from app.domain.documents import REGISTRY_HEADERS, registry_cells
    from app.exchange.xlsx_writer import SheetColumn, write_table
    from app.services.documents import registry

    widths = (6, 12, 12, 26, 12, 9, 10, 30, 36, 24, 10, 12, 14, 30)
    columns = [SheetColumn(h, w) for h, w in zip(REGISTRY_HEADERS, widths, strict=True)]
    return write_table("SỔ CẤP GIẤY CHỨNG NHẬN", columns, registry_cells(registry(start, end)),
                       subtitle=f"Từ ngày {format_date(start)} đến ngày {format_date(end)}", sheet_name="Sổ cấp GCN")
