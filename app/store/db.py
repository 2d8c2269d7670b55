"""Opening the database: pragmas, SQL functions, the write transaction, and error translation."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import peewee

from app.domain.errors import ChangedElsewhereError, ConflictError, DatabaseDamagedError, StorageError, ValidationError
from app.store import backend as backend_mod
from app.store.models import ALL_MODELS, Setting, database

BUSY_TIMEOUT_MS = backend_mod.BUSY_TIMEOUT_MS
PRAGMAS = backend_mod.SQLITE_PRAGMAS

# The backend of the database bound now (SQLite until a URL is bound).
_backend: list[backend_mod.Backend] = [backend_mod.Backend()]


def backend() -> backend_mod.Backend:
    """The backend of the bound database (:mod:`app.store.backend`)."""
    return _backend[0]


def is_server() -> bool:
    """Whether the bound database is on a PostgreSQL server (several PCs at once)."""
    return _backend[0].server


def locked(query: Any) -> Any:
    """``query`` (a SELECT) taking row locks until the write transaction ends: ``FOR UPDATE`` on
    PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` already holds the whole file."""
    return _backend[0].for_update(query)


def serialize(name: str) -> None:
    """Inside a write: the writers of ``name`` (a total read from many rows, such as the blank
    stock's balance) take turns until this transaction ends, on every backend."""
    _backend[0].serialize(database, name)


def row_stamp(model: Any, row_id: int, *, lock: bool = False) -> str | None:
    """A fingerprint of one row's stored values (None when the row is gone): a form keeps the
    stamp of the record it shows, and the save compares it (compare-on-write, several PCs)."""
    query = model.select().where(model._meta.primary_key == row_id).tuples()
    if lock:
        query = locked(query)
    row = query.first()
    if row is None:
        return None
    return hashlib.sha256(repr(row).encode("utf-8")).hexdigest()[:32]


def require_unchanged(model: Any, row_id: int, expected: str | None, what: str) -> None:
    """Inside a write: refuse (nothing written) when the row changed since its stamp ``expected``
    was taken; the row is locked until the write ends (``FOR UPDATE`` on a server). ``expected``
    None: no check (the command line, which does not show a record before changing it)."""
    if expected is None:
        return
    if row_stamp(model, row_id, lock=True) != expected:
        raise ChangedElsewhereError(
            f"{what} vừa được sửa hoặc xóa ở máy khác (hoặc cửa sổ khác) sau khi anh/chị mở để sửa; "
            "không có gì được ghi. Dữ liệu mới nhất đang được hiển thị: hãy xem lại rồi lưu.")


def execute(sql: str, params: tuple[Any, ...] | list[Any] = ()) -> Any:
    """Raw SQL written with ``?`` placeholders, on either backend; returns the cursor."""
    if _backend[0].param != "?":
        sql = backend_mod.to_pg_params(sql)
    return database.execute_sql(sql, tuple(params))


class DatabaseReplacedError(StorageError):
    """The file at the database's path is no longer the file the program opened."""


# The file this process opened: its path and identity (device, inode), to notice when someone
# deletes, moves or replaces it while the program runs (SQLite would go on writing to the old
# file, and leave its WAL to be mixed into the new one).
_opened: dict[str, Any] = {}


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def bind(target: Path | str, *, immutable: bool = False) -> peewee.Database:
    """Bind the models to the SQLite file at ``target`` (a path) or the PostgreSQL database at
    ``target`` (a ``postgresql://`` URL) and connect. ``immutable``: a file on a read-only medium,
    read only (a reading command's)."""
    if not database.is_closed():
        close()
    chosen = backend_mod.for_target(target)
    db = chosen.database(target, immutable=immutable) if immutable else chosen.database(target)
    _backend[0] = chosen
    database.initialize(db)
    try:
        database.connect()
    except (peewee.OperationalError, sqlite3.OperationalError) as exc:
        database.close()
        if chosen.server:
            raise backend_mod.connection_error(str(target), exc) from exc
        raise translate_operational_error(exc) from exc
    except peewee.DatabaseError as exc:  # a server's connection option the driver refuses
        database.close()
        if not chosen.server:
            raise
        raise backend_mod.connection_error(str(target), exc) from exc
    _opened.clear()
    if not chosen.server:
        _opened.update(path=Path(target), identity=_identity(Path(target)), rescued=None)
    return db


def _replaced() -> bool:
    return bool(_opened) and _identity(_opened["path"]) != _opened["identity"]


def _rescue() -> Path | None:
    """Save what this process has open (the old file and its WAL) beside the path, once."""
    if _opened.get("rescued") is None:
        from app.store import safety

        path: Path = _opened["path"]
        target = path.with_name(f"{path.stem}.ban-dang-mo-{dt.datetime.now():%Y%m%d-%H%M%S}{path.suffix}")
        try:
            safety.write_copy(database.connection(), target)
            _opened["rescued"] = target
        except Exception:  # whatever stops the copy, the refusal that follows matters more
            return None
    rescued: Path | None = _opened["rescued"]
    return rescued


def check_same_file() -> None:
    """Refuse to write when the database file was deleted, moved or replaced since it was opened.

    What the program had open is first saved to ``<name>.ban-dang-mo-<time>`` beside it.
    """
    if not _replaced():
        return
    path: Path = _opened["path"]
    rescued = _rescue()
    kept = (f" Dữ liệu chương trình đang mở đã được lưu sang tệp {rescued.name}." if rescued else "")
    raise DatabaseReplacedError(
        f"Tệp cơ sở dữ liệu {path} đã bị thay thế, đổi tên hoặc xóa trong khi chương trình đang mở; "
        f"chương trình không ghi gì thêm để không làm hỏng dữ liệu.{kept} Hãy đóng chương trình rồi mở lại.")


def close() -> None:
    """Close the connection. If the file was replaced meanwhile, keep what was open and move its
    WAL out of the new file's way (SQLite leaves it behind for a moved file)."""
    replaced = not database.is_closed() and _replaced()
    if replaced:
        _rescue()
    if not database.is_closed():
        database.close()
    if replaced:
        path: Path = _opened["path"]
        stamp = f"{dt.datetime.now():%Y%m%d-%H%M%S}"
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                with contextlib.suppress(OSError):
                    os.replace(side, path.with_name(f"{path.name}{suffix}.cua-tep-cu-{stamp}"))
    _opened.clear()


def close_thread_connection() -> None:
    """Close the calling thread's own connection (peewee keeps one per thread); a worker thread
    calls this when its job is done. The file this process opened stays remembered."""
    if not database.is_closed():
        database.close()


def create_schema() -> None:
    """Create every table of the current schema (a new database)."""
    from app.store.secret import create_secret

    with database.atomic():
        database.create_tables(ALL_MODELS)
        create_secret(database)


def get_revision() -> int:
    """A number that grows with every committed write action (used to skip unneeded backups)."""
    row = Setting.get_or_none(Setting.key == "revision")
    return int(row.value) if row and row.value else 0


def _bump_revision() -> None:
    execute(
        "INSERT INTO setting (key, value) VALUES ('revision', '1') "
        "ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(setting.value AS INTEGER) + 1 AS TEXT)"
    )
    # When: what a backup's listing shows as its last change (a JSON string, like every setting).
    execute(
        "INSERT INTO setting (key, value) VALUES ('changed_at', ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (f'"{dt.datetime.now().isoformat(timespec="seconds")}"',),
    )


# Unique constraints the user can run into, in words they understand.
_UNIQUE_MESSAGES = {
    "trainee.citizen_id": "Số CCCD này đã có ở một học viên khác.",
    "enrollment.course_id, enrollment.trainee_id": "Học viên đã có trong danh sách lớp.",
    "course.code": "Mã lớp này đã được dùng cho một lớp khác.",
    "certificate.year, certificate.number": "Số giấy chứng nhận này đã được cấp.",
    "program.code": "Mã chương trình đã tồn tại.",
    "annual_plan.year": "Kế hoạch của năm này đã có.",
    "feedback_response.course_id, feedback_response.lesson_key, feedback_response.form_no":
        "Số phiếu này đã được nhập cho lớp (buổi học) này.",
    "ethnic_group.code": "Mã dân tộc đã tồn tại.",
    "catalogue_item.kind, catalogue_item.code": "Mã danh mục đã tồn tại.",
}


def translate_integrity_error(exc: peewee.IntegrityError | sqlite3.IntegrityError) -> ConflictError | ValidationError:
    """Turn a constraint failure into a Vietnamese message."""
    raw = str(exc)
    key = backend().unique_key(exc)
    if key is not None:
        message = _UNIQUE_MESSAGES.get(key, "Dữ liệu bị trùng với dữ liệu đã có.")
        return ConflictError(message, details=raw)
    lowered = raw.lower()
    if "foreign key" in lowered:
        return ConflictError("Dữ liệu đang được dùng ở nơi khác hoặc tham chiếu tới mục không tồn tại.",
                             details=raw)
    if "check constraint" in lowered:
        return ValidationError("Giá trị không hợp lệ.", details=raw)
    if "not null" in lowered or "not-null" in lowered:
        return ValidationError("Thiếu thông tin bắt buộc.", details=raw)
    return ConflictError("Không ghi được dữ liệu vì vi phạm ràng buộc.", details=raw)


def translate_data_error(exc: Exception) -> ValidationError:
    """A value a PostgreSQL server refuses where an SQLite file takes it: a text longer than its
    column, a NUL character (often pasted from another program), a number out of range."""
    raw = str(exc)
    too_long = re.search(r"value too long for type character varying\((\d+)\)", raw)
    if too_long:
        message = (f"Một ô nhập dài hơn {too_long.group(1)} ký tự: quá dài để lưu trên máy chủ. Hãy rút gọn "
                   "rồi lưu lại; không có gì được ghi.")
    elif "NUL (0x00)" in raw or "\\u0000" in raw:
        message = ("Dữ liệu có ký tự NUL (mã 0, thường do dán từ chương trình khác) mà máy chủ không lưu được. "
                   "Hãy xóa ký tự đó (gõ lại ô vừa dán) rồi lưu lại; không có gì được ghi.")
    else:
        message = "Giá trị không hợp lệ nên máy chủ không lưu được; không có gì được ghi."
    return ValidationError(message, details=raw)


def translate_operational_error(exc: Exception) -> StorageError:
    raw = str(exc)
    lowered = raw.lower()
    if any(word in lowered for word in ("could not connect", "connection refused", "connection failed",
                                        "connection to server", "password authentication failed",
                                        "does not exist", *backend_mod.CONNECTION_LOST)):
        message = ("Không kết nối được máy chủ cơ sở dữ liệu (máy chủ tắt, sai địa chỉ, tên cơ sở dữ liệu, "
                   "người dùng hoặc mật khẩu). Hãy kiểm tra kết nối rồi thử lại.")
    elif "deadlock" in lowered or "could not serialize" in lowered or "lock timeout" in lowered:
        message = "Một máy khác đang ghi cùng dữ liệu này. Hãy thử lại."
    elif "locked" in lowered or "busy" in lowered:
        message = "Cơ sở dữ liệu đang bận (một chương trình khác đang ghi). Hãy thử lại sau."
    elif "readonly" in lowered or "read-only" in lowered:
        message = "Không ghi được: tệp cơ sở dữ liệu hoặc thư mục chỉ cho phép đọc."
    elif "disk" in lowered and ("full" in lowered or "i/o" in lowered):
        message = "Không ghi được: ổ đĩa đầy hoặc bị lỗi."
    elif "unable to open" in lowered:
        message = ("Không mở được tệp cơ sở dữ liệu: thư mục không tồn tại, chỉ cho phép đọc, "
                   "hoặc không có quyền ghi.")
    else:
        message = "Không ghi được vào cơ sở dữ liệu."
    return StorageError(message, details=raw)


@contextmanager
def write() -> Iterator[None]:
    """One user action that writes: all of it or none of it.

    Wraps ``atomic()``, counts the action in the revision, and turns constraint and disk errors
    into :class:`~app.domain.errors.UserError` with a Vietnamese message.
    """
    check_same_file()
    try:
        # IMMEDIATE takes the write lock at the start, so two processes that read a counter and
        # then write it (certificate numbers) queue up instead of failing or colliding.
        with backend().write_transaction(database):
            yield
            _bump_revision()
    except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
        cause = _root_cause(exc)
        translated = _translate(cause)
        if translated is exc:
            raise
        if translated is cause:  # the action's own error (SQLite had already rolled back)
            raise cause from None
        raise translated from exc


def _root_cause(exc: BaseException) -> BaseException:
    """After a disk-full or I/O error SQLite rolls the transaction back by itself; the ROLLBACK
    that follows then fails with "no transaction is active" and would hide the real reason."""
    while "no transaction is active" in str(exc) and exc.__context__ is not None:
        exc = exc.__context__
    return exc


def _translate(exc: BaseException) -> BaseException:
    """The user's error for a database error; anything else unchanged."""
    if isinstance(exc, peewee.IntegrityError | sqlite3.IntegrityError):
        return translate_integrity_error(exc)
    if isinstance(exc, peewee.OperationalError | sqlite3.OperationalError):
        return translate_operational_error(exc)
    if isinstance(exc, peewee.DataError):  # a value the server refuses (SQLite takes any text)
        return translate_data_error(exc)
    if isinstance(exc, peewee.ProgrammingError) and "permission denied" in str(exc):  # a server's rights
        return StorageError("Người dùng của chương trình không có quyền ghi vào bảng này trên máy chủ; không có gì "
                            "được ghi. Hãy nhờ người quản trị máy chủ cấp quyền (xem README, mục \"Several PCs\").",
                            details=str(exc))
    if type(exc) in (peewee.DatabaseError, sqlite3.DatabaseError):  # "malformed", "not a database"
        return DatabaseDamagedError("Cơ sở dữ liệu bị hỏng nên không ghi được; không có gì được ghi. Hãy "
                                    "đóng chương trình, mở lại và khôi phục từ bản sao lưu gần nhất còn tốt.",
                                    details=str(exc))
    return exc  # a programming error is a bug, not a damaged file
