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
