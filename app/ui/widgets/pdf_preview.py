"""Preview of a printout before it goes to paper: Qt's PDF module shows the pages; In… sends them
to the system print dialog, Lưu PDF… and Lưu Excel… write the file (atomically).

The dialog gets finished PDF bytes (rendered off the GUI thread by the caller) and, when the
document also exists as a spreadsheet, a function that makes the .xlsx bytes. The steps a test
must not run for real — the print dialog and the file dialog — are methods of their own
(:meth:`PdfPreviewDialog.make_print_dialog`, :meth:`PdfPreviewDialog.choose_path`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, QSizeF, Qt, Signal
from PySide6.QtGui import QKeySequence, QPageLayout, QPageSize, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError
from app.outputs.files import write_atomic
from app.ui import file_dialogs
from app.ui.executor import Task, executor
from app.ui.messages import error_box
from app.ui.shortcuts import show_key
from app.ui.widgets.fit import fit_to_screen

MAX_PRINT_DPI = 300  # enough for a laser printer; 1200 dpi pages would need ~0.5 GB each


def page_layout(document: QPdfDocument, page: int) -> QPageLayout:
    """The paper of one PDF page (A4, A5… matched to the standard size), no margins."""
    size = document.pagePointSize(page)
    width, height = size.width(), size.height()
    portrait = QSizeF(min(width, height), max(width, height))
    page_size = QPageSize(portrait, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    orientation = QPageLayout.Orientation.Landscape if width > height else QPageLayout.Orientation.Portrait
    return QPageLayout(page_size, orientation, QMarginsF(0, 0, 0, 0))


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Print PDF bytes on ``printer`` (the page range chosen in its dialog); returns pages printed."""
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    try:
        count = document.pageCount()
        first, last = 0, count - 1
        if printer.fromPage() > 0:
            first, last = printer.fromPage() - 1, min(count, printer.toPage() or count) - 1
        return paint_pages(document, printer, list(range(first, last + 1)))
    finally:
        document.close()


def paint_pages(document: QPdfDocument, printer: QPrinter, pages: list[int],
                progress: Callable[[int], bool] | None = None) -> int:
    """Render each page to an image at the printer's resolution (at most 300 dpi) and paint it on
    its own sheet, at full size from the paper's corner. Returns the number of pages painted.

    ``progress(done)`` is called after each page; when it returns False printing stops (aborted).
    """
    if not pages:
        return 0
    printer.setFullPage(True)  # our pages carry their own margins; calibrated blanks need the corner
    printer.setPageLayout(page_layout(document, pages[0]))
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError("Không mở được máy in để in.")
    painted = 0
    try:
        for i, page in enumerate(pages):
            if i > 0:
                printer.setPageLayout(page_layout(document, page))
                printer.newPage()
            paper = printer.paperRect(QPrinter.Unit.DevicePixel)
            points = document.pagePointSize(page)
            dpi = min(printer.resolution(), MAX_PRINT_DPI)
            image = document.render(page, QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72)))
            # Points to device pixels; a page larger than the paper is shrunk to fit.
            scale = min(printer.resolution() / 72, paper.width() / points.width(), paper.height() / points.height())
            painter.drawImage(QRectF(0, 0, points.width() * scale, points.height() * scale), image)
            painted += 1
            if progress is not None and not progress(painted):
                printer.abort()
                break
    finally:
        painter.end()
    return painted


