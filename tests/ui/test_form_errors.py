"""One error placement in forms: what the service refuses is said under the box it names, the focus
goes to that box, and editing it takes the message away. Sign-in and the blank calibration."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from app.outputs.printouts import certificate_positions
from app.services import auth
from app.store import db
from app.ui.dialogs.calibration import CalibrationDialog
from app.ui.dialogs.sign_in import SignInDialog

SHOTS = os.environ.get("BOIDUONG_SCREENSHOTS")  # a folder: the tests save what they show there


def _shot(widget, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))



def _shown(qtbot, dialog):
    """The dialog on screen and active, as the user meets it."""
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    return dialog

@pytest.fixture
def sign_in(session, qtbot):
    auth.enable("quantri", "mat-khau-1")
    auth.sign_out()
    return _shown(qtbot, SignInDialog())


def _ok(dialog, qtbot) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_sign_in_says_an_empty_name_under_the_name(sign_in, qtbot):
    sign_in.password.setText("mat-khau-1")
    _ok(sign_in, qtbot)
    assert sign_in.isVisible() and sign_in.errors.visible() == {"username": "Hãy nhập tên đăng nhập."}
    assert sign_in.focusWidget() is sign_in.username
    assert sign_in.password.text() == "mat-khau-1"  # only a wrong pair clears the password
    # The message sits under its box.
    label = sign_in.errors.labels["username"]
    assert label.mapTo(sign_in, label.rect().topLeft()).y() > sign_in.username.mapTo(sign_in, sign_in.username.rect(
        ).bottomLeft()).y()
    _shot(sign_in, "sign_in_empty_name")
    qtbot.keyClicks(sign_in.username, "q")  # editing the box takes the message away
    assert sign_in.errors.visible() == {}
    assert auth.current_user() is None


def test_sign_in_a_wrong_pair_under_the_password_then_the_right_one(sign_in, qtbot):
    sign_in.username.setText("quantri")
    sign_in.password.setText("sai-mat-khau")
    _ok(sign_in, qtbot)
    assert sign_in.errors.visible() == {"password": "Sai tên đăng nhập hoặc mật khẩu."}
    assert sign_in.password.text() == "" and sign_in.focusWidget() is sign_in.password
    assert auth.current_user() is None and sign_in.result() != QDialog.DialogCode.Accepted
    _shot(sign_in, "sign_in_wrong_pair")
    qtbot.keyClicks(sign_in.password, "mat-khau-1")
    assert sign_in.errors.visible() == {}
    _ok(sign_in, qtbot)
    assert sign_in.result() == QDialog.DialogCode.Accepted and auth.current_user().username == "quantri"


@pytest.fixture
def calibration(session, qtbot):
    return _shown(qtbot, CalibrationDialog())


@pytest.mark.parametrize(("key", "column", "typed", "message"), [
    ("birth", 2, "215", "Ngày sinh: vị trí dọc 215 mm nằm ngoài trang (4–210 mm)."),
    ("unit", 1, "12a", "Đơn vị: vị trí ngang \"12a\" không phải là số."),
    ("serial", 3, "7", "Số: cỡ chữ 7 pt ngoài khoảng 8–30 pt."),
    ("seal", 3, "12", "Mã QR (cỡ = cạnh, mm): cạnh mã QR 12 mm quá nhỏ để quét (ít nhất 18 mm)."),
])
def test_calibration_says_a_wrong_value_under_its_row_with_the_focus_in_its_box(calibration, qtbot, key, column,
                                                                                  typed, message):
    before, revision = certificate_positions(), db.get_revision()
    calibration.set_value(key, column, typed)
    calibration.save()
    assert calibration.isVisible() and calibration.errors.visible() == {key: message}
    assert calibration.focusWidget() is calibration.edit(key, column)
    assert certificate_positions() == before and db.get_revision() == revision  # nothing written
    label = calibration.errors.labels[key]
    box = calibration.edit(key, column)
    assert label.mapTo(calibration, label.rect().topLeft()).y() >= box.mapTo(calibration, box.rect().bottomLeft()).y()
    if key == "unit":
        _shot(calibration, "calibration_not_a_number")
    assert calibration.preview_test_page() is None  # no test page either
    assert calibration.errors.visible() == {key: message}


def test_calibration_the_first_wrong_field_gets_the_focus_and_editing_clears_it(calibration, qtbot):
    calibration.set_value("full_name", 1, "310")
    calibration.set_value("number", 2, "500")
    calibration.save()
    assert calibration.errors.visible() == {"full_name": "Họ và tên: vị trí ngang 310 mm nằm ngoài trang (0–297 mm)."}
    assert calibration.focusWidget() is calibration.edit("full_name", 1)
    box = calibration.edit("full_name", 1)
    box.selectAll()
    qtbot.keyClicks(box, "95,5")
    assert calibration.errors.visible() == {}
    calibration.save()  # then the next wrong one
    assert calibration.errors.visible() == {"number": "Số vào sổ: vị trí dọc 500 mm nằm ngoài trang (3–210 mm)."}
    assert calibration.focusWidget() is calibration.edit("number", 2)
    calibration.set_value("number", 2, "183")
    calibration.save()
    assert calibration.result() == QDialog.DialogCode.Accepted
    assert {f.key: f.as_tuple() for f in certificate_positions()}["full_name"] == (95.5, 88.0, 16.0)


def test_calibration_defaults_clear_a_message(calibration):
    calibration.set_value("venue", 1, "-4")
    calibration.save()
    assert "venue" in calibration.errors.visible()
    calibration.defaults_button.click()
    assert calibration.errors.visible() == {} and calibration.values()["venue"] == ("120", "138", "14")
