"""Opening the database: pragmas, SQL functions, the write transaction, and error translation."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import peewee

from app.domain import text
from app.domain.errors import ConflictError, StorageError, ValidationError
from app.store.models import ALL_MODELS, Setting, database

BUSY_TIMEOUT_MS = 5000
PRAGMAS = {
    "foreign_keys": 1,
    "journal_mode": "wal",
    "synchronous": "full",
    "busy_timeout": BUSY_TIMEOUT_MS,
}


def _register_functions(db: peewee.SqliteDatabase) -> None:
    """The one fold and sort key of ``app.domain.text``, available to SQL as well."""
    db.register_function(text.fold, "vn_fold", 1, deterministic=True)
    db.register_function(text.sort_key, "vn_sort_key", 1, deterministic=True)
    db.register_collation(text.compare, "vi")


def bind(path: Path | str) -> peewee.SqliteDatabase:
    """Bind the models to the SQLite file at ``path`` and connect with the project's pragmas."""
    if not database.is_closed():
        database.close()
    database.init(str(path), pragmas=PRAGMAS, check_same_thread=False)
    _register_functions(database)
    database.connect()
    return database


def close() -> None:
    if not database.is_closed():
        database.close()


def create_schema() -> None:
    """Create every table of the current schema (a new database)."""
    with database.atomic():
        database.create_tables(ALL_MODELS)


def get_revision() -> int:
    """A number that grows with every committed write action (used to skip unneeded backups)."""
    row = Setting.get_or_none(Setting.key == "revision")
    return int(row.value) if row and row.value else 0


def _bump_revision() -> None:
    database.execute_sql(
        "INSERT INTO setting (key, value) VALUES ('revision', '1') "
        "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
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


def translate_integrity_error(exc: peewee.IntegrityError | sqlite3.IntegrityError) -> ConflictError:
    """Turn a constraint failure into a Vietnamese message."""
    raw = str(exc)
    match = re.search(r"UNIQUE constraint failed: (.+)$", raw)
    if match:
        message = _UNIQUE_MESSAGES.get(match.group(1).strip(), "Dữ liệu bị trùng với dữ liệu đã có.")
        return ConflictError(message, details=raw)
    if "FOREIGN KEY" in raw:
        return ConflictError("Dữ liệu đang được dùng ở nơi khác hoặc tham chiếu tới mục không tồn tại.",
                             details=raw)
    if "CHECK constraint" in raw:
        return ValidationError("Giá trị không hợp lệ.", details=raw)
    if "NOT NULL" in raw:
        return ValidationError("Thiếu thông tin bắt buộc.", details=raw)
    return ConflictError("Không ghi được dữ liệu vì vi phạm ràng buộc.", details=raw)


def translate_operational_error(exc: Exception) -> StorageError:
    raw = str(exc)
    lowered = raw.lower()
    if "locked" in lowered or "busy" in lowered:
        message = "Cơ sở dữ liệu đang bận (một chương trình khác đang ghi). Hãy thử lại sau."
    elif "readonly" in lowered or "read-only" in lowered:
        message = "Không ghi được: tệp cơ sở dữ liệu hoặc thư mục chỉ cho phép đọc."
    elif "disk" in lowered and ("full" in lowered or "i/o" in lowered):
        message = "Không ghi được: ổ đĩa đầy hoặc bị lỗi."
    else:
        message = "Không ghi được vào cơ sở dữ liệu."
    return StorageError(message, details=raw)


@contextmanager
def write() -> Iterator[None]:
    """One user action that writes: all of it or none of it.

    Wraps ``atomic()``, counts the action in the revision, and turns constraint and disk errors
    into :class:`~app.domain.errors.UserError` with a Vietnamese message.
    """
    try:
        # IMMEDIATE takes the write lock at the start, so two processes that read a counter and
        # then write it (certificate numbers) queue up instead of failing or colliding.
        with database.atomic("IMMEDIATE"):
            yield
            _bump_revision()
    except (peewee.IntegrityError, sqlite3.IntegrityError) as exc:
        raise translate_integrity_error(exc) from exc
    except (peewee.OperationalError, sqlite3.OperationalError) as exc:
        raise translate_operational_error(exc) from exc
