"""Message boxes in Vietnamese for expected problems (a :class:`UserError`)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.errors import UserError


def error_box(parent: QWidget | None, title: str, text: str, *, informative: str = "",
              details: str | None = None,
              icon: QMessageBox.Icon = QMessageBox.Icon.Warning) -> QMessageBox:
    """A message box, built but not shown (the caller chooses ``exec()`` or ``open()``)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.button(QMessageBox.StandardButton.Ok).setText("Đóng")
    if informative:
        box.setInformativeText(informative)
    if details:
        box.setDetailedText(details)
    return box


def show_user_error(parent: QWidget | None, exc: UserError,
                    title: str = "Không thực hiện được") -> None:
    """Tell the user what went wrong (blocking: the caller waits for the answer)."""
    error_box(parent, title, exc.message, details=exc.details).exec()


def ask(parent: QWidget | None, title: str, text: str, *, informative: str = "",
        yes: str = "Đồng ý", no: str = "Hủy") -> bool:
    """A yes/no question with Vietnamese buttons; True when the user agrees."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton,
                      parent)
    if informative:
        box.setInformativeText(informative)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button
