"""The class's *In* tab: the officer previews, prints and saves every document of the class, and
issues, prints, cancels and reissues its certificates; the blanks are calibrated from here."""

from __future__ import annotations

import datetime as dt
import io
import threading
import unicodedata
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.units import mm

from app.domain.dates import format_date
from app.domain.institution import Institution
from app.outputs.printouts import CLASS_DOCUMENTS, certificate_positions, class_pdf
from app.services import settings
from app.services.certificate_settings import get_paper
from app.services.certificates import issue_certificates
from app.store import db
from app.store.models import Certificate, Enrollment, Instructor, Lesson, Trainee, person_keys
from app.ui.course_detail import CourseDetailWindow
from app.ui.course_detail.printouts import PrintoutsTab
from app.ui.dialogs.calibration import CalibrationDialog
from app.ui.dialogs.certificate_actions import ReasonDialog
from app.ui.widgets.pdf_preview import PdfPreviewDialog
from tests.pdf_helpers import pages_text
from tests.ui.test_pdf_preview import FakePrintDialog
from tests.unit.test_certificate_settings import text_positions
from tests.unit.test_certificates import _class

pytestmark = pytest.mark.gui

NAMES = ("Thào A Sử", "Lù Văn An", "Giàng Thị Mỷ")
TITLES = ["Danh sách học viên", "Danh sách ký nhận tham dự lớp học", "Sổ điểm danh", "Bảng kết quả học tập", "Lịch học",
          "Danh sách nhận giấy chứng nhận", "Giấy chứng nhận", "Phiếu phản hồi trống"]


WAIT_MS = 20000


@pytest.fixture
def course(session):
    settings.save_institution(Institution(name="Trung tâm Chính trị huyện Si Ma Cai",
                                          parent_body="Huyện ủy Si Ma Cai", place_name="Si Ma Cai",
                                          director_name="Giàng Seo Vần"))
    made = _class(names=NAMES)  # ended 06/03/2026
    with db.write():
        teacher = Instructor.create(**person_keys("Vàng Seo Lử"), kind="full_time")
        Lesson.update(instructor=teacher, topic="Xây dựng Đảng về đạo đức").execute()
    return made


def _open(course_id, qtbot) -> PrintoutsTab:
    """The *In* tab inside its class window (which relays the change hub to it)."""
    window = CourseDetailWindow(course_id)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(window)
    window.tabs.setCurrentWidget(window.printouts_tab)
    window.show()
    tab = window.printouts_tab
    tab.test_window = window  # the window has no parent: keep it alive as long as the tab is used
    return tab


def opened(qtbot, tab, start, *args):
    """The preview dialog, once its document was made on the worker."""
    with qtbot.waitSignal(tab.preview_opened, timeout=WAIT_MS) as blocker:
        start(*args)
    return blocker.args[0]


@pytest.fixture
def tab(course, qtbot):
    return _open(course.id, qtbot)


def _close_previews(tab):
    for dialog in tab.test_window.findChildren(PdfPreviewDialog):
        dialog.close()


def _issue(tab, monkeypatch):
    monkeypatch.setattr(tab, "confirm", lambda *args: True)
    return tab.issue()


def _line(tab, name):
    return next(line for line in tab.lines() if line.full_name == name)


def _select(tab, *names):
    tab.view.clearSelection()
    for row in range(tab.model.rowCount()):
        if tab.model.row_at(row).full_name in names:
            tab.view.selectionModel().select(tab.model.index(row, 0), tab.view.selectionModel().SelectionFlag.Select
                                             | tab.view.selectionModel().SelectionFlag.Rows)


def test_the_tab_lists_every_document_of_the_class(tab):
    assert [tab.documents.item(i).text().replace(" (PDF)", "") for i in range(tab.documents.count())] == TITLES
    assert [tab.documents.item(i).data(Qt.ItemDataRole.UserRole) for i in range(8)] == list(CLASS_DOCUMENTS)
    assert [tab.model.row_at(i).full_name for i in range(tab.model.rowCount())] == [
        "Lù Văn An", "Giàng Thị Mỷ", "Thào A Sử"]


