"""The one worker: callbacks in the GUI thread, progress only after 500 ms, a busy guard, cancel."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from app.domain.errors import UserError
from app.ui import executor as executor_module
from app.ui.executor import SHOW_AFTER_MS, Executor


@pytest.fixture
def runner(qapp):
    released: list[str] = []
    ex = Executor(release=lambda: released.append(threading.current_thread().name))
    ex.released = released
    yield ex
    ex.shutdown()


def test_success_runs_in_the_gui_thread_with_the_value(qtbot, runner):
    seen = {}

    def job(a, b):
        seen["job thread"] = threading.get_ident()
        return a + b

    task = runner.submit(job, 2, 3, on_success=lambda v: seen.update(value=v, thread=threading.get_ident()))
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert seen["value"] == 5
    assert seen["thread"] == threading.get_ident()  # the GUI thread
    assert seen["job thread"] != threading.get_ident()
    assert runner.released == ["boiduong-worker"]  # the executor closed the worker's connection
    assert not runner.busy()


def test_an_expected_error_goes_to_on_failure_in_the_gui_thread(qtbot, runner):
    seen = {}

    def job():
        raise UserError("Tệp đang mở ở chương trình khác.")

    task = runner.submit(job, on_success=lambda v: seen.update(success=v),
                         on_failure=lambda e: seen.update(message=e.message, thread=threading.get_ident()))
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert seen == {"message": "Tệp đang mở ở chương trình khác.", "thread": threading.get_ident()}
    assert isinstance(task.error, UserError)


def test_a_bug_reaches_the_crash_handler_not_on_failure(qtbot, runner, monkeypatch):
    hooked, handled = [], []
    monkeypatch.setattr("sys.excepthook", lambda kind, exc, tb: hooked.append(exc))

    def job():
        raise ZeroDivisionError("bug")

    task = runner.submit(job, on_failure=handled.append)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    qtbot.waitUntil(lambda: bool(hooked), timeout=5000)
    assert [type(e) for e in hooked] == [ZeroDivisionError]
    assert handled == []


def test_the_progress_dialog_appears_only_after_half_a_second(qtbot, runner):
    release = threading.Event()
    steps = []

    def job(progress):
        progress(3, 10)
        steps.append("reported")
        release.wait(10)
        return "ok"

    started = time.monotonic()
    task = runner.submit(job, label="Đang tạo báo cáo…", with_progress=True)
    qtbot.waitUntil(lambda: steps == ["reported"], timeout=5000)
    assert task.dialog is None  # a quick job never flashes a dialog
    with qtbot.waitSignal(task.dialog_shown, timeout=5000):
        pass
    assert time.monotonic() - started >= (SHOW_AFTER_MS - 2) / 1000  # the timer counts whole milliseconds
    assert task.dialog.isVisible()
    assert task.dialog.labelText() == "Đang tạo báo cáo…"
    qtbot.waitUntil(lambda: (task.dialog.value(), task.dialog.maximum()) == (3, 10), timeout=5000)
    dialog = task.dialog
    release.set()
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert task.value == "ok"
    assert task.dialog is None and not dialog.isVisible()


def test_a_quick_job_shows_no_dialog(qtbot, runner):
    shown = []
    task = runner.submit(lambda: 1, label="…")
    task.dialog_shown.connect(lambda: shown.append(True))
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert shown == [] and task.dialog is None


def test_the_busy_guard_disables_the_button_and_a_second_job_waits_its_turn(qtbot, runner):
    button, other = QPushButton("In"), QPushButton("Lưu")
    qtbot.addWidget(button)
    qtbot.addWidget(other)
    release = threading.Event()
    order = []

    def first():
        release.wait(10)
        order.append("first")
        return 1

    one = runner.submit(first, guard=button, show_dialog=False)
    two = runner.submit(lambda: order.append("second"), guard=other, show_dialog=False)
    assert not button.isEnabled() and not other.isEnabled()
    assert runner.busy()
    release.set()
    with qtbot.waitSignal(two.finished, timeout=5000):
        pass
    assert one.done and order == ["first", "second"]  # queued, one after the other, never side by side
    assert button.isEnabled() and other.isEnabled()
    assert not runner.busy()


def test_a_guard_held_by_two_tasks_comes_back_after_the_last_and_a_disabled_one_stays_disabled(qtbot, runner):
    button, off = QPushButton("In"), QPushButton("Cấp")
    qtbot.addWidget(button)
    qtbot.addWidget(off)
    off.setEnabled(False)
    first, second = threading.Event(), threading.Event()
    one = runner.submit(first.wait, 10, guard=[button, off], show_dialog=False)
    two = runner.submit(second.wait, 10, guard=button, show_dialog=False)
    with qtbot.waitSignal(one.finished, timeout=5000):
        first.set()
    assert not button.isEnabled()  # the second task still holds it
    with qtbot.waitSignal(two.finished, timeout=5000):
        second.set()
    assert button.isEnabled() and not off.isEnabled()


def test_cancel_stops_the_job_and_neither_success_nor_failure_runs(qtbot, runner):
    started, go, seen = threading.Event(), threading.Event(), []
    done_steps = []

    def job(cancelled):
        for step in range(1000):
            if cancelled():
                return None
            done_steps.append(step)
            if step == 3:
                started.set()
                go.wait(10)
        return "finished"

    task = runner.submit(job, label="…", cancellable=True, on_success=seen.append,
                         on_failure=seen.append, on_cancel=lambda: seen.append("cancelled"))
    assert started.wait(5)
    task.cancel()
    go.set()
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert seen == ["cancelled"] and task.was_cancelled
    assert done_steps == [0, 1, 2, 3]  # it stopped at the next look


def test_the_dialog_cancel_button_cancels(qtbot, runner):
    go = threading.Event()

    def job(cancelled):
        go.wait(10)
        return None if cancelled() else "finished"

    task = runner.submit(job, label="Đang tạo…", cancellable=True)
    with qtbot.waitSignal(task.dialog_shown, timeout=5000):
        pass
    button = next(b for b in task.dialog.findChildren(QPushButton) if b.text() == "Hủy")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert task.dialog.labelText() == "Đang dừng…"
    go.set()
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert task.was_cancelled


def test_the_application_executor_is_one(qapp):
    assert executor_module.executor() is executor_module.executor()
    mine = executor_module.install(Executor())
    assert executor_module.executor() is mine
    executor_module.shut_down()
    assert executor_module.executor() is not mine


def test_the_dialog_says_how_many_pages_are_done(qtbot, runner):
    """With ``progress_label`` the dialog's text follows the job: "Đã in 3/10 trang"."""
    shown, go = threading.Event(), threading.Event()

    def job(progress):
        progress(1, 1200)
        shown.wait(5)
        progress(3, 1200)
        go.wait(5)
        return "ok"

    task = runner.submit(job, label="Đang in…", with_progress=True, progress_label="Đã in {done}/{total} trang")
    task.dialog_shown.connect(shown.set)
    with qtbot.waitSignal(task.dialog_shown, timeout=5000):
        pass
    assert task.dialog.labelText() == "Đã in 1/1.200 trang"
    with qtbot.waitSignal(task.advanced, timeout=5000, check_params_cb=lambda done, total: done == 3):
        pass
    assert task.dialog.labelText() == "Đã in 3/1.200 trang" and task.dialog.value() == 3
    go.set()
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert task.value == "ok"


