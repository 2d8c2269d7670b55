"""Test harness (never shipped): start the real main window on a database, keep it up for a
while, save what it shows as a PNG, and print what a user would see. Run by the Windows
runtime's python.exe under Wine:  python.exe -X utf8 window_check.py DB PNG [SECONDS]"""

import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication

from app.paths import resources_dir
from app.services.session import open_session
from app.ui.app import load_fonts, make_application
from app.ui.main_window import MainWindow


def main() -> int:
    db, png = Path(sys.argv[1]), Path(sys.argv[2])
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 10.0
    app = make_application([])
    session = open_session(db, backup_on_start=False)
    window = MainWindow(session)
    window.resize(1280, 780)
    window.show()
    started = time.monotonic()
    seen = {}

    def look() -> None:  # what the window shows after SECONDS of running
        seen["up"] = time.monotonic() - started
        seen["visible"] = window.isVisible()
        seen["png"] = window.grab().save(str(png))
        app.quit()

    QTimer.singleShot(int(seconds * 1000), look)
    app.exec()
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    fonts = sorted(p.name for p in (resources_dir() / "fonts").glob("*.ttf"))
    print(f"platform={QGuiApplication.platformName()}")
    print(f"visible={seen.get('visible')} up={seen.get('up', 0):.1f}s png={seen.get('png')}")
    print(f"fonts={len(fonts)} loaded={load_fonts()} from={resources_dir()}")
    print(f"title={window.windowTitle()}")
    print(f"tabs={'|'.join(tabs)}")
    window.close()
    session.close()
    return 0 if seen.get("visible") and seen.get("png") else 1


if __name__ == "__main__":
    sys.exit(main())
