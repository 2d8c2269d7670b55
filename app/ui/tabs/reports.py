"""Báo cáo: pick a report and its period; the table and the charts appear (computed off the GUI
thread); print it, save it as PDF or as Excel.

Choosing a report or a period shows the report by itself, so the director's two clicks
("Kết quả đào tạo, bồi dưỡng", then "Nhiệm kỳ 2015–2020") give the article's table.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.changes import Changes, Topic
from app.domain.errors import Cancelled, UserError
from app.domain.formatting import format_birth
from app.domain.text import fold
from app.outputs.files import write_atomic
from app.outputs.reports import ReportKind, build_report, held, render_report
from app.services import lists
from app.services.reports import ReportData
from app.services.reports.history import AmbiguousTrainee
from app.ui import file_dialogs
from app.ui.events import changes, touches
from app.ui.executor import Task, executor
from app.ui.messages import error_box, show_user_error
from app.ui.models.reports import ReportModel
from app.ui.settings_store import ui_settings
from app.ui.shortcuts import show_key
from app.ui.tabs.base import ListTab
from app.ui.widgets.period_picker import PeriodPicker
from app.ui.widgets.report_preview import ReportPreview

PREVIEW_DELAY_MS = 200
MAX_NUMBER = 20  # a report's number ("12", "12a"), typed beside the buttons
HINT = "Chọn báo cáo và kỳ báo cáo: báo cáo hiện ở đây."
HISTORY_HINT = "Nhập số CCCD (hoặc họ tên) của học viên rồi bấm Xem."
# What the progress dialog says while a report's file is made: at first, then as it advances
# (a PDF counts its pages as they are drawn, an Excel file its table's rows as they are written).
RENDER_LABELS = {
    ".pdf": ("Đang tạo tệp báo cáo…", "Đang tạo tệp báo cáo: đã in {done}/{total} trang…"),
    ".xlsx": ("Đang tạo tệp Excel của báo cáo…", "Đang tạo tệp Excel của báo cáo: đã ghi {done}/{total} dòng…"),
}
# What a report reads: everything but the audit trail.
DATA_TOPICS = tuple(topic for topic in Topic if topic is not Topic.AUDIT)


class ReportsTab(ListTab):
    noun = "báo cáo"
    model: ReportModel
    shown = Signal()  # a computed report is on screen
    failed = Signal(str)  # computing the report failed, with the message shown
    saved = Signal(str)  # the report was written to this file
    printed = Signal()  # the report went to the printer

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(ReportModel(), parent)
        self.data: ReportData | None = None  # the report on screen
        self._request = 0  # number of the latest request; older results are dropped
        self._pending = False  # a preview is due when the tab next shows
        self._computing: Task | None = None  # the preview being computed
        self.last_task: Task | None = None  # the latest file job (save or print)
        self._build()
        self._restore_period()
        self._debounce_preview = QTimer(self)
        self._debounce_preview.setSingleShot(True)
        self._debounce_preview.setInterval(PREVIEW_DELAY_MS)
        self._debounce_preview.timeout.connect(self.preview)
        self.view.selectionModel().currentRowChanged.connect(self._report_changed)
        self.period.changed.connect(self._period_changed)
        changes().changed.connect(self._data_changed)
        self.refresh()
        self.view.setCurrentIndex(self.model.index(0, 0))

    # -- layout -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.view.verticalHeader().hide()
        self.view.setColumnHidden(1, True)  # the description shows under the list
        self.view.horizontalHeader().setStretchLastSection(True)
        self.title = QLabel(self)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.description = QLabel(self)
        self.description.setWordWrap(True)
        self.period = PeriodPicker(self)
        self.trainee_label = QLabel("Học viên (số CCCD hoặc họ tên):", self)
        self.trainee_edit = QLineEdit(self)
        self.trainee_edit.setPlaceholderText("Ví dụ: 010096161553")
        self.trainee_edit.setClearButtonEnabled(True)
        self.trainee_edit.returnPressed.connect(self.preview)
        self.trainee_id: int | None = None  # a person picked among namesakes (the text then names them)
        self.trainee_edit.textEdited.connect(lambda _text: setattr(self, "trainee_id", None))
        self.picker: QDialog | None = None
        self.show_button = QPushButton("&Xem", self)
        show_key(self.show_button, "F5", "Tính lại và xem báo cáo")
        self.show_button.clicked.connect(self.preview)
        refresh = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        refresh.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        refresh.activated.connect(self.preview)

        # The official report's number line, and printing the table as another report's attachment.
        self.number_edit = QLineEdit(self)
        self.number_edit.setMaxLength(MAX_NUMBER)
        self.number_edit.setPlaceholderText("để trống: in dấu chấm")
        self.number_edit.setToolTip("Số báo cáo in trên dòng “Số: …-BC/…”; để trống thì in dấu chấm để ghi tay.")
        number_label = QLabel("Số báo cáo:", self)
        number_label.setBuddy(self.number_edit)
        self.attachment_check = QCheckBox("In kèm theo báo cáo", self)
        self.attachment_check.setToolTip("Chỉ in bảng, dưới dòng “(Kèm theo Báo cáo số … ngày …)”.")
        paper = QHBoxLayout()
        paper.addWidget(number_label)
        paper.addWidget(self.number_edit, 1)

        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 8, 0)
        self.body.removeWidget(self.view)
        column.addWidget(self.view, 1)
        column.addWidget(self.title)
        column.addWidget(self.description)
        column.addWidget(self.period)
        column.addWidget(self.trainee_label)
        column.addWidget(self.trainee_edit)
        column.addWidget(self.show_button)
        column.addSpacing(8)
        column.addLayout(paper)
        column.addWidget(self.attachment_check)
        left.setMinimumWidth(300)

        self.preview_widget = ReportPreview(self)
        self.print_button = QPushButton("&In…", self)
        self.pdf_button = QPushButton("Lưu &PDF…", self)
        self.xlsx_button = QPushButton("Lưu &Excel…", self)
        self.print_button.clicked.connect(self.print_report)
        self.pdf_button.clicked.connect(lambda: self.save_report(".pdf"))
        self.xlsx_button.clicked.connect(lambda: self.save_report(".xlsx"))
        self.status = QLabel(self)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for button in (self.print_button, self.pdf_button, self.xlsx_button):
            buttons.addWidget(button)
        right = QWidget(self)
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(8, 0, 0, 0)
        right_column.addWidget(self.preview_widget, 1)
        right_column.addLayout(buttons)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([330, 900])
        self.body.addWidget(self.splitter, 1)
        self._set_actions_enabled(False)

    # -- what is chosen ---------------------------------------------------------------------

    def report(self) -> ReportKind | None:
        return self.model.report(self.view.currentIndex().row())

    def select_report(self, code: str) -> None:
        for row in range(self.model.rowCount()):
            kind = self.model.report(row)
            if kind is not None and kind.code == code:
                self.view.setCurrentIndex(self.model.index(row, 0))
                return
        raise KeyError(code)

    def reload(self) -> None:
        current = self.report()
        self.model.set_filter(self.filter_text())
        # A model reset drops the current row: keep the same report when it is still listed.
        rows = [r for r in range(self.model.rowCount())
                if current and (kind := self.model.report(r)) is not None and kind.code == current.code]
        self.view.setCurrentIndex(self.model.index(rows[0] if rows else 0, 0))
        self._report_changed()

    def open_row(self, row: int) -> None:
        report = self.model.report(row)
        if report is not None and not report.needs_period:
            self.trainee_edit.setFocus()
        else:
            self.period.kind_combo.setFocus()
        self.preview()

    def _report_changed(self, *_args) -> None:
        report = self.report()
        self.title.setText(report.name if report else "")
        self.description.setText(report.description if report else "")
        needs_period = report is None or report.needs_period
        self.period.setVisible(needs_period)
        self.trainee_label.setVisible(not needs_period)
        self.trainee_edit.setVisible(not needs_period)
        official = report is not None and report.official  # the others print no number, no "Kèm theo"
        self.number_edit.setEnabled(official)
        self.attachment_check.setEnabled(official)
        self._invalidate()
        if report is not None and (needs_period or self.trainee_edit.text().strip()):
            self._schedule()
        else:
            self.preview_widget.show_message(HISTORY_HINT if report else "")

    def _period_changed(self) -> None:
        self._save_period()
        self._invalidate()
        self._schedule()

    def _data_changed(self, topics: Changes) -> None:
        if touches(topics, *DATA_TOPICS):
            self._schedule()

    def _invalidate(self) -> None:
        """What is on screen no longer matches the choice: no printing or saving it."""
        self._request += 1
        self.data = None
        self._set_actions_enabled(False)

    def _schedule(self) -> None:
        if self.report() is None:
            return
        if not self.isVisible():
            self._pending = True
            return
        self.preview_widget.show_message("Đang tính báo cáo…", busy=True)
        self._debounce_preview.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._pending:
            self._pending = False
            self._schedule()

    # -- computing, off the GUI thread ------------------------------------------------------

    def preview(self) -> None:
        """Compute the chosen report on a worker thread; :attr:`shown` is emitted when it is on screen."""
        self._debounce_preview.stop()
        report = self.report()
        if report is None:
            return
        if not report.needs_period and not self.trainee_edit.text().strip():
            self.preview_widget.show_message(HISTORY_HINT)
            self.trainee_edit.setFocus()
            return
        self._invalidate()
        request = self._request
        start, end = self.period.bounds()
        trainee: str | int = self.trainee_id if self.trainee_id is not None else self.trainee_edit.text()
        self.preview_widget.show_message(f"Đang tính báo cáo {report.name.lower()}…", busy=True)
        self.status.setText("")
        if self._computing is not None:
            self._computing.cancel()  # its answer would be dropped anyway
        self._computing = executor().submit(
            _compute, report.code, start, end, trainee, parent=self, show_dialog=False, cancellable=True,
            on_success=lambda data: self._finished(request, data),
            on_failure=lambda error: self._failed(request, error))
        task = self._computing
        task.finished.connect(lambda: self._bug_shown(request, task))

    def _finished(self, request: int, data: ReportData | None) -> None:
        if request != self._request or data is None:
            return  # the user chose something else meanwhile
        self.data = data
        self.preview_widget.show_report(data)
        self._set_actions_enabled(True)
        self.shown.emit()

    def _failed(self, request: int, error: UserError) -> None:
        if request != self._request:
            return
        self.preview_widget.show_message(error.message)
        self.failed.emit(error.message)
        if isinstance(error, AmbiguousTrainee):  # namesakes: the clerk picks the person
            self.pick_trainee(error.ids)

    def pick_trainee(self, ids: list[int]) -> QDialog:
        from app.ui.dialogs.trainee_picker import pick_trainee

        dialog = pick_trainee(self, ids, self.trainee_edit.text().strip())
        dialog.accepted.connect(lambda: self.show_history_of(dialog.chosen))
        self.picker = dialog
        return dialog

    def show_history_of(self, trainee_id: int | None) -> None:
        """The history report of one person (picked among namesakes), whatever their CCCD."""
        if trainee_id is None:
            return
        row = lists.trainee_rows([trainee_id])
        if not row:
            return
        self.select_report("history")
        self.trainee_edit.setText(f"{row[0].full_name} ({format_birth(row[0].birth_date, row[0].birth_year)})")
        self.trainee_id = trainee_id
        self.preview()

    def _bug_shown(self, request: int, task: Task) -> None:
        if request == self._request and task.error is not None and not isinstance(task.error, UserError):
            self.preview_widget.show_message("Không tính được báo cáo.")  # the crash dialog says more

    def _set_actions_enabled(self, enabled: bool) -> None:
        for button in (self.print_button, self.pdf_button, self.xlsx_button):
            button.setEnabled(enabled)

    # -- print and save ---------------------------------------------------------------------

    def _render(self, suffix: str, on_rendered, *, target: Path | None = None) -> Task | None:
        """Render the report on screen to ``suffix`` on the worker (a progress dialog with Hủy
        after half a second); ``target`` is written there too, unless the user cancelled."""
        data = self.data
        if data is None:
            return None
        number, attachment = self.number_edit.text().strip(), self.attachment_check.isChecked()
        label, progress_label = RENDER_LABELS.get(suffix, RENDER_LABELS[".pdf"])
        self.last_task = executor().submit(
            _render_to, data, suffix, dt.date.today(), target, number, attachment, label=label,
            parent=self, guard=(self.print_button, self.pdf_button, self.xlsx_button), cancellable=True,
            with_progress=True, progress_label=progress_label,
            on_success=on_rendered, on_failure=lambda exc: show_user_error(self, exc, "Không tạo được báo cáo"),
            on_cancel=lambda: self.status.setText("Đã dừng, không lưu tệp nào."))
        # The guard gives the buttons back as they were; the choice may have changed meanwhile.
        self.last_task.finished.connect(lambda: self._set_actions_enabled(self.data is not None))
        return self.last_task

    def suggested_name(self, suffix: str) -> str:
        report, data = self.report(), self.data
        stem = "-".join(fold(report.name if report else "bao cao").replace(",", " ").split())
        if report is not None and report.needs_period:
            start, end = self.period.bounds()
            stem += f"_{start:%d%m%Y}-{end:%d%m%Y}"
        elif data is not None:
            stem += "_" + "-".join(fold(data.document.subtitle.split(",")[0]).split())
        return stem + suffix

    def ask_save_path(self, suffix: str) -> Path | None:
        """The save dialog (tests replace this method)."""
        kind = "Tệp PDF (*.pdf)" if suffix == ".pdf" else "Bảng tính Excel (*.xlsx)"
        path = file_dialogs.save_file_name(self, "Lưu báo cáo", self.suggested_name(suffix), kind)
        if path is None:
            return None
        return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)

    def save_report(self, suffix: str) -> Task | None:
        """Lưu PDF… / Lưu Excel…: the report on screen, to a file the user picks (written on the
        worker; :attr:`saved` says where). None when nothing is to be done."""
        if self.data is None:
            return None
        path = self.ask_save_path(suffix)
        if path is None:
            return None
        return self._render(suffix, self._saved, target=path)

    def _saved(self, path: Path) -> None:
        self.status.setText(f"Đã lưu {path}")
        self.saved.emit(str(path))

    def make_print_dialog(self, printer: QPrinter) -> QDialog:
        """The system print dialog (tests replace this method)."""
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("In báo cáo")
        return dialog

    def print_report(self) -> bool:
        """In…: choose the printer, then print the report's PDF pages (rendered on the worker;
        :attr:`printed` says when they went to the printer). False when the user said no."""
        if self.data is None:
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.data.document.title.capitalize())
        layout = printer.pageLayout()
        layout.setOrientation(layout.Orientation.Landscape if self.data.document.wide else layout.Orientation.Portrait)
        printer.setPageLayout(layout)
        dialog = self.make_print_dialog(printer)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self._render(".pdf", lambda content: self._print(content, printer))
        return True

    def _print(self, content: bytes, printer: QPrinter) -> None:
        from app.ui.widgets.pdf_preview import print_pdf

        if not print_pdf(content, printer):
            error_box(self, "Không in được", "Máy in không nhận lệnh in.").exec()
            return
        self.status.setText("Đã gửi báo cáo tới máy in.")
        self.printed.emit()

    # -- remembered period ------------------------------------------------------------------

    def _save_period(self) -> None:
        store = ui_settings()
        store.setValue("reports/period", self.period.kind())
        store.setValue("reports/year", self.period.year_spin.value())

    def _restore_period(self) -> None:
        store = ui_settings()
        kind, year = store.value("reports/period"), store.value("reports/year")
        self.period.blockSignals(True)
        index = self.period.kind_combo.findData(kind)
        if index >= 0:
            self.period.kind_combo.setCurrentIndex(index)
        if year is not None:
            self.period.year_spin.setValue(int(year))
        self.period.blockSignals(False)


# -- jobs for the worker (no Qt here) ---------------------------------------------------------


def _compute(code: str, start: dt.date, end: dt.date, trainee: str, *, cancelled) -> ReportData | None:
    if cancelled():  # a newer choice came before this one started
        return None
    return held(build_report(code, start, end, trainee=trainee, today=dt.date.today()))


def _render_to(data: ReportData, suffix: str, today: dt.date, target: Path | None, number: str = "",
               attachment: bool = False, *, cancelled, progress=None):
    """The report's file content (with its number, or as an attachment, as the CLI's ``report
    --number --attachment``); written to ``target`` (atomically) when given. A PDF's pages (an
    Excel file's rows) are counted to ``progress`` as they are drawn (written), and the work stops
    as soon as the user cancels: nothing is written then."""
    if cancelled():
        return None
    try:
        content = render_report(data, suffix, today, number=number, attachment=attachment, progress=progress,
                                cancelled=cancelled)
    except Cancelled:
        return None
    if cancelled():
        return None
    if target is None:
        return content
    write_atomic(target, content)
    return target
