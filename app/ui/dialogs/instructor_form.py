"""Forms of the Giảng viên tab: the instructor, and the teaching norms and coefficients.

:class:`RecordForm` is the shape the award and observation forms share too: labelled fields, a
message under the field a service refused (nothing is written then), Lưu / Hủy buttons.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ChangedElsewhereError, UserError
from app.domain.formatting import format_decimal
from app.services import catalogues
from app.services import instructor_records as records
from app.services import instructors as hours
from app.services.instructors import KIND_NAMES
from app.ui.dialogs.common import FieldErrors
from app.ui.events import perform


class RecordForm(QDialog):
    """A dialog of labelled fields saved by :meth:`submit` (overridden); errors go next to fields."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.fields: dict[str, QWidget] = {}
        self.field_errors = FieldErrors(self)
        self.errors: dict[str, QLabel] = self.field_errors.labels
        self.saved_id: int | None = None
        self.form = QFormLayout()
        self.general_error = self.field_errors.general
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Lưu")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)

    def add_field(self, name: str, label: str, editor: QWidget) -> QWidget:
        editor.setObjectName(name)
        self.fields[name] = editor
        self.form.addRow(label, self.field_errors.wrap(name, editor))
        if len(self.fields) == 1:  # the form opens on its first field (Lưu, made first, took the focus)
            editor.setFocus()
        return editor

    def combo(self, choices: list[tuple[str, str]], current: str | None, *, blank: str | None = "") -> QComboBox:
        """A choice among catalogue (code, name) pairs; ``blank`` adds an empty first choice."""
        box = QComboBox(self)
        if blank is not None:
            box.addItem(blank, "")
        for code, name in choices:
            box.addItem(name, code)
        box.setCurrentIndex(max(box.findData(current or ""), 0))
        return box

    def text(self, name: str) -> str:
        editor = self.fields[name]
        if isinstance(editor, QComboBox):
            return editor.currentData() or ""
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        return cast(QLineEdit, editor).text()

    def clear_errors(self) -> None:
        self.field_errors.clear()

    def show_error(self, message: str, field: str | None = None) -> None:
        self.field_errors.show(message, field)

    def submit(self) -> int | None:  # pragma: no cover - every form overrides it
        raise NotImplementedError

    def save(self) -> None:
        """Save through the service; a refusal is shown next to its field and the form stays open."""
        self.clear_errors()
        try:
            self.saved_id = self.submit()
        except UserError as exc:
            self.show_error(exc.message, exc.field)
            return
        self.accept()


