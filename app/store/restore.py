"""Restoring a backup in place of the database, in two halves: stage (check the backup, copy it
beside the database, in WAL mode; slow, while the database is in use) and swap (keep the old file
under a second name, one rename; quick, with no connection open). A crash at any moment leaves
the old data or the new, whole, and the old file is never deleted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
from pathlib import Path

from app.domain.errors import DatabaseDamagedError, StorageError, UserError, os_error_text
from app.store.backups import (
    STAMP_FORMAT,
    automatic_backup,
    fsync_dir,
    remove_stale_temporaries,
    write_copy,
)
from app.store.checks import (
    REQUIRED_TABLES,
    check_file,
    connect_readonly,
    read_revision,
    require_supported_version,
    sqlite_error_text,
)


def validate_restore_source(path: Path, current_version: int) -> None:
    """A file fit to restore from: readable SQLite, healthy, ours, not newer than the program."""
    if Path(path).is_dir():
        raise UserError(f"{path} là một thư mục, không phải tệp sao lưu; không khôi phục.")
    if not Path(path).exists():
        raise UserError(f"Không tìm thấy tệp sao lưu {path}; không khôi phục.")
    report = check_file(path, full=True)
    if not report.ok:
        raise DatabaseDamagedError("Tệp sao lưu bị hỏng hoặc không phải cơ sở dữ liệu của chương trình; "
                                   "không khôi phục.", details="\n".join(report.problems))
    conn = connect_readonly(path)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()
    if not tables >= REQUIRED_TABLES:
        raise UserError("Tệp này không phải bản sao lưu của chương trình quản lý bồi dưỡng.")
    require_supported_version(path, current_version)


def _aside_name(db_path: Path, label: str, now: dt.datetime) -> Path:
    aside = db_path.with_name(f"{db_path.stem}.{label}-{now.strftime(STAMP_FORMAT)}{db_path.suffix}")
    n = 1
    while aside.exists():
        n += 1
        aside = db_path.with_name(f"{db_path.stem}.{label}-{now.strftime(STAMP_FORMAT)}-{n}{db_path.suffix}")
    return aside


def set_aside(db_path: Path, label: str, *, now: dt.datetime | None = None) -> Path:
    """Rename the database (and its WAL/SHM) out of the way, never deleting it."""
    db_path = Path(db_path)
    aside = _aside_name(db_path, label, now or dt.datetime.now())
    os.replace(db_path, aside)
    for suffix in ("-wal", "-shm"):
        side = db_path.with_name(db_path.name + suffix)
        if side.exists():
            os.replace(side, aside.with_name(aside.name + suffix))
    return aside


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # no hard links (FAT32/exFAT stick): a plain copy of the closed file
        with source.open("rb") as src, target.open("wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
            dst.flush()
            os.fsync(dst.fileno())  # the writer's own handle: Windows cannot flush a read-only one


def keep_aside(db_path: Path, label: str, *, now: dt.datetime | None = None) -> Path:
    """Keep the closed database (and its WAL) under a second name, leaving it in place too.

    A hard link where the disk allows it (else a copy): at no moment is there no database at
    ``db_path``, so a crash in the middle of a restore never looks like an empty, new database.
    """
    db_path = Path(db_path)
    aside = _aside_name(db_path, label, now or dt.datetime.now())
    _link_or_copy(db_path, aside)
    wal = db_path.with_name(db_path.name + "-wal")
    if wal.exists():
        _link_or_copy(wal, aside.with_name(aside.name + "-wal"))
    fsync_dir(db_path.parent)
    return aside


def _to_wal(path: Path) -> None:
    conn = sqlite3.connect(str(path))
    try:
        conn.execute("PRAGMA journal_mode=WAL").fetchone()
    except sqlite3.Error as exc:
        raise StorageError(f"Không chuẩn bị được tệp khôi phục: {sqlite_error_text(exc)}.", details=str(exc)) from exc
    finally:
        conn.close()  # the last connection: no -wal or -shm stays behind
    for suffix in ("-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def stage_restore(db_path: Path, source: Path) -> Path:
    """Copy the backup ``source`` next to ``db_path`` (hidden, checked, in WAL mode), ready to take
    its place; the slow half of a restore, which may run while the database is in use.

    The caller has validated ``source``; the staged file is removed again on any failure.
    """
    db_path, source = Path(db_path), Path(source)
    remove_stale_temporaries(db_path.parent, f".{db_path.name}.restore-")
    remove_stale_temporaries(db_path.parent, f"..{db_path.name}.restore-")
    staged = db_path.with_name(f".{db_path.name}.restore-{os.getpid()}")
    try:
        src = connect_readonly(source)
        try:
            write_copy(src, staged)
        finally:
            src.close()
        # In WAL mode before it takes the database's place: switching later, on the first open,
        # goes through a rollback journal, and a crash then would leave a file that reads as damaged.
        _to_wal(staged)
    except BaseException:
        discard_staged(staged)
        raise
    return staged


def discard_staged(staged: Path) -> None:
    """Remove a staged restore copy that will not be swapped in (refused, failed, window closed)."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(staged).with_name(Path(staged).name + suffix).unlink(missing_ok=True)


