"""Loading many rows at once (the province archive of the benchmarks), kept in the store because
it talks to SQLite directly: ``executemany`` on the raw connection and the page-cache pragma.

peewee's ``insert_many`` builds every row's SQL in Python, several times slower at 500,000 rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from app.store.models import database

# A big page cache keeps the index pages of a bulk load in memory instead of spilling them to
# the WAL again and again.
BULK_CACHE_KIB = 256 * 1024


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert ``rows`` (values in the order of ``columns``) into ``table``; how many went in.

    The caller holds the write transaction (:func:`app.store.db.write`).
    """
    conn = database.connection()
    sql = (f'INSERT INTO "{table}" ({", ".join(columns)}) '
           f'VALUES ({", ".join("?" * len(columns))})')
    before = conn.total_changes
    conn.executemany(sql, rows)
    return conn.total_changes - before


@contextmanager
def large_cache(kib: int = BULK_CACHE_KIB) -> Iterator[None]:
    """A page cache of ``kib`` KiB while the block runs; the previous size afterwards."""
    previous = int(database.execute_sql("PRAGMA cache_size").fetchone()[0])
    database.execute_sql(f"PRAGMA cache_size = {-int(kib)}")
    try:
        yield
    finally:
        database.execute_sql(f"PRAGMA cache_size = {previous}")
