"""Commands beside a window or another command: readers run, writers are refused naming the holder,
and a writer waits (up to 30 s) for another command."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app.cli import commands, main
from app.domain.errors import StorageError
from app.services.session import open_session
from app.store import db, migrations, safety
from app.store.lock import COMMAND, InstanceLock
from app.store.models import Course, Trainee, person_keys
from tests.unit.safety_helpers import file_digest

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_V1 = ROOT / "tests" / "fixtures" / "v1.sqlite3"
HOST = socket.gethostname()

COMMAND_HOLDER = """
import sys
from pathlib import Path
from app.store.lock import COMMAND, InstanceLock
lock = InstanceLock(Path(sys.argv[1]), kind=COMMAND, command="import roster")
lock.acquire()
print("held", flush=True)
sys.stdin.readline()
lock.release()
print("released", flush=True)
sys.stdin.read()
"""

ADD = ["course", "add", "--code", "KHOA-MOI", "--program", "NTVD", "--name", "Lớp mới",
       "--start", "01/12/2026", "--end", "05/12/2026"]


def _make_db(path: Path) -> None:
    with open_session(path), db.write():
        Trainee.create(**person_keys("Thào A Sử", None, 1980), birth_year=1980)
    main(["--db", str(path), "course", "add", "--code", "K-01", "--program", "NTVD", "--name", "Lớp một",
          "--start", "01/11/2026", "--end", "05/11/2026"])


@pytest.fixture
def window(db_path):
    """The database with a window holding it (its lock, as the window takes it)."""
    _make_db(db_path)
    lock = InstanceLock(db_path)
    lock.acquire()
    yield lock
    lock.release()


@pytest.mark.parametrize("args, expected", [
    (["courses"], "K-01\tNTVD\tLớp một"),
    (["trainees"], "Thào A Sử\t1980"),
    (["instructors"], ""),
    (["feedback", "summary", "--course", "K-01"], "Câu hỏi,Số phiếu"),
])
def test_reading_commands_run_while_a_window_is_open(window, db_path, capsys, args, expected):
    backups_before = sorted(p.name for p in safety.backup_dir_for(db_path).iterdir())
    digest = file_digest(db_path)
    assert main(["--db", str(db_path), *args]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.startswith(expected)
    assert file_digest(db_path) == digest  # nothing written
    assert sorted(p.name for p in safety.backup_dir_for(db_path).iterdir()) == backups_before  # no backup either


def test_report_print_and_export_files_are_written_while_a_window_is_open(window, db_path, tmp_path, capsys):
    out = tmp_path / "ra"
    out.mkdir()
    assert main(["--db", str(db_path), "report", "plan", "--from", "01/01/2026", "--to", "31/12/2026",
                 "--out", str(out / "bao-cao.xlsx")]) == 0
    assert main(["--db", str(db_path), "print", "class-list", "--course", "K-01", "--out", str(out / "ds.pdf")]) == 0
    assert main(["--db", str(db_path), "export", "trainees", "--out", str(out / "hv.xlsx")]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["bao-cao.xlsx", "ds.pdf", "hv.xlsx"]
    assert all(p.stat().st_size > 1000 for p in out.iterdir())
    capsys.readouterr()


def test_a_writing_command_is_refused_by_a_window_at_once_naming_it(window, db_path, capsys, monkeypatch):
    monkeypatch.setattr(commands, "LOCK_WAIT_S", 3600.0)  # a window is never waited for
    digest = file_digest(db_path)
    assert main(["--db", str(db_path), *ADD]) == 1
    err = capsys.readouterr().err
    assert err == (f"boiduong: lỗi: Cơ sở dữ liệu đang được mở bởi một cửa sổ chương trình khác "
                   f"(tiến trình {os.getpid()} trên máy {HOST}). Hãy dùng cửa sổ đang mở, hoặc đóng nó "
                   "rồi thử lại.\n")
    assert file_digest(db_path) == digest


def test_a_writing_command_waits_for_another_command_then_says_which_it_was(db_path, capsys, monkeypatch):
    _make_db(db_path)
    monkeypatch.setattr(commands, "LOCK_WAIT_S", 0.5)
    holder = InstanceLock(db_path, kind=COMMAND, command="import roster")
    holder.acquire()
    since = InstanceLock(db_path).holder()["since"][11:19]
    try:
        assert main(["--db", str(db_path), *ADD]) == 1
    finally:
        holder.release()
    who = f'lệnh "boiduong import roster" (tiến trình {os.getpid()} trên máy {HOST}, từ {since})'
    assert capsys.readouterr().err.splitlines() == [
        f"boiduong: cơ sở dữ liệu đang được ghi bởi {who}; đang đợi lệnh đó xong (tối đa 0,5 giây)…",
        f"boiduong: lỗi: Cơ sở dữ liệu đang được ghi bởi {who}. Đã đợi 0,5 giây mà lệnh đó chưa xong. "
        "Hãy thử lại khi lệnh đó xong.",
    ]
    with open_session(db_path, backup_on_start=False):
        assert not Course.select().where(Course.code == "KHOA-MOI").exists()


def test_a_writing_command_goes_ahead_once_the_other_command_is_done(db_path):
    """Real processes: a command holds the lock; a second one says it waits, and writes once the first ends."""
    _make_db(db_path)
    holder = subprocess.Popen([sys.executable, "-c", COMMAND_HOLDER, str(db_path)], cwd=ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    writer = None
    try:
        assert holder.stdout.readline().strip() == "held"
        writer = subprocess.Popen([sys.executable, "main.py", "--db", str(db_path), *ADD], cwd=ROOT,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        waiting = writer.stderr.readline()
        assert waiting.startswith(f'boiduong: cơ sở dữ liệu đang được ghi bởi lệnh "boiduong import roster" '
                                  f"(tiến trình {holder.pid} trên máy {HOST}, từ ")
        assert waiting.endswith("; đang đợi lệnh đó xong (tối đa 30 giây)…\n")
        holder.stdin.write("done\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "released"
        out, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err
        assert out == "Đã tạo lớp KHOA-MOI.\n"
    finally:
        for proc in (holder, writer):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()
        holder.stdin.close()
        holder.stdout.close()
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM course WHERE code = 'KHOA-MOI'").fetchone() == (1,)
    conn.close()


def test_a_reading_session_refuses_to_write(window, db_path):
    from app.services.courses import CourseInput, add_course

    digest = file_digest(db_path)
    with open_session(db_path, read_only=True) as reader:
        assert reader.read_only and reader.lock is None
        assert Course.select().count() == 1
        with pytest.raises(StorageError):
            add_course(CourseInput("KHOA-X", "NTVD", "Không được ghi", "01/12/2026", "02/12/2026"))
    assert file_digest(db_path) == digest


def test_a_reading_command_on_an_older_file_migrates_it_first_as_a_writer(tmp_path, capsys):
    path = tmp_path / "cu" / "boiduong.sqlite3"
    path.parent.mkdir()
    shutil.copyfile(FIXTURE_V1, path)
    assert main(["--db", str(path), "courses"]) == 0
    capsys.readouterr()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    conn.close()


def test_a_reading_command_on_an_older_file_held_by_a_window_is_refused(tmp_path, capsys):
    path = tmp_path / "cu" / "boiduong.sqlite3"
    path.parent.mkdir()
    shutil.copyfile(FIXTURE_V1, path)
    digest = file_digest(path)
    with InstanceLock(path):
        assert main(["--db", str(path), "courses"]) == 1
    assert "đang được mở bởi một cửa sổ chương trình khác" in capsys.readouterr().err
    assert file_digest(path) == digest


READER = """
import sys
from pathlib import Path
from app.services import lists
from app.services.session import open_session
session = open_session(Path(sys.argv[1]), read_only=True)
print(lists.totals().courses, flush=True)
sys.stdin.readline()
session.close()
print("closed", flush=True)
"""


def test_a_reader_open_across_a_restore_leaves_the_restored_file_and_its_wal_alone(db_path, tmp_path):
    """A command reading while the window restores: when it ends, the window's new file keeps its WAL."""
    from app.services import backup
    from app.services.courses import CourseInput, add_course

    _make_db(db_path)
    with open_session(db_path, backup_on_start=False) as window:
        copy = window.backup_to(tmp_path / "usb" / "copy.sqlite3")
        reader = subprocess.Popen([sys.executable, "-c", READER, str(db_path)], cwd=ROOT, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True)
        try:
            assert reader.stdout.readline().strip() == "1"
            backup.restore_from(window, copy)
            db.database.execute_sql("PRAGMA wal_autocheckpoint = 0")  # what follows stays in the WAL
            add_course(CourseInput("SAU-KHOI-PHUC", "NTVD", "Lớp sau khôi phục", "01/12/2026", "02/12/2026"))
            wal = db_path.with_name(db_path.name + "-wal")
            assert wal.stat().st_size > 0
            reader.stdin.write("\n")
            reader.stdin.flush()
            assert reader.stdout.readline().strip() == "closed"
            assert reader.wait(timeout=30) == 0
        finally:
            if reader.poll() is None:
                reader.kill()
                reader.wait()
            reader.stdin.close()
            reader.stdout.close()
        assert wal.exists() and wal.stat().st_size > 0  # not moved aside, not deleted
        assert not list(db_path.parent.glob("*cua-tep-cu*")) and not list(db_path.parent.glob("*ban-dang-mo*"))
        add_course(CourseInput("SAU-NUA", "NTVD", "Lớp sau nữa", "03/12/2026", "04/12/2026"))
    conn = sqlite3.connect(db_path)
    codes = sorted(r[0] for r in conn.execute("SELECT code FROM course"))
    conn.close()
    assert codes == ["K-01", "SAU-KHOI-PHUC", "SAU-NUA"]
    assert safety.check_file(db_path, full=True).ok


