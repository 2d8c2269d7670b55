"""Cài đặt › Danh mục…: the catalogues a centre adapts — programs, result bands, pick-lists
(positions, levels, kinds of lesson) and ethnic-group spellings. Add, edit, retire, put back
the shipped default; the rules are the services' (``app.services.catalogues``), every write goes
through ``perform`` and is audited there. The result-bands tab is
:mod:`app.ui.dialogs.catalogue_bands`."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.changes import Topic
from app.domain.errors import UserError
from app.services import catalogues as cat
from app.ui.dialogs.catalogue_bands import BandsPage
from app.ui.dialogs.common import FieldErrors, buttons, confirm, error_label, setup_table
from app.ui.dialogs.common import number_text as _number
from app.ui.events import changes, perform, touches
from app.ui.models.table import Column, RowTableModel
from app.ui.widgets.fit import fit_to_screen


def _state(active: bool) -> str:
    return "Đang dùng" if active else "Ngừng dùng"


PROGRAM_COLUMNS = (
    Column("Mã", lambda r: r.code, 7),
    Column("Tên chương trình", lambda r: r.name, 40, stretch=True),
    Column("Số ngày", lambda r: r.typical_days, 7, numeric=True),
    Column("Số tiết", lambda r: r.periods, 7, numeric=True),
    Column("Chấm điểm", lambda r: "Có" if r.scored else "Không", 9),
    Column("Văn bằng", lambda r: r.certificate_name, 18),
    Column("Vắng tối đa (%)", lambda r: _number(r.absence_threshold_pct), 10, numeric=True),
    Column("Tình trạng", lambda r: _state(r.active), 10),
    Column("Số lớp", lambda r: r.courses, 6, numeric=True),
)

ITEM_COLUMNS = (
    Column("Mã", lambda r: r.code, 12),
    Column("Tên", lambda r: r.name, 36, stretch=True),
    Column("Hệ số", lambda r: _number(r.value), 6, numeric=True),
    Column("Tình trạng", lambda r: _state(r.active), 10),
    Column("Hồ sơ đang dùng", lambda r: r.used, 10, numeric=True),
)

ETHNIC_COLUMNS = (
    Column("Mã", lambda r: r.code, 4),
    Column("Dân tộc", lambda r: r.name, 14),
    Column("Tên gọi khác (khi nhập danh sách)", lambda r: ", ".join(r.aliases), 60, stretch=True),
)


class _Page(QWidget):
    """A list with buttons under it; the dialog refreshes it when the catalogues change."""

    def __init__(self, columns: tuple[Column, ...], parent: QWidget) -> None:
        super().__init__(parent)
        self.model = RowTableModel(columns, self)
        self.view = QTableView(self)
        stretch = next(i for i, c in enumerate(columns) if c.stretch)
        setup_table(self.view, self.model, widths=[c.width for c in columns], stretch=stretch)
        self.bar = QHBoxLayout()
        self.message = error_label(self)
        layout = QVBoxLayout(self)
        self.top = QHBoxLayout()
        layout.addLayout(self.top)
        layout.addWidget(self.view, 1)
        layout.addLayout(self.bar)
        layout.addWidget(self.message)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self.update_buttons())

    def button(self, text: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        self.bar.addWidget(button)
        return button

    def current(self):
        return self.model.row_at(self.view.currentIndex().row())

    def select_code(self, code: str) -> None:
        for i in range(self.model.row_count()):
            row = self.model.row_at(i)
            if row is not None and row.code == code:
                self.view.selectRow(i)
                return

    def show_rows(self, rows) -> None:
        chosen = self.current()
        self.model.set_rows(rows)
        if chosen is not None:
            self.select_code(chosen.code)
        elif rows:
            self.view.selectRow(0)
        self.update_buttons()

    def tell(self, exc: UserError | None) -> None:
        if exc is None:
            self.message.hide()
        else:
            self.message.setText(exc.message)
            self.message.show()

    def run(self, service, *args) -> bool:
        """Call a writing service; a refusal is shown under the list (nothing was written)."""
        try:
            perform(service, *args)
        except UserError as exc:
            self.tell(exc)
            return False
        self.tell(None)
        return True

    def update_buttons(self) -> None:  # pages override
        pass


class _EditablePage(_Page):
    """A catalogue whose rows are added, edited, retired (or used again), set back to the shipped
    values and, when the centre added them and nothing uses them, deleted. A page says how: the
    form for a row, whether a row is in use, and the service calls."""

    def _add_buttons(self) -> None:
        self.add_button = self.button("Thêm…", self.add)
        self.edit_button = self.button("Sửa…", self.edit)
        self.retire_button = self.button("Ngừng dùng", self.toggle)
        self.reset_button = self.button("Khôi phục mặc định", self.reset)
        self.delete_button = self.button("Xóa…", self.delete)
        self.bar.addStretch(1)
        self.view.activated.connect(lambda _index: self.edit())
        self.form: QDialog | None = None

    def make_form(self, row) -> _Form:  # pages override
        raise NotImplementedError

    def in_use(self, row) -> bool:  # pages override
        raise NotImplementedError

    def active_call(self, row, active: bool) -> tuple:  # pages override: (service, *args)
        raise NotImplementedError

    def reset_call(self, row) -> tuple:  # pages override
        raise NotImplementedError

    def delete_question(self, row) -> tuple[str, str, tuple]:  # (title, question, (service, *args))
        raise NotImplementedError

    def update_buttons(self) -> None:
        row = self.current()
        for b in (self.edit_button, self.retire_button):
            b.setEnabled(row is not None)
        self.retire_button.setText("Dùng lại" if row is not None and not row.active else "Ngừng dùng")
        self.reset_button.setEnabled(row is not None and row.shipped)
        self.delete_button.setEnabled(row is not None and not row.shipped and not self.in_use(row))

    def add(self):
        self.form = self.make_form(None)
        self.form.open()
        return self.form

    def edit(self):
        row = self.current()
        if row is None:
            return None
        self.form = self.make_form(row)
        self.form.open()
        return self.form

    def toggle(self) -> None:
        row = self.current()
        if row is not None:
            self.run(*self.active_call(row, not row.active))

    def reset(self) -> None:
        row = self.current()
        if row is not None:
            self.run(*self.reset_call(row))

    def delete(self):
        row = self.current()
        if row is None:
            return None
        title, question, call = self.delete_question(row)
        self.question = confirm(self, title, question, lambda: self.run(*call), yes="Xóa")
        return self.question


# --- programs --------------------------------------------------------------------------------


class _Form(QDialog):
    """A catalogue entry's form: fields over the error line and OK/Hủy; saved through one service."""

    errors: FieldErrors

    def _lay_out(self, form: QFormLayout) -> None:
        self.buttons = buttons(self)
        self.buttons.accepted.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)

    def save(self) -> None:
        raise NotImplementedError

    def _save(self, service, *args) -> None:
        """Call the writing service; a refusal is shown under its field and the form stays open."""
        self.errors.clear()
        try:
            perform(service, *args)
        except UserError as exc:
            self.errors.show(exc.message, exc.field)
            return
        self.accept()