def test_a_document_opens_in_a_preview_rendered_on_the_worker(tab, course, qtbot, monkeypatch):
    import app.ui.course_detail.printouts as module

    threads = []

    def spy(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return class_pdf(*args, **kwargs)

    monkeypatch.setattr(module, "class_pdf", spy)
    tab.documents.setCurrentRow(2)  # Sổ điểm danh
    with qtbot.waitSignal(tab.preview_opened, timeout=WAIT_MS):
        qtbot.keyClick(tab.documents, Qt.Key.Key_Return)
        assert not tab.preview_button.isEnabled()  # the busy guard while it is made
    dialog = tab.last_preview
    assert tab.preview_button.isEnabled()
    expected = len(PdfReader(io.BytesIO(class_pdf("attendance", course.code, dt.date.today()))).pages)
    qtbot.waitUntil(lambda: dialog.page_count() == expected)
    assert threads == ["boiduong-worker"]
    assert "Sổ điểm danh" in dialog.windowTitle() and not dialog.xlsx_button.isHidden()
    dialog.close()  # deleted on close; the next preview opens all the same
    timetable = opened(qtbot, tab, tab.open_document, "timetable")
    assert timetable.page_count() == 1 and "Lịch học" in timetable.windowTitle()
    _close_previews(tab)


def test_documents_are_dated_today_or_on_the_chosen_day(tab, course, qtbot):
    from app.domain.formatting import date_line

    assert tab.document_day() == dt.date.today()
    dialog = opened(qtbot, tab, tab.open_document, "class-list")
    assert date_line("Si Ma Cai", dt.date.today()) in " ".join(pages_text(dialog.pdf_bytes)[0].split())
    dialog.close()
    qtbot.mouseClick(tab.end_day_button, Qt.MouseButton.LeftButton)  # the class's end date, offered
    assert tab.document_day() == course.end_date == dt.date(2026, 3, 6)
    text = " ".join(pages_text(opened(qtbot, tab, tab.open_document, "sign-in").pdf_bytes)[0].split())
    assert "Si Ma Cai, ngày 06 tháng 3 năm 2026" in text
    tab.day_edit.setDate(tab.day_edit.date().fromString("09/02/2026", "dd/MM/yyyy"))
    text = " ".join(pages_text(opened(qtbot, tab, tab.open_document, "results").pdf_bytes)[0].split())
    assert "Si Ma Cai, ngày 09 tháng 02 năm 2026" in text
    _close_previews(tab)


def test_saving_the_class_list_as_pdf_and_excel(tab, course, tmp_path, monkeypatch, qtbot):
    dialog = opened(qtbot, tab, tab.open_document, "class-list")
    monkeypatch.setattr(dialog, "choose_path", lambda caption, suggested, filters: tmp_path / f"ds{suggested.suffix}")
    pdf_path = dialog.save_pdf()
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS) as saved:  # the sheet is made on the worker
        dialog.save_xlsx()
    xlsx_path = Path(saved.args[0])
    assert xlsx_path == tmp_path / "ds.xlsx"
    text = " ".join(" ".join(pages_text(pdf_path.read_bytes())).split())
    assert "DANH SÁCH HỌC VIÊN" in text and all(name in text for name in NAMES)
    sheet = load_workbook(xlsx_path).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert "DANH SÁCH HỌC VIÊN" in [row[0] for row in rows[:8]]
    header = next(row for row in rows if "Họ và tên" in row)
    assert header[:3] == ["STT", "Họ và tên", "Năm sinh"]  # the class knows birth years only
    names = [row[1] for row in rows if row[1] in NAMES]
    assert sorted(names) == sorted(NAMES) and all(unicodedata.is_normalized("NFC", n) for n in names)
    _close_previews(tab)


