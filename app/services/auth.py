"""Optional sign-in with two roles, admin (quản trị) and staff (cán bộ): off by default.

When it is on, each user is a Setting row ``auth.user.<name>`` holding the role and a
``hashlib.scrypt`` hash of the password with its own random salt (never the password), and only
an admin restores a backup, cancels or reissues a certificate, edits the institution settings and
manages users. The signed-in user is held here for the whole process; it is None when sign-in is
off or nobody has signed in.

A database that cannot be read (damaged, missing) counts as "sign-in off" for a restore, so that
recovering from the latest good backup is never locked out; nothing is deleted by a restore.
"""

from __future__ import annotations

import functools
import getpass
import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from app.domain.changes import Topic, writes
from app.domain.errors import ConflictError, NotFoundError, UserError, ValidationError
from app.domain.text import clean
from app.services import audit
from app.store import db
from app.store.models import Setting, database

ROLES: dict[str, str] = {"admin": "Quản trị", "staff": "Cán bộ"}
ENABLED_KEY = "auth.enabled"
USER_PREFIX = "auth.user."
MIN_PASSWORD_CHARS = 6
# scrypt cost: 16 MiB of memory and tens of milliseconds per try on an old office PC.
SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_LEN = 2**14, 8, 1, 32
_USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")


class PermissionDeniedError(UserError):
    """The signed-in user's role does not allow this action (or nobody is signed in)."""


@dataclass(frozen=True)
class User:
    username: str
    role: str
    full_name: str = ""

    @property
    def role_name(self) -> str:
        return ROLES.get(self.role, self.role)


_current: User | None = None


# --- passwords -----------------------------------------------------------------------------


def hash_password(password: str, *, salt: bytes | None = None) -> dict:
    """The stored form of a password: scrypt parameters, salt and hash (hex)."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                            dklen=SCRYPT_LEN)
    return {"scheme": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": salt.hex(), "hash": digest.hex()}


def verify_password(password: str, stored: dict) -> bool:
    try:
        salt, expected = bytes.fromhex(stored["salt"]), bytes.fromhex(stored["hash"])
        digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=int(stored["n"]), r=int(stored["r"]),
                                p=int(stored["p"]), dklen=len(expected))
    except (KeyError, TypeError, ValueError):
        return False
    return hmac.compare_digest(digest, expected)


@functools.cache
def _dummy_record() -> dict:
    """A hash to check unknown names against, so they cost the same work (computed when first needed,
    not at start: scrypt takes ~40 ms)."""
    return hash_password("không-có-người-dùng-này", salt=b"\0" * 16)


# --- reading -------------------------------------------------------------------------------


def _bound() -> bool:
    return not database.deferred and not database.is_closed()


def _enabled_in_file(path: Path) -> bool:
    from app.store import safety

    raw = safety.setting_in_file(Path(path), ENABLED_KEY)  # None when unreadable: never lock the recovery out
    return bool(raw and json.loads(raw))


def is_enabled() -> bool:
    """Whether sign-in is on for the open database."""
    if not _bound():
        return False
    row = Setting.get_or_none(Setting.key == ENABLED_KEY)
    return bool(row and row.value and json.loads(row.value))


def _record(username: str) -> dict | None:
    row = Setting.get_or_none(Setting.key == USER_PREFIX + username)
    return json.loads(row.value) if row and row.value else None


def users() -> list[User]:
    """Every user, admins first, then by name."""
    found = []
    for row in Setting.select().where(Setting.key.startswith(USER_PREFIX)):
        record = json.loads(row.value)
        found.append(User(row.key[len(USER_PREFIX):], record["role"], record.get("full_name", "")))
    return sorted(found, key=lambda u: (u.role != "admin", u.username))


def current_user() -> User | None:
    """Who is signed in; None when sign-in is off or nobody is."""
    return _current if is_enabled() else None


def acting_user() -> str:
    """The name the audit trail records: the signed-in user when sign-in is on, else the computer's login name."""
    signed_in = current_user()
    if signed_in is not None:
        return signed_in.username
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name on some systems
        return ""


