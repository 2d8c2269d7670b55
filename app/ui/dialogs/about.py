"""Trợ giúp › Giới thiệu: the version, where the data and the backups are, how big they are;
and Trợ giúp › Tạo lối tắt trên màn hình."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.domain.errors import os_error_text
from app.domain.formatting import format_decimal, format_int
from app.paths import user_data_dir
from app.services.backup import backup_folder, list_backups
from app.ui import desktop_shortcut

APP_TITLE = "Quản lý bồi dưỡng chính trị"


def size_text(size: int) -> str:
    """A file size the Vietnamese way: 812 KB, 12,4 MB, 1,2 GB."""
    if size < 1024 * 1024:
        return f"{format_int(max(1, round(size / 1024)) if size else 0)} KB"
    if size < 1024 ** 3:
        return f"{format_decimal(size / 1024 ** 2, 1)} MB"
    return f"{format_decimal(size / 1024 ** 3, 1)} GB"


def database_size(db_path: Path) -> int:
    """The database file and its write-ahead log (what a copy of the data weighs)."""
    total = 0
    for path in (db_path, db_path.with_name(db_path.name + "-wal")):
        try:
            total += path.stat().st_size
        except OSError:
            continue
    return total


class AboutDialog(QDialog):
    """``db_path`` the database file; on a PostgreSQL server ``server`` names it (its URL without
    the password): the data then lives on the server, and this PC keeps only its settings and logs."""

    def __init__(self, db_path: Path, parent: QWidget | None = None, *, server: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("Giới thiệu")
        self.db_path = Path(db_path)
        if server is None:
            self.data_dir = self.db_path.parent
            self.backup_dir: Path | None = backup_folder(self.db_path)
            backups = list_backups(self.db_path)
            backup_bytes = sum(database_size(b.path) for b in backups)
            rows: tuple[tuple[str, str, str], ...] = (
                ("database", "Tệp dữ liệu:", str(self.db_path)),
                ("data_dir", "Thư mục dữ liệu:", str(self.data_dir)),
                ("backup_dir", "Thư mục sao lưu:", str(self.backup_dir)),
                ("size", "Dung lượng dữ liệu:", size_text(database_size(self.db_path))),
                ("backups", "Bản sao lưu tự động:",
                 f"{format_int(len(backups))} bản, {size_text(backup_bytes)}" if backups else "chưa có"),
            )
        else:
            self.data_dir = user_data_dir()  # this PC's settings and crash logs
            self.backup_dir = None
            rows = (
                ("database", "Máy chủ PostgreSQL:", server),
                ("data_dir", "Thư mục dữ liệu:", str(self.data_dir)),
                ("backups", "Sao lưu:", "trên máy chủ, theo lịch của máy chủ (pg_dump)"),
            )

        title = QLabel(f"<b>{APP_TITLE}</b><br>Phiên bản {__version__}", self)
        title.setTextFormat(Qt.TextFormat.RichText)
        form = QFormLayout()
        self.fields: dict[str, QLabel] = {}
        for key, label, value in (("version", "Phiên bản:", __version__), *rows):
            field = QLabel(value, self)
            field.setObjectName(f"about_{key}")
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            field.setWordWrap(True)
            form.addRow(label, field)
            self.fields[key] = field

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.open_data_button = QPushButton("Mở thư mục dữ liệu", self)
        self.open_backups_button = QPushButton("Mở thư mục sao lưu", self)
        buttons.addButton(self.open_data_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.open_backups_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_data_button.clicked.connect(lambda: open_folder(self.data_dir))
        if self.backup_dir is None:
            self.open_backups_button.hide()
        else:
            backup_dir = self.backup_dir
            self.open_backups_button.clicked.connect(lambda: open_folder(backup_dir))
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)


def open_folder(folder: Path) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def make_desktop_shortcut(parent: QWidget | None = None, *, desktop: Path | None = None) -> Path | None:
    """Trợ giúp › Tạo lối tắt trên màn hình: make it and say where, or say why not."""
    try:
        made = desktop_shortcut.create_shortcut(desktop)
    except OSError as exc:
        _shortcut_result(parent, QMessageBox.Icon.Warning,
                         f"Không tạo được lối tắt trên màn hình: {os_error_text(exc)}.")
        return None
    _shortcut_result(parent, QMessageBox.Icon.Information, f"Đã tạo lối tắt “{made.stem}” trên màn hình:\n{made}")
    return made


def _shortcut_result(parent: QWidget | None, icon: QMessageBox.Icon, text: str) -> None:
    box = QMessageBox(icon, "Tạo lối tắt", text, QMessageBox.StandardButton.Close, parent)
    box.setObjectName("shortcutResult")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
