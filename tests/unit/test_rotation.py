"""Backups bounded: the rotation rule (count and size cap), its settings, the throttle, the listing."""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.domain.errors import ValidationError
from app.domain.rotation import MB, Copy, RotationPolicy, backups_to_keep, size_cap
from app.services import backup as backup_service
from app.services.session import open_session
from app.store import backups as store_backups
from app.store import db, safety
from app.store.models import Trainee, person_keys

pytestmark = pytest.mark.sqlite_only(reason="backup rotation of the SQLite file (a server is backed up with pg_dump)")

NOW = dt.datetime(2026, 11, 25, 12, 0)


def _add_trainee(name: str) -> None:
    with db.write():
        Trainee.create(**person_keys(name, None, 1980), birth_year=1980)


# --- the pure rule ---------------------------------------------------------------------------


def test_count_rule_keeps_ten_of_today_then_daily_weekly_monthly():
    copies = [Copy(i, NOW - dt.timedelta(hours=i)) for i in range(24 * 500)]  # hourly for 500 days
    kept = [c.taken_at for c in backups_to_keep(copies, NOW)]
    today = [s for s in kept if s.date() == NOW.date()]
    assert today == [NOW - dt.timedelta(hours=i) for i in range(10)]  # the last 10 of today
    days = [s for s in kept if 1 <= (NOW.date() - s.date()).days <= 14]
    assert len(days) == 14 and len({s.date() for s in days}) == 14
    assert all(s.hour == 23 for s in days)  # the newest of each day
    older = [s for s in kept if (NOW.date() - s.date()).days > 14]
    stamps = [c.taken_at for c in copies]
    newest_of_week = {max(t for t in stamps if t.isocalendar()[:2] == s.isocalendar()[:2]) for s in older}
    newest_of_month = {max(t for t in stamps if (t.year, t.month) == (s.year, s.month)) for s in older}
    assert all(s in newest_of_week or s in newest_of_month for s in older)
    assert len(older) <= 8 + 12
    week_limit = NOW - dt.timedelta(weeks=8)
    assert all(any(s.isocalendar()[:2] == w for s in kept) for w in
               {t.isocalendar()[:2] for t in stamps if t >= week_limit})  # one a week for 8 weeks
    assert len({(s.year, s.month) for s in kept}) == 13  # one a month: this one and 12 before
    assert min(kept) >= NOW - dt.timedelta(days=366)
    assert len(kept) <= 10 + 14 + 8 + 12


def test_the_newest_copy_is_kept_however_old_or_large():
    old = [Copy("a", NOW - dt.timedelta(days=900), size=50 * MB), Copy("b", NOW - dt.timedelta(days=950), size=1)]
    kept = backups_to_keep(old, NOW, cap_bytes=10 * MB)
    assert [c.key for c in kept] == ["a"]


def test_size_cap_drops_the_oldest_first():
    copies = [Copy(i, NOW - dt.timedelta(minutes=i), size=MB) for i in range(10)]
    kept = backups_to_keep(copies, NOW, cap_bytes=int(3.5 * MB))
    assert [c.key for c in kept] == [0, 1, 2]


def test_the_cap_is_the_smaller_of_megabytes_and_percent_of_free_space():
    policy = RotationPolicy(max_mb=100, max_free_percent=10)
    assert size_cap(policy, free_bytes=10_000 * MB, backups_bytes=0) == 100 * MB
    # 10 % of what would be free without the backups (400 MB free + 100 MB of backups)
    assert size_cap(policy, free_bytes=400 * MB, backups_bytes=100 * MB) == 50 * MB


def test_settings_out_of_range_are_refused_and_unreadable_ones_keep_defaults():
    assert RotationPolicy(today=0).problems() == {
        "today": "Số bản sao lưu giữ trong ngày phải là số nguyên từ 1 đến 1000."}
    assert RotationPolicy().problems() == {}
    policy = RotationPolicy.from_settings({"today": 3, "max_mb": -5, "weekly_weeks": "x", "monthly_months": True})
    assert policy == RotationPolicy(today=3)


