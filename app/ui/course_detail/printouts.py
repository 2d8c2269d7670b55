"""The class window's *In* sub-tab: every printout of the class, and its certificates.

Left, the class documents: each opens a preview (made on the worker thread, so a 1,500-trainee
attendance sheet never freezes the window) with In…, Lưu PDF… and Lưu Excel…. Right, the
certificates: who is eligible and why not, issue, preview and print all or a selection (full
design or pre-printed blanks), cancel and reissue with a reason, calibrate the blanks.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.changes import Topic
from app.domain.errors import Cancelled, UserError
from app.outputs.printouts import CLASS_DOCUMENTS, ClassDocument, certificates_pdf, class_pdf, class_xlsx
from app.services import certificate_settings as cert_settings
from app.services.certificates import (
    cancel_certificate,
    issue_certificates,
    number_text,
    reissue_certificate,
)
from app.services.course_view import CourseInfo
from app.services.feedback_forms import lesson_choices
from app.ui.course_detail.base import CourseSubTab
from app.ui.dialogs.calibration import CalibrationDialog
from app.ui.dialogs.certificate_actions import ask_reason
from app.ui.events import perform
from app.ui.executor import Task, executor
from app.ui.messages import ask, error_box
from app.ui.models.table import Column, RowTableModel
from app.ui.widgets.dates import vietnamese_calendar
from app.ui.widgets.pdf_preview import PdfPreviewDialog, show_preview

STATUS_NAMES = {"issued": "Đã cấp", "cancelled": "Đã hủy", "": ""}
CERTIFICATE_COLUMNS = (
    Column("Họ và tên", lambda r: r.full_name, 24),
    Column("Ngày sinh", lambda r: r.birth, 10),
    Column("Số GCN", lambda r: r.number, 10),
    Column("Tình trạng", lambda r: STATUS_NAMES.get(r.status, r.status), 9),
    Column("Lần in", lambda r: r.print_count or "", 6, numeric=True),
    Column("Điều kiện", lambda r: r.verdict, 28),
    Column("Ghi chú", lambda r: r.note, 20, stretch=True),
)
VERDICT_COLUMN = 5
# The widest text a column holds, so that dates and numbers are never cut ("07/06/…").
WIDEST = {"Họ và tên": "Nguyễn Thị Phương Thảo", "Ngày sinh": "00/00/0000", "Số GCN": "0000/0000",
          "Điều kiện": "Chưa đủ: chưa có kết quả", "Tình trạng": "Tình trạng", "Lần in": "Lần in",
          "Ghi chú": "Cấp lại thay số 0000/0000"}


class PrintoutsTab(CourseSubTab):
    preview_opened = Signal(object)  # a PdfPreviewDialog, once its document was made on the worker
    topics = (Topic.ENROLLMENTS, Topic.CERTIFICATES, Topic.LESSONS, Topic.SETTINGS, Topic.ATTENDANCE, Topic.TRAINEES,
              Topic.INSTRUCTORS)

    def __init__(self, course_id: int, parent: QWidget | None = None, *,
                 course: CourseInfo | None = None) -> None:
        super().__init__(course_id, parent, course=course)
        self.last_preview: PdfPreviewDialog | None = None  # previews belong to the class window
        self.calibration: CalibrationDialog | None = None
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self._documents_box())
        splitter.addWidget(self._certificates_box())
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 940])
        QVBoxLayout(self).addWidget(splitter)
        self.refresh()

    # -- layout ---------------------------------------------------------------------------------

    def _documents_box(self) -> QGroupBox:
        box = QGroupBox("Tài liệu của lớp", self)
        self.documents = QListWidget(box)
        for document in CLASS_DOCUMENTS.values():
            item = QListWidgetItem(document.title + ("" if document.xlsx else " (PDF)"))
            item.setData(Qt.ItemDataRole.UserRole, document.key)
            self.documents.addItem(item)
        self.documents.setCurrentRow(0)
        self.documents.itemActivated.connect(lambda item: self.open_document(item.data(Qt.ItemDataRole.UserRole)))
        self.documents.currentItemChanged.connect(self._document_chosen)
        self.lesson_label = QLabel("Phiếu phản hồi về:", box)
        self.lesson_combo = QComboBox(box)
        # The day the documents are dated (the date line): today unless another is chosen;
        # the class's end date is one click away.
        self.day_edit = QDateEdit(QDate.currentDate(), box)
        self.day_edit.setDisplayFormat("dd/MM/yyyy")
        vietnamese_calendar(self.day_edit)
        self.end_day_button = QPushButton("Ngày kết thúc lớp", box)
        self.end_day_button.clicked.connect(self.date_on_end_day)
        day_row = QHBoxLayout()
        day_row.addWidget(self.day_edit, 1)
        day_row.addWidget(self.end_day_button)
        self.preview_button = QPushButton("Xem trước và in…", box)
        self.preview_button.clicked.connect(lambda: self.open_document(self.current_document_key()))
        layout = QVBoxLayout(box)
        layout.addWidget(self.documents, 1)
        layout.addWidget(self.lesson_label)
        layout.addWidget(self.lesson_combo)
        layout.addWidget(QLabel("Ngày ghi trên văn bản:", box))
        layout.addLayout(day_row)
        layout.addWidget(self.preview_button)
        return box

    def _certificates_box(self) -> QGroupBox:
        box = QGroupBox("Giấy chứng nhận", self)
        self.ended_label = QLabel(box)
        self.model = RowTableModel(CERTIFICATE_COLUMNS, self)
        self.view = QTableView(box)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        metrics = self.view.fontMetrics()
        for i, column in enumerate(CERTIFICATE_COLUMNS):
            header.resizeSection(i, metrics.horizontalAdvance(WIDEST.get(column.header, column.header)) + 24)
        header.setStretchLastSection(True)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.issue_button = QPushButton("Cấp giấy chứng nhận", box)
        self.print_certs_button = QPushButton("Xem trước và in…", box)
        self.preprinted_check = QCheckBox("In trên phôi (chỉ in các trường)", box)
        self.paper_combo = QComboBox(box)
        for code, label in cert_settings.PAPERS.items():
            self.paper_combo.addItem(label, code)
        self.cancel_button = QPushButton("Hủy…", box)
        self.reissue_button = QPushButton("Cấp lại…", box)
        self.calibrate_button = QPushButton("Căn chỉnh phôi…", box)
        self.message_label = QLabel(box)
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.issue_button.clicked.connect(self.issue)
        self.print_certs_button.clicked.connect(self.preview_certificates)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.reissue_button.clicked.connect(self.reissue_selected)
        self.calibrate_button.clicked.connect(self.open_calibration)
        self.paper_combo.currentIndexChanged.connect(self._paper_chosen)
        self.preprinted_check.toggled.connect(lambda on: self.paper_combo.setEnabled(not on))
        first = QHBoxLayout()
        for widget in (self.issue_button, self.print_certs_button, self.preprinted_check):
            first.addWidget(widget)
        first.addStretch(1)
        first.addWidget(QLabel("Khổ giấy:", box))
        first.addWidget(self.paper_combo)
        second = QHBoxLayout()
        for widget in (self.cancel_button, self.reissue_button):
            second.addWidget(widget)
        second.addStretch(1)
        second.addWidget(self.calibrate_button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.ended_label)
        layout.addWidget(self.view, 1)
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addWidget(self.message_label)
        return box

    # -- reading --------------------------------------------------------------------------------

    def course_code(self) -> str:
        return self.shown_course().code

    def refresh(self) -> None:
        course = self.shown_course()
        code = course.code
        chosen = self.lesson_combo.currentData()
        self.lesson_combo.blockSignals(True)
        self.lesson_combo.clear()
        self.lesson_combo.addItem("Toàn khóa học", None)
        for lesson_id, text in lesson_choices(code):
            self.lesson_combo.addItem(text, lesson_id)
        self.lesson_combo.setCurrentIndex(max(0, self.lesson_combo.findData(chosen)))
        self.lesson_combo.blockSignals(False)
        ended, lines = cert_settings.certificate_lines(code)
        self.model.set_rows(lines)
        verdicts = {line.verdict for line in lines} | {"Điều kiện"}
        self.view.horizontalHeader().resizeSection(
            VERDICT_COLUMN, max(self.view.fontMetrics().horizontalAdvance(v) for v in verdicts) + 24)
        eligible = sum(1 for line in lines if line.eligible)
        issued = sum(1 for line in lines if line.status == "issued")
        if ended:
            self.ended_label.setText(f"{len(lines)} học viên; {eligible} đủ điều kiện; "
                                     f"{issued} giấy chứng nhận đang có hiệu lực.")
        elif course.status == "cancelled":
            self.ended_label.setText("Lớp đã hủy: không cấp giấy chứng nhận.")
        else:
            self.ended_label.setText("Lớp chưa kết thúc: cấp giấy chứng nhận lúc này thì chương trình hỏi lại.")
        self.paper_combo.blockSignals(True)
        self.paper_combo.setCurrentIndex(max(0, self.paper_combo.findData(cert_settings.get_paper())))
        self.paper_combo.blockSignals(False)
        self._document_chosen()
        self._update_buttons()

    def document_day(self) -> dt.date:
        """The day the class documents are dated (chosen in the tab; today by default)."""
        return cast(dt.date, self.day_edit.date().toPython())  # PySide6's stub says object; a QDate gives a date

    def date_on_end_day(self) -> None:
        end = self.shown_course().end_date
        self.day_edit.setDate(QDate(end.year, end.month, end.day))

    def current_document_key(self) -> str:
        item = self.documents.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else "class-list"

    def _document_chosen(self, *_args) -> None:
        forms = self.current_document_key() == "feedback-forms"
        self.lesson_label.setEnabled(forms)
        self.lesson_combo.setEnabled(forms)

    def selected_lines(self) -> list[cert_settings.CertificateLine]:
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        return [line for row in rows if (line := self.model.row_at(row)) is not None]

    def lines(self) -> list[cert_settings.CertificateLine]:
        return [line for row in range(self.model.row_count()) if (line := self.model.row_at(row)) is not None]

    def _update_buttons(self, *_args) -> None:
        selected = self.selected_lines()
        one = selected[0] if len(selected) == 1 else None
        self.cancel_button.setEnabled(one is not None and one.status == "issued")
        self.reissue_button.setEnabled(one is not None and bool(one.status))

    # -- talking to the user (methods, so that tests can answer) --------------------------------

    def tell(self, text: str, *, error: bool = False) -> None:
        self.message_label.setStyleSheet("color: #b00020;" if error else "")
        self.message_label.setText(text)
        if error:
            error_box(self, "Không thực hiện được", text).open()

    def confirm(self, title: str, text: str, informative: str = "") -> bool:
        return ask(self, title, text, informative=informative, yes="Đồng ý", no="Thôi")

    def ask_reason(self, title: str, text: str, placeholder: str = "") -> str | None:
        return ask_reason(self, title, text, placeholder=placeholder)

    # -- documents ------------------------------------------------------------------------------

    def _preview(self, pdf: bytes, *, title: str, file_stem: str, xlsx=None) -> PdfPreviewDialog:
        self.last_preview = show_preview(self.window(), pdf, title=title, file_stem=file_stem, xlsx=xlsx)
        self.preview_opened.emit(self.last_preview)
        return self.last_preview

    def open_document(self, key: str) -> Task | None:
        """Render the class document ``key`` on the worker; its preview opens when it is made
        (:attr:`preview_opened`)."""
        if key == "certificates":
            return self.preview_certificates(all_of_them=True)
        document: ClassDocument = CLASS_DOCUMENTS[key]
        code = self.course_code()
        lesson_id = self.lesson_combo.currentData() if key == "feedback-forms" else None
        day = self.document_day()
        xlsx = (lambda: class_xlsx(key, code, day)) if document.xlsx else None
        return executor().submit(
            _class_pdf, key, code, day, lesson_id=lesson_id, label=f"Đang tạo {document.title.lower()}…",
            parent=self, guard=self.preview_button, cancellable=True, with_progress=True,
            progress_label=f"Đang tạo {document.title.lower()}: đã in {{done}}/{{total}} trang…",
            on_success=lambda pdf: self._preview(pdf, title=f"{document.title} — lớp {code}",
                                                 file_stem=f"{key}-{code}", xlsx=xlsx),
            on_failure=lambda exc: self.tell(exc.message, error=True),
            on_cancel=lambda: self.tell(f"Đã dừng, chưa tạo {document.title.lower()}."))

    # -- certificates ---------------------------------------------------------------------------

    def issue(self) -> list[tuple[str, str]]:
        code = self.course_code()
        waiting = [line for line in self.lines() if line.eligible and not line.status]
        if waiting and not self.confirm("Cấp giấy chứng nhận",
                                        f"Cấp số giấy chứng nhận cho {len(waiting)} học viên đủ điều kiện?",
                                        "Số đã cấp không bao giờ dùng lại, kể cả khi hủy."):
            return []
        try:
            try:
                issued = perform(issue_certificates, code)
            except UserError as exc:
                if exc.field != "before_end":
                    raise
                if not self.confirm("Lớp chưa kết thúc", exc.message.replace("chưa cấp giấy chứng nhận.", "").strip(),
                                    "Vẫn cấp giấy chứng nhận trước ngày kết thúc lớp? Việc này được ghi vào "
                                    "nhật ký thao tác."):
                    return []
                issued = perform(issue_certificates, code, before_end=True)
        except UserError as exc:
            self.tell(exc.message, error=True)
            return []
        if issued:
            span = issued[0][0] if len(issued) == 1 else f"{issued[0][0]} đến {issued[-1][0]}"
            self.tell(f"Đã cấp {len(issued)} giấy chứng nhận, số {span}.")
        else:
            self.tell("Không có học viên đủ điều kiện nào chưa có giấy chứng nhận.")
        return issued

    def preview_certificates(self, *, all_of_them: bool = False) -> Task | None:
        """Preview the selected valid certificates (all of them when none is selected), made on
        the worker (:attr:`preview_opened`)."""
        lines = [] if all_of_them else [line for line in self.selected_lines() if line.status == "issued"]
        if not lines:
            lines = [line for line in self.lines() if line.status == "issued"]
        if not lines:
            self.tell("Lớp chưa có giấy chứng nhận nào còn hiệu lực để in.", error=True)
            return None
        code, preprinted = self.course_code(), self.preprinted_check.isChecked()
        ids = [line.certificate_id for line in lines if line.certificate_id is not None]  # (all issued: all have one)
        kind = "in trên phôi" if preprinted else f"khổ {self.paper_combo.currentData()} ngang"

        def opened(pdf: bytes) -> None:
            dialog = self._preview(pdf, title=f"Giấy chứng nhận ({len(lines)}, {kind}) — lớp {code}",
                                   file_stem=f"giay-chung-nhan-{code}")
            dialog.printed.connect(lambda pages: self._record_print(ids, pages if preprinted else 0))
            if preprinted:
                dialog.before_print = self.enough_blanks

        return executor().submit(
            certificates_pdf, code, preprinted=preprinted, numbers=[line.number for line in lines],
            label="Đang tạo giấy chứng nhận…", parent=self, guard=self.print_certs_button,
            with_progress=True, cancellable=True,
            progress_label="Đang tạo giấy chứng nhận: đã in {done}/{total} trang…",
            on_success=opened, on_failure=lambda exc: self.tell(exc.message, error=True),
            on_cancel=lambda: self.tell("Đã dừng, chưa tạo giấy chứng nhận."))

    def enough_blanks(self, pages: int) -> bool:
        """Printing ``pages`` on blanks: when the stock is empty or short, ask first (default: no)."""
        from app.services.blank_stock import shortfall

        problem = shortfall(pages)
        return problem is None or self.confirm(
            "Không đủ phôi giấy chứng nhận", problem,
            "Vẫn in? Hãy kiểm tra phôi trong máy in; nhập thêm phôi ở Danh mục › Phôi giấy chứng nhận.")

    def _record_print(self, certificate_ids: list[int], blanks: int = 0) -> None:
        from app.services.blank_stock import record_certificate_print

        try:
            perform(record_certificate_print, certificate_ids, on_blanks=blanks)
        except UserError as exc:
            self.tell(exc.message, error=True)

    def cancel_selected(self) -> None:
        selected = self.selected_lines()
        if len(selected) != 1 or not selected[0].status:
            return
        line = selected[0]
        reason = self.ask_reason("Hủy giấy chứng nhận",
                                 f"Hủy giấy chứng nhận số {line.number} của {line.full_name}? "
                                 "Số này được giữ lại, không cấp cho ai khác.", "Ví dụ: in sai họ tên")
        if reason is None:
            return
        try:
            perform(cancel_certificate, line.number, reason)
        except UserError as exc:
            self.tell(exc.message, error=True)
            return
        self.tell(f"Đã hủy giấy chứng nhận số {line.number}.")

    def reissue_selected(self) -> None:
        selected = self.selected_lines()
        if len(selected) != 1 or not selected[0].status:
            return
        line = selected[0]
        reason = self.ask_reason("Cấp lại giấy chứng nhận",
                                 f"Cấp lại giấy chứng nhận số {line.number} của {line.full_name} "
                                 "(do Trung tâm in sai hoặc học viên làm mất)? Giấy mới có số mới.",
                                 "Ví dụ: học viên làm mất")
        if reason is None:
            return
        try:
            new = perform(reissue_certificate, line.number, reason)
        except UserError as exc:
            self.tell(exc.message, error=True)
            return
        self.tell(f"Đã cấp lại cho {line.full_name}: số mới {number_text(new.number, new.year)} thay số {line.number}.")

    def _paper_chosen(self) -> None:
        try:
            perform(cert_settings.save_paper, self.paper_combo.currentData())
        except UserError as exc:
            self.tell(exc.message, error=True)

    def open_calibration(self) -> CalibrationDialog:
        self.calibration = CalibrationDialog(self)
        self.calibration.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.calibration.open()
        return self.calibration


def _class_pdf(key: str, code: str, day, *, lesson_id, progress, cancelled) -> bytes | None:
    """The class document's PDF on the worker, its pages counted to ``progress``; None once the
    user cancelled (the drawing stops there)."""
    try:
        return class_pdf(key, code, day, lesson_id=lesson_id, progress=progress, cancelled=cancelled)
    except Cancelled:
        return None
