"""Several PCs on one PostgreSQL server (issue 18): the URL on the command line, init, copy-to,
backups with pg_dump, the SQL translation of migration steps, and the proofs on a real server
(two processes issuing certificates, clients killed in the middle of an import).

The server tests run when PostgreSQL is asked for (``BOIDUONG_PG_TEST=1``, set by .ci/run, or
``--pg``); plain ``pytest`` says they were skipped and why. The translation tests always run.
"""

from __future__ import annotations

import datetime as dt
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.cli import main
from app.store import backend
from tests.unit.conftest import database_name

ROOT = Path(__file__).resolve().parents[2]


# --- always: the parts that need no server --------------------------------------------------


def test_a_url_names_a_server_and_is_shown_without_its_password():
    assert backend.is_url("postgresql://a:b@h/db") and backend.is_url("postgres://h/db")
    assert not backend.is_url("du-lieu.sqlite3") and not backend.is_url(Path("postgresql://x"))
    assert backend.describe("postgres://thu:bí-mật@10.0.0.5:5433/trungtam") == "postgresql://thu@10.0.0.5:5433/trungtam"


def test_migration_sql_is_translated_for_the_server():
    pg = backend.PostgresBackend("postgresql://h/db")
    assert pg.translate_sql('CREATE TABLE "x" ("id" INTEGER NOT NULL PRIMARY KEY, "data" BLOB, "at" DATETIME, '
                            '"ratio" REAL)') == (
        'CREATE TABLE "x" ("id" SERIAL PRIMARY KEY, "data" BYTEA, "at" TIMESTAMP, "ratio" DOUBLE PRECISION)')
    assert pg.translate_sql("UPDATE t SET a = ? WHERE b LIKE '%?%'") == "UPDATE t SET a = %s WHERE b LIKE '%%?%%'"
    assert backend.Backend().translate_sql("CREATE TABLE t (b BLOB)") == "CREATE TABLE t (b BLOB)"


def test_a_server_backup_without_pg_dump_is_refused_in_vietnamese(monkeypatch, tmp_path):
    from app.domain.errors import StorageError

    monkeypatch.setattr(backend, "pg_tool", lambda name: None)
    with pytest.raises(StorageError) as refused:
        backend.pg_dump("postgresql://h/db", tmp_path / "x.dump")
    assert "Không tìm thấy công cụ pg_dump" in refused.value.message
    assert not (tmp_path / "x.dump").exists()


def test_file_only_commands_say_so_for_a_server(capsys):
    assert main(["--db", "postgresql://nobody@127.0.0.1:1/none", "check"]) == 1
    assert "chỉ dùng cho tệp cơ sở dữ liệu" in capsys.readouterr().err


def test_an_unreachable_server_is_said_plainly(capsys):
    pytest.importorskip("psycopg")
    assert main(["--db", "postgresql://nobody@127.0.0.1:1/none", "courses"]) == 1
    assert "Không kết nối được máy chủ cơ sở dữ liệu" in capsys.readouterr().err


# --- on a server ----------------------------------------------------------------------------




def test_init_creates_the_schema_once(empty_url, capsys):
    assert main(["--db", empty_url, "init", "--institution", "Trung tâm Chính trị huyện Si Ma Cai"]) == 0
    assert capsys.readouterr().out.startswith("Đã tạo cơ sở dữ liệu mới: postgresql://boiduong@127.0.0.1:")
    assert main(["--db", empty_url, "init"]) == 1  # a second time: refused, nothing written
    assert "đã có dữ liệu của chương trình" in capsys.readouterr().err
    import psycopg

    with psycopg.connect(empty_url) as conn:
        assert conn.execute("SELECT version FROM schema_version").fetchall() == [(_schema_version(),)]
        assert conn.execute("SELECT COUNT(*) FROM program").fetchone()[0] > 0


def _schema_version() -> int:
    from app.store.migrations import SCHEMA_VERSION

    return SCHEMA_VERSION


