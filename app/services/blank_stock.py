"""The stock of pre-printed certificate blanks (phôi giấy chứng nhận): received, used, spoilt.

Quantities are signed movements: received (+), used by printing on blanks (−), spoilt (−, a
misprint or a damaged blank, with a note), adjusted (±, after a count). The balance is their sum.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import fn

from app.domain.changes import Topic, writes
from app.domain.errors import ValidationError
from app.domain.text import clean
from app.store import db
from app.store.models import CertificateBlankStock

STOCK = "blank_stock"  # the name its writers take turns on (db.serialize)

KIND_NAMES = {"received": "Nhập phôi", "used": "In giấy chứng nhận", "spoilt": "Hỏng, hủy", "adjusted": "Điều chỉnh"}


@dataclass(frozen=True)
class Movement:
    id: int
    date: dt.date
    kind: str
    kind_name: str
    quantity: int
    serial_from: str
    serial_to: str
    note: str


def balance() -> int:
    """Blanks on hand: every movement added up."""
    return int(CertificateBlankStock.select(fn.COALESCE(fn.SUM(CertificateBlankStock.quantity), 0)).scalar())


def shortfall(pages: int) -> str | None:
    """Why printing ``pages`` certificates on blanks needs a second thought (the stock is empty or
    smaller than the pages), in Vietnamese; None when the stock covers them."""
    on_hand = balance()
    if pages <= 0 or on_hand >= pages:
        return None
    if on_hand < 0:  # printed on blanks after the stock was empty: the book is short
        return (f"Kho phôi giấy chứng nhận đã hết (sổ kho đang thiếu {-on_hand} phôi: đã in nhiều hơn số phôi "
                f"nhập), mà sắp in {pages} trang trên phôi.")
    if on_hand == 0:
        return f"Kho phôi giấy chứng nhận đã hết (còn 0 phôi), mà sắp in {pages} trang trên phôi."
    return f"Kho chỉ còn {on_hand} phôi giấy chứng nhận, không đủ cho {pages} trang sắp in."


def movements() -> list[Movement]:
    query = CertificateBlankStock.select().order_by(CertificateBlankStock.date.desc(), CertificateBlankStock.id.desc())
    return [Movement(m.id, m.date, m.kind, KIND_NAMES.get(m.kind, m.kind), m.quantity, m.serial_from or "",
                     m.serial_to or "", m.note or "") for m in query]


@writes(Topic.CERTIFICATES)
def record_movement(kind: str, quantity: int, *, day: dt.date | None = None, serial_from: str = "",
                    serial_to: str = "", note: str = "") -> None:
    """Receive blanks (a positive quantity), write off spoilt ones (a note is required), or adjust
    after a count (a note is required; the quantity may be negative)."""
    if kind not in ("received", "spoilt", "adjusted"):
        raise ValidationError("Loại nhập/xuất phôi không hợp lệ.", field="kind")
    if not isinstance(quantity, int) or quantity == 0 or (kind != "adjusted" and quantity < 0):
        raise ValidationError("Số lượng phải là số nguyên dương.", field="quantity")
    if kind in ("spoilt", "adjusted") and not clean(note):
        raise ValidationError("Cần ghi lý do (phôi hỏng, kiểm kê…).", field="note")
    signed = -quantity if kind == "spoilt" else quantity
    with db.write():  # the balance read inside the write, in turn: two write-offs cannot overdraw
        db.serialize(STOCK)
        left = balance()
        if signed < 0 and left + signed < 0:
            raise ValidationError(f"Chỉ còn {left} phôi trong kho.", field="quantity")
        CertificateBlankStock.create(date=day or dt.date.today(), quantity=signed, kind=kind,
                                     serial_from=serial_from or None, serial_to=serial_to or None, note=note or None)


@writes(Topic.CERTIFICATES, Topic.AUDIT)
def record_certificate_print(certificate_ids: list[int], *, on_blanks: int = 0, day: dt.date | None = None) -> None:
    """After a print of certificates: each keeps its number and counts one more print; printed on
    pre-printed blanks, that many blanks leave the stock. One transaction."""
    from app.services.certificates import record_reprint

    with db.write():
        record_reprint(certificate_ids)  # nested: one transaction with the stock movement
        if on_blanks:
            db.serialize(STOCK)
            CertificateBlankStock.create(date=day or dt.date.today(), quantity=-on_blanks, kind="used",
                                         note=f"In {on_blanks} giấy chứng nhận trên phôi")
