"""A task whose screen goes away: the window or dialog that submitted it is closed and deleted
while the job runs, once it has ended, or from its own callback; the job's end still arrives, the
callbacks of the gone screen do not run, and nothing crashes."""

from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QDialog, QLabel, QPushButton

from app.ui.executor import Executor

pytestmark = pytest.mark.gui

WAIT_MS = 10_000


@pytest.fixture
def runner(qapp):
    ex = Executor(release=lambda: None, parent=qapp)  # as the window's: it outlives its tasks' events
    yield ex
    ex.shutdown()


def _dialog() -> tuple[QDialog, QPushButton, QLabel]:
    dialog = QDialog()
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    button = QPushButton("Kiểm tra", dialog)
    label = QLabel(dialog)
    dialog.show()
    return dialog, button, label


def _delete_now() -> None:
    """Run the pending deleteLater()s (a closed WA_DeleteOnClose dialog is deleted here)."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_closing_the_parent_while_the_task_runs_after_it_ended_or_in_its_callback_is_harmless(qtbot, runner):
    outcomes = []
    for round_ in range(90):
        case = ("while running", "after the end", "in the callback")[round_ % 3]
        dialog, button, label = _dialog()
        started, go = threading.Event(), threading.Event()
        seen: list[object] = []

        def job(n, *, progress, cancelled, started=started, go=go):
            started.set()
            progress(1, 2)
            go.wait(WAIT_MS / 1000)
            progress(2, 2)
            return n

        def answered(value, label=label, dialog=dialog, seen=seen, case=case):
            label.setText(f"xong {value}")  # touches the dialog: must never run on a deleted one
            seen.append(value)
            if case == "in the callback":
                dialog.close()

        task = runner.submit(job, round_, parent=dialog, guard=button, with_progress=True, cancellable=True,
                             on_success=answered, on_failure=seen.append, on_cancel=lambda seen=seen: seen.append("x"))
        assert not button.isEnabled()
        if case == "while running":
            assert started.wait(WAIT_MS / 1000)
            dialog.close()
            _delete_now()
            assert not shiboken6.isValid(dialog)
            go.set()
            with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
                pass
            assert seen == []  # the screen is gone: its callbacks are not run
            assert task.cancelled()  # and the job was asked to stop
        else:
            go.set()
            with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
                pass
            assert seen == [round_] and task.value == round_
            if case == "after the end":
                assert button.isEnabled()
                dialog.close()
            _delete_now()
            assert not shiboken6.isValid(dialog)
        _delete_now()  # the task itself
        assert task.done and task.error is None
        outcomes.append(case)
    assert len(outcomes) == 90 and not runner.busy()


def test_a_job_ending_just_as_its_screen_is_deleted_is_harmless(qtbot, runner):
    """The race that crashed PySide 6.11 in ~QObject when the task was the dialog's child: the
    worker emits the job's progress and end while the GUI thread deletes the dialog."""
    for _ in range(300):
        dialog, button, label = _dialog()
        go = threading.Event()

        def job(*, progress, cancelled, go=go):
            go.wait(WAIT_MS / 1000)
            for page in range(1, 21):
                progress(page, 20)
            return page

        task = runner.submit(job, parent=dialog, guard=button, with_progress=True, cancellable=True,
                             on_success=lambda value, label=label: label.setText(str(value)))
        go.set()
        dialog.close()
        _delete_now()
        with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
            pass
        assert task.done and task.error is None and task.value in (None, 20)
    _delete_now()
    assert not runner.busy()


def test_closing_the_window_behind_a_shown_progress_dialog_is_harmless(qtbot, runner):
    for _ in range(4):
        dialog, button, _label = _dialog()
        go = threading.Event()
        seen: list[object] = []

        def job(*, progress, cancelled, go=go):
            progress(1, 3)
            go.wait(WAIT_MS / 1000)
            progress(2, 3)  # told after the window and its progress dialog are gone
            return "xong"

        task = runner.submit(job, parent=button, guard=button, with_progress=True, cancellable=True,
                             progress_label="Đã in {done}/{total} trang", on_success=seen.append,
                             on_cancel=lambda seen=seen: seen.append("dừng"))
        with qtbot.waitSignal(task.dialog_shown, timeout=WAIT_MS):
            pass
        assert task.dialog is not None and task.dialog.isVisible()
        dialog.close()
        _delete_now()
        go.set()
        with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
            pass
        _delete_now()
        assert seen == [] and task.done and task.cancelled()


def test_a_screen_deleted_long_after_many_tasks_ended_is_harmless(qtbot, runner):
    """Each task listens for its screen's deletion only while it lives: a screen that submitted many
    jobs (their tasks long deleted) is then deleted without calling into any of them."""
    dialog, button, label = _dialog()
    tasks = []
    for n in range(40):
        task = runner.submit(lambda n=n: n, parent=dialog, guard=button,
                             on_success=lambda value: label.setText(str(value)))
        with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
            pass
        tasks.append(task)
    _delete_now()
    assert label.text() == "39" and not any(shiboken6.isValid(task) for task in tasks)
    assert [task.value for task in tasks] == list(range(40))  # still readable from Python
    dialog.close()
    _delete_now()
    assert not shiboken6.isValid(dialog) and not any(task.screen_gone for task in tasks)