def test_the_reading_commands_are_named_once_and_exist():
    reading = set(commands.READ_ONLY)
    assert reading == {"courses", "trainees", "instructors", "report", "print", "feedback summary", "export trainees"}
    assert reading <= set(commands.COMMANDS)


def test_a_command_that_takes_the_lock_between_restore_and_reopen_is_waited_for(db_path, tmp_path, monkeypatch):
    """The restore command lets go of the lock between putting the file in place and opening it;
    another command that takes it in that moment is waited for: the restore (done) is not
    reported as refused."""
    from app.services import backup

    _make_db(db_path)
    copy = tmp_path / "sao-luu.sqlite3"
    backup.backup_file(db_path, copy)
    holder = []
    real_log = backup.log_restore

    def log_then_another_command_takes_the_lock(*args):
        real_log(*args)
        proc = subprocess.Popen([sys.executable, "-c", COMMAND_HOLDER, str(db_path)], cwd=ROOT,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "held"
        holder.append(proc)
        # The other command ends a second later (not waited for here: the restore waits for it).
        def finish() -> None:
            proc.stdin.write("\n")
            proc.stdin.flush()

        timer = threading.Timer(1.0, finish)
        timer.start()
        holder.append(timer)

    monkeypatch.setattr(backup, "log_restore", log_then_another_command_takes_the_lock)
    try:
        session, aside = backup.restore_path(db_path, copy, command="restore", wait_s=30)
        session.close()
    finally:
        if holder:
            proc, timer = holder
            timer.join()
            proc.stdin.close()
            proc.wait(timeout=30)
            proc.stdout.close()
    assert holder and aside is not None and aside.exists()