class PdfPreviewDialog(QDialog):
    """Pages of one printout, with In…, Lưu PDF…, Lưu Excel… and Đóng."""

    printed = Signal(int)  # sheets sent to the printer (pages × copies)
    saved = Signal(str)  # path of a file written

    def __init__(self, pdf: bytes, *, title: str, file_stem: str, xlsx: Callable[[], bytes] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(f"Xem trước — {title}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.title, self.file_stem, self.pdf_bytes, self.xlsx_factory = title, file_stem, pdf, xlsx
        # Asked with the sheets to print (pages chosen × copies), after the print dialog: False prints nothing.
        self.before_print: Callable[[int], bool] | None = None
        # The buffer and its bytes must outlive the document that reads from them.
        self._data = QByteArray(pdf)
        self._buffer = QBuffer(self._data, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.pages_label = QLabel(self)
        self.print_button = QPushButton("In…", self)
        self.pdf_button = QPushButton("Lưu PDF…", self)
        self.xlsx_button = QPushButton("Lưu Excel…", self)
        self.xlsx_button.setVisible(xlsx is not None)
        self.fit_button = QPushButton("Cả trang", self)
        self.fit_button.setCheckable(True)
        close_button = QPushButton("Đóng", self)
        self.print_button.clicked.connect(self.print_document)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.xlsx_button.clicked.connect(self.save_xlsx)
        self.fit_button.toggled.connect(self._fit)
        close_button.clicked.connect(self.close)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self, self.print_document)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save_pdf)
        show_key(self.print_button, QKeySequence.StandardKey.Print, "In ra máy in")
        show_key(self.pdf_button, QKeySequence.StandardKey.Save, "Lưu thành tệp PDF")

        bar = QHBoxLayout()
        for button in (self.print_button, self.pdf_button, self.xlsx_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.pages_label)
        bar.addWidget(self.fit_button)
        bar.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.document.statusChanged.connect(self._on_status)
        self.document.load(self._buffer)
        self._on_status()
        fit_to_screen(self, 900, 760)
        self.print_button.setFocus()

    # -- state ----------------------------------------------------------------------------------

    def page_count(self) -> int:
        return self.document.pageCount() if self.document.status() == QPdfDocument.Status.Ready else 0

    def _on_status(self, *_args) -> None:
        status = self.document.status()
        ready = status == QPdfDocument.Status.Ready
        if ready:
            self.pages_label.setText(f"{self.document.pageCount()} trang")
        elif status == QPdfDocument.Status.Error:
            self.pages_label.setText("Không đọc được tài liệu")
        for button in (self.print_button, self.pdf_button):
            button.setEnabled(ready)

    def _fit(self, whole_page: bool) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView if whole_page else QPdfView.ZoomMode.FitToWidth)

    # -- printing -------------------------------------------------------------------------------

    def make_print_dialog(self, printer: QPrinter) -> QPrintDialog:
        """The system print dialog for ``printer`` (tests replace this method)."""
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(f"In — {self.title}")
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, True)
        dialog.setMinMax(1, max(1, self.page_count()))
        return dialog

    def print_document(self) -> int:
        """Ask the system print dialog, then print the chosen pages; how many were printed."""
        total = self.page_count()
        if total == 0:
            return 0
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.title)
        printer.setFromTo(1, total)
        printer.setPageLayout(page_layout(self.document, 0))
        dialog = self.make_print_dialog(printer)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return 0
        first, last = printer.fromPage() or 1, printer.toPage() or total
        pages = list(range(max(1, first) - 1, min(total, last)))
        # Sheets that leave the printer: the pages times the copies asked for in the print dialog
        # (what a print on pre-printed blanks uses up).
        sheets = len(pages) * max(1, printer.copyCount())
        if self.before_print is not None and not self.before_print(sheets):
            return 0
        progress = QProgressDialog("Đang gửi tài liệu tới máy in…", "Dừng", 0, len(pages), self)
        progress.setWindowTitle("In")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(500)

        def advance(done: int) -> bool:
            progress.setValue(done)
            QApplication.processEvents()
            return not progress.wasCanceled()

        try:
            painted = paint_pages(self.document, printer, pages, advance)
        except UserError as exc:
            error_box(self, "Không in được", exc.message).open()
            return 0
        finally:
            progress.close()
            progress.deleteLater()
        if painted == len(pages):
            self.printed.emit(sheets)
        return painted

    # -- saving ---------------------------------------------------------------------------------

    def choose_path(self, caption: str, suggested: Path, file_filter: str) -> Path | None:
        """Ask where to save (tests replace this method)."""
        return file_dialogs.save_file_name(self, caption, suggested.name, file_filter, folder=suggested.parent)

    def _suggested(self, suffix: str) -> Path:
        return file_dialogs.last_folder() / f"{self.file_stem}{suffix}"

    def _write(self, path: Path, data: bytes) -> Path | None:
        try:
            write_atomic(path, data)
        except UserError as exc:
            error_box(self, "Không lưu được", exc.message, details=exc.details).open()
            return None
        file_dialogs.remember(path)
        self.saved.emit(str(path))
        return path

    def save_pdf(self) -> Path | None:
        path = self.choose_path("Lưu PDF", self._suggested(".pdf"), "Tệp PDF (*.pdf)")
        if path is None:
            return None
        return self._write(_with_suffix(path, ".pdf"), self.pdf_bytes)

    def save_xlsx(self) -> Task | None:
        """Lưu Excel…: the sheet is made on the worker, then written (:attr:`saved` says where)."""
        if self.xlsx_factory is None:
            return None
        path = self.choose_path("Lưu Excel", self._suggested(".xlsx"), "Bảng tính Excel (*.xlsx)")
        if path is None:
            return None
        target = _with_suffix(path, ".xlsx")
        return executor().submit(
            self.xlsx_factory, label="Đang tạo bảng tính…", parent=self, guard=self.xlsx_button,
            on_success=lambda data: self._write(target, data),
            on_failure=lambda exc: error_box(self, "Không lưu được", exc.message, details=exc.details).open())


def _with_suffix(path: Path, suffix: str) -> Path:
    """``path`` ending in ``suffix``: added when missing, never put in place of what follows a dot in
    the name typed ("Danh sách lớp K.II" becomes "Danh sách lớp K.II.pdf", not "Danh sách lớp K.pdf")."""
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def show_preview(parent: QWidget | None, pdf: bytes, *, title: str, file_stem: str,
                 xlsx: Callable[[], bytes] | None = None) -> PdfPreviewDialog:
    """Open a preview window (not modal: the user may keep working beside it)."""
    dialog = PdfPreviewDialog(pdf, title=title, file_stem=file_stem, xlsx=xlsx, parent=parent)
    dialog.show()
    return dialog


__all__ = ["PdfPreviewDialog", "page_layout", "paint_pages", "show_preview"]
