"""Certificates, blank feedback forms and the class list with photos in the class's *In* tab: the
progress dialog says "đã in X/Y trang" from the first page; Hủy stops the drawing at the next page,
opens no preview and writes nothing (printing is recorded only once a preview was really printed)."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from app.services import blank_stock, photos
from app.services.certificates import issue_certificates
from app.services.settings import get_institution, save_institution
from app.store.models import AuditEntry, Certificate, Trainee
from app.ui.course_detail import printouts as printouts_module
from app.ui.widgets.pdf_preview import PdfPreviewDialog
from tests.photo_helpers import small_png
from tests.ui.test_pdf_preview import FakePrintDialog
from tests.ui.test_printouts_tab import WAIT_MS, _open
from tests.unit.test_certificates import AFTER, _class

pytestmark = pytest.mark.gui

TRAINEES = 33
# What each printout draws for 33 trainees: a certificate a page, two forms a page, 4 pages of the
# list with photos; the function the tab calls on the worker; the dialog's words.
KINDS = {
    "certificates": (TRAINEES, "certificates_pdf", "Đang tạo giấy chứng nhận", "giấy chứng nhận"),
    "certificates on blanks": (TRAINEES, "certificates_pdf", "Đang tạo giấy chứng nhận", "giấy chứng nhận"),
    "feedback-forms": (17, "class_pdf", "Đang tạo phiếu phản hồi trống", "phiếu phản hồi trống"),
    "class-list": (4, "class_pdf", "Đang tạo danh sách học viên", "danh sách học viên"),
}


@pytest.fixture
def tab(session, qtbot):
    course = _class(names=tuple(f"Giàng Seo Chớ {i:02d}" for i in range(TRAINEES)), scores=(8.0,) * TRAINEES,
                    absences=(0,) * TRAINEES)
    issue_certificates(course.code, today=AFTER)
    jpeg = small_png()
    for trainee in Trainee.select():
        photos.set_photo(trainee.id, jpeg)
    save_institution(replace(get_institution(), name="Trung tâm Chính trị huyện Si Ma Cai", class_list_photos=True))
    blank_stock.record_movement("received", 100)
    return _open(course.id, qtbot)


def _start(tab, kind: str):
    if kind.startswith("certificates"):
        tab.preprinted_check.setChecked(kind == "certificates on blanks")
        return tab.preview_certificates()
    return tab.open_document(kind)


def _written() -> tuple[int, int, int]:
    """What a print writes: audit entries, blanks on hand, certificates' print counts."""
    return (AuditEntry.select().count(), blank_stock.balance(),
            sum(c.print_count for c in Certificate.select()))


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_page_is_told_of_the_total_from_the_first(tab, qtbot, kind):
    pages, *_ = KINDS[kind]
    task = _start(tab, kind)
    told: list[tuple[int, int]] = []
    task.advanced.connect(lambda done, total: told.append((done, total)))
    with qtbot.waitSignal(tab.preview_opened, timeout=WAIT_MS) as opened:
        pass
    preview = opened.args[0]
    qtbot.waitUntil(lambda: preview.page_count() > 0)
    assert preview.page_count() == pages
    assert told == [(page, pages) for page in range(1, pages + 1)]
    preview.close()


@pytest.mark.parametrize("kind", list(KINDS))
def test_hu_at_page_two_stops_the_drawing_opens_nothing_and_writes_nothing(tab, qtbot, monkeypatch, kind):
    pages, function, doing, what = KINDS[kind]
    real, reached, go, told = getattr(printouts_module, function), threading.Event(), threading.Event(), []

    def held_at_page_two(*args, progress, cancelled, **kwargs):
        def counted(done, total):
            told.append((done, total))
            progress(done, total)
            if done == 2:
                reached.set()
                go.wait(WAIT_MS / 1000)
        return real(*args, progress=counted, cancelled=cancelled, **kwargs)

    monkeypatch.setattr(printouts_module, function, held_at_page_two)
    before = _written()
    task = _start(tab, kind)
    with qtbot.waitSignal(task.dialog_shown, timeout=WAIT_MS):
        pass
    if not task.dialog.labelText().endswith("trang…"):  # shown before page 2 was told
        with qtbot.waitSignal(task.advanced, timeout=WAIT_MS, check_params_cb=lambda done, total: done == 2):
            pass
    assert reached.is_set()
    assert task.dialog.labelText() == f"{doing}: đã in 2/{pages} trang…"
    assert (task.dialog.value(), task.dialog.maximum()) == (2, pages)
    cancel = next(b for b in task.dialog.findChildren(QPushButton) if b.text() == "Hủy")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert task.dialog.labelText() == "Đang dừng…"
    go.set()
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
        pass
    assert task.was_cancelled
    assert told == [(1, pages), (2, pages)]  # nothing drawn after Hủy
    assert tab.test_window.findChildren(PdfPreviewDialog) == []
    assert tab.message_label.text() == f"Đã dừng, chưa tạo {what}."
    assert _written() == before


def test_printing_on_blanks_is_recorded_once_the_whole_preview_was_printed(tab, qtbot, monkeypatch, tmp_path):
    """Made and shown, nothing is written yet; printed, the blanks leave the stock and the print
    is in the log, in one go."""
    audit, on_hand, printed = _written()
    task = _start(tab, "certificates on blanks")
    with qtbot.waitSignal(tab.preview_opened, timeout=WAIT_MS) as opened:
        pass
    preview = opened.args[0]
    qtbot.waitUntil(lambda: preview.page_count() == TRAINEES)
    assert task.done and _written() == (audit, on_hand, printed)
    monkeypatch.setattr(preview, "make_print_dialog", lambda printer: FakePrintDialog(printer, tmp_path / "p.pdf"))
    assert preview.print_document() == TRAINEES
    assert _written() == (audit + 1, on_hand - TRAINEES, printed + TRAINEES)
    preview.close()
