"""The one worker for the window's long jobs (reports, printing, imports, backup, check).

Anki's ``CollectionOp`` / ``QueryOp`` idea: a screen hands a job to the executor and says what
to do with its result; it never waits for it. One thread runs the jobs, one after another, so
the database is used by the window's thread and this one only.

- ``on_success(value)`` / ``on_failure(error)`` run in the GUI thread (a queued signal).
  ``on_failure`` receives expected errors (:class:`UserError`); anything else is a bug and goes
  to ``sys.excepthook`` (the crash handler) after the task is over.
- A progress dialog appears only when the job is still running after :data:`SHOW_AFTER_MS`, so
  quick jobs never flash one. With ``with_progress`` the job gets a ``progress(done, total)``
  keyword that moves the dialog's bar; with ``progress_label`` (``"Đã in {done}/{total} trang"``)
  the dialog also says how far the job is.
- Busy guard: the widgets / actions given as ``guard`` are disabled from submit until the task
  is over. A second submit while the worker is busy is *queued* (run after the first), never
  refused and never run beside it.
- Cancellation: with ``cancellable`` the job gets a ``cancelled()`` keyword it may poll, and
  the dialog has a Hủy button. A job that saw it stops early; the task then ends *cancelled*:
  neither ``on_success`` nor ``on_failure`` runs, ``on_cancel`` does.
- The executor, not the screens, releases the worker thread's database connection after each
  job (:meth:`app.services.session.Session.release_thread_connection`).
- ``exclusive``: the worker takes no next job until this one's ``on_success`` / ``on_failure``
  has run in the GUI thread (a restore swaps the database file there: no job may use it meanwhile).
- The screen that submits a job (``parent``) may be closed and deleted while the job runs: the
  :class:`Task` belongs to the executor, never to the screen, so its end still arrives (and
  :attr:`Task.finished` is still emitted); the job is asked to stop, and the screen's callbacks are
  not run on a deleted screen. (A task that was the screen's child was deleted with it while the
  worker could still be emitting its end: a race that crashed PySide in ``~QObject``.)
"""

from __future__ import annotations

import contextlib
import logging
import queue
import sys
import threading
from collections.abc import Callable, Iterable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from app.domain.errors import Cancelled, UserError
from app.services.session import Session

log = logging.getLogger(__name__)

SHOW_AFTER_MS = 500

Guard = QWidget | QAction


class Task(QObject):
    """One submitted job: its cancel flag, its outcome, and :attr:`finished` when it is over."""

    finished = Signal()  # in the GUI thread, after on_success / on_failure / on_cancel ran
    dialog_shown = Signal()  # the progress dialog appeared (the job ran past SHOW_AFTER_MS)
    advanced = Signal(int, int)  # in the GUI thread: the job said (done, total) through ``progress``
    _ended = Signal(object, object)  # value, error: sent by the worker thread
    _progressed = Signal(int, int)

    def __init__(self, label: str, parent: QObject | None) -> None:
        super().__init__(parent)
        self.label = label
        self.screen_gone = False  # the screen that submitted it was deleted before the task ended
        self.value: Any = None
        self.error: BaseException | None = None
        self.done = False
        self.dialog: QProgressDialog | None = None
        self._cancel = threading.Event()
        self._progress: tuple[int, int] = (0, 0)
        self.progress_label = ""  # "Đã in {done}/{total} trang": the dialog's text as the job advances
        self._gate: threading.Event | None = None  # exclusive: set once the GUI-thread callbacks ran

    def cancel(self) -> None:
        """Ask the job to stop (it polls :meth:`cancelled`)."""
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _screen_destroyed(self) -> None:
        """The submitting screen is being deleted: its callbacks must not run; the job may stop."""
        self.screen_gone = True
        self._cancel.set()

    @property
    def was_cancelled(self) -> bool:
        """The task ended because it was cancelled (checked once it is :attr:`done`)."""
        return self.done and self.cancelled() and self.error is None


