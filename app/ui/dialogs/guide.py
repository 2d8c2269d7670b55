"""Trợ giúp: the user guide shipped with the program (HTML, read offline in the window) and the
roster template "Mẫu danh sách học viên.xlsx" saved where the clerk chooses."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from app.domain.errors import UserError, os_error_text
from app.exchange.roster_template import TEMPLATE_NAME, write_roster_template
from app.paths import resources_dir
from app.ui import file_dialogs
from app.ui.dialogs.common import show_error, show_info
from app.ui.shortcuts import show_key
from app.ui.widgets.fit import fit_to_screen

GUIDE_NAME = "huong-dan-su-dung.html"


def guide_file() -> Path:
    return resources_dir() / "guide" / GUIDE_NAME


class GuideDialog(QDialog):
    """The guide in a text browser (no network, no browser needed); links inside it move within
    the guide, and "Mở bằng trình duyệt" hands the same file to the system's browser."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Hướng dẫn sử dụng")
        fit_to_screen(self, 900, 720)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(True)
        self.browser.setSource(QUrl.fromLocalFile(str(guide_file())))
        self.browser_button = QPushButton("Mở bằng trình duyệt", self)
        self.browser_button.setToolTip("Mở hướng dẫn trong trình duyệt web của máy (không cần mạng)")
        self.browser_button.clicked.connect(self.open_in_browser)
        self.back_button = QPushButton("Quay lại", self)
        show_key(self.back_button, "Alt+Left", "Về chỗ vừa đọc")
        self.back_button.setShortcut(QKeySequence("Alt+Left"))
        self.back_button.clicked.connect(self.browser.backward)
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        self.back_button.setEnabled(False)
        close_button = QPushButton("Đóng", self)
        close_button.setToolTip("Đóng hướng dẫn (Esc)")
        close_button.clicked.connect(self.close)
        bar = QHBoxLayout()
        bar.addWidget(self.back_button)
        bar.addStretch(1)
        bar.addWidget(self.browser_button)
        bar.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addLayout(bar)
        self.browser.setFocus()

    def open_in_browser(self) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(guide_file())))


_guide: GuideDialog | None = None


def open_guide(parent: QWidget | None = None) -> GuideDialog:
    """Show the guide (one window; opening it again brings it forward)."""
    global _guide
    if _guide is None:
        _guide = GuideDialog(parent)
        _guide.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        _guide.destroyed.connect(_forget_guide)
    _guide.show()
    _guide.raise_()
    _guide.activateWindow()
    return _guide


def _forget_guide(*_args: object) -> None:
    global _guide
    _guide = None


def choose_template_path(parent: QWidget | None) -> Path | None:
    """Ask where to save the template (tests replace this function)."""
    return file_dialogs.save_file_name(parent, "Lưu mẫu danh sách học viên", TEMPLATE_NAME, "Tệp Excel (*.xlsx)")


def save_roster_template(parent: QWidget | None = None, path: Path | None = None) -> Path | None:
    """Write "Mẫu danh sách học viên.xlsx" (the roster the importer reads perfectly) where the user
    chooses, and say where; None when the user cancelled or the file could not be written."""
    path = path or choose_template_path(parent)
    if path is None:
        return None
    if path.suffix.lower() != ".xlsx" and not path.is_dir():
        path = path.with_name(path.name + ".xlsx")
    try:
        written = write_roster_template(path)
    except OSError as exc:
        show_error(parent, UserError(f"Không lưu được mẫu danh sách vào {path}: {os_error_text(exc)}."),
                   "Không lưu được")
        return None
    file_dialogs.remember(written)
    show_info(parent, "Đã lưu mẫu danh sách",
              f"Đã lưu mẫu danh sách học viên:\n{written}\n\nGửi tệp này cho các xã, cơ quan điền danh sách; "
              "khi nhận lại, mở lớp và chọn \u201cNhập danh sách…\u201d.")
    return written
