"""Errors the user is meant to read. Their message is Vietnamese and complete on its own."""

from __future__ import annotations

import errno


class UserError(Exception):
    """An expected problem (bad input, locked file, damaged database): shown, never a crash."""

    def __init__(self, message: str, *, field: str | None = None, details: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = details

    def __str__(self) -> str:
        return self.message


class Cancelled(Exception):
    """The user stopped a long job (a printout, a report file) before it ended; nothing was written."""


class ValidationError(UserError):
    """Input that breaks a rule; nothing was written."""


class NotFoundError(UserError):
    """A code or id that does not exist."""


class ConflictError(UserError):
    """The action clashes with data already there (a duplicate, an issued certificate…)."""


class ChangedElsewhereError(ConflictError):
    """The record was changed (on another PC, or in another window) since the form showed it:
    nothing was written, and the form shows the new values."""


class DatabaseLockedError(UserError):
    """Another copy of the program has the database open."""


class DatabaseDamagedError(UserError):
    """The database file fails its integrity check; it is left untouched."""


class DatabaseNewerError(UserError):
    """The database was written by a newer version of the program; it is left untouched."""


class StorageError(UserError):
    """The disk refused: full, read-only, missing folder."""


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


# Windows reports a pulled-out stick or a write-protected one with codes that Python maps to
# EACCES or EINVAL ("no permission", "system error"): say what happened instead.
_WINDOWS_ERRORS = {
    15: "ổ đĩa không còn (USB đã bị rút ra?)",  # ERROR_INVALID_DRIVE
    19: "ổ đĩa hoặc thư mục chỉ cho phép đọc",  # ERROR_WRITE_PROTECT
    21: "ổ đĩa không sẵn sàng (USB đã bị rút ra?)",  # ERROR_NOT_READY
    32: "tệp đang được một chương trình khác mở",  # ERROR_SHARING_VIOLATION
    33: "tệp đang bị một chương trình khác khóa",  # ERROR_LOCK_VIOLATION
    1167: "ổ đĩa đã bị ngắt kết nối (USB đã bị rút ra?)",  # ERROR_DEVICE_NOT_CONNECTED
}


def os_error_text(exc: OSError) -> str:
    """A short Vietnamese reason for a failed file operation."""
    windows = _WINDOWS_ERRORS.get(getattr(exc, "winerror", None) or 0)
    return windows or _OS_ERRORS.get(exc.errno or 0, "lỗi hệ thống khi ghi tệp")
