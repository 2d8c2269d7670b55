"""Opening and closing a database for a user session (GUI or command line).

Order on open: take the lock → check the file (``quick_check``; a damaged file is left
untouched) → refuse a newer schema → create a new database with its catalogues, or back up and
migrate an old one → back up on start when the data changed since the last backup.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.errors import UserError
from app.services import catalogues
from app.store import db as store_db
from app.store import migrations, safety
from app.store.lock import WINDOW, InstanceLock
from app.store.models import database

log = logging.getLogger(__name__)


@dataclass
class Session:
    """An open database: its path, its lock, and what happened while opening it."""

    path: Path
    lock: InstanceLock | None
    created: bool = False
    # A database on a PostgreSQL server: its URL (``path`` then only names it, without the
    # password, for titles and messages; there is no file, no lock and no backup rotation).
    url: str | None = None
    read_only: bool = False  # a reading command beside a window: no lock, no backup, no write
    migrated_from: int | None = None
    backups: list[Path] = field(default_factory=list)
    _stop_backups: threading.Event | None = field(default=None, repr=False)
    _backup_thread: threading.Thread | None = field(default=None, repr=False)

    @property
    def label(self) -> str:
        """The database as shown to the user: its path, or the server's URL without a password."""
        if self.url is None:
            return str(self.path)
        from app.store.backend import describe

        return describe(self.url)

    def backup_now(self, *, force: bool = False, throttled: bool = False) -> Path | None:
        """An automatic backup into the rotation (skipped when nothing changed, unless ``force``).

        ``throttled`` (the command line's backup on start): also skipped when the last automatic
        backup is less than the ``cli_every_minutes`` setting old.
        """
        if self.url is not None:
            return None  # a server is backed up by its own schedule (pg_dump): README "Several PCs"
        conn = database.connection()
        interval = None
        if throttled:
            interval = dt.timedelta(minutes=safety.read_policy(conn).cli_every_minutes)
        made = safety.automatic_backup(conn, self.path, store_db.get_revision(), force=force,
                                       min_interval=interval)
        if made:
            self.backups.append(made)
        return made

    def backup_to(self, dest: Path) -> Path:
        """A manual backup to a chosen file (a USB stick; the window's file dialog has asked
        before replacing one) or into a chosen folder (a dated file); never onto the database.
        A server database is dumped with ``pg_dump`` (refused in Vietnamese where it is missing)."""
        if self.url is not None:
            from app.store import backend

            dest = Path(dest)
            if dest.is_dir():
                dest = dest / f"boiduong-{dt.datetime.now():%Y%m%d-%H%M%S}.dump"
            return backend.pg_dump(self.url, dest)
        dest = safety.backup_target(self.path, Path(dest), overwrite=True)
        safety.write_copy(database.connection(), dest)
        return dest

    def periodic_backup(self) -> Path | None:
        """A backup into the rotation when the data changed since the last one, read through a
        connection of its own (WAL readers never block the window's writes). None on a server (its
        own schedule backs it up)."""
        if self.url is not None:
            return None
        with safety.backups_paused():  # taken before connecting: never the file a restore is swapping out
            conn = safety.connect_readonly(self.path)
            try:
                made = safety.automatic_backup(conn, self.path, safety.read_revision(conn))
            finally:
                conn.close()
        if made:
            self.backups.append(made)
        return made

    def start_periodic_backups(self, every_seconds: float = 30 * 60) -> None:
        """Back up every ``every_seconds`` while data changes (SPEC §7), on a background thread
        (not on a server: no file to copy)."""
        if self._backup_thread is not None or self.url is not None:
            return
        stop = threading.Event()

        def loop() -> None:
            while not stop.wait(every_seconds):
                try:
                    self.periodic_backup()
                except UserError as exc:  # a full disk or a damaged file: said at the next action
                    log.warning("periodic backup skipped: %s (%s)", exc.message, exc.details)

        self._stop_backups = stop
        self._backup_thread = threading.Thread(target=loop, name="boiduong-backup", daemon=True)
        self._backup_thread.start()

    @staticmethod
    def release_thread_connection() -> None:
        """Close the calling (worker) thread's database connection; its next job opens its own.
        (Not the session's own connection: that one belongs to the window's thread.)"""
        store_db.close_thread_connection()

    def close(self) -> None:
        _current[:] = [s for s in _current if s is not self]
        if self._stop_backups is not None:
            self._stop_backups.set()
            if self._backup_thread is not None:  # started together with the event
                self._backup_thread.join(timeout=30)
            self._backup_thread = self._stop_backups = None
        if self.read_only:
            # Only closed: a reader never wrote, and a file the window restored meanwhile is the
            # window's, its WAL too (nothing to rescue, nothing to move out of the way).
            store_db.close_thread_connection()
        else:
            store_db.close()
        if self.lock is not None:
            self.lock.release()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_current: list[Session] = []  # the session this process has open (the window's or a command's)