class InstructorForm(RecordForm):
    """A new instructor (``instructor_id`` None) or an edit of one."""

    def __init__(self, instructor_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Giảng viên mới" if instructor_id is None else "Sửa thông tin giảng viên", parent)
        self.instructor_id = instructor_id
        # What the record was when shown (compare-on-write: another PC may save meanwhile).
        self.stamp = records.edit_stamp(instructor_id) if instructor_id else None
        data = records.instructor_input(instructor_id) if instructor_id else records.InstructorInput("")
        self.add_field("full_name", "&Họ và tên:", QLineEdit(data.full_name, self))
        kinds = [(code, name.capitalize()) for code, name in KIND_NAMES.items()]
        self.add_field("kind", "&Loại:", self.combo(kinds, data.kind, blank=None))
        self.add_field("gender", "&Giới tính:", self.combo(catalogues.catalogue("genders"), data.gender))
        birth = QLineEdit("" if data.birth_year is None else str(data.birth_year), self)
        birth.setPlaceholderText("Ví dụ: 1978")
        birth.setMaxLength(4)
        self.add_field("birth_year", "&Năm sinh:", birth)
        position = QComboBox(self)
        position.setEditable(True)
        position.addItems(["", "Giám đốc", "Phó Giám đốc", "Giảng viên chuyên trách", "Giảng viên kiêm chức"])
        position.setCurrentText(data.position)
        self.add_field("position", "&Chức vụ:", position)
        self.add_field("unit", "Đơn &vị công tác:", QLineEdit(data.unit, self))
        self.add_field("degree", "Trình độ &chuyên môn:",
                       self.combo(catalogues.choices("degrees", keep=data.degree), data.degree))
        self.add_field("theory_level", "Trình độ &LLCT:",
                       self.combo(catalogues.choices("theory_levels", keep=data.theory_level), data.theory_level))
        self.add_field("norm_code", "Định &mức giờ giảng:",
                       self.combo(catalogues.catalogue("teaching_norms"), data.norm_code,
                                  blank="Theo loại giảng viên"))
        self.add_field("phone", "Điện &thoại:", QLineEdit(data.phone, self))
        active = QCheckBox("Đang giảng dạy", self)
        active.setChecked(data.active)
        self.add_field("active", "", active)
        note = QPlainTextEdit(data.note, self)
        note.setTabChangesFocus(True)
        note.setFixedHeight(60)
        self.add_field("note", "Gh&i chú:", note)

    def value(self) -> records.InstructorInput:
        position = self.fields["position"]
        assert isinstance(position, QComboBox)
        active = self.fields["active"]
        assert isinstance(active, QCheckBox)
        return records.InstructorInput(
            self.text("full_name"), self.text("kind"), self.text("gender"), self.text("birth_year"),
            position.currentText(), self.text("unit"), self.text("degree"), self.text("theory_level"),
            self.text("norm_code"), self.text("phone"), active.isChecked(), self.text("note"))

    def submit(self) -> int:
        if self.instructor_id is None:
            return perform(records.add_instructor, self.value())
        try:
            perform(records.update_instructor, self.instructor_id, self.value(), expected=self.stamp)
        except ChangedElsewhereError:
            self.reload()
            raise
        return self.instructor_id

    def reload(self) -> None:
        """Show the stored record again (saved meanwhile on another PC) and take its stamp."""
        assert self.instructor_id is not None
        self.stamp = records.edit_stamp(self.instructor_id)
        data = records.instructor_input(self.instructor_id)
        values = {"full_name": data.full_name, "kind": data.kind, "gender": data.gender,
                  "birth_year": "" if data.birth_year is None else str(data.birth_year), "position": data.position,
                  "unit": data.unit, "degree": data.degree, "theory_level": data.theory_level,
                  "norm_code": data.norm_code, "phone": data.phone, "note": data.note}
        for name, value in values.items():
            editor = self.fields[name]
            if isinstance(editor, QPlainTextEdit):
                editor.setPlainText(value)
            elif isinstance(editor, QComboBox) and name == "position":
                editor.setCurrentText(value)
            elif isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(editor.findData(value or ""), 0))
            else:
                cast(QLineEdit, editor).setText(value)
        active = self.fields["active"]
        assert isinstance(active, QCheckBox)
        active.setChecked(data.active)


class NormsForm(RecordForm):
    """The yearly norms (standard hours) and the coefficient of each kind of work, shared by all."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Định mức giờ giảng và hệ số quy đổi", parent)
        self.keys: dict[str, tuple[str, str]] = {}
        note = QLabel("Giờ chuẩn = số tiết × hệ số của loại công việc. Định mức là số giờ chuẩn phải "
                      "giảng trong một năm.", self)
        note.setWordWrap(True)
        self.form.addRow(note)
        for row in hours.norms_and_coefficients():
            unit = "giờ chuẩn/năm" if row.kind == "teaching_norms" else "hệ số"
            edit = QLineEdit(format_decimal(row.value, 2).rstrip("0").rstrip(","), self)
            self.keys[row.code] = (row.kind, row.code)
            self.add_field(row.code, f"{row.name} ({unit}):", edit)

    def submit(self) -> None:
        perform(hours.set_norm_values, {key: self.text(name) for name, key in self.keys.items()})
        return None


def open_form(form: RecordForm, on_saved: Callable[[int | None], None] | None = None) -> RecordForm:
    """Show a form without blocking; ``on_saved`` gets the saved id when the user saves."""
    if on_saved is not None:
        form.accepted.connect(lambda: on_saved(form.saved_id))
    form.open()
    return form
