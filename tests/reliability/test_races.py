"""Races: two processes on one database.

**Certificates.** Two processes issue 5,000 certificates each into the same year, one class (one
transaction) at a time, started together: 10,000 distinct numbers 1…10,000, no gap, each class
a contiguous block, the counter at 10,000 — and the two sides really interleaved. (They open the
file without the instance lock: two writers at once is what is being tested. The numbers come
from the year's counter read and written inside one ``BEGIN IMMEDIATE`` transaction.)

**The window and the command line at once — the decision.** The window holds the database's OS
lock (``app/store/lock.py``) for as long as it is open. Every command that opens the database
through ``open_session`` takes the same lock, so while the window is open:

- a command that writes (``certificates issue``, ``feedback add``, ``import roster``,
  ``restore``…) is refused: exit code 1, one line in Vietnamese naming the process that holds the
  database, and the database is left exactly as it was;
- ``check`` and ``backup`` work: they only read (a read-only connection and SQLite's backup
  API), so the officer can check the file or copy it to a USB stick while the window is open,
  even while it is saving — the copy is a consistent snapshot and nothing typed is lost.

- commands that only read (``courses``, ``trainees``, ``instructors``, ``report``, ``print``,
  ``feedback summary``, ``export trainees``) run: they take no lock (a second reader is safe in
  WAL mode), make no backup, and their connection refuses writes.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.store.lock import InstanceLock
from tests.reliability.helpers import killing, world
from tests.unit.safety_helpers import file_digest

ROOT = Path(__file__).resolve().parents[2]
HELPERS = Path(__file__).parent / "helpers"
PER_SIDE = 5_000
CLASS_SIZE = 20


def _race(db_path: Path) -> tuple[list[tuple[int, str]], int]:
    """Both sides ready, then go together; returns (number, class code) rows and the counter."""
    sides = [subprocess.Popen([sys.executable, str(HELPERS / "race_issuer.py"), str(db_path), f"RACE-{side}"],
                              cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
             for side in "AB"]
    for side in sides:
        assert side.stdout.readline().split() == ["ready", str(PER_SIDE // CLASS_SIZE)]
    for side in sides:
        side.stdin.write("go\n")
        side.stdin.flush()
    for side in sides:
        out, _ = side.communicate(timeout=300)  # closes the pipes
        assert side.returncode == 0 and out.split() == ["issued", str(PER_SIDE)]
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute("SELECT c.number, co.code FROM certificate c JOIN enrollment e ON e.id = c.enrollment_id "
                            "JOIN course co ON co.id = e.course_id WHERE c.year = ?", (world.CERT_YEAR,)).fetchall()
        counter = conn.execute("SELECT last_number FROM certificate_counter WHERE year = ?",
                               (world.CERT_YEAR,)).fetchone()[0]
    finally:
        conn.close()
    return rows, counter


def test_two_processes_issue_5000_certificates_each_distinct_and_gapless(tmp_path):
    # The properties hold on every attempt; the race is run again (at most three times) only when
    # the scheduler let one side finish before the other began, so that the test really
    # exercises two writers taking turns.
    for attempt in range(3):
        db_path = world.build_database(tmp_path / f"race-{attempt}.sqlite3", race_classes=PER_SIDE // CLASS_SIZE,
                                       race_class_size=CLASS_SIZE)
        rows, counter = _race(db_path)
        numbers = sorted(n for n, _ in rows)
        assert numbers == list(range(1, 2 * PER_SIDE + 1))
        assert counter == 2 * PER_SIDE
        by_class: dict[str, list[int]] = {}
        for number, code in rows:
            by_class.setdefault(code, []).append(number)
        for code, got in by_class.items():  # one class, one transaction: a contiguous block
            assert sorted(got) == list(range(min(got), min(got) + CLASS_SIZE)), code
        a = [n for n, code in rows if code.startswith("RACE-A")]
        b = [n for n, code in rows if code.startswith("RACE-B")]
        if min(a) < max(b) and min(b) < max(a):  # the two sides really took turns
            return
    pytest.fail("in three runs one side always finished before the other started: no race was exercised")


# --- the window and the command line ------------------------------------------------------


def cli(db_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", "--db", str(db_path), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


WRITES = [
    ("certificates", "issue", "--course", world.CERT_COURSE),
    ("feedback", "add", "--course", world.FEEDBACK_COURSE, "--answers", "4,4,4,4", "--form-no", "900"),
    ("course", "cancel", "--code", world.ROSTER_COURSE, "--reason", "Thử"),
]


READS = [
    (("courses",), world.ROSTER_COURSE[:4]),
    (("trainees", "--course", world.CERT_COURSE), ""),
    (("feedback", "summary", "--course", world.FEEDBACK_COURSE), "Câu hỏi,Số phiếu"),
]


def _assert_refused(result: subprocess.CompletedProcess, pid: int) -> None:
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("boiduong: lỗi: Cơ sở dữ liệu đang được mở bởi một cửa sổ chương trình khác")
    assert f"tiến trình {pid}" in lines[0]
    assert result.stdout == ""


@pytest.mark.gui
def test_window_open_refuses_cli_writes_but_check_and_backup_work(prepared, tmp_path):
    db_path = prepared.copy(tmp_path / "data")
    log = (tmp_path / "gui.log").open("w")
    # The window's start, as main.py runs it, saying "ready" once its first frame is painted.
    gui = subprocess.Popen([sys.executable, str(HELPERS / "window.py"), str(db_path)], cwd=ROOT,
                           env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, stdout=subprocess.PIPE,
                           stderr=log, text=True)
    try:
        assert gui.stdout.readline().strip() == "ready", (tmp_path / "gui.log").read_text()
        assert InstanceLock(db_path).holder().get("pid") == gui.pid
        before, digest = killing.table_dump(db_path), file_digest(db_path)

        for command in WRITES:
            _assert_refused(cli(db_path, *command), gui.pid)
        restore = cli(db_path, "restore", str(prepared.source))
        _assert_refused(restore, gui.pid)
        assert killing.table_dump(db_path) == before and file_digest(db_path) == digest

        for command, first in READS:  # the readers run beside the window, and write nothing
            result = cli(db_path, *command)
            assert result.returncode == 0, result.stderr
            assert result.stdout.startswith(first), (command, result.stdout[:200])
        out = tmp_path / "ra"
        for command in (("report", "plan", "--from", "01/01/2026", "--to", "31/12/2026", "--out", str(out / "b.pdf")),
                        ("print", "class-list", "--course", world.CERT_COURSE, "--out", str(out / "ds.pdf"))):
            result = cli(db_path, *command)
            assert result.returncode == 0, result.stderr
        assert sorted(p.name for p in out.iterdir()) == ["b.pdf", "ds.pdf"]
        assert killing.table_dump(db_path) == before

        checked = cli(db_path, "check")
        assert checked.returncode == 0 and checked.stdout.startswith("Cơ sở dữ liệu tốt")
        copy = tmp_path / "usb" / "copy.sqlite3"
        backed_up = cli(db_path, "backup", str(copy))
        assert backed_up.returncode == 0, backed_up.stderr
        assert killing.table_dump(copy) == before
        assert gui.poll() is None  # the window is still there
    finally:
        gui.terminate()
        gui.wait(timeout=30)
        gui.stdout.close()
        log.close()
    assert cli(db_path, "check").returncode == 0
    assert cli(db_path, *WRITES[0]).returncode == 0  # once the window is closed, the command works


def test_while_the_program_saves_cli_writes_are_refused_and_backup_is_a_clean_snapshot(prepared, tmp_path):
    """The window's way of opening (``open_session`` with the lock) in a helper that keeps saving forms."""
    db_path = prepared.copy(tmp_path / "data")
    holder = subprocess.Popen([sys.executable, str(HELPERS / "holder.py"), str(db_path)], cwd=ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        holder.stdin.write("write 150\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "form 1"
        refused = cli(db_path, *WRITES[1])
        copies = []
        for i in range(3):  # copies and checks taken while the forms keep coming
            copy = tmp_path / f"copy-{i}.sqlite3"
            result = cli(db_path, "backup", str(copy))
            assert result.returncode == 0, result.stderr
            copies.append(copy)
            assert cli(db_path, "check").returncode == 0
        lines = []
        while (line := holder.stdout.readline().strip()) != "wrote":
            lines.append(line)
        holder.stdin.write("quit\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "closed"
        assert holder.wait(timeout=30) == 0
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
        holder.stdin.close()
        holder.stdout.close()
    _assert_refused(refused, holder.pid)
    assert lines[-1] == "form 150"

    def forms(path: Path) -> list[int]:
        conn = sqlite3.connect(path)
        try:
            complete = conn.execute(
                "SELECT r.form_no FROM feedback_response r JOIN course c ON c.id = r.course_id "
                "WHERE c.code = ? AND (SELECT count(*) FROM feedback_answer a WHERE a.response_id = r.id) = 4 "
                "ORDER BY r.form_no", (world.FEEDBACK_COURSE,)).fetchall()
            total = conn.execute("SELECT count(*) FROM feedback_response").fetchone()[0]
        finally:
            conn.close()
        assert total == len(complete)  # no form without all its answers
        return [n for (n,) in complete]

    assert forms(db_path) == list(range(1, 151))  # nothing the program saved was lost
    for copy in copies:
        got = forms(copy)
        assert got == list(range(1, len(got) + 1))  # each copy: the forms saved up to one moment
    assert len(forms(copies[-1])) >= len(forms(copies[0])) >= 1
    assert 900 not in forms(db_path)