def test_an_exclusive_task_keeps_the_next_job_waiting_until_its_callback_is_over(qtbot, runner):
    order: list[str] = []
    first = runner.submit(lambda: order.append("job 1"), exclusive=True,
                          on_success=lambda _v: order.extend(["callback 1 starts", "callback 1 ends"]))
    second = runner.submit(lambda: order.append("job 2"))
    with qtbot.waitSignal(second.finished, timeout=5000):
        pass
    assert first.done
    assert order == ["job 1", "callback 1 starts", "callback 1 ends", "job 2"]


def test_shutting_down_does_not_wait_forever_for_an_exclusive_callback_not_run_yet(qtbot, runner):
    done = threading.Event()
    task = runner.submit(done.set, exclusive=True)
    assert done.wait(5)  # the job ran; its callback waits for the event loop, which is here, shutting down
    worker = runner._thread
    runner.shutdown(timeout=10)
    assert not worker.is_alive()
    with qtbot.waitSignal(task.finished, timeout=5000):  # the callback still runs once events flow
        pass


def test_a_job_that_stops_by_raising_cancelled_ends_cancelled_and_an_unasked_one_is_a_bug(qtbot, runner, monkeypatch):
    """A drawing stops by raising Cancelled at its next page: that is the cancelled end (on_cancel,
    no failure, no crash dialog); Cancelled raised when nobody asked is a bug."""
    from app.domain.errors import Cancelled

    hooked, seen = [], []
    monkeypatch.setattr("sys.excepthook", lambda kind, exc, tb: hooked.append(exc))
    started, go = threading.Event(), threading.Event()

    def job(cancelled):
        started.set()
        go.wait(10)
        if cancelled():
            raise Cancelled
        return "finished"

    task = runner.submit(job, cancellable=True, on_success=seen.append, on_failure=seen.append,
                         on_cancel=lambda: seen.append("cancelled"))
    assert started.wait(5)
    task.cancel()
    go.set()
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert seen == ["cancelled"] and task.was_cancelled and task.error is None and hooked == []

    def unasked():
        raise Cancelled

    task = runner.submit(unasked, on_success=seen.append, on_failure=seen.append, on_cancel=lambda: seen.append("?"))
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    qtbot.waitUntil(lambda: bool(hooked), timeout=5000)
    assert [type(e) for e in hooked] == [Cancelled] and seen == ["cancelled"]


def test_pages_are_told_in_order_while_the_dialog_shows_them(qtbot, runner):
    """A printout draws pages faster than the window shows them: each page's news reaches
    listeners once, in order, and the dialog's last word is the last page (the modal dialog's
    setValue handled the next page's news first, so listeners heard 20 before 19 and the label
    could fall back to 19 after 20)."""
    shown, go = threading.Event(), threading.Event()

    def job(progress):
        progress(0, 400)
        shown.wait(5)
        for page in range(1, 401):
            progress(page, 400)
        go.wait(5)
        return "ok"

    task = runner.submit(job, label="Đang in…", with_progress=True, progress_label="Đã in {done}/{total} trang")
    told: list[int] = []
    task.advanced.connect(lambda done, total: told.append(done))
    task.dialog_shown.connect(shown.set)
    qtbot.waitUntil(lambda: 400 in told, timeout=10000)
    assert told == list(range(0, 401)) or told == list(range(1, 401))
    assert task.dialog.labelText() == "Đã in 400/400 trang" and task.dialog.value() == 400
    go.set()
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
