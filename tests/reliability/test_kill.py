"""Kill test: a bulk action killed with SIGKILL at a random moment loses nothing and half-writes nothing.

A child process (forked from a warm helper, see ``helpers/kill_worker.py``) opens a copy of the
prepared database as the command line does and runs one bulk action — import a 500-row roster
(after the automatic backup the import takes), issue 200 certificates, or type in 100 feedback
forms one by one. It is killed at a seeded random moment spread over the action's measured
duration. 200 kills in all (``bench/kill_bench.py`` does 1,000+). After each kill, as a user
would: ``check`` passes, every backup in the rotation is sound, the database opens again (the
dead process's lock is taken over), the action is entirely present or entirely absent,
everything the child had reported finished is there, the certificate counter equals the highest
number and no number appears twice. Then the user retries and the work completes once.

A restore is killed too, both ``boiduong restore`` and the window's (the backup checked and copied
beside the database on a worker thread, then the swap on the main thread): at random moments, and —
since its file steps take microseconds — just before each of its renames, links, deletions and
fsyncs in turn. Each leaves the old data or the backup's, whole, and the old data is never gone.
"""

from __future__ import annotations

import os
import time

import pytest

from app.services.backup import restore_from, restore_path
from app.services.certificates import issue_certificates
from app.services.feedback import record_feedback
from app.services.roster_import import commit_roster, preview_roster
from app.services.session import open_session
from app.store import safety
from app.store.models import Certificate, CertificateCounter, Course, Enrollment, FeedbackResponse
from tests.reliability.helpers import killing, world

# 200 kills of the bulk actions, 30 of ``boiduong restore``, 20 of the window's restore
RUNS = {"roster": 67, "cert": 67, "feedback": 66, "restore": 30, "restore-window": 20}
SEED = 20250806


def _retry_and_check(db_path, action, prepared):
    """The user starts again after the crash and repeats the action: it completes, once."""
    if action == "restore":
        session, _aside = restore_path(db_path, prepared.source)
        session.close()
        assert killing.table_dump(db_path) == prepared.source_dump
        return
    if action == "restore-window":
        with open_session(db_path, backup_on_start=False) as session:
            restore_from(session, prepared.source)
        assert killing.table_dump(db_path) == prepared.source_dump
        return
    with open_session(db_path, backup_on_start=False):
        if action == "roster":
            commit_roster(preview_roster(prepared.roster, world.ROSTER_COURSE))
            course = Course.get(Course.code == world.ROSTER_COURSE)
            assert Enrollment.select().where(Enrollment.course == course.id).count() == world.ROSTER_ROWS
        elif action == "cert":
            issue_certificates(world.CERT_COURSE, today=world.ISSUE_DAY)
            numbers = sorted(c.number for c in Certificate.select())
            assert numbers == list(range(1, world.CERT_COUNT + 1))
            assert CertificateCounter.get_by_id(world.CERT_YEAR).last_number == world.CERT_COUNT
        else:
            course = Course.get(Course.code == world.FEEDBACK_COURSE)
            typed = {r.form_no for r in FeedbackResponse.select().where(FeedbackResponse.course == course.id)}
            for form_no in range(1, world.FEEDBACK_FORMS + 1):
                if form_no not in typed:  # the officer types in the forms not yet on screen
                    record_feedback(world.FEEDBACK_COURSE, None, (4, 3, 4, 2), form_no=form_no)
            assert FeedbackResponse.select().count() == world.FEEDBACK_FORMS


# A roster retry takes most of a second.
RETRY_EVERY = {"roster": 10, "cert": 1, "feedback": 5, "restore": 1, "restore-window": 1}


@pytest.mark.parametrize("action", killing.ALL_ACTIONS)
def test_killed_bulk_action_is_all_there_or_not_at_all(action, kill_worker, prepared, tmp_path):
    def after_each(i, outcome, db_path):
        assert not outcome.problems, f"run {i} (killed after {outcome.delay_s * 1000:.1f} ms): {outcome.problems}"
        if i % RETRY_EVERY[action] == 0:
            _retry_and_check(db_path, action, prepared)

    outcomes = killing.kill_series(kill_worker, prepared, action, RUNS[action], SEED, tmp_path,
                                   after_each=after_each)
    summary = killing.summarise(outcomes)
    print(f"\n{action}: {summary}")
    assert summary["lost_or_half_written"] == 0
    # The moments really were spread: some kills came before the action was complete, some after.
    # (Feedback is 100 small transactions: a kill before the very first form is rare, ~2 % of
    # runs, so it is not required; partly typed stacks are.)
    present = [o.present for o in outcomes]
    full = 1 if action != "feedback" else world.FEEDBACK_FORMS
    if not any(p == full for p in present):
        # A busy machine can stretch every run past its seeded moment (the window's restore has only
        # 20): kill later and later, each judged as above, until one lands after the action ended.
        duration = killing.calibrate(kill_worker, prepared, action, tmp_path, runs=1)
        for late in (1.5, 2.5, 4.0, 8.0):
            outcome = killing.kill_once(kill_worker, prepared, action, late * duration, tmp_path / "run")
            assert not outcome.problems, f"late kill ({late}x): {outcome.problems}"
            present.append(outcome.present)
            if outcome.present == full:
                break
    assert any(p == full for p in present)
    if action == "feedback":
        assert any(0 < p < full for p in present)
    else:
        assert 0 in present


