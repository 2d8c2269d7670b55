"""Backup, restore and check as user actions (shared by the menu and the command line)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.domain.errors import DatabaseDamagedError
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
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    try:
        safety.write_copy(conn, Path(dest))
    finally:
        conn.close()
    return Path(dest)


def restore_path(db_path: Path, source: Path) -> tuple[Session, Path | None]:
    """Restore ``source`` over the database at ``db_path`` (not open anywhere); open it.

    Refused while another copy of the program has the database open. Returns the opened
    session (migrated if the backup is older) and where the previous file was kept.
    """
    lock = InstanceLock(Path(db_path))
    lock.acquire()
    try:
        aside = safety.restore_file(Path(db_path), Path(source), migrations.SCHEMA_VERSION)
    except BaseException:
        lock.release()
        raise
    lock.release()
    session = open_session(db_path, backup_on_start=False)
    return session, aside


def restore_from(session: Session, source: Path) -> Path | None:
    """Restore ``source`` in place of the session's database, keeping the session's lock.

    The database is closed, swapped and reopened (migrating an older backup); returns where
    the previous file was kept. If the source is refused, the current database stays open.
    """
    safety.validate_restore_source(Path(source), migrations.SCHEMA_VERSION)
    store_db.close()
    try:
        aside = safety.restore_file(session.path, Path(source), migrations.SCHEMA_VERSION)
    finally:
        store_db.bind(session.path)
    migrations.migrate(store_db.database)
    return aside


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
