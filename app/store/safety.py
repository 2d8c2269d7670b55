"""Checking, backing up and restoring the database file.

Backups use SQLite's online backup API (never a file copy of a live database), are written to
a temporary file, checked with ``integrity_check`` and only then renamed into place. A damaged
database is never backed up (so it cannot push good backups out of the rotation) and never
written to.
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
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.errors import (
    ConflictError,
    DatabaseDamagedError,
    DatabaseNewerError,
    StorageError,
    UserError,
    ValidationError,
    os_error_text,
)
from app.domain.rotation import SETTING_PREFIX, Copy, RotationPolicy, backups_to_keep, size_cap

_STAMP_FORMAT = "%Y%m%d-%H%M%S"
_TEMP_RE = re.compile(r"\.(?:tmp|restore)-\d+(?:\.tmp-\d+)?(?:-journal|-wal|-shm)?$")
_BACKUP_RE = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?-r(?P<rev>\d+)\.sqlite3$")

# Tables that make a file one of ours (checked before a restore).
_REQUIRED_TABLES = {"setting", "program", "course", "trainee", "enrollment", "certificate"}


@dataclass
class CheckReport:
    """What ``check`` found. ``ok`` is False when the file must not be trusted."""

    path: Path
    ok: bool
    problems: list[str] = field(default_factory=list)
    user_version: int | None = None


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: dt.datetime
    revision: int


def _connect_readonly(path: Path) -> sqlite3.Connection:
    """Open without creating, and without any pragma that writes.

    A WAL database needs its ``-shm`` file even to be read; in a read-only folder (a locked USB
    stick, a CD, a read-only share) with no WAL beside the file, nobody can be writing it, so it
    is read as immutable instead of being reported as unreadable.
    """
    path = Path(path)
    uri = f"{path.resolve().as_uri()}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=5)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        conn.close()
        wal = path.with_name(path.name + "-wal")
        if os.access(path.parent, os.W_OK) or wal.exists():
            raise
        return sqlite3.connect(uri + "&immutable=1", uri=True, timeout=5)
    except sqlite3.DatabaseError:
        pass  # a damaged file: the caller's checks say what is wrong
    return conn


connect_readonly = _connect_readonly


def connect_for_copy(path: Path) -> sqlite3.Connection:
    """A read-only connection to copy ``path`` from (a backup to a USB stick); a Vietnamese
    :class:`StorageError` when the file cannot be read."""
    try:
        return _connect_readonly(path)
    except sqlite3.Error as exc:
        raise StorageError(f"Không đọc được cơ sở dữ liệu {path} để sao lưu.", details=str(exc)) from exc


def setting_in_file(path: Path, key: str) -> str | None:
    """The raw value of setting ``key`` read from the file at ``path`` without opening it for use;
    None when the file, the table or the key cannot be read (a caller must not be locked out)."""
    try:
        conn = _connect_readonly(Path(path))
        try:
            row = conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        finally:
            conn.close()
    except (sqlite3.Error, OSError):
        return None
    return row[0] if row else None


def _sqlite_error_text(exc: sqlite3.Error) -> str:
    lowered = str(exc).lower()
    if "full" in lowered:
        return "ổ đĩa đã đầy"
    if "readonly" in lowered or "read-only" in lowered:
        return "ổ đĩa hoặc thư mục chỉ cho phép đọc"
    if "unable to open" in lowered:
        return "không tạo được tệp (thư mục không tồn tại, chỉ cho phép đọc, hoặc không có quyền ghi)"
    if "i/o" in lowered:
        return "lỗi đọc ghi ổ đĩa"
    return "lỗi khi ghi tệp"


def check_file(path: Path, *, full: bool = False) -> CheckReport:
    """Integrity of an SQLite file: ``quick_check`` (or ``integrity_check`` when ``full``).

    Reads only. A missing file, a file that is not SQLite, or one that fails the check gives
    ``ok=False`` with the reasons in Vietnamese.
    """
    path = Path(path)
    report = CheckReport(path=path, ok=False)
    if not path.exists():
        report.problems.append(f"Không tìm thấy tệp {path}.")
        return report
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        report.problems.append(f"Không đọc được tệp: {exc}")
        return report
    if not path.stat().st_size:
        report.problems.append("Tệp rỗng (0 byte): không có dữ liệu nào.")
        return report
    if header[:16] != b"SQLite format 3\x00":
        report.problems.append("Tệp không phải là cơ sở dữ liệu SQLite (phần đầu tệp bị hỏng).")
        return report
    wal = path.with_name(path.name + "-wal")
    wal_pending = wal.exists() and wal.stat().st_size > 0  # pages still in the WAL belong to the file
    cut = _truncation(header, path.stat().st_size, wal_pending=wal_pending)
    if cut:
        report.problems.append(cut)
        return report
    try:
        conn = _connect_readonly(path)
    except sqlite3.Error as exc:
        report.problems.append(f"Không mở được cơ sở dữ liệu: {exc}")
        return report
    try:
        pragma = "integrity_check" if full else "quick_check"
        rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}")]
        if rows != ["ok"]:
            report.problems.extend(f"Lỗi toàn vẹn: {r}" for r in rows[:20])
        fk = conn.execute("PRAGMA foreign_key_check").fetchall() if full else []
        if fk:
            report.problems.append(f"{len(fk)} dòng tham chiếu tới dữ liệu không tồn tại "
                                   f"(bảng {', '.join(sorted({r[0] for r in fk}))}).")
        report.user_version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        report.problems.append(f"Cơ sở dữ liệu bị hỏng: {exc}")
    finally:
        conn.close()
    report.ok = not report.problems
    return report


def _truncation(header: bytes, size: int, *, wal_pending: bool = False) -> str | None:
    """A file cut short (a copy interrupted, a disk that lost its tail), seen from its header alone.

    SQLite files are whole pages, and the header (when valid) says how many; SQLite itself would
    read the missing tail as zeros and may not notice. While a WAL holds pages (a checkpoint
    interrupted by a crash may have written the header before the tail), the count is not checked.
    """
    if len(header) < 100:
        return "Tệp bị cắt cụt: không đủ phần đầu tệp."
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "Phần đầu tệp bị hỏng (cỡ trang không hợp lệ)."
    if size % page_size:
        return f"Tệp bị cắt cụt hoặc hỏng: {size} byte không phải là một số trọn trang ({page_size} byte)."
    pages = int.from_bytes(header[28:32], "big")
    if pages and not wal_pending and header[24:28] == header[92:96] and size // page_size < pages:
        return f"Tệp bị cắt cụt: thiếu {pages - size // page_size} trang cuối."
    return None


def _stamp(path: Path) -> tuple[tuple[int, int] | None, ...]:
    """What changes when anybody writes the file (its WAL included). An empty WAL counts as no
    WAL: a reader of a WAL database creates one, and that is not a write."""
    stamp: list[tuple[int, int] | None] = []
    for file in (path, path.with_name(path.name + "-wal")):
        try:
            info = file.stat()
        except OSError:
            stamp.append(None)
            continue
        stamp.append((info.st_size, info.st_mtime_ns) if info.st_size else None)
    return tuple(stamp)


class PendingCheck:
    """A ``quick_check`` started early in a thread (SQLite releases the GIL while it reads), so
    that the check at start overlaps the loading of the window's code."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.stamp = _stamp(self.path)
        self.report: CheckReport | None = None
        self._thread = threading.Thread(target=self._run, name="boiduong-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        self.report = check_file(self.path)

    def result(self) -> CheckReport | None:
        """The report, if the file is still the one that was checked; else None."""
        self._thread.join()
        return self.report if _stamp(self.path) == self.stamp else None


def require_healthy(path: Path, *, pending: PendingCheck | None = None) -> None:
    """Raise :class:`DatabaseDamagedError` when ``quick_check`` fails (reusing an early check
    of the same, unchanged file when one is given)."""
    report = pending.result() if pending is not None and Path(pending.path) == Path(path) else None
    if report is None:
        report = check_file(path)
    if not report.ok:
        raise DatabaseDamagedError(
            "Cơ sở dữ liệu bị hỏng nên chương trình không ghi gì vào đó. "
            "Hãy khôi phục từ bản sao lưu gần nhất còn tốt.",
            details="\n".join(report.problems),
        )


def require_supported_version(path: Path, current: int) -> int:
    """Return the file's schema version; refuse one newer than this program."""
    conn = _connect_readonly(path)
    try:
        version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()
    if version > current:
        raise DatabaseNewerError(
            f"Cơ sở dữ liệu được tạo bởi phiên bản mới hơn của chương trình (phiên bản dữ liệu "
            f"{version}, chương trình này hiểu tới {current}). Hãy cập nhật chương trình; "
            "tệp dữ liệu được giữ nguyên."
        )
    return version


# --- backups -------------------------------------------------------------------------------


def backup_dir_for(db_path: Path) -> Path:
    return Path(db_path).parent / "backups"


def _fsync_dir(directory: Path) -> None:
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
        _fsync_dir(dest.parent)
    except OSError as exc:
        raise StorageError(f"Không ghi được bản sao lưu vào {dest.parent}: {os_error_text(exc)}.",
                           details=str(exc)) from exc
    except sqlite3.OperationalError as exc:
        raise StorageError(f"Không ghi được bản sao lưu vào {dest.parent}: {_sqlite_error_text(exc)}.",
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
            taken = dt.datetime.strptime(match.group("stamp"), _STAMP_FORMAT)
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
    base = f"{Path(db_path).stem}-{now.strftime(_STAMP_FORMAT)}"
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


def is_ours(path: Path) -> bool:
    """Whether a readable SQLite file has this program's tables (True when it cannot tell: a
    damaged file is the integrity check's to report)."""
    try:
        conn = _connect_readonly(path)
    except sqlite3.Error:
        return True
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.Error:
        return True
    finally:
        conn.close()
    return tables >= _REQUIRED_TABLES


def validate_restore_source(path: Path, current_version: int) -> None:
    """A file fit to restore from: readable SQLite, healthy, ours, not newer than the program."""
    report = check_file(path, full=True)
    if not report.ok:
        raise DatabaseDamagedError("Tệp sao lưu bị hỏng hoặc không phải cơ sở dữ liệu của chương trình; "
                                   "không khôi phục.", details="\n".join(report.problems))
    conn = _connect_readonly(path)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()
    if not tables >= _REQUIRED_TABLES:
        raise UserError("Tệp này không phải bản sao lưu của chương trình quản lý bồi dưỡng.")
    require_supported_version(path, current_version)


def _aside_name(db_path: Path, label: str, now: dt.datetime) -> Path:
    aside = db_path.with_name(f"{db_path.stem}.{label}-{now.strftime(_STAMP_FORMAT)}{db_path.suffix}")
    n = 1
    while aside.exists():
        n += 1
        aside = db_path.with_name(f"{db_path.stem}.{label}-{now.strftime(_STAMP_FORMAT)}-{n}{db_path.suffix}")
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
    _fsync_dir(db_path.parent)
    return aside


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


def read_revision(conn: sqlite3.Connection) -> int:
    """The revision counter of an open database (0 when none was recorded)."""
    try:
        row = conn.execute("SELECT value FROM setting WHERE key = 'revision'").fetchone()
    except sqlite3.OperationalError:
        return 0
    return int(row[0]) if row and row[0] else 0


def refuse_writes(conn: sqlite3.Connection) -> None:
    """Make ``conn`` read-only (``query_only``): a reading command's connection, beside a window
    that writes, never writes by mistake."""
    conn.execute("PRAGMA query_only = 1")


def _to_wal(path: Path) -> None:
    conn = sqlite3.connect(str(path))
    try:
        conn.execute("PRAGMA journal_mode=WAL").fetchone()
    except sqlite3.Error as exc:
        raise StorageError(f"Không chuẩn bị được tệp khôi phục: {_sqlite_error_text(exc)}.", details=str(exc)) from exc
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
        src = _connect_readonly(source)
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
    conn = _connect_readonly(db_path)
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
        raise StorageError(f"Chưa khôi phục được: {_sqlite_error_text(exc)}. Cơ sở dữ liệu hiện tại "
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
        _fsync_dir(db_path.parent)
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


@dataclass(frozen=True)
class FileContents:
    """What a database or backup file holds, read without opening it for use."""

    courses: int
    trainees: int
    certificates: int
    changed_at: str | None  # the ``changed_at`` setting as stored (JSON text), None when never set
    revision: int


def backup_contents(path: Path) -> FileContents:
    """What a backup file (or the database itself) holds: rows of the course, trainee and
    certificate tables, the ``changed_at`` setting and the revision. Read-only; raises
    StorageError with a short reason when the file cannot be read."""
    try:
        conn = connect_readonly(path)
    except sqlite3.Error as exc:
        raise StorageError(str(exc)) from exc
    try:
        counts = [conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                  for table in ("course", "trainee", "certificate")]
        row = conn.execute("SELECT value FROM setting WHERE key = 'changed_at'").fetchone()
        revision = read_revision(conn)
    except (sqlite3.Error, ValueError) as exc:
        raise StorageError(f"không đọc được: {exc}") from exc
    finally:
        conn.close()
    return FileContents(*counts, row[0] if row else None, revision)