class ProgramForm(_Form):
    """Thêm / Sửa chương trình: the code only when it is new (codes are stable)."""

    def __init__(self, row: cat.ProgramRow | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        self.setWindowTitle(f"Sửa chương trình {row.code}" if row else "Thêm chương trình")
        self.setMinimumWidth(560)
        self.errors = FieldErrors(self)
        self.code = QLineEdit(row.code if row else "", self)
        self.code.setReadOnly(row is not None)
        self.code.setMaxLength(20)
        self.name = QLineEdit(row.name if row else "", self)
        self.audience = QLineEdit(row.audience if row else "", self)
        self.days = QLineEdit(_number(row.typical_days) if row else "", self)
        self.periods = QLineEdit(_number(row.periods) if row else "", self)
        self.scored = QCheckBox("Chấm điểm (bài thu hoạch, bài kiểm tra)", self)
        self.scored.setChecked(row.scored if row else True)
        self.certificate = QComboBox(self)
        for code, name in cat.CERTIFICATE_KINDS.items():
            self.certificate.addItem(name, code)
        self.certificate.setCurrentIndex(max(0, self.certificate.findData(row.certificate if row else "gcn")))
        self.threshold = QLineEdit(_number(row.absence_threshold_pct) if row else "20", self)
        self.validity = QLineEdit(_number(row.certificate_validity_months) if row else "", self)
        for edit in (self.days, self.periods, self.threshold, self.validity):
            edit.setMaximumWidth(self.fontMetrics().horizontalAdvance("0000000") + 16)
        form = QFormLayout()
        form.addRow("&Mã:", self.errors.wrap("code", self.code))
        form.addRow("&Tên chương trình:", self.errors.wrap("name", self.name))
        form.addRow("Đối tượng:", self.errors.wrap("audience", self.audience))
        form.addRow("Số &ngày học:", self.errors.wrap("typical_days", self.days))
        form.addRow("Số tiết:", self.errors.wrap("periods", self.periods))
        form.addRow("", self.errors.wrap("scored", self.scored))
        form.addRow("&Văn bằng:", self.errors.wrap("certificate", self.certificate))
        form.addRow("Vắng tối đa (%):", self.errors.wrap("absence_threshold_pct", self.threshold))
        form.addRow("Hiệu lực GCN (tháng):", self.errors.wrap("certificate_validity_months", self.validity))
        self._lay_out(form)

    def data(self) -> cat.ProgramInput:
        return cat.ProgramInput(self.code.text(), self.name.text(), self.days.text(), self.periods.text(),
                                self.scored.isChecked(), self.certificate.currentData(), self.threshold.text(),
                                self.validity.text(), self.audience.text())

    def save(self) -> None:
        if self.row is None:
            self._save(cat.add_program, self.data())
        else:
            self._save(cat.update_program, self.row.code, self.data())


class ProgramsPage(_EditablePage):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(PROGRAM_COLUMNS, parent)
        self.top.addWidget(QLabel("Mã chương trình không đổi sau khi thêm. Chương trình đã có lớp không xóa "
                                  "được: cho ngừng dùng thì không còn trong danh sách chọn khi mở lớp mới.", self))
        self._add_buttons()

    def refresh(self) -> None:
        self.show_rows(cat.program_rows())

    def make_form(self, row: cat.ProgramRow | None) -> ProgramForm:
        return ProgramForm(row, self)

    def in_use(self, row: cat.ProgramRow) -> bool:
        return row.courses > 0

    def active_call(self, row: cat.ProgramRow, active: bool) -> tuple:
        return cat.set_program_active, row.code, active

    def reset_call(self, row: cat.ProgramRow) -> tuple:
        return cat.reset_program, row.code

    def delete_question(self, row: cat.ProgramRow) -> tuple[str, str, tuple]:
        return "Xóa chương trình", f"Xóa chương trình {row.code} – {row.name}?", (cat.delete_program, row.code)


# --- small pick-lists ------------------------------------------------------------------------


class ItemForm(_Form):
    def __init__(self, kind: str, row: cat.ItemRow | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind, self.row = kind, row
        label = cat.EDITABLE_KINDS[kind]
        self.setWindowTitle(f"Sửa — {label}" if row else f"Thêm — {label}")
        self.setMinimumWidth(460)
        self.errors = FieldErrors(self)
        self.code = QLineEdit(row.code if row else "", self)
        self.code.setReadOnly(row is not None)
        self.code.setMaxLength(20)
        self.name = QLineEdit(row.name if row else "", self)
        self.value = QLineEdit(_number(row.value) if row else "1", self)
        form = QFormLayout()
        form.addRow("&Mã:", self.errors.wrap("code", self.code))
        form.addRow("&Tên:", self.errors.wrap("name", self.name))
        if kind == "lesson_kinds":
            form.addRow("&Hệ số quy đổi:", self.errors.wrap("value", self.value))
        self._lay_out(form)

    def save(self) -> None:
        value = self.value.text() if self.kind == "lesson_kinds" else None
        if self.row is None:
            self._save(cat.add_item, self.kind, self.code.text(), self.name.text(), value)
        else:
            self._save(cat.update_item, self.kind, self.row.code, self.name.text(), value)


class ItemsPage(_EditablePage):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(ITEM_COLUMNS, parent)
        self.kind_combo = QComboBox(self)
        for kind, label in cat.EDITABLE_KINDS.items():
            self.kind_combo.addItem(label, kind)
        self.top.addWidget(QLabel("Danh mục:", self))
        self.top.addWidget(self.kind_combo, 1)
        self._add_buttons()
        self.kind_combo.currentIndexChanged.connect(lambda _i: self.refresh())

    def kind(self) -> str:
        return self.kind_combo.currentData()

    def refresh(self) -> None:
        self.view.setColumnHidden(2, self.kind() != "lesson_kinds")
        self.show_rows(cat.item_rows(self.kind()))

    def make_form(self, row: cat.ItemRow | None) -> ItemForm:
        return ItemForm(self.kind(), row, self)

    def in_use(self, row: cat.ItemRow) -> bool:
        return row.used > 0

    def active_call(self, row: cat.ItemRow, active: bool) -> tuple:
        return cat.set_item_active, self.kind(), row.code, active

    def reset_call(self, row: cat.ItemRow) -> tuple:
        return cat.reset_item, self.kind(), row.code

    def delete_question(self, row: cat.ItemRow) -> tuple[str, str, tuple]:
        return "Xóa khỏi danh mục", f"Xóa {row.name} ({row.code})?", (cat.delete_item, self.kind(), row.code)


# --- ethnic groups ---------------------------------------------------------------------------


class EthnicPage(_Page):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(ETHNIC_COLUMNS, parent)
        self.top.addWidget(QLabel("Tên gọi khác giúp nhận ra dân tộc khi nhập danh sách từ Excel "
                                  "(H'Mông, Mèo → Mông). Mỗi tên cách nhau bằng dấu chấm phẩy.", self))
        self.aliases = QLineEdit(self)
        self.aliases.setPlaceholderText("Tên gọi khác, cách nhau bằng dấu ;")
        self.bar.addWidget(QLabel("Tên gọi khác:", self))
        self.bar.addWidget(self.aliases, 1)
        self.save_button = self.button("Lưu", self.save)
        self.reset_button = self.button("Khôi phục mặc định", self.reset)
        self.aliases.returnPressed.connect(self.save)

    def refresh(self) -> None:
        self.show_rows(cat.ethnic_rows())

    def update_buttons(self) -> None:
        row = self.current()
        self.aliases.setText("; ".join(row.aliases) if row else "")
        self.save_button.setEnabled(row is not None)
        self.reset_button.setEnabled(row is not None and row.aliases != row.shipped_aliases)

    def save(self) -> None:
        row = self.current()
        if row is not None:
            self.run(cat.save_ethnic_aliases, row.code, self.aliases.text().split(";"))

    def reset(self) -> None:
        row = self.current()
        if row is not None:
            self.run(cat.reset_ethnic_aliases, row.code)


# --- the dialog ------------------------------------------------------------------------------


class CatalogueEditorDialog(QDialog):
    """One tab per catalogue; each refreshes when the catalogues change (here or elsewhere)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Danh mục")
        fit_to_screen(self, 1080, 620)
        self.tabs = QTabWidget(self)
        self.programs = ProgramsPage(self)
        self.bands = BandsPage(self)
        self.items = ItemsPage(self)
        self.ethnic = EthnicPage(self)
        self.tabs.addTab(self.programs, "Chương trình")
        self.tabs.addTab(self.bands, "Thang xếp loại")
        self.tabs.addTab(self.items, "Chức vụ, trình độ, loại buổi giảng")
        self.tabs.addTab(self.ethnic, "Dân tộc")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(close)
        changes().changed.connect(self._changed)
        self.refresh()

    def refresh(self) -> None:
        for page in (self.programs, self.bands, self.items, self.ethnic):
            page.refresh()

    def _changed(self, changed) -> None:
        if touches(changed, Topic.CATALOGUES, Topic.COURSES):
            self.programs.refresh()
            self.items.refresh()
            self.ethnic.refresh()
            if touches(changed, Topic.DATABASE):
                self.bands.refresh()


def open_catalogue_editor(parent: QWidget | None = None) -> CatalogueEditorDialog:
    """Cài đặt › Danh mục…: modeless, deleted when closed."""
    dialog = CatalogueEditorDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
