"""Sổ cấp giấy chứng nhận: every certificate of the period, cancelled and reissued ones marked."""

import datetime as dt
import io

from openpyxl import load_workbook

from app.cli import main
from app.services.certificates import cancel_certificate, issue_certificates, reissue_certificate
from app.services.documents import registry
from app.services.session import open_session
from tests.pdf_helpers import pages_text
from tests.unit.test_certificates import _class


def test_registry_rows_mark_cancelled_and_reissued(session):
    _class()
    issue_certificates("NTVD-2026-01", today=dt.date(2026, 3, 20))
    cancel_certificate("0001/2026", "Sai tên", today=dt.date(2026, 3, 21))
    reissue_certificate("0002/2026", "Học viên làm mất", today=dt.date(2026, 4, 1))
    rows = registry(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert [(r.number, r.full_name) for r in rows] == [
        ("0001/2026", "Lù Văn An"), ("0002/2026", "Giàng Thị Mỷ"), ("0003/2026", "Thào A Sử"),
        ("0004/2026", "Giàng Thị Mỷ")]
    assert rows[0].note == "Đã hủy: Sai tên"
    assert rows[3].note == "Cấp lại số 0002/2026 (Học viên làm mất)"
    assert registry(dt.date(2026, 3, 21), dt.date(2026, 12, 31))[0].number == "0004/2026"


def test_cli_print_registry_pdf_and_xlsx(db_path, tmp_path):
    with open_session(db_path):
        _class()
    main(["--db", str(db_path), "certificates", "issue", "--course", "NTVD-2026-01"])
    year = dt.date.today().year
    pdf, xlsx = tmp_path / "so.pdf", tmp_path / "so.xlsx"
    base = ["--db", str(db_path), "print", "registry", "--from", f"01/01/{year}", "--to", f"31/12/{year}"]
    assert main([*base, "--out", str(pdf)]) == 0
    text = " ".join(" ".join(pages_text(pdf.read_bytes())).split())
    assert "SỔ CẤP GIẤY CHỨNG NHẬN" in text and f"Từ ngày 01/01/{year} đến ngày 31/12/{year}" in text
    assert "Người nhận ký" in text and "Lù Văn An" in text
    assert main([*base, "--out", str(xlsx)]) == 0
    sheet = load_workbook(io.BytesIO(xlsx.read_bytes())).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert values[2][:4] == ("STT", "Số hiệu", "Số vào sổ", "Họ và tên")
    assert [r[3] for r in values[3:]] == ["Lù Văn An", "Giàng Thị Mỷ", "Thào A Sử"]
