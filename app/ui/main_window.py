"""The main window: four tabs, the menus, and a status bar with the database and its counts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QWidget

from app.domain.changes import Changes, Topic
from app.domain.formatting import format_int
from app.services import lists, settings
from app.services.session import Session
from app.ui import file_actions, windows
from app.ui.events import changes, touches
from app.ui.settings_store import ui_settings
from app.ui.tabs.base import ListTab
from app.ui.tabs.courses import CoursesTab
from app.ui.tabs.instructors import InstructorsTab
from app.ui.tabs.reports import ReportsTab
from app.ui.tabs.trainees import TraineesTab
from app.ui.widgets.fit import fit_to_screen

if TYPE_CHECKING:  # dialogs load when first opened: a faster start
    from app.ui.dialogs.catalogues import CatalogueDialog
    from app.ui.dialogs.institution import InstitutionDialog
    from app.ui.dialogs.organizations import OrganizationsDialog

APP_TITLE = "Quản lý bồi dưỡng chính trị"


def _open_course(course_id: int, parent: QWidget | None) -> QWidget:
    from app.ui.course_detail import open_course

    return open_course(course_id, parent)


def _open_trainee(trainee_id: int, parent: QWidget | None) -> QWidget:
    from app.ui.dialogs.trainee_detail import TraineeDetailDialog

    dialog = TraineeDetailDialog(trainee_id, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


# The class window and the trainee's record open each other through app.ui.windows (neither
# imports the other); the main window, which knows both, says how, once.
windows.register_opener("course", _open_course)
windows.register_opener("trainee", _open_trainee)
DEFAULT_SIZE = (1280, 780)


class MainWindow(QMainWindow):
    """The window over one open :class:`Session`."""

    instance_server: QObject | None = None  # set by app.start_window: the single-instance channel lives with the window

    def __init__(self, session: Session, *, demo: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.demo = demo
        self.setObjectName("MainWindow")
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.courses_tab = CoursesTab(self)
        self.trainees_tab = TraineesTab(self)
        self.instructors_tab = InstructorsTab(self)
        self.reports_tab = ReportsTab(self)
        self.tabs.addTab(self.courses_tab, "Lớp học")
        self.tabs.addTab(self.trainees_tab, "Học viên")
        self.tabs.addTab(self.instructors_tab, "Giảng viên")
        self.tabs.addTab(self.reports_tab, "Báo cáo")
        self.setCentralWidget(self.tabs)
        self.status_label = QLabel(self)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addWidget(self.status_label, 1)
        self.catalogue_dialog: CatalogueDialog | None = None
        self.institution_dialog: InstitutionDialog | None = None
        self._build_menus()
        self.update_title()
        self.update_status()
        changes().changed.connect(self._on_changed)  # the counts follow every write
        self.restore_state()

    # -- menus ------------------------------------------------------------------------------

    def _action(self, menu, text: str, slot, shortcut: QKeySequence | str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&Tệp")
        self.backup_action: QAction = self._action(file_menu, "&Sao lưu ngay",
                                          lambda: file_actions.backup_now(self, self.session, self.backup_action))
        self.backup_file_action: QAction = self._action(
            file_menu, "Sao lưu ra &tệp…",
            lambda: file_actions.backup_to_file(self, self.session, self.backup_file_action))
        self.restore_action: QAction = self._action(
            file_menu, "&Khôi phục từ bản sao lưu…",
            lambda: file_actions.restore_from_file(self, self.session, self.refresh_all, self.restore_action))
        file_menu.addSeparator()
        self.check_action: QAction = self._action(file_menu, "Kiểm tra &cơ sở dữ liệu",
                                         lambda: file_actions.check_database(self, self.session, self.check_action))
        self._action(file_menu, "&Nhật ký thao tác…", self.open_audit_log)
        self._action(file_menu, "&Kết nối máy chủ…", lambda: file_actions.connect_server(self))
        self._action(file_menu, "Nhập hồ sơ c&ũ…", self.open_history_import)
        file_menu.addSeparator()
        self.quit_action = self._action(file_menu, "T&hoát", self.close, "Ctrl+Q")

        work_menu = bar.addMenu("&Lớp học")
        self._action(work_menu, "&Lớp mới…", lambda: self.courses_tab.add_new())
        self._action(work_menu, "&Học viên mới…", lambda: self.trainees_tab.add_new())
        work_menu.addSeparator()
        self._action(work_menu, "&Kế hoạch năm…", lambda: self.courses_tab.open_plan())
        self.verify_action: QAction = self._action(work_menu, "Kiểm tra &giấy chứng nhận…",
                                                   self.open_verify_certificate, "Ctrl+K")
        # Ctrl+N adds in the tab in view: a class on Lớp học, a trainee on Học viên.
        add = QAction("Thêm mới", self)
        add.setShortcut(QKeySequence.StandardKey.New)
        add.triggered.connect(self.add_new)
        self.addAction(add)

        catalogue_menu = bar.addMenu("&Danh mục")
        for key, label in (("programs", "Chương trình"), ("ethnic_groups", "Dân tộc"),
                           ("other", "Danh mục khác")):
            self._action(catalogue_menu, f"{label}…", lambda _=False, k=key: self.open_catalogue(k))
        self._action(catalogue_menu, "Đơn vị, cơ quan…", self.open_organizations)
        self._action(catalogue_menu, "Mẫu phiếu phản hồi…", self.open_feedback_templates)
        self._action(catalogue_menu, "Phôi giấy chứng nhận…", self.open_blank_stock)

        settings_menu = bar.addMenu("&Cài đặt")
        self._action(settings_menu, "Thiết lập ban đầu…", self.open_setup)
        self._action(settings_menu, "Thông tin đơn vị…", self.open_institution)
        self._action(settings_menu, "Danh mục…", self.open_catalogue_editor)
        self._action(settings_menu, "Nơi nhận báo cáo…", self.open_report_recipients)
        self._action(settings_menu, "Người dùng và đăng nhập…", self.open_users)

        help_menu = bar.addMenu("Trợ &giúp")
        self.guide_action = self._action(help_menu, "&Hướng dẫn sử dụng", self.open_guide,
                                         QKeySequence(QKeySequence.StandardKey.HelpContents))
        self._action(help_menu, "Lưu &mẫu danh sách học viên…", self.save_roster_template)
        help_menu.addSeparator()
        self._action(help_menu, "Giới thiệu", self.show_about)
        self._action(help_menu, "Tạo lối tắt trên màn hình", self.make_desktop_shortcut)

        # Not in a menu: Ctrl+F focuses the filter of the list in view.
        find = QAction("Lọc danh sách", self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self.focus_filter)
        self.addAction(find)

    # -- what the window shows --------------------------------------------------------------

    def list_tabs(self) -> list[ListTab]:
        return [self.courses_tab, self.trainees_tab, self.instructors_tab, self.reports_tab]

    def update_title(self) -> None:
        name = settings.get_institution().name
        self.setWindowTitle(f"{APP_TITLE} — {name}" if name else APP_TITLE)

    def update_status(self) -> None:
        counts = lists.totals()
        label = "CSDL mẫu (tạm)" if self.demo else "CSDL"
        self.status_label.setText(
            f"{label}: {self.session.label} · {format_int(counts.courses)} lớp · "
            f"{format_int(counts.trainees)} học viên · {format_int(counts.instructors)} giảng viên")

    def _on_changed(self, topics: Changes) -> None:
        if touches(topics, Topic.COURSES, Topic.TRAINEES, Topic.INSTRUCTORS):
            self.update_status()
        if touches(topics, Topic.SETTINGS):
            self.update_title()

    def refresh_all(self) -> None:
        """After the whole database changed (a restore): re-read every list and the title."""
        self.courses_tab.fill_years()
        for tab in self.list_tabs():
            tab.refresh()
        self.update_title()
        self.update_status()

    def focus_filter(self) -> None:
        current = self.tabs.currentWidget()
        if isinstance(current, ListTab):
            current.focus_filter()

    def bring_to_front(self) -> None:
        """Another start of the program on this database asked to see this window."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    # -- dialogs ----------------------------------------------------------------------------

    def open_catalogue(self, page: str = "programs") -> CatalogueDialog:
        if self.catalogue_dialog is None:
            from app.ui.dialogs.catalogues import CatalogueDialog

            self.catalogue_dialog = CatalogueDialog(page, self)
        self.catalogue_dialog.show_page(page)
        self.catalogue_dialog.show()
        self.catalogue_dialog.raise_()
        return self.catalogue_dialog

    def open_catalogue_editor(self) -> QWidget:
        """Cài đặt › Danh mục…: programs, result bands, pick-lists and ethnic spellings, editable."""
        from app.ui.dialogs.catalogue_editor import open_catalogue_editor

        return open_catalogue_editor(self)

    def add_new(self) -> QWidget | None:
        current = self.tabs.currentWidget()
        return current.add_new() if hasattr(current, "add_new") else None

    def open_organizations(self) -> OrganizationsDialog:
        from app.ui.dialogs.organizations import OrganizationsDialog

        dialog = OrganizationsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_verify_certificate(self):
        from app.ui.dialogs.verify_certificate import open_verify_certificate

        return open_verify_certificate(self)

    def open_audit_log(self):
        from app.ui.dialogs.audit_log import open_audit_log

        return open_audit_log(self)

    def open_history_import(self):
        from app.ui.dialogs.history_import import open_history_import

        return open_history_import(self, self.session)

    def open_users(self):
        from app.ui.dialogs.users import open_users

        return open_users(self)

    def open_blank_stock(self):
        from app.ui.dialogs.blank_stock import open_blank_stock

        return open_blank_stock(self)

    def open_feedback_templates(self):
        from app.ui.dialogs.feedback_templates import open_feedback_templates

        return open_feedback_templates(self)

    def open_institution(self) -> InstitutionDialog:
        from app.ui.dialogs.institution import InstitutionDialog

        dialog = InstitutionDialog(settings.get_institution(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.update_title)
        self.institution_dialog = dialog
        dialog.open()
        return dialog

    def open_report_recipients(self):
        from app.ui.dialogs.report_recipients import ReportRecipientsDialog

        dialog = ReportRecipientsDialog(settings.get_report_recipients(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_setup(self):
        from app.ui.dialogs.first_run import open_first_run

        dialog = open_first_run(self)
        dialog.finished.connect(lambda _result: self.update_title())
        return dialog

    def open_guide(self):
        from app.ui.dialogs.guide import open_guide

        return open_guide(self)

    def save_roster_template(self, path=None):
        from app.ui.dialogs.guide import save_roster_template

        return save_roster_template(self, path)

    def show_about(self):
        from app.ui.dialogs.about import AboutDialog

        dialog = AboutDialog(self.session.path, self, server=self.session.label if self.session.url else None)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def make_desktop_shortcut(self):
        from app.ui.dialogs.about import make_desktop_shortcut

        return make_desktop_shortcut(self)

    # -- remembered state -------------------------------------------------------------------

    def restore_state(self) -> None:
        store = ui_settings()
        geometry = store.value("main_window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            fitted = fit_to_screen(self, *DEFAULT_SIZE)
            if fitted.toTuple() != DEFAULT_SIZE:  # a small screen (1366×768, or 125 %/150 % scaling): all of it
                self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        tab = store.value("main_window/tab", 0, type=int)
        if isinstance(tab, int) and 0 <= tab < self.tabs.count():  # (type=int makes it one)
            self.tabs.setCurrentIndex(tab)

    def save_state(self) -> None:
        store = ui_settings()
        store.setValue("main_window/geometry", self.saveGeometry())
        store.setValue("main_window/tab", self.tabs.currentIndex())
        store.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        windows.close_all()  # the class and instructor windows are top-level: they close with this one
        for timer in self.findChildren(QTimer):  # a closed window starts no more work: no delayed
            timer.stop()  # report preview or list filter reading the database after it closed
        super().closeEvent(event)