@pytest.mark.parametrize("action", ["roster", "restore", "restore-window"])
def test_killed_before_each_file_step_in_turn(action, kill_worker, prepared, tmp_path):
    """The backup an import takes, and a restore: killed just before each rename, link, delete, fsync."""
    steps = killing.count_file_steps(kill_worker, prepared, action, tmp_path / "count")
    assert steps >= (3 if action == "roster" else 10)
    for step in range(steps):
        outcome = killing.crash_at(kill_worker, prepared, action, step, tmp_path / "run")
        assert outcome.landed.startswith("crash before"), outcome
        assert not outcome.problems, f"killed {outcome.landed}: {outcome.problems}"
        _retry_and_check(tmp_path / "run" / "boiduong.sqlite3", action, prepared)


def test_leftovers_of_a_killed_backup_or_restore_are_cleared_later(kill_worker, prepared, tmp_path):
    """A crash leaves hidden temporary copies; they never enter the rotation and go once they are old."""
    db_path = tmp_path / "run" / "boiduong.sqlite3"
    for step in (1, 2):  # inside the restore's staging copy, then inside its backup of the current file
        killing.crash_at(kill_worker, prepared, "restore", step, tmp_path / "run")
        leftovers = [p for p in (*db_path.parent.iterdir(), *safety.backup_dir_for(db_path).glob(".*"))
                     if p.name.startswith(".")]
        assert leftovers
        assert all(not b.path.name.startswith(".") for b in safety.list_backups(db_path))
        hour_ago = time.time() - safety.STALE_TEMP_AGE_S - 60
        for path in leftovers:
            os.utime(path, (hour_ago, hour_ago))
        _retry_and_check(db_path, "restore", prepared)  # the next restore (and its backup) clears them
        assert not [p for p in leftovers if p.exists()]


def test_a_checkpoint_cut_short_by_a_crash_is_not_mistaken_for_a_truncated_file(prepared, tmp_path):
    """Found by the bench: killed while SQLite folded its WAL into the file (header written, tail not yet),
    the file alone looks cut short, yet with its WAL it is whole."""
    import sqlite3

    db_path = prepared.copy(tmp_path / "data")
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    size_before = db_path.stat().st_size
    conn.execute("CREATE TABLE extra (x)")
    conn.executemany("INSERT INTO extra VALUES (?)", [("x" * 500,) for _ in range(200)])
    conn.commit()
    whole = sqlite3.connect(tmp_path / "whole.sqlite3")
    conn.backup(whole)
    whole.close()
    page_one = (tmp_path / "whole.sqlite3").read_bytes()[:4096]
    with db_path.open("r+b") as fh:  # the interrupted checkpoint: page 1 written, the new tail not
        fh.write(page_one)
    assert db_path.stat().st_size == size_before
    copy = tmp_path / "after-crash"
    copy.mkdir()
    for suffix in ("", "-wal"):  # what the disk holds when the process dies
        (copy / f"boiduong.sqlite3{suffix}").write_bytes(db_path.with_name(db_path.name + suffix).read_bytes())
    conn.close()
    crashed = copy / "boiduong.sqlite3"
    assert safety.check_file(crashed, full=True).ok
    with open_session(crashed, backup_on_start=False):
        from app.store import db as store_db

        assert store_db.database.execute_sql("SELECT count(*) FROM extra").fetchone()[0] == 200


def test_a_restored_file_is_in_wal_mode_before_it_takes_the_place(prepared, tmp_path):
    """Found by the bench: switching the restored file to WAL on its first open went through a rollback
    journal, and a kill then left a file that `check` could not read. Now it is switched before the swap."""
    db_path = prepared.copy(tmp_path / "data")
    assert prepared.source.read_bytes()[18:20] == b"\x01\x01"  # backups are plain single files
    safety.restore_file(db_path, prepared.source, 99)
    assert db_path.read_bytes()[18:20] == b"\x02\x02"  # WAL, before anything opened it
    assert sorted(p.name for p in db_path.parent.iterdir() if p.name.startswith("boiduong.sqlite3")) == [
        "boiduong.sqlite3"]
