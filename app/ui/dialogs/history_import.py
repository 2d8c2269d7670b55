"""Nhập hồ sơ cũ: choose the workbook (or save its template), see the whole of it (classes, problems,
people to decide), answer the questions, then write all of it in one transaction after a backup."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.changes import changes_of
from app.domain.errors import UserError, os_error_text
from app.domain.formatting import format_date, format_int
from app.exchange.history_workbook import TEMPLATE_NAME, write_history_template
from app.services.history_import import NEW_PERSON, HistoryPreview, commit_history, preview_history
from app.ui import events, file_dialogs
from app.ui.dialogs.common import error_label
from app.ui.executor import Task, executor
from app.ui.widgets.fit import fit_to_screen

FILE_FILTER = "Bảng tính (*.xlsx *.xlsm *.xls *.ods);;Mọi tệp (*)"
CLASS_HEADERS = ("Mã lớp", "Chương trình", "Tên lớp", "Từ ngày", "Đến ngày", "Học viên", "GCN")
QUESTION_HEADERS = ("Nơi", "Họ và tên", "Ngày sinh", "Lớp", "Vì sao hỏi", "Là ai")


class HistoryImportDialog(QDialog):
    """See :mod:`app.services.history_import`. ``backup`` runs before anything is written."""

    preview_shown = Signal()

    def __init__(self, parent: QWidget | None = None, *, backup: Callable[[], object] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Nhập hồ sơ cũ")
        self.backup = backup
        self.preview: HistoryPreview | None = None
        self.result_text = ""
        intro = QLabel("Nhập các lớp đã mở trước đây cùng danh sách học viên, kết quả và sổ cấp giấy chứng nhận "
                       "từ một tệp Excel theo mẫu. Số giấy chứng nhận được giữ nguyên; chưa ghi gì cho đến khi "
                       "bấm \u201cNhập tất cả\u201d.", self)
        intro.setWordWrap(True)
        self.choose_button = QPushButton("Chọn tệp…", self)
        self.choose_button.clicked.connect(lambda: self.choose_file())
        self.template_button = QPushButton("Lưu tệp mẫu…", self)
        self.template_button.setToolTip("Lưu tệp Excel mẫu (trang Lớp học, Học viên, Sổ cấp GCN) để điền hồ sơ cũ")
        self.template_button.clicked.connect(lambda: self.save_template())
        self.file_label = QLabel("Chưa chọn tệp.", self)
        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addWidget(self.template_button)
        top.addWidget(self.file_label, 1)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.classes = QTableWidget(0, len(CLASS_HEADERS), self)
        self.classes.setHorizontalHeaderLabels(CLASS_HEADERS)
        self.problems = QListWidget(self)
        self.questions = QTableWidget(0, len(QUESTION_HEADERS), self)
        self.questions.setHorizontalHeaderLabels(QUESTION_HEADERS)
        for table in (self.classes, self.questions):
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.verticalHeader().hide()
        self.tabs.addTab(self.classes, "Lớp")
        self.tabs.addTab(self.problems, "Lỗi")
        self.tabs.addTab(self.questions, "Cần chọn người")
        self.error = error_label(self)
        self.box = QDialogButtonBox(self)
        self.import_button = self.box.addButton("Nhập tất cả", QDialogButtonBox.ButtonRole.AcceptRole)
        self.box.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.commit)
        self.box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.box)
        fit_to_screen(self, 980, 560)

    # -- the file ---------------------------------------------------------------------------

    def save_template(self, path: str | Path | None = None) -> Path | None:
        if path is None:
            path = file_dialogs.save_file_name(self, "Lưu tệp mẫu nhập hồ sơ cũ", TEMPLATE_NAME, "Tệp Excel (*.xlsx)")
            if not path:
                return None
        try:
            written = write_history_template(Path(path))
        except OSError as exc:
            self._show_error(f"Không lưu được tệp mẫu: {os_error_text(exc)}.")
            return None
        self.file_label.setText(f"Đã lưu tệp mẫu: {written}")
        return written

    def choose_file(self, path: str | Path | None = None) -> Task | None:
        """Read and judge the workbook on the executor; :attr:`preview_shown` when it is shown."""
        if path is None:
            path = file_dialogs.open_file_name(self, "Chọn tệp hồ sơ cũ", FILE_FILTER)
            if not path:
                return None
        self.error.hide()
        self.file_label.setText(str(path))
        return executor().submit(preview_history, Path(path), label="Đang đọc hồ sơ cũ…", parent=self,
                                 guard=[self.choose_button, self.import_button],
                                 on_success=self.show_preview,
                                 on_failure=lambda exc: self._show_error(exc.message))

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    # -- the preview ------------------------------------------------------------------------

    def show_preview(self, preview: HistoryPreview) -> None:
        self.preview = preview
        self.classes.setRowCount(len(preview.classes))
        for r, course in enumerate(preview.classes):
            cells = (course.code, course.program_code, course.name, format_date(course.start),
                     format_date(course.end), format_int(course.trainees), format_int(course.certificates))
            for c, text in enumerate(cells):
                self.classes.setItem(r, c, QTableWidgetItem(text))
        self.problems.clear()
        self.problems.addItems([p.text() for p in preview.problems])
        asked = [row for row in preview.rows if row.status == "ambiguous"]
        self.questions.setRowCount(len(asked))
        for r, row in enumerate(asked):
            for c, text in enumerate((f"{row.sheet}, dòng {row.row}", row.name, row.birth, row.course_code,
                                      row.reason)):
                self.questions.setItem(r, c, QTableWidgetItem(text))
            combo = QComboBox(self.questions)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(20)
            combo.setToolTip(row.reason)
            combo.addItem("— chọn —", None)
            for choice in row.choices:
                combo.addItem(choice.text, choice.key)
            combo.addItem("Người mới", NEW_PERSON)
            combo.currentIndexChanged.connect(lambda _=0, i=row.index, box=combo: self.answer(i, box))
            self.questions.setCellWidget(r, len(QUESTION_HEADERS) - 1, combo)
        for table in (self.classes, self.questions):
            table.resizeColumnsToContents()
        self.questions.setColumnWidth(4, min(self.questions.columnWidth(4), 300))
        self.questions.setColumnWidth(5, 300)  # the choices' full text shows when the list opens
        self.tabs.setTabText(1, f"Lỗi ({format_int(len(preview.problems))})")
        self.tabs.setTabText(2, f"Cần chọn người ({format_int(len(asked))})")
        if preview.problems:
            self.tabs.setCurrentIndex(1)
        elif asked:
            self.tabs.setCurrentIndex(2)
        self.update_summary()
        self.preview_shown.emit()

    def answer(self, index: int, combo: QComboBox) -> None:
        assert self.preview is not None
        try:
            self.preview.choose(index, combo.currentData())
        except UserError as exc:
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
            self.preview.choose(index, None)
            self._show_error(exc.message)
        else:
            self.error.hide()
        self.update_summary()

    def update_summary(self) -> None:
        preview = self.preview
        if preview is None:
            return
        new, known = preview.people()
        text = (f"{format_int(len(preview.classes))} lớp, {format_int(len(preview.rows))} lượt học viên "
                f"({format_int(new)} người mới, {format_int(known)} người đã có), "
                f"{format_int(len(preview.certificates))} giấy chứng nhận.")
        if preview.ignored_sheets:
            names = ", ".join(f"\u201c{name}\u201d" for name in preview.ignored_sheets)
            text += (f" Không đọc trang {names}: không có dòng tiêu đề của danh sách lớp, danh sách học viên "
                     "hay sổ cấp GCN.")
        if preview.problems:
            text += f" Có {format_int(len(preview.problems))} lỗi: hãy sửa tệp rồi chọn lại; chưa ghi gì."
        elif preview.open_questions:
            text += (f" Còn {format_int(preview.open_questions)} dòng chưa rõ là ai: chọn ở trang "
                     "\u201cCần chọn người\u201d.")
        else:
            text += " Bấm \u201cNhập tất cả\u201d để ghi (có sao lưu trước)."
        self.summary.setText(text)
        self.import_button.setEnabled(not preview.problems and not preview.open_questions)

    # -- writing ----------------------------------------------------------------------------

    def commit(self) -> Task | None:
        """All of it or none of it, after a backup, on the executor (a decade is many rows)."""
        if self.preview is None:
            return None
        self.error.hide()
        return executor().submit(commit_history, self.preview, backup=self.backup, label="Đang nhập hồ sơ cũ…",
                                 parent=self, guard=[self.import_button, self.choose_button],
                                 on_success=self._written, on_failure=lambda exc: self._show_error(exc.message))

    def _written(self, result) -> None:
        events.announce(changes_of(commit_history, result))
        self.result_text = (f"Đã nhập {format_int(result.classes)} lớp, {format_int(result.enrolments)} lượt học "
                            f"viên ({format_int(result.trainees_created)} người mới), "
                            f"{format_int(result.certificates)} giấy chứng nhận.")
        self.accept()


def open_history_import(parent: QWidget, session=None) -> HistoryImportDialog:
    from app.services.session import backup_before_change

    backup = (lambda: session.backup_now(force=True)) if session is not None else backup_before_change
    dialog = HistoryImportDialog(parent, backup=backup)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window = parent.window()
    if isinstance(window, QMainWindow):
        dialog.accepted.connect(lambda: window.statusBar().showMessage(dialog.result_text, 15_000))
    dialog.open()
    return dialog
