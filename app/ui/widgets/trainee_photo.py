"""The 3×4 photo on a trainee's record: shown, replaced by a file dropped or chosen or an image
pasted (Ctrl+V), removed. Decoding a camera photo takes a moment, so the service runs on the
window's executor; what it changed is announced when it is done."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, Qt, Signal
from PySide6.QtGui import QGuiApplication, QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.changes import changes_of
from app.domain.errors import UserError
from app.services import photos
from app.ui import events, file_dialogs
from app.ui.dialogs.common import error_label
from app.ui.executor import Task, executor

SHOWN = (132, 176)  # pixels on screen, 3:4
EMPTY_TEXT = "Chưa có ảnh\n\nKéo thả ảnh\nvào đây hoặc\ndán (Ctrl+V)"
FILE_FILTER = "Ảnh (*.jpg *.jpeg *.png *.bmp *.gif *.tif *.tiff *.webp);;Mọi tệp (*)"


def image_from_mime(mime: QMimeData | None) -> bytes | Path | None:
    """What a drop or the clipboard offers as a photo: a local file's path, else an image as PNG bytes."""
    if mime is None:
        return None
    for url in mime.urls() if mime.hasUrls() else []:
        if url.isLocalFile():
            return Path(url.toLocalFile())
    if mime.hasImage():
        image = mime.imageData()
        if isinstance(image, QPixmap):
            image = image.toImage()
        if isinstance(image, QImage) and not image.isNull():
            data = QByteArray()
            buffer = QBuffer(data)
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; PySide takes str only
            buffer.close()
            return bytes(data.data())
    return None


def offers_image(mime: QMimeData | None) -> bool:
    """Whether a drag carries a local file or an image (cheap: nothing is converted)."""
    if mime is None:
        return False
    return mime.hasImage() or (mime.hasUrls() and any(url.isLocalFile() for url in mime.urls()))


class TraineePhotoPanel(QWidget):
    """The photo and its buttons; :meth:`take` stores what was dropped or pasted."""

    stored = Signal()  # a photo was put on the record or taken off (after the announcement)

    def __init__(self, trainee_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.trainee_id = trainee_id
        self.task: Task | None = None
        self.picture = QLabel(self)
        self.picture.setFixedSize(*SHOWN)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setWordWrap(True)
        self.picture.setStyleSheet("QLabel { border: 1px dashed #999; color: #666; background: #fafafa; }")
        self.choose_button = QPushButton("Chọn ảnh…", self)
        self.paste_button = QPushButton("Dán ảnh", self)
        self.remove_button = QPushButton("Xóa ảnh", self)
        self.choose_button.setToolTip("Chọn tệp ảnh 3×4 (hoặc kéo thả tệp ảnh vào cửa sổ này)")
        self.paste_button.setToolTip("Dán ảnh đã sao chép (Ctrl+V)")
        self.remove_button.setToolTip("Gỡ ảnh khỏi hồ sơ")
        self.choose_button.clicked.connect(self.choose)
        self.paste_button.clicked.connect(self.paste)
        self.remove_button.clicked.connect(self.remove)
        self.message = error_label(self)
        self.message.setWordWrap(True)
        self.message.setMaximumWidth(SHOWN[0] + 90)
        buttons = QVBoxLayout()
        for button in (self.choose_button, self.paste_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.picture)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.refresh()

    @property
    def buttons(self) -> list[QPushButton]:
        return [self.choose_button, self.paste_button, self.remove_button]

    def refresh(self) -> None:
        jpeg = photos.photo_of(self.trainee_id)
        pixmap = QPixmap()
        if jpeg and pixmap.loadFromData(jpeg, "JPEG"):
            self.picture.setPixmap(pixmap.scaled(*SHOWN, Qt.AspectRatioMode.KeepAspectRatio,
                                                 Qt.TransformationMode.SmoothTransformation))
            self.picture.setToolTip("Ảnh 3×4 trong hồ sơ (in trên giấy chứng nhận)")
        else:
            self.picture.clear()
            self.picture.setText(EMPTY_TEXT)
            self.picture.setToolTip("")
        self.remove_button.setEnabled(bool(jpeg) and (self.task is None or self.task.done))

    def has_photo(self) -> bool:
        return self.picture.pixmap() is not None and not self.picture.pixmap().isNull()

    def say(self, text: str) -> None:
        """A message under the photo (why a file was refused); empty hides it."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- putting a photo on the record ------------------------------------------------------

    def choose(self) -> None:
        path = file_dialogs.open_file_name(self, "Chọn ảnh 3×4 của học viên", FILE_FILTER)  # the last folder used
        if path is not None:
            self.take(path)

    def paste(self) -> Task | None:
        found = image_from_mime(QGuiApplication.clipboard().mimeData())
        if found is None:
            self.say("Bộ nhớ tạm không có ảnh: hãy sao chép một ảnh hoặc một tệp ảnh trước.")
            return None
        return self.take(found)

    def take(self, image: bytes | Path) -> Task:
        """Store ``image`` (a file's path or an image's bytes) as the photo, off the GUI thread."""
        self.say("")
        self.task = executor().submit(photos.set_photo, self.trainee_id, image, label="Đang xử lý ảnh…",
                                      parent=self, guard=self.buttons, on_success=self._set_done,
                                      on_failure=self._failed)
        return self.task

    def remove(self) -> None:
        self.say("")
        try:
            events.perform(photos.remove_photo, self.trainee_id)
        except UserError as exc:
            self.say(exc.message)
            return
        self.refresh()
        self.stored.emit()

    def _set_done(self, size: int) -> None:
        events.announce(changes_of(photos.set_photo, size))
        self.refresh()
        self.stored.emit()

    def _failed(self, exc: UserError) -> None:
        self.say(exc.message)
        self.refresh()
