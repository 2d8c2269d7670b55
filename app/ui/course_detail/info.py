"""The class window's *Thông tin* sub-tab: what the class is, and Sửa / Hủy lớp / Xóa lớp."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.changes import Topic
from app.domain.errors import UserError
from app.domain.formatting import format_date, format_int
from app.services import courses
from app.store.models import Course, Enrollment, Lesson
from app.ui.course_detail.base import CourseSubTab
from app.ui.dialogs.common import ReasonDialog, show_error
from app.ui.dialogs.course_form import CourseFormDialog
from app.ui.events import perform

FIELDS: tuple[tuple[str, str], ...] = (
    ("program", "Chương trình"), ("name", "Tên lớp"), ("code", "Mã lớp"), ("period", "Thời gian"),
    ("venue", "Địa điểm"), ("partner", "Đơn vị phối hợp"), ("decision", "Quyết định mở lớp"),
    ("monitor", "Lớp trưởng"), ("status", "Trạng thái"), ("size", "Sĩ số"), ("note", "Ghi chú"),
)


class InfoTab(CourseSubTab):
    topics = (Topic.COURSES, Topic.ORGANIZATIONS, Topic.ENROLLMENTS, Topic.LESSONS)

    def __init__(self, course_id: int, parent: QWidget | None = None) -> None:
        super().__init__(course_id, parent)
        self.values: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        for key, label in FIELDS:
            value = QLabel(self)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.values[key] = value
            form.addRow(f"{label}:", value)
        self.edit_button = QPushButton("Sửa…", self)
        self.edit_button.setToolTip("Sửa thông tin lớp")
        self.cancel_button = QPushButton("Hủy lớp…", self)
        self.cancel_button.setToolTip("Hủy lớp: lớp giữ nguyên hồ sơ, ghi lý do hủy")
        self.delete_button = QPushButton("Xóa lớp…", self)
        self.delete_button.setToolTip("Xóa hẳn lớp (không xóa được khi đã cấp giấy chứng nhận)")
        self.edit_button.clicked.connect(self.edit)
        self.cancel_button.clicked.connect(self.cancel_course)
        self.delete_button.clicked.connect(self.delete_course)
        row = QHBoxLayout()
        row.addWidget(self.edit_button)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        row.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addLayout(row)
        self.dialog: QWidget | None = None
        self.refresh()

    def course(self) -> Course | None:
        return Course.get_or_none(Course.id == self.course_id)

    def refresh(self) -> None:
        course = self.course()
        if course is None:
            return
        size = Enrollment.select().where(Enrollment.course == course.id).count()
        lessons = Lesson.select().where(Lesson.course == course.id).count()
        decision = course.decision_number or ""
        if course.decision_date:
            decision += f" ngày {format_date(course.decision_date)}"
        status = courses.STATUS_LABELS.get(course.status, course.status)
        if course.status == "cancelled" and course.cancel_reason:
            status += f" — lý do: {course.cancel_reason}"
        shown = {
            "program": f"{course.program.code} – {course.program.name}", "name": course.name, "code": course.code,
            "period": f"từ {format_date(course.start_date)} đến {format_date(course.end_date)}",
            "venue": course.venue or "", "partner": course.partner.name if course.partner_id else "",
            "decision": decision.strip(), "monitor": course.monitor or "", "status": status,
            "size": f"{format_int(size)} học viên, {format_int(lessons)} buổi học", "note": course.note or "",
        }
        for key, label in self.values.items():
            label.setText(shown[key] or "—")
        self.cancel_button.setEnabled(course.status != "cancelled")

    # -- actions (each opens a dialog and returns it; nothing blocks) ----------------------------

    def edit(self) -> CourseFormDialog:
        dialog = CourseFormDialog(self.course_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def cancel_course(self) -> ReasonDialog:
        course = self.course()
        dialog = ReasonDialog("Hủy lớp", f"Hủy lớp {course.code} – {course.name}?\n"
                              "Lớp được giữ lại cùng danh sách học viên, chỉ chuyển sang trạng thái Hủy.",
                              self, ok="Hủy lớp")
        dialog.accepted.connect(lambda: self._run(courses.cancel_course, course.code, dialog.reason()))
        self.dialog = dialog
        dialog.open()
        return dialog

    def delete_course(self) -> ReasonDialog:
        course = self.course()
        dialog = ReasonDialog("Xóa lớp", f"Xóa hẳn lớp {course.code} – {course.name} cùng danh sách học viên, "
                              "điểm danh, điểm và lịch học của lớp?\nViệc xóa được ghi vào nhật ký.",
                              self, ok="Xóa lớp")
        dialog.accepted.connect(lambda: self._run(courses.delete_course, course.code, dialog.reason()))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _run(self, action, *args) -> None:
        try:
            perform(action, *args)
        except UserError as exc:
            self.dialog = show_error(self, exc)
