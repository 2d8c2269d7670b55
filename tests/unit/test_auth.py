"""Optional sign-in: off by default; when on, scrypt-hashed passwords and admin-only restore, certificate
cancel/reissue and settings — enforced in the services, so the window and the command line agree."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.domain.errors import ConflictError, ValidationError
from app.domain.institution import Institution
from app.services import auth, settings
from app.services import backup as backup_service
from app.services.certificates import cancel_certificate, issue_certificates, reissue_certificate
from app.services.courses import CourseInput, add_course
from app.services.session import open_session
from app.store import db
from app.store.models import AuditEntry, Certificate, Enrollment, Setting, Trainee, person_keys
from tests.unit.safety_helpers import corrupt_table_page, table_dump

ROOT = Path(__file__).resolve().parents[2]
AFTER = dt.date(2026, 3, 20)


@pytest.fixture(autouse=True)
def _nobody_signed_in():
    auth.sign_out()
    yield
    auth.sign_out()


def _certificates(count: int = 2) -> None:
    course = add_course(CourseInput("NTVD-2026-01", "NTVD", "Lớp NTVD", "02/03/2026", "06/03/2026",
                                    status="finished"))
    with db.write():
        for i in range(count):
            trainee = Trainee.create(**person_keys(f"Thào A Sử {i}", None, 1990), birth_year=1990)
            Enrollment.create(course=course, trainee=trainee, score=8.0, result_code="G", completed=True)
    issue_certificates("NTVD-2026-01", today=AFTER)


def _with_admin_and_staff() -> None:
    auth.enable("quantri", "mat-khau-1", "Giàng Seo Phử")
    auth.add_user("canbo", "mat-khau-2", "staff", "Lù Thị Mai")


def test_off_by_default_everyone_may_do_everything(session):
    _certificates()
    assert not auth.is_enabled() and auth.current_user() is None
    auth.require_role("admin")
    cancel_certificate("1/2026", "Sai tên")
    settings.save_institution(Institution(name="Trung tâm Chính trị huyện Si Ma Cai"))


@pytest.mark.sqlite_only(reason="it reads the SQLite file's bytes for the password")
def test_passwords_are_stored_as_salted_scrypt_hashes_never_as_text(session):
    _with_admin_and_staff()
    auth.add_user("canbo2", "mat-khau-2", "staff")  # the same password as canbo
    records = {row.key: json.loads(row.value) for row in Setting.select().where(Setting.key.startswith("auth.user."))}
    assert set(records) == {"auth.user.quantri", "auth.user.canbo", "auth.user.canbo2"}
    for record in records.values():
        assert record["scheme"] == "scrypt" and record["n"] >= 2**14 and len(bytes.fromhex(record["salt"])) == 16
    assert records["auth.user.canbo"]["salt"] != records["auth.user.canbo2"]["salt"]
    assert records["auth.user.canbo"]["hash"] != records["auth.user.canbo2"]["hash"]
    db.database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = session.path.read_bytes()
    assert b"mat-khau" not in raw and "mat-khau".encode("utf-16-le") not in raw


def test_sign_in_with_the_right_password_only(session):
    _with_admin_and_staff()
    auth.sign_out()
    for name, password in (("canbo", "sai-mat-khau"), ("khong-co", "mat-khau-2")):
        with pytest.raises(ValidationError, match="Sai tên đăng nhập hoặc mật khẩu") as refused:
            auth.sign_in(name, password)
        assert refused.value.field == "password" and auth.current_user() is None
    # An empty box is named (which tells nothing about the accounts), the user name first.
    for name, password, field, message in ((" ", "", "username", "Hãy nhập tên đăng nhập."),
                                           ("", "mat-khau-2", "username", "Hãy nhập tên đăng nhập."),
                                           ("canbo", "", "password", "Hãy nhập mật khẩu.")):
        with pytest.raises(ValidationError) as refused:
            auth.sign_in(name, password)
        assert (refused.value.field, refused.value.message) == (field, message)
        assert auth.current_user() is None
    user = auth.sign_in(" CanBo ", "mat-khau-2")
    assert (user.username, user.role) == ("canbo", "staff") and auth.current_user() == user


@pytest.mark.sqlite_only(reason="restoring replaces the SQLite file (a server is restored with pg_restore)")
def test_staff_may_not_restore_cancel_reissue_or_edit_settings(session, tmp_path):
    _certificates()
    _with_admin_and_staff()
    copy = session.backup_to(tmp_path / "copy.sqlite3")
    auth.sign_out()
    auth.sign_in("canbo", "mat-khau-2")
    revision = db.get_revision()
    attempts = [
        lambda: cancel_certificate("1/2026", "Sai tên"),
        lambda: reissue_certificate("2/2026", "Mất"),
        lambda: settings.save_institution(Institution(name="Tên khác")),
        lambda: backup_service.restore_from(session, copy),
    ]
    for attempt in attempts:
        with pytest.raises(auth.PermissionDeniedError, match="Chỉ người dùng có vai trò Quản trị"):
            attempt()
    assert db.get_revision() == revision
    assert {c.status for c in Certificate.select()} == {"issued"}
    with pytest.raises(auth.PermissionDeniedError):
        auth.add_user("ke-gian", "mat-khau-3", "admin")

    auth.sign_out()
    auth.sign_in("quantri", "mat-khau-1")
    cancel_certificate("1/2026", "Sai tên")
    reissue_certificate("2/2026", "Mất")
    settings.save_institution(Institution(name="Trung tâm Chính trị huyện Si Ma Cai"))
    assert backup_service.restore_from(session, copy) is not None


def test_with_sign_in_on_the_command_line_cannot_do_admin_work(db_path, tmp_path):
    with open_session(db_path) as s:
        _certificates()
        _with_admin_and_staff()
        copy = s.backup_to(tmp_path / "copy.sqlite3")
    auth.sign_out()
    before = table_dump(db_path)
    for command in (("certificates", "cancel", "--number", "1/2026", "--reason", "Sai"), ("restore", str(copy))):
        run = subprocess.run([sys.executable, "main.py", "--db", str(db_path), *command], cwd=ROOT,
                             capture_output=True, text=True, timeout=60)
        assert run.returncode == 1
        assert run.stderr.strip().startswith("boiduong: lỗi: Đăng nhập đang bật: cần đăng nhập")
    after = table_dump(db_path)
    assert after["certificate"] == before["certificate"] and after["trainee"] == before["trainee"]


def test_a_damaged_database_can_always_be_restored(db_path):
    """Sign-in cannot be read from a damaged file, and must never lock the recovery out."""
    with open_session(db_path) as s:
        _with_admin_and_staff()
        good = s.backup_now(force=True)
    auth.sign_out()
    corrupt_table_page(db_path, "setting")
    session, aside = backup_service.restore_path(db_path, good)
    try:
        assert auth.is_enabled()  # the restored data still asks for sign-in
    finally:
        session.close()
    assert aside.exists()


def test_last_admin_stays_and_changes_are_audited(session):
    _with_admin_and_staff()
    with pytest.raises(ConflictError, match="ít nhất một người dùng Quản trị"):
        auth.set_role("quantri", "staff")
    with pytest.raises(ConflictError):
        auth.remove_user("quantri")
    auth.set_role("canbo", "admin")
    auth.set_password("canbo", "mat-khau-moi")
    auth.remove_user("canbo", "Chuyển công tác")
    with pytest.raises(ValidationError, match="ít nhất 6"):
        auth.add_user("ngan", "12345")
    with pytest.raises(ValidationError, match="Tên đăng nhập"):
        auth.add_user("Tên có dấu", "mat-khau-9")
    assert [e.action for e in AuditEntry.select().order_by(AuditEntry.id)] == [
        "user-add", "auth-on", "user-add", "user-role", "password", "delete"]
    assert AuditEntry.select().order_by(AuditEntry.id.desc()).first().reason == "Chuyển công tác"
    auth.disable()
    assert not auth.is_enabled() and auth.current_user() is None
