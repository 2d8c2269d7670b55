"""Typing paper feedback forms in the class window's grid: the time to handle one keystroke.

app: the *Phiếu phản hồi* sub-tab of a class; each form is one digit per question then Enter
     (which saves the form through the service, one transaction). A keystroke is timed from the
     key press until its events are handled and the grid repainted. Runs on a scratch copy of the
     archive, since it writes. No bare baseline: the target is absolute (median ≤ 5 ms).
"""

from __future__ import annotations

import statistics
import time

from bench.common import Result

MAX_MS = 5.0


def run(course_code: str, forms: int = 20) -> Result:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app.store.models import Course
    from app.ui.course_detail.feedback import FeedbackTab
    from bench.qt import application, dispose, show_and_wait_paint

    application()
    course_id = Course.get(Course.code == course_code).id
    tab = FeedbackTab(course_id)
    tab.resize(1100, 700)
    show_and_wait_paint(tab, tab.view.viewport())
    view = tab.view
    view.setFocus()
    view.go_to_draft()
    questions = len(view.grid.questions)
    digits, enters = [], []
    keys = [Qt.Key.Key_4, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_2]
    for form in range(forms):
        for q in range(questions):
            digits.append(_press(QTest, QApplication, view, keys[(form + q) % len(keys)]))
        enters.append(_press(QTest, QApplication, view, Qt.Key.Key_Return))
    saved = view.grid.saved_count()
    dispose(tab)
    every = digits + enters
    extra = (f"{len(every)} keys over {forms} forms of {questions} questions, {saved} forms saved; "
             f"answer keys median {statistics.median(digits):.1f} ms, Enter (save) median "
             f"{statistics.median(enters):.1f} ms, max {max(enters):.1f} ms")
    return Result("feedback grid keystroke (median)", statistics.median(every), max_ms=MAX_MS,
                  extra=extra)


def _press(qtest, qapp, view, key) -> float:
    started = time.perf_counter()
    qtest.keyClick(view, key)
    qapp.processEvents()
    return (time.perf_counter() - started) * 1000
