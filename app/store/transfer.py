"""Moving a centre's whole SQLite file onto a PostgreSQL server (``boiduong --db FILE copy-to URL``).

One transaction on the server: the schema is created, every table is copied (``COPY``), the
serial counters are set past the copied ids, the schema version is written, and then every table
is read back and compared with the file row for row (a count and a checksum per table). Any
difference, any error, and nothing stays on the server. A server database that already has
tables is refused: the copy never mixes two centres' data.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import peewee

from app.domain.errors import ConflictError, StorageError, UserError
from app.store import backend as store_backend
from app.store import db as store_db
from app.store import migrations, safety
from app.store.models import ALL_MODELS, database


@dataclass(frozen=True)
class TableCopy:
    table: str
    rows: int
    checksum: str


@dataclass(frozen=True)
class CopyReport:
    source: Path
    target: str  # the URL without its password
    tables: list[TableCopy]

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)


def _normal(value: Any) -> Any:
    """One value as both databases give it back: booleans and numbers as numbers, dates as text."""
    if value is None or isinstance(value, str):
        return value.replace("T", " ") if isinstance(value, str) and _looks_like_datetime(value) else value
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float | decimal.Decimal):
        return round(float(value), 6)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return str(value)


def _looks_like_datetime(text: str) -> bool:
    return len(text) >= 19 and text[4] == "-" and text[7] == "-" and text[10] == "T" and text[13] == ":"


def _digest(rows: Any) -> tuple[int, str]:
    sha = hashlib.sha256()
    count = 0
    for row in rows:
        sha.update(repr(tuple(_normal(v) for v in row)).encode("utf-8"))
        count += 1
    return count, sha.hexdigest()


def _order(model: type[peewee.Model]) -> str:
    key = model._meta.primary_key
    return f'"{key.column_name}"'


def _sqlite_tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                       "AND name NOT LIKE 'sqlite_%'")}


def _refused(conn: sqlite3.Connection, model: type[peewee.Model], select: str, exc: Exception) -> Exception:
    """What the server refused while a table was copied, in Vietnamese: the first row and column
    it cannot take (a text longer than its column, a NUL character), else the driver's words in
    the details. A programming error is passed on as it is."""
    import psycopg

    if not isinstance(exc, peewee.DatabaseError | psycopg.Error):
        return exc
    table = model._meta.table_name
    fields = model._meta.sorted_fields
    key = fields.index(model._meta.primary_key)
    culprit = ""
    for row in conn.execute(select):
        for field, value in zip(fields, row, strict=True):
            if not isinstance(value, str):
                continue
            limit = getattr(field, "max_length", None)
            if "\x00" in value:
                culprit = f"dòng id {row[key]}, cột {field.column_name} có ký tự NUL (mã 0) mà máy chủ không nhận"
            elif isinstance(field, peewee.CharField) and limit and len(value) > limit:
                culprit = (f"dòng id {row[key]}, cột {field.column_name} dài {len(value)} ký tự, dài hơn {limit} ký tự "
                           "máy chủ nhận")
            if culprit:
                break
        if culprit:
            break
    dangling = re.search(r'Key \(([^)]*)\)=\(([^)]*)\) is not present in table "([^"]*)"', str(exc))
    if not culprit and dangling:
        column, value, other = dangling.groups()
        culprit = (f"có dòng ghi {column} = {value} mà bảng {other} không có dòng đó (dữ liệu tham chiếu hỏng; "
                   f"lệnh boiduong --db TỆP check chỉ ra các dòng như vậy)")
    why = culprit or "máy chủ từ chối dữ liệu của bảng này"
    return StorageError(f"Không chép được bảng {table} lên máy chủ: {why}. Hãy sửa dữ liệu đó trong chương trình "
                        "(trên tệp) rồi chép lại; không có gì được ghi lên máy chủ.", details=str(exc))


def copy_to_server(source: Path, url: str) -> CopyReport:
    """Copy the SQLite database at ``source`` (closed, at the current schema version: the caller
    opened it once) onto the empty server database at ``url``."""
    source = Path(source)
    shown = store_backend.describe(url)
    conn = safety.connect_for_copy(source)
    try:
        models = peewee.sort_models(ALL_MODELS)
        tables = {m._meta.table_name for m in models}
        unknown = _sqlite_tables(conn) - tables
        if unknown:
            raise UserError(f"Tệp {source} có bảng mà phiên bản này của chương trình không biết "
                            f"({', '.join(sorted(unknown))}); hãy cập nhật chương trình rồi chép lại.")
        store_db.bind(url)
        try:
            if database.get_tables():
                raise ConflictError(f"Cơ sở dữ liệu {shown} trên máy chủ không trống; chương trình chỉ chép "
                                    "vào một cơ sở dữ liệu trống (không trộn dữ liệu của hai nơi).")
            missing = store_db.backend().wrong_encoding(database) or store_db.backend().missing_rights(
                database, create=True)
            if missing:
                raise UserError(missing)
            copies: list[TableCopy] = []
            with store_db.backend().write_transaction(database):
                store_db.create_schema()
                # What a new schema writes (the certificate secret) comes from the file instead:
                # its certificates must keep their check codes.
                database.execute_sql('DELETE FROM "setting"')
                for model in models:
                    table = model._meta.table_name
                    columns = [f.column_name for f in model._meta.sorted_fields]
                    column_sql = ", ".join(f'"{c}"' for c in columns)
                    select = f'SELECT {column_sql} FROM "{table}" ORDER BY {_order(model)}'
                    # (COPY; with an "id" column the serial counter is set past the copied ids)
                    try:
                        store_db.backend().insert_rows(database, table, columns, conn.execute(select))
                    except Exception as exc:
                        raise _refused(conn, model, select, exc) from exc
                    expected = _digest(conn.execute(select))
                    found = _digest(database.execute_sql(select))
                    if expected != found:
                        how = (f"cùng số dòng nhưng nội dung khác ({expected[0]} dòng)" if expected[0] == found[0]
                               else f"{expected[0]} dòng trong tệp, {found[0]} dòng trên máy chủ")
                        raise StorageError(f"Bảng {table} chép sang máy chủ không khớp với tệp ({how}); "
                                           "không có gì được ghi lên máy chủ.")
                    copies.append(TableCopy(table, found[0], found[1]))
                migrations.set_version(database, migrations.SCHEMA_VERSION)
        finally:
            store_db.close()
    finally:
        conn.close()
    return CopyReport(source=source, target=shown, tables=copies)
