"""The password of a server database, kept in the operating system's credential store.

Windows (the centre's PCs): the Windows Credential Manager, through advapi32's ``CredWriteW`` /
``CredReadW`` / ``CredDeleteW`` / ``CredFree`` with ``ctypes`` (standard library only: the
``keyring`` package would bring a tree of other packages). A generic credential per server
database, named ``boiduong:postgresql://user@host:port/dbname``, kept for this Windows user on
this PC (``CRED_PERSIST_LOCAL_MACHINE``), the password as a UTF-16-LE blob.

Elsewhere (Linux, macOS) there is no store here: the password is asked at each start.

The functions the window calls never raise: a failed read means "ask the password"; a failed
write or delete returns a Vietnamese sentence to show. The password never goes into a log, an
exception message or the user's settings.
"""

from __future__ import annotations

import logging
import sys
from typing import Protocol

log = logging.getLogger(__name__)

PREFIX = "boiduong:"
COMMENT = "Bồi dưỡng: mật khẩu cơ sở dữ liệu trên máy chủ"

# Windows error codes met here (winerror.h).
ERROR_ACCESS_DENIED = 5
ERROR_INVALID_PARAMETER = 87
ERROR_NOT_FOUND = 1168
ERROR_NO_SUCH_LOGON_SESSION = 1312  # no credential store for this logon (a service account)
MAX_BLOB_BYTES = 5 * 512  # CRED_MAX_CREDENTIAL_BLOB_SIZE

WRITE_FAILED = ("Không ghi nhớ được mật khẩu trên máy này ({why}). Lần này chương trình vẫn kết nối; "
                "lần mở sau sẽ hỏi lại mật khẩu.")
DELETE_FAILED = ("Không xóa được mật khẩu đã ghi nhớ trên máy này ({why}). Có thể xóa tay trong "
                 "Control Panel › Credential Manager › Windows Credentials, mục bắt đầu bằng “boiduong:”.")
TOO_LONG = "mật khẩu quá dài"


def why(code: int) -> str:
    """A Windows error code as a few Vietnamese words (never the password)."""
    return {ERROR_ACCESS_DENIED: "Windows không cho phép",
            ERROR_NO_SUCH_LOGON_SESSION: "tài khoản Windows này không có kho mật khẩu",
            ERROR_NOT_FOUND: "không tìm thấy mục đã ghi",
            ERROR_INVALID_PARAMETER: "Windows từ chối dữ liệu"}.get(code, f"lỗi Windows {code}")


def target_name(host: str, port: int, database: str, user: str) -> str:
    """The name of the credential of one server database (shown in Credential Manager)."""
    return f"{PREFIX}postgresql://{user}@{host}:{port}/{database}"


class Vault(Protocol):
    """The operating system's calls (the seam tests fake). Each raises ``OSError`` whose
    ``winerror`` (or ``errno``) is the system's code; ``read`` raises it with ERROR_NOT_FOUND
    when there is no such credential."""

    def write(self, target: str, user: str, blob: bytes) -> None: ...

    def read(self, target: str) -> bytes: ...

    def delete(self, target: str) -> None: ...


class Store:
    """Remembers, gives back and forgets passwords; ``available`` False where there is no store."""

    def __init__(self, vault: Vault | None) -> None:
        self.vault = vault

    @property
    def available(self) -> bool:
        return self.vault is not None

    def read(self, target: str) -> str | None:
        """The remembered password, or None: ask it (none kept, no store, or the store failed)."""
        if self.vault is None:
            return None
        try:
            blob = self.vault.read(target)
        except OSError as exc:
            if _code(exc) != ERROR_NOT_FOUND:
                log.warning("credential store: reading %s failed (%s)", target, _code(exc))
            return None
        try:
            return blob.decode("utf-16-le") or None
        except UnicodeDecodeError:
            log.warning("credential store: %s is not a password of this program", target)
            return None

    def remember(self, target: str, user: str, password: str) -> str | None:
        """Keep ``password``; None when kept, else the Vietnamese sentence to show the user."""
        if self.vault is None:
            return None
        blob = password.encode("utf-16-le")
        if len(blob) > MAX_BLOB_BYTES:
            return WRITE_FAILED.format(why=TOO_LONG)
        try:
            self.vault.write(target, user, blob)
        except OSError as exc:
            log.warning("credential store: writing %s failed (%s)", target, _code(exc))
            return WRITE_FAILED.format(why=why(_code(exc)))
        return None

    def forget(self, target: str) -> str | None:
        """Delete a kept password (none kept is fine); None when done, else the sentence to show."""
        if self.vault is None:
            return None
        try:
            self.vault.delete(target)
        except OSError as exc:
            if _code(exc) == ERROR_NOT_FOUND:
                return None
            log.warning("credential store: deleting %s failed (%s)", target, _code(exc))
            return DELETE_FAILED.format(why=why(_code(exc)))
        return None


