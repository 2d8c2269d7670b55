"""The preview window: shows the pages, prints them through the (system) print dialog, saves the
PDF and the .xlsx atomically."""

from __future__ import annotations

import datetime as dt
import io
import threading
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QMessageBox
from reportlab.lib.pagesizes import A4, landscape

from app.domain.documents import CertificateRow
from app.domain.errors import StorageError
from app.domain.institution import Institution
from app.domain.tables import TableColumn, TableDocument
from app.exchange.xlsx_writer import table_xlsx
from app.printing.certificates import certificates_pdf
from app.printing.table_document import table_pdf
from app.printing.template import Signer
from app.ui.widgets import pdf_preview
from app.ui.widgets.pdf_preview import PdfPreviewDialog

pytestmark = pytest.mark.gui

INSTITUTION = Institution(name="Trung tâm Chính trị huyện Si Ma Cai", parent_body="Huyện ủy Si Ma Cai",
                          place_name="Si Ma Cai", director_name="Giàng Seo Vần")
NAMES = ["Thào A Sử", "Lù Văn An", "=Giàng Thị Mỷ"]


def _document(rows: int = 120) -> TableDocument:
    cells = [(str(i), NAMES[i % 3], "Xã Sín Chéng") for i in range(1, rows + 1)]
    return TableDocument("DANH SÁCH HỌC VIÊN", "Lớp thử", [TableColumn("STT", 12, "center"),
                         TableColumn("Họ và tên", 60), TableColumn("Đơn vị", 60)], cells)


def _pdf(rows: int = 120) -> bytes:
    return table_pdf(INSTITUTION, _document(rows), day=dt.date(2026, 2, 5), signer=Signer.for_institution(INSTITUTION))


def _pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


class FakePrintDialog:
    """Stands in for QPrintDialog: the user picks "print to PDF file" (and maybe a page range)."""

    def __init__(self, printer: QPrinter, target: Path, accept: bool = True, pages: tuple[int, int] | None = None):
        self.printer, self.target, self.accept, self.pages = printer, target, accept, pages

    def exec(self) -> int:
        self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.printer.setOutputFileName(str(self.target))
        if self.pages:
            self.printer.setFromTo(*self.pages)
        return QDialog.DialogCode.Accepted if self.accept else QDialog.DialogCode.Rejected


@pytest.fixture
def preview(qtbot):
    def make(pdf: bytes, **kwargs) -> PdfPreviewDialog:
        dialog = PdfPreviewDialog(pdf, title="Danh sách học viên", file_stem="danh-sach", **kwargs)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.page_count() > 0)
        return dialog
    return make


def test_the_preview_shows_every_page(preview):
    pdf = _pdf()
    dialog = preview(pdf)
    assert _pages(pdf) >= 3
    assert dialog.page_count() == _pages(pdf)
    assert dialog.pages_label.text() == f"{_pages(pdf)} trang"
    assert dialog.print_button.isEnabled() and dialog.pdf_button.isEnabled()
    assert dialog.xlsx_button.isHidden()  # no Excel form given


def test_printing_paints_every_page_into_the_printer(preview, tmp_path, monkeypatch, qtbot):
    pdf = _pdf()
    dialog = preview(pdf)
    out = tmp_path / "printed.pdf"
    asked = []
    monkeypatch.setattr(dialog, "make_print_dialog",
                        lambda printer: asked.append(printer) or FakePrintDialog(printer, out))
    with qtbot.waitSignal(dialog.printed) as printed:
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert printed.args == [_pages(pdf)]
    assert len(asked) == 1 and asked[0].docName() == "Danh sách học viên"
    reader = PdfReader(str(out))
    assert len(reader.pages) == _pages(pdf)
    assert round(float(reader.pages[0].mediabox.width)) == round(A4[0])


def test_printing_a_page_range_and_landscape_pages(preview, tmp_path, monkeypatch):
    pdf = _pdf()
    dialog = preview(pdf)
    out = tmp_path / "range.pdf"
    monkeypatch.setattr(dialog, "make_print_dialog", lambda p: FakePrintDialog(p, out, pages=(2, 3)))
    assert dialog.print_document() == 2 and len(PdfReader(str(out)).pages) == 2

    row = CertificateRow("0001/2026", "0001/2026", "Thào A Sử", "1990", "Xã Sín Chéng", "Lớp thử",
                         dt.date(2026, 3, 2), dt.date(2026, 3, 6), "Hội trường", "Giỏi", dt.date(2026, 3, 20))
    wide = preview(certificates_pdf(INSTITUTION, [row, row], signer=Signer.for_institution(INSTITUTION)))
    out = tmp_path / "wide.pdf"
    monkeypatch.setattr(wide, "make_print_dialog", lambda p: FakePrintDialog(p, out))
    assert wide.print_document() == 2
    box = PdfReader(str(out)).pages[1].mediabox
    assert (round(float(box.width)), round(float(box.height))) == tuple(round(v) for v in landscape(A4))


