"""Tệp › Kết nối máy chủ…: use a centre's PostgreSQL server instead of a file on this PC.

Host, port, database and user are kept in the user's QSettings (``server/…``); the password never
is. Where the operating system has a credential store (Windows: Credential Manager, see
:mod:`app.ui.credentials`) and the user ticks "Ghi nhớ mật khẩu trên máy này", the password is kept
there after a successful connection and the program connects at start without asking; a kept
password the server refuses is forgotten and asked again. Elsewhere it is asked at each start.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError
from app.services import session as sessions
from app.ui.credentials import Store, system_store, target_name
from app.ui.messages import error_box

DEFAULT_PORT = 5432
HELP = "Nhiều máy cùng dùng một cơ sở dữ liệu trên máy chủ PostgreSQL của Trung tâm. "
HELP_STORE = ("Mật khẩu được hỏi lại mỗi lần mở, trừ khi chọn ghi nhớ: khi đó nó được giữ trong kho mật khẩu "
              "của Windows (Credential Manager) cho người dùng Windows này, không trong cài đặt của chương trình.")
HELP_NO_STORE = "Mật khẩu không được lưu: chương trình hỏi lại mỗi lần mở."
REMEMBER = "Ghi nhớ mật khẩu trên máy này"
NO_STORE = "Máy này không có kho mật khẩu của hệ điều hành: mật khẩu được hỏi mỗi lần mở chương trình."
REFUSED_KEPT = ("Máy chủ không nhận mật khẩu đã ghi nhớ (có thể mật khẩu đã được đổi trên máy chủ). "
                "Mật khẩu cũ đã được xóa khỏi máy này; hãy nhập mật khẩu mới.")
REFUSAL_MARKS = ("password authentication failed", "no password supplied", "fe_sendauth")
REFUSAL_STATES = {"28P01", "28000"}  # invalid_password, invalid_authorization_specification


def password_refused(exc: UserError) -> bool:
    """Whether the server refused the user name or password (not: server down, wrong address)."""
    cause = exc.__cause__
    if getattr(cause, "sqlstate", None) in REFUSAL_STATES:
        return True
    text = f"{exc.details or ''} {cause or ''}".lower()
    return any(mark in text for mark in REFUSAL_MARKS)


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
        return sessions.server_url(self.host, self.port, self.database, self.user, password)

    def target(self) -> str:
        """The name of this database's kept password in the credential store."""
        return target_name(self.host, self.port, self.database, self.user)


class ServerConnectDialog(QDialog):
    """Asks for the server, its database, the user and the password; ``url`` once accepted."""

    def __init__(self, current: ServerSettings | None = None, parent: QWidget | None = None, *,
                 at_start: bool = False, store: Store | None = None, notice: str = "",
                 remember: bool | None = None) -> None:
        super().__init__(parent)
        self.store = store or system_store()
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
        filled = bool(current.host and current.database and current.user)
        self.kept = self.store.read(current.target()) if filled else None  # None: ask
        if self.kept:
            self.password.setText(self.kept)
        self.remember = QCheckBox(REMEMBER, self)
        self.remember.setEnabled(self.store.available)
        self.remember.setChecked(self.store.available and (bool(self.kept) if remember is None else remember))
        if not self.store.available:
            self.remember.setToolTip(NO_STORE)
        self.notes: list[str] = []  # what the credential store could not do, to tell the user
        self.enabled = QCheckBox("Mở cơ sở dữ liệu trên máy chủ này mỗi khi khởi động chương trình", self)
        self.enabled.setChecked(current.enabled or not at_start)
        self.error = QLabel(notice, self)
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Máy chủ:", self.host)
        form.addRow("Cổng:", self.port)
        form.addRow("Cơ sở dữ liệu:", self.database)
        form.addRow("Người dùng:", self.user)
        form.addRow("Mật khẩu:", self.password)
        form.addRow("", self.remember)
        help_label = QLabel(HELP + (HELP_STORE if self.store.available else HELP_NO_STORE), self)
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
        (self.password if filled else self.host).setFocus()

    def submit(self) -> None:
        host, database, user = self.host.text().strip(), self.database.text().strip(), self.user.text().strip()
        missing = [label for label, value in (("máy chủ", host), ("cơ sở dữ liệu", database),
                                               ("người dùng", user)) if not value]
        if missing:
            self.error.setText("Cần nhập " + ", ".join(missing) + ".")
            return
        chosen = ServerSettings(host=host, port=self.port.value(), database=database, user=user,
                                enabled=self.enabled.isChecked())
        try:
            url = chosen.url(self.password.text() or None)
        except UserError as exc:  # a host that is no name or address: said, nothing kept
            self.error.setText(exc.message)
            self.host.setFocus()
            return
        self.chosen, self.url = chosen, url
        self.chosen.save()
        if not self.remember.isChecked():  # unticked: a kept password is deleted now
            self._note(self.store.forget(self.chosen.target()))
        self.accept()

    def connected(self) -> None:
        """The server took this password: keep it when "Ghi nhớ" is ticked."""
        if self.chosen is not None and self.remember.isChecked() and self.password.text():
            self._note(self.store.remember(self.chosen.target(), self.chosen.user, self.password.text()))

    def refused(self, exc: UserError) -> bool:
        """The server did not connect; when it refused the kept password, forget it. True then."""
        if (self.chosen is not None and self.kept and self.password.text() == self.kept
                and password_refused(exc)):
            self._note(self.store.forget(self.chosen.target()))
            return True
        return False

    def _note(self, message: str | None) -> None:
        if message:
            self.notes.append(message)


