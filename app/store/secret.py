"""The database's certificate secret: the key of the check code printed on every certificate.

Made once, with the database (or, for a database made before it existed, by migration step 8),
from SQLite's own random source, and kept in the ``setting`` table. Nothing prints, exports or
logs it: :func:`certificate_secret` hands it to the code that computes check codes and to no one
else. It travels inside backups (a restored database must still recognise its certificates).
"""

from __future__ import annotations

import binascii

import peewee

from app.store.models import Setting

SECRET_KEY = "certificate.secret"

# 32 random bytes as a JSON string of hex digits, like every setting's value. Only ever inserted,
# never replaced: a new secret would make every certificate printed before it look forged.
_CREATE_SQL = ("INSERT OR IGNORE INTO setting (key, value) "
               "VALUES ('certificate.secret', '\"' || lower(hex(randomblob(32))) || '\"')")


def create_secret(db: peewee.Database) -> None:
    """Give a new database its secret (nothing happens when it has one)."""
    if isinstance(getattr(db, "obj", db), peewee.PostgresqlDatabase):
        # A server has no randomblob(): the same 32 random bytes from Python's CSPRNG.
        import secrets

        db.execute_sql("INSERT INTO setting (key, value) VALUES (%s, %s) ON CONFLICT (key) DO NOTHING",
                       (SECRET_KEY, f'"{secrets.token_hex(32)}"'))
        return
    db.execute_sql(_CREATE_SQL)


def certificate_secret() -> bytes | None:
    """The secret's bytes, or None when the database has none (a file someone edited by hand)."""
    row = Setting.get_or_none(Setting.key == SECRET_KEY)
    if row is None or not row.value:
        return None
    try:
        secret = binascii.unhexlify(str(row.value).strip('"'))
    except (binascii.Error, ValueError):
        return None
    return secret if len(secret) >= 16 else None
