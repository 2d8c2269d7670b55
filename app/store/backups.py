"""Backing up the database: atomic, checked copies (SQLite's online backup API, never a file copy
of a live database), the automatic rotation and its throttle, and the leftovers of a crash.

A copy is written to a temporary file, checked with ``integrity_check`` and only then renamed
into place. A damaged database is never backed up (so it cannot push good backups out of the
rotation).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from app.domain.errors import ConflictError, DatabaseDamagedError, StorageError, ValidationError, os_error_text
from app.domain.rotation import SETTING_PREFIX, Copy, RotationPolicy, backups_to_keep, size_cap
from app.store.checks import check_file, sqlite_error_text

STAMP_FORMAT = "%Y%m%d-%H%M%S"
_TEMP_RE = re.compile(r"\.(?:tmp|restore)-\d+(?:\.tmp-\d+)?(?:-journal|-wal|-shm)?$")
_BACKUP_RE = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?-r(?P<rev>\d+)\.sqlite3$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: dt.datetime
    revision: int


def backup_dir_for(db_path: Path) -> Path:
    return Path(db_path).parent / "backups"


def fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable (POSIX only: a directory opens read-only, and on
    Windows the rename is made durable by NTFS's own journal; ``FlushFileBuffers`` would refuse it)."""
    if os.name == "nt":  # pragma: no cover
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    """Flush a closed file's data to the disk.

    Through a writable handle: on Windows ``os.fsync`` is ``FlushFileBuffers``, which refuses a
    read-only handle (``PermissionError``), so a file opened ``"rb"`` could never be backed up.
    """
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_copy(source: sqlite3.Connection, dest: Path) -> None:
    """Copy an open database to ``dest`` atomically: backup API → temp file → check → rename."""
    dest = Path(dest)
    tmp = dest.with_name(f".{dest.name}.tmp-{os.getpid()}")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        target = sqlite3.connect(str(tmp))
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
            result = [r[0] for r in target.execute("PRAGMA integrity_check")]
        finally:
            target.close()
        if result != ["ok"]:
            raise DatabaseDamagedError("Bản sao lưu vừa tạo không qua được kiểm tra toàn vẹn; "
                                       "đã hủy bản sao này.", details="\n".join(result))
        _fsync_file(tmp)
        os.replace(tmp, dest)
        fsync_dir(dest.parent)
    except OSError as exc:
        raise StorageError(f"Không ghi được bản sao lưu vào {dest.parent}: {os_error_text(exc)}.",
                           details=str(exc)) from exc
    except sqlite3.OperationalError as exc:
        raise StorageError(f"Không ghi được bản sao lưu vào {dest.parent}: {sqlite_error_text(exc)}.",
                           details=str(exc)) from exc
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            if leftover.exists():
                leftover.unlink()


def backup_target(db_path: Path, dest: Path, *, overwrite: bool = False,
                  now: dt.datetime | None = None) -> Path:
    """Where a manual backup of ``db_path`` to ``dest`` goes: into a folder, a dated file
    (``boiduong-20260304-0905.sqlite3``); onto an existing file only with ``overwrite``; never onto
    the database itself (nor its side files)."""
    db_path, dest = Path(db_path), Path(dest)
    if dest.is_dir():
        stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
        dest = dest / f"{db_path.stem}-{stamp}{db_path.suffix or '.sqlite3'}"
        n = 1
        while dest.exists():
            n += 1
            dest = dest.with_name(f"{db_path.stem}-{stamp}-{n}{db_path.suffix or '.sqlite3'}")
        return dest
    own = {db_path.resolve()} | {db_path.resolve().with_name(db_path.name + side)
                                 for side in ("-wal", "-shm", "-journal", ".lock")}
    if dest.resolve() in own or (dest.exists() and db_path.exists() and dest.samefile(db_path)):
        raise ValidationError("Không sao lưu đè lên chính cơ sở dữ liệu đang dùng; hãy chọn tệp hoặc "
                              "thư mục khác.", field="dest")
    if dest.exists() and not overwrite:
        raise ConflictError(f"Tệp {dest} đã có; không ghi đè.", field="overwrite")
    return dest


def list_backups(db_path: Path) -> list[BackupInfo]:
    """Automatic backups of ``db_path``, newest first."""
    folder = backup_dir_for(db_path)
    stem = Path(db_path).stem
    found = []
    if folder.is_dir():
        for entry in folder.iterdir():
            match = _BACKUP_RE.match(entry.name)
            if not match or match.group("stem") != stem:
                continue
            taken = dt.datetime.strptime(match.group("stamp"), STAMP_FORMAT)
            revision = int(match.group("rev"))
            found.append(((taken, revision, int(match.group("n") or 1), entry.name),
                          BackupInfo(entry, taken, revision)))
    # Within one second: copies of one revision are numbered -2, -3… and revisions only grow.
    found.sort(key=lambda item: item[0], reverse=True)
    return [info for _, info in found]


_BACKUP_LOCK = threading.RLock()  # the periodic backup thread, the window's button and a restore take turns


def backups_paused() -> threading.RLock:
    """Held around a restore's swap: no automatic backup reads or rotates meanwhile (``with``)."""
    return _BACKUP_LOCK


def read_policy(conn: sqlite3.Connection) -> RotationPolicy:
    """The rotation settings stored in the database (``backup.*`` in ``setting``), or the defaults."""
    values = {}
    try:
        rows = conn.execute("SELECT key, value FROM setting WHERE key LIKE ?", (f"{SETTING_PREFIX}%",)).fetchall()
    except sqlite3.Error:  # no setting table (a foreign or damaged file): the defaults
        rows = []
    for key, value in rows:
        with contextlib.suppress(TypeError, ValueError):
            values[key[len(SETTING_PREFIX):]] = json.loads(value)
    return RotationPolicy.from_settings(values)


