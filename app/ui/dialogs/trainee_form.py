"""The trainee form (Học viên mới / Sửa hồ sơ): the CCCD rules of SPEC §6, warnings the user
confirms, and the possible duplicates shown while typing. Saving is one service call."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ChangedElsewhereError, UserError
from app.services import catalogues, enrolment, lists, trainees
from app.services.trainees import NeedsConfirmation, TraineeInput
from app.ui.dialogs.common import FieldErrors, buttons, date_line_edit
from app.ui.dialogs.course_form import organization_completer
from app.ui.events import perform

WARNING_STYLE = "QFrame#warningBox { background: #fff3c4; border: 1px solid #e0c060; }"


def _editable_combo(parent: QWidget, items: list[str]) -> QComboBox:
    combo = QComboBox(parent)
    combo.setEditable(True)
    combo.addItems(["", *items])
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = combo.completer()  # an editable combo box has one
    if completer is not None:
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return combo


class TraineeFormDialog(QDialog):
    """New trainee, new trainee put straight into a class (``course_id``), or edit (``trainee_id``)."""

    def __init__(self, trainee_id: int | None = None, parent: QWidget | None = None, *,
                 course_id: int | None = None) -> None:
        super().__init__(parent)
        self.trainee_id = trainee_id
        self.course_id = course_id
        self.saved: object = None  # what the service saved, once accepted
        self.setWindowTitle("Sửa hồ sơ học viên" if trainee_id else
                            "Thêm học viên mới vào lớp" if course_id else "Học viên mới")
        self.setMinimumWidth(720)
        self.errors = FieldErrors(self)
        self.full_name_edit = QLineEdit(self)
        self.full_name_edit.setPlaceholderText("Ví dụ: Thào A Sử")
        self.birth_edit = date_line_edit(self)
        self.birth_edit.setPlaceholderText("ngày/tháng/năm hoặc năm")
        self.birth_edit.setFixedWidth(self.birth_edit.fontMetrics().horizontalAdvance("ngày/tháng/năm hoặc năm") + 24)
        self.gender_combo = QComboBox(self)
        for text in ("", "Nam", "Nữ"):
            self.gender_combo.addItem(text, text)
        self.ethnic_combo = _editable_combo(self, [row[1] for row in lists.ethnic_group_table().rows])
        self.citizen_id_edit = QLineEdit(self)
        self.citizen_id_edit.setPlaceholderText("12 chữ số")
        self.citizen_id_edit.setMaxLength(16)
        self.old_id_edit = QLineEdit(self)
        self.old_id_edit.setPlaceholderText("9 chữ số (CMND cũ)")
        self.old_id_edit.setMaxLength(12)
        # Made in the order shown (row by row, left to right): Tab goes Chức vụ → Đảng viên → Đơn vị.
        self.position_combo = _editable_combo(self, [name for _code, name in catalogues.catalogue("positions")])
        self.party_check = QCheckBox("Đảng viên", self)
        self.unit_edit = QLineEdit(self)
        self.unit_edit.setCompleter(organization_completer(self))
        self.theory_combo = QComboBox(self)
        self.theory_combo.addItem("", "")
        for code, name in catalogues.catalogue("theory_levels"):
            self.theory_combo.addItem(name, code)
        self.phone_edit = QLineEdit(self)
        self.note_edit = QLineEdit(self)

        grid = QGridLayout()
        w = self.errors.wrap
        rows = [
            ("Họ và tên:", w("full_name", self.full_name_edit), "Ngày sinh:", w("birth", self.birth_edit)),
            ("Giới tính:", w("gender", self.gender_combo), "Dân tộc:", w("ethnic_group", self.ethnic_combo)),
            ("Số CCCD:", w("citizen_id", self.citizen_id_edit), "Số CMND cũ:", w("old_id_number", self.old_id_edit)),
            ("Chức vụ:", w("position", self.position_combo), "", self.party_check),
            ("Đơn vị công tác:", w("unit", self.unit_edit), "Trình độ LLCT:", w("theory_level", self.theory_combo)),
            ("Điện thoại:", w("phone", self.phone_edit), "Ghi chú:", w("note", self.note_edit)),
        ]
        for r, (label1, editor1, label2, editor2) in enumerate(rows):
            for c, item in enumerate((label1, editor1, label2, editor2)):
                if isinstance(item, str):
                    label = QLabel(item, self)
                    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
                    label.setContentsMargins(0, 4, 0, 0)
                    item = label
                grid.addWidget(cast(QWidget, item), r, c)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)

        self.warning_box = QFrame(self)
        self.warning_box.setObjectName("warningBox")
        self.warning_box.setStyleSheet(WARNING_STYLE)
        self.warning_label = QLabel(self.warning_box)
        self.warning_label.setWordWrap(True)
        self.confirm_check = QCheckBox("Tôi đã kiểm tra: vẫn lưu", self.warning_box)
        box = QVBoxLayout(self.warning_box)
        box.addWidget(self.warning_label)
        box.addWidget(self.confirm_check)
        self.warning_box.hide()

        self.similar_label = QLabel("Học viên đã có, có thể là cùng một người:", self)
        self.similar_list = QListWidget(self)
        self.similar_list.setMaximumHeight(self.fontMetrics().height() * 5 + 12)
        self.use_existing_button = QPushButton("Ghi danh người đã có này vào lớp", self)
        self.use_existing_button.clicked.connect(self.enrol_existing)
        self.use_existing_button.setVisible(course_id is not None and trainee_id is None)
        similar = QFormLayout()
        similar.addRow(self.similar_label)
        similar.addRow(self.similar_list)
        similar.addRow(self.use_existing_button)
        self.similar_frame = QWidget(self)
        self.similar_frame.setLayout(similar)
        self.similar_frame.hide()

        self.buttons = buttons(self)
        self.buttons.accepted.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.similar_frame)
        layout.addWidget(self.warning_box)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)

        self._similar_timer = QTimer(self)
        self._similar_timer.setSingleShot(True)
        self._similar_timer.setInterval(300)
        self._similar_timer.timeout.connect(self.update_similar)
        for edit in (self.full_name_edit, self.birth_edit, self.citizen_id_edit):
            edit.textChanged.connect(self._similar_timer.start)
            edit.textChanged.connect(self._reset_confirmation)
        self.gender_combo.currentIndexChanged.connect(self._reset_confirmation)
        self.stamp: str | None = None  # what the record was when shown (compare-on-write)
        if trainee_id is not None:
            self.reload()

    def reload(self) -> None:
        """Show the stored record (again) and remember its stamp."""
        assert self.trainee_id is not None
        self.stamp = trainees.edit_stamp(self.trainee_id)
        self.load(enrolment.trainee_input(self.trainee_id))

    def load(self, data: TraineeInput) -> None:
        self.full_name_edit.setText(data.full_name)
        self.birth_edit.setText(data.birth)
        self.gender_combo.setCurrentIndex(max(0, self.gender_combo.findData(data.gender)))
        self.ethnic_combo.setCurrentText(data.ethnic_group)
        self.citizen_id_edit.setText(data.citizen_id)
        self.old_id_edit.setText(data.old_id_number)
        self.party_check.setChecked(data.party_member)
        self.position_combo.setCurrentText(data.position)
        self.unit_edit.setText(data.unit)
        if data.theory_level and self.theory_combo.findData(data.theory_level) < 0:  # retired: kept on old records
            self.theory_combo.addItem(catalogues.catalogue_names("theory_levels").get(data.theory_level,
                                                                                     data.theory_level),
                                      data.theory_level)
        self.theory_combo.setCurrentIndex(max(0, self.theory_combo.findData(data.theory_level)))
        self.phone_edit.setText(data.phone)
        self.note_edit.setText(data.note)
        self._reset_confirmation()

    def trainee_input(self) -> TraineeInput:
        return TraineeInput(
            full_name=self.full_name_edit.text(), birth=self.birth_edit.text(),
            gender=self.gender_combo.currentData() or "", ethnic_group=self.ethnic_combo.currentText(),
            citizen_id=self.citizen_id_edit.text(), old_id_number=self.old_id_edit.text(),
            party_member=self.party_check.isChecked(), position=self.position_combo.currentText(),
            unit=self.unit_edit.text(), theory_level=self.theory_combo.currentData() or "",
            phone=self.phone_edit.text(), note=self.note_edit.text())

    # -- possible duplicates and warnings ---------------------------------------------------

    def update_similar(self) -> None:
        """Show the trainees on file with the same citizen ID, or the same name and birth date."""
        self._similar_timer.stop()
        found = enrolment.similar_trainees(self.full_name_edit.text(), self.birth_edit.text(),
                                           self.citizen_id_edit.text(), exclude_id=self.trainee_id)
        self.similar_list.clear()
        for t in found:
            parts = [t.full_name, t.birth or "không rõ ngày sinh", t.unit,
                     f"CCCD {t.citizen_id}" if t.citizen_id else ""]
            item = QListWidgetItem(" — ".join(p for p in parts if p))
            item.setData(Qt.ItemDataRole.UserRole, t.id)
            self.similar_list.addItem(item)
        if found:
            self.similar_list.setCurrentRow(0)
        self.similar_frame.setVisible(bool(found))

    def similar_names(self) -> list[str]:
        return [self.similar_list.item(i).text() for i in range(self.similar_list.count())]

    def _reset_confirmation(self) -> None:
        self.confirm_check.setChecked(False)
        self.warning_box.hide()

    def _show_warnings(self, warnings: list[str]) -> None:
        self.warning_label.setText("Cần xác nhận trước khi lưu:\n" + "\n".join(f"• {w}" for w in warnings))
        self.warning_box.show()
        self.confirm_check.setFocus()

    # -- saving -----------------------------------------------------------------------------

    def save(self) -> None:
        """One service call; refused input is shown next to its field, warnings wait for the
        user's confirmation, and nothing is written until then."""
        self.errors.clear()
        self.update_similar()
        data = self.trainee_input()
        confirmed = not self.warning_box.isHidden() and self.confirm_check.isChecked()
        try:
            if self.trainee_id is not None:
                self.saved = perform(trainees.update_trainee, self.trainee_id, data, confirmed=confirmed,
                                     expected=self.stamp)
            elif self.course_id is not None:
                self.saved = perform(enrolment.enrol_new_trainee, self.course_id, data, confirmed=confirmed)
            else:
                self.saved = perform(trainees.add_trainee, data, confirmed=confirmed)
        except NeedsConfirmation as exc:
            self._show_warnings(exc.warnings)
            return
        except ChangedElsewhereError as exc:  # another PC saved first: show its values, then say so
            self.reload()
            self.errors.show(exc.message)
            return
        except UserError as exc:
            self.errors.show(exc.message, exc.field)
            return
        self.accept()

    def enrol_existing(self) -> None:
        """Enrolment mode: the person is already on file — put that record into the class instead."""
        item = self.similar_list.currentItem()
        if item is None or self.course_id is None:
            return
        try:
            perform(enrolment.enrol_trainees, self.course_id, [item.data(Qt.ItemDataRole.UserRole)])
        except UserError as exc:
            self.errors.show(exc.message)
            return
        self.accept()