def test_backup_settings_are_saved_in_the_database(session):
    assert backup_service.backup_policy() == RotationPolicy()
    backup_service.save_backup_policy(RotationPolicy(today=4, max_mb=50))
    assert backup_service.backup_policy() == RotationPolicy(today=4, max_mb=50)
    assert safety.read_policy(db.database.connection()) == RotationPolicy(today=4, max_mb=50)
    with pytest.raises(ValidationError, match="Dung lượng tối đa"):
        backup_service.save_backup_policy(RotationPolicy(max_mb=0))
    assert backup_service.backup_policy().max_mb == 50  # nothing written


def test_rotation_deletes_files_it_no_longer_keeps(session):
    folder = safety.backup_dir_for(session.path)
    folder.mkdir(exist_ok=True)
    for days in range(400):
        stamp = (NOW - dt.timedelta(days=days)).strftime("%Y%m%d-%H%M%S")
        shutil.copy(session.path, folder / f"{session.path.stem}-{stamp}-r1.sqlite3")
    removed = safety.rotate(session.path, now=NOW, free_bytes=10**12)
    left = safety.list_backups(session.path)
    assert removed and len(left) + len(removed) == 400
    assert len(left) <= 1 + 14 + 8 + 12
    assert left[0].taken_at == NOW
    assert all(p.exists() is False for p in removed)


# --- 1,000 scripted changes ------------------------------------------------------------------


def test_a_thousand_changes_keep_the_folder_under_its_cap_and_the_newest_copy_good(db_path, monkeypatch):
    """Each change is followed by an automatic backup, at scripted times (minutes to a week apart).

    After every one: the backups take no more than the cap (the smaller of max_mb and the percent
    of free space), and the newest backup is the one just made, holds the latest change, and is sound.
    """
    # The backup's fsyncs prove nothing here (tests/reliability covers them) and cost seconds.
    monkeypatch.setattr(store_backups.os, "fsync", lambda fd: None)
    free = {"bytes": 10**12}
    monkeypatch.setattr(store_backups, "_free_bytes", lambda folder: free["bytes"])
    rng = random.Random(17)
    now = dt.datetime(2025, 1, 1, 8, 0)
    with open_session(db_path, backup_on_start=False):
        policy = RotationPolicy(max_mb=6, max_free_percent=20)
        backup_service.save_backup_policy(policy)
        folder = safety.backup_dir_for(db_path)
        highest = 0
        for step in range(1000):
            if step == 500:
                free["bytes"] = 12 * MB  # the disk fills up: 20 % of what is free is now the smaller cap
            _add_trainee(f"Học Viên Số {step}")
            now += rng.choice([dt.timedelta(minutes=2), dt.timedelta(minutes=40), dt.timedelta(hours=5),
                               dt.timedelta(days=1), dt.timedelta(days=8)])
            before = sum(p.stat().st_size for p in folder.glob("*.sqlite3")) if folder.exists() else 0
            made = safety.automatic_backup(db.database.connection(), db_path, db.get_revision(), now=now)
            assert made is not None
            sizes = [p.stat().st_size for p in folder.glob("*.sqlite3")]
            cap = size_cap(policy, free["bytes"], before + made.stat().st_size)
            assert sum(sizes) <= max(cap, made.stat().st_size), f"step {step}: {sum(sizes)} > {cap}"
            newest = safety.list_backups(db_path)[0]
            assert newest.path == made and newest.revision == db.get_revision()
            conn = sqlite3.connect(made)
            assert conn.execute("SELECT count(*) FROM trainee").fetchone()[0] == step + 1
            assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            conn.close()
            highest = max(highest, len(sizes))
        assert 5 <= highest <= 1 + 10 + 14 + 8 + 12
        assert not [p for p in folder.iterdir() if ".tmp-" in p.name]


# --- the throttle, the forced backups, the listing -----------------------------------------------


