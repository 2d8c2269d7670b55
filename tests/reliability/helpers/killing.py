"""Killing a bulk action at a random moment, and checking what a user would check afterwards.

Used by ``tests/reliability/test_kill.py`` (200 runs) and ``bench/kill_bench.py`` (1,000+).
"""

from __future__ import annotations

import json
import os
import random
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.reliability.helpers import world

ROOT = Path(__file__).resolve().parents[3]
WORKER = Path(__file__).with_name("kill_worker.py")
ACTIONS = ("roster", "cert", "feedback")  # the bulk actions of issue 8
RESTORES = ("restore", "restore-window")  # ``boiduong restore``, and the window's (worker, then swap)
ALL_ACTIONS = (*ACTIONS, *RESTORES)  # a restore is the riskiest thing done to the file
LINE_TIMEOUT_S = 30.0
SPREAD = 1.25  # kill moments run a little past the action's usual end


class Worker:
    """The fork server (``kill_worker.py``) as seen from the test."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, str(WORKER)], cwd=ROOT, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, bufsize=0)
        self._buffer = b""
        first = self.read_line()
        if first != "server-ready":
            raise RuntimeError(f"kill worker did not start: {first!r}")

    def read_line(self, timeout: float = LINE_TIMEOUT_S) -> str:
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer from the kill worker")
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    raise EOFError("kill worker ended")
                self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode()

    def start(self, request: dict) -> int:
        """Send a request; return the child's pid once it says it is ready (action starting now)."""
        self.proc.stdin.write((json.dumps(request) + "\n").encode())
        self.proc.stdin.flush()
        line = self.read_line()
        if not line.startswith("ready "):
            raise RuntimeError(f"child did not get ready: {line!r}")
        return int(line.split()[1])

    def finish(self, pid: int) -> list[str]:
        """Lines the child wrote up to its end (the server's ``exit`` line last)."""
        lines = []
        while True:
            line = self.read_line()
            lines.append(line)
            if line.startswith(f"exit {pid} "):
                return lines

    def finish_when_done(self, pid: int) -> list[str]:
        """Let the child run to its end or its own crash; kill it if it is waiting, and collect its lines."""
        lines = []
        while True:
            line = self.read_line()
            lines.append(line)
            if line == "done" or line.startswith("error"):
                os.kill(pid, signal.SIGKILL)
            if line.startswith(f"exit {pid} "):
                return lines

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()


@dataclass
class Prepared:
    """The template database and the roster file, made once."""

    folder: Path
    template: Path
    roster: Path
    revision: int
    trainees: int
    source: Path  # a backup to restore from: the template with the 200 certificates issued
    template_dump: dict
    source_dump: dict

    @classmethod
    def make(cls, folder: Path) -> Prepared:
        from app.services.certificates import issue_certificates
        from app.services.session import open_session

        folder.mkdir(parents=True, exist_ok=True)
        template = world.build_database(folder / "template.sqlite3")
        roster = world.write_roster(folder / "roster-500.xlsx")
        conn = sqlite3.connect(template)
        try:
            revision = int(conn.execute("SELECT value FROM setting WHERE key = 'revision'").fetchone()[0])
            trainees = conn.execute("SELECT count(*) FROM trainee").fetchone()[0]
        finally:
            conn.close()
        changed = folder / "later" / "boiduong.sqlite3"
        changed.parent.mkdir()
        shutil.copyfile(template, changed)
        with open_session(changed, backup_on_start=False) as session:
            issue_certificates(world.CERT_COURSE, today=world.ISSUE_DAY)
            source = session.backup_to(folder / "usb" / "backup.sqlite3")
        return cls(folder, template, roster, revision, trainees, source, table_dump(template), table_dump(source))

    def copy(self, run_dir: Path) -> Path:
        if run_dir.exists():
            shutil.rmtree(run_dir)
        run_dir.mkdir(parents=True)
        target = run_dir / "boiduong.sqlite3"
        shutil.copyfile(self.template, target)
        return target


