"""Backup, restore and check as user actions (shared by the menu and the command line)."""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import sqlite3
from pathlib import Path

from app.domain.changes import Topic, writes
from app.domain.errors import DatabaseDamagedError, StorageError
from app.services import auth
from app.services.session import Session, open_session
from app.store import db as store_db
from app.store import migrations, safety
from app.store.lock import InstanceLock


def backup_file(db_path: Path, dest: Path) -> Path:
    """Copy the database at ``db_path`` to ``dest`` (a USB stick…) while others may use it."""
    db_path = Path(db_path)
    report = safety.check_file(db_path)
    if not report.ok:
        raise DatabaseDamagedError("Cơ sở dữ liệu bị hỏng nên không sao lưu (để không ghi đè "
                                   "bản sao lưu tốt). Hãy khôi phục từ bản sao lưu gần nhất.",
                                   details="\n".join(report.problems))
    try:
        conn = safety.connect_readonly(db_path)  # also from a read-only stick or folder
    except sqlite3.Error as exc:
        raise StorageError(f"Không đọc được cơ sở dữ liệu {db_path} để sao lưu.", details=str(exc)) from exc
    try:
        safety.write_copy(conn, Path(dest))
    finally:
        conn.close()
    return Path(dest)


@writes(Topic.DATABASE)
def restore_path(db_path: Path, source: Path) -> tuple[Session, Path | None]:
    """Restore ``source`` over the database at ``db_path`` (not open anywhere); open it.

    Refused while another copy of the program has the database open. Returns the opened
    session (migrated if the backup is older) and where the previous file was kept.
    """
    auth.require_role("admin", action="khôi phục dữ liệu", database_file=Path(db_path))
    lock = InstanceLock(Path(db_path))
    lock.acquire()
    try:
        aside = safety.restore_file(Path(db_path), Path(source), migrations.SCHEMA_VERSION)
    except BaseException:
        lock.release()
        raise
    lock.release()
    log_restore(Path(db_path), Path(source), aside)
    session = open_session(db_path, backup_on_start=False)
    return session, aside


@writes(Topic.DATABASE)
def restore_from(session: Session, source: Path) -> Path | None:
    """Restore ``source`` in place of the session's database, keeping the session's lock.

    The database is closed, swapped and reopened (migrating an older backup); returns where
    the previous file was kept. If the source is refused, the current database stays open.
    """
    auth.require_role("admin", action="khôi phục dữ liệu")
    safety.validate_restore_source(Path(source), migrations.SCHEMA_VERSION)
    store_db.close()
    try:
        aside = safety.restore_file(session.path, Path(source), migrations.SCHEMA_VERSION)
    finally:
        store_db.bind(session.path)
    log_restore(session.path, Path(source), aside)
    migrations.migrate(store_db.database)
    return aside


def restore_log_path(db_path: Path) -> Path:
    return Path(db_path).with_name(f"{Path(db_path).stem}.nhat-ky-khoi-phuc.jsonl")


def log_restore(db_path: Path, source: Path, aside: Path | None) -> None:
    """Note a restore (when, who, from what, where the old data went) in a file beside the database.

    Not in the database: the restored data cannot hold its own restore, and restoring an older
    backup later would erase the note. Best effort: a restore is not undone for want of its note.
    """
    user = auth.current_user()
    try:
        who = user.username if user else getpass.getuser()
    except (OSError, KeyError, ImportError):
        who = ""
    entry = {"at": dt.datetime.now().isoformat(), "user": who, "source": str(source),
             "kept": str(aside) if aside else ""}
    with contextlib.suppress(OSError), restore_log_path(db_path).open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def restore_events(db_path: Path) -> list[dict]:
    """The restores noted beside the database, oldest first (unreadable lines skipped)."""
    events = []
    with contextlib.suppress(OSError), restore_log_path(db_path).open(encoding="utf-8") as fh:
        for line in fh:
            with contextlib.suppress(ValueError, TypeError, KeyError):
                entry = json.loads(line)
                events.append({**entry, "at": dt.datetime.fromisoformat(entry["at"])})
    return events


def check(db_path: Path) -> safety.CheckReport:
    """Full integrity check of the file, plus its schema version against this program."""
    report = safety.check_file(Path(db_path), full=True)
    if report.ok and report.user_version is not None \
            and report.user_version > migrations.SCHEMA_VERSION:
        report.ok = False
        report.problems.append(
            f"Phiên bản dữ liệu {report.user_version} mới hơn chương trình "
            f"({migrations.SCHEMA_VERSION}).")
    return report
