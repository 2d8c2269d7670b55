"""Long table documents at the speed of the paper (issue 15): drawn on the canvas from rows read
a block at a time, wrapped as reportlab's paragraphs wrap them, pages counted from row heights,
progress told a page at a time, and a cancel that stops the drawing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from reportlab.platypus import Paragraph

from app.cli import main
from app.domain.errors import Cancelled
from app.domain.tables import RowSource, TableColumn, TableDocument
from app.printing.fonts import SERIF, SERIF_BOLD, register_fonts
from app.printing.styles import styles
from app.printing.table_document import _Widths, table_pdf
from app.printing.template import Signer
from tests.pdf_helpers import pages_text
from tests.terminal import ctrl_c_while_drawing
from tests.unit.test_printing_base import INSTITUTION

SIGNER = Signer.for_institution(INSTITUTION)
TEXTS = ["Phó Bí thư chi bộ – xã Cán Hồ", "Trường Phổ thông Dân tộc nội trú huyện Si Ma Cai",
         "Cấp lại số 0180/2017 (Cấp lại do mất)", "BH-QPAN4-2026-01", "Ủy ban nhân dân xã Sín Chéng",
         "Công chức Văn phòng - Thống kê – xã Bản Mế", "x", "Nguyễn Thị Phương Thảo", "04/11/24 C",
         "Ngày, tháng, năm sinh", "Chuyên đề 1: Những nội dung cơ bản của Nghị quyết Đại hội XIII"]


@pytest.mark.parametrize("font", [SERIF, SERIF_BOLD])
@pytest.mark.parametrize("size", [8, 9, 11])
def test_cells_wrap_where_reportlab_paragraphs_wrap(font, size):
    """The canvas wrapper breaks each text into the same lines as a paragraph in a table cell,
    over column widths from 10 to 160 points (an over-long word cut inside as a last resort)."""
    register_fonts()
    widths = _Widths(font, size)
    style = styles()["cell"].clone("t", fontName=font, fontSize=size, leading=size * 1.2)
    compared = 0
    for text in TEXTS:
        for room in range(10, 161, 3):
            paragraph = Paragraph(text, style)
            paragraph.wrap(room, 10_000)
            expected = [" ".join(str(w) for w in line[1]) for line in paragraph.blPara.lines]
            got = [line for line, _width in widths.lines(text, room)]
            assert "".join(got).replace(" ", "") == text.replace(" ", "")  # nothing lost
            assert got == expected, (text, room)
            assert widths.count(text, room) == len(expected)
            compared += 1
    assert compared == len(TEXTS) * 51


def _document(cells, **extra) -> TableDocument:
    columns = [TableColumn("STT", 12, "center"), TableColumn("Họ và tên", 60), TableColumn("Đơn vị", 90)]
    return TableDocument("DANH SÁCH THỬ", "Năm 2026", columns, cells, notes=["Tổng số: nhiều."], **extra)


def _row(i: int) -> tuple[str, str, str]:
    return (str(i), f"Giàng Seo Chớ {i:04d}", "Ủy ban nhân dân xã Sín Chéng" + (" huyện Si Ma Cai" * (i % 3)))


class CountingSource(RowSource):
    """Rows made a block of 100 at a time; counts how often they are walked and never indexed."""

    def __init__(self, count: int):
        self.walks = 0
        self.blocks_made = 0

        def blocks():
            self.walks += 1
            for start in range(1, count + 1, 100):
                self.blocks_made += 1
                yield [_row(i) for i in range(start, min(count, start + 99) + 1)]
        super().__init__(count, blocks)

    def __getitem__(self, index):
        raise AssertionError("a streamed table is read in order, never by index")


def test_streamed_rows_are_walked_twice_and_print_as_the_same_rows_in_a_list():
    source = CountingSource(1000)
    streamed = table_pdf(INSTITUTION, _document(source), day=dt.date(2026, 3, 20), signer=SIGNER)
    listed = table_pdf(INSTITUTION, _document([_row(i) for i in range(1, 1001)]), day=dt.date(2026, 3, 20),
                       signer=SIGNER)
    assert source.walks == 2 and source.blocks_made == 20  # measured once, drawn once; 100 rows a block
    assert pages_text(streamed) == pages_text(listed)
    pages = pages_text(streamed)
    assert len(pages) > 20 and all(f"Trang {n}/{len(pages)}" in page for n, page in enumerate(pages, start=1))
    assert all("STT" in page and "Họ và tên" in page for page in pages)  # the header on every page
    assert "Giàng Seo Chớ 1000" in pages[-1] and "Giàng Seo Vần" in pages[-1]


def test_progress_counts_every_page_and_cancel_stops_at_the_next_one():
    told = []
    pdf = table_pdf(INSTITUTION, _document([_row(i) for i in range(1, 401)]), day=dt.date(2026, 3, 20),
                    signer=SIGNER, progress=lambda done, total: told.append((done, total)))
    pages = len(pages_text(pdf))
    assert told == [(n, pages) for n in range(1, pages + 1)]  # the total known from the first page on
    told.clear()
    with pytest.raises(Cancelled):
        table_pdf(INSTITUTION, _document([_row(i) for i in range(1, 401)]), day=dt.date(2026, 3, 20),
                  signer=SIGNER, progress=lambda done, total: told.append(done),
                  cancelled=lambda: len(told) >= 3)
    assert told == [1, 2, 3]
    with pytest.raises(Cancelled):  # asked while the rows are measured, too
        table_pdf(INSTITUTION, _document(CountingSource(2000)), day=dt.date(2026, 3, 20), signer=SIGNER,
                  progress=lambda done, total: told.append(done), cancelled=lambda: True)


def test_the_streamed_registry_has_the_rows_of_the_registry(demo_session, monkeypatch):
    from dataclasses import replace

    from app.services import documents

    monkeypatch.setattr(documents, "REGISTRY_BLOCK", 37)  # many blocks, one cut mid-year
    start, end = dt.date(2015, 1, 1), dt.date(2020, 12, 31)
    source, facts = documents.registry_source(start, end)
    rows = documents.registry(start, end)
    assert len(source) == facts.count == len(rows) > 1000
    assert [replace(r, year=0, sequence=0) for r in source] == rows
    assert facts.serials == any(r.serial != r.number for r in rows)
    empty, nothing = documents.registry_source(dt.date(1990, 1, 1), dt.date(1990, 12, 31))
    assert list(empty) == [] and nothing.count == 0


def test_print_registry_shows_pages_on_a_terminal_and_ctrl_c_leaves_no_file(demo_path, tmp_path):
    """On a terminal the command says how many pages are drawn; Ctrl+C then stops it with 130,
    one Vietnamese line, and no file (nor a temporary one) in the folder."""
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "so-cap.pdf"
    text = ctrl_c_while_drawing(["--db", str(demo_path), "print", "registry", "--from", "01/01/2015", "--to",
                                 "31/12/2020", "--out", str(out)])
    assert re.search(r"^Đã in 1/(\d{3}) trang$", text.replace("\r", "\n"), re.MULTILINE)
    assert text.strip().splitlines()[-1].startswith("boiduong: lỗi: đã dừng (Ctrl+C)") and "Traceback" not in text
    assert list(folder.iterdir()) == []


def test_piped_output_has_no_progress_and_the_file_is_whole(demo_path, tmp_path, capsys):
    out = tmp_path / "so-cap.pdf"
    assert main(["--db", str(demo_path), "print", "registry", "--from", "01/01/2018", "--to", "31/12/2018",
                 "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "Đã in" not in captured.err and captured.out.strip() == f"Đã lưu sổ cấp giấy chứng nhận vào {out}."
    pages = pages_text(out.read_bytes())
    assert len(pages) > 10 and f"Trang {len(pages)}/{len(pages)}" in pages[-1]


def _long_reason_document(before: int) -> tuple[TableDocument, list[str]]:
    """A registry-like table whose row ``before + 1`` carries a 1,000-character cancel reason in a
    narrow Ghi chú column (a row far taller than a page); the reason's numbered words."""
    words = [f"ý{n:03d}" for n in range(180)]
    reason = "Đã hủy: " + " ".join(f"lý do {w}" for w in words)[:990]
    kept = [w for w in words if w in reason]
    columns = [TableColumn("STT", 12, "center"), TableColumn("Họ và tên", 60), TableColumn("Đơn vị", 60),
               TableColumn("Ghi chú", 16)]
    cells = [(str(i), f"Giàng Seo Chớ {i:02d}", "xã Sín Chéng", "") for i in range(1, before + 1)]
    cells += [(str(before + 1), "Lù Văn Páo", "xã Bản Mế", reason), (str(before + 2), "Thào A Sử", "xã Cán Cấu", "")]
    return TableDocument("SỔ CẤP GIẤY CHỨNG NHẬN", "Năm 2026", columns, cells, notes=["Tổng số: 3."]), kept


