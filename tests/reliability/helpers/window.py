"""The program's window on a database, started as ``boiduong --db DB`` starts it, that says when
its start is over.

``python window.py DB`` runs the command line's GUI start in this process (so the process that
holds the database is this one) and prints ``ready`` on stdout once the main window has painted
its first frame: the lock is taken, the backup on start made and the first lists shown. It then
runs until it is terminated, like the real window.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget


class FirstFrame(QObject):
    """Prints ``ready`` once, after the first paint inside the visible main window is done."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (not self.seen and event.type() == QEvent.Type.Paint and isinstance(watched, QWidget)
                and isinstance(watched.window(), QMainWindow)):
            self.seen = True
            QTimer.singleShot(0, lambda: print("ready", flush=True))
        return False


def main(db_path: str) -> int:
    app = QApplication(["boiduong"])  # the GUI start uses this one
    watch = FirstFrame()
    app.installEventFilter(watch)
    from app.cli import main as cli_main

    return cli_main(["--db", db_path])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