def test_cancelling_the_print_dialog_prints_nothing(preview, tmp_path, monkeypatch):
    dialog = preview(_pdf(10))
    out = tmp_path / "never.pdf"
    emitted = []
    dialog.printed.connect(emitted.append)
    monkeypatch.setattr(dialog, "make_print_dialog", lambda p: FakePrintDialog(p, out, accept=False))
    assert dialog.print_document() == 0
    assert not out.exists() and emitted == []


def test_the_real_print_dialog_is_the_systems(preview):
    from PySide6.QtPrintSupport import QPrintDialog

    dialog = preview(_pdf(10))
    printer = QPrinter()
    system = dialog.make_print_dialog(printer)
    assert isinstance(system, QPrintDialog) and system.printer() is printer
    system.deleteLater()


def _spy_writes(monkeypatch) -> list[Path]:
    written: list[Path] = []
    real = pdf_preview.write_atomic

    def spy(path, data):
        written.append(Path(path))
        return real(path, data)

    monkeypatch.setattr(pdf_preview, "write_atomic", spy)
    return written


def test_save_as_pdf_writes_the_same_bytes_atomically(preview, tmp_path, monkeypatch, qtbot):
    pdf = _pdf()
    dialog = preview(pdf)
    written = _spy_writes(monkeypatch)
    target = tmp_path / "out" / "danh sách"  # no suffix typed: .pdf is added
    monkeypatch.setattr(dialog, "choose_path", lambda caption, suggested, filters: target)
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
    saved = target.with_suffix(".pdf")
    assert written == [saved] and saved.read_bytes() == pdf
    assert sorted(p.name for p in saved.parent.iterdir()) == ["danh sách.pdf"]  # no temporary left



def test_a_name_with_a_dot_keeps_all_its_words(preview, tmp_path, monkeypatch, qtbot):
    """"Danh sách lớp DVM K.II" typed without ".pdf": the file is "Danh sách lớp DVM K.II.pdf" (the
    part after the dot was taken for a suffix and replaced: "Danh sách lớp DVM K.pdf"); the same for
    Excel."""
    dialog = preview(_pdf(2), xlsx=lambda: table_xlsx(_document(2)))
    folder = tmp_path / "out"
    monkeypatch.setattr(dialog, "choose_path", lambda *args: folder / "Danh sách lớp DVM K.II")
    with qtbot.waitSignal(dialog.saved) as saved:
        dialog.save_pdf()
    assert saved.args == [str(folder / "Danh sách lớp DVM K.II.pdf")]
    with qtbot.waitSignal(dialog.saved, timeout=20000) as saved:
        dialog.save_xlsx()
    assert saved.args == [str(folder / "Danh sách lớp DVM K.II.xlsx")]
    assert sorted(p.name for p in folder.iterdir()) == ["Danh sách lớp DVM K.II.pdf", "Danh sách lớp DVM K.II.xlsx"]

def test_save_as_excel_builds_the_sheet_off_the_gui_thread(preview, tmp_path, monkeypatch, qtbot):
    threads = []

    def make_xlsx() -> bytes:
        threads.append(threading.current_thread().name)
        return table_xlsx(_document(5))

    dialog = preview(_pdf(5), xlsx=make_xlsx)
    assert not dialog.xlsx_button.isHidden()
    written = _spy_writes(monkeypatch)
    target = tmp_path / "ds.xlsx"
    monkeypatch.setattr(dialog, "choose_path", lambda *args: target)
    with qtbot.waitSignal(dialog.saved, timeout=20000) as saved:
        dialog.save_xlsx()
    assert saved.args == [str(target)]
    assert written == [target] and threads == ["boiduong-worker"]
    sheet = load_workbook(target).active
    assert sheet["A1"].value == "DANH SÁCH HỌC VIÊN"
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "Họ và tên" in values and "Thào A Sử" in values and "=Giàng Thị Mỷ" in values


def test_a_refused_write_is_explained_and_nothing_is_claimed(preview, tmp_path, monkeypatch, qtbot):
    dialog = preview(_pdf(5))
    saved = []
    dialog.saved.connect(saved.append)

    def refuse(path, data):
        raise StorageError(f"Không ghi được tệp {path}: ổ đĩa đầy")

    monkeypatch.setattr(pdf_preview, "write_atomic", refuse)
    monkeypatch.setattr(dialog, "choose_path", lambda *args: tmp_path / "x.pdf")
    assert dialog.save_pdf() is None and saved == []
    qtbot.waitUntil(lambda: any(box.isVisible() and "ổ đĩa đầy" in box.text()
                                for box in dialog.findChildren(QMessageBox)))
