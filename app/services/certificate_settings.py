"""Certificate printing settings and the class's certificate list for the *In* tab.

Settings: where each field lands on a pre-printed blank (x, y in millimetres from the blank's
top-left corner, font size in points) and the paper of the full design (A4 or A5 landscape).
They are checked before anything is written, and saved in one transaction.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from peewee import JOIN

from app.domain.changes import Topic, writes
from app.domain.documents import PREPRINTED_FIELDS
from app.domain.errors import ValidationError
from app.domain.formatting import format_birth
from app.services.certificates import course_has_ended, eligibility, number_text
from app.services.courses import find_course
from app.services.settings import get_setting, put_setting
from app.store import db
from app.store.models import Certificate, Enrollment, Trainee

POSITIONS_KEY = "certificate.positions"
PAPER_KEY = "certificate.paper"
PAPERS: dict[str, str] = {"A4": "A4 ngang", "A5": "A5 ngang"}
# The pre-printed blank is an A4 landscape sheet (app.printing.certificates.preprinted_pdf).
BLANK_WIDTH_MM, BLANK_HEIGHT_MM = 297.0, 210.0
MIN_SIZE_PT, MAX_SIZE_PT = 8.0, 30.0


@dataclass(frozen=True)
class FieldPosition:
    """One field of the pre-printed blank: where its text starts (baseline) and its size."""

    key: str
    label: str
    x_mm: float
    y_mm: float
    size_pt: float

    def as_tuple(self) -> tuple[float, float, float]:
        return (self.x_mm, self.y_mm, self.size_pt)


def default_positions() -> list[FieldPosition]:
    return [FieldPosition(key, label, float(x), float(y), float(size))
            for key, (label, x, y, size) in PREPRINTED_FIELDS.items()]


def get_positions() -> list[FieldPosition]:
    """The calibrated positions, a field not yet calibrated at its default place."""
    saved = get_setting(POSITIONS_KEY, {}) or {}
    result = []
    for field in default_positions():
        custom = saved.get(field.key)
        if custom and len(custom) == 3:
            field = FieldPosition(field.key, field.label, *(float(v) for v in custom))
        result.append(field)
    return result


def get_paper() -> str:
    paper = get_setting(PAPER_KEY, "A4")
    return paper if paper in PAPERS else "A4"


def _number(value: object, label: str, what: str) -> float:
    """A number typed the Vietnamese way (``12,5``) or the English way (``12.5``)."""
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value or "").strip().replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise ValidationError(f"{label}: {what} \"{value}\" không phải là số.") from None
    if not math.isfinite(number):
        raise ValidationError(f"{label}: {what} \"{value}\" không phải là số.")
    return round(number, 1)


def check_positions(values: Mapping[str, Sequence[object]]) -> dict[str, tuple[float, float, float]]:
    """Validated positions ``{field: (x mm, y mm, size pt)}``; raises ValidationError naming the field.

    ``x`` must lie on the blank (0–297 mm), ``y`` too (0–210 mm, the text's baseline below the
    top edge by at least the text's height), the size within 8–30 pt.
    """
    labels = {key: label for key, (label, *_rest) in PREPRINTED_FIELDS.items()}
    checked: dict[str, tuple[float, float, float]] = {}
    for key, triple in values.items():
        if key not in labels:
            raise ValidationError(f"Không có trường \"{key}\" trên phôi giấy chứng nhận.", field=key)
        label = labels[key]
        if len(triple) != 3:
            raise ValidationError(f"{label}: cần đủ vị trí ngang, dọc và cỡ chữ.", field=key)
        x = _number(triple[0], label, "vị trí ngang")
        y = _number(triple[1], label, "vị trí dọc")
        size = _number(triple[2], label, "cỡ chữ")
        if not MIN_SIZE_PT <= size <= MAX_SIZE_PT:
            raise ValidationError(f"{label}: cỡ chữ {size:g} pt ngoài khoảng {MIN_SIZE_PT:g}–{MAX_SIZE_PT:g} pt.",
                                  field=key)
        if not 0 <= x < BLANK_WIDTH_MM:
            raise ValidationError(f"{label}: vị trí ngang {x:g} mm nằm ngoài trang "
                                  f"(0–{BLANK_WIDTH_MM:g} mm).", field=key)
        text_height_mm = size * 25.4 / 72 * 0.7  # cap height: the top of the letters stays on the page
        if not text_height_mm <= y <= BLANK_HEIGHT_MM:
            raise ValidationError(f"{label}: vị trí dọc {y:g} mm nằm ngoài trang "
                                  f"({math.ceil(text_height_mm):g}–{BLANK_HEIGHT_MM:g} mm).", field=key)
        checked[key] = (x, y, size)
    return checked


@writes(Topic.SETTINGS)
def save_positions(values: Mapping[str, Sequence[object]], *, paper: str | None = None) -> list[FieldPosition]:
    """Check and save the calibrated positions (and the paper, when given) in one transaction."""
    checked = check_positions(values)
    if paper is not None and paper not in PAPERS:
        raise ValidationError(f"Khổ giấy \"{paper}\" không dùng được (chọn A4 hoặc A5).", field="paper")
    merged = {f.key: list(f.as_tuple()) for f in get_positions()}
    merged.update({key: list(triple) for key, triple in checked.items()})
    with db.write():
        put_setting(POSITIONS_KEY, merged)
        if paper is not None:
            put_setting(PAPER_KEY, paper)
    return get_positions()


@writes(Topic.SETTINGS)
def save_paper(paper: str) -> str:
    """The paper of the full design: A4 or A5 landscape."""
    if paper not in PAPERS:
        raise ValidationError(f"Khổ giấy \"{paper}\" không dùng được (chọn A4 hoặc A5).", field="paper")
    with db.write():
        put_setting(PAPER_KEY, paper)
    return paper


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
