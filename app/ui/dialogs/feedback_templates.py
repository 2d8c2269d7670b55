"""Danh mục › Mẫu phiếu phản hồi: questions and a scale (values and labels), versioned.

Saving new questions or a new scale makes a new version; forms already typed keep the version
they were typed with. The main window's Danh mục menu calls :func:`open_feedback_templates`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.dates import format_date
from app.domain.errors import UserError
from app.services import feedback_templates as templates
from app.ui.dialogs.common import table_for
from app.ui.events import perform
from app.ui.messages import ask
from app.ui.models.table import Column, RowTableModel
from app.ui.shortcuts import show_key
from app.ui.widgets.fit import fit_column, fit_to_screen

TEMPLATE_COLUMNS = (
    Column("Mã", lambda r: r.code, 9),
    Column("Bản", lambda r: r.version, 3, numeric=True),
    Column("Tên mẫu", lambda r: r.name, 20, stretch=True),
    Column("Đang dùng", lambda r: "Có" if r.active else "", 6),
    Column("Số câu", lambda r: r.questions, 4, numeric=True),
    Column("Số phiếu", lambda r: r.responses, 6, numeric=True),
    Column("Ngày tạo", lambda r: format_date(r.created_at.date()) if r.created_at else "", 9),
)
SCALE_ROWS = 10


class FeedbackTemplatesDialog(QDialog):
    """The list of template versions on the left, the chosen one's editor on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Mẫu phiếu phản hồi")
        fit_to_screen(self, 1100, 580)
        self.model = RowTableModel(TEMPLATE_COLUMNS, self)
        self.view = table_for(self.model, self)
        self.editing_id: int | None = None  # None: a new template

        self.code_edit = QLineEdit(self)
        self.name_edit = QLineEdit(self)
        self.questions_edit = QPlainTextEdit(self)
        self.questions_edit.setTabChangesFocus(True)
        self.questions_edit.setPlaceholderText("Mỗi dòng một câu hỏi")
        self.scale_table = QTableWidget(SCALE_ROWS, 2, self)
        self.scale_table.setHorizontalHeaderLabels(["Giá trị (phím gõ)", "Nhãn"])
        self.scale_table.horizontalHeader().setStretchLastSection(True)
        value_width = self.fontMetrics().horizontalAdvance("Giá trị (phím gõ)") + 16
        self.scale_table.horizontalHeader().resizeSection(0, value_width)
        self.scale_table.verticalHeader().hide()
        self.scale_table.setTabKeyNavigation(False)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Mã mẫu:", self.code_edit)
        form.addRow("&Tên mẫu:", self.name_edit)
        form.addRow("&Câu hỏi:", self.questions_edit)
        form.addRow("T&hang đánh giá:", self.scale_table)
        note = QLabel("Sửa câu hỏi hoặc thang đánh giá sẽ tạo phiên bản mới; các phiếu đã nhập giữ "
                      "phiên bản cũ. Mỗi giá trị của thang là một chữ số (một phím khi nhập phiếu); "
                      "hài lòng = hai mức cao nhất.", self)
        note.setWordWrap(True)
        self.save_button = QPushButton("&Lưu (Ctrl+S)", self)
        self.new_button = QPushButton("Mẫu &mới (Ctrl+N)", self)
        self.active_button = QPushButton(self)
        self.delete_button = QPushButton("&Xóa", self)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.new_button, self.active_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QPushButton("Đóng", self)
        close.clicked.connect(self.close)
        buttons.addWidget(close)

        editor = QWidget(self)
        editor_layout = QVBoxLayout(editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addLayout(form)
        editor_layout.addWidget(note)
        editor_layout.addWidget(self.message)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.view)
        splitter.addWidget(editor)
        splitter.setSizes([620, 480])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

        self.save_button.clicked.connect(self.save)
        self.new_button.clicked.connect(self.new_template)
        self.active_button.clicked.connect(self.toggle_active)
        self.delete_button.clicked.connect(self.delete)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_template)
        show_key(self.save_button, QKeySequence.StandardKey.Save, "Lưu mẫu phiếu")
        show_key(self.new_button, QKeySequence.StandardKey.New, "Tạo mẫu phiếu mới")
        self.reload()
        self.view.selectionModel().currentRowChanged.connect(lambda current, _prev: self.show_row(current.row()))
        self.show_row(0)

    # -- reading ------------------------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        rows = templates.list_templates()
        self.model.set_rows(rows)
        fit_column(self.view, 2, [t.name for t in rows], header="Tên mẫu")  # a name is never cut
        for row in range(self.model.row_count()):
            template = self.model.row_at(row)
            if template is not None and template.id == select_id:
                self.view.setCurrentIndex(self.model.index(row, 0))
                return
        if not self.view.currentIndex().isValid() and self.model.row_count():
            self.view.setCurrentIndex(self.model.index(0, 0))

    def show_row(self, row: int) -> None:
        found = self.model.row_at(row)
        if found is None:
            return
        self.editing_id = found.id
        self.fill(templates.template_draft(found.id))
        self.code_edit.setReadOnly(True)
        self.active_button.setText("&Ngừng dùng" if found.active else "&Dùng mẫu này")
        self.active_button.setEnabled(True)
        self.delete_button.setEnabled(found.responses == 0)

    def fill(self, draft: templates.TemplateDraft) -> None:
        self.code_edit.setText(draft.code)
        self.name_edit.setText(draft.name)
        self.questions_edit.setPlainText("\n".join(draft.questions))
        self.scale_table.clearContents()
        for i, (value, label) in enumerate(draft.scale[:SCALE_ROWS]):
            self.scale_table.setItem(i, 0, QTableWidgetItem(str(value)))
            self.scale_table.setItem(i, 1, QTableWidgetItem(label))
        self.say("")

    def draft(self) -> templates.TemplateDraft:
        scale = []
        for i in range(SCALE_ROWS):
            value, label = self.scale_table.item(i, 0), self.scale_table.item(i, 1)
            value_text = value.text().strip() if value else ""
            label_text = label.text() if label else ""
            if value_text or label_text.strip():
                scale.append((value_text or None, label_text))
        return templates.TemplateDraft(self.code_edit.text(), self.name_edit.text(),
                                       tuple(self.questions_edit.toPlainText().splitlines()), tuple(scale))

    def say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b00020;" if error else "color: #1b5e20;")

    # -- writing ------------------------------------------------------------------------------

    def new_template(self) -> None:
        self.editing_id = None
        self.view.clearSelection()
        self.fill(templates.TemplateDraft("", "", (), ((4, "Rất hài lòng"), (3, "Hài lòng"), (2, "Chưa hài lòng"),
                                                       (1, "Không hài lòng"))))
        self.code_edit.setReadOnly(False)
        self.active_button.setEnabled(False)
        self.delete_button.setEnabled(False)
        self.code_edit.setFocus()

    def _run(self, done: str, action: Callable[..., Any], *args: Any) -> int | None:
        try:
            result = perform(action, *args)
        except UserError as exc:
            self.say(exc.message, error=True)
            return None
        self.reload(result if isinstance(result, int) else self.editing_id)
        self.say(done)
        return result

    def save(self) -> int | None:
        draft = self.draft()
        if self.editing_id is None:
            return self._run("Đã tạo mẫu phiếu mới.", templates.create_template, draft)
        before = self.editing_id
        saved = self._run("Đã lưu.", templates.save_template, before, draft)
        if saved is not None and saved != before:
            self.say("Đã lưu thành phiên bản mới; phiếu đã nhập vẫn giữ phiên bản cũ.")
        return saved

    def toggle_active(self) -> None:
        found = next((r for r in templates.list_templates() if r.id == self.editing_id), None)
        if found is not None:
            self._run("Đã ngừng dùng mẫu." if found.active else "Mẫu này được dùng khi nhập phiếu mới.",
                      templates.set_active, found.id, not found.active)

    def delete(self) -> None:
        if self.editing_id is None or not ask(self, "Xóa mẫu phiếu", "Xóa phiên bản mẫu phiếu này?",
                                              yes="Xóa", no="Không xóa"):
            return
        target = self.editing_id
        self.editing_id = None
        self._run("Đã xóa mẫu phiếu.", templates.delete_template, target)


def open_feedback_templates(parent: QWidget | None = None) -> QDialog:
    """Show the feedback-templates catalogue (non-modal) and return it."""
    dialog = FeedbackTemplatesDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
