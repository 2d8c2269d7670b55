"""The two database backends behind one seam: an SQLite file (the default) and a PostgreSQL server.

Everything that differs between them lives here: how a connection is made (SQLite's pragmas and
registered functions), how a writing action takes its lock (``BEGIN IMMEDIATE`` on SQLite, row
locks ``SELECT … FOR UPDATE`` on PostgreSQL), where the schema version is kept
(``PRAGMA user_version`` / a ``schema_version`` table), how a constraint failure reads (which
constraint it was: the Vietnamese message is chosen in :mod:`app.store.db`), the few words of
SQL that differ (placeholders, ``BLOB``), bulk loading and backups.

A database is named by a path (SQLite) or a URL ``postgresql://user@host:port/dbname``
(:func:`is_url`). psycopg 3 is an optional dependency (``pip install -e ".[server]"``); a URL
without it is refused in Vietnamese.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import peewee
from playhouse.shortcuts import ReconnectMixin

from app.domain import text
from app.domain.errors import StorageError, UserError, ValidationError

URL_SCHEMES = ("postgresql", "postgres")
DRIVER_MISSING = ('Chưa cài thư viện kết nối máy chủ PostgreSQL (psycopg). Hãy cài bản có máy chủ: '
                  'pip install "boiduong[server]".')

BUSY_TIMEOUT_MS = 5000
SQLITE_PRAGMAS = {
    "foreign_keys": 1,
    "journal_mode": "wal",
    "synchronous": "full",
    "busy_timeout": BUSY_TIMEOUT_MS,
}


def is_url(target: object) -> bool:
    """Whether ``target`` names a PostgreSQL server rather than an SQLite file."""
    return isinstance(target, str) and target.split(":", 1)[0].lower() in URL_SCHEMES and "://" in target


def normalise_url(url: str) -> str:
    """``postgres://`` (Heroku's spelling) as ``postgresql://``; anything else unchanged."""
    scheme, rest = url.split("://", 1)
    return f"postgresql://{rest}" if scheme.lower() in URL_SCHEMES else url


def describe(target: object) -> str:
    """The database as shown to a user: a path, or the URL without its password (also a URL
    that cannot be read: what follows its last ``@`` is the server, what precedes it is hidden
    but for the user name)."""
    if not is_url(target):
        return str(target)
    text = str(target)
    try:
        parts = urlsplit(text)
        port = f":{parts.port}" if parts.port else ""
        readable = "@" not in f"{parts.path}{parts.query}{parts.fragment}"
    except ValueError:  # a port that is no number: often a password's ":" not encoded
        readable = False
    if not readable:  # (``parts`` unused below)
        rest = text.split("://", 1)[1]
        userinfo, _, server = rest.rpartition("@")
        user = f"{unquote(userinfo.split(':', 1)[0])}@" if userinfo else ""
        return f"postgresql://{user}{server.split('?', 1)[0]}"
    host = parts.hostname or "localhost"
    if ":" in host:
        host = f"[{host}]"  # an IPv6 address
    user = f"{unquote(parts.username)}@" if parts.username else ""
    return f"postgresql://{user}{host}{port}{unquote(parts.path)}"


URL_HELP = ("Dạng đúng: postgresql://người_dùng:mật_khẩu@máy_chủ:cổng/tên_cơ_sở_dữ_liệu. Ký tự đặc biệt trong tên "
            "người dùng, mật khẩu hoặc tên cơ sở dữ liệu phải viết dạng mã hóa: @ là %40, : là %3A, / là %2F, "
            "? là %3F, # là %23, % là %25, dấu cách là %20 (trong cửa sổ, Tệp › Kết nối máy chủ… tự làm việc này).")


def check_url(url: str) -> None:
    """Refuse, in Vietnamese and before any connection, a URL that cannot be read (a password's
    ``@ : / # ? %`` not encoded, a port that is no number, an option the driver does not know).
    The message never shows the password; the driver's own words (which may) are not kept."""
    refused = UserError(f"Địa chỉ cơ sở dữ liệu trên máy chủ không hợp lệ ({describe(url)}). {URL_HELP}")
    try:
        parts = urlsplit(url)  # raises for a "[" without its "]"
        _ = parts.port  # raises for a port that is no number, or out of range
    except ValueError:
        raise refused from None
    if parts.netloc.count("@") > 1 or "@" in f"{parts.path}{parts.query}{parts.fragment}" or parts.fragment:
        raise refused
    try:
        from psycopg import Error as DriverError
        from psycopg.conninfo import conninfo_to_dict
    except ImportError:
        return  # the missing driver is said where the program connects
    try:
        conninfo_to_dict(normalise_url(url))
    except DriverError:
        raise refused from None


