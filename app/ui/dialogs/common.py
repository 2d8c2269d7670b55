"""Small building blocks of the editing dialogs: errors shown next to their field, a question
with a reason, non-blocking confirmations and error boxes, and a keyboard-friendly table view.

Nothing here blocks: boxes are opened with ``open()`` and returned, so tests can drive them.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTableView,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError
from app.ui.messages import error_box

ERROR_STYLE = "color: #b00020;"
DATE_PLACEHOLDER = "ngày/tháng/năm"


def error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def _hide(label: QLabel) -> None:
    label.clear()
    label.hide()
    label.setMinimumHeight(0)


def _on_user_edit(editor: QWidget, callback: Callable[[], object]) -> None:
    """Call ``callback`` when the user (not the program) changes what ``editor`` holds."""
    if isinstance(editor, QComboBox):
        editor.activated.connect(lambda _index: callback())
    if isinstance(editor, QPlainTextEdit | QTextEdit):
        editor.textChanged.connect(lambda: callback() if editor.hasFocus() else None)
        return
    # A line edit, or the one inside a spin box, a date edit or an editable combo box.
    line = editor if isinstance(editor, QLineEdit) else editor.findChild(QLineEdit)
    if line is not None:
        line.textEdited.connect(lambda _text: callback())


class FieldErrors:
    """Red messages under the editors of a form, keyed by the service's ``UserError.field``.

    Showing one moves the focus to its editor; the user's next edit of that editor hides it.
    """

    def __init__(self, parent: QWidget) -> None:
        # Weakly: the form holds this helper; a strong reference back would keep a closed form's
        # Python side alive after Qt deleted it.
        self._parent = weakref.ref(parent)
        self.labels: dict[str, QLabel] = {}
        self.editors: dict[str, QWidget] = {}
        self.under: dict[str, str] = {}  # field → the field whose label shows its errors
        self.general = error_label(parent)

    @property
    def parent(self) -> QWidget | None:
        return self._parent()

    def wrap(self, field: str, editor: QWidget) -> QWidget:
        """The editor with its (hidden) error label below it, for a form row."""
        box = QWidget(self.parent)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(editor)
        self.labels[field] = error_label(box)
        column.addWidget(self.labels[field])
        self._editor(field, editor, field)
        return box

    def register(self, field: str, editor: QWidget, parent: QWidget) -> QLabel:
        """The (hidden) error label of ``field``, for the caller to place (e.g. under a row of editors)."""
        self.labels[field] = error_label(parent)
        self._editor(field, editor, field)
        return self.labels[field]

    def also(self, field: str, editor: QWidget, under: str) -> None:
        """Errors of ``field`` (edited in ``editor``) show in the label of ``under`` (one label for a
        row of editors: x, y and size of one place on a page)."""
        self._editor(field, editor, under)

    def _editor(self, field: str, editor: QWidget, under: str) -> None:
        self.editors[field] = editor
        self.under[field] = under
        _on_user_edit(editor, lambda: self.hide(under))

    def hide(self, field: str) -> None:
        label = self.labels.get(self.under.get(field, field))
        if label is not None:
            _hide(label)

    def clear(self) -> None:
        for label in (*self.labels.values(), self.general):
            _hide(label)

    def show(self, message: str, field: str | None = None) -> None:
        label = self.labels.get(self.under.get(field or "", field or ""), self.general)
        label.setText(message)
        label.show()
        editor = self.editors.get(field or "")
        # A form row does not ask a wrapped label for its height at its width: the label keeps the
        # height of one line and a long message overlaps the next row, unless told its height.
        width = max(label.width(), editor.width() if editor is not None else 0)
        if width > 0 and label.wordWrap():
            label.setMinimumHeight(label.heightForWidth(width))
        if editor is not None:
            editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def visible(self) -> dict[str, str]:
        """Field → message of the errors shown now ("" for the general one)."""
        shown = {field: label.text() for field, label in self.labels.items() if not label.isHidden()}
        if not self.general.isHidden():
            shown[""] = self.general.text()
        return shown


def date_line_edit(parent: QWidget, text: str = "") -> QLineEdit:
    edit = QLineEdit(text, parent)
    edit.setPlaceholderText(DATE_PLACEHOLDER)
    edit.setMaxLength(10)
    metrics = edit.fontMetrics()
    edit.setFixedWidth(max(metrics.horizontalAdvance("00/00/00000"), metrics.horizontalAdvance(DATE_PLACEHOLDER)) + 24)
    return edit


def buttons(parent: QDialog, ok: str = "Lưu", cancel: str = "Hủy") -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel)
    box.rejected.connect(parent.reject)
    return box


class ReasonDialog(QDialog):
    """A question that needs a written reason (cancel a class, override a result…).

    The OK button stays disabled until a reason is typed (unless ``required`` is False).
    """

    def __init__(self, title: str, question: str, parent: QWidget | None = None, *, ok: str = "Đồng ý",
                 label: str = "Lý do:", required: bool = True, placeholder: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.required = required
        self.question = QLabel(question, self)
        self.question.setWordWrap(True)
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setPlaceholderText(placeholder)
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        self.errors = FieldErrors(self)
        self.buttons = buttons(self, ok=ok)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(QLabel(label, self))
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)
        self.reason_edit.textChanged.connect(self._update)
        self._update()

    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()

    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.reason()) or not self.required)


class ConfirmBox(QMessageBox):
    """The yes/no question :func:`confirm` opens; its yes button is named for tests and callers."""

    yes_button: QAbstractButton


def confirm(parent: QWidget | None, title: str, text: str, on_yes: Callable[[], object], *,
            yes: str = "Đồng ý", no: str = "Không", informative: str = "") -> ConfirmBox:
    """Open a yes/no question (not blocking); ``on_yes`` runs when the user agrees."""
    box = ConfirmBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    if informative:
        box.setInformativeText(informative)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)
    box.setEscapeButton(no_button)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.yes_button = yes_button  # for tests and callers

    def clicked(button) -> None:
        if button is yes_button:
            on_yes()

    box.buttonClicked.connect(clicked)
    box.open()
    return box


def show_error(parent: QWidget | None, exc: UserError, title: str = "Không thực hiện được") -> QMessageBox:
    """Tell the user why an action was refused (not blocking)."""
    box = error_box(parent, title, exc.message, details=exc.details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def show_info(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    box = error_box(parent, title, text, icon=QMessageBox.Icon.Information)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def setup_table(view: QTableView, model, *, widths: list[int] | None = None, stretch: int | None = None,
                multi: bool = False) -> None:
    """The house style of a list: whole rows selected, fixed row heights, widths in characters."""
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                          else QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)
    rows = view.verticalHeader()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setHighlightSections(False)
    char = view.fontMetrics().averageCharWidth()
    for i, width in enumerate(widths or []):
        text = str(model.headerData(i, Qt.Orientation.Horizontal) or "")
        header.resizeSection(i, max(char * width, view.fontMetrics().horizontalAdvance(text) + 2 * char) + 12)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


def table_for(model, parent: QWidget) -> QTableView:
    """A read-only list in the house style, sized from the model's own column declarations
    (``model.columns``, each with ``width`` in characters and ``stretch``)."""
    view = QTableView(parent)
    stretch = next((i for i, column in enumerate(model.columns) if column.stretch), None)
    # Declared widths count average letters; digits and capitals are wider, hence the margin.
    setup_table(view, model, widths=[column.width + 3 for column in model.columns], stretch=stretch)
    return view
