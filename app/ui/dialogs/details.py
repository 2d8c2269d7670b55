"""A read-only summary of one row (until the record screens arrive with the editing issues)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def show_details(parent: QWidget, title: str, lines: list[str]) -> QMessageBox:
    """Open a non-blocking summary box and return it."""
    box = QMessageBox(QMessageBox.Icon.Information, title, "\n".join(lines),
                      QMessageBox.StandardButton.Close, parent)
    box.setObjectName("detailBox")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
