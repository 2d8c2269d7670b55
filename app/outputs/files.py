"""Writing files atomically: a temporary file beside the target, flushed, then renamed over it."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from app.domain.errors import StorageError

# What the disk said, in words the officer understands (the English strerror stays in details).
_OS_ERRORS = {
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EDQUOT: "đã hết dung lượng được phép trên ổ đĩa",
    errno.EROFS: "ổ đĩa hoặc thư mục chỉ cho phép đọc",
    errno.EACCES: "không có quyền ghi vào thư mục này",
    errno.EPERM: "không có quyền ghi vào thư mục này",
    errno.ENOENT: "thư mục không tồn tại (ổ đĩa đã bị rút ra?)",
    errno.ENOTDIR: "đường dẫn không phải là một thư mục",
    errno.EIO: "lỗi đọc ghi ổ đĩa",
    errno.EFBIG: "tệp vượt quá kích thước ổ đĩa cho phép",
    errno.ENAMETOOLONG: "tên tệp quá dài",
}


def os_error_text(exc: OSError) -> str:
    """A short Vietnamese reason for a failed file operation."""
    return _OS_ERRORS.get(exc.errno or 0, "lỗi hệ thống khi ghi tệp")


def write_atomic(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` so that a crash leaves either the old file or the new one."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):  # on a read-only or vanished disk even this fails
            tmp.unlink(missing_ok=True)
        raise StorageError(f"Không ghi được tệp {path}: {os_error_text(exc)}.", details=str(exc)) from exc
    return path
