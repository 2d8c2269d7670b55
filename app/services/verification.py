"""Certificates anyone can check: the seal printed on each one, checking a paper, the verification sheet.

The check code is keyed by the database's secret (:mod:`app.store.secret`); the secret leaves
this module only as check codes and as hashes keyed by check codes, never in plain.
See ``docs/certificate-verification.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.domain import seal as seals
from app.domain.dates import format_date
from app.domain.errors import ConflictError, ValidationError
from app.domain.formatting import format_birth
from app.domain.verification import RegistryEntry, SheetEntry, Verification, judge_code, judge_seal, unknown
from app.services.centre_code import centre_code
from app.services.certificates import number_text, parse_number
from app.store.models import Certificate, Course, Enrollment, Trainee
from app.store.secret import certificate_secret


def _secret() -> bytes:
    secret = certificate_secret()
    if secret is None:
        raise ConflictError("Cơ sở dữ liệu không có khóa để tính mã kiểm tra giấy chứng nhận (tệp có thể đã bị sửa "
                            "bằng công cụ khác). Hãy khôi phục từ một bản sao lưu còn tốt.")
    return secret


def _fields(cert: Certificate, centre: str) -> seals.SealFields:
    trainee, course = cert.enrollment.trainee, cert.enrollment.course
    return seals.seal_fields(centre=centre, number=number_text(cert.number, cert.year), full_name=trainee.full_name,
                             birth=format_birth(trainee.birth_date, trainee.birth_year), course_code=course.code,
                             issued_on=cert.issued_on)


def _certificates():
    return (Certificate.select(Certificate, Enrollment, Trainee, Course)
            .join(Enrollment).join(Trainee).switch(Enrollment).join(Course))


@dataclass(frozen=True)
class PrintedSeal:
    """What a certificate carries: the QR code's text and the check code printed under it."""

    text: str
    check: str


def course_seals(course_code: str) -> dict[str, PrintedSeal]:
    """The seal of every issued certificate of the class, by its number (``0125/2025``)."""
    from app.services.courses import find_course

    course = find_course(course_code)
    secret, centre = _secret(), centre_code()
    found = {}
    for cert in _certificates().where(Enrollment.course == course.id, Certificate.status == "issued"):
        sealed = _fields(cert, centre)
        code = seals.check_code(secret, sealed)
        found[sealed.number] = PrintedSeal(seals.seal_text(sealed, code), code)
    return found


def _entry(year: int, number: int, centre: str) -> RegistryEntry | None:
    cert = _certificates().where(Certificate.year == year, Certificate.number == number).first()
    if cert is None:
        return None
    newer = (Certificate.select(Certificate.number, Certificate.year).where(Certificate.reissue_of == cert.id)
             .order_by(Certificate.id.desc()).first())
    return RegistryEntry(_fields(cert, centre), cert.status, cert.cancel_reason or "", cert.cancelled_on,
                         number_text(newer.number, newer.year) if newer else "")


_TYPED_RE = re.compile(r"^\s*(?:số\s*)?(\d{1,6}\s*/\s*\d{4})[\s,;:\-]+(.+?)\s*$", re.IGNORECASE)


def split_typed(text: str) -> tuple[str, str] | None:
    """``0125/2025 ABCDE FGHIJ`` (a number and a check code, as typed from the paper), or None."""
    match = _TYPED_RE.match(text or "")
    if not match or not seals.is_check_code(match.group(2)):
        return None
    return match.group(1), seals.normalise_check(match.group(2))


def verify_text(text: str) -> Verification:
    """Check a certificate from its QR code's text, or from its number and check code typed in.

    Raises ValidationError when the text is neither (the message says what was expected).
    """
    secret, centre = _secret(), centre_code()
    if seals.looks_like_seal(text):
        try:
            seal = seals.parse_seal(text)
        except seals.SealError as exc:
            raise ValidationError(str(exc)) from None
        try:
            number, year = parse_number(seal.fields.number)
        except ValidationError:
            return unknown(seal.fields.number)
        return judge_seal(seal, _entry(year, number, centre), lambda f: seals.check_code(secret, f))
    typed = split_typed(text)
    if typed is None:
        raise ValidationError("Cần dán nội dung mã QR của giấy chứng nhận (GCN1|…), hoặc gõ số giấy và mã kiểm tra "
                              "in dưới mã QR, ví dụ: 0125/2025 ABCDE FGHIJ.")
    number_typed, check = typed
    number, year = parse_number(number_typed)
    entry = _entry(year, number, centre)
    if entry is None:
        return unknown(number_text(number, year))
    # The code printed with the registry's fields as they are now.
    expected = seals.check_code(secret, entry.fields)
    return judge_code(number_text(number, year), check, entry, expected)


# --- the verification sheet -----------------------------------------------------------------

def sheet_entries(year: int) -> tuple[str, list[SheetEntry]]:
    """The centre's code and, for every certificate numbered in ``year``, its status and keyed hashes."""
    secret, centre = _secret(), centre_code()
    New = Certificate.alias()
    replaced = {old: number_text(n, y) for old, n, y in
                New.select(New.reissue_of, New.number, New.year).where(New.reissue_of.is_null(False))
                .order_by(New.id).tuples()}
    lines = []
    for cert in _certificates().where(Certificate.year == year).order_by(Certificate.number):
        sealed = _fields(cert, centre)
        code = seals.check_code(secret, sealed)
        reissued_as = replaced.get(cert.id, "")
        status = "reissued" if reissued_as else cert.status
        lines.append(SheetEntry(sealed.number, status, format_date(cert.cancelled_on), reissued_as,
                                seals.sheet_hashes(sealed, code)))
    return centre, lines
