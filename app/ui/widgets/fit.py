"""Columns as wide as what they show: a name column never cuts a name (issue 16 point 6); windows
no larger than the screen they open on.

Widths are measured with the view's own font metrics on the texts shown (a few thousand at most:
a class, an import, a page of search results), never on a 100,000-row list.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

PADDING = 20  # the item delegate's margins on both sides, and a little air
# The window's frame (title bar, borders) lies outside the size Qt gives a widget; the screen's
# available area already leaves out the taskbar.
FRAME = QSize(16, 40)


def text_width(view: QTableView, texts: Iterable[str]) -> int:
    """The width the widest of ``texts`` needs in ``view``, margins included."""
    metrics = view.fontMetrics()
    return max((metrics.horizontalAdvance(t) for t in texts if t), default=0) + PADDING


def fit_column(view: QTableView, column: int, texts: Iterable[str], *, header: str = "") -> int:
    """Make ``column`` at least as wide as the widest text (and its header); it is never narrowed
    below what it had, and is resized by the user from there (not stretched)."""
    header_view = view.horizontalHeader()
    needed = max(text_width(view, texts), text_width(view, [header]) if header else 0)
    width = max(needed, header_view.sectionSize(column))
    if header_view.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch:
        header_view.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
    header_view.resizeSection(column, width)
    return width


def screen_room(widget: QWidget) -> QSize:
    """The largest window, frame included, that fits on the screen ``widget`` opens on."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    available = screen.availableGeometry()
    return QSize(available.width() - FRAME.width(), available.height() - FRAME.height())


def fit_to_screen(widget: QWidget, width: int, height: int) -> QSize:
    """Size ``widget`` width×height, or smaller where the screen is: a 1366×768 office screen, or a
    larger one at 125 % or 150 % display scaling, shows the whole window, its buttons included."""
    room = screen_room(widget)
    size = QSize(min(width, room.width()), min(height, room.height()))
    widget.resize(size)
    return size
