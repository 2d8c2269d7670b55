"""Schema versions (``PRAGMA user_version`` on SQLite, a ``schema_version`` table on PostgreSQL)
and the forward migrations between them.

Each step is a small function ``upgrade_to_N`` with a one-line docstring, written in frozen SQL
(never through today's model classes, which will have moved on). All pending steps run in one
transaction after a backup; the caller takes the backup.

Steps are written in SQLite's SQL. On PostgreSQL the runner hands them a database whose
``execute_sql`` translates the few differences (:meth:`app.store.backend.Backend.translate_sql`:
integer keys, BLOB, DATETIME, placeholders); a step whose SQL cannot be translated word for word
(a boolean column, SQLite's table rebuild) registers its PostgreSQL form in :data:`PG_STEPS`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import peewee

SCHEMA_VERSION = 9


def upgrade_to_2(db: peewee.SqliteDatabase) -> None:
    """Track the stock of pre-printed certificate blanks."""
    db.execute_sql(
        'CREATE TABLE "certificate_blank_stock" ("id" INTEGER NOT NULL PRIMARY KEY, '
        '"date" DATE NOT NULL, "quantity" INTEGER NOT NULL, "kind" VARCHAR(255) NOT NULL, '
        '"serial_from" VARCHAR(255), "serial_to" VARCHAR(255), "note" TEXT)'
    )


def upgrade_to_3(db: peewee.SqliteDatabase) -> None:
    """Index the workplaces typed as text, which the trainee filter reads (province-sized data)."""
    db.execute_sql(
        'CREATE INDEX IF NOT EXISTS "trainee_organization_id_unit_text" '
        'ON "trainee" ("organization_id", "unit_text")'
    )


def upgrade_to_4(db: peewee.SqliteDatabase) -> None:
    """Record probationary party members (đảng viên dự bị), read from rosters."""
    db.execute_sql('ALTER TABLE "trainee" ADD COLUMN "party_probationary" INTEGER NOT NULL DEFAULT 0')


def upgrade_to_5(db: peewee.SqliteDatabase) -> None:
    """Keep trainees' 3x4 photos (JPEG) in a table of their own, one per trainee."""
    db.execute_sql(
        'CREATE TABLE "trainee_photo" ("id" INTEGER NOT NULL PRIMARY KEY, "trainee_id" INTEGER NOT NULL, '
        '"jpeg" BLOB NOT NULL, "updated_at" DATETIME NOT NULL, '
        'FOREIGN KEY ("trainee_id") REFERENCES "trainee" ("id") ON DELETE CASCADE)'
    )
    db.execute_sql('CREATE UNIQUE INDEX "trainee_photo_trainee_id" ON "trainee_photo" ("trainee_id")')


def upgrade_to_8(db: peewee.SqliteDatabase) -> None:
    """Give the database its certificate secret (the key of the check code printed on certificates)."""
    db.execute_sql("INSERT OR IGNORE INTO setting (key, value) "
                   "VALUES ('certificate.secret', '\"' || lower(hex(randomblob(32))) || '\"')")


def upgrade_to_9(db: peewee.SqliteDatabase) -> None:
    """Sort keys of any length (a 100-letter name's is about 300): SQLite's VARCHAR never limited them."""


STEPS: dict[int, Callable[[peewee.SqliteDatabase], None]] = {
    2: upgrade_to_2,
    3: upgrade_to_3,
    4: upgrade_to_4,
    5: upgrade_to_5,
    8: upgrade_to_8,
    9: upgrade_to_9,
}


def pg_upgrade_to_4(db: peewee.Database) -> None:
    """Record probationary party members (đảng viên dự bị), read from rosters (a real boolean)."""
    db.execute_sql('ALTER TABLE "trainee" ADD COLUMN "party_probationary" BOOLEAN NOT NULL DEFAULT FALSE')


def pg_upgrade_to_8(db: peewee.Database) -> None:
    """Give the database its certificate secret (a server has no randomblob())."""
    from app.store.secret import create_secret

    create_secret(db)


def pg_upgrade_to_9(db: peewee.Database) -> None:
    """Sort keys of any length: a server's VARCHAR(255) refused a trainee or instructor whose name
    is over about 80 letters (its sort key is about three marks a letter)."""
    for table in ("trainee", "instructor"):
        db.execute_sql(f'ALTER TABLE "{table}" ALTER COLUMN "sort_key" TYPE VARCHAR')


# The PostgreSQL form of the steps whose SQLite SQL does not translate word for word.
PG_STEPS: dict[int, Callable[[peewee.Database], None]] = {
    4: pg_upgrade_to_4,
    8: pg_upgrade_to_8,
    9: pg_upgrade_to_9,
}


class _Translating:
    """The database as a step sees it on a backend other than SQLite: its SQL is translated."""

    def __init__(self, db: peewee.Database, translate: Callable[[str], str]) -> None:
        self._db = db
        self._translate = translate

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        return self._db.execute_sql(self._translate(sql), params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)


def _backend() -> Any:
    from app.store import db as store_db

    return store_db.backend()


def get_version(db: peewee.Database) -> int:
    version: int = _backend().get_version(db)
    return version


def set_version(db: peewee.Database, version: int) -> None:
    _backend().set_version(db, version)


def run_step(db: peewee.Database, version: int) -> None:
    """One step, in the bound backend's dialect."""
    backend = _backend()
    if backend.name == "sqlite":
        STEPS[version](db)
    elif version in PG_STEPS:
        PG_STEPS[version](db)
    else:
        STEPS[version](_Translating(db, backend.translate_sql))


def migrate(db: peewee.SqliteDatabase, target: int = SCHEMA_VERSION) -> list[int]:
    """Run every step from the file's version up to ``target`` in one transaction.

    Returns the versions applied. On any failure nothing is changed.
    """
    current = get_version(db)
    pending = [v for v in sorted(STEPS) if current < v <= target]
    if not pending:
        return []
    with db.atomic():
        for version in pending:
            run_step(db, version)
        set_version(db, target)
    return pending