def test_a_throttled_backup_waits_for_its_interval_unless_forced(session):
    _add_trainee("Thào A Sử")
    conn = db.database.connection()
    every = dt.timedelta(minutes=30)
    first = safety.automatic_backup(conn, session.path, db.get_revision(), now=NOW, min_interval=every)
    assert first is not None and safety.last_automatic_backup(session.path) == NOW
    _add_trainee("Giàng Seo Pao")
    later = NOW + dt.timedelta(minutes=29)
    assert safety.automatic_backup(conn, session.path, db.get_revision(), now=later, min_interval=every) is None
    assert safety.automatic_backup(conn, session.path, db.get_revision(), now=later, force=True) is not None
    _add_trainee("Lù Thị Mai")
    after = later + dt.timedelta(minutes=31)
    assert safety.automatic_backup(conn, session.path, db.get_revision(), now=after, min_interval=every) is not None


def _run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, env=env,
                          cwd=Path(__file__).resolve().parents[2], timeout=120)


_ADD_COURSE = ("course", "add", "--program", "NTVD", "--name", "Lớp", "--start", "01/12/2026", "--end",
               "05/12/2026", "--code")


def test_the_command_line_backs_up_at_most_once_per_interval(db_path):
    with open_session(db_path, backup_on_start=False) as s:
        _add_trainee("Thào A Sử")
        s.backup_now(force=True)
    with open_session(db_path, backup_on_start=False):
        _add_trainee("Giàng Seo Pao")  # changed since that backup, but it is seconds old
    # (A command that writes: those that only read make no backup at all.)
    done = _run_cli("--db", str(db_path), *_ADD_COURSE, "K-1")
    assert done.returncode == 0, done.stderr
    assert len(safety.list_backups(db_path)) == 1  # within 30 minutes: no second copy
    with open_session(db_path, backup_on_start=False):
        backup_service.save_backup_policy(RotationPolicy(cli_every_minutes=0))
    done = _run_cli("--db", str(db_path), *_ADD_COURSE, "K-2")
    assert done.returncode == 0, done.stderr
    backups = safety.list_backups(db_path)
    assert len(backups) == 2  # the interval is 0 now: the change is backed up
    conn = sqlite3.connect(backups[0].path)
    assert conn.execute("SELECT count(*) FROM trainee").fetchone()[0] == 2
    conn.close()


def test_a_merge_is_always_preceded_by_a_backup(session):
    from app.services.trainees import merge_trainees

    _add_trainee("Thào A Sử")
    _add_trainee("Thào A Sử")
    first, second = [t.id for t in Trainee.select().order_by(Trainee.id)]
    session.backup_now(force=True)
    before = len(safety.list_backups(session.path))
    merge_trainees(first, second, "nhập trùng")
    backups = safety.list_backups(session.path)
    assert len(backups) == before + 1
    conn = sqlite3.connect(backups[0].path)
    assert conn.execute("SELECT count(*) FROM trainee").fetchone()[0] == 2  # the data before the merge
    conn.close()


def test_a_restore_backs_up_the_data_it_replaces(session, tmp_path):
    _add_trainee("Thào A Sử")
    usb = session.backup_to(tmp_path / "usb.sqlite3")
    _add_trainee("Giàng Seo Pao")
    before = len(safety.list_backups(session.path))
    backup_service.restore_from(session, usb)
    backups = safety.list_backups(session.path)
    assert len(backups) == before + 1
    conn = sqlite3.connect(backups[0].path)
    assert conn.execute("SELECT count(*) FROM trainee").fetchone()[0] == 2
    conn.close()


def test_backups_lists_date_size_and_contents(db_path, capsys, monkeypatch):
    from app.cli import main

    with open_session(db_path, backup_on_start=False) as s:
        _add_trainee("Thào A Sử")
        first = safety.automatic_backup(db.database.connection(), db_path, db.get_revision(),
                                        now=dt.datetime(2026, 3, 4, 9, 5, 6))
        _add_trainee("Giàng Seo Pao")
        second = safety.automatic_backup(db.database.connection(), db_path, db.get_revision(),
                                         now=dt.datetime(2026, 3, 5, 10, 0, 0))
        changed = db.database.execute_sql("SELECT value FROM setting WHERE key='changed_at'").fetchone()[0]
        del s
    damaged = first.with_name(first.name.replace("090506", "090000"))
    damaged.write_bytes(b"not a database at all" * 100)
    assert main(["--db", str(db_path), "backups"]) == 0
    lines = capsys.readouterr().out.splitlines()
    changed_at = dt.datetime.fromisoformat(changed.strip('"'))
    size = backup_service.format_size(second.stat().st_size)
    assert lines[0] == (f"05/03/2026 10:00:00\t{size}\t0 lớp\t2 học viên\t0 giấy chứng nhận\t"
                        f"sửa lần cuối {changed_at:%d/%m/%Y %H:%M}\t{second.name}")
    assert lines[1].startswith("04/03/2026 09:05:06\t") and "\t1 học viên\t" in lines[1]
    assert lines[2].startswith("04/03/2026 09:00:00\t2 KB\thỏng: ") and lines[2].endswith(damaged.name)
    assert len(lines) == 3


