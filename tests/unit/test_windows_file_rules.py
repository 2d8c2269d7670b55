"""File calls that POSIX forgives and Windows refuses, pinned on Linux.

On Windows ``os.fsync`` is ``FlushFileBuffers``, which needs a handle opened for writing: an
fsync of a file opened ``"rb"`` raises ``PermissionError`` there (found by running the program
under Wine: every backup, and so ``demo`` and every command, failed). Linux accepts it, so these
tests wrap ``os.fsync`` and fail on any call that gets a read-only descriptor of a regular file.
Directories are opened read-only by necessity; ``_fsync_dir`` skips them on Windows.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import stat

import pytest
from openpyxl import Workbook

from app.cli import main
from app.domain.errors import StorageError, os_error_text
from app.services import backup as backup_service
from app.services.courses import CourseInput, add_course
from app.services.session import open_session
from app.store import backups as store_backups
from app.store import db, safety
from app.store.models import Trainee, person_keys

pytestmark = pytest.mark.sqlite_only(reason="file handles of the SQLite file's backups and restores")

# The guard reads a descriptor's access mode with fcntl: it runs where CI runs, on Linux.
fcntl = pytest.importorskip("fcntl", reason="reads descriptor flags with fcntl (POSIX)")


@pytest.fixture
def fsync_calls(monkeypatch):
    """Every ``os.fsync`` call, as (kind, access mode); fails the test on a read-only regular file."""
    real = os.fsync
    calls: list[tuple[str, int]] = []

    def checked(fd):
        fd = fd if isinstance(fd, int) else fd.fileno()
        mode = fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE
        kind = "dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file"
        calls.append((kind, mode))
        if kind == "file" and mode == os.O_RDONLY:
            raise AssertionError("os.fsync on a read-only file descriptor: Windows refuses this "
                                 "(FlushFileBuffers needs a writable handle)")
        return real(fd)

    monkeypatch.setattr(os, "fsync", checked)
    return calls


def test_the_guard_itself_catches_a_read_only_fsync(fsync_calls, tmp_path):
    path = tmp_path / "x.bin"
    path.write_bytes(b"x")
    with path.open("rb") as fh, pytest.raises(AssertionError, match="read-only"):
        os.fsync(fh.fileno())
    with path.open("r+b") as fh:
        os.fsync(fh.fileno())
    assert fsync_calls == [("file", os.O_RDONLY), ("file", os.O_RDWR)]


def _files(calls):
    return [c for c in calls if c[0] == "file"]


def test_backup_and_restore_flush_only_writable_handles(fsync_calls, session, tmp_path):
    with db.write():
        Trainee.create(**person_keys("Thào A Sử", None, 1980), birth_year=1980)
    copy = session.backup_to(tmp_path / "usb" / "copy.sqlite3")
    assert _files(fsync_calls), "the backup must flush its file"
    with db.write():
        Trainee.create(**person_keys("Giàng Seo Pao", None, 1981), birth_year=1981)
    before = len(_files(fsync_calls))
    aside = backup_service.restore_from(session, copy)
    assert len(_files(fsync_calls)) > before  # the restore flushed its staged copy
    assert aside is not None and aside.exists()
    assert [t.full_name for t in Trainee.select()] == ["Thào A Sử"]


def test_the_fat_copy_fallback_flushes_the_writer(fsync_calls, session, tmp_path, monkeypatch):
    """A FAT32/exFAT stick has no hard links: the database kept aside is a copy, flushed."""
    with db.write():
        Trainee.create(**person_keys("Thào A Sử", None, 1980), birth_year=1980)
    copy = session.backup_to(tmp_path / "usb" / "copy.sqlite3")
    with db.write():
        Trainee.create(**person_keys("Giàng Seo Pao", None, 1981), birth_year=1981)

    def no_links(*args, **kwargs):
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    fsync_calls.clear()
    aside = backup_service.restore_from(session, copy)
    assert aside is not None and aside.stat().st_nlink == 1  # a copy, not a link
    kept = sqlite3.connect(aside)
    names = sorted(r[0] for r in kept.execute("SELECT full_name FROM trainee"))
    kept.close()
    assert names == ["Giàng Seo Pao", "Thào A Sử"]
    assert len(_files(fsync_calls)) >= 2  # the staged restore and the copy kept aside


def test_cli_backup_export_and_import_flush_only_writable_handles(fsync_calls, db_path, tmp_path, capsys):
    with open_session(db_path):
        add_course(CourseInput("NTVD-2026-03", "NTVD", "Bồi dưỡng nhận thức về Đảng khóa III năm 2026",
                               "07/12/2026", "11/12/2026"))
    roster = tmp_path / "Danh sách lớp.xlsx"
    wb = Workbook()
    wb.active.append(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc"])
    wb.active.append([1, "Thào A Sử", "12/04/1985", "Nam", "Mông"])
    wb.active.append([2, "Giàng Thị Mỷ", "05/03/1990", "Nữ", "Mông"])
    wb.save(roster)
    fsync_calls.clear()
    assert main(["--db", str(db_path), "import", "roster", str(roster), "--course", "NTVD-2026-03"]) == 0
    assert _files(fsync_calls), "the import's backup must flush its file"
    out = tmp_path / "ra ngoài" / "học viên.xlsx"
    assert main(["--db", str(db_path), "export", "trainees", "--out", str(out)]) == 0
    assert out.exists()
    assert main(["--db", str(db_path), "backup", str(tmp_path / "usb" / "b.sqlite3")]) == 0
    capsys.readouterr()
    assert all(mode != os.O_RDONLY for kind, mode in fsync_calls if kind == "file")
    conn = sqlite3.connect(tmp_path / "usb" / "b.sqlite3")
    assert sorted(r[0] for r in conn.execute("SELECT full_name FROM trainee")) == ["Giàng Thị Mỷ", "Thào A Sử"]
    conn.close()


def test_a_backup_never_renames_over_or_deletes_a_file_it_holds_open(session, tmp_path, monkeypatch):
    """Windows refuses to rename over, or delete, a file that is still open. The backup's
    temporary file must be closed (by SQLite and by us) before its rename and its removal."""
    opened: dict[str, int] = {}
    real_open, real_close = os.open, os.close
    real_replace, real_unlink = os.replace, os.unlink

    def tracking_open(path, flags, *args, **kwargs):
        fd = real_open(path, flags, *args, **kwargs)
        opened[os.fspath(path)] = fd
        return fd

    def tracking_close(fd):
        for name, held in list(opened.items()):
            if held == fd:
                del opened[name]
        return real_close(fd)

    def checked_replace(src, dst, *args, **kwargs):
        assert os.fspath(src) not in opened and os.fspath(dst) not in opened
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "open", tracking_open)
    monkeypatch.setattr(os, "close", tracking_close)
    monkeypatch.setattr(os, "replace", checked_replace)
    def checked_unlink(path, *args, **kwargs):
        assert os.fspath(path) not in opened
        return real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", checked_unlink)
    out = session.backup_to(tmp_path / "usb" / "b.sqlite3")
    assert safety.check_file(out, full=True).ok
    assert not opened, f"left open: {opened}"


def test_a_stick_pulled_out_in_the_middle_of_a_backup_is_said_plainly(session, tmp_path, monkeypatch):
    """The backup's folder vanishes after the copy and before its flush and rename: a clear
    message, nothing half-written, the database untouched."""
    with db.write():
        Trainee.create(**person_keys("Thào A Sử", None, 1980), birth_year=1980)
    usb = tmp_path / "E_" / "Sao lưu"
    real_fsync_file = store_backups._fsync_file

    def pulled_out(path):
        shutil.rmtree(tmp_path / "E_")
        return real_fsync_file(path)

    monkeypatch.setattr(store_backups, "_fsync_file", pulled_out)
    with pytest.raises(StorageError) as caught:
        session.backup_to(usb / "b.sqlite3")
    assert "ổ đĩa đã bị rút ra?" in caught.value.message and str(usb) in caught.value.message
    assert not (tmp_path / "E_").exists()
    assert [t.full_name for t in Trainee.select()] == ["Thào A Sử"]
    assert safety.check_file(session.path).ok


def test_windows_codes_of_a_vanished_or_locked_drive_are_not_called_permissions(session, tmp_path, monkeypatch):
    """Python maps ERROR_NOT_READY (a drive letter whose stick is gone) to EACCES: the message
    must speak of the stick, not of permissions."""
    not_ready = OSError(errno.EACCES, "The device is not ready")
    not_ready.winerror = 21
    assert os_error_text(not_ready) == "ổ đĩa không sẵn sàng (USB đã bị rút ra?)"
    gone = OSError(errno.EINVAL, "A device which does not exist was specified")
    gone.winerror = 1167
    assert "USB đã bị rút ra?" in os_error_text(gone)
    in_use = OSError(errno.EACCES, "The process cannot access the file")
    in_use.winerror = 32
    assert os_error_text(in_use) == "tệp đang được một chương trình khác mở"
    assert os_error_text(OSError(errno.EACCES, "Permission denied")) == "không có quyền ghi vào thư mục này"

    def replace_on_a_pulled_stick(src, dst):
        raise not_ready

    monkeypatch.setattr(os, "replace", replace_on_a_pulled_stick)
    with pytest.raises(StorageError) as caught:
        session.backup_to(tmp_path / "E_" / "b.sqlite3")
    assert "ổ đĩa không sẵn sàng (USB đã bị rút ra?)" in caught.value.message
    assert not list((tmp_path / "E_").glob(".b.sqlite3.tmp*"))  # the temporary copy is removed


def test_an_export_over_a_file_open_in_excel_says_so(tmp_path, monkeypatch):
    """Windows refuses to replace a file that Excel holds open (PermissionError): the message says
    to close it; the old file and the folder are left as they were."""
    from app.outputs.files import write_atomic

    target = tmp_path / "Danh sách lớp.xlsx"
    target.write_bytes(b"old")

    def held_open(src, dst):
        raise PermissionError(errno.EACCES, "Access is denied")

    monkeypatch.setattr(os, "replace", held_open)
    with pytest.raises(StorageError) as caught:
        write_atomic(target, b"new")
    assert "đang mở trong một chương trình khác" in caught.value.message
    assert target.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == [target.name]
    with pytest.raises(StorageError) as caught:
        write_atomic(tmp_path / "mới.xlsx", b"new")  # nothing there to be open: a permission problem
    assert "không có quyền ghi" in caught.value.message and "đang mở" not in caught.value.message



def test_an_export_onto_a_folder_or_under_a_file_says_what_is_in_the_way(tmp_path):
    """The name typed is a folder's ("Báo cáo.pdf" made as a folder), or a part of the path is a
    file: the message says so, in words (it said "lỗi hệ thống khi ghi tệp"); nothing is left."""
    from app.outputs.files import write_atomic

    folder = tmp_path / "Báo cáo.pdf"
    folder.mkdir()
    with pytest.raises(StorageError) as caught:
        write_atomic(folder, b"%PDF")
    assert "là một thư mục" in caught.value.message and "lỗi hệ thống" not in caught.value.message
    assert list(folder.iterdir()) == []
    note = tmp_path / "ghi chú"
    note.write_bytes(b"x")
    for target in (note / "a.pdf", note / "con" / "a.pdf"):
        with pytest.raises(StorageError) as caught:
            write_atomic(target, b"%PDF")
        assert "ghi chú" in caught.value.message and "là một tệp, không phải thư mục" in caught.value.message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Báo cáo.pdf", "ghi chú"] and note.read_bytes() == b"x"

def test_rotation_passes_over_a_backup_that_cannot_be_deleted_now(session, monkeypatch):
    """On Windows a backup someone has open cannot be deleted: the backup itself still succeeds."""
    import datetime as dt

    old = dt.datetime(2020, 1, 1, 8, 0, 0)
    first = safety.automatic_backup(db.database.connection(), session.path, 1, now=old, force=True)
    real_unlink = type(first).unlink

    def in_use(self, *args, **kwargs):
        if self == first:
            raise PermissionError(errno.EACCES, "The process cannot access the file")
        return real_unlink(self, *args, **kwargs)

    monkeypatch.setattr(type(first), "unlink", in_use)
    made = safety.automatic_backup(db.database.connection(), session.path, 2, force=True)
    assert made is not None and made.exists() and first.exists()


def test_a_stopped_export_into_new_folders_leaves_no_folder_behind(tmp_path):
    """Saving into folders that do not exist yet creates them; a save stopped there (Hủy, Ctrl+C, a
    full disk) takes back the folders it made, and keeps one that was there before."""
    from app.domain.errors import Cancelled
    from app.outputs.files import write_atomic_with

    def stopped(handle):
        handle.write(b"PK half")
        raise Cancelled

    with pytest.raises(Cancelled):
        write_atomic_with(tmp_path / "Báo cáo năm" / "2026" / "ds.xlsx", stopped)
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "Báo cáo năm").mkdir()
    with pytest.raises(Cancelled):
        write_atomic_with(tmp_path / "Báo cáo năm" / "2026" / "ds.xlsx", stopped)
    assert [p.name for p in tmp_path.iterdir()] == ["Báo cáo năm"] and list((tmp_path / "Báo cáo năm").iterdir()) == []
    assert write_atomic_with(tmp_path / "mới" / "ds.xlsx", lambda handle: handle.write(b"PK")) == 2
    assert (tmp_path / "mới" / "ds.xlsx").read_bytes() == b"PK"
