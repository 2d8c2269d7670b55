"""Certificate printing settings and the class's certificate list for the *In* tab.

Settings: where each field lands on a pre-printed blank (saved as checked by
:mod:`app.printing.blank`, which knows the blank; :mod:`app.outputs.printouts` puts the two
together) and the paper of the full design (A4 or A5 landscape), saved in one transaction.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from peewee import JOIN

from app.domain.changes import Topic, writes
from app.domain.errors import ValidationError
from app.domain.formatting import format_birth, format_int
from app.services.certificates import course_has_ended, eligibility, number_text
from app.services.courses import find_course
from app.services.settings import get_setting, put_setting
from app.store import db
from app.store.models import Certificate, CertificateCounter, Enrollment, Trainee

POSITIONS_KEY = "certificate.positions"
PAPER_KEY = "certificate.paper"
PAPERS: dict[str, str] = {"A4": "A4 ngang", "A5": "A5 ngang"}


def get_paper() -> str:
    paper = get_setting(PAPER_KEY, "A4")
    return paper if paper in PAPERS else "A4"


def saved_positions() -> dict[str, list[float]]:
    """The calibrated places as saved: {field: [x mm, y mm, size pt]} (fields never calibrated absent)."""
    saved = get_setting(POSITIONS_KEY, {}) or {}
    return saved if isinstance(saved, dict) else {}


@writes(Topic.SETTINGS)
def store_positions(positions: Mapping[str, Sequence[float]], *, paper: str | None = None) -> None:
    """Save the places of every field (already checked against the blank by
    :func:`app.printing.blank.check_positions`) and the paper, when given, in one transaction."""
    if paper is not None and paper not in PAPERS:
        raise ValidationError(f"Khổ giấy \"{paper}\" không dùng được (chọn A4 hoặc A5).", field="paper")
    values = {key: [float(v) for v in triple] for key, triple in positions.items()}
    if any(len(v) != 3 or not all(math.isfinite(x) for x in v) for v in values.values()):
        raise ValidationError("Vị trí trên phôi cần đủ ba số: ngang, dọc và cỡ chữ.")
    with db.write():
        put_setting(POSITIONS_KEY, values)
        if paper is not None:
            put_setting(PAPER_KEY, paper)


@writes(Topic.SETTINGS)
def save_paper(paper: str) -> str:
    """The paper of the full design: A4 or A5 landscape."""
    if paper not in PAPERS:
        raise ValidationError(f"Khổ giấy \"{paper}\" không dùng được (chọn A4 hoặc A5).", field="paper")
    with db.write():
        put_setting(PAPER_KEY, paper)
    return paper


# --- the year's numbering ---------------------------------------------------------------------

MAX_NUMBER = 999_999


def next_number(year: int) -> int:
    """The number the next certificate of ``year`` will get (``number_text`` writes it 0125/2025)."""
    counter = CertificateCounter.get_or_none(CertificateCounter.year == year)
    return (counter.last_number if counter else 0) + 1


@writes(Topic.CERTIFICATES)
def set_next_number(year: int, first: int) -> int:
    """Start ``year``'s numbering at ``first`` (a centre that already gave numbers on paper this
    year goes on after them). Never backwards: a number given once is never given again."""
    if not isinstance(first, int) or not 1 <= first <= MAX_NUMBER:
        raise ValidationError(f"Số giấy chứng nhận phải từ 1 đến {format_int(MAX_NUMBER)}.", field="first_number")
    with db.write():
        current = next_number(year)
        if first < current:
            raise ValidationError(
                f"Năm {year} đã cấp đến số {number_text(current - 1, year)}: số tiếp theo phải từ {current} trở lên "
                "(số đã cấp không dùng lại).", field="first_number")
        CertificateCounter.insert(year=year, last_number=first - 1).on_conflict(
            conflict_target=[CertificateCounter.year], update={CertificateCounter.last_number: first - 1}).execute()
    return first


# --- the class's certificate list -----------------------------------------------------------


@dataclass(frozen=True)
class CertificateLine:
    """One trainee of the class in the certificates panel."""

    enrollment_id: int
    full_name: str
    birth: str
    eligible: bool
    reasons: tuple[str, ...]
    certificate_id: int | None  # the valid certificate, else the last cancelled one
    number: str  # 0125/2025, '' when none
    status: str  # '' | issued | cancelled
    print_count: int = 0
    note: str = ""  # cancel reason, or which certificate this one replaced

    @property
    def verdict(self) -> str:
        return "Đủ điều kiện" if self.eligible else "Chưa đủ: " + "; ".join(self.reasons)


def certificate_lines(course_code: str, today: dt.date | None = None) -> tuple[bool, list[CertificateLine]]:
    """Whether the class has ended, and each trainee with eligibility and certificate (name order)."""
    today = today or dt.date.today()
    course = find_course(course_code)
    verdicts = eligibility(course, today)
    births = {e: format_birth(d, y) for e, d, y in
              Enrollment.select(Enrollment.id, Trainee.birth_date, Trainee.birth_year).join(Trainee)
              .where(Enrollment.course == course.id).tuples()}
    Original = Certificate.alias()
    query = (Certificate.select(Certificate, Original)
             .join(Enrollment, on=(Certificate.enrollment == Enrollment.id))
             .switch(Certificate)
             .join(Original, JOIN.LEFT_OUTER, on=(Certificate.reissue_of == Original.id))
             .where(Enrollment.course == course.id)
             .order_by(Certificate.id))
    current: dict[int, Certificate] = {}
    for cert in query:  # the valid one wins; otherwise the newest
        held = current.get(cert.enrollment_id)
        if held is None or cert.status == "issued" or held.status != "issued":
            current[cert.enrollment_id] = cert
    lines = []
    for row in verdicts:
        cert = current.get(row.enrollment_id)
        note = ""
        if cert is not None and cert.status == "cancelled":
            note = f"Đã hủy: {cert.cancel_reason or ''}"
        elif cert is not None and cert.reissue_of_id:
            note = f"Cấp lại thay số {number_text(cert.reissue_of.number, cert.reissue_of.year)}"
        lines.append(CertificateLine(
            row.enrollment_id, row.full_name, births.get(row.enrollment_id, ""), row.eligibility.eligible,
            row.eligibility.reasons, cert.id if cert else None,
            number_text(cert.number, cert.year) if cert else "", cert.status if cert else "",
            cert.print_count if cert else 0, note))
    return course_has_ended(course, today), lines