def connection_error(url: str, exc: BaseException) -> StorageError:
    """Why the server at ``url`` could not be reached, in Vietnamese (the driver's text in the
    details): a database or user that the server does not have, a refused password, a PC the
    server does not let in, or else every reason there can be."""
    raw = str(exc)
    parts = urlsplit(normalise_url(url))
    server = parts.hostname or "localhost"
    user = unquote(parts.username or "")
    head = f"Không kết nối được máy chủ cơ sở dữ liệu {server}: "
    found = re.search(r'database "([^"]*)" does not exist', raw)
    if found:
        message = (f"{head}máy chủ không có cơ sở dữ liệu {found.group(1)}. Hãy kiểm tra tên cơ sở dữ liệu "
                   "(người quản trị máy chủ tạo nó, xem README, mục \"Several PCs\").")
    elif found := re.search(r'role "([^"]*)" does not exist', raw):
        message = f"{head}máy chủ không có người dùng {found.group(1)}. Hãy kiểm tra tên người dùng."
    elif "password authentication failed" in raw or "no password supplied" in raw:
        message = (f"{head}máy chủ không nhận mật khẩu của người dùng {user}. Hãy kiểm tra mật khẩu "
                   "(dòng lệnh: biến PGPASSWORD hoặc tệp pgpass).")
    elif "no pg_hba.conf entry" in raw:
        message = (f"{head}máy chủ không cho máy này (hoặc người dùng {user}) kết nối vào cơ sở dữ liệu này. "
                   "Hãy nhờ người quản trị máy chủ thêm một dòng vào pg_hba.conf.")
    else:
        message = (f"Không kết nối được máy chủ cơ sở dữ liệu {describe(url)}: kiểm tra địa chỉ, cổng, tên cơ sở "
                   "dữ liệu, người dùng và mật khẩu, và máy chủ có đang chạy không.")
    return StorageError(message, details=raw)


def url_from_parts(host: str, port: int | str | None, dbname: str, user: str, password: str | None = None) -> str:
    """A URL from the fields of the window's "Kết nối máy chủ…" dialog (a host typed with its
    port, ``192.168.1.10:5433``, gives that port)."""
    host_part = host or "127.0.0.1"
    if not re.fullmatch(r"[\w.\-]+(:\d{1,5})?|\[?[0-9A-Fa-f:.%\w]*:[0-9A-Fa-f:.%\w]*\]?", host_part):
        raise ValidationError(f"Máy chủ “{host_part}”: chỉ ghi tên hoặc địa chỉ của máy chủ, ví dụ 192.168.1.10 hoặc "
                              "may-chu (không có dấu cách, http://, / hay @; cổng ghi ở ô Cổng).", field="host")
    auth = quote(user, safe="") if user else ""
    if auth and password:
        auth += ":" + quote(password, safe="")
    typed = re.fullmatch(r"([^:\[\]]+):(\d{1,5})", host_part)
    if typed:
        host_part, port = typed.group(1), typed.group(2)
    if ":" in host_part and not host_part.startswith("["):
        host_part = f"[{host_part}]"  # an IPv6 address
    port_part = f":{int(port)}" if port else ""
    return f"postgresql://{auth + '@' if auth else ''}{host_part}{port_part}/{quote(dbname, safe='')}"


# Several PCs: none waits without end for another. A lock another PC holds is waited for at
# most LOCK_TIMEOUT_MS (then "Một máy khác đang ghi…"); the server drops a PC that stopped
# answering (TCP keepalives, both ways) or that left a transaction open and idle, and with it
# that PC's locks (its unfinished action is rolled back: nothing of it stays).
CONNECT_TIMEOUT_S = 10
LOCK_TIMEOUT_MS = 60_000
IDLE_IN_TRANSACTION_MS = 10 * 60_000
KEEPALIVE_IDLE_S, KEEPALIVE_INTERVAL_S, KEEPALIVE_COUNT = 60, 10, 6


