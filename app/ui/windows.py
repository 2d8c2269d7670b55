"""Windows of records: one window per record (a class, an instructor), opening it again brings the
open one forward; and how one record's window opens another's without importing it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

W = TypeVar("W", bound=QWidget)


def show_one(registry: dict[int, W], key: int, make: Callable[[], W]) -> W:
    """Show the window registered under ``key``, making it first if there is none; an open window
    that was minimized comes back (at its size before, maximized if it was).

    The window removes itself from ``registry`` when it closes. Record windows are top-level
    windows of their own (no parent): an owned window has no taskbar button on Windows and, once
    minimized, is out of sight; :func:`close_all` closes them with the main window.
    """
    window = registry.get(key)
    if window is None:
        window = make()
        if window.parentWidget() is not None:
            window.setParent(None)
        window.setWindowFlags(Qt.WindowType.Window | Qt.WindowType.WindowMinMaxButtonsHint
                              | Qt.WindowType.WindowCloseButtonHint)
        registry[key] = window
        if not any(known is registry for known in _registries):
            _registries.append(registry)
    if window.isMinimized():
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
    return window


_registries: list[dict] = []


def close_all() -> None:
    """Close every record window opened through :func:`show_one` (the main window is closing)."""
    for registry in _registries:
        for window in list(registry.values()):
            window.close()


# -- going from one record to another ---------------------------------------------------------
# The class window lists trainees (each opens the trainee's record) and the trainee's record
# lists classes (each opens the class window). Neither imports the other: each asks this module,
# and the main window registers, once, the functions that open them (importing them lazily).

Opener = Callable[[int, "QWidget | None"], "QWidget | None"]
_openers: dict[str, Opener] = {}


def register_opener(kind: str, opener: Opener) -> None:
    """Say how to open a record of ``kind`` ("course", "trainee") by its id."""
    _openers[kind] = opener


def open_record(kind: str, record_id: int, parent: QWidget | None = None) -> QWidget | None:
    """Open the record ``record_id`` of ``kind``; None when no opener is registered (a screen
    shown alone, without the main window)."""
    opener = _openers.get(kind)
    return opener(record_id, parent) if opener is not None else None


def open_course(course_id: int, parent: QWidget | None = None) -> QWidget | None:
    """The class window of ``course_id`` (one per class)."""
    return open_record("course", course_id, parent)


def open_trainee(trainee_id: int, parent: QWidget | None = None) -> QWidget | None:
    """The record of trainee ``trainee_id``."""
    return open_record("trainee", trainee_id, parent)
