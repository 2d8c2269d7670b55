"""Báo cáo: the director picks a report and a period and reads the table and the chart; prints
and saves it. Reports are computed off the GUI thread, so tests wait for the tab's signals."""

from __future__ import annotations

import io
import sqlite3
import threading
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QPushButton

from app.domain.changes import Topic
from app.ui.events import changes
from app.ui.main_window import MainWindow
from app.ui.tabs import reports as reports_tab
from app.ui.widgets.report_preview import DocumentTableModel, two_lines
from tests.pdf_helpers import pages_text

pytestmark = pytest.mark.gui
WAIT_MS = 20000


@pytest.fixture
def window(demo_session, qtbot):
    w = MainWindow(demo_session)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.tabs.setCurrentWidget(w.reports_tab)
    return w


@pytest.fixture
def tab(window):
    return window.reports_tab


def click_report(qtbot, tab, name: str) -> None:
    row = next(r for r in range(tab.model.rowCount()) if tab.model.row_at(r).name == name)
    index = tab.model.index(row, 0)
    qtbot.mouseClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=tab.view.visualRect(index).center())


def choose_period(tab, kind: str) -> None:
    tab.period.kind_combo.setCurrentIndex(tab.period.kind_combo.findData(kind))


def show_term_results(qtbot, tab) -> None:
    click_report(qtbot, tab, "Kết quả đào tạo, bồi dưỡng")
    with qtbot.waitSignal(tab.shown, timeout=WAIT_MS):
        choose_period(tab, "term")


def total_row(tab) -> tuple[str, ...]:
    model = tab.preview_widget.model
    return model.row_texts(model.footer_row())


def test_two_clicks_give_the_articles_table_and_the_chart_per_year(qtbot, tab):
    show_term_results(qtbot, tab)
    total = total_row(tab)
    assert total[1:4] == ("Tổng cộng", "185", "14.199")
    model = tab.preview_widget.model
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    assert headers[2:4] == ["Số lớp", "Lượt\nhọc viên"]
    assert tab.preview_widget.heading.text().endswith("Từ ngày 01/01/2015 đến ngày 31/12/2020")
    charts = tab.preview_widget.charts
    assert [charts.tabText(i) for i in range(charts.count())] == [
        "Số lớp theo năm", "Lượt học viên theo năm", "Số lớp theo chương trình", "Lượt học viên theo chương trình"]
    per_year = charts.views()[1]
    assert per_year.data.categories == tuple(str(y) for y in range(2015, 2021))
    assert sum(per_year.data.series[0][1]) == 14199
    assert per_year.chart().localizeNumbers()
    assert all(button.isEnabled() for button in (tab.print_button, tab.pdf_button, tab.xlsx_button))


def test_the_table_model_passes_the_model_tester(qtbot, tab, qtmodeltester):
    show_term_results(qtbot, tab)
    qtmodeltester.check(tab.preview_widget.model)
    qtmodeltester.check(DocumentTableModel())
    model = tab.preview_widget.model
    assert model.index(model.footer_row(), 2).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(0, 2).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight


def test_changing_the_period_recomputes_and_drops_the_older_answer(qtbot, tab):
    show_term_results(qtbot, tab)
    tab.period.year_spin.setValue(2019)
    with qtbot.waitSignal(tab.shown, timeout=WAIT_MS):
        choose_period(tab, "year")
        assert not tab.pdf_button.isEnabled()  # what is on screen no longer matches the choice
    assert tab.data.document.subtitle == "Từ ngày 01/01/2019 đến ngày 31/12/2019"
    assert [tab.preview_widget.charts.tabText(i) for i in range(2)] == ["Số lớp theo tháng", "Lượt học viên theo tháng"]
    assert total_row(tab)[2] != "185"


def test_save_pdf_and_excel(qtbot, tab, tmp_path, monkeypatch):
    show_term_results(qtbot, tab)
    assert tab.suggested_name(".pdf") == "ket-qua-dao-tao-boi-duong_01012015-31122020.pdf"
    monkeypatch.setattr(tab, "ask_save_path", lambda suffix: tmp_path / f"bao-cao{suffix}")
    with qtbot.waitSignal(tab.saved, timeout=WAIT_MS) as saved:
        tab.save_report(".pdf")
    pdf = Path(saved.args[0])
    assert pdf == tmp_path / "bao-cao.pdf"
    text = " ".join(" ".join(pages_text(pdf.read_bytes())).split())
    assert "BÁO CÁO Kết quả đào tạo, bồi dưỡng" in text and "Tổng cộng 185 14.199" in text and "BIỂU ĐỒ" in text
    with qtbot.waitSignal(tab.saved, timeout=WAIT_MS) as saved:
        tab.save_report(".xlsx")
    xlsx = Path(saved.args[0])
    sheet = load_workbook(io.BytesIO(xlsx.read_bytes())).active
    assert [row[2:4] for row in sheet.iter_rows(values_only=True) if row[1] == "Tổng cộng"] == [(185, 14199)]
    assert str(xlsx) in tab.status.text()