def session_options() -> dict[str, Any]:
    """The connection options of the program's sessions on a server (libpq keywords)."""
    settings = {"lock_timeout": LOCK_TIMEOUT_MS, "idle_in_transaction_session_timeout": IDLE_IN_TRANSACTION_MS,
                "tcp_keepalives_idle": KEEPALIVE_IDLE_S, "tcp_keepalives_interval": KEEPALIVE_INTERVAL_S,
                "tcp_keepalives_count": KEEPALIVE_COUNT}
    return {"connect_timeout": CONNECT_TIMEOUT_S, "keepalives": 1, "keepalives_idle": KEEPALIVE_IDLE_S,
            "keepalives_interval": KEEPALIVE_INTERVAL_S, "keepalives_count": KEEPALIVE_COUNT,
            "options": " ".join(f"-c {name}={value}" for name, value in settings.items())}


# What a connection the server dropped says at its next use (a server restart, a network cut, a
# session the server ended: ``terminating connection due to …``).
CONNECTION_LOST = ("terminating connection", "the connection is closed", "server closed the connection",
                   "consuming input failed", "the connection is lost", "connection already closed",
                   "ssl connection has been closed")


class ServerDatabase(ReconnectMixin, peewee.PostgresqlDatabase):  # type: ignore[misc]
    """A server database that connects again when the server dropped its connection, at the next
    statement outside a transaction (a read, or the BEGIN of a write action). Inside a
    transaction nothing is redone: the action fails (the server rolled it back) and the next one
    connects again. Connecting again where the server is away is said in Vietnamese."""

    reconnect_errors = tuple((error, fragment) for error in (peewee.OperationalError, peewee.InterfaceError)
                             for fragment in CONNECTION_LOST)

    def connect(self, reuse_if_open: bool = False) -> bool:
        try:
            return bool(super().connect(reuse_if_open))
        except peewee.DatabaseError as exc:
            raise connection_error(str(self.database), exc) from exc


