"""Every command with hypothesis-made arguments: no traceback, exit 0, 1 or 2, and a refused
command leaves the database row for row as it was.

The commands run in-process through ``main(argv)`` (the same function the ``boiduong`` script
calls); the closed pipe and Ctrl+C, which need a real process, are in ``test_cli_errors.py``.
The arguments come from the parser itself: every option and positional of every command, with
values mixing real codes, dates and paths with text, huge and negative numbers.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import cli
from app.cli import main
from app.services.courses import CourseInput, add_course
from app.services.session import open_session
from app.services.trainees import TraineeInput, add_trainee
from app.store import db
from app.store.models import Enrollment

COURSE = "NTVD-2025-01"


@pytest.fixture(scope="module")
def small_db(tmp_path_factory) -> Path:
    """A small database with two classes (one finished), trainees enrolled, no backups yet."""
    path = tmp_path_factory.mktemp("props") / "template.sqlite3"
    with open_session(path, backup_on_start=False):
        course = add_course(CourseInput(COURSE, "NTVD", "Bồi dưỡng nhận thức về Đảng khóa I năm 2025",
                                        "03/03/2025", "07/03/2025"))
        add_course(CourseInput("DVM-2024-01", "DVM", "Đảng viên mới khóa I năm 2024", "04/03/2024", "09/03/2024"))
        for data in (TraineeInput("Thào A Sử", "12/04/1985", "Nam", citizen_id="010085001234"),
                     TraineeInput("Lù Văn An", "1979", "Nam"), TraineeInput("Nguyễn Thị Hoa", "01/02/1990", "Nữ")):
            trainee = add_trainee(data)
            with db.write():
                Enrollment.create(course=course, trainee=trainee)
    return path


def rows_checksum(path: Path) -> str:
    """A checksum of every row of every table (the data, not the bytes of the file)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        digest = hashlib.sha256()
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        for table in tables:
            digest.update(table.encode())
            for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid'):
                digest.update(repr(row).encode())
        return digest.hexdigest()
    finally:
        conn.close()


def _leaf_commands() -> dict[str, argparse.ArgumentParser]:
    commands = cli.subcommands(cli.build_parser())
    parents = {" ".join(name.split()[:-1]) for name in commands if " " in name}
    return {name: parser for name, parser in commands.items() if name and name not in parents}


LEAVES = _leaf_commands()


def _values(workdir: Path, db_path: Path) -> st.SearchStrategy[str]:
    real = [COURSE, "DVM-2024-01", "NTVD", "0001/2025", "1/2025", "010085001234", "4,4,3,4", "4", "5,5,5,5,5",
            "01/01/2025", "31/12/2025", "2025", "1899", "29/02/2023", "results", "history", "class-list",
            "certificates", "registry", "feedback-forms", "Thào", "nguyen"]
    paths = [str(workdir / name) for name in ("out.pdf", "out.xlsx", "out.csv", "out.sqlite3", "sub/none.xlsx",
                                              "garbage.xlsx", "")] + [str(workdir), str(db_path)]
    numbers = st.integers(min_value=-10**25, max_value=10**25).map(str)
    text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)
    return st.one_of(st.sampled_from(real), st.sampled_from(paths), numbers, text)


# Plausible values by what an option is for (drawn most of the time, so commands get past argparse).
LIKELY = {
    "course": [COURSE, "DVM-2024-01", "ntvd-2025-01"], "code": ["NTVD-2025-02", COURSE, "A" * 41],
    "program": ["NTVD", "DVM", "XX"], "date_from": ["01/01/2025", "1/1/2024", "31/02/2025"],
    "date_to": ["31/12/2025", "01/01/2020"], "start": ["03/03/2026", "01/01/1800"], "end": ["07/03/2026"],
    "answers": ["4,4,3,4", "4", "9,9", "4,,4"], "number": ["0001/2025", "1/2025", "abc"],
    "document": ["class-list", "sign-in", "results", "certificates", "registry", "feedback-forms"],
    "name": ["results", "history", "plan", "Lớp mới"], "trainee": ["010085001234", "000000000000"],
    "year": ["2025", "2026", "1900"], "input": ["0001/2025 ABCDE FGHIJ", "GCN1|TT|0001/2025|A|1990|L|01/01/2025|X"],
}
PATH_DESTS = {"out", "file", "source"}


