"""A stranger's inputs to the server side of the program (issue 18): URLs typed by hand, servers
that cannot be reached, texts a server refuses, files that cannot be copied, and pg_dump where it
is missing or of another version. Each is one Vietnamese line (or message), never a traceback,
and nothing is written.

The tests that need a running server run with ``--pg`` (or ``BOIDUONG_PG_TEST=1``).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.cli import EXIT_ERROR, main
from app.domain.errors import StorageError, UserError
from app.store import backend
from tests.unit.conftest import database_name

SECRET = "p@ss:w/o%rd#1?&x"


# --- URLs typed by hand (no server needed) ------------------------------------------------------


@pytest.mark.parametrize("url", [
    f"postgresql://thu:{SECRET}@127.0.0.1:1/trungtam",        # the password's @ : / % # ? not encoded
    "postgresql://thu@127.0.0.1:99999/trungtam",               # a port out of range
    "postgresql://thu@127.0.0.1:abc/trungtam",                 # a port that is not a number
    "postgresql://thu@127.0.0.1:1/trungtam?foo=bar",           # an option the driver does not know
    "postgresql://thu@127.0.0.1:1/trung tâm",                  # a space not encoded
    "postgresql://thu:p%zzx@127.0.0.1:1/trungtam",             # a % that is not an encoding
])
def test_a_url_that_cannot_be_read_is_refused_in_vietnamese(url, capsys):
    pytest.importorskip("psycopg")
    assert main(["--db", url, "courses"]) == EXIT_ERROR  # not 3 (a crash log)
    err = capsys.readouterr().err
    assert "Địa chỉ cơ sở dữ liệu trên máy chủ không hợp lệ" in err
    assert "%40" in err  # says how to write an @ (and the others)
    assert "o%rd" not in err and "p%zzx" not in err  # the password is never shown


def test_describe_never_fails_and_never_shows_the_password():
    assert backend.describe(f"postgresql://thu:{SECRET}@10.0.0.5:5433/trungtam") == "postgresql://thu@10.0.0.5:5433/trungtam"
    assert backend.describe("postgresql://thu@10.0.0.5:99999/trungtam") == "postgresql://thu@10.0.0.5:99999/trungtam"
    assert backend.describe("postgresql://[::1]:5433/trungtam") == "postgresql://[::1]:5433/trungtam"
    # The dialog's URL of a database named in Vietnamese reads as typed (the window's title, messages).
    assert backend.describe(backend.url_from_parts("10.0.0.5", 5432, "trung tâm", "thư ký", "x")) == (
        "postgresql://thư ký@10.0.0.5:5432/trung tâm")


def test_a_readable_url_passes_the_check():
    pytest.importorskip("psycopg")
    for url in ("postgresql://thu:p%40ss%3Aw%2Fo%25rd%231@127.0.0.1:5432/trungtam?sslmode=disable",
                "postgres://[::1]/trungtam", "postgresql://h/tr%C6%B0%E1%BB%9Dng", "postgresql://h"):
        backend.check_url(url)  # no error


@pytest.mark.parametrize("url, parts", [
    ("postgresql://thu@10.0.0.5/trungtam", ("10.0.0.5", None, "trungtam", "thu", None)),
    ("postgres://th%C6%B0@[::1]:5433/trung%20t%C3%A2m?sslmode=require",
     ("::1", 5433, "trung tâm", "thư", None)),
    ("postgresql://thu:p%40ss%3Aw%2Fo@may-chu:5432/tt", ("may-chu", 5432, "tt", "thu", "p@ss:w/o")),
])
def test_a_url_gives_its_parts_and_takes_a_typed_password(url, parts):
    """``--db URL`` in the window without a password: the password typed is put into the URL
    encoded, whatever it holds, and read back as typed."""
    assert backend.url_parts(url) == parts
    typed = backend.with_password(url, SECRET)
    assert backend.url_parts(typed) == (*parts[:4], SECRET)
    assert typed.endswith(url.split("@", 1)[1])  # the server, database and options unchanged
    backend.check_url(typed)


def test_copy_to_a_url_that_cannot_be_read_touches_nothing(tmp_path, capsys):
    pytest.importorskip("psycopg")
    source = tmp_path / "a.sqlite3"
    assert main(["--db", str(source), "init"]) == 0
    before = source.read_bytes()
    assert main(["--db", str(source), "copy-to", f"postgresql://thu:{SECRET}@127.0.0.1:1/trungtam"]) == EXIT_ERROR
    assert "Địa chỉ cơ sở dữ liệu trên máy chủ không hợp lệ" in capsys.readouterr().err
    assert source.read_bytes() == before


def test_the_dialog_fields_make_a_url_the_server_reads_back():
    pytest.importorskip("psycopg")
    from psycopg.conninfo import conninfo_to_dict

    url = backend.url_from_parts("192.168.1.10", 5433, "trung tâm", "thư ký", SECRET + " cách")
    assert conninfo_to_dict(url) == {"host": "192.168.1.10", "port": "5433", "dbname": "trung tâm",
                                     "user": "thư ký", "password": SECRET + " cách"}
    # A host typed with its port ("192.168.1.10:5433") is not an IPv6 address.
    typed = conninfo_to_dict(backend.url_from_parts("192.168.1.10:5433", 5432, "tt", "u"))
    assert (typed["host"], typed["port"]) == ("192.168.1.10", "5433")
    assert conninfo_to_dict(backend.url_from_parts("fe80::1", 5432, "tt", "u"))["host"] == "fe80::1"


# --- pg_dump where it is missing or another version --------------------------------------------


def test_pg_dump_is_found_where_the_windows_installer_puts_it(tmp_path, monkeypatch):
    monkeypatch.setattr(backend.shutil, "which", lambda name: None)
    for version in ("9.6", "16", "13"):
        folder = tmp_path / "PostgreSQL" / version / "bin"
        folder.mkdir(parents=True)
        (folder / "pg_dump.exe").write_bytes(b"")
    monkeypatch.setenv("ProgramFiles", str(tmp_path))
    monkeypatch.setattr(backend.sys, "platform", "win32")
    assert backend.pg_tool("pg_dump") == str(tmp_path / "PostgreSQL" / "16" / "bin" / "pg_dump.exe")  # the newest


def test_a_pg_dump_older_than_the_server_is_said_plainly(tmp_path, monkeypatch):
    fake = tmp_path / "pg_dump"
    fake.write_text("#!/bin/sh\necho 'pg_dump: error: aborting because of server version mismatch' >&2\n"
                    "echo 'pg_dump: detail: server version: 17.2; pg_dump version: 15.10' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setattr(backend, "pg_tool", lambda name: str(fake))
    with pytest.raises(StorageError) as refused:
        backend.pg_dump("postgresql://u@h/db", tmp_path / "x.dump")
    assert "15" in refused.value.message and "17" in refused.value.message
    assert "phiên bản" in refused.value.message
    assert not (tmp_path / "x.dump").exists()


def test_pg_dump_gets_the_password_outside_its_command_line(tmp_path, monkeypatch):
    seen = tmp_path / "seen"
    fake = tmp_path / "pg_dump"
    fake.write_text(f'#!/bin/sh\necho "$@" > {seen}\necho "$PGPASSWORD" >> {seen}\n'
                    'for a in "$@"; do case "$a" in --file=*) printf PGDMP > "${a#--file=}";; esac; done\n')
    fake.chmod(0o755)
    monkeypatch.setattr(backend, "pg_tool", lambda name: str(fake))
    backend.pg_dump(f"postgresql://thu:{backend.quote(SECRET, safe='')}@h:5433/db", tmp_path / "x.dump")
    args, password = seen.read_text().splitlines()
    assert password == SECRET
    assert "o%25rd" not in args and SECRET not in args and "--no-password" in args
    assert (tmp_path / "x.dump").read_bytes() == b"PGDMP"


# --- on a server -------------------------------------------------------------------------------




@pytest.mark.parametrize("query, said", [
    ("?sslmode=bogus", "Không kết nối được máy chủ"),
    ("?sslmode=require", "Không kết nối được máy chủ"),  # a server without SSL
])
def test_a_connection_option_the_server_refuses_is_a_connection_problem(empty_url, query, said, capsys):
    assert main(["--db", empty_url + query, "courses"]) == EXIT_ERROR
    assert said in capsys.readouterr().err


def test_a_host_that_does_not_resolve_is_a_connection_problem(capsys):
    pytest.importorskip("psycopg")
    assert main(["--db", "postgresql://u@khong-co-may-nay.invalid/tt", "courses"]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert "Không kết nối được máy chủ" in err and "khong-co-may-nay.invalid" in err


def test_a_missing_database_and_a_wrong_user_are_named(server, capsys):
    assert main(["--db", server.url("khong_co_csdl"), "courses"]) == EXIT_ERROR
    assert "không có cơ sở dữ liệu khong_co_csdl" in capsys.readouterr().err
    url = server.url("postgres").replace("boiduong@", "khong_co_ai@")
    assert main(["--db", url, "courses"]) == EXIT_ERROR
    assert "người dùng khong_co_ai" in capsys.readouterr().err


def test_a_text_the_server_refuses_is_said_and_nothing_is_written(empty_url):
    from app.services.session import open_session
    from app.services.trainees import TraineeInput, add_trainee
    from app.store.models import Trainee

    with open_session(empty_url):
        with pytest.raises(UserError) as too_long:
            add_trainee(TraineeInput("Lò Văn A", "1980", position="Chủ tịch " * 40))
        assert too_long.value.message == "Chức vụ dài 359 ký tự; tối đa 255 ký tự."  # as on a file (below)
        with pytest.raises(UserError) as nul:
            add_trainee(TraineeInput("Lò Văn B", "1980", note="một\x00hai"))
        assert "ký tự" in nul.value.message and "NUL" in nul.value.message
        assert Trainee.select().count() == 0


def test_a_short_text_longer_than_a_server_column_is_refused_on_a_file_too(session):
    """Both databases hold the same: a file does not keep what a copy to a server would refuse."""
    from app.services.trainees import TraineeInput, add_trainee
    from app.store.models import Trainee

    with pytest.raises(UserError) as too_long:
        add_trainee(TraineeInput("Lò Văn A", "1980", position="Chủ tịch " * 40))
    assert too_long.value.message == "Chức vụ dài 359 ký tự; tối đa 255 ký tự."
    assert Trainee.select().count() == 0
    add_trainee(TraineeInput("Lò Văn A", "1980", position="Chủ tịch " * 28))  # 251 characters: kept whole
    assert len(Trainee.get().position) == 251


def test_the_longest_names_are_kept_and_sorted_on_every_database(session):
    """A 100-letter name (the most a name may have) makes a sort key of about 300 marks: a server's
    VARCHAR(255) refused the person (a trainee or an instructor) before schema step 9."""
    import datetime as dt

    from app.services import lists
    from app.services.instructor_records import InstructorInput, add_instructor
    from app.services.trainees import TraineeInput, add_trainee
    from app.store.models import Instructor, Trainee

    long = "Tôn Nữ Hoàng Thị Phương Thảo Nguyên Khánh Linh Bảo Ngọc Minh Châu Huyền Trang Diễm Lệ Kim Chi Thu Hà"
    assert len(long) == 100
    for name, birth in ((long, "02/01/1990"), (long, "01/01/1990"), ("Tôn Nữ An", "1990")):
        add_trainee(TraineeInput(name, birth))
    add_instructor(InstructorInput(full_name=long))
    assert len(Trainee.get(Trainee.full_name == long).sort_key) > 255
    assert Instructor.get().full_name == long
    shown = [(row.full_name, row.birth_date, row.birth_year) for row in lists.trainee_rows(lists.trainee_ids())]
    assert shown == [("Tôn Nữ An", None, 1990), (long, dt.date(1990, 1, 1), 1990),  # An before Hà,
                     (long, dt.date(1990, 1, 2), 1990)]  # namesakes by birth


def _file_with(tmp_path: Path, sql: str) -> Path:
    source = tmp_path / "centre.sqlite3"
    assert main(["--db", str(source), "init"]) == 0
    from app.services.session import open_session
    from app.services.trainees import TraineeInput, add_trainee

    with open_session(source, backup_on_start=False):
        for i in range(3):
            add_trainee(TraineeInput(f"Lò Văn {chr(65 + i)}", "1980"))
    conn = sqlite3.connect(source)
    conn.execute(sql)
    conn.commit()
    conn.close()
    return source


@pytest.mark.parametrize("sql, said", [
    ("UPDATE trainee SET position = printf('%.300c', 'x') WHERE id = 2", "dài hơn 255 ký tự"),
    ("UPDATE trainee SET note = 'một' || char(0) || 'hai' WHERE id = 2", "ký tự NUL"),
])
def test_a_file_the_server_cannot_take_is_refused_naming_the_row(tmp_path, empty_url, sql, said, capsys):
    source = _file_with(tmp_path, sql)
    assert main(["--db", str(source), "copy-to", empty_url]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert said in err and "trainee" in err and "id 2" in err
    assert "không có gì được ghi lên máy chủ" in err
    import psycopg

    with psycopg.connect(empty_url) as conn:
        assert conn.execute("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0] == 0


def test_names_with_combining_marks_long_notes_and_nulls_copy_row_for_row(tmp_path, empty_url, capsys):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hường")
    source = _file_with(tmp_path, "UPDATE trainee SET full_name = '" + decomposed + "', note = printf('%.1000c', 'ư'), "
                                  "phone = NULL, birth_year = NULL WHERE id = 1")
    assert main(["--db", str(source), "copy-to", empty_url]) == 0
    assert "khớp" in capsys.readouterr().err
    import psycopg

    with psycopg.connect(empty_url) as conn:
        name, note, phone = conn.execute("SELECT full_name, note, phone FROM trainee WHERE id = 1").fetchone()
    assert (name, note, phone) == (decomposed, "ư" * 1000, None)  # as the file had it, not "fixed"


def test_a_pc_that_stops_in_the_middle_of_a_write_does_not_hang_the_others(empty_url, monkeypatch):
    """Another PC took a row lock and went silent (its network cut before its COMMIT reached the
    server): a write here waits a bounded time, then says so in Vietnamese and writes nothing."""
    import threading

    import psycopg

    from app.services.session import open_session
    from app.services.trainees import TraineeInput, add_trainee
    from app.store.models import Trainee

    monkeypatch.setattr(backend, "LOCK_TIMEOUT_MS", 1500)
    open_session(empty_url).close()  # the schema
    stuck = psycopg.connect(empty_url)  # the other PC: its transaction holds the revision row
    stuck.execute("UPDATE setting SET value = value WHERE key = 'revision'")
    outcome: list[BaseException | None] = []

    def write_here() -> None:
        try:
            with open_session(empty_url):
                add_trainee(TraineeInput("Lò Văn A", "1980"))
            outcome.append(None)
        except BaseException as exc:  # reported by the assertions below
            outcome.append(exc)

    writer = threading.Thread(target=write_here, daemon=True)
    writer.start()
    writer.join(timeout=30)
    finished = not writer.is_alive()
    stuck.rollback()
    stuck.close()
    writer.join(timeout=30)
    assert finished, "the write waited for the silent PC without end"
    assert isinstance(outcome[0], UserError) and "Một máy khác đang ghi" in outcome[0].message
    with open_session(empty_url):
        assert Trainee.select().count() == 0


def test_a_session_asks_the_server_to_notice_a_dead_pc(empty_url):
    """The server drops a PC that stopped answering (TCP keepalives) or that left a transaction
    open and idle, and with it that PC's locks: the others' next write works."""
    from app.services.session import open_session
    from app.store.models import database

    with open_session(empty_url):
        settings = dict(database.execute_sql(
            "SELECT name, setting FROM pg_settings WHERE name IN ('lock_timeout', "
            "'idle_in_transaction_session_timeout', 'tcp_keepalives_idle')").fetchall())
    assert int(settings["lock_timeout"]) > 0
    assert int(settings["idle_in_transaction_session_timeout"]) > 0
    assert int(settings["tcp_keepalives_idle"]) > 0


def test_a_user_without_rights_on_the_database_is_told_before_anything(server, empty_url, tmp_path, capsys):
    """The administrator created the database but not for the program's user (not its owner,
    no rights on its tables): init, copy-to, demo and every command say so; nothing is written."""
    import psycopg

    server.admin("DROP ROLE IF EXISTS thu_khong_quyen")
    server.admin("CREATE ROLE thu_khong_quyen LOGIN")
    stranger = empty_url.replace("boiduong@", "thu_khong_quyen@")
    source = tmp_path / "a.sqlite3"
    assert main(["--db", str(source), "init"]) == 0
    for argv in (["--db", stranger, "init"], ["--db", str(source), "copy-to", stranger], ["--db", stranger, "demo"]):
        assert main(argv) == EXIT_ERROR, argv
        err = capsys.readouterr().err
        assert "không có quyền" in err and "thu_khong_quyen" in err, err
    with psycopg.connect(empty_url) as conn:
        assert conn.execute("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0] == 0
    assert main(["--db", empty_url, "init"]) == 0  # the owner makes the schema
    capsys.readouterr()
    assert main(["--db", stranger, "courses"]) == EXIT_ERROR
    assert "không có quyền" in capsys.readouterr().err
    server.admin("DROP OWNED BY thu_khong_quyen")
    server.admin("DROP ROLE thu_khong_quyen")


def _user_with_rights(server, url: str, user: str, rights: str) -> None:
    """A new database with the program's tables at ``url``, and a login ``user`` given ``rights`` on
    its tables (and the use of its sequences), not its owner."""
    import psycopg

    assert main(["--db", url, "init"]) == 0
    server.admin(f"DROP ROLE IF EXISTS {user}")
    server.admin(f"CREATE ROLE {user} LOGIN")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"GRANT {rights} ON ALL TABLES IN SCHEMA public TO {user}")
        conn.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {user}")


def test_a_right_taken_away_while_the_program_runs_is_said(server, empty_url):
    import psycopg

    from app.services.session import open_session
    from app.services.trainees import TraineeInput, add_trainee

    _user_with_rights(server, empty_url, "thu_mat_quyen", "SELECT, INSERT, UPDATE, DELETE")
    with psycopg.connect(empty_url, autocommit=True) as conn:
        with open_session(empty_url.replace("boiduong@", "thu_mat_quyen@")):
            conn.execute("REVOKE INSERT ON trainee FROM thu_mat_quyen")
            with pytest.raises(UserError) as refused:
                add_trainee(TraineeInput("Lò Văn A", "1980"))
            assert "không có quyền" in refused.value.message
        assert conn.execute("SELECT COUNT(*) FROM trainee").fetchone()[0] == 0
        conn.execute("DROP OWNED BY thu_mat_quyen")
    server.admin("DROP ROLE thu_mat_quyen")


def test_demo_on_a_server_does_not_print_the_password(server, capsys):
    name = database_name("inp")
    server.admin("DROP ROLE IF EXISTS thu_demo")
    server.admin(f"CREATE ROLE thu_demo LOGIN PASSWORD '{SECRET}'")
    server.create_database(name)
    server.admin(f'ALTER DATABASE "{name}" OWNER TO thu_demo')
    url = f"postgresql://thu_demo:{backend.quote(SECRET, safe='')}@127.0.0.1:{server.port}/{name}"
    try:
        assert main(["--db", url, "demo"]) == 0
        out = capsys.readouterr().out
        assert f"postgresql://thu_demo@127.0.0.1:{server.port}/{name}" in out and "o%25rd" not in out
    finally:
        server.drop_database(name)
        server.admin("DROP ROLE thu_demo")


def test_trying_a_server_database_that_is_not_ours_or_newer_says_so_at_once(empty_url):
    """Tệp › Kết nối máy chủ… tries the database once: one with other tables, or one a newer
    program made, is refused then (not "còn trống" and a refusal at the next start)."""
    import psycopg

    from app.domain.errors import DatabaseNewerError
    from app.services.session import probe_server
    from app.store.migrations import SCHEMA_VERSION

    with psycopg.connect(empty_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE ke_toan (id INTEGER)")
        with pytest.raises(UserError) as foreign:
            probe_server(empty_url)
        assert "không phải của chương trình" in foreign.value.message
        conn.execute("DROP TABLE ke_toan")
        assert probe_server(empty_url) == 0  # empty: fine
        conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        conn.execute("INSERT INTO schema_version VALUES (%s)", (SCHEMA_VERSION + 1,))
        with pytest.raises(DatabaseNewerError) as newer:
            probe_server(empty_url)
        assert "phiên bản mới hơn" in newer.value.message


MIGRATOR = """
import sys
from app.store import migrations