def test_save_cancelled_writes_nothing(qtbot, tab, monkeypatch):
    show_term_results(qtbot, tab)
    monkeypatch.setattr(tab, "ask_save_path", lambda suffix: None)
    assert tab.save_report(".pdf") is None


def test_a_slow_report_shows_progress_and_cancelling_writes_no_file(qtbot, tab, tmp_path, monkeypatch):
    show_term_results(qtbot, tab)
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "bao-cao.pdf"
    monkeypatch.setattr(tab, "ask_save_path", lambda suffix: target)
    rendering, go = threading.Event(), threading.Event()
    real = reports_tab.render_report

    def slow_render(*args, **kwargs):
        rendering.set()
        go.wait(WAIT_MS / 1000)
        return real(*args, **kwargs)

    monkeypatch.setattr(reports_tab, "render_report", slow_render)
    task = tab.save_report(".pdf")
    assert not tab.pdf_button.isEnabled() and not tab.print_button.isEnabled()  # the busy guard
    with qtbot.waitSignal(task.dialog_shown, timeout=WAIT_MS):
        pass
    assert rendering.is_set() and task.dialog.labelText() == "Đang tạo tệp báo cáo…"
    cancel = next(b for b in task.dialog.findChildren(QPushButton) if b.text() == "Hủy")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    go.set()
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
        pass
    assert task.was_cancelled
    assert not target.exists() and list((tmp_path / "out").iterdir()) == []  # no file, no temporary left
    assert tab.status.text() == "Đã dừng, không lưu tệp nào."
    assert tab.pdf_button.isEnabled()


def _render_held_at(monkeypatch, held: int):
    """``render_report`` watched: every progress call noted in ``seen["progress"]``, the work held at
    ``held`` (pages or rows done) until the returned event is set, ``seen["stopped"]`` once it
    stopped with Cancelled."""
    from app.domain.errors import Cancelled

    real, seen, clicked = reports_tab.render_report, {"progress": []}, threading.Event()

    def watched(*args, **kwargs):
        progress = kwargs["progress"]

        def counted(done, total):
            seen["progress"].append((done, total))
            progress(done, total)
            if done == held:
                clicked.wait(WAIT_MS / 1000)
        kwargs["progress"] = counted
        try:
            return real(*args, **kwargs)
        except Cancelled:
            seen["stopped"] = True
            raise

    monkeypatch.setattr(reports_tab, "render_report", watched)
    return seen, clicked


def _click_cancel(qtbot, task, clicked: threading.Event) -> None:
    """Hủy in the task's progress dialog, then the held work goes on (and finds it cancelled)."""
    cancel = next(b for b in task.dialog.findChildren(QPushButton) if b.text() == "Hủy")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    clicked.set()
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
        pass


def test_the_long_registry_shows_pages_done_and_hu_stops_the_drawing(qtbot, tab, tmp_path, monkeypatch):
    """Sổ cấp giấy chứng nhận of the 2015–2020 term (7,000 certificates, 260 pages): the dialog
    counts the pages as they are drawn; Hủy stops the drawing itself (not only the saving), and
    no file, not even a temporary one, is left in the folder."""

    click_report(qtbot, tab, "Sổ cấp giấy chứng nhận")
    with qtbot.waitSignal(tab.shown, timeout=WAIT_MS):
        choose_period(tab, "term")
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "so-cap.pdf"
    monkeypatch.setattr(tab, "ask_save_path", lambda suffix: target)
    # The drawing waits at page 3 until Hủy was clicked: a fast machine cannot finish first.
    seen, clicked = _render_held_at(monkeypatch, 3)
    task = tab.save_report(".pdf")
    with qtbot.waitSignal(task.dialog_shown, timeout=WAIT_MS):
        pass
    # The drawing is held at page 3 (above): the dialog says how far it got.
    qtbot.waitUntil(lambda: "đã in 3/" in task.dialog.labelText(), timeout=WAIT_MS)
    text = task.dialog.labelText()
    assert text.startswith("Đang tạo tệp báo cáo: đã in ") and text.endswith(" trang…"), text
    done, total = (int(v.replace(".", "")) for v in text.split("đã in ")[1].split()[0].split("/"))
    assert 2 <= done < total and total >= 200
    _click_cancel(qtbot, task, clicked)
    assert task.was_cancelled and seen.get("stopped")
    assert max(d for d, _t in seen["progress"]) < total  # it stopped drawing before the end
    assert list((tmp_path / "out").iterdir()) == []  # no file, no temporary left
    assert tab.status.text() == "Đã dừng, không lưu tệp nào."


