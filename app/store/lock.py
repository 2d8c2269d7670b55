"""A lock file beside the database so that a second copy of the program cannot write it.

The lock is an OS file lock (``fcntl.flock`` / ``msvcrt.locking``) held for the life of the
process; the OS drops it when the process dies, so a lock file left by a crash is simply taken
over. The file says who holds it, for the message: pid, host, and whether it is a window or a
command (and which command, since when). A command that finds another command holding the lock
may wait for it (``acquire(wait_s=…)``); a window is never waited for (it stays open for hours).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


WINDOW = "window"
COMMAND = "command"
POLL_S = 0.1  # how often a waiting command tries the lock again


def holder_text(info: dict[str, Any]) -> str:
    """Who holds the lock, in words: ``một cửa sổ chương trình khác (tiến trình 12 trên máy X)``,
    ``lệnh "boiduong import roster" (tiến trình 12 trên máy X, từ 14:20:05)``."""
    where = f"tiến trình {info.get('pid')} trên máy {info.get('host')}" if info.get("pid") else ""
    since = ""
    with_since = info.get("since")
    if isinstance(with_since, str):
        try:
            since = f", từ {dt.datetime.fromisoformat(with_since):%H:%M:%S}"
        except ValueError:
            since = ""
    if info.get("kind") == COMMAND:
        name = f'lệnh "boiduong {info["command"]}"' if info.get("command") else "một lệnh khác của chương trình"
        return f"{name} ({where}{since})" if where else name
    # A window (or a lock file of an older version, which only windows held for long).
    return f"một cửa sổ chương trình khác ({where})" if where else "một cửa sổ chương trình khác"


def seconds_text(seconds: float) -> str:
    """``30``, ``0,5``: seconds as a Vietnamese reader writes them."""
    return f"{seconds:g}".replace(".", ",")


def refusal(info: dict[str, Any], waited_s: float = 0.0) -> DatabaseLockedError:
    """The error for a database held by ``info``, in words the user can act on."""
    if info.get("kind") == COMMAND:
        waited = f" Đã đợi {seconds_text(waited_s)} giây mà lệnh đó chưa xong." if waited_s else ""
        return DatabaseLockedError(f"Cơ sở dữ liệu đang được ghi bởi {holder_text(info)}.{waited} "
                                   "Hãy thử lại khi lệnh đó xong.")
    return DatabaseLockedError(f"Cơ sở dữ liệu đang được mở bởi {holder_text(info)}. "
                               "Hãy dùng cửa sổ đang mở, hoặc đóng nó rồi thử lại.")


class InstanceLock:
    """Exclusive use of one database file by this process: a window (``kind=WINDOW``) or a
    command (``kind=COMMAND``, ``command`` its name, e.g. ``import roster``)."""

    def __init__(self, db_path: Path, *, kind: str = WINDOW, command: str = ""):
        self.path = lock_path_for(Path(db_path))
        self.kind = kind
        self.command = command
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def holder(self) -> dict[str, Any]:
        """Who holds (or last held) the lock, as written in the lock file."""
        try:
            written = json.loads(self.path.read_text(encoding="utf-8") or "{}")
        except (OSError, ValueError):
            return {}
        return written if isinstance(written, dict) else {}  # a file of other JSON names nobody

    def acquire(self, *, wait_s: float = 0.0, on_wait: Callable[[dict[str, Any]], object] | None = None) -> None:
        """Take the lock or raise :class:`DatabaseLockedError` naming the holder.

        With ``wait_s``, a lock held by another *command* is waited for up to that many seconds
        (``on_wait(holder)`` is called once, when the waiting starts); a window is not waited for.
        """
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
        started = time.monotonic()
        told = False
        looked = 0
        while not _try_lock(fd):
            info = self.holder()
            looked += 1
            waited = time.monotonic() - started
            # A holder that is not a command is read twice: a command that has just taken the
            # lock may not have written its name over the previous holder's yet.
            if (info.get("kind") != COMMAND and (looked > 1 or not wait_s)) or \
                    (info.get("kind") == COMMAND and waited >= wait_s):
                os.close(fd)
                raise refusal(info, wait_s if info.get("kind") == COMMAND and wait_s else 0.0)
            if info.get("kind") == COMMAND and not told and on_wait is not None:
                on_wait(info)
                told = True
            time.sleep(POLL_S)
        payload = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "kind": self.kind,
                              "command": self.command,
                              "since": dt.datetime.now().isoformat(timespec="seconds")},
                             ensure_ascii=False).encode()
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

    def __exit__(self, *exc: object) -> None:
        self.release()