def test_copy_to_moves_every_row_and_refuses_a_non_empty_target(demo_path, empty_url, capsys, server):
    assert main(["--db", str(demo_path), "copy-to", empty_url]) == 0
    captured = capsys.readouterr()
    assert "số dòng và tổng kiểm tra của từng bảng khớp" in captured.err
    import psycopg

    source = sqlite3.connect(demo_path)
    with psycopg.connect(empty_url) as conn:
        for line in captured.out.splitlines():
            table, rows, _checksum = line.split("\t")
            assert int(rows) == source.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            assert conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] == int(rows)
        # The serial counters run on past the copied ids: a new row gets a new id.
        top = conn.execute("SELECT MAX(id) FROM trainee").fetchone()[0]
    source.close()
    assert main(["--db", empty_url, "courses", "--year", "2019"]) == 0
    assert "NQ-2019-01" in capsys.readouterr().out
    from app.services.session import open_session
    from app.services.trainees import TraineeInput, add_trainee

    with open_session(empty_url):
        assert add_trainee(TraineeInput("Hoàng Văn Mới", "1990")).id == top + 1
    # A second copy onto the same (now full) database is refused and changes nothing.
    assert main(["--db", str(demo_path), "copy-to", empty_url]) == 1
    assert "không trống" in capsys.readouterr().err