class _AcceptingDialog:
    def exec(self) -> int:
        return QDialog.DialogCode.Accepted


def test_print_goes_through_the_print_dialog(qtbot, tab, tmp_path, monkeypatch):
    show_term_results(qtbot, tab)
    out = tmp_path / "printed.pdf"
    seen: list[QPrinter] = []

    def dialog(printer: QPrinter):
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        seen.append(printer)
        return _AcceptingDialog()

    monkeypatch.setattr(tab, "make_print_dialog", dialog)
    with qtbot.waitSignal(tab.printed, timeout=WAIT_MS):
        assert tab.print_report()
    assert seen[0].pageLayout().orientation() == seen[0].pageLayout().Orientation.Landscape
    printed = PdfReader(io.BytesIO(out.read_bytes())).pages
    assert len(printed) == 2 and printed[0].mediabox.width > printed[0].mediabox.height  # table, then charts


def test_print_cancelled_prints_nothing(qtbot, tab, monkeypatch):
    show_term_results(qtbot, tab)

    class Cancel:
        def exec(self) -> int:
            return QDialog.DialogCode.Rejected

    monkeypatch.setattr(tab, "make_print_dialog", lambda printer: Cancel())
    assert not tab.print_report()


def test_history_of_a_trainee_by_citizen_id(qtbot, tab, demo_path):
    with sqlite3.connect(demo_path) as con:
        (cid, name) = con.execute("SELECT citizen_id, full_name FROM trainee WHERE citizen_id IS NOT NULL "
                                  "AND id IN (SELECT trainee_id FROM enrollment) LIMIT 1").fetchone()
    click_report(qtbot, tab, "Quá trình bồi dưỡng của học viên")
    assert tab.trainee_edit.isVisible() and not tab.period.isVisible()
    qtbot.keyClicks(tab.trainee_edit, cid)
    with qtbot.waitSignal(tab.shown, timeout=WAIT_MS):
        qtbot.keyClick(tab.trainee_edit, Qt.Key.Key_Return)
    assert name in tab.data.document.subtitle and tab.preview_widget.model.rowCount() >= 1
    assert tab.preview_widget.charts.isHidden()


def test_an_unknown_trainee_is_said_in_place(qtbot, tab):
    click_report(qtbot, tab, "Quá trình bồi dưỡng của học viên")
    qtbot.keyClicks(tab.trainee_edit, "999999999999")
    with qtbot.waitSignal(tab.failed, timeout=WAIT_MS) as blocker:
        tab.show_button.click()
    assert "Không tìm thấy học viên" in blocker.args[0]
    assert tab.preview_widget.message.text() == blocker.args[0]
    assert not tab.print_button.isEnabled()


def test_long_headers_wrap_on_two_balanced_lines():
    assert two_lines("Số lớp") == "Số lớp"
    assert two_lines("Tỷ lệ hài lòng và rất hài lòng") == "Tỷ lệ hài lòng\nvà rất hài lòng"


def test_a_change_elsewhere_recomputes_the_report_on_screen(qtbot, tab):
    from app.domain.changes import Topic
    from app.ui.events import announce

    show_term_results(qtbot, tab)
    with qtbot.waitSignal(tab.shown, timeout=WAIT_MS):
        announce(frozenset({Topic.ENROLLMENTS}))
    assert total_row(tab)[2:4] == ("185", "14.199")


# -- the official report's number, attachment and "Nơi nhận" (issue 14, point 5) --------------------


def save_pdf_text(qtbot, tab, path: Path) -> str:
    """Lưu PDF… to ``path``; the PDF's text on one line."""
    tab.ask_save_path = lambda suffix: path
    with qtbot.waitSignal(tab.saved, timeout=WAIT_MS):
        qtbot.mouseClick(tab.pdf_button, Qt.MouseButton.LeftButton)
    return " ".join(" ".join(pages_text(path.read_bytes())).split())


