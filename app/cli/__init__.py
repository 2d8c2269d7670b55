"""Command line: no command opens the window; commands run headless on the same services.

    boiduong [--db FILE]                 open the window
    boiduong --demo                      open the window on a fresh demo database
    boiduong --db FILE demo              fill a new database with the 2015–2020 demo term
    boiduong --db FILE init              create a new, empty database (refuses an existing file)
    boiduong --db FILE check             exit 0 when healthy, 1 when damaged (says what)
    boiduong --db FILE backup OUT        copy the database to OUT (backup API, checked)
    boiduong --db FILE restore IN        put the backup IN in place (the old file is kept)
    boiduong --db FILE course add …      create a class;  course cancel --code C --reason R
    boiduong --db FILE courses [--year]  one class per line, tab-separated

Split in four: :mod:`app.cli.parsing` (the Vietnamese parser, options, help and exit codes),
:mod:`app.cli.commands` (what each command does), :mod:`app.cli.certificates` (the certificate and
verification commands) and this module (``main``: no traceback ever reaches the user).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from app.cli import certificates, commands
from app.cli.commands import _db_path
from app.cli.parsing import (
    EXAMPLES,
    EXIT_BUG,
    EXIT_CODES,
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    OPTION_HELP,
    PROG,
    CliError,
    build_parser,
    subcommands,
)
from app.domain.errors import UserError

# Every command by its name: the table of commands.py and the certificate commands.
COMMANDS = {**commands.COMMANDS, **certificates.COMMANDS}

__all__ = ["COMMANDS", "EXAMPLES", "EXIT_BUG", "EXIT_CODES", "EXIT_ERROR", "EXIT_INTERRUPTED", "EXIT_OK",
           "EXIT_USAGE", "OPTION_HELP", "PROG", "CliError", "build_parser", "main", "subcommands"]


def _utf8_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``boiduong`` and ``python main.py``; returns the exit code.

    No traceback reaches the user: the program's own errors are one Vietnamese line (exit 1), a
    wrong command line says so with its usage (exit 2), a bug is one line naming the crash log
    (exit 3), Ctrl+C stops cleanly (exit 130), and a reader that closed the pipe
    (``boiduong trainees | head -1``) ends the command silently (exit 0).
    """
    _utf8_streams()
    parsed: list[argparse.Namespace] = []  # the arguments, once parsed (where a crash log goes)
    try:
        code = _run(argv, parsed.append)
        sys.stdout.flush()  # a closed pipe shows here, not at the interpreter's exit
        return code
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        _say("đã dừng (Ctrl+C); thao tác đang làm dở không được ghi.")
        return EXIT_INTERRUPTED
    except UserError as exc:
        _say(exc.message)
        return EXIT_ERROR
    except CliError as exc:
        _say(str(exc))
        return EXIT_USAGE
    except SystemExit as exc:  # --help, --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except Exception as exc:  # a bug: the details go to the crash log, one line to the user
        return _report_bug(exc, parsed[0] if parsed else None)


def _run(argv: Sequence[str] | None, seen: Callable[[argparse.Namespace], object]) -> int:
    args = build_parser().parse_args(argv)
    seen(args)
    if args.command is None:
        # The integrity check at start runs while the window's code loads (SQLite reads without
        # the GIL), instead of before it: a large archive opens sooner.
        precheck = None
        if args.db and not args.demo and Path(args.db).is_file():
            from app.store.safety import PendingCheck

            precheck = PendingCheck(Path(args.db))
        demo = None
        if args.demo:  # the window does not import the demo: it gets the builder
            from app.demo.term import build_demo

            demo = build_demo
        from app.store.backend import is_url
        from app.ui.app import run_gui

        target = args.db if is_url(args.db) else Path(args.db) if args.db else None
        return run_gui(target, demo=demo, precheck=precheck)
    name = f"{args.command} {args.action}" if getattr(args, "action", None) else args.command
    from app.store.backend import is_url

    if is_url(args.db):  # a server: no file to check; the file-only commands say so
        if name in FILE_ONLY:
            raise UserError(f"Lệnh {name} chỉ dùng cho tệp cơ sở dữ liệu; cơ sở dữ liệu trên máy chủ được "
                            "kiểm tra, sao lưu và khôi phục bằng công cụ của PostgreSQL (xem README, mục "
                            "\"Several PCs\").")
        return COMMANDS[name](args)
    if not (name == "verify" and args.sheet):  # a sheet is checked without any database
        _require_database_file(_db_path(args), missing_ok=name in CREATES_DATABASE)
    if name == "restore" and args.db and not Path(args.db).parent.is_dir():
        raise UserError(f"Không có thư mục {Path(args.db).parent} (không có tệp nào được tạo).")
    return COMMANDS[name](args)


# Commands that may create the database file (restore: in a folder that exists).
CREATES_DATABASE = {"demo", "init", "restore"}
# Commands about the SQLite file itself (a server has pg_dump and pg_restore).
FILE_ONLY = {"check", "backups", "restore"}


def _require_database_file(path: Path, *, missing_ok: bool) -> None:
    """Refuse, before anything is created or opened, a path that is not one of our databases."""
    from app.services.backup import database_file_problem

    problem = database_file_problem(path, missing_ok=missing_ok)
    if problem:
        raise UserError(problem)


def _say(message: str) -> None:
    """One line (or a message and its usage) on stderr, never a traceback."""
    with contextlib.suppress(OSError, ValueError):
        print(f"{PROG}: lỗi: {message}", file=sys.stderr)
        sys.stderr.flush()


def _silence_stdout() -> None:
    """After the reader of our output went away: nothing more is written, not even at exit."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _report_bug(exc: BaseException, args: argparse.Namespace | None) -> int:
    """Write the traceback to the crash log (beside the database when its folder exists, else in
    the user's data folder or the temporary folder) and say where, in one line."""
    import tempfile

    from app.ui.crash import write_crash_log

    candidates = []
    if args is not None and getattr(args, "db", None) and Path(args.db).parent.is_dir():
        from app.paths import log_dir

        candidates.append(log_dir(Path(args.db)))
    from app.paths import user_data_dir

    if user_data_dir().is_dir():
        candidates.append(user_data_dir() / "logs")
    candidates.append(Path(tempfile.gettempdir()) / f"{PROG}-logs")
    for directory in candidates:
        try:
            path = write_crash_log(directory, type(exc), exc, exc.__traceback__)
        except OSError:
            continue
        _say(f"lỗi của chương trình ({type(exc).__name__}). Chi tiết đã ghi vào {path}; "
             "hãy gửi tệp này cho người hỗ trợ.")
        return EXIT_BUG
    _say(f"lỗi của chương trình ({type(exc).__name__}: {exc}); không ghi được nhật ký lỗi.")
    return EXIT_BUG
