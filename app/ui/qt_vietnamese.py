"""Vietnamese for the few texts Qt itself puts on screen (standard buttons, edit menus).

Qt ships no ``qtbase_vi.qm``; this small translator covers what the program shows, so a
message box says "Đóng" and "Xem chi tiết…", not "Close" and "Show Details...".
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

_BUTTONS = {
    "OK": "Đồng ý", "&OK": "Đồng ý", "Cancel": "Hủy", "&Cancel": "Hủy", "Close": "Đóng",
    "&Close": "Đóng", "Yes": "Có", "&Yes": "Có", "No": "Không", "&No": "Không",
    "Save": "Lưu", "&Save": "Lưu", "Open": "Mở", "&Open": "Mở", "Apply": "Áp dụng",
    "Discard": "Bỏ qua", "Help": "Trợ giúp", "Retry": "Thử lại", "Abort": "Hủy bỏ",
    "Ignore": "Bỏ qua", "Yes to &All": "Có với tất cả", "N&o to All": "Không với tất cả",
    "Reset": "Đặt lại", "Restore Defaults": "Khôi phục mặc định",
}
_EDITING = {
    "&Undo": "&Hoàn tác", "&Redo": "&Làm lại", "Cu&t": "C&ắt", "&Copy": "&Sao chép",
    "&Paste": "&Dán", "Delete": "Xóa", "Select All": "Chọn tất cả",
    "Copy &Link Location": "Sao chép địa chỉ liên kết",
}
_MESSAGE_BOX = {
    "Show Details...": "Xem chi tiết…", "Hide Details...": "Ẩn chi tiết",
    "About Qt": "Giới thiệu Qt",
}

TEXTS: dict[str, dict[str, str]] = {
    "QPlatformTheme": _BUTTONS,
    "QDialogButtonBox": _BUTTONS,
    "QMessageBox": {**_BUTTONS, **_MESSAGE_BOX},
    "QLineEdit": _EDITING,
    "QWidgetTextControl": _EDITING,
    "QAbstractSpinBox": {"&Step up": "Tăng", "Step &down": "Giảm", **_EDITING},
    "QProgressDialog": _BUTTONS,
}


class VietnameseQtTranslator(QTranslator):
    """Answers Qt's own strings from :data:`TEXTS`; anything else stays as Qt wrote it."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        return TEXTS.get(context, {}).get(source)

    def isEmpty(self) -> bool:
        return False


_installed: VietnameseQtTranslator | None = None


def install() -> VietnameseQtTranslator:
    """Install the translator once for the running application."""
    global _installed
    if _installed is None:
        _installed = VietnameseQtTranslator()
        QCoreApplication.installTranslator(_installed)
    return _installed