@pytest.mark.parametrize("before", [0, 5, 20])
def test_a_row_taller_than_a_page_runs_on_over_the_next_pages_and_loses_nothing(before):
    """A cancelled certificate's reason (up to 1,000 characters) in the registry's narrow Ghi chú
    column makes a row taller than a page. Its lines run on from page to page under the repeated
    header, every one of them inside the page; the person's number and name are printed at the top
    of the row (not in the middle of a row three pages tall, below the paper's edge)."""
    from tests.pdf_helpers import text_runs

    document, words = _long_reason_document(before)
    pdf = table_pdf(INSTITUTION, document, day=dt.date(2026, 3, 20), signer=SIGNER)
    pages = pages_text(pdf)
    assert len(pages) >= 3
    bottom = 20 * 72 / 25.4 - 1  # the bottom margin (the page number is printed under it)
    seen: list[str] = []
    for page in range(len(pages)):
        runs = text_runs(pdf, page)
        height = 842
        inside = [text for text, _x, y, _size, _font in runs if bottom <= y <= height or text.startswith("Trang ")]
        assert inside == [text for text, *_ in runs], page  # nothing drawn off the paper
        seen += [w for text in inside for w in re.findall(r"ý\d{3}", text)]
        assert "Họ và tên" in pages[page] or (page == len(pages) - 1 and "GIÁM ĐỐC" in pages[page])
    assert seen == words  # every word of the reason, once, in order
    first = next(i for i, text in enumerate(pages) if "Lù Văn Páo" in text)
    assert "ý000" in pages[first] and "Đã hủy" in pages[first]  # the row starts with its name and number
    assert f"{before + 1}\n" in pages[first] or f"{before + 1} " in pages[first]
    assert "Thào A Sử" in "".join(pages[first + 1:])
    assert all(f"Trang {n}/{len(pages)}" in text for n, text in enumerate(pages, start=1))