def _code(exc: OSError) -> int:
    return int(getattr(exc, "winerror", None) or exc.errno or 0)


class WindowsVault:
    """The Windows Credential Manager through advapi32 (generic credentials, this PC)."""

    CRED_TYPE_GENERIC = 1
    CRED_PERSIST_LOCAL_MACHINE = 2

    def __init__(self) -> None:
        import ctypes
        from ctypes import wintypes

        class FILETIME(ctypes.Structure):
            _fields_ = [("dwLowDateTime", wintypes.DWORD), ("dwHighDateTime", wintypes.DWORD)]

        class CREDENTIALW(ctypes.Structure):
            _fields_ = [("Flags", wintypes.DWORD), ("Type", wintypes.DWORD), ("TargetName", wintypes.LPWSTR),
                        ("Comment", wintypes.LPWSTR), ("LastWritten", FILETIME),
                        ("CredentialBlobSize", wintypes.DWORD), ("CredentialBlob", ctypes.POINTER(ctypes.c_ubyte)),
                        ("Persist", wintypes.DWORD), ("AttributeCount", wintypes.DWORD),
                        ("Attributes", ctypes.c_void_p), ("TargetAlias", wintypes.LPWSTR),
                        ("UserName", wintypes.LPWSTR)]

        self.ctypes = ctypes
        self.CREDENTIALW = CREDENTIALW
        advapi32 = ctypes.WinDLL("advapi32", use_last_error=True)  # type: ignore[attr-defined]
        self.CredWriteW = advapi32.CredWriteW
        self.CredWriteW.argtypes = [ctypes.POINTER(CREDENTIALW), wintypes.DWORD]
        self.CredWriteW.restype = wintypes.BOOL
        self.CredReadW = advapi32.CredReadW
        self.CredReadW.argtypes = [wintypes.LPCWSTR, wintypes.DWORD, wintypes.DWORD,
                                   ctypes.POINTER(ctypes.POINTER(CREDENTIALW))]
        self.CredReadW.restype = wintypes.BOOL
        self.CredDeleteW = advapi32.CredDeleteW
        self.CredDeleteW.argtypes = [wintypes.LPCWSTR, wintypes.DWORD, wintypes.DWORD]
        self.CredDeleteW.restype = wintypes.BOOL
        self.CredFree = advapi32.CredFree
        self.CredFree.argtypes = [ctypes.c_void_p]
        self.CredFree.restype = None

    def _failed(self, call: str) -> OSError:
        code = self.ctypes.get_last_error()  # type: ignore[attr-defined]
        return OSError(0, f"{call} failed", None, code)  # only the code: never the password

    def write(self, target: str, user: str, blob: bytes) -> None:
        ctypes = self.ctypes
        buffer = (ctypes.c_ubyte * max(len(blob), 1)).from_buffer_copy(blob or b"\0")
        cred = self.CREDENTIALW()
        cred.Type = self.CRED_TYPE_GENERIC
        cred.TargetName = target
        cred.Comment = COMMENT
        cred.CredentialBlobSize = len(blob)
        cred.CredentialBlob = ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ubyte))
        cred.Persist = self.CRED_PERSIST_LOCAL_MACHINE
        cred.UserName = user
        try:
            if not self.CredWriteW(ctypes.byref(cred), 0):
                raise self._failed("CredWriteW")
        finally:
            ctypes.memset(buffer, 0, ctypes.sizeof(buffer))  # no copy of the password left behind

    def read(self, target: str) -> bytes:
        ctypes = self.ctypes
        found = ctypes.POINTER(self.CREDENTIALW)()
        if not self.CredReadW(target, self.CRED_TYPE_GENERIC, 0, ctypes.byref(found)):
            raise self._failed("CredReadW")
        try:
            cred = found.contents
            return ctypes.string_at(cred.CredentialBlob, cred.CredentialBlobSize) if cred.CredentialBlobSize else b""
        finally:
            self.CredFree(found)

    def delete(self, target: str) -> None:
        if not self.CredDeleteW(target, self.CRED_TYPE_GENERIC, 0):
            raise self._failed("CredDeleteW")


_system: Store | None = None


def system_store() -> Store:
    """This PC's store: the Windows Credential Manager, or no store (``available`` False)."""
    global _system
    if _system is None:
        vault: Vault | None = None
        if sys.platform == "win32":
            try:
                vault = WindowsVault()
            except (OSError, AttributeError) as exc:  # advapi32 missing or without these calls
                log.warning("credential store: not available (%s)", exc)
        _system = Store(vault)
    return _system