def backup_before_change() -> Path | None:
    """A forced automatic backup of the open database before a bulk change (an import, a merge).

    Nothing when no session is open (a test that binds the database directly).
    """
    if not _current:
        return None
    return _current[-1].backup_now(force=True)


def open_session(path: Path | str, *, lock: bool = True, backup_on_start: bool | str = True,
                 create: bool = True, precheck: safety.PendingCheck | None = None,
                 kind: str = WINDOW, command: str = "", wait_s: float = 0.0,
                 on_wait: Callable[[dict], object] | None = None, read_only: bool = False) -> Session:
    """Open the database at ``path`` for use, or raise a :class:`UserError` saying why not.

    ``backup_on_start``: True backs up when the data changed since the last backup (the window,
    once per session); ``"throttled"`` only when, besides, the last automatic backup is older
    than the ``cli_every_minutes`` setting (the command line); False never.

    The lock says who holds it (``kind``: a window, or a ``command`` by name); a command may wait
    ``wait_s`` seconds for another command to finish (``on_wait`` is told once when it starts
    waiting). ``read_only`` (a command that only reads): no lock, so it runs while a window is
    open (a second reader is safe in WAL mode), no backup, and the connection refuses any write;
    a file that needs migrating is opened as a writer instead (with the lock).

    ``path`` may be a ``postgresql://`` URL: the database on a server (:func:`open_server`).
    """
    from app.store import backend

    if backend.is_url(path):
        session = open_server(str(path), create=create, read_only=read_only)
        _current.append(session)
        return session
    path = Path(path)
    if read_only:
        reader = _open_reader(path, precheck=precheck)
        if reader is not None:
            _current.append(reader)
            return reader
        lock, backup_on_start, create = True, "throttled", False  # an older file: migrate it first
    instance_lock = InstanceLock(path, kind=kind, command=command) if lock else None
    if instance_lock is not None:
        instance_lock.acquire(wait_s=wait_s, on_wait=on_wait)
    try:
        session = _open_locked(path, instance_lock, backup_on_start=backup_on_start, create=create,
                               precheck=precheck)
    except BaseException:
        store_db.close()
        if instance_lock is not None:
            instance_lock.release()
        raise
    _current.append(session)
    return session


def server_url(host: str, port: int | str | None, dbname: str, user: str, password: str | None = None) -> str:
    """The URL of a server database from the fields of the window's "Kết nối máy chủ…"."""
    from app.store import backend

    return backend.url_from_parts(host, port, dbname, user, password)


def server_parts(url: str) -> tuple[str, int | None, str, str, str | None]:
    """Host, port (None: the default), database, user and password of a server URL; a URL that
    cannot be read is a UserError that says how to write it."""
    from app.store import backend

    return backend.url_parts(url)


def server_url_with_password(url: str, password: str) -> str:
    """``url`` with ``password`` (typed by the user) in it."""
    from app.store import backend

    return backend.with_password(url, password)


def probe_server(url: str) -> int:
    """Whether the server database at ``url`` can be reached: its schema version (0: empty)."""
    from app.domain.errors import DatabaseNewerError
    from app.store import backend

    version = backend.probe(url)
    if version > migrations.SCHEMA_VERSION:
        raise DatabaseNewerError(_newer(backend.describe(url), version))
    return version


def _newer(shown: str, version: int) -> str:
    return (f"Cơ sở dữ liệu {shown} do phiên bản mới hơn của chương trình tạo (phiên bản dữ liệu {version}); "
            "hãy cập nhật chương trình trên máy này.")


