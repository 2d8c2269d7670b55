"""Cài đặt › Nơi nhận báo cáo: the "Nơi nhận:" lines printed under every report, one a line."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from app.domain.errors import UserError, ValidationError
from app.services import settings
from app.ui.dialogs.common import FieldErrors
from app.ui.events import perform

HELP = ("Mỗi dòng một nơi nhận, in dưới \u201cNơi nhận:\u201d của mọi báo cáo (dấu \u201c-\u201d đầu dòng "
        "được thêm khi in). Để trống: chỉ in \u201cNơi nhận:\u201d, ghi tay sau.")


class ReportRecipientsDialog(QDialog):
    """Edits the recipients kept in the settings; saves through ``settings.save_report_recipients`` only."""

    def __init__(self, recipients: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Nơi nhận báo cáo")
        self.setMinimumSize(520, 320)
        self.saved: tuple[str, ...] | None = None
        self.field_errors = FieldErrors(self)
        help_label = QLabel(HELP, self)
        help_label.setWordWrap(True)
        self.edit = QPlainTextEdit("\n".join(recipients), self)
        self.edit.setTabChangesFocus(True)  # Tab goes on to Lưu, as in every form; a line is ended by Enter
        self.edit.setPlaceholderText("Ví dụ:\nBan Tuyên giáo Huyện ủy (để báo cáo);\nLưu: VT.")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Close, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Lưu")
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(help_label)
        layout.addWidget(self.field_errors.wrap("recipients", self.edit), 1)
        layout.addWidget(self.field_errors.general)
        layout.addWidget(self.buttons)

    def lines(self) -> list[str]:
        return self.edit.toPlainText().splitlines()

    def save(self) -> None:
        """Save through the service; on a rule broken, say so under the text box and stay open."""
        self.field_errors.clear()
        try:
            self.saved = perform(settings.save_report_recipients, self.lines())
        except ValidationError as exc:
            self.field_errors.show(exc.message, exc.field)
            return
        except UserError as exc:
            self.field_errors.show(exc.message)
            return
        self.accept()