def last_page(path: Path) -> str:
    return " ".join(pages_text(path.read_bytes())[-1].split())


def test_the_typed_number_and_the_attachment_tick_go_into_the_pdf(qtbot, tab, tmp_path):
    show_term_results(qtbot, tab)
    assert tab.number_edit.isEnabled() and not tab.attachment_check.isChecked()
    text = save_pdf_text(qtbot, tab, tmp_path / "dots.pdf")
    assert "Số: ……-BC/TTBDCT" in text and "Kèm theo" not in text  # nothing typed: dots to fill by hand
    qtbot.keyClicks(tab.number_edit, "12")
    text = save_pdf_text(qtbot, tab, tmp_path / "numbered.pdf")
    assert "Số: 12-BC/TTBDCT" in text and "BÁO CÁO Kết quả đào tạo, bồi dưỡng" in text
    assert "Nơi nhận:" in text and "NGƯỜI LẬP BIỂU" in text
    tab.attachment_check.click()
    text = save_pdf_text(qtbot, tab, tmp_path / "attached.pdf")
    today = reports_tab.dt.date.today()
    assert f"(Kèm theo Báo cáo số 12-BC/TTBDCT ngày {today:%d} tháng {today:%m} năm {today:%Y})" in text
    assert "Số: 12-BC/TTBDCT" not in text and "Nơi nhận" not in text and "GIÁM ĐỐC" not in text


def test_a_report_that_is_not_official_has_no_number_to_type(qtbot, tab):
    click_report(qtbot, tab, "Sổ cấp giấy chứng nhận")
    assert not tab.number_edit.isEnabled() and not tab.attachment_check.isEnabled()
    show_term_results(qtbot, tab)
    assert tab.number_edit.isEnabled() and tab.attachment_check.isEnabled()


def open_recipients(qtbot, window):
    """Cài đặt › Nơi nhận báo cáo…"""
    from PySide6.QtGui import QAction

    from app.ui.dialogs.report_recipients import ReportRecipientsDialog

    next(a for a in window.findChildren(QAction) if a.text() == "Nơi nhận báo cáo…").trigger()
    dialog = next(d for d in window.findChildren(ReportRecipientsDialog) if d.isVisible())
    qtbot.waitExposed(dialog)
    return dialog


def save_recipients(qtbot, dialog, text: str) -> None:
    dialog.edit.setPlainText(text)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)


def test_recipients_edited_in_the_settings_are_printed_in_the_next_pdf(qtbot, window, tab, tmp_path):
    from app.services import settings

    show_term_results(qtbot, tab)
    assert "- Lưu: VT." in last_page_of(qtbot, tab, tmp_path / "before.pdf")
    dialog = open_recipients(qtbot, window)
    assert dialog.edit.toPlainText() == "Lưu: VT."
    with qtbot.waitSignal(changes().changed, timeout=WAIT_MS) as announced:  # the screens are told
        save_recipients(qtbot, dialog, "Ban Tuyên giáo Huyện ủy (để báo cáo);\n\n- Văn phòng Huyện ủy;\nLưu: VT, HS.")
    assert Topic.SETTINGS in announced.args[0] and not dialog.isVisible()
    assert settings.get_report_recipients() == (
        "Ban Tuyên giáo Huyện ủy (để báo cáo);", "Văn phòng Huyện ủy;", "Lưu: VT, HS.")
    page = last_page_of(qtbot, tab, tmp_path / "after.pdf")
    for line in ("Nơi nhận:", "- Ban Tuyên giáo Huyện ủy (để báo cáo);", "- Văn phòng Huyện ủy;", "- Lưu: VT, HS."):
        assert line in page, line
    assert "- Lưu: VT." not in page


def last_page_of(qtbot, tab, path: Path) -> str:
    save_pdf_text(qtbot, tab, path)
    return last_page(path)


def test_an_empty_recipient_list_is_allowed_and_leaves_the_heading_alone(qtbot, window, tab, tmp_path):
    from app.services import settings

    show_term_results(qtbot, tab)
    dialog = open_recipients(qtbot, window)
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        save_recipients(qtbot, dialog, "  \n\n")
    assert settings.get_report_recipients() == ()
    page = last_page_of(qtbot, tab, tmp_path / "empty.pdf")
    assert "Nơi nhận:" in page and "Lưu: VT" not in page and "NGƯỜI LẬP BIỂU" in page


