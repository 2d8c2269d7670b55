"""Backups, restore, check, damaged and newer databases, rotation."""

import sqlite3

import pytest

from app.domain.errors import DatabaseDamagedError, DatabaseNewerError, UserError
from app.services import backup as backup_service
from app.services.session import open_session
from app.store import db, safety
from app.store.models import Program, Trainee, person_keys
from tests.unit.safety_helpers import corrupt_table_page, file_digest, table_dump

pytestmark = pytest.mark.sqlite_only(reason="checks, backups and restores of the SQLite file")


def _add_trainee(name: str) -> None:
    with db.write():
        Trainee.create(**person_keys(name, None, 1980), birth_year=1980)


def test_backup_then_restore_gives_the_same_rows(session, tmp_path):
    _add_trainee("Thào A Sử")
    copy = session.backup_to(tmp_path / "usb" / "copy.sqlite3")
    db.database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    expected = table_dump(session.path)
    _add_trainee("Giàng Seo Pao")
    with db.write():
        Program.update(name="Đổi tên").where(Program.code == "NQ").execute()

    aside = backup_service.restore_from(session, copy)

    db.database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    assert table_dump(session.path) == expected
    assert aside is not None and aside.exists()  # the replaced database is kept, not deleted
    kept = sqlite3.connect(aside)
    assert kept.execute("SELECT count(*) FROM trainee WHERE full_name = 'Giàng Seo Pao'").fetchone()[0] == 1
    kept.close()
    assert Trainee.select().where(Trainee.full_name == "Giàng Seo Pao").count() == 0


def test_backup_file_is_checked_and_complete(session, tmp_path):
    _add_trainee("Thào A Sử")
    out = backup_service.backup_file(session.path, tmp_path / "b.sqlite3")
    assert safety.check_file(out, full=True).ok
    conn = sqlite3.connect(out)
    assert conn.execute("SELECT full_name FROM trainee").fetchall() == [("Thào A Sử",)]
    conn.close()
    assert not list(tmp_path.glob(".b.sqlite3.tmp*"))


def test_automatic_backup_only_when_data_changed(session):
    first = session.backup_now()
    assert first is not None  # the new database has never been backed up
    assert session.backup_now() is None
    _add_trainee("Thào A Sử")
    second = session.backup_now()
    assert second is not None and second != first
    assert [b.path for b in safety.list_backups(session.path)] == [second, first]


def test_backup_on_start_when_changed_since_last_backup(db_path):
    with open_session(db_path) as s:
        assert s.created
        _add_trainee("Thào A Sử")
    with open_session(db_path) as s:
        assert len(s.backups) == 1
    with open_session(db_path) as s:
        assert s.backups == []  # nothing changed since


def test_damaged_database_is_detected_and_left_untouched(db_path):
    with open_session(db_path) as s:
        _add_trainee("Thào A Sử")
        s.backup_now()
    corrupt_table_page(db_path)
    digest = file_digest(db_path)
    backups_before = sorted(p.name for p in safety.backup_dir_for(db_path).iterdir())

    with pytest.raises(DatabaseDamagedError, match="bị hỏng"):
        open_session(db_path)

    assert file_digest(db_path) == digest
    assert sorted(p.name for p in safety.backup_dir_for(db_path).iterdir()) == backups_before
    assert not backup_service.check(db_path).ok
    with pytest.raises(DatabaseDamagedError):
        backup_service.backup_file(db_path, db_path.with_name("copy.sqlite3"))
    good = safety.latest_good_backup(db_path)
    assert good is not None


def test_restoring_the_latest_good_backup_keeps_the_damaged_file_aside(db_path):
    with open_session(db_path) as s:
        _add_trainee("Thào A Sử")
        s.backup_now()
    corrupt_table_page(db_path)
    damaged_digest = file_digest(db_path)
    good = safety.latest_good_backup(db_path)

    session, aside = backup_service.restore_path(db_path, good.path)
    try:
        assert Trainee.get().full_name == "Thào A Sử"
    finally:
        session.close()
    assert file_digest(aside) == damaged_digest
    # the damaged file was not backed up into the rotation
    assert all(safety.check_file(b.path).ok for b in safety.list_backups(db_path))