@st.composite
def command_lines(draw, workdir: Path, db_path: Path) -> list[str]:
    name = draw(st.sampled_from(sorted(LEAVES)))
    parser = LEAVES[name]
    chaos = _values(workdir, db_path)
    outs = st.sampled_from([str(workdir / f"out.{suffix}") for suffix in ("pdf", "xlsx", "csv", "sqlite3")]
                           + [str(workdir / "garbage.xlsx"), str(workdir), str(workdir / "ho-so-cu.xlsx")])

    def values_for(dest: str) -> st.SearchStrategy[str]:
        if dest in PATH_DESTS:
            return st.one_of(outs, outs, chaos)
        if dest in LIKELY:
            return st.one_of(*[st.sampled_from(LIKELY[dest])] * 3, chaos)
        return chaos
    argv = name.split()
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        if not action.option_strings:  # a positional: usually given
            if draw(st.integers(0, 9)):
                argv.append(draw(values_for(action.dest)))
            continue
        if not (draw(st.integers(0, 9)) if action.required else draw(st.integers(0, 2)) == 0):
            continue  # a required option most of the time, each other option one time in three
        option = draw(st.sampled_from(action.option_strings))
        if action.nargs == 0:
            argv.append(option)
        elif action.choices:
            argv += [option, draw(st.one_of(st.sampled_from(sorted(action.choices)), values_for(action.dest)))]
        else:
            argv += [option, draw(values_for(action.dest))]
    return argv


def test_every_command_with_made_up_arguments(small_db, tmp_path_factory, monkeypatch):
    checkout = sorted(p.name for p in Path(__file__).resolve().parents[2].iterdir())
    work = tmp_path_factory.mktemp("work")
    monkeypatch.chdir(work)  # made-up relative paths (`backup 1899`) land here, not in the checkout
    db_path = work / "data" / "boiduong.sqlite3"
    db_path.parent.mkdir()
    shutil.copy2(small_db, db_path)
    (work / "garbage.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    _history_workbook(work / "ho-so-cu.xlsx")  # `import history` with a real file, sometimes
    seen: dict[str, set[int]] = {}

    @settings(max_examples=400, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(argv=command_lines(work, db_path))
    def run(argv):
        before = rows_checksum(db_path)
        capture = _Capture()
        with capture:
            code = main(["--db", str(db_path), *argv])
        assert "Traceback" not in capture.err, (argv, capture.err)
        assert code in (0, 1, 2), (argv, code, capture.err)
        if code != 0 and not (argv[0] == "verify" and code == 1):  # verify's 1 is a verdict, said on stdout
            assert capture.err.startswith("boiduong: lỗi: "), (argv, capture.err)
            assert rows_checksum(db_path) == before, (argv, capture.err)
        seen.setdefault(argv[0] if argv[0] not in ("course", "import", "certificates", "feedback", "export")
                        else " ".join(argv[:2]), set()).add(code)

    run()
    assert sorted(p.name for p in Path(__file__).resolve().parents[2].iterdir()) == checkout
    assert set(seen) == set(LEAVES)  # every command was tried
    assert sum(1 for codes in seen.values() if 0 in codes) >= 6  # and not only refusals
    # Which made-up lines happen to be right depends on the draw; the plausible line of each
    # reading command must work, whatever the draw was.
    for argv in (["courses"], ["trainees"], ["instructors"], ["check"], ["backups"],
                 ["print", "class-list", "--course", COURSE, "--out", str(work / "ok.pdf")],
                 ["report", "results", "--from", "01/01/2025", "--to", "31/12/2025", "--out", str(work / "ok.xlsx")],
                 ["feedback", "summary", "--course", COURSE]):
        capture = _Capture()
        with capture:
            code = main(["--db", str(db_path), *argv])
        assert code == 0, (argv, capture.err)


def _history_workbook(path: Path) -> None:
    """A workbook of old records the history import takes (one past class, one trainee)."""
    from app.exchange.history_workbook import template_workbook

    workbook = template_workbook()
    classes, roster, _registry = workbook.worksheets
    classes.append(["NQ-2019-01", "NQ", "Quán triệt nghị quyết 2019", "10/09/2019", "11/09/2019"])
    roster.append([1, "NQ-2019-01", "Hoàng Văn Sử", "1970", "Nam", "Tày", "", "", "Xã Sán Chải"])
    workbook.save(path)


class _Capture:
    """stdout and stderr of one in-process run (hypothesis cannot use capsys per example)."""

    def __enter__(self):
        import io
        import sys

        self._saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
        return self

    def __exit__(self, *exc):
        import sys

        self.out, self.err = sys.stdout.getvalue(), sys.stderr.getvalue()
        sys.stdout, sys.stderr = self._saved
        return False