# --- the check the services call ------------------------------------------------------------


def require_role(role: str = "admin", *, action: str = "làm việc này", database_file: Path | None = None) -> None:
    """Refuse with :class:`PermissionDeniedError` unless sign-in is off or the signed-in user has ``role``.

    ``database_file`` is for actions done while no database is open (a restore): sign-in is then
    read from that file, and an unreadable file counts as "off".
    """
    enabled = _enabled_in_file(database_file) if database_file is not None else is_enabled()
    if not enabled:
        return
    if _current is None:
        raise PermissionDeniedError(f"Đăng nhập đang bật: cần đăng nhập bằng tài khoản quản trị để {action}.")
    if role == "admin" and _current.role != "admin":
        raise PermissionDeniedError(f"Chỉ người dùng có vai trò Quản trị mới được {action}. Bạn đang đăng nhập "
                                    f"là {_current.username} ({_current.role_name}).")


# --- signing in -----------------------------------------------------------------------------


def sign_in(username: str, password: str) -> User:
    """Check the password and make the user the current one."""
    global _current
    if not is_enabled():
        raise UserError("Đăng nhập đang tắt: không cần đăng nhập.")
    name = _normal_name(username)
    # Saying which box is empty tells nothing about the accounts.
    if not name:
        raise ValidationError("Hãy nhập tên đăng nhập.", field="username")
    if not password:
        raise ValidationError("Hãy nhập mật khẩu.", field="password")
    record = _record(name)
    ok = verify_password(password, record if record else _dummy_record()) and record is not None
    if not ok or record is None:  # (ok already says record is not None)
        raise ValidationError("Sai tên đăng nhập hoặc mật khẩu.", field="password")
    _current = User(name, record["role"], record.get("full_name", ""))
    return _current


def sign_out() -> None:
    global _current
    _current = None


# --- managing users -------------------------------------------------------------------------


def _normal_name(username: str) -> str:
    return clean(username).lower()


def _check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise ValidationError(f"Mật khẩu cần ít nhất {MIN_PASSWORD_CHARS} ký tự.", field="password")
    if password != password.strip():
        raise ValidationError("Mật khẩu không được bắt đầu hoặc kết thúc bằng dấu cách.", field="password")


def _store(username: str, role: str, full_name: str, password_record: dict) -> None:
    payload = json.dumps({"role": role, "full_name": full_name, **password_record}, ensure_ascii=False)
    Setting.insert(key=USER_PREFIX + username, value=payload).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: payload}).execute()


def _admins() -> list[str]:
    return [u.username for u in users() if u.role == "admin"]


@writes(Topic.SETTINGS, Topic.AUDIT)
def add_user(username: str, password: str, role: str = "staff", full_name: str = "") -> User:
    """A new user (admin only once sign-in is on)."""
    require_role("admin", action="thêm người dùng")
    name = _normal_name(username)
    if not _USERNAME_RE.match(name):
        raise ValidationError("Tên đăng nhập gồm 2–32 chữ cái không dấu, chữ số, dấu chấm, gạch nối hoặc gạch dưới.",
                              field="username")
    if role not in ROLES:
        raise ValidationError("Vai trò phải là Quản trị hoặc Cán bộ.", field="role")
    _check_new_password(password)
    if _record(name) is not None:
        raise ConflictError(f"Tên đăng nhập {name} đã có.", field="username")
    record = hash_password(password)
    with db.write():
        _store(name, role, clean(full_name), record)
        audit.record("user-add", "user", None, f"Thêm người dùng {name} ({ROLES[role]})", user=acting_user())
    return User(name, role, clean(full_name))


