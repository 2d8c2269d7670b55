"""Sổ cấp giấy chứng nhận: every certificate of the period, cancelled and reissued ones marked."""

import datetime as dt
import io
from itertools import pairwise

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
    # No blank carries a serial of its own here: no "Số hiệu" column.
    header = next(i for i, row in enumerate(values) if row[0] == "STT")
    assert values[header][:3] == ("STT", "Số vào sổ", "Họ và tên")
    assert [r[2] for r in values[header + 1:header + 4]] == ["Lù Văn An", "Giàng Thị Mỷ", "Thào A Sử"]


def _row(i: int, serial: str = ""):
    from app.domain.documents import RegistryRow

    number = f"{i:04d}/2019"
    return RegistryRow(serial or number, number, f"Thào A Sử {i:03d}", "05/03/1980", "Nam", "Mông",
                       "Ủy ban nhân dân xã Sín Chéng", "Bồi dưỡng nhận thức về Đảng khóa II năm 2019",
                       "06/05–10/05/2019", "Giỏi", dt.date(2019, 5, 15), "", course_code="NTVD-2019-02")


def test_registry_pages_hold_twenty_certificates_on_one_line_each():
    from app.printing.class_tables import registry_table
    from app.printing.table_document import table_pdf
    from app.printing.template import Signer
    from tests.pdf_helpers import table_grid
    from tests.unit.test_class_documents import MM
    from tests.unit.test_printing_base import INSTITUTION

    rows = [_row(i) for i in range(1, 121)]
    document = registry_table(rows, dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    assert "Số hiệu" not in document.headers and "Mã lớp" in document.headers
    pdf = table_pdf(INSTITUTION, document, day=dt.date(2019, 12, 31), signer=Signer.for_institution(INSTITUTION))
    pages = pages_text(pdf)
    counts = [sum(1 for i in range(1, 121) if f"{i:04d}/2019" in page) for page in pages]
    assert sum(counts) == 120 and all(n >= 20 for n in counts[1:-1]), counts
    assert all("NTVD-2019-02" in page and "06/05–10/05/2019" in page for page in pages[:-1])
    assert "Bồi dưỡng nhận thức về Đảng khóa II" not in " ".join(pages)  # the class by its code
    _ys, xs = table_grid(pdf, 1, min_length=400)
    widths = [(b - a) / MM for a, b in pairwise(xs)]
    assert widths[document.headers.index("Người nhận ký")] >= 25


def test_serial_shown_only_where_it_differs_from_the_number():
    from app.printing.class_tables import registry_table

    document = registry_table([_row(1), _row(2, serial="AA 012345")], dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    column = document.headers.index("Số hiệu")
    assert [row[column] for row in document.cells] == ["", "AA 012345"]


def test_a_registry_of_ten_thousand_certificates_prints_each_number_whole():
    """The province's registry runs past 9,999 lines: "10001" stays one number in the STT column
    (it was cut into "1000" over "1"), and the columns still fill the page."""
    from app.domain.tables import RowSource
    from app.printing.class_tables import registry_table
    from app.printing.table_document import table_pdf
    from app.printing.template import Signer
    from tests.pdf_helpers import table_grid, text_runs
    from tests.unit.test_printing_base import INSTITUTION

    count = 10_001
    source = RowSource(count, lambda: ([_row(i % 9000 + 1) for i in range(start, min(count, start + 500))]
                                       for start in range(0, count, 500)))
    from app.domain.documents import RegistryFacts

    document = registry_table(source, dt.date(2019, 1, 1), dt.date(2019, 12, 31),
                              facts=RegistryFacts(count, False, ("05/03/1980",)))
    pdf = table_pdf(INSTITUTION, document, day=dt.date(2019, 12, 31), signer=Signer.for_institution(INSTITUTION))
    from pypdf import PdfReader

    last = len(PdfReader(io.BytesIO(pdf)).pages) - 1
    runs = [text for text, *_ in text_runs(pdf, last)]
    assert "10001" in runs and "9999" in [text for text, *_ in text_runs(pdf, last - 1)] + runs
    assert not any(text in ("1000", "1") for text in runs)
    _ys, xs = table_grid(pdf, last, min_length=400)
    assert abs((xs[-1] - xs[0]) - 252 * 72 / 25.4) < 1  # the frame's width, as before