def backup_current(db_path: Path, *, now: dt.datetime | None = None) -> Path | None:
    """Before a restore: a forced automatic backup of the current database when it is healthy
    (read through a connection of its own; a damaged file is never backed up)."""
    db_path = Path(db_path)
    if not db_path.exists() or not check_file(db_path).ok:
        return None
    conn = connect_readonly(db_path)
    try:
        return automatic_backup(conn, db_path, read_revision(conn), now=now, force=True)
    finally:
        conn.close()


def fold_wal(conn: sqlite3.Connection) -> None:
    """Fold the WAL into the database file and empty it, so that the file alone holds all the data
    (done by the window's connection just before a restore swaps the file).

    A reader elsewhere (a command listing classes) that holds an old snapshot keeps the WAL from
    being emptied: a :class:`StorageError` says so and nothing is swapped.
    """
    try:
        busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.Error as exc:
        raise StorageError(f"Chưa khôi phục được: {sqlite_error_text(exc)}. Cơ sở dữ liệu hiện tại "
                           "vẫn giữ nguyên.", details=str(exc)) from exc
    if busy:
        raise StorageError("Chưa khôi phục được: một lệnh khác của chương trình đang đọc cơ sở dữ liệu. "
                           "Hãy đợi lệnh đó xong rồi thử lại; cơ sở dữ liệu hiện tại vẫn giữ nguyên.")


def swap_in(db_path: Path, staged: Path, *, now: dt.datetime | None = None) -> Path | None:
    """Put the staged copy in place of ``db_path``; return where the old file was kept.

    The quick half of a restore: no connection of this process is open on ``db_path`` and its WAL
    holds nothing (closed as the last connection, or folded by :func:`fold_wal`). The old file is
    kept under a second name first (a hard link: at no moment is there no database at
    ``db_path``); its emptied WAL goes; one rename puts the new file in place.
    """
    db_path, staged = Path(db_path), Path(staged)
    aside = None
    try:
        if db_path.exists():
            aside = keep_aside(db_path, "truoc-khoi-phuc", now=now)
            # The old WAL (kept aside with it) must not be read as part of the restored file.
            for suffix in ("-wal", "-shm"):
                db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
        os.replace(staged, db_path)
    except OSError as exc:
        raise StorageError(f"Không khôi phục được: {os_error_text(exc)} ({db_path.parent}). "
                           "Cơ sở dữ liệu hiện tại vẫn giữ nguyên.", details=str(exc)) from exc
    finally:
        discard_staged(staged)
    with contextlib.suppress(OSError):  # the swap is done; this only hastens it to the disk
        fsync_dir(db_path.parent)
    return aside


def restore_file(db_path: Path, source: Path, current_version: int,
                 *, now: dt.datetime | None = None) -> Path | None:
    """Put the backup ``source`` in place of ``db_path``; return where the old file was kept.

    The caller holds the instance lock and has no connection open. The source is checked
    first; a healthy current database is backed up into the rotation; the current file is then
    renamed aside (never deleted), and only after the copy is complete and checked.
    """
    db_path, source = Path(db_path), Path(source)
    validate_restore_source(source, current_version)
    staged = stage_restore(db_path, source)
    try:
        if db_path.exists() and check_file(db_path).ok:
            conn = sqlite3.connect(str(db_path))
            try:
                automatic_backup(conn, db_path, read_revision(conn), now=now, force=True)
            finally:
                conn.close()  # the last connection: SQLite folds the WAL into the file
        return swap_in(db_path, staged, now=now)
    finally:
        discard_staged(staged)
