"""One window per record (a class, an instructor): opening it again brings the open one forward."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QWidget

W = TypeVar("W", bound=QWidget)


def show_one(registry: dict[int, W], key: int, make: Callable[[], W]) -> W:
    """Show the window registered under ``key``, making it first if there is none.

    The window removes itself from ``registry`` when it closes.
    """
    window = registry.get(key)
    if window is None:
        window = make()
        registry[key] = window
    window.show()
    window.raise_()
    window.activateWindow()
    return window
