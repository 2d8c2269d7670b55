"""Reading a database file without opening it for use: the integrity check (and the one started
early, at start), a file cut short, the schema version, whether a file is ours, and what it holds.

Reads only: nothing here creates or writes a file.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.errors import DatabaseDamagedError, DatabaseNewerError, StorageError

REQUIRED_TABLES = {"setting", "program", "course", "trainee", "enrollment", "certificate"}


@dataclass
class CheckReport:
    """What ``check`` found. ``ok`` is False when the file must not be trusted."""

    path: Path
    ok: bool
    problems: list[str] = field(default_factory=list)
    user_version: int | None = None


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
        if not read_as_immutable(path):
            raise
        return sqlite3.connect(uri + "&immutable=1", uri=True, timeout=5)
    except sqlite3.DatabaseError:
        pass  # a damaged file: the caller's checks say what is wrong
    return conn


connect_readonly = _connect_readonly


def read_as_immutable(path: Path) -> bool:
    """Whether ``path`` lies on a read-only medium (a folder nobody can write) with no WAL beside
    it: nobody can be writing it, and SQLite cannot make the ``-shm`` file a WAL database needs
    even to be read, so it is read as immutable."""
    path = Path(path)
    return not os.access(path.parent, os.W_OK) and not path.with_name(path.name + "-wal").exists()


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


def sqlite_error_text(exc: sqlite3.Error) -> str:
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


def check_header(path: Path) -> CheckReport:
    """The cheap part of :func:`check_file`: the file exists, is SQLite and is not cut short,
    seen from its header and size alone (no page is read)."""
    return check_file(path, pages=False)


def check_file(path: Path, *, full: bool = False, pages: bool = True) -> CheckReport:
    """Integrity of an SQLite file: ``quick_check`` (or ``integrity_check`` when ``full``).

    Reads only. A missing file, a file that is not SQLite, or one that fails the check gives
    ``ok=False`` with the reasons in Vietnamese.
    """
    path = Path(path)
    report = CheckReport(path=path, ok=False)
    if not path.exists():
        report.problems.append(f"Không tìm thấy tệp {path}.")
        return report
    if path.is_dir():
        report.problems.append(f"{path.name} là một thư mục, không phải tệp cơ sở dữ liệu.")
        return report
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        reason = "không có quyền đọc" if exc.errno in (errno.EACCES, errno.EPERM) else "lỗi đọc ổ đĩa"
        report.problems.append(f"Không đọc được tệp ({reason}).")
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
    if not pages:
        report.ok = True
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


def file_version(path: Path) -> int | None:
    """The schema version written in the file at ``path``; None when it cannot be read."""
    try:
        conn = _connect_readonly(path)
        try:
            version: int = conn.execute("PRAGMA user_version").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return version


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
    return tables >= REQUIRED_TABLES


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
    courses, trainees, certificates = counts
    return FileContents(courses, trainees, certificates, row[0] if row else None, revision)