@writes(Topic.SETTINGS, Topic.AUDIT)
def enable(username: str, password: str, full_name: str = "") -> User:
    """Turn sign-in on with a first admin (who is signed in), or with the admins already there."""
    global _current
    if is_enabled():
        raise ConflictError("Đăng nhập đã được bật.")
    name = _normal_name(username)
    if name and _record(name) is None:
        add_user(name, password, "admin", full_name)
    admins = _admins()
    if not admins:
        raise ValidationError("Cần tạo một người dùng Quản trị trước khi bật đăng nhập.", field="username")
    if name not in admins:
        raise ValidationError("Người bật đăng nhập phải là người dùng Quản trị.", field="username")
    record = _record(name)
    if record is None or not verify_password(password, record):
        raise ValidationError("Sai mật khẩu.", field="password")
    with db.write():
        Setting.insert(key=ENABLED_KEY, value="true").on_conflict(
            conflict_target=[Setting.key], update={Setting.value: "true"}).execute()
        audit.record("auth-on", "user", None, f"Bật đăng nhập (quản trị: {name})", user=acting_user())
    _current = User(name, "admin", record.get("full_name", ""))
    return _current


@writes(Topic.SETTINGS, Topic.AUDIT)
def disable() -> None:
    """Turn sign-in off (admin only); the users are kept for when it is turned on again."""
    require_role("admin", action="tắt đăng nhập")
    with db.write():
        Setting.insert(key=ENABLED_KEY, value="false").on_conflict(
            conflict_target=[Setting.key], update={Setting.value: "false"}).execute()
        audit.record("auth-off", "user", None, "Tắt đăng nhập", user=acting_user())
    sign_out()


@writes(Topic.SETTINGS, Topic.AUDIT)
def set_password(username: str, new_password: str) -> None:
    """A new password: admins for anyone, every user for themselves."""
    name = _normal_name(username)
    if _current is None or _current.username != name or not is_enabled():
        require_role("admin", action="đổi mật khẩu của người khác")
    record = _record(name)
    if record is None:
        raise NotFoundError(f"Không có người dùng {name}.")
    _check_new_password(new_password)
    hashed = hash_password(new_password)
    with db.write():
        _store(name, record["role"], record.get("full_name", ""), hashed)
        audit.record("password", "user", None, f"Đổi mật khẩu của {name}", user=acting_user())


@writes(Topic.SETTINGS, Topic.AUDIT)
def set_role(username: str, role: str) -> User:
    require_role("admin", action="đổi vai trò người dùng")
    name = _normal_name(username)
    record = _record(name)
    if record is None:
        raise NotFoundError(f"Không có người dùng {name}.")
    if role not in ROLES:
        raise ValidationError("Vai trò phải là Quản trị hoặc Cán bộ.", field="role")
    if record["role"] == "admin" and role != "admin" and _admins() == [name]:
        raise ConflictError("Phải còn ít nhất một người dùng Quản trị.")
    with db.write():
        _store(name, role, record.get("full_name", ""), {k: v for k, v in record.items()
                                                        if k not in ("role", "full_name")})
        audit.record("user-role", "user", None, f"Đổi vai trò của {name} thành {ROLES[role]}", user=acting_user())
    return User(name, role, record.get("full_name", ""))


@writes(Topic.SETTINGS, Topic.AUDIT)
def remove_user(username: str, reason: str = "") -> None:
    require_role("admin", action="xóa người dùng")
    name = _normal_name(username)
    record = _record(name)
    if record is None:
        raise NotFoundError(f"Không có người dùng {name}.")
    if _current is not None and _current.username == name:
        raise ConflictError("Không thể xóa chính tài khoản đang đăng nhập.")
    if record["role"] == "admin" and _admins() == [name]:
        raise ConflictError("Phải còn ít nhất một người dùng Quản trị.")
    with db.write():
        Setting.delete().where(Setting.key == USER_PREFIX + name).execute()
        audit.record("delete", "user", None, f"Xóa người dùng {name}", clean(reason) or None, user=acting_user())
