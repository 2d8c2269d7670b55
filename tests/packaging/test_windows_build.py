"""The Windows portable build (packaging/windows/build.py), unzipped into a fresh Wine prefix and run.

The Wine tests run when ``BOIDUONG_WINE_TEST=1`` (``.ci/run`` sets it and installs wine and
Xvfb; see the README). Without it they are skipped with that reason, so ``pytest`` on a machine
without wine passes; with it, a missing wine is a failure, not a skip.

What Wine (Debian's 8.0) needs, all in this harness and nothing in the shipped zip:
- wine's stdin, stdout and stderr must not be regular files (Python dies at start-up with
  "can't initialize sys standard streams"): stdin is /dev/null, output goes through pipes;
- a crash starts winedbg, which waits forever: every call has a timeout, and the prefix's
  processes are killed (``wineserver -k``) after one;
- Wine does not pass ``QT_*`` variables to Windows programs: ``WINEQT_QPA_PLATFORM=offscreen``
  arrives as ``QT_QPA_PLATFORM``; offscreen still needs an X display (Xvfb);
- the real ``qwindows`` platform aborts in QApplication's constructor under Wine 8.0, and the
  offscreen platform on Windows has no font database (text draws as boxes): the window is
  proven to start, lay out and stay up, not how its text looks;
- non-ASCII arguments need a UTF-8 Unix locale (LANG=C.UTF-8), and a .bat is started by wine
  directly (``cmd /c "a b.bat" "x y"`` strips the outer quotes).
"""

from __future__ import annotations

import ast
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

import app
from tests.packaging.smoke import assert_certificates_pdf, smallest_certified_class

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging" / "windows"))
import build  # noqa: E402  (packaging/windows/build.py)

WINE_ON = os.environ.get("BOIDUONG_WINE_TEST") == "1"
needs_wine = pytest.mark.skipif(
    not WINE_ON, reason="the Windows build under Wine runs with BOIDUONG_WINE_TEST=1 (.ci/run sets it; see README)")
FOLDER = "Chương trình thử"  # Vietnamese and a space, as on a real office PC
TOP = f"boiduong-{app.__version__}-win64"


# --- always: what the build script decides, checked against the source ----------------------