class Executor(QObject):
    """Runs jobs one at a time on a single worker thread; see the module docstring."""

    def __init__(self, *, release: Callable[[], None] = Session.release_thread_connection,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._release = release
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._pending = 0  # submitted and not yet run to its end
        self._lock = threading.Lock()
        self._closed = False
        self._held: dict[int, list] = {}  # id(guard) -> [guard, tasks holding it, enabled before]
        self._gates: set[threading.Event] = set()  # exclusive tasks the worker waits on

    # -- submitting -------------------------------------------------------------------------

    def submit(self, job: Callable[..., Any], *args: Any, label: str = "",
               parent: QWidget | None = None, guard: Guard | Iterable[Guard] | None = None,
               on_success: Callable[[Any], object] | None = None,
               on_failure: Callable[[UserError], object] | None = None,
               on_cancel: Callable[[], object] | None = None,
               with_progress: bool = False, cancellable: bool = False,
               show_dialog: bool = True, exclusive: bool = False, progress_label: str = "",
               **kwargs: Any) -> Task:
        """Queue ``job(*args, **kwargs)`` on the worker thread; the returned :class:`Task` says
        when it is over. ``label`` is what the progress dialog says (no dialog when
        ``show_dialog`` is false: the screen shows its own "working" text)."""
        if self._closed:
            raise RuntimeError("the executor is shut down")
        # The executor owns the task (never the screen: see the module docstring); the screen's
        # deletion is only noted, and checked again when the task ends.
        task = Task(label, self)
        task.progress_label = progress_label
        if parent is not None:
            parent.destroyed.connect(task._screen_destroyed)
        if exclusive:
            task._gate = threading.Event()
        guards = [] if guard is None else [guard] if isinstance(guard, (QWidget, QAction)) else list(guard)
        for item in guards:
            self._hold(item)
        if with_progress:
            kwargs["progress"] = lambda done, total: _emit(task._progressed, done, total)
        if cancellable:
            kwargs["cancelled"] = task.cancelled

        timer = QTimer(task)
        timer.setSingleShot(True)
        timer.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse timer may fire 5 % early
        timer.setInterval(SHOW_AFTER_MS)
        if show_dialog:
            timer.timeout.connect(lambda: self._show_dialog(task, parent, cancellable))
        task._progressed.connect(lambda done, total: _advance(task, done, total),
                                 Qt.ConnectionType.QueuedConnection)

        def ended(value: Any, error: BaseException | None) -> None:
            timer.stop()
            task.value, task.error, task.done = value, error, True
            _close_dialog(task)
            for item in guards:
                self._release_guard(item)
            bug = None
            if isinstance(error, Cancelled) and task.cancelled():
                error = task.error = None  # the job stopped as asked: a cancelled end, not a failure
            gone = task.screen_gone or (parent is not None and not shiboken6.isValid(parent))
            try:
                if gone:  # nobody to tell: the screen was closed and deleted
                    if error is not None and not isinstance(error, UserError):
                        bug = error
                elif error is None and task.cancelled():
                    if on_cancel is not None:
                        on_cancel()
                elif error is None:
                    if on_success is not None:
                        on_success(value)
                elif isinstance(error, UserError) and on_failure is not None:
                    on_failure(error)
                else:
                    bug = error
            finally:
                if task._gate is not None:
                    task._gate.set()
                task.finished.emit()
            task.deleteLater()  # its outcome stays readable from Python
            if bug is not None:  # a bug: the crash handler logs and shows it
                sys.excepthook(type(bug), bug, bug.__traceback__)

        task._ended.connect(ended, Qt.ConnectionType.QueuedConnection)
        with self._lock:
            self._pending += 1
        self._ensure_thread()
        self._queue.put((task, job, args, kwargs))
        timer.start()
        return task

    def _hold(self, item: Guard) -> None:
        held = self._held.setdefault(id(item), [item, 0, item.isEnabled()])
        held[1] += 1
        item.setEnabled(False)

    def _release_guard(self, item: Guard) -> None:
        held = self._held.get(id(item))
        if held is None:
            return
        held[1] -= 1
        if held[1] == 0:  # the last task holding it is over: back to what it was
            del self._held[id(item)]
            with contextlib.suppress(RuntimeError):  # the widget went away meanwhile
                item.setEnabled(held[2])

    def busy(self) -> bool:
        """A job is running or waiting."""
        with self._lock:
            return self._pending > 0

    # -- the worker thread ------------------------------------------------------------------

    def _ensure_thread(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="boiduong-worker", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            task, job, args, kwargs = item
            value = error = None
            try:
                value = job(*args, **kwargs)
            except BaseException as exc:  # handed to the GUI thread
                error = exc
            finally:
                try:
                    self._release()
                except Exception:  # closing a connection must not kill the worker
                    log.exception("releasing the worker's connection failed")
            gate = task._gate
            with self._lock:
                self._pending -= 1
                if gate is not None:
                    self._gates.add(gate)
                    if self._closed:
                        gate.set()
            if not _emit(task._ended, value, error) and gate is not None:
                gate.set()  # nobody left to run the callbacks
            if gate is not None:
                gate.wait()
                with self._lock:
                    self._gates.discard(gate)

    def shutdown(self, timeout: float = 30) -> None:
        """Let the running job and those queued finish, then stop the thread (on close)."""
        self._closed = True
        with self._lock:
            for gate in self._gates:  # the GUI thread is here, not running callbacks any more
                gate.set()
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout)
            self._thread = None

    # -- the progress dialog ----------------------------------------------------------------

    def _show_dialog(self, task: Task, parent: QWidget | None, cancellable: bool) -> None:
        if task.done or task.screen_gone or (parent is not None and not shiboken6.isValid(parent)):
            return
        dialog = QProgressDialog(task.label or "Đang xử lý…", "Hủy" if cancellable else "", 0, 0,
                                 parent.window() if parent is not None else None)
        dialog.setWindowTitle("Đang xử lý")
        if not cancellable:
            dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoReset(False)
        dialog.setAutoClose(False)
        if cancellable:
            dialog.canceled.connect(lambda: _cancel_from_dialog(task))
        task.dialog = dialog
        done, total = task._progress
        if total > 0:
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))
            _say_progress(task, done, total)
        dialog.show()
        task.dialog_shown.emit()


