"""A lock file beside the database so that a second copy of the program cannot write it.

The lock is an OS file lock (``fcntl.flock`` / ``msvcrt.locking``) held for the life of the
process; the OS drops it when the process dies, so a lock file left by a crash is simply taken
over. The file holds the pid and host of the holder, for the message.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from pathlib import Path

from app.domain.errors import DatabaseLockedError, StorageError, os_error_text

# Windows locks byte ranges, and a locked range cannot even be read by another process: the
# lock is taken on one byte far past the holder's text, so a refused second copy can still read
# who holds the database (Windows allows locking past the end of a file).
_LOCK_OFFSET = 1 << 20

if sys.platform == "win32":  # pragma: no cover - exercised on Windows (and under Wine by packaging/)
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def lock_path_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


class InstanceLock:
    """Exclusive use of one database file by this process."""

    def __init__(self, db_path: Path):
        self.path = lock_path_for(Path(db_path))
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def holder(self) -> dict:
        """Who holds (or last held) the lock, as written in the lock file."""
        try:
            return json.loads(self.path.read_text(encoding="utf-8") or "{}")
        except (OSError, ValueError):
            return {}

    def acquire(self) -> None:
        """Take the lock or raise :class:`DatabaseLockedError` naming the holder."""
        if self._fd is not None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
        except OSError as exc:
            raise StorageError(
                f"Không mở được cơ sở dữ liệu để làm việc: {os_error_text(exc)} ({self.path.parent}). "
                "Hãy chép tệp dữ liệu sang một thư mục ghi được; lệnh kiểm tra và sao lưu vẫn dùng được.",
                details=str(exc)) from exc
        if not _try_lock(fd):
            os.close(fd)
            info = self.holder()
            who = f" (tiến trình {info.get('pid')} trên máy {info.get('host')})" if info else ""
            raise DatabaseLockedError(
                f"Cơ sở dữ liệu đang được mở bởi một cửa sổ chương trình khác{who}. "
                "Hãy dùng cửa sổ đang mở, hoặc đóng nó rồi thử lại."
            )
        payload = json.dumps({"pid": os.getpid(), "host": socket.gethostname()}).encode()
        # Rewrite the whole small file once the lock is held. The lock is the
        # OS lock, not this text: on a full disk the lock holds even if the text cannot be written.
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            os.ftruncate(fd, 0)
            os.write(fd, payload)
            os.fsync(fd)
        except OSError:
            pass
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            _unlock(self._fd)
        finally:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