def marker_path(db_path: Path) -> Path:
    """A small file beside the backups: when the last automatic backup was made (the throttle)."""
    return backup_dir_for(db_path) / f"{Path(db_path).stem}.lan-sao-luu-cuoi.json"


def last_automatic_backup(db_path: Path) -> dt.datetime | None:
    """When the marker says the last automatic backup was made (None: no marker, or unreadable)."""
    try:
        data = json.loads(marker_path(db_path).read_text(encoding="utf-8"))
        return dt.datetime.fromisoformat(data["at"])
    except (OSError, ValueError, TypeError, KeyError):
        return None


def _write_marker(db_path: Path, when: dt.datetime, revision: int) -> None:
    marker = marker_path(db_path)
    tmp = marker.with_name(f".{marker.name}.tmp-{os.getpid()}")
    with contextlib.suppress(OSError):  # a missing marker only means one backup more
        tmp.write_text(json.dumps({"at": when.isoformat(timespec="seconds"), "revision": revision}),
                       encoding="utf-8")
        os.replace(tmp, marker)
    with contextlib.suppress(OSError):
        tmp.unlink(missing_ok=True)


def automatic_backup(source: sqlite3.Connection, db_path: Path, revision: int,
                     *, now: dt.datetime | None = None, force: bool = False,
                     min_interval: dt.timedelta | None = None,
                     policy: RotationPolicy | None = None) -> Path | None:
    """Back up when the data changed since the last backup (or ``force``); then rotate.

    ``min_interval`` (the command line's throttle): no backup when the marker says one was made
    less than that long ago. Returns the new backup's path, or None when none was made.
    """
    with _BACKUP_LOCK:
        return _automatic_backup(source, db_path, revision, now=now, force=force,
                                 min_interval=min_interval, policy=policy)


def _automatic_backup(source: sqlite3.Connection, db_path: Path, revision: int,
                      *, now: dt.datetime | None, force: bool, min_interval: dt.timedelta | None,
                      policy: RotationPolicy | None) -> Path | None:
    now = now or dt.datetime.now()
    existing = list_backups(db_path)
    if not force and existing and existing[0].revision == revision:
        return None
    if not force and existing and min_interval:
        last = last_automatic_backup(db_path)
        if last is not None and last <= now < last + min_interval:
            return None
    folder = backup_dir_for(db_path)
    base = f"{Path(db_path).stem}-{now.strftime(STAMP_FORMAT)}"
    dest = folder / f"{base}-r{revision}.sqlite3"
    n = 1
    while dest.exists():
        n += 1
        dest = folder / f"{base}-{n}-r{revision}.sqlite3"
    write_copy(source, dest)
    _write_marker(db_path, now, revision)
    rotate(db_path, now=now, policy=policy or read_policy(source))
    return dest


def _free_bytes(folder: Path) -> int:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return 0


def rotation_cap(db_path: Path, policy: RotationPolicy, *, backups_bytes: int | None = None) -> int:
    """The most bytes the automatic backups of ``db_path`` may take now (see ``rotation.size_cap``)."""
    if backups_bytes is None:
        backups_bytes = sum(_size(b.path) for b in list_backups(db_path))
    return size_cap(policy, _free_bytes(backup_dir_for(db_path)), backups_bytes)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def rotate(db_path: Path, *, now: dt.datetime | None = None, policy: RotationPolicy | None = None,
           free_bytes: int | None = None) -> list[Path]:
    """Delete automatic backups the rotation no longer keeps; return what was deleted.

    The count rule first, then the size cap (``free_bytes`` measured on the backup folder's disk
    unless given). The newest backup always stays. Temporary files of backups that a crash
    interrupted go too (they are never in the rotation).
    """
    now = now or dt.datetime.now()
    policy = policy or RotationPolicy()
    remove_stale_temporaries(backup_dir_for(db_path))
    backups = list_backups(db_path)  # newest first, ties in the order they were made
    copies = [Copy(key=info.path, taken_at=info.taken_at, size=_size(info.path)) for info in backups]
    total = sum(c.size for c in copies)
    free = _free_bytes(backup_dir_for(db_path)) if free_bytes is None else free_bytes
    kept = {c.key for c in backups_to_keep(copies, now, policy, cap_bytes=size_cap(policy, free, total))}
    removed = []
    for info in backups:
        if info.path in kept:
            continue
        try:
            info.path.unlink(missing_ok=True)
        except OSError:  # Windows: a copy someone has open cannot be deleted now; a later rotation will
            continue
        removed.append(info.path)
    return removed


def latest_good_backup(db_path: Path) -> BackupInfo | None:
    """The newest automatic backup that passes ``integrity_check``."""
    for info in list_backups(db_path):
        if check_file(info.path, full=True).ok:
            return info
    return None


STALE_TEMP_AGE_S = 3600  # no backup or restore copy takes an hour; older temporaries are a crash's leftovers


def remove_stale_temporaries(folder: Path, prefix: str = ".") -> list[Path]:
    """Delete temporary copies left by a backup or restore that a crash or power cut interrupted."""
    removed: list[Path] = []
    if not Path(folder).is_dir():
        return removed
    limit = time.time() - STALE_TEMP_AGE_S
    for entry in Path(folder).iterdir():
        name = entry.name
        if not name.startswith(prefix) or not _TEMP_RE.search(name):
            continue
        try:
            if entry.is_file() and entry.stat().st_mtime < limit:
                entry.unlink()
                removed.append(entry)
        except OSError:
            continue
    return removed
