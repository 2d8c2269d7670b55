"""Tệp › Kết nối máy chủ…: use a centre's PostgreSQL server instead of a file on this PC.

Host, port, database and user are kept in the user's QSettings (``server/…``); the password is
never stored: it is asked each time the program starts on the server (no keyring dependency).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.session import server_url

DEFAULT_PORT = 5432
HELP = ("Nhiều máy cùng dùng một cơ sở dữ liệu trên máy chủ PostgreSQL của Trung tâm. Mật khẩu không "
        "được lưu: chương trình hỏi lại mỗi lần mở.")


@dataclass(frozen=True)
class ServerSettings:
    """What the dialog keeps between starts (never the password)."""

    host: str = ""
    port: int = DEFAULT_PORT
    database: str = ""
    user: str = ""
    enabled: bool = False  # open the server at start instead of the file on this PC

    @classmethod
    def load(cls) -> ServerSettings:
        qs = QSettings()
        try:
            port = int(str(qs.value("server/port", DEFAULT_PORT)))
        except ValueError:
            port = DEFAULT_PORT
        return cls(host=str(qs.value("server/host", "") or ""), port=port,
                   database=str(qs.value("server/database", "") or ""), user=str(qs.value("server/user", "") or ""),
                   enabled=str(qs.value("server/enabled", "false")).lower() == "true")

    def save(self) -> None:
        qs = QSettings()
        qs.setValue("server/host", self.host)
        qs.setValue("server/port", self.port)
        qs.setValue("server/database", self.database)
        qs.setValue("server/user", self.user)
        qs.setValue("server/enabled", "true" if self.enabled else "false")
        qs.remove("server/password")  # never kept, even if an older copy wrote one
        qs.sync()

    def url(self, password: str | None) -> str:
        return server_url(self.host, self.port, self.database, self.user, password)


class ServerConnectDialog(QDialog):
    """Asks for the server, its database, the user and the password; ``url`` once accepted."""

    def __init__(self, current: ServerSettings | None = None, parent: QWidget | None = None, *,
                 at_start: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("Kết nối máy chủ")
        self.setMinimumWidth(460)
        current = current or ServerSettings.load()
        self.url: str | None = None
        self.chosen: ServerSettings | None = None
        self.host = QLineEdit(current.host, self)
        self.host.setPlaceholderText("ví dụ 192.168.1.10")
        self.port = QSpinBox(self)
        self.port.setRange(1, 65535)
        self.port.setValue(current.port)
        self.database = QLineEdit(current.database, self)
        self.database.setPlaceholderText("ví dụ trungtam")
        self.user = QLineEdit(current.user, self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.enabled = QCheckBox("Mở cơ sở dữ liệu trên máy chủ này mỗi khi khởi động chương trình", self)
        self.enabled.setChecked(current.enabled or not at_start)
        self.error = QLabel("", self)
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Máy chủ:", self.host)
        form.addRow("Cổng:", self.port)
        form.addRow("Cơ sở dữ liệu:", self.database)
        form.addRow("Người dùng:", self.user)
        form.addRow("Mật khẩu:", self.password)
        help_label = QLabel(HELP, self)
        help_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Kết nối")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(help_label)
        layout.addLayout(form)
        layout.addWidget(self.enabled)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        (self.password if current.host and current.database and current.user else self.host).setFocus()

    def submit(self) -> None:
        host, database, user = self.host.text().strip(), self.database.text().strip(), self.user.text().strip()
        missing = [label for label, value in (("máy chủ", host), ("cơ sở dữ liệu", database),
                                               ("người dùng", user)) if not value]
        if missing:
            self.error.setText("Cần nhập " + ", ".join(missing) + ".")
            return
        self.chosen = ServerSettings(host=host, port=self.port.value(), database=database, user=user,
                                     enabled=self.enabled.isChecked())
        self.chosen.save()
        self.url = self.chosen.url(self.password.text() or None)
        self.accept()
