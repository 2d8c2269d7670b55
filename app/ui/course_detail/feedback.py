"""The class window's *Phiếu phản hồi* sub-tab: pick a lesson (so its instructor) or the whole
class, type the stack of paper forms in the grid, and read the results per question as they grow."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.changes import Changes, Topic
from app.domain.formatting import format_date, format_int
from app.services import feedback
from app.services.feedback_templates import active_templates, templates_named
from app.store.models import Course
from app.ui.course_detail.base import CourseSubTab
from app.ui.events import announce, touches
from app.ui.models.feedback_grid import TallyModel
from app.ui.widgets.feedback_grid import FeedbackGridView, hint_label, legend

SESSION_NAMES = {"morning": "sáng", "afternoon": "chiều", "evening": "tối"}


def target_text(target: feedback.FeedbackTarget) -> str:
    forms = f"{format_int(target.forms)} phiếu"
    if target.lesson_id is None:
        return f"Cả lớp (đánh giá chung khóa học) — {forms}"
    who = f" · {target.instructor}" if target.instructor else " · (chưa phân công giảng viên)"
    return (f"{format_date(target.date)} {SESSION_NAMES.get(target.session, target.session)} · "
            f"{target.topic}{who} — {forms}")


class FeedbackTab(CourseSubTab):
    topics = (Topic.FEEDBACK, Topic.LESSONS, Topic.ENROLLMENTS)

    def __init__(self, course_id: int, parent: QWidget | None = None) -> None:
        super().__init__(course_id, parent)
        self._own_change = False
        self._other_forms = 0  # forms of the stack typed with another template than the one shown
        self.class_size = 0
        self.targets: list[feedback.FeedbackTarget] = []

        self.target_combo = QComboBox(self)
        self.target_combo.setMinimumContentsLength(40)
        self.target_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.template_combo = QComboBox(self)
        self.template_label = QLabel("&Mẫu:", self)
        self.template_label.setBuddy(self.template_combo)
        self.numbered_check = QCheckBox("Phiếu có &số", self)
        self.numbered_check.setToolTip("Phiếu in sẵn có số: số phiếu không được trùng trong lớp (buổi học).")
        target_label = QLabel("&Phiếu về:", self)
        target_label.setBuddy(self.target_combo)
        top = QHBoxLayout()
        top.addWidget(target_label)
        top.addWidget(self.target_combo, 1)
        top.addWidget(self.template_label)
        top.addWidget(self.template_combo)
        top.addWidget(self.numbered_check)

        self.legend_label = QLabel(self)
        self.view = FeedbackGridView(self)
        self.tally = TallyModel(self.view.grid, self)
        self.tally_view = self._make_tally_view()
        self.count_label = QLabel(self)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        grid_label = QLabel("&Nhập phiếu (mỗi dòng một phiếu):", left)
        grid_label.setBuddy(self.view)
        left_layout.addWidget(grid_label)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.message_label)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel("Kết quả theo câu hỏi (tính cả phiếu đang gõ):", right))
        right_layout.addWidget(self.tally_view, 1)
        right_layout.addWidget(self.count_label)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.legend_label)
        layout.addWidget(splitter, 1)
        layout.addWidget(hint_label(self))
        self.setFocusProxy(self.view)

        self.view.message.connect(self.show_message)
        self.view.saved.connect(self._saved)
        self.view.grid.rows_changed.connect(self.update_count)
        self.target_combo.currentIndexChanged.connect(self._target_changed)
        self.template_combo.currentIndexChanged.connect(self.load_grid)
        self.numbered_check.toggled.connect(self.view.set_numbered)
        self.refresh()

    def _make_tally_view(self) -> QTableView:
        view = QTableView(self)
        view.setModel(self.tally)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        view.verticalHeader().hide()
        view.setWordWrap(False)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.tally.modelReset.connect(self._stretch_question_column)
        return view

    def _stretch_question_column(self) -> None:
        if self.tally.columnCount():
            self.tally_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    # -- what is shown ------------------------------------------------------------------------

    def lesson_id(self) -> int | None:
        return self.target_combo.currentData()

    def refresh(self) -> None:
        """Re-read the lessons, the class size and the stack shown."""
        self.class_size = feedback.class_size(self.course_id)
        self._fill_targets(self.lesson_id())
        self._fill_templates()
        self.load_grid()

    def _fill_targets(self, keep: int | None) -> None:
        self.targets = feedback.feedback_targets(self.course_id)
        self.target_combo.blockSignals(True)
        self.target_combo.clear()
        for target in self.targets:
            self.target_combo.addItem(target_text(target), target.lesson_id)
        self.target_combo.setCurrentIndex(max(self.target_combo.findData(keep), 0))
        self.target_combo.blockSignals(False)

    def _fill_templates(self) -> None:
        """Templates in use, plus those this stack was typed with; the stack's latest one first."""
        used = feedback.stack_templates(self.course_id, self.lesson_id())
        choices = templates_named(used) + [t for t in active_templates() if t[0] not in used]
        self.template_combo.blockSignals(True)
        self.template_combo.clear()
        for template_id, label in choices:
            self.template_combo.addItem(label, template_id)
        self.template_combo.setCurrentIndex(0)
        self.template_combo.blockSignals(False)
        several = len(choices) > 1
        self.template_combo.setVisible(several)
        self.template_label.setVisible(several)
        self.numbered_check.blockSignals(True)
        # Numbered unless this stack was typed without numbers.
        self.numbered_check.setChecked(self._stack_is_numbered())
        self.numbered_check.blockSignals(False)

    def _stack_is_numbered(self) -> bool:
        template_id = self.template_combo.currentData()
        if template_id is None:
            return True
        forms = feedback.stack_forms(self.course_id, self.lesson_id(), template_id)
        return not forms or any(f.form_no is not None for f in forms)

    def _target_changed(self) -> None:
        self._fill_templates()
        self.load_grid()

    def load_grid(self) -> None:
        template_id = self.template_combo.currentData()
        course = Course.get_or_none(Course.id == self.course_id)
        if template_id is None or course is None:
            return
        self.view.load(course.code, self.course_id, self.lesson_id(), template_id, self.numbered_check.isChecked())
        info = feedback.template_info(template_id)
        self.legend_label.setText(f"Thang đánh giá: {legend(info.scale)}. Câu hỏi: "
                                  + "; ".join(f"{i}. {text}" for i, (_q, text) in enumerate(info.questions, 1)))
        self.legend_label.setWordWrap(True)
        index = self.target_combo.currentIndex()
        target = self.targets[index] if 0 <= index < len(self.targets) else None
        self._other_forms = (target.forms if target else 0) - self.view.grid.saved_count()
        self.show_message("", False)
        self.update_count()

    def update_count(self) -> None:
        """Forms typed for this stack against the class size; the combo's count follows."""
        typed = self.view.grid.saved_count() + self._other_forms
        text = f"Đã nhập {format_int(typed)} phiếu · sĩ số lớp {format_int(self.class_size)}"
        over = self.class_size and typed > self.class_size
        if over:
            text += " — nhiều phiếu hơn sĩ số, hãy kiểm tra phiếu nhập trùng"
        self.count_label.setText(text)
        self.count_label.setStyleSheet("color: #b00020; font-weight: bold;" if over else "")
        index = self.target_combo.currentIndex()
        if 0 <= index < len(self.targets):
            target = self.targets[index]
            self.targets[index] = feedback.FeedbackTarget(target.lesson_id, target.date, target.session,
                                                          target.topic, target.instructor, typed)
            self.target_combo.setItemText(index, target_text(self.targets[index]))

    def show_message(self, text: str, error: bool) -> None:
        if not text and not self.message_label.text():
            return
        self.message_label.setText(text)
        self.message_label.setStyleSheet("color: #b00020;" if error else "color: #1b5e20;")

    # -- changes --------------------------------------------------------------------------------

    def _saved(self, changed: Changes) -> None:
        self._own_change = True
        try:
            announce(changed)
        finally:
            self._own_change = False

    def on_changed(self, topics: Changes) -> None:
        if self._own_change:
            return
        if touches(topics, Topic.FEEDBACK):
            self.refresh()
        elif touches(topics, Topic.LESSONS, Topic.COURSES):
            keep = self.lesson_id()
            self._fill_targets(keep)
            if self.lesson_id() != keep:
                self._target_changed()
        elif touches(topics, Topic.ENROLLMENTS):
            self.class_size = feedback.class_size(self.course_id)
            self.update_count()
