"""The pre-printed certificate blank: its size, where each field goes by default, and the checks
on the places a user calibrates (millimetres from the blank's top-left corner, to the text's
baseline; sizes in points). Page geometry, without reportlab: the calibration dialog reads it
at once, :mod:`app.printing.certificates` draws with it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.domain.errors import ValidationError

# The blank is an A4 landscape sheet (preprinted_pdf in app.printing.certificates).
BLANK_WIDTH_MM, BLANK_HEIGHT_MM = 297.0, 210.0
MIN_SIZE_PT, MAX_SIZE_PT = 8.0, 30.0
SEAL_FIELD, MIN_SEAL_MM = "seal", 18.0  # a smaller QR code does not scan from a phone photo

# Fields of a certificate that the pre-printed mode places, with default positions (mm from the
# top-left corner of an A4 landscape blank) and font sizes; the user calibrates them.
PREPRINTED_FIELDS: dict[str, tuple[str, float, float, float]] = {
    "full_name": ("Họ và tên", 120, 88, 16),
    "birth": ("Ngày sinh", 120, 98, 14),
    "unit": ("Đơn vị", 120, 108, 14),
    "course_name": ("Tên lớp", 120, 118, 14),
    "period": ("Thời gian", 120, 128, 14),
    "venue": ("Địa điểm", 120, 138, 14),
    "result": ("Xếp loại", 120, 148, 14),
    "date_line": ("Ngày cấp", 190, 160, 13),
    # The QR code: x, y are its top-left corner, the third number its side in mm (not a font size).
    "seal": ("Mã QR (cỡ = cạnh, mm)", 137, 166, 24),
    "serial": ("Số", 40, 175, 12),
    "number": ("Số vào sổ", 40, 183, 12),
}


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


def positions_from(saved: Mapping[str, Sequence[float]]) -> list[FieldPosition]:
    """Every field at its saved place, a field not yet calibrated at its default place."""
    result = []
    for field in default_positions():
        custom = saved.get(field.key)
        if custom and len(custom) == 3:
            field = FieldPosition(field.key, field.label, *(float(v) for v in custom))
        result.append(field)
    return result


def _number(value: object, label: str, what: str, field: str) -> float:
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
            raise ValidationError(f"{label}: {what} \"{value}\" không phải là số.", field=field) from None
    if not math.isfinite(number):
        raise ValidationError(f"{label}: {what} \"{value}\" không phải là số.", field=field)
    return round(number, 1)


def check_positions(values: Mapping[str, Sequence[object]]) -> dict[str, tuple[float, float, float]]:
    """Validated positions ``{field: (x mm, y mm, size pt)}``; raises ValidationError naming the value
    that is wrong: ``field.x``, ``field.y`` or ``field.size`` (``field`` alone when the field is).

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
        x = _number(triple[0], label, "vị trí ngang", f"{key}.x")
        y = _number(triple[1], label, "vị trí dọc", f"{key}.y")
        size = _number(triple[2], label, "cỡ chữ", f"{key}.size")
        if not MIN_SIZE_PT <= size <= MAX_SIZE_PT:
            raise ValidationError(f"{label}: cỡ chữ {size:g} pt ngoài khoảng {MIN_SIZE_PT:g}–{MAX_SIZE_PT:g} pt.",
                                  field=f"{key}.size")
        if key == SEAL_FIELD and size < MIN_SEAL_MM:
            raise ValidationError(f"{label}: cạnh mã QR {size:g} mm quá nhỏ để quét (ít nhất {MIN_SEAL_MM:g} mm).",
                                  field=f"{key}.size")
        if key == SEAL_FIELD and (y + size + 4 > BLANK_HEIGHT_MM or x + size > BLANK_WIDTH_MM):
            raise ValidationError(f"{label}: mã QR (và mã kiểm tra in dưới nó) ra ngoài trang; hãy đặt cao hơn "
                                  "hoặc sang trái.",
                                  field=f"{key}.y" if y + size + 4 > BLANK_HEIGHT_MM else f"{key}.x")
        if not 0 <= x < BLANK_WIDTH_MM:
            raise ValidationError(f"{label}: vị trí ngang {x:g} mm nằm ngoài trang "
                                  f"(0–{BLANK_WIDTH_MM:g} mm).", field=f"{key}.x")
        text_height_mm = size * 25.4 / 72 * 0.7  # cap height: the top of the letters stays on the page
        if not text_height_mm <= y <= BLANK_HEIGHT_MM:
            raise ValidationError(f"{label}: vị trí dọc {y:g} mm nằm ngoài trang "
                                  f"({math.ceil(text_height_mm):g}–{BLANK_HEIGHT_MM:g} mm).", field=f"{key}.y")
        checked[key] = (x, y, size)
    return checked
