"""Kiểm tra giấy chứng nhận (Ctrl+K): typed code, pasted QR text and a scan, answered in words."""

from __future__ import annotations

import os
import subprocess

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from app.outputs.printouts import certificates_pdf
from app.services.certificates import cancel_certificate, issue_certificates
from app.services.verification import course_seals
from app.ui.dialogs.verify_certificate import VerifyCertificateDialog
from app.ui.main_window import MainWindow
from tests.unit.test_certificates import _class

pytestmark = pytest.mark.gui


@pytest.fixture
def seals(session):
    _class("NTVD-2026-01")
    issue_certificates("NTVD-2026-01")
    return course_seals("NTVD-2026-01")


def _ask(dialog: VerifyCertificateDialog, qtbot, text: str | None = None):
    task = dialog.check(text)
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=60_000):
        pass
    return dialog.results


def test_ctrl_k_opens_the_dialog_and_answers(session, seals, qtbot):
    window = MainWindow(session)
    qtbot.addWidget(window)
    assert window.verify_action.shortcut().toString() == "Ctrl+K"
    assert window.verify_action.text().replace("&", "") == "Kiểm tra giấy chứng nhận…"
    window.verify_action.trigger()
    dialog = window.findChild(VerifyCertificateDialog)
    assert dialog is not None and dialog.isVisible()

    number, seal = sorted(seals.items())[0]
    dialog.input_edit.setText(f"{number} {seal.check[:5].lower()} {seal.check[5:]}")
    results = _ask(dialog, qtbot)
    assert [r.verdict.value for r in results] == ["valid"]
    assert "GIẤY CHỨNG NHẬN THẬT, CÒN HIỆU LỰC" in dialog.title_label.text()
    assert "Lù Văn An" in dialog.result_label.text()
    if os.environ.get("BOIDUONG_SHOTS"):
        dialog.grab().save(os.path.join(os.environ["BOIDUONG_SHOTS"], "verify-valid.png"))

    forged = seal.text.replace("Lù Văn An", "Lù Văn Ân")
    results = _ask(dialog, qtbot, forged)
    assert results[0].verdict.value == "altered" and "Họ và tên khác sổ" in dialog.result_label.text()

    cancel_certificate(number, "In sai ngày sinh")
    results = _ask(dialog, qtbot, seal.text)
    assert results[0].verdict.value == "cancelled"
    assert "ĐÃ BỊ HỦY" in dialog.title_label.text() and "In sai ngày sinh" in dialog.result_label.text()
    if os.environ.get("BOIDUONG_SHOTS"):
        dialog.grab().save(os.path.join(os.environ["BOIDUONG_SHOTS"], "verify-cancelled.png"))


def test_a_scan_is_read_and_a_bad_file_is_a_message(session, seals, qtbot, tmp_path):
    dialog = VerifyCertificateDialog()
    qtbot.addWidget(dialog)
    pdf = tmp_path / "gcn.pdf"
    pdf.write_bytes(certificates_pdf("NTVD-2026-01"))
    subprocess.run(["pdftoppm", "-png", "-r", "200", "-f", "2", "-l", "2", "-singlefile", str(pdf),
                    str(tmp_path / "scan")], check=True)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "scan.png"))])  # dropped on the dialog from the file manager
    dialog.dropEvent(QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier))
    task = dialog.task
    assert task is not None and dialog.input_edit.text().endswith("scan.png")
    with qtbot.waitSignal(task.finished, timeout=60_000):
        pass
    assert [r.number for r in dialog.results] == [sorted(seals)[1]]  # page two: the second in name order
    assert "CÒN HIỆU LỰC" in dialog.title_label.text()

    broken = tmp_path / "hỏng.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    task = dialog.check_image(broken)
    with qtbot.waitSignal(task.finished, timeout=60_000):
        pass
    assert dialog.results == [] and "Không kiểm tra được" in dialog.title_label.text()
    assert "hỏng.jpg" in dialog.result_label.text()
    assert dialog.check("   ") is None and "Dán nội dung mã QR" in dialog.result_label.text()


def test_closing_the_dialog_while_it_checks_is_harmless(session, seals, qtbot):
    late = VerifyCertificateDialog()
    task = late.check(next(iter(seals.values())).text)
    late.close()
    late.deleteLater()  # gone before (or while) the answer comes back: no error reaches the user
    with qtbot.waitSignal(task.finished, timeout=60_000):
        pass
    assert task.error is None and task.value[0].verdict.value == "valid"