class Backend:
    """SQLite: one file on one disk (the program as it always was)."""

    name = "sqlite"
    server = False  # several PCs at once
    param = "?"

    # --- connecting ----------------------------------------------------------------------------

    def database(self, target: Path | str, *, immutable: bool = False) -> peewee.Database:
        from app.store.models import sqlite_database

        if immutable:  # a reader of a file on a read-only medium (see checks.read_as_immutable)
            uri = f"{Path(target).resolve().as_uri()}?mode=ro&immutable=1"
            sqlite_database.init(uri, pragmas=SQLITE_PRAGMAS, check_same_thread=False, uri=True)
        else:
            sqlite_database.init(str(target), pragmas=SQLITE_PRAGMAS, check_same_thread=False)
        # The one fold and sort key of ``app.domain.text``, available to SQL as well (ad-hoc
        # queries and old tests; the program's own queries use the stored columns instead).
        sqlite_database.register_function(text.fold, "vn_fold", 1, deterministic=True)
        sqlite_database.register_function(text.sort_key, "vn_sort_key", 1, deterministic=True)
        sqlite_database.register_collation(text.compare, "vi")
        return sqlite_database

    # --- transactions --------------------------------------------------------------------------

    def write_transaction(self, db: peewee.Database) -> Any:
        # IMMEDIATE takes the write lock at the start, so two processes that read a counter and
        # then write it (certificate numbers) queue up instead of failing or colliding.
        return db.atomic("IMMEDIATE")

    def for_update(self, query: Any) -> Any:
        """A SELECT that locks the rows it reads until the transaction ends (SQLite's write
        transaction already holds the whole file)."""
        return query

    def serialize(self, db: peewee.Database, name: str) -> None:
        """Writers of ``name`` (a total no single row holds, such as the blank stock) take turns
        until the transaction ends: SQLite's write transaction already holds the whole file."""

    # --- schema version ------------------------------------------------------------------------

    def get_version(self, db: peewee.Database) -> int:
        version: int = db.execute_sql("PRAGMA user_version").fetchone()[0]
        return version

    def set_version(self, db: peewee.Database, version: int) -> None:
        db.execute_sql(f"PRAGMA user_version = {int(version)}")

    def translate_sql(self, sql: str) -> str:
        """A migration step's SQL (written for SQLite) in this backend's dialect."""
        return sql

    def missing_rights(self, db: peewee.Database, *, create: bool = False, write: bool = True) -> str | None:
        """Why the user cannot use this database, or None (a file's rights are the disk's)."""
        return None

    def wrong_encoding(self, db: peewee.Database) -> str | None:
        """Why this database cannot hold Vietnamese text, or None (SQLite's text is UTF-8)."""
        return None

    # --- errors --------------------------------------------------------------------------------

    def unique_key(self, exc: BaseException) -> str | None:
        """The columns of a violated unique constraint as ``table.col, table.col``; None if the
        error is not a unique-constraint failure."""
        match = re.search(r"UNIQUE constraint failed: (.+)$", str(exc))
        return match.group(1).strip() if match else None

    # --- bulk loading --------------------------------------------------------------------------

    def insert_rows(self, db: peewee.Database, table: str, columns: Sequence[str],
                    rows: Iterable[tuple[Any, ...]]) -> int:
        conn = db.connection()
        sql = (f'INSERT INTO "{table}" ({", ".join(columns)}) '
               f'VALUES ({", ".join("?" * len(columns))})')
        before: int = conn.total_changes
        conn.executemany(sql, rows)
        after: int = conn.total_changes
        return after - before

    def ids_given(self, db: peewee.Database, table: str) -> None:
        """Rows went into ``table`` with their ids written out: the next id the database gives
        must come after them (SQLite's rowid already does)."""

    @contextlib.contextmanager
    def large_cache(self, db: peewee.Database, kib: int) -> Iterator[None]:
        previous = int(db.execute_sql("PRAGMA cache_size").fetchone()[0])
        db.execute_sql(f"PRAGMA cache_size = {-int(kib)}")
        try:
            yield
        finally:
            db.execute_sql(f"PRAGMA cache_size = {previous}")

    def is_sqlite_error(self, exc: BaseException) -> bool:
        return isinstance(exc, sqlite3.Error)