def test_a_recipient_line_too_long_is_refused_next_to_the_box_and_nothing_saved(qtbot, window):
    from app.services import settings

    dialog = open_recipients(qtbot, window)
    heard: list = []
    changes().changed.connect(heard.append)
    save_recipients(qtbot, dialog, "Ban Tuyên giáo Huyện ủy;\n" + "Văn phòng " * 11)
    changes().changed.disconnect(heard.append)
    assert heard == []
    assert dialog.isVisible() and dialog.saved is None
    assert dialog.field_errors.visible() == {"recipients": "Nơi nhận dòng 2 dài 109 ký tự; tối đa 100 ký tự."}
    assert settings.get_report_recipients() == ("Lưu: VT.",)


def _registry_of_the_term(qtbot, tab, tmp_path, monkeypatch, name: str) -> Path:
    click_report(qtbot, tab, "Sổ cấp giấy chứng nhận")
    with qtbot.waitSignal(tab.shown, timeout=WAIT_MS):
        choose_period(tab, "term")
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / name
    monkeypatch.setattr(tab, "ask_save_path", lambda suffix: target)
    return target


def test_the_registry_to_excel_counts_its_rows_to_the_end(qtbot, tab, tmp_path, monkeypatch):
    """Lưu Excel… of the 2015–2020 registry (7,000 certificates): the task hears of the rows written
    up to the last one, and the file holds them all."""
    target = _registry_of_the_term(qtbot, tab, tmp_path, monkeypatch, "so-cap.xlsx")
    certificates = len(tab.data.document.cells)
    assert certificates > 5000
    task = tab.save_report(".xlsx")
    seen: list[tuple[int, int]] = []
    task.advanced.connect(lambda done, total: seen.append((done, total)))
    with qtbot.waitSignal(tab.saved, timeout=WAIT_MS):
        pass
    assert seen[0] == (0, certificates) and seen[-1] == (certificates, certificates)
    assert [d for d, _t in seen] == sorted(d for d, _t in seen) and len(seen) >= certificates // 1000
    workbook = load_workbook(target, read_only=True)
    numbers = [row[1] for row in workbook.active.iter_rows(values_only=True) if row[0] and str(row[0]).isdigit()]
    workbook.close()
    assert len(numbers) == certificates
    assert tab.status.text() == f"Đã lưu {target}"


def test_the_registry_to_excel_shows_rows_done_and_hu_leaves_no_file(qtbot, tab, tmp_path, monkeypatch):
    """The Excel file of a long report has the PDF's dialog: rows written out of all, and Hủy that
    stops the writing itself and leaves nothing in the folder, not even a temporary file."""

    target = _registry_of_the_term(qtbot, tab, tmp_path, monkeypatch, "so-cap.xlsx")
    seen, clicked = _render_held_at(monkeypatch, 1000)  # the writing waits there until Hủy was clicked
    task = tab.save_report(".xlsx")
    with qtbot.waitSignal(task.dialog_shown, timeout=WAIT_MS):
        pass
    qtbot.waitUntil(lambda: "đã ghi 1.000/" in task.dialog.labelText(), timeout=WAIT_MS)
    text = task.dialog.labelText()
    total = len(tab.data.document.cells)
    assert text == f"Đang tạo tệp Excel của báo cáo: đã ghi 1.000/{total:,} dòng…".replace(",", "."), text
    assert task.dialog.value() == 1000 and task.dialog.maximum() == total
    _click_cancel(qtbot, task, clicked)
    assert task.was_cancelled and seen.get("stopped")
    assert max(d for d, _t in seen["progress"]) == 1000  # it stopped writing at the next check
    assert not target.exists() and list((tmp_path / "out").iterdir()) == []
    assert tab.status.text() == "Đã dừng, không lưu tệp nào."
    assert tab.xlsx_button.isEnabled()


def test_closing_the_window_drops_the_preview_a_change_had_scheduled(qtbot, window, tab):
    """A change elsewhere recomputes the report a moment later; a window closed in that moment
    reads nothing more (its database may be closed, or on a server dropped, by then)."""
    from PySide6.QtCore import QTimer

    show_term_results(qtbot, tab)
    changes().announce(frozenset({Topic.SETTINGS}))
    waiting = [timer for timer in window.findChildren(QTimer) if timer.isActive() and timer.isSingleShot()]
    assert tab._debounce_preview in waiting
    window.close()
    assert [timer for timer in waiting if timer.isActive()] == []