@dataclass
class Outcome:
    """What one killed run left behind."""

    action: str
    delay_s: float
    # in-backup | in-write | before-commit | after-commit | before-first-form | between-forms | finished
    landed: str
    present: int  # units of work found (0/1 for roster and certificates; forms for feedback)
    acknowledged: int  # units the child had reported finished before it died
    problems: list[str] = field(default_factory=list)
    stale_temp_files: int = 0


def calibrate(worker: Worker, prepared: Prepared, action: str, scratch: Path, runs: int = 3) -> float:
    """Median time from ``ready`` to ``done`` of the action when nobody kills it."""
    times = []
    for i in range(runs):
        db_path = prepared.copy(scratch / f"calibrate-{action}-{i}")
        pid = worker.start(request(prepared, action, db_path))
        started = time.perf_counter()
        while True:
            line = worker.read_line()
            if line == "done":
                times.append(time.perf_counter() - started)
                break
            if line.startswith("error"):
                raise RuntimeError(line)
        os.kill(pid, signal.SIGKILL)
        worker.finish(pid)
    return sorted(times)[len(times) // 2]


def request(prepared: Prepared, action: str, db_path: Path) -> dict:
    return {"action": action, "db": str(db_path), "roster": str(prepared.roster), "source": str(prepared.source)}


def kill_once(worker: Worker, prepared: Prepared, action: str, delay_s: float, run_dir: Path) -> Outcome:
    """Start ``action`` on a fresh copy, SIGKILL it after ``delay_s``, and judge what is left."""
    db_path = prepared.copy(run_dir)
    pid = worker.start(request(prepared, action, db_path))
    time.sleep(delay_s)
    os.kill(pid, signal.SIGKILL)
    lines = worker.finish(pid)
    errors = [line for line in lines if line.startswith("error")]
    outcome = judge(db_path, action, lines, prepared)
    outcome.delay_s = delay_s
    if errors:
        outcome.problems += errors
    if lines[-1] != f"exit {pid} signal {signal.SIGKILL}":
        outcome.problems.append(f"child ended otherwise: {lines[-1]}")
    return outcome


def _landed(action: str, lines: list[str]) -> tuple[str, int]:
    """Where the kill landed, from what the child had said; and how much it had finished."""
    said = set(lines)
    if action == "feedback":
        forms = [int(line.split()[1]) for line in lines if line.startswith("form ")]
        done = max(forms, default=0)
        return ("finished" if "done" in said else "between-forms" if done else "before-first-form"), done
    if "committed" in said:
        return "after-commit", 1
    if action == "roster":
        return ("in-write" if "backup-done" in said else "in-backup"), 0
    return "before-commit", 0  # certificates: eligibility, counter and numbers are one transaction


def judge(db_path: Path, action: str, lines: list[str], prepared: Prepared) -> Outcome:
    """Everything a user would check after the crash: nothing damaged, nothing half there, nothing lost."""
    from app.services import backup as backup_service
    from app.services.session import open_session
    from app.store import safety

    landed, acknowledged = _landed(action, lines)
    outcome = Outcome(action, 0.0, landed, 0, acknowledged)
    problems = outcome.problems
    report = backup_service.check(db_path)  # what ``boiduong check`` says
    if not report.ok:
        problems.append("check failed: " + "; ".join(report.problems))
        return outcome
    folder = safety.backup_dir_for(db_path)
    kept: list[Path] = []
    if folder.is_dir():
        for info in safety.list_backups(db_path):
            kept.append(info.path)
            if not safety.check_file(info.path, full=True).ok:
                problems.append(f"damaged backup in the rotation: {info.path.name}")
        outcome.stale_temp_files = sum(1 for p in folder.iterdir() if p.name.startswith("."))
    outcome.stale_temp_files += sum(1 for p in db_path.parent.iterdir() if p.name.startswith("."))
    if action in RESTORES:
        _judge_restore(db_path, kept, outcome, prepared)
    with open_session(db_path, backup_on_start=False):  # the next start, taking over the dead lock
        counts = _counts(action)
    revision_gain = counts.pop("revision") - prepared.revision
    if action in RESTORES:
        pass
    elif action == "roster":
        enrolled, created = counts["enrolled"], counts["trainees"] - prepared.trainees
        outcome.present = 1 if enrolled else 0
        if (enrolled, created) not in ((0, 0), (world.ROSTER_ROWS, world.ROSTER_ROWS)):
            problems.append(f"half-written import: {enrolled} enrolled, {created} trainees created")
        if revision_gain != outcome.present:
            problems.append(f"revision moved by {revision_gain} for {outcome.present} import")
    elif action == "cert":
        numbers = counts["numbers"]
        outcome.present = 1 if numbers else 0
        if len(numbers) not in (0, world.CERT_COUNT):
            problems.append(f"half-written issue: {len(numbers)} certificates")
        if len(set(numbers)) != len(numbers):
            problems.append("a certificate number appears twice")
        if sorted(numbers) != list(range(1, len(numbers) + 1)):
            problems.append("numbers are not 1…n")
        if counts["counter"] != max(numbers, default=0):
            problems.append(f"counter {counts['counter']} but highest number {max(numbers, default=0)}")
        if revision_gain != outcome.present:
            problems.append(f"revision moved by {revision_gain} for {outcome.present} issue")
    else:
        forms = counts["forms"]
        outcome.present = len(forms)
        if forms != list(range(1, len(forms) + 1)):
            problems.append(f"forms present are not 1…n: {forms[:5]}…")
        if counts["short_forms"]:
            problems.append(f"{counts['short_forms']} forms without all their answers")
        if revision_gain != len(forms):
            problems.append(f"revision moved by {revision_gain} for {len(forms)} forms")
    if outcome.present < acknowledged:
        problems.append(f"lost: the child had finished {acknowledged}, found {outcome.present}")
    if action == "feedback" and outcome.present > acknowledged + 1:
        problems.append(f"{outcome.present} forms but only {acknowledged} reported (+1 in flight)")
    return outcome


def _judge_restore(db_path: Path, backups: list[Path], outcome: Outcome, prepared: Prepared) -> None:
    """The file is the old data or the restored data, never a mixture; the old data is never gone."""
    now = table_dump(db_path)
    if now == prepared.source_dump:
        outcome.present = 1
        asides = [p for p in db_path.parent.glob(f"{db_path.stem}.truoc-khoi-phuc-*{db_path.suffix}")]
        if not any(table_dump(p) == prepared.template_dump for p in asides + backups):
            outcome.problems.append("restored, but the data it replaced is nowhere")
    elif now != prepared.template_dump:
        outcome.problems.append("the database is neither the old data nor the backup")


def table_dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table (read-only), for comparisons."""
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}
    finally:
        conn.close()


def _counts(action: str) -> dict:
    from peewee import fn

    from app.store import db
    from app.store.models import (
        Certificate,
        CertificateCounter,
        Course,
        Enrollment,
        FeedbackAnswer,
        FeedbackResponse,
        Trainee,
    )

    counts: dict = {"revision": db.get_revision()}
    if action in RESTORES:
        pass
    elif action == "roster":
        course = Course.get(Course.code == world.ROSTER_COURSE)
        counts["enrolled"] = Enrollment.select().where(Enrollment.course == course.id).count()
        counts["trainees"] = Trainee.select().count()
    elif action == "cert":
        counts["numbers"] = [n for (n,) in Certificate.select(Certificate.number)
                             .where(Certificate.year == world.CERT_YEAR).tuples()]
        counter = CertificateCounter.get_or_none(CertificateCounter.year == world.CERT_YEAR)
        counts["counter"] = counter.last_number if counter else 0
    else:
        course = Course.get(Course.code == world.FEEDBACK_COURSE)
        responses = FeedbackResponse.select(FeedbackResponse.id, FeedbackResponse.form_no).where(
            FeedbackResponse.course == course.id)
        counts["forms"] = sorted(r.form_no for r in responses)
        answers = (FeedbackAnswer.select(FeedbackAnswer.response, fn.COUNT(FeedbackAnswer.id).alias("n"))
                   .where(FeedbackAnswer.response.in_(responses.select(FeedbackResponse.id)))
                   .group_by(FeedbackAnswer.response))
        full = {r.response_id for r in answers if r.n == 4}
        counts["short_forms"] = sum(1 for r in responses if r.id not in full)
    return counts


def plan(runs: dict[str, int], seed: int, durations: dict[str, float]) -> list[tuple[str, float]]:
    """``runs[action]`` kills per action, each at a seeded random fraction of the action's duration.

    The second value is that fraction (0 … ``SPREAD``); multiply by the current duration estimate.
    """
    rng = random.Random(seed)
    planned = [(action, rng.uniform(0.0, SPREAD)) for action, count in runs.items() for _ in range(count)]
    rng.shuffle(planned)
    return planned


def kill_series(worker: Worker, prepared: Prepared, action: str, count: int, seed: int, scratch: Path,
                *, after_each=None, recalibrate_every: int = 10) -> list[Outcome]:
    """``count`` kills of ``action`` at random moments of its duration, re-measured every few runs.

    The machine's load changes while the series runs (CI shares its cores), so the duration is
    measured again every ``recalibrate_every`` runs; the moments stay spread over the action.
    """
    outcomes = []
    duration = calibrate(worker, prepared, action, scratch)
    for i, (_, fraction) in enumerate(plan({action: count}, seed, {action: 1.0})):
        if i and i % recalibrate_every == 0:
            duration = calibrate(worker, prepared, action, scratch, runs=1)
        outcome = kill_once(worker, prepared, action, fraction * duration, scratch / "run")
        outcomes.append(outcome)
        if after_each is not None:
            after_each(i, outcome, scratch / "run" / "boiduong.sqlite3")
    return outcomes


def summarise(outcomes: list[Outcome]) -> dict:
    landed = Counter(f"{o.action}:{o.landed}" for o in outcomes)
    return {
        "kills": len(outcomes),
        "lost_or_half_written": sum(1 for o in outcomes if o.problems),
        "landed": dict(sorted(landed.items())),
        "present": {a: sum(1 for o in outcomes if o.action == a and o.present) for a in ALL_ACTIONS},
        "stale_temp_files": sum(o.stale_temp_files for o in outcomes),
    }


def count_file_steps(worker: Worker, prepared: Prepared, action: str, run_dir: Path) -> int:
    """How many file operations (rename, link, unlink, fsync) the action makes when it runs through."""
    db_path = prepared.copy(run_dir)
    pid = worker.start({**request(prepared, action, db_path), "crash_at": -1})
    lines = worker.finish_when_done(pid)
    steps = [int(line.split()[1]) for line in lines if line.startswith("steps ")]
    if not steps:
        raise RuntimeError(f"no step count: {lines}")
    return steps[0]


def crash_at(worker: Worker, prepared: Prepared, action: str, step: int, run_dir: Path) -> Outcome:
    """Run ``action`` on a fresh copy, the child killing itself before its ``step``-th file operation."""
    db_path = prepared.copy(run_dir)
    pid = worker.start({**request(prepared, action, db_path), "crash_at": step})
    lines = worker.finish_when_done(pid)
    outcome = judge(db_path, action, lines, prepared)
    crashed = [line for line in lines if line.startswith("crash before")]
    outcome.landed = crashed[0] if crashed else "finished"
    outcome.problems += [line for line in lines if line.startswith("error")]
    return outcome