def test_a_copy_that_does_not_match_leaves_nothing_on_the_server(demo_path, empty_url, monkeypatch):
    from app.domain.errors import StorageError
    from app.services.transfer import copy_to_server
    from app.store import transfer

    real = transfer._digest
    calls = []

    def spoilt(rows):
        calls.append(1)
        count, digest = real(rows)
        return (count, digest if len(calls) != 8 else "0" * 64)  # the 4th table's read-back differs

    monkeypatch.setattr(transfer, "_digest", spoilt)
    with pytest.raises(StorageError) as refused:
        copy_to_server(demo_path, empty_url)
    assert "không có gì được ghi lên máy chủ" in refused.value.message
    import psycopg

    with psycopg.connect(empty_url) as conn:
        assert conn.execute("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0] == 0


def test_demo_fills_a_server_database(empty_url, capsys):
    assert main(["--db", empty_url, "demo"]) == 0
    assert "251 lớp" in capsys.readouterr().out
    # The demo writes its rows with their ids: every table's serial counter runs on past them, so
    # the first record a clerk adds gets a new id instead of "duplicate key" (was: instructor 1).
    import psycopg

    with psycopg.connect(empty_url) as conn:
        behind = []
        for (table,) in conn.execute("SELECT table_name FROM information_schema.columns "
                                     "WHERE column_name = 'id' AND table_schema = 'public'").fetchall():
            top = conn.execute(f'SELECT MAX(id) FROM "{table}"').fetchone()[0]
            sequence = conn.execute(f"SELECT pg_get_serial_sequence('\"{table}\"', 'id')").fetchone()[0]
            last, called = conn.execute(f"SELECT last_value, is_called FROM {sequence}").fetchone()
            if top is not None and (last if called else last - 1) < top:  # the next id given is taken
                behind.append(table)
    assert behind == []
    from app.services import instructor_records
    from app.services.session import open_session

    with open_session(empty_url):
        assert instructor_records.add_instructor(instructor_records.InstructorInput("Thào Thị Mỷ")) == 17


def test_province_demo_on_a_server_then_the_program_adds_rows(empty_url, capsys):
    """The bulk path (COPY with the ids given) leaves every serial counter past its rows."""
    from app.demo.province import build_province
    from app.services.courses import CourseInput, add_course
    from app.services.session import open_session
    from app.services.trainees import TraineeInput, add_trainee
    from app.store.models import Course, Trainee

    with open_session(empty_url, backup_on_start=False):
        summary = build_province(factor=0.01)
        assert Trainee.select().count() == summary.trainees > 0
        top = Trainee.select(Trainee.id).order_by(Trainee.id.desc()).scalar()
        assert add_trainee(TraineeInput("Hoàng Văn Mới", "1990")).id == top + 1
        assert add_course(CourseInput("NTVD-2030-01", "NTVD", "Lớp mới", "02/03/2030", "06/03/2030")).id == (
            Course.select().count())


def test_pg_dump_backup_of_a_server(empty_url, tmp_path, capsys):
    if backend.pg_tool("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    assert main(["--db", empty_url, "init"]) == 0
    out = tmp_path / "trungtam.dump"
    assert main(["--db", empty_url, "backup", str(out)]) == 0
    assert out.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    assert main(["--db", empty_url, "backup", str(out)]) == 1  # an existing file needs --overwrite
    assert "--overwrite" in capsys.readouterr().err


ISSUER = """
import datetime as dt, sys
from app.services.session import open_session
from app.services.certificates import issue_certificates
with open_session(sys.argv[1], backup_on_start=False):
    sys.stdin.readline()  # start together
    for code in sys.argv[2:]:
        issue_certificates(code, today=dt.date(2026, 3, 20))
"""


def issue_in_two_processes(url: str, classes: int, per_class: int) -> list[int]:
    """Two processes, each issuing ``classes`` classes of ``per_class`` into 2026 at once; the
    numbers given, sorted."""
    from app.services.session import open_session
    from app.store import bulk
    from app.store import db as store_db
    from app.store.models import Certificate, Course, Enrollment, Program, ResultBand, Trainee, person_keys

    codes = {side: [f"{side}{i}" for i in range(classes)] for side in "AB"}
    with open_session(url, backup_on_start=False), store_db.write():
        program = Program.get(Program.code == "NTVD")
        next_id = 1
        for side in "AB":
            for code in codes[side]:
                course = Course.create(code=code, program=program, name=f"Lớp {code}", start_date=dt.date(2026, 3, 2),
                                       end_date=dt.date(2026, 3, 6), status="finished")
                rows = []
                for k in range(per_class):
                    keys = person_keys(f"Thào A Sử {code} {k}")
                    rows.append((next_id, keys["full_name"], keys["search_key"], keys["sort_key"], False, False,
                                 dt.datetime(2026, 1, 1)))
                    next_id += 1
                bulk.insert_rows("trainee", ("id", "full_name", "search_key", "sort_key", "party_member",
                                             "party_probationary", "created_at"), rows)
                bulk.insert_rows("enrollment", ("course_id", "trainee_id", "completed", "enrolled_at"),
                                 [(course.id, r[0], True, dt.datetime(2026, 3, 2)) for r in rows])
        # Scored programs need a result: completed with a passing band (the eligibility rules).
        passing = ResultBand.get(ResultBand.passing & ResultBand.program.is_null()).code
        Enrollment.update(score=8, result_code=passing).execute()
    procs = [subprocess.Popen([sys.executable, "-c", ISSUER, url, *codes[side]], cwd=ROOT, stdin=subprocess.PIPE,
                              text=True) for side in "AB"]
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        proc.stdin.close()
        assert proc.wait(timeout=600) == 0
    with open_session(url, backup_on_start=False):
        assert Trainee.select().count() == 2 * classes * per_class
        return sorted(c.number for c in Certificate.select().where(Certificate.year == 2026))


def test_two_processes_issue_gapless_numbers_on_the_server(empty_url):
    assert main(["--db", empty_url, "init"]) == 0
    numbers = issue_in_two_processes(empty_url, classes=4, per_class=25)
    assert numbers == list(range(1, 201))


# --- a client killed in the middle of an import ----------------------------------------------

IMPORTER = """
import sys
from pathlib import Path
from app.services.session import open_session
from app.services.roster_import import commit_roster, preview_roster
with open_session(sys.argv[1], backup_on_start=False):
    preview = preview_roster(Path(sys.argv[2]), "NTVD-2026-01")
    print("ready", flush=True)
    done = commit_roster(preview)
    print("done", done.enrolled, flush=True)
"""


def prepare_import_template(server, name: str, empty_template: str | None) -> None:
    """A server database with one class (NTVD-2026-01) for the killed imports to copy."""
    from app.services.courses import CourseInput, add_course
    from app.services.session import open_session

    server.create_database(name, empty_template)
    with open_session(server.url(name)):
        add_course(CourseInput("NTVD-2026-01", "NTVD", "Lớp NTVD", "02/03/2026", "06/03/2026"))


@dataclass(frozen=True)
class KillOutcome:
    """What one killed import left: the enrolments on the server after the kill, how long the
    dead client's session stayed on the server (seconds; None: still there after 30 s), the locks
    still held in the database after that, and the enrolments after the next import ran."""

    enrolled: int
    lingered: float | None
    locks: int
    retried: int


def kill_imports(server, template: str, roster: Path, runs: int, seed: int = 18,
                 retry_every: int = 1) -> list[KillOutcome]:
    """``runs`` imports of ``roster`` into copies of ``template``: the first runs to its end (how
    long a commit takes), each other one is SIGKILLed at a random moment up to 1.25 times that.
    After each kill the server must drop the dead client's session and every lock it held, and
    (every ``retry_every``-th run) the same import run again in the same database completes."""
    rng = random.Random(seed)
    outcomes = []
    took = 0.0
    for run in range(runs):
        name = database_name("kill")
        url = server.create_database(name, template)
        proc = subprocess.Popen([sys.executable, "-c", IMPORTER, url, str(roster)], cwd=ROOT,
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        started = time.monotonic()
        if run == 0:
            assert proc.stdout.readline().startswith("done ")
            took = time.monotonic() - started
        else:
            time.sleep(rng.uniform(0, 1.25 * took))
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=120)
        proc.stdout.close()
        enrolled = _enrolled(server, name)
        lingered, locks = _after_the_client(server, name)
        retried = _import_again(url, roster) if run % retry_every == 0 and lingered is not None else -1
        outcomes.append(KillOutcome(enrolled, lingered, locks, retried))
        server.drop_database(name)
    return outcomes


def _after_the_client(server, name: str) -> tuple[float | None, int]:
    """How long the killed client's session stayed on the server (None: still there after 30 s),
    and how many locks were held in its database after that."""
    import psycopg

    started = time.monotonic()
    with psycopg.connect(server.url(name), autocommit=True) as conn:
        while True:
            others = conn.execute("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = %s "
                                  "AND pid <> pg_backend_pid()", (name,)).fetchone()[0]
            lingered = time.monotonic() - started
            if others == 0 or lingered > 30:
                break
            time.sleep(0.01)
        locks = conn.execute("SELECT COUNT(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
                             "WHERE d.datname = %s AND l.pid <> pg_backend_pid()", (name,)).fetchone()[0]
        prepared = conn.execute("SELECT COUNT(*) FROM pg_prepared_xacts WHERE database = %s", (name,)).fetchone()[0]
    return (lingered if others == 0 else None), int(locks) + int(prepared)


def _import_again(url: str, roster: Path) -> int:
    """The next import of the same roster into the same database, run to its end (a new client):
    the enrolments it leaves."""
    proc = subprocess.run([sys.executable, "-c", IMPORTER, url, str(roster)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    import psycopg

    with psycopg.connect(url) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM enrollment").fetchone()[0])


def test_clients_killed_mid_import_leave_all_or_nothing(server, tmp_path, request):
    """A roster of 300 imported by a client killed with SIGKILL at a random moment of the commit:
    afterwards the class has all 300 or none, never some (the server rolls back the connection's
    open transaction when it goes), no lock is left behind, and importing again completes."""
    from tests.reliability.helpers import world

    template = database_name("kill_tpl")
    prepare_import_template(server, template, request.getfixturevalue("pg_empty_template"))
    roster = world.write_roster(tmp_path / "roster.xlsx", world.roster_rows(300))
    try:
        outcomes = kill_imports(server, template, roster, runs=10, retry_every=3)
    finally:
        server.drop_database(template)
    assert outcomes[0].enrolled == 300
    assert {o.enrolled for o in outcomes} <= {0, 300}, outcomes
    assert 0 in {o.enrolled for o in outcomes}  # some kills did land inside the commit (not all after it)
    assert all(o.lingered is not None and o.locks == 0 for o in outcomes), outcomes
    assert {o.retried for o in outcomes[::3]} == {300}, outcomes


def _enrolled(server, name: str) -> int:
    import psycopg

    with psycopg.connect(server.url(name)) as conn:
        trainees = conn.execute("SELECT COUNT(*) FROM trainee").fetchone()[0]
        enrolled = conn.execute("SELECT COUNT(*) FROM enrollment").fetchone()[0]
    assert trainees == enrolled  # no person created without the enrolment, nor the reverse
    return int(enrolled)


def test_migration_steps_run_on_the_server(empty_url):
    """An older server database is brought forward by the same steps: step 2 through the SQL
    translation (an integer key becomes SERIAL), step 4 in its PostgreSQL form (a real boolean)."""
    import psycopg

    from app.services.session import open_session
    from app.store.migrations import SCHEMA_VERSION

    assert main(["--db", empty_url, "init"]) == 0
    with psycopg.connect(empty_url) as conn:  # make it a version-1 database again
        conn.execute('DROP TABLE IF EXISTS "trainee_photo"')
        conn.execute('DROP TABLE "certificate_blank_stock"')
        conn.execute('ALTER TABLE "trainee" DROP COLUMN "party_probationary"')
        conn.execute('DROP INDEX "trainee_organization_id_unit_text"')
        for table in ("trainee", "instructor"):  # as version 1 made them
            conn.execute(f'ALTER TABLE "{table}" ALTER COLUMN "sort_key" TYPE VARCHAR(255)')
        conn.execute("UPDATE schema_version SET version = 1")
    with open_session(empty_url) as session:
        assert session.migrated_from == 1
    with psycopg.connect(empty_url) as conn:
        assert conn.execute("SELECT version FROM schema_version").fetchone()[0] == SCHEMA_VERSION
        kind = conn.execute("SELECT data_type FROM information_schema.columns WHERE table_name = 'trainee' "
                            "AND column_name = 'party_probationary'").fetchone()[0]
        assert kind == "boolean"
        conn.execute("INSERT INTO certificate_blank_stock (date, quantity, kind) "
                     "VALUES ('2026-01-05', 100, 'received')")
        assert conn.execute("SELECT id FROM certificate_blank_stock").fetchone()[0] == 1  # SERIAL
        assert conn.execute("SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'trainee_organization_id_unit_text'"
                            ).fetchone()[0] == 1
        lengths = conn.execute("SELECT table_name, character_maximum_length FROM information_schema.columns "
                               "WHERE column_name = 'sort_key' ORDER BY table_name").fetchall()
        assert lengths == [("instructor", None), ("trainee", None)]  # step 9: any length


def test_copy_to_carries_photo_bytes_and_odd_text(tmp_path, empty_url):
    """Bytes (a photo), tabs, new lines and backslashes in text survive COPY and the check."""
    import psycopg

    from app.services.session import open_session
    from app.services.trainees import TraineeInput, add_trainee
    from app.store import db as store_db
    from app.store.models import TraineePhoto

    path = tmp_path / "file" / "boiduong.sqlite3"
    jpeg = bytes(range(256)) * 40 + b"\x00\\\t\n"
    with open_session(path):
        person = add_trainee(TraineeInput("Lò Văn Tab", "1990", note="dòng 1\n\tdòng 2 \\ hết"))
        with store_db.write():
            TraineePhoto.create(trainee=person.id, jpeg=jpeg)
    assert main(["--db", str(path), "copy-to", empty_url]) == 0
    with psycopg.connect(empty_url) as conn:
        assert conn.execute("SELECT jpeg FROM trainee_photo").fetchone()[0] == jpeg
        assert conn.execute("SELECT note FROM trainee WHERE full_name = 'Lò Văn Tab'").fetchone()[0] == (
            "dòng 1\n\tdòng 2 \\ hết")
