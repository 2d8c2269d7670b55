"""The Học viên tab ready on 100,000 trainees: built, shown offscreen, its table painted once.

app:  ``TraineesTab()`` (the ordered ids of every trainee, rows read lazily page by page), shown
      at the main window's size until the table's viewport has painted.
bare: a QTableView over a minimal QAbstractTableModel: ``COUNT(*)`` for the row count and, for
      the rows on screen, ``SELECT … ORDER BY sort_key LIMIT … OFFSET …`` in plain ``sqlite3``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bench.common import Result, compare

SIZE = (1280, 780)
_BARE_SQL = (
    "SELECT t.full_name, COALESCE(t.birth_date, t.birth_year), t.gender, g.name, t.citizen_id, "
    "t.position, COALESCE(o.name, t.unit_text), "
    "(SELECT COUNT(*) FROM enrollment e WHERE e.trainee_id = t.id) "
    "FROM trainee t LEFT JOIN ethnic_group g ON g.id = t.ethnic_group_id "
    "LEFT JOIN organization o ON o.id = t.organization_id "
    "ORDER BY t.sort_key LIMIT ? OFFSET ?")
_HEADERS = ("Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Số CCCD", "Chức vụ", "Đơn vị", "Số lớp")
_BLOCK = 100


def _bare_model_class():
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

    class BareModel(QAbstractTableModel):
        def __init__(self, conn: sqlite3.Connection) -> None:
            super().__init__()
            self.conn = conn
            self.count = conn.execute("SELECT COUNT(*) FROM trainee").fetchone()[0]
            self.blocks: dict[int, list[tuple]] = {}

        def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else self.count

        def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else len(_HEADERS)

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            if role != Qt.ItemDataRole.DisplayRole:
                return None
            block, offset = divmod(index.row(), _BLOCK)
            rows = self.blocks.get(block)
            if rows is None:
                rows = self.blocks[block] = self.conn.execute(
                    _BARE_SQL, (_BLOCK, block * _BLOCK)).fetchall()
            value = rows[offset][index.column()]
            return "" if value is None else str(value)

        def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
            if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
                return _HEADERS[section]
            return None

    return BareModel


def run(path: Path, runs: int = 7) -> Result:
    from PySide6.QtWidgets import QTableView

    from app.ui.tabs.trainees import TraineesTab
    from bench.qt import application, dispose, show_and_wait_paint

    application()
    bare_model = _bare_model_class()
    conn = sqlite3.connect(str(path))
    painted = {"app": True, "bare": True}
    rows = {}

    def app() -> None:
        tab = TraineesTab()
        tab.resize(*SIZE)
        painted["app"] &= show_and_wait_paint(tab, tab.view.viewport())
        rows["app"] = tab.model.rowCount()
        dispose(tab)

    def bare() -> None:
        view = QTableView()
        model = bare_model(conn)
        view.setModel(model)
        view.resize(*SIZE)
        painted["bare"] &= show_and_wait_paint(view, view.viewport())
        rows["bare"] = model.rowCount()
        dispose(view)

    try:
        app_ms, bare_ms = compare(app, bare, runs=runs)
    finally:
        conn.close()
    note = "" if all(painted.values()) else f"NOT PAINTED {painted}"
    return Result("Học viên tab ready (100,000 trainees)", app_ms, bare_ms, max_ratio=2,
                  extra=f"{rows['app']:,} rows", note=note)


# What the clerk types, letter by letter (the prefixes of each): names, a workplace, an ID, a year.
TYPED = ("nguyen van dung", "giang seo", "thao a su", "truong tieu hoc", "xa ban me", "0101", "1980")


def _wait_for(signal, timeout_ms: int = 30_000) -> bool:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    came = []
    signal.connect(lambda *_: (came.append(True), loop.quit()))
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    return bool(came)


def typing(path: Path, runs: int = 3) -> Result:
    """The Học viên filter while typing: for every prefix of a few typed searches, the time the GUI
    thread is busy with it (asking for the search, then swapping in the ids found and painting the
    first rows; the search itself runs on the window's executor), the worst prefix reported.

    bare: the same prefix searched on the GUI thread by plain ``sqlite3`` (one ``LIKE`` per word,
    sorted, first page: name words only), which is what a filter without a worker would block."""
    import statistics
    import time

    from app.services import lists
    from app.ui.tabs.trainees import TraineesTab
    from bench.common import timed
    from bench.qt import application, dispose, show_and_wait_paint
    from bench.search import bare_search

    application()
    tab = TraineesTab()
    tab.resize(*SIZE)
    show_and_wait_paint(tab, tab.view.viewport())
    conn = sqlite3.connect(str(path))
    applied: list[float] = []
    show_found = tab._show_found

    def timed_show_found(*args) -> None:  # the result's turn on the GUI thread, with its paint
        started = time.perf_counter()
        show_found(*args)
        tab.view.viewport().repaint()
        applied.append((time.perf_counter() - started) * 1000)

    tab._show_found = timed_show_found  # type: ignore[method-assign]
    worst = (0.0, "", 0, 0.0, 0.0)  # GUI ms, text, found, bare ms, wall ms
    missed = []
    try:
        for typed in TYPED:
            for end in range(1, len(typed) + 1):
                text = typed[:end]
                if lists.filters_nothing(text):
                    continue
                gui_times, bare_times, walls = [], [], []
                for _ in range(runs):
                    tab.filter_edit.blockSignals(True)  # no debounce timer: the search is asked for here
                    tab.filter_edit.setText(text)
                    tab.filter_edit.blockSignals(False)
                    applied.clear()
                    started = time.perf_counter()
                    tab.refresh()
                    asked = (time.perf_counter() - started) * 1000
                    if not _wait_for(tab.searched):
                        missed.append(text)
                    walls.append((time.perf_counter() - started) * 1000)
                    gui_times.append(asked + sum(applied))
                    bare_times.append(timed(lambda t=text: bare_search(conn, t)))
                gui = statistics.median(gui_times)
                if gui > worst[0]:
                    worst = (gui, text, tab.model.rowCount(), statistics.median(bare_times), statistics.median(walls))
    finally:
        conn.close()
        dispose(tab)
    gui, text, found, bare, wall = worst
    return Result("Học viên filter while typing, worst prefix, GUI-thread time", gui, bare, max_ms=50,
                  extra=f"{text!r} finds {found:,}, shown {wall:.0f} ms after the pause (searched on the "
                        f"executor); bare: that search on the GUI thread",
                  note=f"NO RESULT for {missed}" if missed else "")
