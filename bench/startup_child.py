"""A child process of the start-up bench: ``app DB`` starts the program on DB as ``boiduong --db DB``
does; ``bare`` shows a QMainWindow with four empty table tabs. Both print ``READY <peak KB>``
once their window has painted its first frame, then quit."""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView, QTabWidget, QWidget

from bench.peak import peak_kb


class FirstFrame(QObject):
    """Quits after the first paint inside a visible main window (once that frame is done)."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (not self.seen and event.type() == QEvent.Type.Paint and isinstance(watched, QWidget)
                and isinstance(watched.window(), QMainWindow)):
            self.seen = True
            QTimer.singleShot(0, self.ready)
        return False

    def ready(self) -> None:
        heavy = [name for name in ("reportlab", "openpyxl") if name in sys.modules] or ["-"]
        print(f"READY {peak_kb()} {','.join(heavy)}", flush=True)
        QApplication.quit()


def main() -> int:
    mode = sys.argv[1]
    app = QApplication(["boiduong"])
    watch = FirstFrame()
    app.installEventFilter(watch)
    if mode == "app":
        from app.cli import main as cli_main

        return cli_main(["--db", sys.argv[2]])
    window = QMainWindow()
    tabs = QTabWidget(window)
    for title in ("Lớp học", "Học viên", "Giảng viên", "Báo cáo"):
        tabs.addTab(QTableView(tabs), title)
    window.setCentralWidget(tabs)
    window.resize(1280, 780)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
