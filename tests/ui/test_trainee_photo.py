"""The photo on the trainee's record: a file dropped on the dialog or an image pasted goes on the
record (off the GUI thread); a bad file says why and stores nothing; Xóa ảnh takes it off."""

from __future__ import annotations

import io

from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication

from app.services import photos
from app.services.trainees import TraineeInput, add_trainee
from app.store.models import AuditEntry, TraineePhoto
from app.ui.dialogs.trainee_detail import TraineeDetailDialog
from tests.photo_helpers import noisy_jpeg, truncated_jpeg


def _dialog(qtbot) -> TraineeDetailDialog:
    trainee = add_trainee(TraineeInput("Thào A Sử", "12/04/1985", "Nam", unit="UBND xã Sán Chải"), confirmed=True)
    dialog = TraineeDetailDialog(trainee.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _drop(dialog: TraineeDetailDialog, mime: QMimeData) -> None:
    """A drag entering the dialog (accepted), then the drop (handed to the dialog's handler: offscreen
    Qt delivers no drop without a real drag under way)."""
    enter = QDragEnterEvent(dialog.rect().center(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(dialog, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(dialog.rect().center()), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    dialog.dropEvent(drop)
    assert drop.isAccepted()


def _file_mime(path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    return mime


def test_a_dropped_file_becomes_the_photo_and_xoa_anh_removes_it(session, qtbot, tmp_path):
    dialog = _dialog(qtbot)
    panel = dialog.photo
    assert not panel.has_photo() and "Chưa có ảnh" in panel.picture.text()
    assert not panel.remove_button.isEnabled()
    path = tmp_path / "ảnh thẻ.jpg"
    path.write_bytes(noisy_jpeg(1200, 1600))
    with qtbot.waitSignal(panel.stored, timeout=10_000):
        _drop(dialog, _file_mime(path))
    stored = photos.photo_of(dialog.trainee_id)
    assert stored is not None and len(stored) <= 100 * 1024
    assert panel.has_photo() and panel.remove_button.isEnabled() and panel.message.isHidden()
    dialog.grab().save(str(tmp_path / "record-with-photo.png"))

    with qtbot.waitSignal(panel.stored, timeout=5_000):
        qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert photos.photo_of(dialog.trainee_id) is None
    assert not panel.has_photo() and not panel.remove_button.isEnabled()
    assert [e.action for e in AuditEntry.select().order_by(AuditEntry.id)] == ["photo", "photo-remove"]


def test_a_pasted_image_becomes_the_photo(session, qtbot):
    dialog = _dialog(qtbot)
    image = QImage(600, 800, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkGreen)
    QGuiApplication.clipboard().setImage(image)
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    dialog.view.setFocus()
    with qtbot.waitSignal(dialog.photo.stored, timeout=10_000):
        qtbot.keyClick(dialog.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    stored = Image.open(io.BytesIO(photos.photo_of(dialog.trainee_id)))
    assert stored.size == (354, 472)
    r, g, b = stored.convert("RGB").getpixel((100, 100))
    assert g > 100 and r < 40 and b < 40


def test_a_clipboard_without_an_image_says_so(session, qtbot):
    dialog = _dialog(qtbot)
    QGuiApplication.clipboard().setText("Thào A Sử")
    assert dialog.photo.paste() is None
    assert "Bộ nhớ tạm không có ảnh" in dialog.photo.message.text() and dialog.photo.message.isVisible()
    assert TraineePhoto.select().count() == 0


def test_a_bad_file_says_why_and_stores_nothing(session, qtbot, tmp_path):
    dialog = _dialog(qtbot)
    path = tmp_path / "hong.jpg"
    path.write_bytes(truncated_jpeg())
    _drop(dialog, _file_mime(path))
    task = dialog.photo.task
    assert task is not None
    if not task.done:
        with qtbot.waitSignal(task.finished, timeout=10_000):
            pass
    assert "không trọn vẹn" in dialog.photo.message.text() and dialog.photo.message.isVisible()
    assert TraineePhoto.select().count() == 0 and not dialog.photo.has_photo()
    assert all(button.isEnabled() for button in dialog.photo.buttons[:2])


def test_a_drag_of_text_is_not_accepted(session, qtbot):
    dialog = _dialog(qtbot)
    mime = QMimeData()
    mime.setText("không phải ảnh")
    event = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(dialog, event)
    assert not event.isAccepted()


def test_the_settings_dialog_ticks_photos_on_the_class_list(session, qtbot, tmp_path):
    from PySide6.QtWidgets import QDialog

    from app.domain.institution import Institution
    from app.services import settings
    from app.ui.dialogs.institution import InstitutionDialog

    settings.save_institution(Institution(name="Trung tâm Chính trị huyện Si Ma Cai"))
    dialog = InstitutionDialog(settings.get_institution())
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.photos_check.isChecked()
    dialog.photos_check.setChecked(True)
    dialog.grab().save(str(tmp_path / "settings.png"))
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert settings.get_institution().class_list_photos is True
    again = InstitutionDialog(settings.get_institution())
    qtbot.addWidget(again)
    assert again.photos_check.isChecked()