def test_backups_says_when_there_are_none(db_path, capsys):
    from app.cli import main

    with open_session(db_path, backup_on_start=False):
        pass
    assert main(["--db", str(db_path), "backups"]) == 0
    out = capsys.readouterr()
    assert out.out == "" and "Chưa có bản sao lưu tự động nào" in out.err


def test_format_size():
    assert backup_service.format_size(0) == "0 KB"
    assert backup_service.format_size(356_352) == "348 KB"
    assert backup_service.format_size(13_400_000) == "12,8 MB"


def test_backups_set_changes_the_rotation_settings(db_path, capsys):
    from app.cli import main

    with open_session(db_path, backup_on_start=False):
        pass
    assert main(["--db", str(db_path), "backups", "--set", "max_mb=500", "--set", "today=5"]) == 0
    assert "max_mb=500" in capsys.readouterr().err
    with open_session(db_path, backup_on_start=False):
        assert backup_service.backup_policy() == RotationPolicy(max_mb=500, today=5)
    assert main(["--db", str(db_path), "backups", "--set", "today=0"]) == 1
    assert "Số bản sao lưu giữ trong ngày phải là số nguyên từ 1 đến 1000" in capsys.readouterr().err
    assert main(["--db", str(db_path), "backups", "--set", "colour=5"]) == 2
    assert "không có cài đặt \"colour\"" in capsys.readouterr().err
    with open_session(db_path, backup_on_start=False):
        assert backup_service.backup_policy() == RotationPolicy(max_mb=500, today=5)


def test_an_import_always_backs_up_first_even_within_the_interval(db_path, tmp_path, capsys):
    """The throttle spares the backup on start, never the one before a bulk change."""
    from app.cli import main
    from app.services.courses import CourseInput, add_course
    from tests.unit.test_roster_import import messy_roster

    with open_session(db_path, backup_on_start=False) as s:
        add_course(CourseInput("NTVD-2026-03", "NTVD", "Khóa III", "07/12/2026", "11/12/2026"))
        s.backup_now(force=True)  # seconds ago: the command's backup on start is skipped
    rows = [[1, "Thào A Sử", "12/04/1985", "Nam", "Mông", "", "", "", ""]]
    args = ["--db", str(db_path), "import", "roster", str(messy_roster(tmp_path / "ds.xlsx", rows)),
            "--course", "NTVD-2026-03"]
    assert main(args) == 0, capsys.readouterr().err
    backups = safety.list_backups(db_path)
    assert len(backups) == 2  # the one before the import
    conn = sqlite3.connect(backups[0].path)
    assert conn.execute("SELECT count(*) FROM trainee").fetchone()[0] == 0  # the data before it
    conn.close()


def test_the_windows_manual_backup_never_replaces_the_database_itself(session, tmp_path):
    from app.domain.errors import ValidationError as Refused
    from tests.unit.safety_helpers import file_digest

    _add_trainee("Thào A Sử")
    db.database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    digest = file_digest(session.path)
    with pytest.raises(Refused, match="chính cơ sở dữ liệu"):
        session.backup_to(session.path)
    assert file_digest(session.path) == digest
    made = session.backup_to(tmp_path)  # a folder: a dated file inside it
    assert made.parent == tmp_path and made.name.startswith("boiduong-") and made.suffix == ".sqlite3"
