"""Đăng nhập: asked at start when sign-in is on (off by default, so most centres never see it)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError
from app.services import auth
from app.ui.dialogs.common import FieldErrors


class SignInDialog(QDialog):
    """User name and password. What the service refuses is said under the box it names, with the
    focus there; a wrong pair clears the password."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Đăng nhập")
        self.setMinimumWidth(380)
        self.user: auth.User | None = None
        self.errors = FieldErrors(self)
        self.username = QLineEdit(self)
        self.username.setObjectName("username")
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow("Tên đăng nhập:", self.errors.wrap("username", self.username))
        form.addRow("Mật khẩu:", self.errors.wrap("password", self.password))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Đăng nhập")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Thoát")
        self.buttons.accepted.connect(self.sign_in)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Cơ sở dữ liệu này yêu cầu đăng nhập.", self))
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)

    def sign_in(self) -> None:
        self.errors.clear()
        try:
            self.user = auth.sign_in(self.username.text(), self.password.text())
        except UserError as exc:
            if exc.field == "password":
                self.password.clear()  # a wrong pair: the password is typed again
            self.errors.show(exc.message, exc.field)
            return
        self.accept()


def sign_in_at_start(parent: QWidget | None = None) -> bool:
    """The start-up hook: True when the program may go on (sign-in off, or someone signed in)."""
    if not auth.is_enabled() or auth.current_user() is not None:
        return True
    dialog = SignInDialog(parent)
    return dialog.exec() == QDialog.DialogCode.Accepted