def test_blank_feedback_forms_for_a_chosen_lesson(tab, course, qtbot):
    lesson = Lesson.select().where(Lesson.course == course.id).order_by(Lesson.id).first()
    tab.documents.setCurrentRow(7)
    assert tab.lesson_combo.isEnabled() and tab.lesson_combo.count() == 1 + 5
    tab.lesson_combo.setCurrentIndex(tab.lesson_combo.findData(lesson.id))
    with qtbot.waitSignal(tab.preview_opened, timeout=WAIT_MS):
        qtbot.mouseClick(tab.preview_button, Qt.MouseButton.LeftButton)
    dialog = tab.last_preview
    qtbot.waitUntil(lambda: dialog.page_count() == 2)  # three trainees: forms 1–3, two to a page
    text = " ".join(" ".join(pages_text(dialog.pdf_bytes)).split())
    assert [f"Phiếu số: {n}" in text for n in (1, 2, 3, 4)] == [True, True, True, False]
    assert "Xây dựng Đảng về đạo đức" in text and "Giảng viên: Vàng Seo Lử" in text
    assert dialog.xlsx_button.isHidden()
    _close_previews(tab)


def test_issuing_from_the_panel_gives_numbers(tab, monkeypatch):
    issued = _issue(tab, monkeypatch)
    assert [number for number, _ in issued] == ["0001/2026", "0002/2026", "0003/2026"]
    assert tab.message_label.text() == "Đã cấp 3 giấy chứng nhận, số 0001/2026 đến 0003/2026."
    assert _line(tab, "Lù Văn An").number == "0001/2026"  # the change hub refreshed the list
    assert tab.model.index(0, 2).data() == "0001/2026" and tab.model.index(0, 3).data() == "Đã cấp"
    assert _issue(tab, monkeypatch) == []
    assert "Không có học viên đủ điều kiện nào chưa có" in tab.message_label.text()


def test_issuing_before_the_class_ends_asks_first(session, qtbot, monkeypatch):
    end = dt.date.today() + dt.timedelta(days=30)
    course = _class(code="NTVD-2026-08", end=format_date(end))
    tab = _open(course.id, qtbot)
    assert tab.ended_label.text() == "Lớp chưa kết thúc: cấp giấy chứng nhận lúc này thì chương trình hỏi lại."
    asked = []
    monkeypatch.setattr(tab, "confirm", lambda *args: asked.append(args) or False)  # the user says no
    assert tab.issue() == []
    assert asked[0][0] == "Lớp chưa kết thúc" and "chưa kết thúc" in asked[0][1]
    assert Certificate.select().count() == 0
    monkeypatch.setattr(tab, "confirm", lambda *args: True)  # then yes
    issued = tab.issue()
    year = dt.date.today().year
    assert [number for number, _ in issued] == [f"000{i}/{year}" for i in (1, 2, 3)]
    assert Certificate.select().count() == 3


def test_cancel_needs_a_reason(tab, monkeypatch, qtbot):
    _issue(tab, monkeypatch)
    _select(tab, "Thào A Sử")
    assert tab.cancel_button.isEnabled()
    monkeypatch.setattr(tab, "ask_reason", lambda *args: None)  # the user gave up
    qtbot.mouseClick(tab.cancel_button, Qt.MouseButton.LeftButton)
    assert Certificate.get(Certificate.number == 3).status == "issued"
    monkeypatch.setattr(tab, "ask_reason", lambda *args: "   ")
    tab.cancel_selected()
    assert "Cần ghi lý do" in tab.message_label.text()
    assert Certificate.get(Certificate.number == 3).status == "issued"
    monkeypatch.setattr(tab, "ask_reason", lambda *args: "In sai ngày sinh")
    tab.cancel_selected()
    line = _line(tab, "Thào A Sử")
    assert (line.status, line.number, line.note) == ("cancelled", "0003/2026", "Đã hủy: In sai ngày sinh")


def test_the_reason_dialog_refuses_an_empty_reason(qtbot):
    dialog = ReasonDialog("Hủy giấy chứng nhận", "Hủy số 0001/2026?")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.reason_edit, "   ")
    assert not dialog.ok_button.isEnabled()
    dialog.accept()
    assert dialog.isVisible() and dialog.result() != ReasonDialog.DialogCode.Accepted
    qtbot.keyClicks(dialog.reason_edit, "in sai ")  # QTest types ASCII only
    dialog.reason_edit.insert("họ tên")
    assert dialog.ok_button.isEnabled() and dialog.reason() == "in sai họ tên"
    qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
    assert dialog.result() == ReasonDialog.DialogCode.Accepted


