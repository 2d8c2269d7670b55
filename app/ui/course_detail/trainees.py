"""The class window's *Học viên* sub-tab: the roster with its attendance grid, scores, results and
certificate eligibility; adding trainees (search, new, paste, .xlsx import) and removing them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.changes import Topic
from app.domain.errors import UserError, os_error_text
from app.domain.formatting import format_int
from app.domain.text import fold
from app.exchange.legacy import UndecidedEncoding
from app.exchange.roster_template import TEMPLATE_NAME, write_roster_template
from app.services import enrolment, results
from app.services.course_view import CourseInfo
from app.services.roster_import import preview_pasted_roster, preview_roster
from app.services.scores_import import preview_scores
from app.services.session import backup_before_change
from app.ui import file_dialogs
from app.ui.course_detail.base import CourseSubTab
from app.ui.dialogs.common import ReasonDialog, show_error
from app.ui.dialogs.encoding_question import EncodingQuestion
from app.ui.dialogs.enrol_search import EnrolSearchDialog
from app.ui.dialogs.override_result import OverrideResultDialog
from app.ui.dialogs.roster_import import RosterPreviewDialog, ScoresPreviewDialog
from app.ui.dialogs.trainee_form import TraineeFormDialog
from app.ui.events import perform
from app.ui.executor import Task, executor
from app.ui.shortcuts import show_key
from app.ui.widgets.attendance_grid import AttendanceView, RosterGridModel
from app.ui.widgets.fit import fit_column, text_width
from app.ui.windows import open_trainee

SUCCESS_MS = 15_000  # a success message goes away by itself after this
HINT = ("Ô điểm danh: gõ x (có mặt), p (vắng có phép), k (vắng không phép), Delete để xóa. "
        "Cột Điểm: gõ 7,5 hoặc 7.5 rồi Enter. Chuột phải để sửa kết quả.")


SHEET_FILTER = ("Bảng tính (*.xlsx *.xlsm *.xls *.ods *.csv);;Excel (*.xlsx *.xlsm *.xls);;"
                "LibreOffice (*.ods);;CSV (*.csv);;Mọi tệp (*)")


def find_session(widget: QWidget | None):
    """The open session of the main window this widget belongs to (for backups), if any."""
    while widget is not None:
        session = getattr(widget, "session", None)
        if session is not None:
            return session
        widget = widget.parentWidget()
    return None


class TraineesTab(CourseSubTab):
    preview_opened = Signal(object)  # the import preview dialog, once the file was read on the worker
    encoding_asked = Signal(object)  # the question "TCVN3 or VNI?" for old-font text that reads both ways
    topics = (Topic.ENROLLMENTS, Topic.TRAINEES, Topic.ATTENDANCE, Topic.LESSONS, Topic.CERTIFICATES)

    def __init__(self, course_id: int, parent: QWidget | None = None, *,
                 course: CourseInfo | None = None) -> None:
        super().__init__(course_id, parent, course=course)
        self.model = RosterGridModel(self)
        self.view = AttendanceView(self.model, self)
        self.view.setAlternatingRowColors(False)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self.context_menu)
        self.view.remove_requested.connect(self.remove)
        self.view.open_requested.connect(self.open_trainee)
        self.view.paste_requested.connect(lambda: self.paste())
        self.model.error.connect(self.show_message)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Lọc học viên trong lớp…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.apply_filter)
        self.search_button = QPushButton("Thêm học viên có sẵn…", self)
        self.new_button = QPushButton("Học viên mới…", self)
        self.paste_button = QPushButton("Dán từ Excel", self)
        self.paste_button.setToolTip("Chép các dòng trong Excel (kèm dòng tiêu đề) rồi bấm nút này hoặc Ctrl+V")
        self.import_button = QPushButton("Nhập danh sách…", self)
        self.import_button.setToolTip("Nhập danh sách học viên từ tệp Excel (.xlsx, .xls), LibreOffice (.ods) "
                                      "hoặc .csv")
        self.template_button = QPushButton("Mẫu danh sách…", self)
        self.template_button.setToolTip("Lưu tệp Excel mẫu để gửi các xã, cơ quan điền danh sách học viên; "
                                        "chương trình đọc được trọn vẹn tệp điền theo mẫu này")
        self.scores_button = QPushButton("Nhập điểm…", self)
        self.scores_button.setToolTip("Nhập điểm từ bảng điểm (.xlsx, .xls, .ods, .csv) của giảng viên chấm bài")
        self.remove_button = QPushButton("Bỏ khỏi lớp…", self)
        self.export_button = QPushButton("Xuất Excel…", self)
        self.export_button.setToolTip("Lưu danh sách học viên của lớp (điểm danh, điểm, kết quả) ra tệp Excel")
        self.export_button.clicked.connect(lambda: self.export_excel())
        self.direction_combo = QComboBox(self)
        self.direction_combo.addItem("Gõ xong: xuống dưới", "down")
        self.direction_combo.addItem("Gõ xong: sang phải", "right")
        self.direction_combo.setToolTip("Sau mỗi ký hiệu điểm danh, con trỏ đi xuống (cùng buổi) hay sang phải")
        self.direction_combo.currentIndexChanged.connect(
            lambda: setattr(self.view, "direction", self.direction_combo.currentData()))
        self.search_button.clicked.connect(self.add_existing)
        self.new_button.clicked.connect(self.add_new)
        self.paste_button.clicked.connect(self.paste)
        self.import_button.clicked.connect(lambda: self.import_file())
        self.template_button.clicked.connect(lambda: self.save_template())
        self.scores_button.clicked.connect(lambda: self.import_scores())
        self.remove_button.clicked.connect(lambda: self.remove(self.view.currentIndex().row()))
        # Two rows: on one, beside eight buttons, the filter box was squeezed to "Lọc…".
        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.export_button)
        top.addWidget(self.remove_button)
        bar = QHBoxLayout()
        for button in (self.search_button, self.new_button, self.paste_button, self.import_button,
                       self.template_button, self.scores_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bottom = QHBoxLayout()
        self.count_label = QLabel(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        bottom.addWidget(self.count_label)
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.direction_combo)
        self.hint = QLabel(HINT, self)
        self.hint.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.hint)
        QShortcut(QKeySequence.StandardKey.New, self, self.add_new).setContext(
            Qt.ShortcutContext.WidgetWithChildrenShortcut)
        show_key(self.new_button, QKeySequence.StandardKey.New, "Nhập một học viên mới vào lớp")
        self.dialog: QWidget | None = None
        self._success_shown = False
        self._success_timer = QTimer(self)
        self._success_timer.setSingleShot(True)
        self._success_timer.setInterval(SUCCESS_MS)
        self._success_timer.timeout.connect(self.clear_success)
        self.view.selectionModel().currentChanged.connect(lambda *_: self.clear_success())
        self.filter_edit.textChanged.connect(lambda _text: self.clear_success())
        for button in (self.search_button, self.new_button, self.paste_button, self.import_button,
                       self.template_button, self.scores_button, self.remove_button, self.export_button):
            button.pressed.connect(self.clear_success)
        self.refresh()
        self._size_columns()

    # -- what is shown ----------------------------------------------------------------------

    def refresh(self) -> None:
        shape = (self.model.columnCount(), self.model.rowCount())
        self.model.set_roster(enrolment.class_roster(self.course_id))
        if (self.model.columnCount(), self.model.rowCount()) != shape:
            self._size_columns()
        else:
            self._fit_names()  # a name corrected in the record
        self.apply_filter()
        rows = self.model.roster.rows
        eligible = sum(1 for r in rows if r.eligible or r.has_certificate)
        self.count_label.setText(f"{format_int(len(rows))} học viên · {format_int(self.model.lesson_count)} buổi "
                                 f"· {format_int(eligible)} đủ điều kiện cấp GCN")
        cancelled = self.course is not None and self.course.cancelled
        for button in (self.search_button, self.new_button, self.paste_button, self.import_button):
            button.setEnabled(not cancelled)
        self.scores_button.setEnabled(self.model.roster.scored and bool(rows))

    def _size_columns(self) -> None:
        header, char = self.view.horizontalHeader(), self.view.fontMetrics().averageCharWidth()
        widths = [22, 10, 7, 8, 9, 20, 5, 10, 15] + [6] * self.model.lesson_count + [30]
        for column, width in enumerate(widths):
            text = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "").split("\n")[0]
            header.resizeSection(column, max(char * width + 12, text_width(self.view, [text])))
        # Digits are wider than the average letter: size the date column on a real date.
        header.resizeSection(1, self.view.fontMetrics().horizontalAdvance("00/00/0000") + 16)
        header.setStretchLastSection(True)
        self._fit_names()

    def _fit_names(self) -> None:
        """The name column as wide as the longest name of the class (it stays in view when scrolling);
        the attendance summary ("29/40 (vắng 2P, 1K)") and the result ("Trung bình (sửa tay)") whole."""
        fit_column(self.view, 0, [r.full_name for r in self.model.roster.rows], header="Họ và tên")
        for name in ("Kết quả", "Chuyên cần"):
            column = self.model.column_of(name)
            fit_column(self.view, column, [self.model.index(i, column).data() or ""
                                           for i in range(self.model.rowCount())], header=name)

    def apply_filter(self) -> None:
        words = fold(self.filter_edit.text()).split()
        for i, row in enumerate(self.model.roster.rows):
            text = fold(f"{row.full_name} {row.birth} {row.unit}")
            self.view.setRowHidden(i, not all(w in text for w in words))

    def show_message(self, text: str, error: bool = True) -> None:
        """A refused value stays until the next one; a success ("Đã nhập …") clears when the user
        moves on (another cell, the filter, another action) or after :data:`SUCCESS_MS`."""
        self.message.setStyleSheet("color: #b00020;" if error else "color: #1b5e20;")
        self.message.setText(text)
        self._success_shown = not error and bool(text)
        if self._success_shown:
            self._success_timer.start()

    def clear_success(self) -> None:
        if self._success_shown:
            self._success_shown = False
            self._success_timer.stop()
            self.message.clear()

    # -- adding -----------------------------------------------------------------------------

    def add_existing(self) -> EnrolSearchDialog:
        self.dialog = EnrolSearchDialog(self.course_id, self)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()
        return self.dialog

    def add_new(self) -> TraineeFormDialog:
        self.dialog = TraineeFormDialog(parent=self, course_id=self.course_id)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()
        return self.dialog

    def paste(self, text: str | None = None, *, encoding: str | None = None) -> RosterPreviewDialog | None:
        """Rows copied from Excel (the header line first) → the same preview as a file."""
        text = QGuiApplication.clipboard().text() if text is None else text
        try:
            preview = preview_pasted_roster(text, self._code(), encoding=encoding)
        except UndecidedEncoding as exc:
            self._ask_encoding(exc, lambda chosen: self.paste(text, encoding=chosen))
            return None
        except UserError as exc:
            self.dialog = show_error(self, exc, "Không dán được")
            return None
        return self._open_preview(RosterPreviewDialog, preview, "các dòng dán từ Excel")

    def _ask_encoding(self, exc: UndecidedEncoding, again) -> EncodingQuestion:
        """Old-font text readable both ways: the clerk chooses the reading (never guessed), then ``again``."""
        question = EncodingQuestion(exc, self)
        question.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        question.accepted.connect(lambda: again(question.chosen))
        self.dialog = question
        question.open()
        self.encoding_asked.emit(question)
        return question

    def _choose_xlsx(self, title: str) -> str:
        chosen = file_dialogs.open_file_name(self, title, SHEET_FILTER)  # the last folder used
        return str(chosen) if chosen else ""

    def save_template(self, path: str | Path | None = None) -> Path | None:
        """Save the roster template (what the importer reads perfectly) where the clerk chooses."""
        if path is None:
            path = file_dialogs.save_file_name(self, "Lưu mẫu danh sách học viên", TEMPLATE_NAME, "Tệp Excel (*.xlsx)")
            if path is None:
                return None
        try:
            written = write_roster_template(Path(path))
        except OSError as exc:
            self.show_message(f"Không lưu được mẫu danh sách: {os_error_text(exc)}.")
            return None
        self.show_message(f"Đã lưu mẫu danh sách học viên: {written}", error=False)
        return written

    def import_file(self, path: str | Path | None = None, *, encoding: str | None = None) -> Task | None:
        """An .xlsx roster → preview (read on the worker; :attr:`preview_opened`) → "Nhập tất cả".
        Old-font text that reads both ways asks which encoding (:attr:`encoding_asked`), then reads again."""
        path = path or self._choose_xlsx("Chọn tệp danh sách học viên")
        if not path:
            return None

        def failed(exc: UserError) -> None:
            if isinstance(exc, UndecidedEncoding) and exc.samples:
                self._ask_encoding(exc, lambda chosen: self.import_file(path, encoding=chosen))
            else:
                self._show_error(exc, "Không đọc được danh sách")

        return executor().submit(
            preview_roster, Path(path), self._code(), encoding=encoding, label="Đang đọc danh sách…", parent=self,
            guard=self.import_button,
            on_success=lambda preview: self._open_preview(RosterPreviewDialog, preview, Path(path).name),
            on_failure=failed)

    def import_scores(self, path: str | Path | None = None) -> Task | None:
        """The marking instructor's .xlsx (name + birth date or CCCD + score) → preview → write."""
        path = path or self._choose_xlsx("Chọn tệp bảng điểm")
        if not path:
            return None
        return executor().submit(
            preview_scores, Path(path), self._code(), label="Đang đọc bảng điểm…", parent=self,
            guard=self.scores_button,
            on_success=lambda preview: self._open_preview(ScoresPreviewDialog, preview, Path(path).name),
            on_failure=lambda exc: self._show_error(exc, "Không đọc được bảng điểm"))

    def _show_error(self, exc: UserError, title: str) -> None:
        self.dialog = show_error(self, exc, title)

    def _open_preview(self, kind, preview, source: str):
        session = find_session(self)
        # Always a backup before an import: the window's session, else the open session of the process.
        backup = (lambda: session.backup_now(force=True)) if session is not None else backup_before_change
        dialog = kind(preview, self, backup=backup, source_name=source)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.show_message(dialog.result_text(), error=False))
        self.dialog = dialog
        dialog.open()
        self.preview_opened.emit(dialog)
        return dialog

    def export_excel(self, path=None):
        """The class's roster as this sub-tab shows it, to an .xlsx."""
        from app.outputs.lists import export_roster
        from app.ui.exports import export_to_excel

        return export_to_excel(self, export_roster, self.course_id, suggested=f"Danh sách học viên lớp {self._code()}",
                               noun="học viên", guard=self.export_button, path=path)

    def _code(self) -> str:
        return self.shown_course().code

    # -- per trainee ------------------------------------------------------------------------

    def remove(self, row: int) -> ReasonDialog | None:
        """Take the trainee of ``row`` out of the class (asks; a reason may be given)."""
        entry = self.model.row_at(row)
        if entry is None:
            return None
        dialog = ReasonDialog("Bỏ khỏi lớp", f"Bỏ {entry.full_name} ({entry.birth}) khỏi lớp? Điểm danh và điểm "
                              "của học viên trong lớp này bị xóa; hồ sơ học viên vẫn giữ.", self,
                              ok="Bỏ khỏi lớp", required=False, label="Lý do (không bắt buộc):")
        dialog.accepted.connect(lambda: self._remove(entry.enrollment_id, dialog.reason()))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _remove(self, enrollment_id: int, reason: str) -> None:
        try:
            perform(enrolment.remove_enrollment, enrollment_id, reason)
        except UserError as exc:
            self.dialog = show_error(self, exc)

    def override(self, row: int) -> OverrideResultDialog | None:
        entry = self.model.row_at(row)
        if entry is None:
            return None
        self.dialog = OverrideResultDialog(entry.enrollment_id, entry.full_name, self.model.roster.bands,
                                           entry.result_code, self)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()
        return self.dialog

    def clear_override(self, row: int) -> None:
        entry = self.model.row_at(row)
        if entry is None:
            return
        try:
            perform(results.clear_override, entry.enrollment_id)
        except UserError as exc:
            self.show_message(exc.message)

    def allow_certificate(self, row: int) -> ReasonDialog | None:
        """An exception to the absence rule, with the reason (shown, audited)."""
        entry = self.model.row_at(row)
        if entry is None:
            return None
        dialog = ReasonDialog("Cho phép cấp giấy chứng nhận",
                              f"Cho phép cấp giấy chứng nhận cho {entry.full_name} dù vắng quá số buổi quy định?",
                              self, ok="Cho phép", placeholder="Ví dụ: Vắng do đi công tác theo quyết định số …")
        dialog.accepted.connect(lambda: self._allow(entry.enrollment_id, dialog.reason()))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _allow(self, enrollment_id: int, reason: str | None) -> None:
        try:
            perform(enrolment.set_eligibility_override, enrollment_id, reason)
        except UserError as exc:
            self.show_message(exc.message)

    def open_trainee(self, row: int):
        entry = self.model.row_at(row)
        if entry is None:
            return None
        self.dialog = open_trainee(entry.trainee_id, self)
        return self.dialog

    def context_menu(self, pos: QPoint) -> None:
        row = self.view.indexAt(pos).row()
        entry = self.model.row_at(row)
        if entry is None:
            return
        menu = QMenu(self)
        menu.addAction("Sửa kết quả…", lambda: self.override(row))
        clear = menu.addAction("Bỏ kết quả sửa tay", lambda: self.clear_override(row))
        clear.setEnabled(bool(entry.override_reason))
        menu.addSeparator()
        allow = menu.addAction("Cho phép cấp GCN dù vắng quá quy định…", lambda: self.allow_certificate(row))
        allow.setEnabled(not entry.eligibility_override and not entry.has_certificate)
        withdraw = menu.addAction("Bỏ ngoại lệ cấp GCN", lambda: self._allow(entry.enrollment_id, None))
        withdraw.setEnabled(bool(entry.eligibility_override) and not entry.has_certificate)
        menu.addSeparator()
        menu.addAction("Xem hồ sơ học viên…", lambda: self.open_trainee(row))
        menu.addAction("Bỏ khỏi lớp…", lambda: self.remove(row))
        menu.popup(self.view.viewport().mapToGlobal(pos))
