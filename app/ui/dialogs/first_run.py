"""Thiết lập ban đầu: the short setup a new database opens with (Cài đặt reaches it again).

Four steps, each saved by its own service call when the user goes on and each skippable: the
centre (name, parent body, party or state style, place name of the date line), the signers
(director, deputy), certificates (the year's first number, the paper of the full design) and
the year's plan number. No rule lives here: every value is checked by the service that saves it,
and its message is shown under the field it is about.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError
from app.domain.formatting import format_date
from app.services import certificate_settings, plans, settings
from app.services.certificates import number_text
from app.ui.dialogs.common import FieldErrors, date_line_edit
from app.ui.dialogs.institution import HEADER_STYLES, PLACEHOLDERS
from app.ui.events import perform
from app.ui.shortcuts import show_key


class SetupStep(QWidget):
    """One step: a form, its errors, and ``save()`` (True when saved or nothing to save)."""

    title = ""
    intro = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors = FieldErrors(self)
        self.form = QFormLayout()
        intro = QLabel(self.intro, self)
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addLayout(self.form)
        layout.addWidget(self.errors.general)
        layout.addStretch(1)

    def row(self, label: str, field: str, editor: QWidget) -> None:
        editor.setObjectName(field)
        self.form.addRow(label, self.errors.wrap(field, editor))

    def save(self) -> bool:
        raise NotImplementedError

    def saved_through(self, service, *args) -> bool:
        """Call a writing service; True when it saved, else its refusal is shown (:meth:`refused`)."""
        try:
            perform(service, *args)
        except UserError as exc:
            return self.refused(exc)
        return True

    def refused(self, exc: UserError) -> bool:
        """Show a service's refusal under its field (or under the form when the field is on another step)."""
        if exc.field and exc.field not in self.errors.labels:
            self.errors.show(f"{exc.message} Quay lại bước trước để sửa.")
        else:
            self.errors.show(exc.message, exc.field)
        return False

    def first_editor(self) -> QWidget | None:
        return next(iter(self.errors.editors.values()), None)


class CentreStep(SetupStep):
    title = "Đơn vị"
    intro = ("Tên trung tâm và cơ quan chủ quản in ở góc trái mọi văn bản; thể thức quyết định phần "
             "quốc hiệu bên phải; địa danh in ở dòng ngày tháng.")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        current = settings.get_institution()
        self.name_edit = QLineEdit(current.name, self)
        self.name_edit.setPlaceholderText(PLACEHOLDERS["name"])
        self.parent_edit = QLineEdit(current.parent_body, self)
        self.parent_edit.setPlaceholderText(PLACEHOLDERS["parent_body"])
        self.style_combo = QComboBox(self)
        for code, label in HEADER_STYLES:
            self.style_combo.addItem(label, code)
        self.style_combo.setCurrentIndex(max(self.style_combo.findData(current.header_style), 0))
        self.place_edit = QLineEdit(current.place_name, self)
        self.place_edit.setPlaceholderText("Ví dụ: Si Ma Cai")
        self.row("Tên trung tâm:", "name", self.name_edit)
        self.row("Cơ quan chủ quản:", "parent_body", self.parent_edit)
        self.row("Thể thức văn bản:", "header_style", self.style_combo)
        self.row("Địa danh (ghi ngày tháng):", "place_name", self.place_edit)

    def save(self) -> bool:
        institution = replace(settings.get_institution(), name=self.name_edit.text(),
                              parent_body=self.parent_edit.text(), header_style=self.style_combo.currentData(),
                              place_name=self.place_edit.text())
        return self.saved_through(settings.save_institution, institution)


class SignersStep(SetupStep):
    title = "Người ký"
    intro = ("Họ tên in dưới chữ ký của giấy chứng nhận và báo cáo. Khi Phó Giám đốc ký thay, văn bản "
             "ghi \u201cK/T GIÁM ĐỐC / PHÓ GIÁM ĐỐC\u201d.")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        current = settings.get_institution()
        self.director_edit = QLineEdit(current.director_name, self)
        self.director_edit.setPlaceholderText("Ví dụ: Giàng Seo Vần")
        self.deputy_edit = QLineEdit(current.deputy_name, self)
        self.deputy_check = QCheckBox("Phó Giám đốc ký thay (K/T GIÁM ĐỐC)", self)
        self.deputy_check.setChecked(current.deputy_signs)
        self.row("Giám đốc:", "director_name", self.director_edit)
        self.row("Phó Giám đốc:", "deputy_name", self.deputy_edit)
        self.row("Người ký:", "deputy_signs", self.deputy_check)

    def save(self) -> bool:
        institution = replace(settings.get_institution(), director_name=self.director_edit.text(),
                              deputy_name=self.deputy_edit.text(), deputy_signs=self.deputy_check.isChecked())
        return self.saved_through(settings.save_institution, institution)


