"""Writing files atomically: a temporary file beside the target, flushed, then renamed over it."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeVar

from app.domain.errors import StorageError, os_error_text

T = TypeVar("T")


def write_atomic(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` so that a crash leaves either the old file or the new one."""
    write_atomic_with(path, lambda handle: handle.write(data))
    return Path(path)


def write_atomic_with(path: Path | str, write: Callable[[BinaryIO], T]) -> T:
    """Call ``write(handle)`` on a temporary file beside ``path``, then rename it over ``path``: a crash,
    an error or :class:`app.domain.errors.Cancelled` leaves the old file (or none) and no temporary file
    behind, nor the folders made for it."""
    path = Path(path)
    _check_place(path)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    made = _missing_folders(path.parent)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as fh:
            result = write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:  # Ctrl+C or Cancelled too: no half-written file stays beside the target
        with contextlib.suppress(OSError):  # on a read-only or vanished disk even this fails
            tmp.unlink(missing_ok=True)
        for folder in made:  # the deepest first; one holding something else is kept
            with contextlib.suppress(OSError):
                folder.rmdir()
        if isinstance(exc, PermissionError) and path.exists():
            # Windows refuses to replace a file another program holds open (Excel, a PDF reader).
            raise StorageError(f"Không ghi đè được tệp {path}: tệp đang mở trong một chương trình khác (Excel, "
                               "trình đọc PDF…) hoặc không có quyền ghi. Hãy đóng tệp đó hoặc chọn tên khác rồi thử "
                               "lại.", details=str(exc)) from exc
        if isinstance(exc, OSError):
            raise StorageError(f"Không ghi được tệp {path}: {os_error_text(exc)}.", details=str(exc)) from exc
        raise
    return result


def _missing_folders(folder: Path) -> list[Path]:
    """The folders of ``folder``'s path that do not exist yet, the deepest first."""
    missing = []
    try:
        while not folder.exists() and folder != folder.parent:
            missing.append(folder)
            folder = folder.parent
    except OSError:  # a folder that cannot be looked at: the write says why
        return []
    return missing


def _check_place(path: Path) -> None:
    """Refuse, in words, a target that is a folder or lies under a file (the system's own errors
    for these read "lỗi hệ thống", or on Windows "không có quyền ghi"). A folder that cannot even
    be looked at is left to the write itself, which says why."""
    try:
        if path.is_dir():
            raise StorageError(f"Không ghi được tệp {path}: đó là một thư mục, không phải tệp. "
                               "Hãy chọn hoặc gõ tên tệp.")
        blocking = next((folder for folder in path.parents if folder.exists()), None)
    except OSError:
        return
    if blocking is not None and not blocking.is_dir():
        raise StorageError(f"Không ghi được tệp {path}: {blocking} là một tệp, không phải thư mục.")
