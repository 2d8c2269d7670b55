"""Cài đặt › Người dùng và đăng nhập: turn sign-in on or off, and (admins) manage the users.

While sign-in is off, anyone may turn it on by creating the first admin. Once it is on, only an
admin opens this dialog; every change goes through ``app.services.auth`` and is audited there.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError
from app.services import auth
from app.ui.dialogs.common import FieldErrors, table_for
from app.ui.events import perform
from app.ui.messages import ask, show_user_error
from app.ui.models.table import Column, RowTableModel
from app.ui.widgets.fit import fit_to_screen

COLUMNS = (
    Column("Tên đăng nhập", lambda u: u.username, 16),
    Column("Họ và tên", lambda u: u.full_name, 24, stretch=True),
    Column("Vai trò", lambda u: u.role_name, 10),
)


class UserFormDialog(QDialog):
    """A new user (name, full name, role, password twice), or only a new password for ``username``."""

    def __init__(self, parent: QWidget | None = None, *, username: str | None = None,
                 roles: bool = True, title: str = "Thêm người dùng") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.username = QLineEdit(username or "", self)
        self.username.setReadOnly(username is not None)
        self.full_name = QLineEdit(self)
        self.role = QComboBox(self)
        for code, name in auth.ROLES.items():
            self.role.addItem(name, code)
        self.role.setCurrentIndex(self.role.findData("staff"))
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit(self)
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.errors = FieldErrors(self)
        self.error = self.errors.general  # a message about no one field
        form = QFormLayout()
        form.addRow("Tên đăng nhập:", self.errors.wrap("username", self.username))
        if username is None:
            form.addRow("Họ và tên:", self.errors.wrap("full_name", self.full_name))
            if roles:
                form.addRow("Vai trò:", self.errors.wrap("role", self.role))
        form.addRow("Mật khẩu:", self.errors.wrap("password", self.password))
        form.addRow("Nhập lại mật khẩu:", self.errors.wrap("again", self.again))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Lưu")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        self.buttons.accepted.connect(self.check)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        # set by the caller: what to do with the form's values
        self.action: Callable[[UserFormDialog], object] | None = None

    def show_error(self, message: str, field: str | None = None) -> None:
        """The message under ``field`` (focused), or under the form."""
        self.errors.show(message, field)

    def check(self) -> None:
        self.errors.clear()
        if self.password.text() != self.again.text():
            self.show_error("Hai lần nhập mật khẩu không giống nhau.", "again")
            return
        try:
            if self.action is not None:
                self.action(self)
        except UserError as exc:
            self.show_error(exc.message, exc.field)
            return
        self.accept()


class UsersDialog(QDialog):
    """The users and the on/off switch of sign-in."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Người dùng và đăng nhập")
        fit_to_screen(self, 640, 420)
        self.state = QLabel(self)
        self.model = RowTableModel(COLUMNS, self)
        self.view = table_for(self.model, self)  # the columns' declared widths ("Tên đăng nhập" was cut)

        self.toggle_button = QPushButton(self)
        self.add_button = QPushButton("Thêm người dùng…", self)
        self.password_button = QPushButton("Đổi mật khẩu…", self)
        self.role_button = QPushButton("Đổi vai trò", self)
        self.remove_button = QPushButton("Xóa người dùng", self)
        self.toggle_button.clicked.connect(self.toggle)
        self.add_button.clicked.connect(self.add_user)
        self.password_button.clicked.connect(self.change_password)
        self.role_button.clicked.connect(self.switch_role)
        self.remove_button.clicked.connect(self.remove_user)
        side = QVBoxLayout()
        for button in (self.add_button, self.password_button, self.role_button, self.remove_button):
            side.addWidget(button)
        side.addStretch(1)
        side.addWidget(self.toggle_button)
        middle = QHBoxLayout()
        middle.addWidget(self.view, 1)
        middle.addLayout(side)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addLayout(middle, 1)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        enabled = auth.is_enabled()
        self.model.set_rows(auth.users())
        who = auth.current_user()
        self.state.setText("Đăng nhập đang BẬT" + (f" — bạn: {who.username} ({who.role_name})" if who else "")
                           if enabled else "Đăng nhập đang TẮT: ai mở chương trình cũng làm được mọi việc.")
        self.toggle_button.setText("Tắt đăng nhập" if enabled else "Bật đăng nhập…")
        for button in (self.password_button, self.role_button, self.remove_button):
            button.setEnabled(self.model.row_count() > 0)

    def selected(self) -> auth.User | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _run(self, action, title: str) -> bool:
        try:
            action()
        except UserError as exc:
            show_user_error(self, exc, title)
            return False
        finally:
            self.refresh()
        return True

    def toggle(self) -> bool:
        if auth.is_enabled():
            if not ask(self, "Tắt đăng nhập", "Tắt đăng nhập? Ai mở chương trình cũng sẽ làm được mọi việc.",
                       yes="Tắt đăng nhập"):
                return False
            return self._run(lambda: perform(auth.disable), "Không tắt được đăng nhập")
        form = UserFormDialog(self, roles=False, title="Bật đăng nhập: tạo người dùng Quản trị")
        form.action = lambda f: perform(auth.enable, f.username.text(), f.password.text(), f.full_name.text())
        accepted = form.exec() == QDialog.DialogCode.Accepted
        self.refresh()
        return accepted

    def add_user(self) -> bool:
        form = UserFormDialog(self)
        form.action = lambda f: perform(auth.add_user, f.username.text(), f.password.text(), f.role.currentData(),
                                        f.full_name.text())
        accepted = form.exec() == QDialog.DialogCode.Accepted
        self.refresh()
        return accepted

    def change_password(self) -> bool:
        user = self.selected()
        if user is None:
            return False
        form = UserFormDialog(self, username=user.username, title=f"Đổi mật khẩu của {user.username}")
        form.action = lambda f: perform(auth.set_password, user.username, f.password.text())
        accepted = form.exec() == QDialog.DialogCode.Accepted
        self.refresh()
        return accepted

    def switch_role(self) -> bool:
        user = self.selected()
        if user is None:
            return False
        role = "staff" if user.role == "admin" else "admin"
        return self._run(lambda: perform(auth.set_role, user.username, role), "Không đổi được vai trò")

    def remove_user(self) -> bool:
        user = self.selected()
        if user is None or not ask(self, "Xóa người dùng", f"Xóa người dùng {user.username}?", yes="Xóa"):
            return False
        return self._run(lambda: perform(auth.remove_user, user.username), "Không xóa được người dùng")


def open_users(parent: QWidget | None = None) -> UsersDialog | None:
    """Cài đặt › Người dùng và đăng nhập…: for admins once sign-in is on; None (and why) otherwise."""
    try:
        auth.require_role("admin", action="quản lý người dùng")
    except UserError as exc:
        show_user_error(parent, exc, "Không mở được")
        return None
    dialog = UsersDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
