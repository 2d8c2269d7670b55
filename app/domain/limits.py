"""How long a typed text may be, and which years a date may have: one place for every form,
import and command.

Names (of people, classes, units) at most 100 characters, reasons, notes and comments at most
1,000, codes at most 40; dates between 1900 and 2100. The store applies the length limits to every
text field by its name (``app.store.fields``), so no path can write a longer one; services check
first where they can name the field in the message.
"""

from __future__ import annotations

from app.domain.errors import ValidationError

MAX_NAME = 100
MAX_TEXT = 1000
MAX_CODE = 40
MAX_SHORT = 255  # any other short text: what a server's VARCHAR column holds (SQLite would hold more)
MIN_YEAR = 1900
MAX_YEAR = 2100

_NAME_LABELS = {"full_name": "Họ và tên", "name": "Tên"}
_TEXT_LABELS = {"note": "Ghi chú", "comment": "Ý kiến"}
_SHORT_LABELS = {"position": "Chức vụ", "position_at_time": "Chức vụ", "unit": "Đơn vị", "unit_text": "Đơn vị",
                 "unit_at_time": "Đơn vị", "venue": "Địa điểm", "topic": "Nội dung bài giảng", "title": "Tên",
                 "theory_level": "Trình độ lý luận chính trị", "degree": "Học hàm, học vị", "audience": "Đối tượng",
                 "prize": "Giải", "text": "Câu hỏi", "label": "Nhãn", "phone": "Số điện thoại",
                 "document_number": "Số văn bản", "decision_number": "Số quyết định", "monitor": "Lớp trưởng"}


def limit_for(field_name: str) -> tuple[int, str] | None:
    """(most characters, Vietnamese label) for a stored text field, by its name; None: no limit here."""
    if field_name in _NAME_LABELS:
        return MAX_NAME, _NAME_LABELS[field_name]
    if field_name == "code":
        return MAX_CODE, "Mã"
    if field_name in _TEXT_LABELS:
        return MAX_TEXT, _TEXT_LABELS[field_name]
    if field_name == "reason" or field_name.endswith("_reason"):
        return MAX_TEXT, "Lý do"
    return None


def format_int(value: int) -> str:  # as app.domain.formatting does (which imports dates, which imports this)
    return f"{value:,}".replace(",", ".")


def check_length(text: str | None, limit: int, label: str, *, field: str | None = None) -> None:
    """Refuse a text longer than ``limit`` characters, saying how long it is."""
    if text is not None and len(text) > limit:
        raise ValidationError(f"{label} dài {format_int(len(text))} ký tự; tối đa {format_int(limit)} ký tự.",
                              field=field)


def check_field(field_name: str, text: str | None) -> None:
    """The length limit of a stored field, if it has one."""
    rule = limit_for(field_name)
    if rule is not None:
        check_length(text, rule[0], rule[1], field=field_name)


def check_short(field_name: str, text: str | None, limit: int = MAX_SHORT) -> None:
    """A short text field without a limit of its own holds at most ``limit`` characters on every
    database (a server refuses more; a file must not keep what a copy to the server would refuse)."""
    check_length(text, limit, _SHORT_LABELS.get(field_name, "Nội dung"), field=field_name)


def check_year(year: int, original: str = "") -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        shown = original.strip() or str(year)
        raise ValidationError(f"Ngày {shown}: năm phải từ {MIN_YEAR} đến {MAX_YEAR}.")