def open_server(url: str, *, create: bool = True, read_only: bool = False) -> Session:
    """Open the database on a PostgreSQL server: create its schema and catalogues when it is
    empty (``create``), migrate an older one, refuse a newer one or one that is not ours, and
    one whose tables the user may not read (or, unless ``read_only``, write)."""
    from app.domain.errors import DatabaseNewerError
    from app.store import backend

    shown = backend.describe(url)
    session = Session(path=Path(shown), lock=None, url=backend.normalise_url(url))
    store_db.bind(url)
    try:
        wrong = store_db.backend().wrong_encoding(database)
        if wrong:
            raise UserError(wrong)
        tables = set(database.get_tables())
        if tables or create:  # the user's rights first: without them nothing below can be read
            missing = store_db.backend().missing_rights(database, create=not tables,
                                                        write=not read_only)
            if missing:
                raise UserError(missing)
        version = migrations.get_version(database)
        if version == 0 and tables:
            raise UserError(backend.NOT_OURS.format(shown=shown))
        if version > migrations.SCHEMA_VERSION:
            raise DatabaseNewerError(_newer(shown, version))
        if version == 0:
            if not create:
                raise UserError(f"Cơ sở dữ liệu {shown} trên máy chủ chưa được khởi tạo; "
                                f"hãy chạy: boiduong --db {shown} init")
            with store_db.write():
                # Two PCs opening a new server database at once: one creates, the other waits here
                # and then finds it made.
                database.execute_sql("SELECT pg_advisory_xact_lock(18)")
                if migrations.get_version(database) == 0:
                    store_db.create_schema()
                    catalogues.load_defaults()
                    migrations.set_version(database, migrations.SCHEMA_VERSION)
                    session.created = True
            log.info("opened new schema on %s (created here: %s)", shown, session.created)
        elif version < migrations.SCHEMA_VERSION:
            with store_db.write():
                # Several PCs started on the updated program at once: one migrates, the others
                # wait here and then find it done.
                database.execute_sql("SELECT pg_advisory_xact_lock(18)")
                if migrations.migrate(database):
                    session.migrated_from = version
            log.info("migrated %s from version %s (here: %s)", shown, version, session.migrated_from is not None)
    except BaseException:
        store_db.close()
        raise
    return session


def _open_reader(path: Path, *, precheck: safety.PendingCheck | None = None) -> Session | None:
    """A read-only session on an existing database of the current schema; None when the file is
    older and must be migrated (by a writer) first."""
    if not (path.exists() and path.stat().st_size > 0):
        raise UserError(f"Không tìm thấy cơ sở dữ liệu {path}.")
    safety.require_healthy(path, pending=precheck)
    version = safety.require_supported_version(path, migrations.SCHEMA_VERSION)
    if version == 0:
        raise UserError(f"Tệp {path} không phải cơ sở dữ liệu của chương trình.")
    if version < migrations.SCHEMA_VERSION:
        return None
    # On a locked USB stick or a CD (no WAL beside the file: nobody writes it) the file is read
    # as immutable: SQLite cannot make the index file a WAL database needs even to be read.
    store_db.bind(path, immutable=safety.read_as_immutable(path))
    try:
        safety.refuse_writes(database.connection())
    except BaseException:
        store_db.close()
        raise
    return Session(path=path, lock=None, read_only=True)


def _open_locked(path: Path, instance_lock: InstanceLock | None, *, backup_on_start: bool | str,
                 create: bool, precheck: safety.PendingCheck | None = None) -> Session:
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not create:
        raise UserError(f"Không tìm thấy cơ sở dữ liệu {path}.")
    session = Session(path=path, lock=instance_lock)
    version = 0
    if exists:
        safety.require_healthy(path, pending=precheck)
        version = safety.require_supported_version(path, migrations.SCHEMA_VERSION)
        if version == 0:
            raise UserError(f"Tệp {path} không phải cơ sở dữ liệu của chương trình.")
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    store_db.bind(path)
    if not exists:
        with store_db.write():
            store_db.create_schema()
            catalogues.load_defaults()
            migrations.set_version(database, migrations.SCHEMA_VERSION)
        session.created = True
        log.info("created database %s", path)
    elif version < migrations.SCHEMA_VERSION:
        session.backup_now(force=True)
        migrations.migrate(database)
        session.migrated_from = version
        log.info("migrated %s from version %s", path, version)
    if backup_on_start and not session.created:
        session.backup_now(throttled=backup_on_start == "throttled")
    return session