def test_restore_refuses_a_truncated_backup_and_changes_nothing(session, tmp_path):
    _add_trainee("Thào A Sử")
    copy = session.backup_to(tmp_path / "copy.sqlite3")
    data = copy.read_bytes()
    copy.write_bytes(data[: len(data) // 2])
    db.database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    before = table_dump(session.path)
    with pytest.raises(DatabaseDamagedError):
        backup_service.restore_from(session, copy)
    assert table_dump(session.path) == before
    assert Trainee.select().count() == 1  # the session still works


def test_restore_refuses_a_file_that_is_not_ours(session, tmp_path):
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(UserError, match="không phải bản sao lưu"):
        backup_service.restore_from(session, other)


def test_newer_database_is_refused_untouched(db_path):
    with open_session(db_path):
        pass
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    digest = file_digest(db_path)
    with pytest.raises(DatabaseNewerError, match="phiên bản mới hơn"):
        open_session(db_path)
    assert file_digest(db_path) == digest
    wal = db_path.with_name(db_path.name + "-wal")  # a reader of a WAL database may create it
    assert not wal.exists() or wal.stat().st_size == 0


def test_not_a_database_is_reported(tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"PK\x03\x04 this is a zip, not a database" * 100)
    report = backup_service.check(junk)
    assert not report.ok
    assert "không phải là cơ sở dữ liệu" in report.problems[0]


def test_a_folder_named_like_a_backup_is_listed_in_vietnamese(session, tmp_path):
    """Something in the backups folder that is a folder, named like a backup: the list says what it
    is, in Vietnamese (not Python's "[Errno 21] Is a directory")."""
    made = session.backup_now(force=True)
    odd = made.with_name(f"{session.path.stem}-20200101-101010-r99{made.suffix}")
    odd.mkdir()
    listed = {d.path.name: d for d in backup_service.backup_details(session.path)}
    assert odd.name in listed, listed
    line = listed[odd.name].line()
    assert "Errno" not in line and "directory" not in line
    assert "thư mục" in line
    assert listed[made.name].readable


def test_backup_into_an_impossible_place_is_a_clear_error(session, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(UserError, match="Không ghi được bản sao lưu"):
        session.backup_to(blocker / "sub" / "copy.sqlite3")


def test_an_early_check_is_reused_only_while_the_file_is_unchanged(db_path):
    with open_session(db_path) as s:
        _add_trainee("Thào A Sử")
        s.backup_now()
    early = safety.PendingCheck(db_path)
    assert early.result() is not None and early.result().ok
    safety.require_healthy(db_path, pending=early)  # reused
    corrupt_table_page(db_path)  # the file changes after the early check...
    with pytest.raises(DatabaseDamagedError):
        safety.require_healthy(db_path, pending=early)  # ...so it is checked again


def test_the_gui_start_path_passes_an_early_check_to_the_session(db_path, monkeypatch):
    import app.cli

    with open_session(db_path):
        _add_trainee("Thào A Sử")
    seen = {}

    def fake_run_gui(path, *, demo, precheck):
        seen["precheck"] = precheck
        return 0

    import app.ui.app

    monkeypatch.setattr(app.ui.app, "run_gui", fake_run_gui)
    assert app.cli.main(["--db", str(db_path)]) == 0
    assert isinstance(seen["precheck"], safety.PendingCheck) and seen["precheck"].result().ok


def test_periodic_backups_while_data_changes(session):
    first = session.periodic_backup()
    assert first is not None  # never backed up before
    assert session.periodic_backup() is None  # nothing changed since
    _add_trainee("Thào A Sử")
    second = session.periodic_backup()
    assert second is not None and safety.check_file(second, full=True).ok


def test_the_periodic_backup_thread_backs_up_and_stops_with_the_session(db_path):
    import threading

    s = open_session(db_path)
    _add_trainee("Thào A Sử")
    made = threading.Event()
    original = s.periodic_backup
    s.periodic_backup = lambda: (original(), made.set())[0]
    s.start_periodic_backups(every_seconds=0.01)
    assert made.wait(10)
    s.close()
    assert s._backup_thread is None
    assert safety.list_backups(db_path)