class CertificateStep(SetupStep):
    title = "Giấy chứng nhận"
    intro = ("Số giấy chứng nhận có dạng số thứ tự/năm, ví dụ 0001/{year}; mỗi năm đánh số lại từ đầu, "
             "số đã cấp không bao giờ dùng lại. Nếu năm nay Trung tâm đã cấp giấy bằng tay, hãy cho "
             "chương trình đánh số tiếp theo sau số cuối cùng đó.")

    def __init__(self, parent: QWidget | None = None, *, year: int | None = None) -> None:
        self.year = year or dt.date.today().year
        self.intro = self.intro.format(year=self.year)
        super().__init__(parent)
        self.first_spin = QSpinBox(self)
        self.first_spin.setRange(1, certificate_settings.MAX_NUMBER)
        self.first_spin.setValue(certificate_settings.next_number(self.year))
        self.example = QLabel(self)
        self.first_spin.valueChanged.connect(self._show_example)
        self.paper_combo = QComboBox(self)
        for code, label in certificate_settings.PAPERS.items():
            self.paper_combo.addItem(label, code)
        self.paper_combo.setCurrentIndex(max(self.paper_combo.findData(certificate_settings.get_paper()), 0))
        self.first_spin.setMaximumWidth(self.fontMetrics().horizontalAdvance("0000000") + 40)
        self.row(f"Số tiếp theo năm {self.year}:", "first_number", self.first_spin)
        self.form.addRow("Giấy tiếp theo sẽ mang số:", self.example)
        self.row("Khổ giấy (in đầy đủ mẫu):", "paper", self.paper_combo)
        self._show_example()

    def _show_example(self) -> None:
        self.example.setText(f"<b>{number_text(self.first_spin.value(), self.year)}</b>")

    def save(self) -> bool:
        try:
            if self.first_spin.value() != certificate_settings.next_number(self.year):
                perform(certificate_settings.set_next_number, self.year, self.first_spin.value())
            if self.paper_combo.currentData() != certificate_settings.get_paper():
                perform(certificate_settings.save_paper, self.paper_combo.currentData())
        except UserError as exc:
            return self.refused(exc)
        return True


class PlanStep(SetupStep):
    title = "Kế hoạch năm"
    intro = ("Số và ngày của kế hoạch đào tạo, bồi dưỡng năm {year} (các lớp của kế hoạch nhập sau, ở "
             "Lớp học › Kế hoạch năm).")

    def __init__(self, parent: QWidget | None = None, *, year: int | None = None) -> None:
        self.year = year or dt.date.today().year
        self.intro = self.intro.format(year=self.year)
        super().__init__(parent)
        plan = plans.get_plan(self.year)
        self.number_edit = QLineEdit(plan.document_number, self)
        self.number_edit.setPlaceholderText("Ví dụ: 05-KH/TTCT")
        self.approved_edit = date_line_edit(
            self, format_date(plan.approved_on) if isinstance(plan.approved_on, dt.date) else "")
        self.row(f"Số kế hoạch năm {self.year}:", "document_number", self.number_edit)
        self.row("Ngày ban hành:", "approved_on", self.approved_edit)

    def save(self) -> bool:
        plan = plans.get_plan(self.year)
        number, approved = self.number_edit.text(), self.approved_edit.text()
        shown = format_date(plan.approved_on) if isinstance(plan.approved_on, dt.date) else ""
        if number.strip() == plan.document_number and approved.strip() == shown:
            return True  # nothing changed: nothing to write
        return self.saved_through(plans.save_plan, replace(plan, document_number=number, approved_on=approved))