@pytest.mark.parametrize("rows", range(25, 75))
def test_the_totals_row_never_stands_alone_under_the_header(rows):
    """A table with a totals row (the timetable's "Tổng số tiết") whose last page is full: the
    totals row takes the last row over with it, so it never heads a page alone with the signature
    under it (at 31 or 69 rows, a page held only the header, "Tổng cộng" and the signature)."""
    columns = [TableColumn("STT", 12, "center"), TableColumn("Họ và tên", 60), TableColumn("Đơn vị", 90)]
    cells = [(str(i), f"Người số {i:03d}", "Ủy ban nhân dân xã Sín Chéng") for i in range(1, rows + 1)]
    document = TableDocument("LỊCH HỌC", "Năm 2026", columns, cells, footer=("", "Tổng cộng", str(rows)),
                             notes=["Tổng số tiết."])
    pages = pages_text(table_pdf(INSTITUTION, document, day=dt.date(2026, 3, 20), signer=SIGNER))
    names = [name for page in pages for name in re.findall(r"Người số \d{3}", page)]
    assert names == [f"Người số {i:03d}" for i in range(1, rows + 1)]
    totals = next(page for page in pages if "Tổng cộng" in page)
    assert f"Người số {rows:03d}" in totals and "GIÁM ĐỐC" in pages[-1] and "Người số" in pages[-1]
