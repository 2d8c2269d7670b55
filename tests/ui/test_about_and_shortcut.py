"""Trợ giúp › Giới thiệu (version, data and backup folders, sizes) and Trợ giúp › Tạo lối tắt."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from app import __version__
from app.store import safety
from app.ui import desktop_shortcut
from app.ui.desktop_shortcut import CREATE_NO_WINDOW, Target, create_shortcut, program_target
from app.ui.dialogs.about import AboutDialog, size_text
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def _menu_action(window: MainWindow, menu_title: str, text: str):
    for action in window.menuBar().actions():
        if action.text().replace("&", "") == menu_title:
            for item in action.menu().actions():
                if item.text().replace("&", "") == text:
                    return item
    raise AssertionError(f"{menu_title} › {text} not found")


def test_size_text_is_vietnamese():
    assert size_text(0) == "0 KB"
    assert size_text(812 * 1024) == "812 KB"
    assert size_text(int(12.44 * 1024 * 1024)) == "12,4 MB"
    assert size_text(3 * 1024 ** 3 // 2) == "1,5 GB"


def test_about_shows_version_folders_and_sizes(session, qtbot, backend, tmp_path):
    session.backup_now()  # one automatic backup (none on a server: the server's own schedule)
    window = MainWindow(session)
    qtbot.addWidget(window)
    _menu_action(window, "Trợ giúp", "Giới thiệu").trigger()
    dialog = window.findChild(AboutDialog, "aboutDialog")
    assert dialog is not None and dialog.isVisible()
    fields = {key: label.text() for key, label in dialog.fields.items()}
    assert fields["version"] == __version__
    dialog.grab().save(str(tmp_path / f"about-{backend}.png"))
    if backend == "postgresql":  # the data is on the server; this PC keeps its settings and logs
        assert fields["database"] == session.label and fields["database"].startswith("postgresql://boiduong@127.0.0.1:")
        assert fields["data_dir"] == os.environ["BOIDUONG_DATA_DIR"]
        assert fields["backups"] == "trên máy chủ, theo lịch của máy chủ (pg_dump)"
        assert "size" not in fields and not dialog.open_backups_button.isVisibleTo(dialog)
        return
    assert fields["database"] == str(session.path)
    assert fields["data_dir"] == str(session.path.parent)
    assert fields["backup_dir"] == str(session.path.parent / "backups")
    db_bytes = session.path.stat().st_size + session.path.with_name(session.path.name + "-wal").stat().st_size
    assert fields["size"] == size_text(db_bytes)
    (backup,) = safety.list_backups(session.path)
    assert fields["backups"] == f"1 bản, {size_text(backup.path.stat().st_size)}"
    assert dialog.open_backups_button.isVisibleTo(dialog)


def test_about_before_any_backup_says_so(session, qtbot):
    dialog = AboutDialog(session.path)
    qtbot.addWidget(dialog)
    assert dialog.fields["backups"].text() == "chưa có"


def test_the_menu_makes_a_desktop_entry_on_linux(session, qtbot, tmp_path, monkeypatch):
    desktop = tmp_path / "Màn hình nền"
    monkeypatch.setattr(desktop_shortcut, "desktop_dir", lambda: desktop)
    window = MainWindow(session)
    qtbot.addWidget(window)
    _menu_action(window, "Trợ giúp", "Tạo lối tắt trên màn hình").trigger()
    entry = desktop / "boiduong.desktop"
    text = entry.read_text(encoding="utf-8")
    assert "Name=Bồi dưỡng" in text and "Terminal=false" in text
    assert entry.stat().st_mode & 0o111
    box = window.findChild(QMessageBox, "shortcutResult")
    assert box is not None and str(entry) in box.text()


def test_a_shortcut_that_cannot_be_written_says_why(session, qtbot, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setattr(desktop_shortcut, "desktop_dir", lambda: blocker / "Desktop")
    window = MainWindow(session)
    qtbot.addWidget(window)
    assert window.make_desktop_shortcut() is None
    box = window.findChild(QMessageBox, "shortcutResult")
    assert box is not None and box.text().startswith("Không tạo được lối tắt trên màn hình: ")
    assert "Not a directory" not in box.text() and "File exists" not in box.text()  # the reason in Vietnamese


def test_windows_lnk_through_powershell_without_a_console(tmp_path):
    """The .lnk is made by PowerShell's WScript.Shell, with the paths in its environment (no quoting
    of Vietnamese letters or spaces) and CREATE_NO_WINDOW (no console flashes)."""
    exe = tmp_path / "Chương trình" / "Bồi dưỡng.exe"
    calls = []

    def powershell(args, **kwargs):
        calls.append((args, kwargs))
        Path(kwargs["env"]["BOIDUONG_LNK"]).write_bytes(b"L\0\0\0 a shell link")
        return subprocess.CompletedProcess(args, 0)

    made = create_shortcut(tmp_path / "Desktop", target=Target(exe, "", exe.parent), platform="win32",
                           run=powershell)
    assert made == tmp_path / "Desktop" / "Bồi dưỡng.lnk"
    ((args, kwargs),) = calls
    assert args[0] == "powershell.exe" and "CreateShortcut($env:BOIDUONG_LNK)" in args[-1]
    assert kwargs["env"]["BOIDUONG_TARGET"] == str(exe)
    assert kwargs["env"]["BOIDUONG_WORKDIR"] == str(exe.parent)
    assert kwargs["creationflags"] & CREATE_NO_WINDOW and kwargs["stdin"] == subprocess.DEVNULL
    assert str(exe) not in " ".join(args)  # paths travel in the environment only


def test_windows_without_powershell_writes_an_internet_shortcut(tmp_path):
    exe = tmp_path / "Chương trình" / "Bồi dưỡng.exe"

    def missing(args, **kwargs):
        raise FileNotFoundError(2, "No such file", "powershell.exe")

    made = create_shortcut(tmp_path / "Desktop", target=Target(exe, "", exe.parent), platform="win32", run=missing)
    assert made.name == "Bồi dưỡng.url"
    raw = made.read_bytes()
    assert raw[:2] == b"\xff\xfe"  # UTF-16 with its byte-order mark: Windows reads INI files so
    text = raw.decode("utf-16")
    assert "[InternetShortcut]" in text and f"URL={exe.as_uri()}" in text and f"IconFile={exe}" in text


def test_the_portable_build_targets_its_launcher(tmp_path):
    build = tmp_path / "boiduong-0.2.0-win64"
    (build / "runtime").mkdir(parents=True)
    (build / "runtime" / "pythonw.exe").write_bytes(b"MZ")
    (build / "Bồi dưỡng.exe").write_bytes(b"MZ")
    target = program_target(str(build / "runtime" / "pythonw.exe"))
    assert target == Target(build / "Bồi dưỡng.exe", "", build)
    elsewhere = program_target(str(tmp_path / "venv" / "bin" / "python"))
    assert elsewhere.arguments == "-m app"
