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


def test_two_write_offs_at_once_cannot_overdraw_the_stock(session, monkeypatch):
    """Two PCs (two threads, each with its own connection) write off 3 of 4 blanks at the same
    moment: the second reads the balance only once the first is written, and is refused."""
    import threading

    from app.domain.errors import ValidationError
    from app.services.session import Session

    blank_stock.record_movement("received", 4)
    real = blank_stock.balance
    first_read, second_read, go_on = threading.Event(), threading.Event(), threading.Event()

    def balance() -> int:
        value = real()
        if threading.current_thread().name == "first":
            first_read.set()
            go_on.wait(30)  # the first holds its transaction open here
        else:
            second_read.set()
        return value

    monkeypatch.setattr(blank_stock, "balance", balance)
    said: dict[str, str] = {}

    def write_off() -> None:
        name = threading.current_thread().name
        try:
            blank_stock.record_movement("spoilt", 3, note="Phôi in lệch")
            said[name] = "ghi"
        except ValidationError as exc:
            said[name] = exc.message
        finally:
            Session.release_thread_connection()

    first = threading.Thread(target=write_off, name="first", daemon=True)
    first.start()
    assert first_read.wait(30)
    second = threading.Thread(target=write_off, name="second", daemon=True)
    second.start()
    # While the first is not written, the second must not get to read the balance.
    read_too_early = second_read.wait(1.5)
    go_on.set()
    first.join(30)
    second.join(30)
    assert not read_too_early, "the second write-off read the stock while the first was being written"
    assert said == {"first": "ghi", "second": "Chỉ còn 1 phôi trong kho."}
    monkeypatch.undo()
    assert blank_stock.balance() == 1
