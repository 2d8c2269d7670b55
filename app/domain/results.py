"""Results from scores, and who may receive a certificate."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from app.domain.errors import ValidationError
from app.domain.text import fold


@dataclass(frozen=True)
class Band:
    code: str
    name: str
    min_score: float
    passing: bool = True
    enabled: bool = True


def parse_score(text: str | float | Decimal | None) -> Decimal | None:
    """A score 0–10 in steps of 0.5, typed with a comma or a dot."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    try:
        value = Decimal(str(text).strip().replace(",", "."))
    except ArithmeticError:
        raise ValidationError(f"Điểm \"{text}\" không phải là số.", field="score") from None
    if not value.is_finite() or value < 0 or value > 10:
        raise ValidationError("Điểm phải từ 0 đến 10.", field="score")
    if (value * 2) != (value * 2).to_integral_value():
        raise ValidationError("Điểm chấm theo bước 0,5 (ví dụ 7 hoặc 7,5).", field="score")
    return value.quantize(Decimal("0.1"))


def band_for(score: Decimal | float | None, bands: Sequence[Band]) -> Band | None:
    """The enabled band with the highest threshold that the score reaches."""
    if score is None:
        return None
    for band in sorted((b for b in bands if b.enabled), key=lambda b: b.min_score, reverse=True):
        if float(score) >= band.min_score:
            return band
    return None


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: tuple[str, ...] = ()


def certificate_eligibility(*, course_ended: bool, scored: bool, result_passing: bool | None,
                            completed: bool, absences: int, lessons: int, threshold_pct: float,
                            override_reason: str | None = None) -> Eligibility:
    """Whether a trainee may receive the certificate, and if not, why (SPEC §2, HD 154)."""
    reasons = []
    if not course_ended:
        reasons.append("lớp chưa kết thúc")
    if scored and not result_passing:
        reasons.append("chưa có kết quả đạt")
    if not scored and not completed:
        reasons.append("chưa hoàn thành khóa học")
    too_many = lessons > 0 and absences * 100 > threshold_pct * lessons
    if too_many and not override_reason:
        reasons.append(f"vắng {absences}/{lessons} buổi, quá {threshold_pct:g}%")
    return Eligibility(not reasons, tuple(reasons))


def band_set_problem(bands: Sequence[Band]) -> tuple[str, str] | None:
    """Why a set of result bands cannot be used, as (field, Vietnamese message); None when it can.

    A band runs from its threshold up to the next enabled one; so the enabled bands must start at
    0 (no score without a result), have distinct thresholds (no overlap), each a score 0–10 in
    steps of 0,5, and a passing band never sits below a failing one.
    """
    codes = [b.code for b in bands]
    for band in bands:
        if not band.code:
            return "code", "Cần nhập mã xếp loại."
        if not band.name:
            return "name", f"Cần nhập tên xếp loại {band.code}."
        if codes.count(band.code) > 1:
            return "code", f"Mã xếp loại \"{band.code}\" bị trùng."
        first = next(b for b in bands if fold(b.name) == fold(band.name))
        if first is not band:  # one name, two bands: a results table would count it twice
            return "name", f"Tên xếp loại \"{band.name}\" bị trùng với {first.name} ({first.code})."
        if not 0 <= band.min_score <= 10 or (band.min_score * 2) != int(band.min_score * 2):
            return "min_score", f"{band.name}: điểm từ phải là số từ 0 đến 10, bước 0,5."
    enabled = sorted((b for b in bands if b.enabled), key=lambda b: b.min_score)
    if not enabled:
        return "enabled", "Cần ít nhất một xếp loại đang dùng."
    if enabled[0].min_score != 0:
        return "min_score", (f"Thang xếp loại để trống từ 0 đến dưới {_score(enabled[0].min_score)}: xếp loại thấp "
                             "nhất phải bắt đầu từ 0.")
    for lower, upper in itertools.pairwise(enabled):
        if lower.min_score == upper.min_score:
            return "min_score", (f"{lower.name} và {upper.name} cùng bắt đầu từ {_score(lower.min_score)} điểm "
                                 "(chồng lên nhau).")
        if lower.passing and not upper.passing:
            return "passing", f"{upper.name} (không đạt) không thể cao hơn {lower.name} (đạt)."
    return None


def _score(value: float) -> str:
    return f"{value:g}".replace(".", ",")
