"""The printouts, by name: services give the table, printing makes the PDF, exchange the .xlsx.

The one place that composes the three rooms, used by the command line and the window alike
(``boiduong print DOC`` and the class's *In* tab list the same documents).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.domain.errors import UserError


@dataclass(frozen=True)
class ClassDocument:
    key: str
    title: str
    xlsx: bool = True  # also saved as Excel


CLASS_DOCUMENTS: dict[str, ClassDocument] = {d.key: d for d in (
    ClassDocument("class-list", "Danh sách học viên"),
    ClassDocument("sign-in", "Danh sách ký nhận"),
    ClassDocument("attendance", "Sổ điểm danh"),
    ClassDocument("results", "Bảng kết quả học tập"),
    ClassDocument("timetable", "Lịch học"),
    ClassDocument("receipt", "Danh sách nhận giấy chứng nhận"),
    ClassDocument("certificates", "Giấy chứng nhận", xlsx=False),
)}


def _signer():
    from app.printing.template import Signer
    from app.services.settings import get_institution

    institution = get_institution()
    return institution, Signer.for_institution(institution)


def table_pdf_bytes(document, day: dt.date) -> bytes:
    """Any TableDocument as an official PDF signed by the director."""
    from app.printing.table_document import table_pdf

    institution, signer = _signer()
    return table_pdf(institution, document, day=day, signer=signer)


def class_pdf(key: str, course_code: str, day: dt.date, *, preprinted: bool = False) -> bytes:
    """The class document ``key`` as PDF bytes."""
    if key == "certificates":
        return certificates_pdf(course_code, preprinted=preprinted)
    from app.services.documents import class_document

    return table_pdf_bytes(class_document(key, course_code), day)


def class_xlsx(key: str, course_code: str) -> bytes:
    from app.exchange.xlsx_writer import table_xlsx
    from app.services.documents import class_document

    if not CLASS_DOCUMENTS[key].xlsx:
        raise UserError(f"{CLASS_DOCUMENTS[key].title} chỉ in ra PDF.")
    return table_xlsx(class_document(key, course_code))


def certificates_pdf(course_code: str, *, preprinted: bool = False) -> bytes:
    """Every issued certificate of the class: full design, or the fields on pre-printed blanks."""
    from app.printing.certificates import certificates_pdf as render
    from app.printing.certificates import preprinted_pdf
    from app.services.documents import certificate_rows
    from app.services.settings import get_setting

    rows = certificate_rows(course_code)
    if not rows:
        raise UserError(f"Lớp {course_code} chưa có giấy chứng nhận nào được cấp.")
    institution, signer = _signer()
    if preprinted:
        return preprinted_pdf(institution, rows, get_setting("certificate.positions", {}))
    return render(institution, rows, signer=signer, paper=get_setting("certificate.paper", "A4"))


def registry_pdf(start: dt.date, end: dt.date, day: dt.date) -> bytes:
    from app.services.documents import registry_document

    return table_pdf_bytes(registry_document(start, end), day)


def registry_xlsx(start: dt.date, end: dt.date) -> bytes:
    from app.exchange.xlsx_writer import table_xlsx
    from app.services.documents import registry_document

    return table_xlsx(registry_document(start, end))