def server_at_start(store: Store | None = None) -> str | None:
    """When the user chose a server (Tệp › Kết nối máy chủ…): its URL once the server took the
    password (the kept one without asking, else the one asked now); "" when the user closed the
    dialog; None to open the file on this PC."""
    store = store or system_store()
    settings = ServerSettings.load()
    if not settings.enabled:
        return None
    notice, remember = "", None
    kept = store.read(settings.target()) if settings.host and settings.database and settings.user else None
    if kept:
        try:
            url = settings.url(kept)  # (a host kept by an older version may be refused here)
            probe(url)
            return url
        except UserError as exc:
            if password_refused(exc):
                tell_notes(store.forget(settings.target()))
                notice, remember = REFUSED_KEPT, True
            else:
                notice = exc.message  # the server is down or away: the kept password stays
    while True:
        dialog = ServerConnectDialog(settings, at_start=True, store=store, notice=notice, remember=remember)
        if dialog.exec() != ServerConnectDialog.DialogCode.Accepted or dialog.chosen is None:
            tell_notes(*dialog.notes)
            return ""
        if not dialog.chosen.enabled or dialog.url is None:
            tell_notes(*dialog.notes)
            return None
        settings = dialog.chosen
        try:
            probe(dialog.url)
        except UserError as exc:
            notice = REFUSED_KEPT if dialog.refused(exc) else exc.message
            remember = dialog.remember.isChecked()
            tell_notes(*dialog.notes)
            continue
        dialog.connected()
        tell_notes(*dialog.notes)
        return dialog.url


ASK_PASSWORD = "Mật khẩu của người dùng “{user}” trên máy chủ {host}, cơ sở dữ liệu “{database}”:"
WRONG_PASSWORD = "Máy chủ không nhận mật khẩu này. Hãy nhập lại (hoặc bấm Hủy)."


def password_for(url: str, store: Store | None = None) -> str:
    """``--db postgresql://…`` given to the window: the URL to open. Its own password when it has
    one; else the one kept in the credential store for this database, or none, when the server
    takes it; else the password is asked (again after a refusal). "" when the user gave up.
    A server that is away or refuses for another reason: the URL as it was, for the opening to
    say why."""
    host, port, database, user, given = sessions.server_parts(url)
    if given is not None:
        return url
    store = store or system_store()
    target = target_name(host, port or DEFAULT_PORT, database, user)
    kept = store.read(target)
    first = sessions.server_url_with_password(url, kept) if kept else url
    try:
        probe(first)
        return first
    except UserError as exc:
        if not password_refused(exc):
            return first
        if kept:  # the server no longer takes it: forgotten, as at a start from the settings
            tell_notes(store.forget(target))
    prompt, note = ASK_PASSWORD.format(user=user, host=host, database=database), ""
    while True:
        password, ok = QInputDialog.getText(None, "Kết nối máy chủ", f"{note}\n\n{prompt}" if note else prompt,
                                            QLineEdit.EchoMode.Password)
        if not ok:
            return ""
        typed = sessions.server_url_with_password(url, password)
        try:
            probe(typed)
            return typed
        except UserError as exc:
            if not password_refused(exc):
                return typed
            note = WRONG_PASSWORD


PROBING = "Đang kết nối máy chủ cơ sở dữ liệu…"


def probe(url: str) -> int:
    """Try the server at start, before any window is open (nothing waits to be painted): its
    schema version (0: empty), or the UserError that says why not. From the open window the
    same is done on the executor (:func:`app.ui.file_actions.connect_server`)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return sessions.probe_server(url)
    finally:
        QApplication.restoreOverrideCursor()


def tell_notes(*notes: str | None) -> None:
    """What the credential store could not do (the connection works all the same)."""
    for note in filter(None, notes):
        error_box(None, "Ghi nhớ mật khẩu", note).exec()
