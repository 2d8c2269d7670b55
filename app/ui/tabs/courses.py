"""Lớp học: the classes of a year by status and program, filtered as you type; Ctrl+N opens the
class form, Delete asks and deletes; below, the year's plan against what was carried out."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.changes import Changes, Topic
from app.domain.errors import UserError
from app.domain.formatting import format_date
from app.services import catalogues, courses, lists, plans
from app.ui.dialogs.common import ReasonDialog, setup_table, show_error
from app.ui.dialogs.course_form import CourseFormDialog
from app.ui.events import changes, perform, touches
from app.ui.models.courses import CourseModel
from app.ui.models.table import Column, RowTableModel
from app.ui.shortcuts import show_key
from app.ui.tabs.base import ListTab
from app.ui.widgets.fit import fit_column

PLAN_COLUMNS: tuple[Column, ...] = (
    Column("Chương trình", lambda r: r.program_name, width=34, stretch=True),
    Column("Lớp (KH)", lambda r: r.planned_classes, width=8, numeric=True),
    Column("Lớp (TH)", lambda r: r.actual_classes, width=8, numeric=True),
    Column("Tỷ lệ lớp", lambda r: r.classes_pct, width=8, numeric=True),
    Column("Học viên (KH)", lambda r: r.planned_trainees, width=11, numeric=True),
    Column("Học viên (TH)", lambda r: r.actual_trainees, width=11, numeric=True),
    Column("Tỷ lệ HV", lambda r: r.trainees_pct, width=8, numeric=True),
)


class PlanModel(RowTableModel):
    """Plan vs actual per program; the total line in bold."""

    def __init__(self, parent=None) -> None:
        super().__init__(PLAN_COLUMNS, parent)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.FontRole and index.isValid():
            row = self.row_at(index.row())
            if row is not None and not row.program_code:
                font = QFont()
                font.setBold(True)
                return font
            return None
        return super().data(index, role)


class CoursesTab(ListTab):
    noun = "lớp"
    model: CourseModel

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(CourseModel(), parent)
        self.year_combo = QComboBox(self)
        self.year_combo.setToolTip("Năm học của các lớp")
        self.status_combo = QComboBox(self)
        self.status_combo.setToolTip("Trạng thái lớp")
        self.status_combo.addItem("Mọi trạng thái", None)
        for code, name in catalogues.catalogue("course_statuses"):
            self.status_combo.addItem(name, code)
        self.program_combo = QComboBox(self)
        self.program_combo.setToolTip("Chương trình (loại lớp)")
        self.program_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.program_combo.setMinimumContentsLength(14)
        self.program_combo.addItem("Mọi chương trình", None)
        for program in catalogues.programs():
            self.program_combo.addItem(program.code, program.code)
            self.program_combo.setItemData(self.program_combo.count() - 1, program.name, Qt.ItemDataRole.ToolTipRole)
        self.new_button = QPushButton("Lớp mới", self)
        show_key(self.new_button, QKeySequence.StandardKey.New, "Mở lớp mới")
        self.new_button.clicked.connect(self.add_new)
        for i, widget in enumerate((QLabel("Năm:", self), self.year_combo, self.status_combo,
                                    self.program_combo)):
            self.toolbar.insertWidget(i, widget)
        self.filter_edit.setMinimumWidth(140)  # the window must still fit a small screen
        self.toolbar.addWidget(self.new_button)
        # Under the list (the toolbar is as wide as a small screen allows).
        self.export_button = QPushButton("Xuất danh sách lớp ra Excel…", self)
        self.export_button.setToolTip("Lưu danh sách lớp đang hiện (theo năm, trạng thái, chương trình, ô lọc) "
                                      "ra tệp Excel")
        self.export_button.clicked.connect(lambda: self.export_excel())
        self._build_plan_panel()
        self.fill_years()
        for combo in (self.year_combo, self.status_combo, self.program_combo):
            combo.currentIndexChanged.connect(self.refresh)
        changes().changed.connect(self._on_changed)
        self.dialog: QWidget | None = None
        self.refresh()

    def _build_plan_panel(self) -> None:
        panel = QWidget(self)
        self.plan_title = QLabel(panel)
        self.plan_title.setWordWrap(True)
        self.plan_button = QPushButton("Kế hoạch năm…", panel)
        self.plan_button.clicked.connect(self.open_plan)
        self.plan_model = PlanModel(panel)
        self.plan_view = QTableView(panel)
        setup_table(self.plan_view, self.plan_model, widths=[c.width for c in PLAN_COLUMNS], stretch=0)
        self.plan_view.verticalHeader().hide()
        top = QHBoxLayout()
        top.addWidget(self.plan_title, 1)
        top.addWidget(self.export_button)
        top.addWidget(self.plan_button)
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 4, 0, 0)
        column.addLayout(top)
        column.addWidget(self.plan_view)
        self.body.removeWidget(self.view)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.view)
        splitter.addWidget(panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        self.body.addWidget(splitter)
        self.splitter = splitter

    def fill_years(self) -> None:
        """Years that have classes plus the current year; the latest year with classes first."""
        with_classes = lists.course_years()
        years = sorted({*with_classes, dt.date.today().year}, reverse=True)
        current = self.year_combo.currentData()
        default = current if current in years else (with_classes[0] if with_classes else dt.date.today().year)
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for year in years:
            self.year_combo.addItem(str(year), year)
        self.year_combo.setCurrentIndex(years.index(default))
        self.year_combo.blockSignals(False)

    def year(self) -> int:
        return int(self.year_combo.currentData())

    def status(self) -> str | None:
        return self.status_combo.currentData()

    def program(self) -> str | None:
        return self.program_combo.currentData()

    def reload(self) -> None:
        current = self.model.course(self.view.currentIndex().row())
        program = self.program()
        rows = [r for r in lists.courses(self.year(), self.status(), self.filter_text())
                if program is None or r.program_code == program]
        self.model.set_rows(rows)
        fit_column(self.view, 0, [r.code for r in rows], header="Mã lớp")  # a code is never cut
        self.keep_stretch_readable()
        if current is not None:
            for i, row in enumerate(rows):
                if row.id == current.id:
                    self.view.setCurrentIndex(self.model.index(i, 0))
                    break
        self.reload_plan()

    def reload_plan(self) -> None:
        year = self.year()
        plan = plans.get_plan(year)
        title = f"Thực hiện kế hoạch năm {year}"
        if plan.document_number or plan.approved_on:
            title += f" (Kế hoạch số {plan.document_number or '…'}"
            title += f" ngày {format_date(plan.approved_on)})" if isinstance(plan.approved_on, dt.date) else ")"
        elif not plan.items:
            title += ": chưa có kế hoạch"
        self.plan_title.setText(title)
        self.plan_model.set_rows(plans.plan_vs_actual(year))

    def _on_changed(self, topics: Changes) -> None:
        if touches(topics, Topic.COURSES):
            self.fill_years()
        if touches(topics, Topic.COURSES, Topic.ENROLLMENTS, Topic.PLANS, Topic.ORGANIZATIONS):
            self.refresh()

    def open_row(self, row: int) -> None:
        course = self.model.course(row)
        if course is None:
            return
        from app.ui.course_detail import open_course

        open_course(course.id, self.window())

    # -- actions ----------------------------------------------------------------------------

    def add_new(self) -> CourseFormDialog:
        """The class form for a new class; once saved, the class opens."""
        dialog = CourseFormDialog(parent=self, program_code=self.program())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._created(dialog.saved))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _created(self, course) -> None:
        if course is None:
            return
        index = self.year_combo.findData(course.start_date.year)
        if index >= 0:
            self.year_combo.setCurrentIndex(index)
        from app.ui.course_detail import open_course

        open_course(course.id, self.window())

    def delete_selected(self) -> ReasonDialog | None:
        course = self.model.course(self.view.currentIndex().row())
        if course is None:
            return None
        dialog = ReasonDialog("Xóa lớp", f"Xóa hẳn lớp {course.code} – {course.name} cùng danh sách học viên, "
                              "điểm danh, điểm và lịch học của lớp?\nViệc xóa được ghi vào nhật ký. "
                              "Lớp đã cấp giấy chứng nhận thì không xóa được, chỉ hủy được.", self, ok="Xóa lớp")
        dialog.accepted.connect(lambda: self._delete(course.code, dialog.reason()))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _delete(self, code: str, reason: str) -> None:
        try:
            perform(courses.delete_course, code, reason)
        except UserError as exc:
            self.dialog = show_error(self, exc)

    def filter_description(self) -> str:
        """What the list shows, in words, for the exported file's subtitle."""
        parts = [f"Năm {self.year()}"]
        if self.status() is not None:
            parts.append(self.status_combo.currentText())
        if self.program() is not None:
            parts.append(f"chương trình {self.program()}")
        if self.filter_text().strip():
            parts.append(f"lọc: \u201c{self.filter_text().strip()}\u201d")
        return " — ".join(parts) + f" — {self.model.row_count()} lớp"

    def export_excel(self, path=None):
        """The classes shown (this filter) to an .xlsx."""
        from app.outputs.lists import export_courses
        from app.ui.exports import export_to_excel

        rows = [self.model.course(i) for i in range(self.model.row_count())]
        return export_to_excel(self, export_courses, rows, self.filter_description(),
                               suggested=f"Danh sách lớp {self.year()}", noun="lớp", guard=self.export_button,
                               path=path)

    def open_plan(self):
        from app.ui.dialogs.annual_plan import AnnualPlanDialog

        self.dialog = AnnualPlanDialog(self.year(), self)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()
        return self.dialog
