"""Loading many rows at once (the province archive of the benchmarks), kept in the store because
it talks to the database directly: on SQLite ``executemany`` on the raw connection and the
page-cache pragma, on PostgreSQL ``COPY`` (:mod:`app.store.backend`).

peewee's ``insert_many`` builds every row's SQL in Python, several times slower at 500,000 rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from app.store.models import database

# A big page cache keeps the index pages of a bulk load in memory instead of spilling them to
# the WAL again and again.
BULK_CACHE_KIB = 256 * 1024


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> int:
    """Insert ``rows`` (values in the order of ``columns``) into ``table``; how many went in.

    The caller holds the write transaction (:func:`app.store.db.write`).
    """
    from app.store.db import backend

    return backend().insert_rows(database, table, columns, rows)


def ids_given(table: str) -> None:
    """Rows went into ``table`` with their ids written out (``insert_many`` with an ``id``
    column): new rows must get ids after them. PostgreSQL's serial counter is moved past the
    highest id; SQLite needs nothing."""
    from app.store.db import backend

    backend().ids_given(database, table)


@contextmanager
def large_cache(kib: int = BULK_CACHE_KIB) -> Iterator[None]:
    """A page cache of ``kib`` KiB while the block runs (SQLite); the previous size afterwards."""
    from app.store.db import backend

    with backend().large_cache(database, kib):
        yield
