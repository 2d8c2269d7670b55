"""Every input a clear answer: exit codes, Vietnamese argparse, paths said right, no traceback."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app import cli
from app.cli import main
from app.services.session import open_session
from app.store import db, safety
from app.store.models import Trainee, person_keys
from tests.unit.safety_helpers import file_digest

ROOT = Path(__file__).resolve().parents[2]


def _make_db(path: Path, names=("Thào A Sử", "Giàng Seo Pao", "Lù Thị Mai")) -> Path:
    with open_session(path, backup_on_start=False), db.write():
        for name in names:
            Trainee.create(**person_keys(name, None, 1980), birth_year=1980)
    return path


def _run(*args: str, stdin=None, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, text=True,
                          env=env, timeout=120, stdin=stdin, **kwargs)


# --- the cases found by hand -------------------------------------------------------------------


@pytest.mark.parametrize("args, said", [
    (["courses", "--year", "-5"], "--year: năm phải từ 1900 đến 2100, không phải -5"),
    (["courses", "--year", "99999999999999999999"], "--year: năm phải từ 1900 đến 2100"),
    (["feedback", "add", "--course", "X", "--answers", "4", "--form-no", "99999999999999999999"],
     "--form-no: số phiếu phải từ 1 đến 1000000"),
    (["courses", "--year", "năm nay"], "--year: năm phải là một số nguyên, không phải 'năm nay'"),
])
def test_numbers_out_of_range_are_usage_errors_in_vietnamese(db_path, capsys, args, said):
    _make_db(db_path)
    digest = file_digest(db_path)
    assert main(["--db", str(db_path), *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"boiduong: lỗi: {said}")
    assert "Cách dùng: boiduong" in err and "Traceback" not in err
    assert file_digest(db_path) == digest


@pytest.mark.parametrize("target", [".", "/"])
def test_backup_to_a_folder_writes_a_dated_file_inside_it(db_path, tmp_path, capsys, monkeypatch, target):
    _make_db(db_path)
    folder = tmp_path / "usb"
    folder.mkdir()
    monkeypatch.chdir(folder)
    if target == "/":  # the root folder of a stick: the same rule, tried on a folder we may write
        target = str(folder) + "/"
    assert main(["--db", str(db_path), "backup", target]) == 0
    made = list(folder.glob("boiduong-*.sqlite3"))
    assert len(made) == 1 and f"Đã sao lưu vào {made[0]}" in capsys.readouterr().out
    conn = sqlite3.connect(made[0])
    assert conn.execute("SELECT count(*) FROM trainee").fetchone()[0] == 3
    conn.close()


def test_backup_onto_an_existing_file_needs_overwrite(db_path, tmp_path, capsys):
    _make_db(db_path)
    out = tmp_path / "copy.sqlite3"
    out.write_bytes(b"a file somebody keeps")
    assert main(["--db", str(db_path), "backup", str(out)]) == 1
    err = capsys.readouterr().err
    assert "đã có" in err and "--overwrite" in err and err.count("\n") == 1
    assert out.read_bytes() == b"a file somebody keeps"
    assert main(["--db", str(db_path), "backup", str(out), "--overwrite"]) == 0
    assert out.read_bytes().startswith(b"SQLite format 3\x00")


def test_backup_onto_the_database_itself_is_refused(db_path, capsys):
    _make_db(db_path)
    digest = file_digest(db_path)
    for target in (str(db_path), str(db_path) + "-wal"):
        assert main(["--db", str(db_path), "backup", target, "--overwrite"]) == 1
        assert "chính cơ sở dữ liệu" in capsys.readouterr().err
    assert file_digest(db_path) == digest


def test_a_closed_pipe_ends_silently(tmp_path):
    """``boiduong trainees | head -1``: the reader goes away; no BrokenPipeError, exit 0."""
    path = _make_db(tmp_path / "data" / "boiduong.sqlite3", names=[f"Học Viên Số {i}" for i in range(3000)])
    proc = subprocess.Popen([sys.executable, "main.py", "--db", str(path), "trainees"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()  # what `head -1` does after its line
    err = proc.stderr.read().decode()
    proc.stderr.close()
    proc.wait(timeout=60)
    assert first.decode().startswith("Học Viên Số")
    assert err == "" and proc.returncode == 0
    shell = subprocess.run(f"'{sys.executable}' main.py --db '{path}' trainees | head -1", shell=True,
                           cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert shell.stdout.count("\n") == 1 and shell.stderr == ""


def test_ctrl_c_stops_cleanly_with_130(tmp_path):
    """SIGINT while the command works: one line, exit 130, no traceback; the database is sound."""
    path = _make_db(tmp_path / "data" / "boiduong.sqlite3", names=[f"Học Viên Số {i}" for i in range(20000)])
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen([sys.executable, "main.py", "--db", str(path), "trainees"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    proc.stdout.readline()  # it is printing: interrupt it mid-work
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.decode().strip().splitlines()[-1].startswith("boiduong: lỗi: đã dừng (Ctrl+C)")
    assert "Traceback" not in err.decode()
    assert safety.check_file(path, full=True).ok


def test_a_bug_is_one_line_naming_the_crash_log(db_path, capsys, monkeypatch):
    _make_db(db_path)

    def broken(args):
        raise ZeroDivisionError("a bug")

    monkeypatch.setitem(cli.COMMANDS, "instructors", broken)
    assert main(["--db", str(db_path), "instructors"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "lỗi của chương trình (ZeroDivisionError)" in err
    log = db_path.parent / "logs" / "crash.log"
    assert str(log) in err
    assert "ZeroDivisionError: a bug" in log.read_text(encoding="utf-8")


def test_a_bug_in_a_subprocess_shows_no_traceback(tmp_path):
    """The real entry point: a bug deep in a service is one line and exit 3."""
    path = _make_db(tmp_path / "data" / "boiduong.sqlite3")
    code = ("import sys; from app import cli\n"
            "def broken(args): raise RuntimeError('boom')\n"
            "cli.COMMANDS['trainees'] = broken\n"
            f"sys.exit(cli.main(['--db', {str(path)!r}, 'trainees']))\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 3 and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and "crash.log" in done.stderr


# --- argparse speaks Vietnamese ------------------------------------------------------------------

ENGLISH = ("usage:", "options:", "positional arguments", "show this help", "error:", "required",
           "invalid choice", "argument", "expected")


def test_every_command_has_vietnamese_help_with_an_example(capsys):
    commands = cli.subcommands(cli.build_parser())
    assert {"course add", "backups", "import roster", "report", "print"} <= set(commands)
    for name in commands:
        argv = [*name.split(), "--help"]
        assert main(argv) == 0, name
        text = capsys.readouterr().out
        assert text.startswith("Cách dùng: boiduong"), name
        assert "Ví dụ:" in text, name
        assert not [w for w in ENGLISH if w in text.lower()], (name, text)
        assert any(ch in text for ch in "ạảãàáâầấậẩẫăằắặẳẵđêềếệểễôồốộổỗơờớợởỡưừứựửữ"), name


@pytest.mark.parametrize("argv, said", [
    (["nonsense"], "lệnh không hợp lệ: 'nonsense' (có: 'demo',"),
    (["course"], "thiếu tham số bắt buộc: VIỆC"),
    (["course", "cancel", "--code", "X"], "thiếu tham số bắt buộc: --reason"),
    (["courses", "--colour"], "tùy chọn không hợp lệ: --colour"),
    (["courses", "--year"], "--year: cần một giá trị"),
    (["demo", "--scale", "county"], "--scale: giá trị không hợp lệ: 'county'"),
])
def test_usage_errors_are_vietnamese(argv, said, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"boiduong: lỗi: {said}"), err
    assert "Cách dùng:" in err and not [w for w in ENGLISH if w in err.lower()], err


# --- paths said right ------------------------------------------------------------------------------


def _write_xlsx(path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "Họ và tên"
    book.save(path)


@pytest.mark.parametrize("kind", ["folder", "text", "excel", "pdf", "other sqlite", "empty"])
@pytest.mark.parametrize("command", [["trainees"], ["check"], ["course", "cancel", "--code", "X", "--reason", "r"],
                                     ["backup", "out.sqlite3"], ["backups"], ["demo"]])
def test_db_that_is_not_ours_is_said_so_and_left_alone(tmp_path, capsys, monkeypatch, kind, command):
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "thing"
    if kind == "folder":
        target.mkdir()
    elif kind == "text":
        target.write_text("Danh sách học viên\nNguyễn Văn An\n", encoding="utf-8")
    elif kind == "excel":
        _write_xlsx(target)
    elif kind == "pdf":
        target.write_bytes(b"%PDF-1.4\n" + b"x" * 600)
    elif kind == "other sqlite":
        conn = sqlite3.connect(target)
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
        conn.commit()
        conn.close()
    else:
        target.write_bytes(b"")
    before = sorted(p.name for p in tmp_path.iterdir())
    digest = None if kind == "folder" else file_digest(target)
    code = main(["--db", str(target), *command])
    err = capsys.readouterr().err
    assert code == 1, err
    assert err.count("\n") == 1
    if kind == "empty":
        assert "trống" in err
    else:
        assert "không phải cơ sở dữ liệu của chương trình" in err, err
    assert "bị hỏng" not in err and "khôi phục" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no lock, no backup folder, no output
    if digest is not None:
        assert file_digest(target) == digest


@pytest.mark.parametrize("command", [["trainees"], ["courses"], ["backups"], ["course", "cancel", "--code", "X",
                                     "--reason", "r"], ["backup", "x.sqlite3"], ["restore", "x.sqlite3"]])
def test_a_mistyped_path_creates_nothing(tmp_path, capsys, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    before = sorted(tmp_path.rglob("*"))
    code = main(["--db", str(tmp_path / "no-such-folder" / "boiduong.sqlite3"), *command])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1
    assert "Không tìm thấy" in err or "Không có thư mục" in err
    assert sorted(tmp_path.rglob("*")) == before


def test_a_mistyped_file_name_in_an_existing_folder_creates_nothing(db_path, capsys):
    _make_db(db_path)
    before = sorted(db_path.parent.rglob("*"))
    assert main(["--db", str(db_path.with_name("boiduong.sqlite")), "trainees"]) == 1
    assert "Không tìm thấy cơ sở dữ liệu" in capsys.readouterr().err
    assert sorted(db_path.parent.rglob("*")) == before


@pytest.mark.parametrize("kind", ["text", "excel"])
def test_restore_never_overwrites_a_file_that_is_not_ours(db_path, tmp_path, capsys, kind):
    _make_db(db_path)
    good = tmp_path / "good.sqlite3"
    assert main(["--db", str(db_path), "backup", str(good)]) == 0
    victim = tmp_path / ("notes.txt" if kind == "text" else "book.xlsx")
    if kind == "text":
        victim.write_text("ghi chú quan trọng", encoding="utf-8")
    else:
        _write_xlsx(victim)
    digest = file_digest(victim)
    capsys.readouterr()
    assert main(["--db", str(victim), "restore", str(good)]) == 1
    err = capsys.readouterr().err
    assert "không phải cơ sở dữ liệu của chương trình" in err and err.count("\n") == 1
    assert file_digest(victim) == digest
    assert not list(tmp_path.glob("*.lock")) and not list(tmp_path.glob("*truoc-khoi-phuc*"))


def test_a_damaged_database_is_still_said_damaged(db_path, capsys):
    """A real database with a broken header is not "not ours": it is damaged, and backups are offered."""
    _make_db(db_path)
    with db_path.open("r+b") as fh:
        fh.write(b"SQLite format 2\x00")
    assert main(["--db", str(db_path), "trainees"]) == 1
    assert "bị hỏng" in capsys.readouterr().err


def test_interrupt_during_parse_or_open_is_also_130(monkeypatch, capsys):
    def interrupted(argv, seen):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_run", interrupted)
    assert main(["courses"]) == 130
    assert capsys.readouterr().err.startswith("boiduong: lỗi: đã dừng (Ctrl+C)")


@pytest.mark.parametrize("argv, said", [
    (["print", "registry", "--course", "SC-2026-01", "--from", "01/01/2026", "--to", "31/12/2026"],
     "--course không dùng với registry"),
    (["print", "class-list", "--course", "SC-2026-01", "--from", "01/01/2026"], "--from, --to chỉ dùng với registry"),
    (["print", "attendance", "--course", "SC-2026-01", "--to", "01/01/2026"], "--from, --to chỉ dùng với registry"),
])
def test_print_refuses_an_option_it_would_ignore(db_path, tmp_path, capsys, argv, said):
    """``print registry --course C`` printed the whole period's registry, not the class's; a class
    document ignored --from/--to: an option that does nothing is refused, and nothing is written."""
    _make_db(db_path)
    out = tmp_path / "in.pdf"
    assert main(["--db", str(db_path), *argv, "--out", str(out)]) == 2
    assert capsys.readouterr().err.startswith(f"boiduong: lỗi: {said}")
    assert not out.exists()


@pytest.mark.parametrize("argv, said", [
    (["report", "results", "--from", "01/01/2026", "--to", "31/12/2026", "--trainee", "010085001234"],
     "--trainee chỉ dùng với báo cáo history"),
    (["report", "history", "--trainee", "010085001234", "--from", "01/01/2026"], "báo cáo history không theo kỳ"),
    (["report", "registry", "--from", "01/01/2026", "--to", "31/12/2026", "--number", "12"],
     "--number, --attachment không dùng với báo cáo registry"),
    (["report", "history", "--trainee", "010085001234", "--attachment"],
     "--number, --attachment không dùng với báo cáo history"),
])
def test_report_refuses_an_option_it_would_ignore(db_path, tmp_path, capsys, argv, said):
    """A report's option that would change nothing (a trainee for a period's report, a period for
    one person's history, a number for the registry, which is no official report) is refused."""
    _make_db(db_path)
    out = tmp_path / "bc.pdf"
    assert main(["--db", str(db_path), *argv, "--out", str(out)]) == 2
    assert capsys.readouterr().err.startswith(f"boiduong: lỗi: {said}")
    assert not out.exists()
