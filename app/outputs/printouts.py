"""The printouts, by name: services give the rows, printing lays out the table and makes the PDF,
exchange the .xlsx.

Used by the command line and the window alike (``boiduong print DOC`` and the class's *In* tab
list the same documents). reportlab and openpyxl are imported inside the rendering functions
(start-up speed, see :mod:`app.outputs`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from app.domain.changes import Topic, writes
from app.domain.errors import NotFoundError, UserError
from app.domain.tables import TableDocument
from app.printing import blank
from app.printing import class_tables as layout
from app.services import certificate_settings as cert_settings
from app.services import documents as rows

Progress = Callable[[int, int], object]  # (pages done, pages)



@dataclass(frozen=True)
class ClassDocument:
    key: str
    title: str
    xlsx: bool = True  # also saved as Excel
    # The table of a class (by its code); None for the certificates and the feedback forms,
    # which are not tables.
    table: Callable[[str], TableDocument] | None = None


def _receipt(course_code: str) -> TableDocument:
    """The receipt list; refused, like the certificates, for a class with none issued."""
    heading, certificates = rows.receipt(course_code)
    if not certificates:
        raise UserError(f"Lớp {course_code} chưa có giấy chứng nhận nào được cấp: chưa có gì để ký nhận.")
    return layout.receipt_table(heading, certificates)


CLASS_DOCUMENTS: dict[str, ClassDocument] = {d.key: d for d in (
    ClassDocument("class-list", "Danh sách học viên",
                  table=lambda code: layout.class_list_table(*rows.class_list(code))),
    ClassDocument("sign-in", "Danh sách ký nhận tham dự lớp học",
                  table=lambda code: layout.sign_in_table(*rows.class_list(code))),
    ClassDocument("attendance", "Sổ điểm danh",
                  table=lambda code: layout.attendance_table(*rows.attendance_sheet(code))),
    ClassDocument("results", "Bảng kết quả học tập",
                  table=lambda code: layout.results_table(*rows.results_sheet(code))),
    ClassDocument("timetable", "Lịch học", table=lambda code: layout.timetable_table(*rows.timetable(code))),
    ClassDocument("receipt", "Danh sách nhận giấy chứng nhận", table=lambda code: _receipt(code)),
    ClassDocument("certificates", "Giấy chứng nhận", xlsx=False),
    ClassDocument("feedback-forms", "Phiếu phản hồi trống", xlsx=False),
)}


def class_document(key: str, course_code: str) -> TableDocument:
    """The table of the class document ``key`` (class-list, sign-in, attendance, results, timetable, receipt)."""
    document = CLASS_DOCUMENTS.get(key)
    if document is None or document.table is None:
        raise NotFoundError(f"Không có mẫu in \"{key}\".")
    return document.table(course_code)


def registry_document(start: dt.date, end: dt.date) -> TableDocument:
    """Sổ cấp giấy chứng nhận of the period, its rows streamed from the database as they are printed."""
    source, facts = rows.registry_source(start, end)
    return layout.registry_table(source, start, end, facts=facts)


def _signer():
    from app.printing.template import Signer
    from app.services.settings import get_institution

    institution = get_institution()
    return institution, Signer.for_institution(institution)


def sheet_heading(day: dt.date | None, *, number: str = "", wide: bool = False):
    """The institution's heading, the date line and the director's signing block as sheet text
    (an Excel file prints as the PDF does: the names broken where the PDF breaks them)."""
    from app.domain.formatting import date_line
    from app.exchange.xlsx_writer import SheetHeading
    from app.printing.template import PARTY_NAME, STATE_MOTTO, STATE_NAME, header_name_lines

    institution, signer = _signer()
    state = institution.header_style == "state"
    parent, name = header_name_lines(institution, wide=wide)
    left = ("\n".join(parent), "\n".join(name), *(() if state else ("*",)))
    right = (STATE_NAME, STATE_MOTTO) if state else (PARTY_NAME,)
    return SheetHeading(left, right, date_line(institution.place_name, day) if day else "",
                        f"Số: {number}" if number else "", tuple(signer.titles()), signer.name)


def table_pdf_bytes(document, day: dt.date, *, progress: Progress | None = None,
                    cancelled: Callable[[], bool] | None = None) -> bytes:
    """Any TableDocument as an official PDF signed by the director; ``progress(pages done, pages)``
    is told as pages are drawn, and :class:`~app.domain.errors.Cancelled` raised once ``cancelled()`` says so."""
    from app.printing.table_document import table_pdf

    institution, signer = _signer()
    return table_pdf(institution, document, day=day, signer=signer, progress=progress, cancelled=cancelled)


def class_pdf(key: str, course_code: str, day: dt.date, *, preprinted: bool = False,
              lesson_id: int | None = None, progress: Progress | None = None,
              cancelled: Callable[[], bool] | None = None) -> bytes:
    """The class document ``key`` as PDF bytes (``lesson_id`` only for the feedback forms); every
    one tells ``progress`` its pages as they are drawn and stops with
    :class:`~app.domain.errors.Cancelled` when ``cancelled()`` (:mod:`app.printing.progress`)."""
    if key == "certificates":
        return certificates_pdf(course_code, preprinted=preprinted, progress=progress, cancelled=cancelled)
    if key == "feedback-forms":
        return feedback_forms_pdf(course_code, lesson_id, progress=progress, cancelled=cancelled)
    if key == "class-list":
        with_photos = class_list_photos_pdf(course_code, day, progress=progress, cancelled=cancelled)
        if with_photos is not None:
            return with_photos
    return table_pdf_bytes(class_document(key, course_code), day, progress=progress, cancelled=cancelled)


def class_list_photos_pdf(course_code: str, day: dt.date, *, progress: Progress | None = None,
                          cancelled: Callable[[], bool] | None = None) -> bytes | None:
    """The class list with each trainee's photo, when the settings ask for photos and someone in
    the class has one; None otherwise (the plain list is printed)."""
    from app.services.photos import photos_of

    institution, signer = _signer()
    if not institution.class_list_photos:
        return None
    heading, people = rows.class_list(course_code)
    photos = photos_of(r.trainee_id for r in people)
    if not photos:
        return None
    from app.printing.photo_list import class_list_with_photos_pdf

    return class_list_with_photos_pdf(institution, layout.class_list_table(heading, people),
                                      [photos.get(r.trainee_id) for r in people], day=day, signer=signer,
                                      progress=progress, cancelled=cancelled)


def class_xlsx(key: str, course_code: str, day: dt.date | None = None) -> bytes:
    """The class document as Excel, with the heading, date line and signing block of its PDF."""
    from app.exchange.xlsx_writer import table_xlsx

    if not CLASS_DOCUMENTS[key].xlsx:
        raise UserError(f"{CLASS_DOCUMENTS[key].title} chỉ in ra PDF.")
    document = class_document(key, course_code)
    return table_xlsx(document, sheet_heading(day or dt.date.today(), wide=document.wide))


def certificates_pdf(course_code: str, *, preprinted: bool = False, numbers: Collection[str] | None = None,
                     progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> bytes:
    """The issued certificates of the class (all, or those whose numbers are given): the full design
    on the paper of the settings, or the fields at their calibrated places on pre-printed blanks.
    One page each, told to ``progress``; ``cancelled()`` stops the drawing (nothing is written:
    printing them is recorded only once the preview was really printed)."""
    from app.printing.certificates import certificates_pdf as render
    from app.printing.certificates import preprinted_pdf

    certificates = rows.certificate_rows(course_code, with_photos=not preprinted)
    if numbers is not None:
        wanted = set(numbers)
        certificates = [row for row in certificates if row.number in wanted]
    if not certificates:
        raise UserError(f"Lớp {course_code} chưa có giấy chứng nhận nào được cấp."
                        if numbers is None else "Không có giấy chứng nhận còn hiệu lực nào trong các dòng đã chọn.")
    institution, signer = _signer()
    from app.services.verification import course_seals

    seals = {number: (s.text, s.check) for number, s in course_seals(course_code).items()}
    if preprinted:
        return preprinted_pdf(institution, certificates, {f.key: f.as_tuple() for f in certificate_positions()},
                              seals=seals, progress=progress, cancelled=cancelled)
    return render(institution, certificates, signer=signer, paper=cert_settings.get_paper(), seals=seals,
                  progress=progress, cancelled=cancelled)


def calibration_test_pdf(positions: Mapping[str, Sequence[object]]) -> bytes:
    """The test page of the pre-printed blank (grid and field names) at ``positions``, checked first."""
    from app.printing.certificates import preprinted_pdf

    institution, _ = _signer()
    return preprinted_pdf(institution, [], blank.check_positions(positions), test_page=True)


def certificate_positions() -> list[blank.FieldPosition]:
    """Where each field goes on the pre-printed blank: as calibrated, else at its default place."""
    return blank.positions_from(cert_settings.saved_positions())


@writes(Topic.SETTINGS)
def save_certificate_positions(values: Mapping[str, Sequence[object]], *,
                               paper: str | None = None) -> list[blank.FieldPosition]:
    """Check the places typed (``12,5`` or ``12.5``) against the blank, then save them with the
    other fields' and the paper, when given, in one transaction; nothing is saved on a bad value."""
    merged = {f.key: f.as_tuple() for f in certificate_positions()}
    merged.update(blank.check_positions(values))
    cert_settings.store_positions(merged, paper=paper)
    return certificate_positions()


def feedback_forms_pdf(course_code: str, lesson_id: int | None = None, *, progress: Progress | None = None,
                       cancelled: Callable[[], bool] | None = None) -> bytes:
    """Blank feedback forms, one per trainee of the class, numbered 1..N (for the class or a lesson);
    pages told to ``progress``, the drawing stopped when ``cancelled()``."""
    from app.printing.feedback_forms import feedback_forms_pdf as render
    from app.services.feedback_forms import feedback_form_sheet
    from app.services.settings import get_institution

    return render(get_institution(), feedback_form_sheet(course_code, lesson_id), progress=progress,
                  cancelled=cancelled)


def registry_pdf(start: dt.date, end: dt.date, day: dt.date, *, progress: Progress | None = None,
                 cancelled: Callable[[], bool] | None = None) -> bytes:
    return table_pdf_bytes(registry_document(start, end), day, progress=progress, cancelled=cancelled)


def registry_xlsx(start: dt.date, end: dt.date, day: dt.date | None = None) -> bytes:
    from app.exchange.xlsx_writer import table_xlsx

    document = registry_document(start, end)
    return table_xlsx(document, sheet_heading(day or dt.date.today(), wide=document.wide))