class PostgresBackend(Backend):
    """PostgreSQL: one server that several PCs (and the command line) use at once."""

    name = "postgresql"
    server = True
    param = "%s"

    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)

    def database(self, target: Path | str, *, immutable: bool = False) -> peewee.Database:
        try:
            import psycopg  # noqa: F401  (the optional extra)
        except ImportError:
            raise UserError(DRIVER_MISSING) from None
        check_url(self.url)
        return ServerDatabase(self.url, prefer_psycopg3=True, application_name="boiduong", **session_options())

    def write_transaction(self, db: peewee.Database) -> Any:
        # READ COMMITTED (the server's default): each statement sees what others committed before
        # it; counters are locked row by row with ``for_update``.
        return db.atomic()

    def for_update(self, query: Any) -> Any:
        return query.for_update()

    def serialize(self, db: peewee.Database, name: str) -> None:
        db.execute_sql("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"boiduong:{name}",))

    def missing_rights(self, db: peewee.Database, *, create: bool = False, write: bool = True) -> str | None:
        """Why the connected user cannot use this database, in Vietnamese, or None: it must be
        able to create the tables (``create``: a new database) or read (and ``write``) every table
        and use every serial counter of the schema. Asked once when the database is opened, so
        that nothing fails half-way for lack of a right."""
        user, dbname = db.execute_sql("SELECT current_user, current_database()").fetchone()
        if create:
            allowed = db.execute_sql("SELECT has_schema_privilege('public', 'CREATE')").fetchone()[0]
            what = "tạo bảng"
        else:
            # One privilege a call: given several, has_table_privilege is true when ANY is held.
            needed = ("SELECT", "INSERT", "UPDATE", "DELETE") if write else ("SELECT",)
            table_rights = " AND ".join(f"has_table_privilege(c.oid, '{right}')" for right in needed)
            allowed = db.execute_sql(
                f"SELECT COALESCE(bool_and(CASE WHEN c.relkind = 'S' THEN has_sequence_privilege(c.oid, 'USAGE') "
                f"ELSE {table_rights} END), TRUE) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'S')" + ("" if write else " AND c.relkind = 'r'"),
            ).fetchone()[0]
            what = "đọc và ghi các bảng" if write else "đọc các bảng"
        if allowed:
            return None
        return (f"Người dùng {user} không có quyền {what} trong cơ sở dữ liệu {dbname} trên máy chủ; không có gì "
                "được ghi. Hãy nhờ người quản trị máy chủ cấp quyền: người dùng của chương trình nên là chủ cơ sở "
                f"dữ liệu (ALTER DATABASE … OWNER TO {user}, khi cơ sở dữ liệu còn trống), xem README, mục "
                "\"Several PCs\".")

    def wrong_encoding(self, db: peewee.Database) -> str | None:
        """A database made in another code page than UTF8 (the server's default: WIN1258 on a
        Vietnamese Windows, LATIN1, SQL_ASCII) cannot hold every Vietnamese letter: refused."""
        dbname, encoding = db.execute_sql("SELECT datname, pg_encoding_to_char(encoding) FROM pg_database "
                                          "WHERE datname = current_database()").fetchone()
        if isinstance(encoding, bytes):  # SQL_ASCII: the driver gives text as bytes
            dbname, encoding = bytes(dbname).decode("utf-8", "replace"), encoding.decode("ascii", "replace")
        if encoding == "UTF8":
            return None
        return (f"Cơ sở dữ liệu {dbname} trên máy chủ dùng bảng mã {encoding}, không lưu được mọi chữ tiếng Việt; "
                "không có gì được ghi. Hãy nhờ người quản trị máy chủ tạo lại cơ sở dữ liệu (còn trống) với "
                f"ENCODING 'UTF8' TEMPLATE template0 (xem README, mục \"Several PCs\", bước 1).")

    def get_version(self, db: peewee.Database) -> int:
        exists = db.execute_sql("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()[0]
        if not exists:
            return 0
        row = db.execute_sql("SELECT MAX(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    def set_version(self, db: peewee.Database, version: int) -> None:
        db.execute_sql("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        db.execute_sql("DELETE FROM schema_version")
        db.execute_sql("INSERT INTO schema_version (version) VALUES (%s)", (int(version),))

    _TRANSLATIONS = (
        (re.compile(r'"id"\s+INTEGER\s+NOT\s+NULL\s+PRIMARY\s+KEY(\s+AUTOINCREMENT)?', re.I),
         '"id" SERIAL PRIMARY KEY'),
        (re.compile(r"\bINTEGER\s+PRIMARY\s+KEY(\s+AUTOINCREMENT)?", re.I), "SERIAL PRIMARY KEY"),
        (re.compile(r"\bBLOB\b", re.I), "BYTEA"),
        (re.compile(r"\bDATETIME\b", re.I), "TIMESTAMP"),
        (re.compile(r"\bREAL\b", re.I), "DOUBLE PRECISION"),
    )

    def translate_sql(self, sql: str) -> str:
        """The few differences of the migration steps' SQLite-flavoured SQL: integer keys become
        SERIAL, BLOB BYTEA, DATETIME TIMESTAMP, ``?`` placeholders ``%s``. A boolean column is
        written ``INTEGER … DEFAULT 0`` on SQLite: a step that adds one gives a per-backend form
        (see :data:`app.store.migrations.PG_STEPS`)."""
        for pattern, replacement in self._TRANSLATIONS:
            sql = pattern.sub(replacement, sql)
        return to_pg_params(sql)

    def unique_key(self, exc: BaseException) -> str | None:
        raw = str(exc)
        if "duplicate key value violates unique constraint" not in raw:
            return None
        cause = _driver_error(exc)
        diag = getattr(cause, "diag", None)
        table = getattr(diag, "table_name", None) or ""
        match = re.search(r"Key \(([^)]*)\)=", raw)
        if not match and diag is not None and getattr(diag, "message_detail", None):
            match = re.search(r"Key \(([^)]*)\)=", diag.message_detail)
        if not match:
            return ""
        columns = [c.strip().strip('"') for c in match.group(1).split(",")]
        if not table:
            constraint = getattr(diag, "constraint_name", "") or ""
            table = next((t for t in _TABLE_NAMES if constraint.startswith(t + "_")), "")
        return ", ".join(f"{table}.{c}" for c in columns)

    def insert_rows(self, db: peewee.Database, table: str, columns: Sequence[str],
                    rows: Iterable[tuple[Any, ...]]) -> int:
        """COPY: the server's own bulk path (text format: 0/1 are read as booleans too)."""
        conn = db.connection()
        count = 0
        column_list = ", ".join(f'"{c}"' for c in columns)
        with conn.cursor() as cursor, cursor.copy(f'COPY "{table}" ({column_list}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        if "id" in columns:
            self.ids_given(db, table)
        return count

    def ids_given(self, db: peewee.Database, table: str) -> None:
        """The table's serial counter moved past the ids written out (a SERIAL column counts on
        from its own sequence, whatever rows were inserted with an explicit id)."""
        db.execute_sql(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                       f'COALESCE(MAX("id"), 1), MAX("id") IS NOT NULL) FROM "{table}"')

    @contextlib.contextmanager
    def large_cache(self, db: peewee.Database, kib: int) -> Iterator[None]:
        yield  # the server manages its own memory

    def is_sqlite_error(self, exc: BaseException) -> bool:
        return False


_TABLE_NAMES: tuple[str, ...] = ()  # filled lazily (longest first) for constraint-name lookups


def _driver_error(exc: BaseException) -> BaseException:
    for candidate in (exc.__cause__, exc.__context__, *getattr(exc, "args", ())):
        if isinstance(candidate, BaseException) and hasattr(candidate, "diag"):
            return candidate
    return exc


def to_pg_params(sql: str) -> str:
    """``?`` placeholders (outside quoted text) as psycopg's ``%s``; a literal ``%`` doubled."""
    out: list[str] = []
    quote: str | None = None
    for ch in sql:
        if quote:
            out.append("%%" if ch == "%" else ch)
            if ch == quote:
                quote = None
        elif ch in ("'", '"'):
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        elif ch == "%":
            out.append("%%")
        else:
            out.append(ch)
    return "".join(out)


def for_target(target: Path | str) -> Backend:
    """The backend of a path or URL."""
    if is_url(target):
        return PostgresBackend(str(target))
    return Backend()


NOT_OURS = ("Cơ sở dữ liệu {shown} trên máy chủ đã có bảng nhưng không phải của chương trình; "
            "hãy dùng một cơ sở dữ liệu trống.")


def probe(url: str) -> int:
    """Connect once to the server database at ``url``: its schema version (0 when it has none
    yet), or a Vietnamese :class:`StorageError` saying why it cannot be reached."""
    try:
        import psycopg
    except ImportError:
        raise UserError(DRIVER_MISSING) from None
    check_url(url)
    try:
        with psycopg.connect(normalise_url(url), connect_timeout=10, autocommit=True) as conn:
            row = conn.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()
            if not row or not row[0]:
                tables = conn.execute("SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = 'public')").fetchone()
                if tables and tables[0]:
                    raise UserError(NOT_OURS.format(shown=describe(url)))
                return 0
            found = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
            return int(found[0] or 0) if found else 0
    except psycopg.Error as exc:
        raise connection_error(url, exc) from exc


# --- backups of a server database (pg_dump) ----------------------------------------------------

PG_DUMP_MISSING = ("Không tìm thấy công cụ pg_dump của PostgreSQL trên máy này nên không sao lưu được "
                   "cơ sở dữ liệu trên máy chủ. Hãy cài PostgreSQL (gói công cụ khách) hoặc nhờ người "
                   "quản trị máy chủ sao lưu.")


PG_DUMP_TIMEOUT_S = 3600.0


def pg_tool(name: str) -> str | None:
    """The path of a PostgreSQL client program (pg_dump, pg_restore), or None: on the PATH, else
    the newest of the versions installed where Debian's packages (``/usr/lib/postgresql/N/bin``)
    or the Windows installer (``%ProgramFiles%\\PostgreSQL\\N\\bin``, not on the PATH) put them."""
    found = shutil.which(name)
    if found:
        return found
    program = f"{name}.exe" if sys.platform == "win32" else name
    roots = [Path("/usr/lib/postgresql")]
    for variable in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)"):
        if os.environ.get(variable):
            roots.append(Path(os.environ[variable]) / "PostgreSQL")
    folders = [folder for root in roots for folder in root.glob("*/bin")]
    for folder in sorted(folders, key=lambda f: _version_key(f.parent.name), reverse=True):
        if (folder / program).exists():
            return str(folder / program)
    return None


def _version_key(name: str) -> tuple[int, ...]:
    """ "16" after "9.6" (numbers, not text)."""
    return tuple(int(part) for part in re.findall(r"\d+", name)) or (0,)


def pg_dump(url: str, dest: Path) -> Path:
    """A custom-format dump of the server database at ``url`` into ``dest`` (atomically). The
    password goes to pg_dump in its environment (never on its command line, which other users
    of the PC can see); pg_dump never asks for one, nor waits more than a connection's timeout."""
    tool = pg_tool("pg_dump")
    if tool is None:
        raise StorageError(PG_DUMP_MISSING)
    check_url(url)
    dest = Path(dest)
    temp = dest.with_name(f".{dest.name}.tmp")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)  # as a copy of the SQLite file does
    except OSError as exc:
        raise StorageError(f"Không tạo được thư mục {dest.parent} để sao lưu.", details=str(exc)) from exc
    target, password = _without_password(normalise_url(url))
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if password is not None:
        env["PGPASSWORD"] = password
    try:
        result = subprocess.run([tool, "--format=custom", "--no-owner", "--no-password", f"--file={temp}",
                                 f"--dbname={target}"],
                                capture_output=True, text=True, timeout=PG_DUMP_TIMEOUT_S, check=False, env=env)
    except subprocess.TimeoutExpired as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise StorageError("Sao lưu cơ sở dữ liệu trên máy chủ không thành công: pg_dump chạy quá lâu nên đã được "
                           "dừng (máy chủ bận hoặc mạng chậm); hãy thử lại sau, hoặc sao lưu ngay trên máy chủ.",
                           details=str(exc)) from exc
    except OSError as exc:
        raise StorageError(PG_DUMP_MISSING, details=str(exc)) from exc
    if result.returncode != 0:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise StorageError(_pg_dump_failed(result.stderr), details=result.stderr.strip())
    temp.replace(dest)
    return dest


def url_parts(url: str) -> tuple[str, int | None, str, str, str | None]:
    """Host, port (None: the default), database, user and password (decoded) of a server URL."""
    check_url(url)
    parts = urlsplit(url)
    password = unquote(parts.password) if parts.password is not None else None
    return (parts.hostname or "", parts.port, unquote(parts.path.lstrip("/")), unquote(parts.username or ""),
            password)


def with_password(url: str, password: str) -> str:
    """The URL with ``password`` in place of the one it had (or had not)."""
    bare, _ = _without_password(url)
    parts = urlsplit(bare)
    userinfo, at, server = parts.netloc.rpartition("@")
    return parts._replace(netloc=f"{userinfo}:{quote(password, safe='')}@{server}" if at
                          else parts.netloc).geturl()


def _without_password(url: str) -> tuple[str, str | None]:
    """The URL without its password, and the password (decoded) or None."""
    parts = urlsplit(url)
    if parts.password is None:
        return url, None
    userinfo, _, server = parts.netloc.rpartition("@")
    user = userinfo.split(":", 1)[0]
    return parts._replace(netloc=f"{user}@{server}").geturl(), unquote(parts.password)


def _pg_dump_failed(stderr: str) -> str:
    mismatch = re.search(r"server version: (\d+)[^;]*; pg_dump version: (\d+)", stderr)
    if mismatch:
        return (f"Sao lưu cơ sở dữ liệu trên máy chủ không thành công: công cụ pg_dump trên máy này (phiên bản "
                f"{mismatch.group(2)}) cũ hơn máy chủ PostgreSQL (phiên bản {mismatch.group(1)}). Hãy cài công cụ "
                f"PostgreSQL phiên bản {mismatch.group(1)} trở lên trên máy này, hoặc sao lưu ngay trên máy chủ.")
    return "Sao lưu cơ sở dữ liệu trên máy chủ không thành công (pg_dump báo lỗi)."