def _dialog_of(task: Task) -> QProgressDialog | None:
    """The task's progress dialog, if it is still there (it goes with the screen's window)."""
    dialog = task.dialog
    if dialog is not None and not shiboken6.isValid(dialog):
        task.dialog = dialog = None
    return dialog


def _cancel_from_dialog(task: Task) -> None:
    if task.done:
        return
    task.cancel()
    dialog = _dialog_of(task)
    if dialog is not None:
        dialog.setLabelText("Đang dừng…")


def _emit(signal: Any, *values: Any) -> bool:
    """Emit from the worker thread; the receiver may be gone (its window closed): False then."""
    try:
        signal.emit(*values)
    except RuntimeError:
        return False
    return True


def _advance(task: Task, done: int, total: int) -> None:
    task._progress = (done, total)
    # Told first: a modal progress dialog's setValue handles pending events, among them the next
    # page's news, which would otherwise reach listeners (and the label) before this one.
    task.advanced.emit(done, total)
    dialog = _dialog_of(task)
    if dialog is not None and total > 0:
        dialog.setMaximum(total)
        dialog.setValue(min(done, total))
        if task._progress == (done, total):  # not overtaken meanwhile
            _say_progress(task, done, total)


def _say_progress(task: Task, done: int, total: int) -> None:
    dialog = _dialog_of(task)
    if task.progress_label and dialog is not None and not task.cancelled():
        dialog.setLabelText(task.progress_label.format(done=f"{done:,}".replace(",", "."),
                                                       total=f"{total:,}".replace(",", ".")))


def _close_dialog(task: Task) -> None:
    dialog = _dialog_of(task)
    if dialog is None:
        return
    task.dialog = None  # a late "canceled" from the closing dialog finds the task done
    dialog.hide()
    dialog.deleteLater()


# -- the application's executor ---------------------------------------------------------------

_current: Executor | None = None


def executor() -> Executor:
    """The application's executor (the one :func:`install` set up with the session, or one
    made on first use, after QApplication exists: screens shown alone in tests)."""
    global _current
    if _current is None or _current._closed:
        _current = Executor(parent=QApplication.instance())
    return _current


def install(new: Executor) -> Executor:
    """Make ``new`` the application's executor (done once, where the session is opened)."""
    global _current
    _current = new
    return new


def shut_down() -> None:
    """Stop the application's executor (when its session closes)."""
    global _current
    if _current is not None:
        _current.shutdown()
        _current = None