def upgrade_to_next(db):
    db.execute_sql('ALTER TABLE "trainee" ADD COLUMN "probe_next" INTEGER')
    db.execute_sql("SELECT pg_sleep(1)")  # a step that takes its time

NEXT = migrations.SCHEMA_VERSION + 1
migrations.STEPS[NEXT] = upgrade_to_next
migrations.SCHEMA_VERSION = NEXT
migrations.migrate.__defaults__ = (NEXT,)
from app.cli import main
sys.stdin.readline()  # start together
sys.exit(main(["--db", sys.argv[1], "courses"]))
"""


def test_two_pcs_that_open_an_older_server_database_at_once_migrate_it_once(empty_url):
    """The program updated on every PC, all started in the morning: one PC migrates the server's
    schema, the others wait for it and find it done (was: "column already exists", a crash)."""
    import subprocess
    import sys

    import psycopg

    assert main(["--db", empty_url, "init"]) == 0
    root = Path(__file__).resolve().parents[2]
    procs = [subprocess.Popen([sys.executable, "-c", MIGRATOR, empty_url], cwd=root, stdin=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    results = [(proc.wait(timeout=120), proc.stderr.read()) for proc in procs]
    for proc in procs:
        proc.stdin.close()
        proc.stderr.close()
    assert [code for code, _ in results] == [0, 0], results
    with psycopg.connect(empty_url) as conn:
        from app.store.migrations import SCHEMA_VERSION

        assert conn.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION + 1,)]


def test_a_file_with_a_broken_reference_is_refused_saying_which(tmp_path, empty_url, capsys):
    """A row that points at a row the file no longer has (SQLite took it with its checks off):
    the server refuses it; the message names the column, the value and the table, in Vietnamese."""
    source = _file_with(tmp_path, "UPDATE trainee SET ethnic_group_id = 999 WHERE id = 2")
    assert main(["--db", str(source), "copy-to", empty_url]) == EXIT_ERROR
    err = capsys.readouterr().err
    assert "ethnic_group_id = 999" in err and "ethnic_group" in err and "check" in err
    assert "không có gì được ghi lên máy chủ" in err and "xem chi tiết" not in err


def test_a_copy_whose_contents_differ_says_so_not_two_equal_counts(tmp_path, empty_url, monkeypatch):
    from app.services.transfer import copy_to_server
    from app.store import transfer

    source = _file_with(tmp_path, "UPDATE trainee SET note = 'x' WHERE id = 1")
    real = transfer._digest
    calls = []

    def spoilt(rows):
        calls.append(1)
        count, digest = real(rows)
        return (count, digest if len(calls) != 2 else "0" * 64)  # the first table's read-back differs

    monkeypatch.setattr(transfer, "_digest", spoilt)
    with pytest.raises(StorageError) as refused:
        copy_to_server(source, empty_url)
    assert "cùng số dòng nhưng nội dung khác" in refused.value.message
    assert "không có gì được ghi lên máy chủ" in refused.value.message


def test_a_connection_the_server_dropped_is_made_again_at_the_next_action(empty_url):
    """The server restarted, or the network blinked, or the server ended an idle session: the
    program connects again at the next action instead of failing every action until restarted.
    What was in the middle of a transaction is not redone (it was rolled back: said, not written)."""
    import psycopg

    from app.services.lists import courses
    from app.services.session import open_session
    from app.services.trainees import TraineeInput, add_trainee
    from app.store.models import Trainee, database

    def drop_my_connection() -> None:
        pid = database.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
        with psycopg.connect(empty_url, autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(%s)", (pid,))

    with open_session(empty_url):
        drop_my_connection()
        assert courses(None) == []  # a read: connected again
        drop_my_connection()
        assert add_trainee(TraineeInput("Lò Văn A", "1980")).id > 0  # a write (it reads first)
        drop_my_connection()
        from app.store import db as store_db

        with pytest.raises(UserError) as lost, store_db.write():  # dropped inside a transaction
            Trainee.create(full_name="Lò Văn B", search_key="lo van b", sort_key="lo van b", party_member=False,
                           party_probationary=False, created_at=__import__("datetime").datetime(2026, 1, 1))
            drop_my_connection()
            Trainee.create(full_name="Lò Văn C", search_key="lo van c", sort_key="lo van c", party_member=False,
                           party_probationary=False, created_at=__import__("datetime").datetime(2026, 1, 1))
        assert "Không kết nối được máy chủ cơ sở dữ liệu" in lost.value.message
        assert sorted(t.full_name for t in Trainee.select()) == ["Lò Văn A"]


def test_a_window_on_a_server_runs_no_file_backups(empty_url, tmp_path, monkeypatch):
    """The window starts its half-hourly backups on whatever it opened; on a server there is no
    file to copy (the server's own schedule backs it up): nothing is tried, nothing fails."""
    from app.services.session import open_session

    monkeypatch.chdir(tmp_path)
    with open_session(empty_url) as session:
        assert session.periodic_backup() is None
        session.start_periodic_backups(every_seconds=0.01)
        assert session._backup_thread is None
    assert list(tmp_path.iterdir()) == []  # no file, no folder named after the URL


def test_a_url_with_a_broken_ipv6_address_is_refused_not_a_crash(capsys):
    pytest.importorskip("psycopg")
    assert main(["--db", "postgresql://thu@[::1/trungtam", "courses"]) == EXIT_ERROR
    assert "Địa chỉ cơ sở dữ liệu trên máy chủ không hợp lệ" in capsys.readouterr().err


def test_a_pg_dump_that_never_ends_is_stopped_and_said(tmp_path, monkeypatch):
    fake = tmp_path / "pg_dump"
    fake.write_text("#!/bin/sh\nexec sleep 30\n")
    fake.chmod(0o755)
    monkeypatch.setattr(backend, "pg_tool", lambda name: str(fake))
    monkeypatch.setattr(backend, "PG_DUMP_TIMEOUT_S", 0.5)
    with pytest.raises(StorageError) as stopped:
        backend.pg_dump("postgresql://u@h/db", tmp_path / "x.dump")
    assert "quá lâu" in stopped.value.message
    assert list(tmp_path.iterdir()) == [fake]  # no dump, no temporary file left


@pytest.mark.parametrize("encoding", ["LATIN1", "WIN1258", "SQL_ASCII"])
def test_a_server_database_not_in_utf8_is_refused_before_anything(server, tmp_path, encoding, capsys):
    """Vietnamese needs UTF8: a database made with the server's default of another code page (the
    Windows installer's WIN1258 on a Vietnamese Windows) is refused, saying how to make it."""
    import psycopg

    name = database_name("inp")
    server.admin(f"CREATE DATABASE \"{name}\" ENCODING '{encoding}' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'")
    url = server.url(name)
    source = tmp_path / "a.sqlite3"
    assert main(["--db", str(source), "init"]) == 0
    try:
        for argv in (["--db", url, "init"], ["--db", str(source), "copy-to", url], ["--db", url, "demo"]):
            assert main(argv) == EXIT_ERROR, argv
            err = capsys.readouterr().err
            assert f"bảng mã {encoding}" in err and "ENCODING 'UTF8'" in err, err
        with psycopg.connect(url) as conn:
            assert conn.execute("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0] == 0
    finally:
        server.drop_database(name)


def test_a_user_who_may_only_read_reads_but_is_told_before_a_write(server, empty_url, capsys):
    """A user given SELECT only (an inspector's account): the reading commands work; a writing
    one is refused when the database is opened, before any step of it."""
    import psycopg

    _user_with_rights(server, empty_url, "thu_chi_doc", "SELECT")
    reader = empty_url.replace("boiduong@", "thu_chi_doc@")
    capsys.readouterr()
    try:
        assert main(["--db", reader, "courses"]) == 0
        assert main(["--db", reader, "course", "add", "--code", "NQ-2026-01", "--program", "NQ", "--name", "Lớp",
                     "--start", "02/03/2026", "--end", "06/03/2026"]) == EXIT_ERROR
        assert "không có quyền đọc và ghi" in capsys.readouterr().err
    finally:
        with psycopg.connect(empty_url, autocommit=True) as conn:
            conn.execute("DROP OWNED BY thu_chi_doc")
        server.admin("DROP ROLE thu_chi_doc")