def test_the_build_keeps_every_qt_module_the_program_imports():
    imported = set()
    for path in (ROOT / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("PySide6."):
                imported.add(node.module.split(".")[1])
            elif isinstance(node, ast.Import):
                imported |= {a.name.split(".")[1] for a in node.names if a.name.startswith("PySide6.")}
    assert imported <= set(build.QT_MODULES), imported - set(build.QT_MODULES)


def test_one_constraints_file_pins_linux_and_windows():
    text = build.CONSTRAINTS.read_text(encoding="utf-8")
    windows = build.windows_constraints(text)
    assert "PySide6==6.9.3" in windows and "PySide6==6.11.3" not in windows  # no icuuc.dll needed
    assert {"reportlab==5.1.0", "openpyxl==3.1.5", "peewee==4.5.3"} <= set(windows)
    import PySide6
    import reportlab

    # The Linux tests run the versions this same file pins for Linux.
    assert f"PySide6=={PySide6.__version__} ; sys_platform != \"win32\"" in text
    assert f"reportlab=={reportlab.Version}" in text


def test_zxing_gets_the_msvc_runtime_it_links_beside_it(tmp_path):
    (tmp_path / "zxingcpp").mkdir()
    (tmp_path / "shiboken6").mkdir()
    (tmp_path / "shiboken6" / "msvcp140.dll").write_bytes(b"MZ runtime")
    assert build.give_zxing_its_runtime(tmp_path) == [tmp_path / "zxingcpp" / "msvcp140.dll"]
    assert (tmp_path / "zxingcpp" / "msvcp140.dll").read_bytes() == b"MZ runtime"
    assert "zxing-cpp==" in build.CONSTRAINTS.read_text(encoding="utf-8")
    assert "segno==" in build.CONSTRAINTS.read_text(encoding="utf-8")


def test_the_pe_import_reader_finds_a_dlls_imports(tmp_path):
    """pe_imports on a hand-made minimal PE32+ file with one import descriptor."""
    image = bytearray(0x400)
    image[0:2] = b"MZ"
    image[0x3C:0x40] = (0x80).to_bytes(4, "little")
    image[0x80:0x84] = b"PE\0\0"
    image[0x86:0x88] = (1).to_bytes(2, "little")  # one section
    image[0x94:0x96] = (240).to_bytes(2, "little")  # optional header size (PE32+)
    opt = 0x98
    image[opt:opt + 2] = (0x20B).to_bytes(2, "little")
    dirs = opt + 112
    image[dirs + 8:dirs + 12] = (0x1000).to_bytes(4, "little")  # import table RVA
    section = opt + 240
    image[section + 8:section + 24] = b"".join(x.to_bytes(4, "little") for x in (0x200, 0x1000, 0x200, 0x200))
    descriptor = 0x200
    image[descriptor + 12:descriptor + 16] = (0x1100).to_bytes(4, "little")  # name RVA
    image[0x300:0x30C] = b"Qt6Core.dll\0"
    dll = tmp_path / "x.dll"
    dll.write_bytes(bytes(image))
    assert build.pe_imports(dll) == {"qt6core.dll"}
    text = tmp_path / "y.txt"
    text.write_bytes(b"hi")
    assert build.pe_imports(text) == set()


def test_the_window_launcher_is_a_windowed_program_that_starts_pythonw():
    """No console window flashes: the launcher is a GUI-subsystem program whose shebang names
    pythonw.exe beside it, and its zip starts the program's entry point."""
    exe = build.gui_launcher()
    assert build.pe_subsystem(exe) == 2
    assert b"#!<launcher_dir>\\runtime\\pythonw.exe -X utf8\r\n" in exe
    with zipfile.ZipFile(io.BytesIO(exe)) as zf:
        main = zf.read("__main__.py").decode()
    assert "from app.cli import main" in main and "sys.exit(main(sys.argv[1:]))" in main


# --- under Wine --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def portable_zip(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    started = time.monotonic()
    subprocess.run([sys.executable, str(ROOT / "packaging" / "windows" / "build.py"), "--out", str(out)],
                   check=True, stdin=subprocess.DEVNULL, timeout=1200)
    print(f"\nbuild: {time.monotonic() - started:.0f} s")
    return out / f"{TOP}.zip"


class Wine:
    def __init__(self, prefix: Path, display: str):
        self.prefix = prefix
        self.env = {**os.environ, "WINEPREFIX": str(prefix), "WINEDEBUG": "-all", "LANG": "C.UTF-8",
                    "WINEDLLOVERRIDES": "mscoree,mshtml=", "DISPLAY": display,
                    "WINEQT_QPA_PLATFORM": "offscreen"}
        for key in [k for k in self.env if k.startswith("QT_") or k == "BOIDUONG_DATA_DIR"]:
            del self.env[key]  # the program under Wine finds its own data folder, as on Windows

    @property
    def c(self) -> Path:
        return self.prefix / "drive_c"

    def run(self, *args: str, timeout: float = 240) -> subprocess.CompletedProcess:
        try:
            # capture_output: pipes, never files (Python under Wine cannot start on file streams)
            return subprocess.run(["wine", *args], env=self.env, stdin=subprocess.DEVNULL, capture_output=True,
                                  timeout=timeout, text=True, encoding="utf-8", errors="replace")
        except subprocess.TimeoutExpired:
            self.kill()
            raise

    def start(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen(["wine", *args], env=self.env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace",
                                start_new_session=True)

    def kill(self) -> None:
        subprocess.run(["wineserver", "-k"], env=self.env, stdin=subprocess.DEVNULL, capture_output=True, timeout=60)

    def bat(self, *args: str, timeout: float = 240) -> subprocess.CompletedProcess:
        return self.run(rf"C:\{FOLDER}\{TOP}\boiduong.bat", *args, timeout=timeout)


@pytest.fixture(scope="module")
def wine(portable_zip, tmp_path_factory):
    if not shutil.which("wine") or not shutil.which("Xvfb"):
        pytest.fail("BOIDUONG_WINE_TEST=1 but wine or Xvfb is missing (.ci/run installs them)")
    assert portable_zip.stat().st_size <= build.MAX_ZIP_BYTES
    home = tmp_path_factory.mktemp("wine")
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-nolisten", "tcp", "-screen", "0", "1280x800x24"],
                            pass_fds=(write_fd,), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as fh:
        display = ":" + fh.readline().strip()
    w = Wine(home / "prefix", display)
    try:
        started = time.monotonic()
        boot = w.run("wineboot", "-i", timeout=300)
        assert boot.returncode == 0, boot.stderr
        print(f"\nwineboot: {time.monotonic() - started:.0f} s")
        with zipfile.ZipFile(portable_zip) as zf:
            zf.extractall(w.c / FOLDER)
        yield w
    finally:
        w.kill()
        xvfb.send_signal(signal.SIGTERM)
        xvfb.wait(timeout=30)


def _ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@needs_wine
def test_version_under_wine(wine):
    assert _ok(wine.bat("--version")).strip() == f"boiduong {app.__version__}"
    runtime = wine.c / FOLDER / TOP / "runtime"
    assert build.pe_subsystem((runtime / "pythonw.exe").read_bytes()) == 2  # the window's: no console
    assert build.pe_subsystem((runtime / "python.exe").read_bytes()) == 3  # boiduong.bat's
    assert build.pe_subsystem((wine.c / FOLDER / TOP / "Bồi dưỡng.exe").read_bytes()) == 2


@needs_wine
def test_the_data_lives_in_the_users_appdata_under_wine(wine):
    """Without --db the program looks in %APPDATA%\\boiduong\\boiduong, never beside itself."""
    missing = wine.bat("check")
    assert missing.returncode == 1
    assert "\\AppData\\Roaming\\boiduong\\boiduong\\boiduong.sqlite3" in missing.stderr, missing.stderr
    assert FOLDER not in missing.stderr


@needs_wine
def test_demo_check_and_certificates_under_wine(wine):
    assert "Đã tạo dữ liệu mẫu trong C:\\x.db" in _ok(wine.bat("--db", r"C:\x.db", "demo", timeout=400))
    assert "Cơ sở dữ liệu tốt" in _ok(wine.bat("--db", r"C:\x.db", "check"))
    backups = list((wine.c / "backups").glob("x-*.sqlite3"))
    assert backups, "the demo's closing backup (the fsync that Windows refused)"
    code, expected = smallest_certified_class(wine.c / "x.db")
    out = _ok(wine.bat("--db", r"C:\x.db", "print", "certificates", "--course", code, "--out", r"C:\x.pdf"))
    assert "C:\\x.pdf" in out
    assert_certificates_pdf(wine.c / "x.pdf", expected)
    # The QR code read back from a scan of the first page by the Windows build (zxing-cpp's module loads).
    subprocess.run(["pdftoppm", "-png", "-r", "200", "-f", "1", "-l", "1", "-singlefile", str(wine.c / "x.pdf"),
                    str(wine.c / "scan")], check=True)
    checked = wine.bat("--db", r"C:\x.db", "verify", r"C:\scan.png")
    assert checked.returncode == 0 and "GIẤY CHỨNG NHẬN THẬT, CÒN HIỆU LỰC" in checked.stdout, checked.stderr


@needs_wine
def test_a_vietnamese_path_with_spaces_under_wine(wine):
    db = r"C:\users\Nguyễn Văn A\Dữ liệu của tôi\boiduong.sqlite3"
    _ok(wine.bat("--db", db, "demo", timeout=400))
    _ok(wine.bat("--db", db, "course", "add", "--code", "WINE-NQ-01", "--program", "NQ",
                 "--name", "Học tập nghị quyết Đại hội", "--start", "05/01/2026", "--end", "06/01/2026"))
    _ok(wine.bat("--db", db, "backup", r"C:\Sao lưu USB\bản sao.sqlite3"))
    conn = sqlite3.connect(wine.c / "Sao lưu USB" / "bản sao.sqlite3")
    try:
        rows = conn.execute("SELECT code, name FROM course WHERE code = 'WINE-NQ-01'").fetchall()
        assert rows == [("WINE-NQ-01", "Học tập nghị quyết Đại hội")]
        assert conn.execute("SELECT count(*) FROM course").fetchone() == (252,)  # the demo's 251 and this one
    finally:
        conn.close()
    assert (wine.c / "users" / "Nguyễn Văn A" / "Dữ liệu của tôi" / "backups").is_dir()


@needs_wine
def test_the_window_runs_and_holds_the_msvcrt_lock_under_wine(wine):
    """`Bồi dưỡng.exe` (pythonw, no console) stays up 10 s on a new database; meanwhile a command
    that writes is refused by the msvcrt lock, naming the window's process, and `check` still works."""
    db = wine.c / "cua so" / "boiduong.sqlite3"
    gui = wine.start(rf"C:\{FOLDER}\{TOP}\Bồi dưỡng.exe", "--db", r"C:\cua so\boiduong.sqlite3")
    started = time.monotonic()
    try:
        lock = db.with_name(db.name + ".lock")
        while not (lock.exists() and lock.read_text(encoding="utf-8").strip()) and time.monotonic() - started < 90:
            assert gui.poll() is None, gui.communicate()
            time.sleep(0.5)
        holder = json.loads(lock.read_text(encoding="utf-8"))
        refused = wine.bat("--db", r"C:\cua so\boiduong.sqlite3", "course", "add", "--code", "WINE-NQ-02",
                           "--program", "NQ", "--name", "Lớp thử", "--start", "05/01/2026", "--end", "06/01/2026")
        assert refused.returncode == 1, refused
        assert "đang được mở bởi một cửa sổ chương trình khác" in refused.stderr
        assert f"tiến trình {holder['pid']}" in refused.stderr  # the holder's text stays readable
        assert "Cơ sở dữ liệu tốt" in _ok(wine.bat("--db", r"C:\cua so\boiduong.sqlite3", "check"))
        while time.monotonic() - started < 10:
            time.sleep(0.5)
        assert gui.poll() is None, f"the window ended early: {gui.communicate()}"
    finally:
        wine.kill()
        gui.communicate(timeout=60)  # waits, and closes its pipes
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT count(*) FROM course WHERE code = 'WINE-NQ-02'").fetchone() == (0,)
    finally:
        conn.close()
    assert not (db.parent / "logs").exists() or not any((db.parent / "logs").iterdir())  # no crash report


@needs_wine
def test_the_main_window_lays_out_under_wine(wine, tmp_path):
    shutil.copy(ROOT / "packaging" / "windows" / "window_check.py", wine.c / "window_check.py")
    python = rf"C:\{FOLDER}\{TOP}\runtime\python.exe"
    if not (wine.c / "x.db").exists():
        _ok(wine.bat("--db", r"C:\x.db", "demo", timeout=400))
    out = _ok(wine.run(python, "-X", "utf8", r"C:\window_check.py", r"C:\x.db", r"C:\window.png", "10", timeout=180))
    assert "platform=offscreen" in out and "visible=True" in out and "png=True" in out, out
    assert "tabs=Lớp học|Học viên|Giảng viên|Báo cáo" in out, out
    assert "fonts=6" in out, out  # the shipped fonts are found in the package data
    shots = os.environ.get("BOIDUONG_WINE_SHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        shutil.copy(wine.c / "window.png", Path(shots) / "window-wine.png")
    assert (wine.c / "window.png").stat().st_size > 10_000


@needs_wine
def test_the_desktop_shortcut_under_wine(wine):
    """Wine's powershell.exe is a stub that makes no .lnk: the Internet shortcut is written, on
    the desktop Qt finds, pointing at the launcher; no console window is opened for PowerShell."""
    python = rf"C:\{FOLDER}\{TOP}\runtime\python.exe"
    out = _ok(wine.run(python, "-X", "utf8", "-c",
                       "from app.ui.desktop_shortcut import create_shortcut; print(create_shortcut())", timeout=120))
    made = out.strip().splitlines()[-1]
    assert made.endswith(r"\Desktop\Bồi dưỡng.url"), made
    (url,) = (wine.c / "users").glob("*/Desktop/Bồi dưỡng.url")
    text = url.read_bytes().decode("utf-16")
    assert text.startswith("[InternetShortcut]\r\nURL=file:///C:/") and "\r\r" not in text
    assert text.split("\r\n")[1].endswith("/B%E1%BB%93i%20d%C6%B0%E1%BB%A1ng.exe")


@needs_wine
def test_a_password_is_kept_in_the_windows_credential_manager_under_wine(wine):
    """app/ui/credentials.py through advapi32 (CredWriteW, CredReadW, CredDeleteW, CredFree) with
    the build's own Python: kept, read back equal, deleted, then not found (the password is asked)."""
    python = rf"C:\{FOLDER}\{TOP}\runtime\python.exe"
    snippet = (
        "from app.ui.credentials import system_store, target_name, ERROR_NOT_FOUND\n"
        "s = system_store(); t = target_name('192.168.1.10', 5432, 'trungtam', 'văn thư')\n"
        "print('available', s.available)\n"
        "print('write', s.remember(t, 'văn thư', 'Mật-khẩu:bí mật@1'))\n"
        "print('read', s.read(t) == 'Mật-khẩu:bí mật@1')\n"
        "raw = s.vault.read(t); print('blob', raw == 'Mật-khẩu:bí mật@1'.encode('utf-16-le'))\n"
        "print('again', s.remember(t, 'văn thư', 'mới'), s.read(t) == 'mới')\n"
        "print('forget', s.forget(t))\n"
        "print('after', s.read(t))\n"
        "try:\n    s.vault.read(t)\nexcept OSError as e:\n    print('code', e.winerror == ERROR_NOT_FOUND)\n"
        "print('forget again', s.forget(t))\n"
    )
    out = _ok(wine.run(python, "-X", "utf8", "-c", snippet, timeout=120))
    assert out.splitlines() == ["available True", "write None", "read True", "blob True", "again None True",
                                "forget None", "after None", "code True", "forget again None"], out
