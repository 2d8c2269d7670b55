"""Schema versions: a database made at version 1 is backed up and migrated in one transaction."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from app.services.session import open_session
from app.store import db, migrations, safety
from app.store.models import Trainee

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "v1.sqlite3"


def _schema(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        schema = {t: sorted((c[1], c[2], c[3], c[5]) for c in conn.execute(f'PRAGMA table_info("{t}")'))
                  for t in tables}
        # Indexes too: a migration that forgets one leaves an old database slow, not wrong.
        schema["indexes"] = sorted(conn.execute(
            "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"))
        return schema
    finally:
        conn.close()


@pytest.fixture
def v1_copy(tmp_path) -> Path:
    target = tmp_path / "old" / "boiduong.sqlite3"
    target.parent.mkdir()
    shutil.copy(FIXTURE, target)
    return target


def test_fixture_is_really_version_1():
    conn = sqlite3.connect(f"{FIXTURE.as_uri()}?mode=ro", uri=True)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()


def test_version_1_database_is_backed_up_then_migrated(v1_copy, tmp_path):
    with open_session(v1_copy) as session:
        assert session.migrated_from == 1
        assert db.database.execute_sql("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
        assert Trainee.get().full_name == "Thào A Sử"  # data survived
        assert Trainee.get().party_probationary is False  # version 4: the new column, filled
    backups = safety.list_backups(v1_copy)
    assert backups, "a backup must be taken before migrating"
    conn = sqlite3.connect(backups[-1].path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()

    fresh = tmp_path / "fresh" / "boiduong.sqlite3"
    with open_session(fresh):
        pass
    assert _schema(v1_copy) == _schema(fresh)


def test_a_failing_migration_changes_nothing(v1_copy, monkeypatch):
    def broken(database):
        database.execute_sql("CREATE TABLE half_done (x)")
        raise RuntimeError("step failed")

    broken_step = max(migrations.STEPS) + 1
    monkeypatch.setattr(migrations, "STEPS", {**migrations.STEPS, broken_step: broken})
    db.bind(v1_copy)
    try:
        with pytest.raises(RuntimeError):
            migrations.migrate(db.database, target=broken_step)
        assert migrations.get_version(db.database) == 1
        tables = {r[0] for r in db.database.execute_sql("SELECT name FROM sqlite_master")}
        assert "half_done" not in tables and "certificate_blank_stock" not in tables
    finally:
        db.close()
