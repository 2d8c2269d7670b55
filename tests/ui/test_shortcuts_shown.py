"""Shortcuts are shown where the user looks: menu items carry theirs (Qt writes them beside the
text), and a button with a key says it in its tooltip, "… (Ctrl+N)"."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QPushButton

from app.services.courses import CourseInput, add_course
from app.ui.course_detail import CourseDetailWindow
from app.ui.main_window import MainWindow
from app.ui.shortcuts import key_text, show_key
from app.ui.widgets.pdf_preview import PdfPreviewDialog

pytestmark = pytest.mark.gui
NEW = FIND = ""



@pytest.fixture(autouse=True)
def keys(qapp):
    """The keys as the system writes them (a key sequence needs the application)."""
    global NEW, FIND
    NEW, FIND = key_text(QKeySequence.StandardKey.New), key_text(QKeySequence.StandardKey.Find)


def test_key_text_is_what_the_system_writes():
    assert key_text(QKeySequence.StandardKey.New) == "Ctrl+N"
    assert key_text("Alt+Left") == "Alt+Left"
    button = QPushButton("&In…")
    assert show_key(button, QKeySequence.StandardKey.Print) == "In (Ctrl+P)"
    assert button.toolTip() == "In (Ctrl+P)"


def test_the_main_windows_buttons_filters_and_menus_show_their_keys(session, qtbot):
    window = MainWindow(session)
    qtbot.addWidget(window)
    assert window.courses_tab.new_button.toolTip() == f"Mở lớp mới ({NEW})"
    assert window.trainees_tab.new_button.toolTip() == f"Thêm học viên mới ({NEW})"
    for tab in window.list_tabs()[:3]:
        assert tab.filter_edit.toolTip().endswith(f"({FIND})"), tab
    assert window.reports_tab.show_button.toolTip() == "Tính lại và xem báo cáo (F5)"
    actions = {a.text(): a for menu in window.menuBar().actions() for a in menu.menu().actions()}
    assert actions["T&hoát"].shortcut().toString() == "Ctrl+Q"
    assert actions["&Hướng dẫn sử dụng"].shortcut().toString() == "F1"


def test_the_class_windows_buttons_show_their_keys(session, qtbot):
    course = add_course(CourseInput("NQ-2026-01", "NQ", "Học tập Nghị quyết", "02/03/2026", "03/03/2026"))
    window = CourseDetailWindow(course.id)
    qtbot.addWidget(window)
    assert window.lessons_tab.add_button.toolTip() == f"Thêm một buổi học vào lịch của lớp ({NEW})"
    assert window.trainees_tab.new_button.toolTip() == f"Nhập một học viên mới vào lớp ({NEW})"
    window.close()


def test_the_preview_says_ctrl_p_and_ctrl_s(qtbot):
    import io

    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(100, 700, "Trang thử")
    page.save()
    dialog = PdfPreviewDialog(buffer.getvalue(), title="Thử", file_stem="thu")
    qtbot.addWidget(dialog)
    assert dialog.print_button.toolTip() == "In ra máy in (Ctrl+P)"
    assert dialog.pdf_button.toolTip() == "Lưu thành tệp PDF (Ctrl+S)"


def test_every_button_with_a_key_says_it(session, qtbot):
    window = MainWindow(session)
    qtbot.addWidget(window)
    setup = window.open_setup()
    shown = window.open_guide()
    for top in (window, setup, shown):
        for button in top.findChildren(QPushButton):
            key = button.shortcut().toString()
            mnemonic = "&" in button.text() and key.startswith("Alt+") and len(key) == 5  # underlined letter
            if key and not mnemonic:
                assert f"({button.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})" in \
                    button.toolTip(), button.text()
    setup.close()
    shown.close()
