"""The stock of pre-printed blanks: when a print needs a second thought, said in plain words."""

from __future__ import annotations

from app.services import blank_stock


def test_the_stock_covering_the_pages_exactly_asks_nothing(session):
    blank_stock.record_movement("received", 5)
    assert blank_stock.shortfall(5) is None
    assert blank_stock.shortfall(6) == "Kho chỉ còn 5 phôi giấy chứng nhận, không đủ cho 6 trang sắp in."


def test_a_stock_gone_below_zero_is_said_without_a_negative_count(session):
    """Printed on blanks after the stock was empty (the user said so): the next print is told that
    the book is short by so many blanks, not "còn -2 phôi"."""
    blank_stock.record_movement("received", 1)
    blank_stock.record_certificate_print([], on_blanks=3)
    assert blank_stock.balance() == -2
    said = blank_stock.shortfall(1)
    assert said is not None and "-2" not in said
    assert said == ("Kho phôi giấy chứng nhận đã hết (sổ kho đang thiếu 2 phôi: đã in nhiều hơn số phôi nhập), "
                    "mà sắp in 1 trang trên phôi.")
    assert blank_stock.shortfall(0) is None