def test_reissue_gives_a_new_number_linked_to_the_old(tab, monkeypatch):
    _issue(tab, monkeypatch)
    _select(tab, "Lù Văn An")
    monkeypatch.setattr(tab, "ask_reason", lambda *args: "Học viên làm mất")
    tab.reissue_selected()
    line = _line(tab, "Lù Văn An")
    assert (line.status, line.number, line.note) == ("issued", "0004/2026", "Cấp lại thay số 0001/2026")
    assert "số mới 0004/2026 thay số 0001/2026" in tab.message_label.text()


def test_printing_a_selection_records_the_print(tab, monkeypatch, tmp_path, qtbot):
    _issue(tab, monkeypatch)
    _select(tab, "Lù Văn An", "Thào A Sử")
    dialog = opened(qtbot, tab, tab.preview_certificates)
    qtbot.waitUntil(lambda: dialog.page_count() == 2)
    text = pages_text(dialog.pdf_bytes)
    assert "Lù Văn An" in text[0] and "Thào A Sử" in text[1] and "GIẤY CHỨNG NHẬN" in text[0]
    monkeypatch.setattr(dialog, "make_print_dialog", lambda printer: FakePrintDialog(printer, tmp_path / "p.pdf"))
    assert dialog.print_document() == 2
    counts = {c.enrollment.trainee.full_name: c.print_count for c in Certificate.select()}
    assert counts == {"Lù Văn An": 1, "Thào A Sử": 1, "Giàng Thị Mỷ": 0}
    assert _line(tab, "Thào A Sử").print_count == 1
    _close_previews(tab)


def test_printing_on_blanks_takes_them_out_of_the_stock(tab, monkeypatch, tmp_path, qtbot):
    from app.services import blank_stock

    blank_stock.record_movement("received", 10)
    _issue(tab, monkeypatch)
    _select(tab, "Lù Văn An", "Thào A Sử")
    tab.preprinted_check.setChecked(True)
    dialog = opened(qtbot, tab, tab.preview_certificates)
    qtbot.waitUntil(lambda: dialog.page_count() == 2)
    monkeypatch.setattr(dialog, "make_print_dialog", lambda printer: FakePrintDialog(printer, tmp_path / "p.pdf"))
    monkeypatch.setattr(tab, "confirm", lambda *args: pytest.fail(f"asked with enough blanks: {args}"))
    assert dialog.print_document() == 2
    assert blank_stock.balance() == 8
    _close_previews(tab)


def _blank_preview(tab, monkeypatch, tmp_path, qtbot):
    _issue(tab, monkeypatch)
    _select(tab, "Lù Văn An", "Thào A Sử")
    tab.preprinted_check.setChecked(True)
    dialog = opened(qtbot, tab, tab.preview_certificates)
    qtbot.waitUntil(lambda: dialog.page_count() == 2)
    monkeypatch.setattr(dialog, "make_print_dialog", lambda printer: FakePrintDialog(printer, tmp_path / "p.pdf"))
    return dialog


def test_printing_on_blanks_with_too_few_in_stock_asks_and_no_prints_nothing(tab, monkeypatch, tmp_path, qtbot):
    from app.services import blank_stock

    blank_stock.record_movement("received", 1)
    dialog = _blank_preview(tab, monkeypatch, tmp_path, qtbot)
    asked = []
    monkeypatch.setattr(tab, "confirm", lambda *args: asked.append(args) or False)
    assert dialog.print_document() == 0
    assert asked[0][1] == "Kho chỉ còn 1 phôi giấy chứng nhận, không đủ cho 2 trang sắp in."
    assert not (tmp_path / "p.pdf").exists()  # nothing went to the printer
    assert blank_stock.balance() == 1 and {c.print_count for c in Certificate.select()} == {0}
    _close_previews(tab)


def test_printing_on_blanks_with_an_empty_stock_prints_when_the_user_says_so(tab, monkeypatch, tmp_path, qtbot):
    from app.services import blank_stock

    dialog = _blank_preview(tab, monkeypatch, tmp_path, qtbot)
    asked = []
    monkeypatch.setattr(tab, "confirm", lambda *args: asked.append(args) or True)
    assert dialog.print_document() == 2
    assert asked[0][1] == "Kho phôi giấy chứng nhận đã hết (còn 0 phôi), mà sắp in 2 trang trên phôi."
    assert blank_stock.balance() == -2  # the stock shows what a count must settle
    _close_previews(tab)


