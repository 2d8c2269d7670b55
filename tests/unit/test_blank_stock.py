"""The stock of pre-printed certificate blanks: received, used by printing, spoilt, balance."""

import datetime as dt

import pytest

from app.domain.errors import ValidationError
from app.services import blank_stock
from app.services.certificates import issue_certificates
from app.store.models import Certificate, CertificateBlankStock
from tests.unit.test_certificates import _class


def test_receive_use_spoil_and_balance(session):
    _class()
    issue_certificates("NTVD-2026-01", today=dt.date(2026, 3, 20))
    blank_stock.record_movement("received", 100, serial_from="AA 000001", serial_to="AA 000100")
    ids = [c.id for c in Certificate.select()]
    blank_stock.record_certificate_print(ids, on_blanks=3)
    blank_stock.record_movement("spoilt", 2, note="Kẹt giấy")
    assert blank_stock.balance() == 95
    assert [m.kind for m in blank_stock.movements()] == ["spoilt", "used", "received"]
    assert all(c.print_count == 1 for c in Certificate.select())


@pytest.mark.parametrize("kind, quantity, note, message", [
    ("received", 0, "", "số nguyên dương"),
    ("received", -5, "", "số nguyên dương"),
    ("spoilt", 2, "", "lý do"),
    ("spoilt", 2, "hỏng", "Chỉ còn 0 phôi"),
    ("adjusted", -1, "", "lý do"),
])
def test_refused_movements_write_nothing(session, kind, quantity, note, message):
    with pytest.raises(ValidationError, match=message):
        blank_stock.record_movement(kind, quantity, note=note)
    assert CertificateBlankStock.select().count() == 0
