"""Date fields in Vietnamese: the calendar that drops down from a date field names its months and
weekdays in Vietnamese ("Tháng 12", "Thứ 2" … "CN") whatever the PC's regional format (an English
one wrote "December", "Mon")."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDateEdit

VIETNAMESE = QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)


def vietnamese_calendar(edit: QDateEdit) -> QDateEdit:
    """``edit`` with its calendar popup and its locale in Vietnamese; the shown date keeps the
    field's own display format (dd/MM/yyyy)."""
    edit.setLocale(VIETNAMESE)
    edit.setCalendarPopup(True)
    return edit
