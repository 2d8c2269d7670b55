"""A trainee's record and training history: every class, result and certificate, and whether a
certificate that expires (NTVD, 60 months) is still valid. Sửa and Gộp open from here."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.changes import Changes, Topic
from app.domain.errors import UserError
from app.domain.formatting import format_date
from app.domain.text import fold
from app.services import catalogues, enrolment, lists
from app.services.courses import STATUS_LABELS
from app.ui.dialogs.common import setup_table
from app.ui.dialogs.merge_trainees import MergeTraineesDialog
from app.ui.dialogs.trainee_form import TraineeFormDialog
from app.ui.events import changes, perform, touches
from app.ui.executor import Task, executor
from app.ui.models.table import Column, RowTableModel
from app.ui.widgets.attendance_grid import score_text
from app.ui.widgets.fit import fit_column, fit_to_screen
from app.ui.widgets.pdf_preview import show_preview
from app.ui.widgets.trainee_photo import TraineePhotoPanel, image_from_mime, offers_image
from app.ui.windows import open_course

HISTORY_COLUMNS: tuple[Column, ...] = (
    Column("Mã lớp", lambda r: r.course_code, width=14),
    Column("Lớp", lambda r: r.course_name, width=30, stretch=True),
    Column("Từ ngày", lambda r: format_date(r.start), width=10),
    Column("Đến ngày", lambda r: format_date(r.end), width=10),
    Column("Trạng thái", lambda r: STATUS_LABELS.get(r.status, r.status), width=11),
    Column("Điểm", lambda r: score_text(r.score), width=5, numeric=True),
    Column("Kết quả", lambda r: r.result, width=10),
    Column("Số GCN", lambda r: r.certificates, width=12),
)
RECORD_FIELDS = (("birth", "Ngày sinh"), ("gender", "Giới tính"), ("ethnic_group", "Dân tộc"),
                 ("citizen_id", "Số CCCD"), ("old_id_number", "Số CMND cũ"), ("party", "Đảng viên"),
                 ("position", "Chức vụ"), ("unit", "Đơn vị công tác"), ("theory_level", "Trình độ LLCT"),
                 ("phone", "Điện thoại"), ("note", "Ghi chú"))


class TraineeDetailDialog(QDialog):
    """Opened by Enter on the Học viên list; refreshes itself when the trainee changes."""

    def __init__(self, trainee_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.trainee_id = trainee_id
        fit_to_screen(self, 980, 620)
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.title.setWordWrap(True)  # a 100-letter name wraps: it does not widen the window past the screen
        self.values: dict[str, QLabel] = {}
        left, right = QFormLayout(), QFormLayout()
        for i, (key, label) in enumerate(RECORD_FIELDS):
            value = QLabel(self)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.values[key] = value
            (left if i < 6 else right).addRow(f"{label}:", value)
        record = QHBoxLayout()
        record.addLayout(left, 1)
        record.addLayout(right, 2)
        # The 3×4 photo: a file dropped anywhere on the dialog, or an image pasted, goes on the record.
        self.photo = TraineePhotoPanel(trainee_id, self)
        record.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignTop)
        self.setAcceptDrops(True)
        QShortcut(QKeySequence.StandardKey.Paste, self, self.photo.paste)
        self.validity = QLabel(self)
        self.validity.setWordWrap(True)
        self.model = RowTableModel(HISTORY_COLUMNS, self)
        self.view = QTableView(self)
        setup_table(self.view, self.model, widths=[c.width for c in HISTORY_COLUMNS], stretch=1)
        self.view.activated.connect(self.open_course)
        self.edit_button = QPushButton("Sửa…", self)
        self.merge_button = QPushButton("Gộp với hồ sơ trùng…", self)
        self.history_button = QPushButton("In quá trình bồi dưỡng…", self)
        self.history_button.setToolTip("Xem, in hoặc lưu (PDF, Excel) quá trình bồi dưỡng của học viên")
        self.reprint_button = QPushButton("In lại GCN…", self)
        self.reprint_button.setToolTip("In lại giấy chứng nhận của lớp đang chọn (giữ nguyên số)")
        close_button = QPushButton("Đóng", self)
        self.edit_button.clicked.connect(self.edit)
        self.merge_button.clicked.connect(self.merge)
        self.history_button.clicked.connect(lambda: self.print_history())
        self.reprint_button.clicked.connect(lambda: self.reprint_certificate())
        close_button.clicked.connect(self.reject)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.edit_button)
        row.addWidget(self.merge_button)
        row.addWidget(self.history_button)
        row.addWidget(self.reprint_button)
        row.addWidget(self.message, 1)
        row.addStretch(1)
        row.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(record)
        layout.addWidget(self.validity)
        layout.addWidget(QLabel("Quá trình bồi dưỡng:", self))
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        self.dialog: QDialog | None = None
        self.preview: QWidget | None = None
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_reprint())
        changes().changed.connect(self._on_changed)
        self.finished.connect(self._disconnect)
        self.refresh()

    def refresh(self) -> None:
        rows = lists.trainee_rows([self.trainee_id])
        if not rows:  # merged into another record
            self.reject()
            return
        data = enrolment.trainee_input(self.trainee_id)
        levels = catalogues.catalogue_names("theory_levels")  # a retired level still names old records
        self.setWindowTitle(f"Học viên {data.full_name}")
        self.title.setText(f"{data.full_name} — {data.birth or 'không rõ ngày sinh'}")
        shown = {"birth": data.birth, "gender": data.gender, "ethnic_group": data.ethnic_group,
                 "citizen_id": data.citizen_id, "old_id_number": data.old_id_number,
                 "party": "Có" if data.party_member else "Không", "position": data.position, "unit": data.unit,
                 "theory_level": levels.get(data.theory_level, data.theory_level), "phone": data.phone,
                 "note": data.note}
        for key, label in self.values.items():
            label.setText(shown[key] or "—")
        self.photo.refresh()
        history, valid = enrolment.training_history(self.trainee_id)
        self.model.set_rows(history)
        fit_column(self.view, 0, [r.course_code for r in history], header="Mã lớp")  # a code is never cut
        lines = [v.sentence() if v else f"Chưa có giấy chứng nhận {code}." for code, v in valid.items()]
        self.validity.setText(" ".join(lines))
        first = next((i for i, r in enumerate(history) if _issued_number(r)), None)
        if first is not None and not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.model.index(first, 0))
        self._update_reprint()

    # -- the history on paper, a certificate again ------------------------------------------

    def _update_reprint(self) -> None:
        row = self.model.row_at(self.view.currentIndex().row())
        self.reprint_button.setEnabled(row is not None and bool(_issued_number(row)))

    def print_history(self) -> Task:
        """The history report of this person (whatever their CCCD), in a preview with In…, Lưu PDF…,
        Lưu Excel…; made on the executor."""
        name = self.windowTitle().removeprefix("Học viên ")

        def opened(files: tuple[bytes, bytes]) -> None:
            pdf, xlsx = files
            self.preview = show_preview(self, pdf, title=f"Quá trình bồi dưỡng — {name}",
                                        file_stem="qua-trinh-boi-duong_" + "-".join(fold(name).split()),
                                        xlsx=lambda: xlsx)

        return executor().submit(_history_files, self.trainee_id, label="Đang tạo quá trình bồi dưỡng…", parent=self,
                                 guard=self.history_button, on_success=opened,
                                 on_failure=lambda exc: self.message.setText(exc.message))

    def reprint_certificate(self) -> Task | None:
        """The certificate of the selected class again, with its own number (a reprint is counted)."""
        row = self.model.row_at(self.view.currentIndex().row())
        number = _issued_number(row) if row is not None else ""
        if row is None or not number:
            self.message.setText("Chọn một lớp đã được cấp giấy chứng nhận (còn hiệu lực) để in lại.")
            return None
        from app.outputs.printouts import certificates_pdf
        from app.services.certificates import find_certificate

        certificate_id = find_certificate(number).id

        def opened(pdf: bytes) -> None:
            self.preview = show_preview(self, pdf, title=f"Giấy chứng nhận số {number}",
                                        file_stem=f"giay-chung-nhan-{number.replace('/', '-')}")
            self.preview.printed.connect(lambda _pages: self._record_reprint(certificate_id))

        return executor().submit(certificates_pdf, row.course_code, numbers=[number],
                                 label="Đang tạo giấy chứng nhận…", parent=self, guard=self.reprint_button,
                                 with_progress=True, cancellable=True,
                                 progress_label="Đang tạo giấy chứng nhận: đã in {done}/{total} trang…",
                                 on_success=opened, on_failure=lambda exc: self.message.setText(exc.message),
                                 on_cancel=lambda: self.message.setText("Đã dừng, chưa tạo giấy chứng nhận."))

    def _record_reprint(self, certificate_id: int) -> None:
        from app.services.blank_stock import record_certificate_print

        try:
            perform(record_certificate_print, [certificate_id])
        except UserError as exc:
            self.message.setText(exc.message)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # Qt's name
        if offers_image(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # Qt's name
        found = image_from_mime(event.mimeData())
        if found is not None:
            event.acceptProposedAction()
            self.photo.take(found)

    def _on_changed(self, topics: Changes) -> None:
        if touches(topics, Topic.TRAINEES, Topic.ENROLLMENTS, Topic.CERTIFICATES, Topic.COURSES):
            self.refresh()

    def _disconnect(self) -> None:
        with contextlib.suppress(RuntimeError, TypeError):
            changes().changed.disconnect(self._on_changed)

    def edit(self) -> TraineeFormDialog:
        self.dialog = TraineeFormDialog(self.trainee_id, self)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()
        return self.dialog

    def merge(self) -> MergeTraineesDialog:
        self.dialog = MergeTraineesDialog(self.trainee_id, self)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()
        return self.dialog

    def open_course(self, index) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            open_course(row.course_id, self.window().parentWidget() or self)


def _issued_number(row) -> str:
    """The number of the class's certificate in force ("0012/2019"), '' when it has none."""
    for text in (row.certificates or "").split(", "):
        if text and "hủy" not in text:
            return text
    return ""


def _history_files(trainee_id: int) -> tuple[bytes, bytes]:
    """On the worker: the history report of one person as PDF and as Excel."""
    import datetime as dt

    from app.outputs.reports import build_report, report_pdf, report_xlsx

    today = dt.date.today()
    data = build_report("history", trainee=trainee_id, today=today)
    return report_pdf(data, today), report_xlsx(data, today)