def test_the_question_about_blanks_defaults_to_no(tab, qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    seen = []

    def answer():
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
        seen.append((box.text(), box.defaultButton().text()))
        box.defaultButton().click()

    QTimer.singleShot(0, answer)
    assert tab.enough_blanks(3) is False
    assert seen == [("Kho phôi giấy chứng nhận đã hết (còn 0 phôi), mà sắp in 3 trang trên phôi.", "Thôi")]


def test_paper_choice_and_preprinted_mode(tab, monkeypatch, qtbot):
    _issue(tab, monkeypatch)
    tab.paper_combo.setCurrentIndex(tab.paper_combo.findData("A5"))
    assert get_paper() == "A5"
    dialog = opened(qtbot, tab, tab.preview_certificates)
    box = PdfReader(io.BytesIO(dialog.pdf_bytes)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == tuple(round(v) for v in landscape(A5))
    tab.preprinted_check.setChecked(True)
    assert not tab.paper_combo.isEnabled()
    blank = opened(qtbot, tab, tab.preview_certificates)
    qtbot.waitUntil(lambda: blank.page_count() == 3)
    text = pages_text(blank.pdf_bytes)[0]
    assert "Lù Văn An" in text and "GIẤY CHỨNG NHẬN" not in text
    _close_previews(tab)


def test_calibration_refuses_a_place_off_the_page_and_saves_a_good_one(tab, course, qtbot):
    issue_certificates(course.code)
    dialog = tab.open_calibration()
    assert isinstance(dialog, CalibrationDialog) and dialog.isVisible()
    before, revision = certificate_positions(), db.get_revision()
    dialog.set_value("full_name", 1, "310")
    dialog.save()
    assert dialog.isVisible()
    assert dialog.errors.visible() == {"full_name": "Họ và tên: vị trí ngang 310 mm nằm ngoài trang (0–297 mm)."}
    assert certificate_positions() == before and db.get_revision() == revision
    assert dialog.preview_test_page() is None  # no test page either while a value is wrong

    dialog.set_value("full_name", 1, "95,5")
    dialog.set_value("full_name", 2, "70")
    test_page = dialog.preview_test_page()
    qtbot.waitUntil(lambda: test_page.page_count() == 1)
    assert "[Họ và tên]" in pages_text(test_page.pdf_bytes)[0]
    test_page.close()
    dialog.save()
    assert not dialog.isVisible()
    assert {f.key: f.as_tuple() for f in certificate_positions()}["full_name"] == (95.5, 70.0, 16.0)

    tab.preprinted_check.setChecked(True)
    _select(tab, "Giàng Thị Mỷ")
    blank = opened(qtbot, tab, tab.preview_certificates)
    where = text_positions(blank.pdf_bytes)
    assert where["Giàng Thị Mỷ"] == [(round(95.5 * mm, 1), round(landscape(A4)[1] - 70 * mm, 1))]
    _close_previews(tab)


def test_a_large_class_renders_while_the_window_keeps_painting(session, qtbot):
    """300 trainees × 10 lessons: the sheet is made on the worker; the GUI loop keeps turning."""
    from PySide6.QtCore import QTimer

    course = _class(code="NTVD-2026-07", names=(), scores=(), absences=(), lessons=10)
    with db.write():
        trainees = [Trainee.create(**person_keys(f"Giàng Seo Chớ {i:03d}", None, 1990), birth_year=1990)
                    for i in range(300)]
        Enrollment.insert_many([{"course": course.id, "trainee": t.id} for t in trainees]).execute()
    tab = _open(course.id, qtbot)
    ticks = []
    timer = QTimer(tab)
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    dialog = opened(qtbot, tab, tab.open_document, "attendance")
    timer.stop()
    assert dialog.page_count() >= 10 and len(ticks) > 0
    _close_previews(tab)


def test_blank_stock_dialog_records_and_refuses(session, qtbot):
    from app.ui.dialogs.blank_stock import BlankStockDialog

    dialog = BlankStockDialog()
    qtbot.addWidget(dialog)
    dialog.quantity_spin.setValue(50)
    dialog.serial_from_edit.setText("AA 000001")
    assert dialog.record()
    assert "50" in dialog.balance_label.text() and dialog.model.rowCount() == 1
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("spoilt"))
    dialog.quantity_spin.setValue(1)
    assert not dialog.record()  # no reason given
    assert dialog.errors.labels["note"].text() == "Cần ghi lý do (phôi hỏng, kiểm kê…)."
    assert dialog.model.rowCount() == 1
    dialog.show()
    assert dialog.close_button.text() == "Đóng"
    dialog.close_button.click()
    assert not dialog.isVisible()


def test_a_long_sheet_shows_its_pages_and_hu_stops_it(session, qtbot, monkeypatch):
    """The attendance sheet of a 300-trainee class: the dialog says how many pages are drawn; Hủy
    stops the drawing, no preview opens, and the tab says it stopped."""
    from PySide6.QtWidgets import QPushButton

    from app.ui.course_detail import printouts as printouts_module

    course = _class(code="NTVD-2026-08", names=(), scores=(), absences=(), lessons=10)
    with db.write():
        trainees = [Trainee.create(**person_keys(f"Giàng Seo Chớ {i:03d}", None, 1990), birth_year=1990)
                    for i in range(300)]
        Enrollment.insert_many([{"course": course.id, "trainee": t.id} for t in trainees]).execute()
    tab = _open(course.id, qtbot)
    real, reached, go, pages = printouts_module.class_pdf, threading.Event(), threading.Event(), []

    def held_at_page_two(*args, progress, cancelled, **kwargs):
        def counted(done, total):
            pages.append((done, total))
            progress(done, total)
            if done == 2:
                reached.set()
                go.wait(WAIT_MS / 1000)
        return real(*args, progress=counted, cancelled=cancelled, **kwargs)

    monkeypatch.setattr(printouts_module, "class_pdf", held_at_page_two)
    task = tab.open_document("attendance")
    with qtbot.waitSignal(task.dialog_shown, timeout=WAIT_MS):
        pass
    if task.dialog.labelText() == "Đang tạo sổ điểm danh…":  # shown before page 2 was told
        with qtbot.waitSignal(task.advanced, timeout=WAIT_MS, check_params_cb=lambda done, total: done == 2):
            pass
    total = pages[-1][1]
    assert reached.is_set() and total >= 10
    assert task.dialog.labelText() == f"Đang tạo sổ điểm danh: đã in 2/{total} trang…"
    cancel = next(b for b in task.dialog.findChildren(QPushButton) if b.text() == "Hủy")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    go.set()
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
        pass
    assert task.was_cancelled
    assert max(done for done, _total in pages) == 2  # nothing drawn after Hủy
    assert tab.test_window.findChildren(PdfPreviewDialog) == []
    assert tab.message_label.text() == "Đã dừng, chưa tạo sổ điểm danh."


class _CopiesPrintDialog(FakePrintDialog):
    """The user also sets "Số bản" (copies) in the print dialog."""

    def __init__(self, printer, target, copies: int):
        super().__init__(printer, target)
        self.copies = copies

    def exec(self) -> int:
        self.printer.setCopyCount(self.copies)
        return super().exec()


def test_printing_copies_on_blanks_counts_every_sheet(tab, monkeypatch, tmp_path, qtbot):
    """Two copies of two certificates use four blanks: the stock is checked and lowered by four."""
    from app.services import blank_stock

    blank_stock.record_movement("received", 3)
    dialog = _blank_preview(tab, monkeypatch, tmp_path, qtbot)
    monkeypatch.setattr(dialog, "make_print_dialog",
                        lambda printer: _CopiesPrintDialog(printer, tmp_path / "p.pdf", copies=2))
    asked = []
    monkeypatch.setattr(tab, "confirm", lambda *args: asked.append(args) or True)
    dialog.print_document()
    assert asked and asked[0][1] == "Kho chỉ còn 3 phôi giấy chứng nhận, không đủ cho 4 trang sắp in."
    assert blank_stock.balance() == -1
    _close_previews(tab)