DONE_TEXT = (
    "<p><b>Xong.</b> Mọi mục ở đây sửa lại được bất cứ lúc nào trong menu <i>Cài đặt</i> "
    "(<i>Thiết lập ban đầu</i>, <i>Thông tin đơn vị</i>).</p>"
    "<p>Việc tiếp theo thường là:</p><ul>"
    "<li>Gửi các xã, cơ quan <i>Trợ giúp › Lưu mẫu danh sách học viên…</i> để họ điền danh sách;</li>"
    "<li>Mở lớp: <i>Lớp học › Lớp mới…</i> (Ctrl+N), rồi nhập danh sách học viên từ tệp Excel;</li>"
    "<li>Đọc <i>Trợ giúp › Hướng dẫn sử dụng</i> (F1): công việc hằng ngày, từng bước.</li></ul>")


class FirstRunDialog(QDialog):
    """The setup, step by step: Quay lại · Bỏ qua bước này · Lưu và tiếp tục · Đóng."""

    def __init__(self, parent: QWidget | None = None, *, year: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Thiết lập ban đầu")
        self.setMinimumWidth(640)
        self.steps: list[SetupStep] = [CentreStep(self), SignersStep(self), CertificateStep(self, year=year),
                                       PlanStep(self, year=year)]
        self.done_page = QLabel(DONE_TEXT, self)
        self.done_page.setWordWrap(True)
        self.done_page.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.stack = QStackedWidget(self)
        for step in self.steps:
            self.stack.addWidget(step)
        self.stack.addWidget(self.done_page)
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-weight: bold; font-size: 13pt;")
        self.saved_steps: list[str] = []

        self.back_button = QPushButton("Quay lại", self)
        self.skip_button = QPushButton("Bỏ qua bước này", self)
        self.next_button = QPushButton("Lưu và tiếp tục", self)
        self.close_button = QPushButton("Đóng", self)
        show_key(self.back_button, "Alt+Left", "Về bước trước")
        self.skip_button.setToolTip("Sang bước sau, không lưu bước này")
        self.next_button.setToolTip("Lưu bước này rồi sang bước sau (Enter)")
        self.close_button.setToolTip("Đóng; mở lại ở Cài đặt › Thiết lập ban đầu… (Esc)")
        self.back_button.setShortcut(QKeySequence("Alt+Left"))
        self.next_button.setDefault(True)
        self.back_button.clicked.connect(self.back)
        self.skip_button.clicked.connect(self.skip)
        self.next_button.clicked.connect(self.save_and_next)
        self.close_button.clicked.connect(self.reject)
        bar = QHBoxLayout()
        bar.addWidget(self.back_button)
        bar.addStretch(1)
        bar.addWidget(self.skip_button)
        bar.addWidget(self.next_button)
        bar.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.stack, 1)
        layout.addLayout(bar)
        self.go_to(0)

    def current_step(self) -> SetupStep | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, SetupStep) else None

    def go_to(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        step = self.current_step()
        total = len(self.steps)
        self.heading.setText(f"Bước {index + 1}/{total}: {step.title}" if step else "Đã thiết lập xong")
        self.back_button.setEnabled(index > 0)
        self.skip_button.setVisible(step is not None)
        self.next_button.setText("Lưu và tiếp tục" if step else "Xong")
        self.close_button.setVisible(step is not None)
        editor = step.first_editor() if step else None
        (editor or self.next_button).setFocus(Qt.FocusReason.OtherFocusReason)

    def back(self) -> None:
        if self.stack.currentIndex() > 0:
            self.go_to(self.stack.currentIndex() - 1)

    def skip(self) -> None:
        self.go_to(self.stack.currentIndex() + 1)

    def save_and_next(self) -> bool:
        step = self.current_step()
        if step is None:  # the last page: Xong
            self.accept()
            return True
        step.errors.clear()
        if not step.save():
            return False
        self.saved_steps.append(step.title)
        self.go_to(self.stack.currentIndex() + 1)
        return True

    def done(self, result: int) -> None:
        # Finished or closed: it does not open by itself again (Cài đặt › Thiết lập ban đầu… does).
        with contextlib.suppress(UserError):  # (a setting that cannot be written: it is offered again)
            perform(settings.mark_setup_done)
        super().done(result)


def open_first_run(parent: QWidget | None = None) -> FirstRunDialog:
    dialog = FirstRunDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
