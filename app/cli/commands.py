"""What each command does: parse nothing, call the services and outputs, print one clear line."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

from app.cli.parsing import PROG, CliError
from app.domain.errors import UserError


def _db_path(args: argparse.Namespace) -> Path:
    """The database of ``--db``: a path, or (a ``postgresql://`` URL) the URL itself."""
    if args.db:
        from app.store.backend import is_url

        return args.db if is_url(args.db) else Path(args.db)
    from app.paths import default_db_path

    return default_db_path()


def cmd_demo(args: argparse.Namespace) -> int:
    from app.demo import term as demo
    from app.services.session import open_session
    from app.store.lock import COMMAND

    path = _db_path(args)
    with open_session(path, backup_on_start=False, kind=COMMAND, command="demo", wait_s=LOCK_WAIT_S,
                      on_wait=_waiting) as session:
        if args.scale == "province":
            from app.demo.province import build_province

            summary = build_province()
        else:
            summary = demo.build_demo()
        session.backup_now(force=True)
        shown = session.label  # a server's URL without its password
    from app.domain.formatting import format_int as n

    print(f"Đã tạo dữ liệu mẫu trong {shown}: {n(summary.courses)} lớp, {n(summary.trainees)} học viên, "
          f"{n(summary.enrollments)} lượt ghi danh, {n(summary.certificates)} giấy chứng nhận.")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    """A new, empty database (catalogues loaded, no class), with the centre when given; the window
    opens its first-run setup on it for what was not given."""
    from app.domain.institution import Institution
    from app.domain.text import clean
    from app.services import settings
    from app.services.session import open_session
    from app.store.backend import is_url
    from app.store.lock import COMMAND

    path = _db_path(args)
    if is_url(path):  # a database on a server: it must have no schema yet (made by the server's admin)
        from app.services.session import probe_server

        if probe_server(str(path)):
            raise UserError("Cơ sở dữ liệu trên máy chủ đã có dữ liệu của chương trình: init chỉ tạo cơ sở dữ "
                            "liệu mới (không ghi gì vào đó).")
    else:
        _check_new_database_file(path, given=bool(args.db))
    # Cleaned as the settings store them: a name of spaces only is no name, refused before the file exists.
    institution = Institution(name=clean(args.institution), parent_body=clean(args.parent_body),
                              place_name=clean(args.place), director_name=clean(args.director),
                              deputy_name=clean(args.deputy), header_style=args.style, deputy_signs=args.deputy_signs)
    typed = (args.institution, args.parent_body, args.place, args.director, args.deputy)
    given = any(value is not None for value in typed) or institution != Institution(header_style=args.style)
    problems = institution.problems() if given else {}
    if problems:  # said before anything is created
        raise UserError(next(iter(problems.values())).replace("tên trung tâm", "tên trung tâm (--institution)"))
    if not is_url(path) and not args.db:
        _make_data_folder(path)
    with open_session(path, backup_on_start=False, kind=COMMAND, command="init"):
        if given:
            settings.save_institution(institution)
    named = f" ({institution.name})" if institution.name else ""
    from app.store.backend import describe

    print(f"Đã tạo cơ sở dữ liệu mới: {describe(path)}{named}.")
    return 0


def _check_new_database_file(path: Path, *, given: bool) -> None:
    """Refuse, before anything is created, a file ``init`` must not make. Without ``--db``, the
    program's own data folder may not exist yet (a new computer): :func:`_make_data_folder` makes it."""
    if path.exists():
        raise UserError(f"Tệp {path} đã có dữ liệu: init chỉ tạo cơ sở dữ liệu mới (không ghi gì vào tệp đó).")
    if not given and not path.parent.exists():
        return  # made once the values are checked too (_make_data_folder)
    if not path.parent.is_dir():
        raise UserError(f"Không có thư mục {path.parent} (không có tệp nào được tạo).")
    if not os.access(path.parent, os.W_OK):
        raise UserError(f"Không ghi được vào thư mục {path.parent} (không có quyền ghi): hãy chọn thư mục khác; "
                        "không có tệp nào được tạo.")


def _make_data_folder(path: Path) -> None:
    from app.domain.errors import os_error_text

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"Không tạo được thư mục dữ liệu {path.parent}: {os_error_text(exc)}.") from exc


def cmd_check(args: argparse.Namespace) -> int:
    from app.services.backup import check

    path = _db_path(args)
    report = check(path)
    if report.ok:
        print(f"Cơ sở dữ liệu tốt: {path} (phiên bản dữ liệu {report.user_version}).")
        return 0
    print(f"Cơ sở dữ liệu có vấn đề: {path}", file=sys.stderr)
    for problem in report.problems:
        print(f"  - {problem}", file=sys.stderr)
    return 1


def cmd_backup(args: argparse.Namespace) -> int:
    from app.domain.errors import ConflictError
    from app.services.backup import backup_file
    from app.store.backend import is_url

    if is_url(args.db):  # a server database: pg_dump (refused in Vietnamese where it is missing)
        out = Path(args.out)
        if out.exists() and not out.is_dir() and not args.overwrite:
            raise UserError(f"Tệp {out} đã có. Thêm --overwrite để ghi đè tệp đó.")
        with _open(args) as session:
            out = session.backup_to(out)
        print(f"Đã sao lưu vào {out.resolve()}.")
        return 0
    try:
        out = backup_file(_db_path(args), Path(args.out), overwrite=args.overwrite)
    except ConflictError as exc:
        if exc.field != "overwrite":
            raise
        raise UserError(f"{exc.message} Thêm --overwrite để ghi đè tệp đó.") from None
    print(f"Đã sao lưu vào {out.resolve()}.")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from app.services.backup import restore_path

    path = _db_path(args)
    session, aside = restore_path(path, Path(args.source), command="restore", wait_s=LOCK_WAIT_S,
                                  on_wait=_waiting)
    session.close()
    kept = f" Cơ sở dữ liệu cũ được giữ tại {aside}." if aside else ""
    print(f"Đã khôi phục {path} từ {args.source}.{kept}")
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    from app.services.backup import backup_details

    path = _db_path(args)
    if args.set:
        _save_backup_settings(args)
    details = backup_details(path)
    if not details:
        print(f"Chưa có bản sao lưu tự động nào của {path}.", file=sys.stderr)
    for item in details:
        print(item.line())
    return 0


def _save_backup_settings(args: argparse.Namespace) -> None:
    """``backups --set max_mb=500 --set today=5``: change the rotation settings, then list."""
    import dataclasses

    from app.domain.rotation import RotationPolicy
    from app.services.backup import backup_policy, save_backup_policy

    names = {f.name for f in dataclasses.fields(RotationPolicy)}
    changes = {}
    for item in args.set:
        name, _, value = item.partition("=")
        if name.strip() not in names:
            raise CliError(f"--set {item}: không có cài đặt \"{name.strip()}\" (có: {', '.join(sorted(names))})")
        try:
            changes[name.strip()] = int(value.strip())
        except ValueError:
            raise CliError(f"--set {item}: giá trị phải là số nguyên") from None
    with _open(args):
        policy = save_backup_policy(dataclasses.replace(backup_policy(), **changes))
    print("Cài đặt sao lưu: " + ", ".join(f"{k}={v}" for k, v in policy.as_settings().items()), file=sys.stderr)


# Commands that only read the database: they run beside an open window (a second reader is safe
# in WAL mode), take no lock and make no backup; their connection refuses writes.
READ_ONLY = {"courses", "trainees", "instructors", "report", "print", "feedback summary", "export trainees"}
LOCK_WAIT_S = 30.0  # how long a writing command waits for another command (never for a window)


def command_name(args: argparse.Namespace) -> str:
    """``import roster``, ``courses``…: the command as typed, without its options."""
    return f"{args.command} {args.action}" if getattr(args, "action", None) else args.command


def _waiting(info: dict) -> None:
    from app.store.lock import holder_text, seconds_text

    print(f"{PROG}: cơ sở dữ liệu đang được ghi bởi {holder_text(info)}; "
          f"đang đợi lệnh đó xong (tối đa {seconds_text(LOCK_WAIT_S)} giây)…", file=sys.stderr, flush=True)


def _open(args: argparse.Namespace):
    """The database for a command: a reader beside whoever holds it, or a writer holding the lock
    (waiting up to :data:`LOCK_WAIT_S` for another command, refused at once by a window)."""
    from app.services.session import open_session
    from app.store.lock import COMMAND

    name = command_name(args)
    if name in READ_ONLY:
        return open_session(_db_path(args), create=False, read_only=True, kind=COMMAND, command=name)
    # The automatic backup on start at most once per ``cli_every_minutes`` of command-line work.
    return open_session(_db_path(args), create=False, backup_on_start="throttled", kind=COMMAND, command=name,
                        wait_s=LOCK_WAIT_S, on_wait=_waiting)


def cmd_course_add(args: argparse.Namespace) -> int:
    from app.services.courses import CourseInput, add_course

    with _open(args):
        course = add_course(CourseInput(code=args.code, program_code=args.program, name=args.name,
                                        start=args.start, end=args.end, partner=args.partner or "",
                                        venue=args.venue or ""))
        print(f"Đã tạo lớp {course.code}.")
    return 0


def cmd_course_cancel(args: argparse.Namespace) -> int:
    from app.domain.errors import ConflictError
    from app.services.courses import cancel_course

    with _open(args):
        try:
            course = cancel_course(args.code, args.reason, force=args.force)
        except ConflictError as exc:
            if exc.field != "force":
                raise
            raise UserError(f"{exc.message} Thêm --force nếu vẫn hủy lớp.") from None
        print(f"Đã hủy lớp {course.code}.")
    return 0


def cmd_courses(args: argparse.Namespace) -> int:
    from app.domain.dates import format_date
    from app.services.lists import courses

    with _open(args):
        for row in courses(args.year):
            print("\t".join((row.code, row.program_code, row.name, format_date(row.start_date),
                             format_date(row.end_date), row.status_name, str(row.trainee_count))))
    return 0


def _document_day(args: argparse.Namespace):
    """The day a printed document is dated: ``--date`` when given, else today."""
    import datetime as dt

    from app.domain.dates import parse_date

    return parse_date(args.date) if getattr(args, "date", None) else dt.date.today()


class _Pages:
    """"Đã in 120/749 trang" on one line of the terminal as a PDF's pages are drawn (or, say, "Đã ghi
    500/8.951 dòng" as a list's rows are written); nothing when stderr is not a terminal (a pipe, a
    log file), so scripts read only the result line."""

    def __init__(self, *, done: str = "Đã in", unit: str = "trang") -> None:
        self.shown = False
        self.on_terminal = sys.stderr.isatty()
        self.done, self.unit = done, unit

    def __call__(self, done: int, total: int) -> None:
        if self.on_terminal and total > 1:
            from app.domain.formatting import format_int  # 1.283/2.537, as the window's dialog writes them

            self.shown = True  # first: a Ctrl+C right after the line is written still ends it
            print(f"\r{self.done} {format_int(done)}/{format_int(total)} {self.unit}", end="", file=sys.stderr,
                  flush=True)

    def __enter__(self) -> _Pages:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.shown:  # end the progress line (before the result, or the Ctrl+C message)
            print(file=sys.stderr, flush=True)


def _print_registry(args: argparse.Namespace) -> int:

    from app.domain.dates import check_period, parse_date
    from app.outputs.files import write_atomic
    from app.outputs.printouts import registry_pdf, registry_xlsx

    if not (args.date_from and args.date_to):
        raise CliError("print registry cần --from dd/mm/yyyy --to dd/mm/yyyy")
    start, end = parse_date(args.date_from), parse_date(args.date_to)
    check_period(start, end)
    out = Path(args.out)
    with _open(args), _Pages() as pages:
        if out.suffix.lower() == ".pdf":
            data = registry_pdf(start, end, _document_day(args), progress=pages)
        elif out.suffix.lower() == ".xlsx":
            data = registry_xlsx(start, end, _document_day(args))
        else:
            raise CliError("sổ cấp giấy chứng nhận lưu được dưới dạng .pdf hoặc .xlsx")
        write_atomic(out, data)
    print(f"Đã lưu sổ cấp giấy chứng nhận vào {out}.")
    return 0


def cmd_print(args: argparse.Namespace) -> int:

    from app.outputs.files import write_atomic
    from app.outputs.printouts import CLASS_DOCUMENTS, class_pdf, class_xlsx

    if args.document == "registry":
        for given, option in ((args.course, "--course"), (args.preprinted, "--preprinted"),
                              (args.lesson is not None, "--lesson")):
            if given:  # the registry is of a period: an option of a class document would be ignored
                raise CliError(f"{option} không dùng với registry (sổ cấp giấy chứng nhận theo --from, --to)")
        return _print_registry(args)
    if args.date_from or args.date_to:
        raise CliError("--from, --to chỉ dùng với registry (tài liệu của lớp dùng --course)")
    document = CLASS_DOCUMENTS.get(args.document)
    if document is None:
        raise CliError(f"không có mẫu in \"{args.document}\" (có: {', '.join([*CLASS_DOCUMENTS, 'registry'])})")
    if not args.course:
        raise CliError(f"print {args.document} cần --course CODE")
    if args.preprinted and document.key != "certificates":
        raise CliError("--preprinted chỉ dùng với certificates")
    if args.lesson is not None and document.key != "feedback-forms":
        raise CliError("--lesson chỉ dùng với feedback-forms")
    out = Path(args.out)
    suffix = out.suffix.lower()
    with _open(args), _Pages() as pages:
        if suffix == ".pdf":
            data = class_pdf(document.key, args.course, _document_day(args), preprinted=args.preprinted,
                             lesson_id=args.lesson, progress=pages)
        elif suffix == ".xlsx" and document.xlsx:
            data = class_xlsx(document.key, args.course, _document_day(args))
        else:
            raise CliError(f"{document.title} lưu được dưới dạng {'.pdf hoặc .xlsx' if document.xlsx else '.pdf'}")
        write_atomic(out, data)
    print(f"Đã lưu {document.title.lower()} vào {out}.")
    return 0


def _read_with_encoding_advice(preview_fn, args: argparse.Namespace):
    """The file's preview; old-font text that reads both ways is refused with both readings shown
    and the option that chooses (the window asks the same question)."""
    from app.domain.errors import ValidationError
    from app.exchange.legacy import LABELS, UndecidedEncoding

    try:
        return preview_fn(Path(args.file), args.course, encoding=args.encoding)
    except UndecidedEncoding as exc:
        if not exc.samples:
            raise
        readings = "; ".join(f"đọc theo {LABELS[e]}: " + ", ".join(f"\u201c{r[e]}\u201d" for _t, r in exc.samples)
                             for e in ("tcvn3", "vni"))
        raise ValidationError(f"{exc.message} ({readings}. Chạy lại với --encoding tcvn3 hoặc "
                              "--encoding vni.)") from exc


def _run_import(args: argparse.Namespace, preview_fn, commit_fn, what: str, done) -> int:
    """The import convention: one line per row; any error, or a row whose person is in question,
    writes nothing (exit 1) unless skipped (or, for a roster, ``--new-if-ambiguous``)."""
    new_if_ambiguous = getattr(args, "new_if_ambiguous", False)
    with _open(args) as session:
        preview = _read_with_encoding_advice(preview_fn, args)
        code = _judged_import(args, session, preview, commit_fn, what, done, new_if_ambiguous)
        ignored = getattr(preview, "ignored_columns", [])
        if ignored:  # after the outcome: a refused command's first line stays its error
            names = ", ".join(f"\u201c{name}\u201d" for name in ignored)
            print(f"Không đọc cột {names} (không phải cột của danh sách).", file=sys.stderr)
        return code


def _judged_import(args: argparse.Namespace, session, preview, commit_fn, what: str, done,
                   new_if_ambiguous: bool) -> int:
    for line in preview.lines():
        print(line)
    if not preview.trainee_rows:  # a list sent back empty (the template unfilled): nothing to import
        where = f" ({preview.where()})" if preview.where() else ""
        print(f"{PROG}: lỗi: {what} không có dòng học viên nào dưới dòng tiêu đề{where}; chưa ghi gì vào cơ sở "
              "dữ liệu.", file=sys.stderr)
        return 1
    questions = getattr(preview, "open_questions", 0)
    if (preview.has_errors or (questions and not new_if_ambiguous)) and not args.skip_errors:
        if not args.dry_run:
            problem = ("có dòng lỗi" if preview.has_errors
                       else "có dòng chưa rõ là ai (--new-if-ambiguous để tạo người mới)")
            print(f"{PROG}: lỗi: {what} {problem}; chưa ghi gì vào cơ sở dữ liệu.", file=sys.stderr)
        return 1
    if args.dry_run:
        return 0
    options = {"new_if_ambiguous": True} if new_if_ambiguous else {}
    result = commit_fn(preview, skip_errors=args.skip_errors, backup=lambda: session.backup_now(force=True),
                       **options)
    print(done(result, preview.course_code), file=sys.stderr)
    return 0


def cmd_import_roster(args: argparse.Namespace) -> int:
    from app.services.courses import ended_notice
    from app.services.roster_import import commit_roster, preview_roster

    def done(r, code: str) -> str:
        text = f"Đã thêm {r.created} học viên mới, ghi danh {r.enrolled} học viên vào lớp {code}"
        if r.updated:
            text += f", bổ sung hồ sơ của {r.updated} học viên"
        return text + "."

    def noted(r, code: str) -> str:
        # A note, not a refusal (old classes are imported too); said once written, so that a refused
        # command's first line stays its error.
        notice = ended_notice(code)
        return (f"Lưu ý: {notice.removesuffix('.')}; danh sách đã được nhập vào lớp này.\n" if notice else "") \
            + done(r, code)

    return _run_import(args, preview_roster, commit_roster, "danh sách", noted)


def cmd_import_scores(args: argparse.Namespace) -> int:
    from app.services.scores_import import commit_scores, preview_scores

    return _run_import(args, preview_scores, commit_scores, "bảng điểm",
                       lambda n, code: f"Đã ghi điểm của {n} học viên lớp {code}.")


def cmd_import_history(args: argparse.Namespace) -> int:
    """Old records: every line of the preview; an error or an open question writes nothing (exit 1)."""
    from app.services.history_import import commit_history, preview_history

    with _open(args) as session:
        preview = preview_history(Path(args.file))
        for line in preview.lines():
            print(line)
        if preview.has_errors or preview.open_questions:
            problem = "có lỗi" if preview.has_errors else "có dòng chưa rõ là ai (hãy chọn trong cửa sổ chương trình)"
            print(f"{PROG}: lỗi: hồ sơ cũ {problem}; chưa ghi gì vào cơ sở dữ liệu.", file=sys.stderr)
            return 1
        if args.dry_run:
            return 0
        result = commit_history(preview, backup=lambda: session.backup_now(force=True))
    print(f"Đã nhập {result.classes} lớp, {result.enrolments} lượt học viên ({result.trainees_created} người mới), "
          f"{result.certificates} giấy chứng nhận.", file=sys.stderr)
    return 0


def cmd_feedback_add(args: argparse.Namespace) -> int:
    from app.services.feedback import record_feedback

    try:
        answers = [int(part) for part in args.answers.split(",")]
    except ValueError:
        raise CliError("--answers là các số cách nhau bằng dấu phẩy, ví dụ 4,4,3,4") from None
    with _open(args):
        response_id = record_feedback(args.course, args.lesson, answers, form_no=args.form_no,
                                      comment=args.comment or "")
    print(f"Đã ghi phiếu #{response_id}.", file=sys.stderr)
    return 0


def cmd_feedback_summary(args: argparse.Namespace) -> int:
    from app.exchange.csv_writer import write_rows
    from app.services.feedback import course_summary, template_info

    with _open(args):
        scale = template_info().scale
        rows = course_summary(args.course, args.lesson)
    lines: list[list[object]] = [["Câu hỏi", "Số phiếu", *[f"{label} ({value})" for value, label in scale],
              "Tỷ lệ hài lòng (%)", "Điểm trung bình"]]
    for row in rows:
        lines.append([row.question, row.responses, *row.counts,
                      "" if row.satisfied_pct is None else f"{row.satisfied_pct:.1f}",
                      "" if row.mean is None else f"{row.mean:.2f}"])
    write_rows(sys.stdout, lines, lineterminator="\n")
    return 0


def cmd_instructors(args: argparse.Namespace) -> int:
    import datetime as dt

    from app.services.instructors import KIND_NAMES, hours_by_instructor

    year = dt.date.today().year
    with _open(args):
        for row in hours_by_instructor(dt.date(year, 1, 1), dt.date(year, 12, 31)):
            hours = f"{row.standard_hours:g}".replace(".", ",")
            print("\t".join((row.full_name, KIND_NAMES.get(row.kind, row.kind), row.unit, hours)))
    return 0


def cmd_report(args: argparse.Namespace) -> int:

    from app.domain.dates import check_period, parse_date
    from app.outputs.files import write_atomic
    from app.outputs.reports import REPORTS_BY_CODE, SUFFIXES, report_file

    if args.name not in REPORTS_BY_CODE:
        raise CliError(f"không có báo cáo \"{args.name}\" (có: {', '.join(REPORTS_BY_CODE)})")
    report = REPORTS_BY_CODE[args.name]
    out = Path(args.out)
    if out.suffix.lower() not in SUFFIXES:
        raise CliError("tệp báo cáo phải có đuôi .pdf, .xlsx hoặc .csv")
    if report.needs_period and args.trainee:
        raise CliError(f"--trainee chỉ dùng với báo cáo history (báo cáo {args.name} là của một kỳ)")
    if not report.needs_period and (args.date_from or args.date_to):
        raise CliError(f"báo cáo {args.name} không theo kỳ: bỏ --from, --to")
    if not report.official and (args.number or args.attachment):
        raise CliError(f"--number, --attachment không dùng với báo cáo {args.name} (không phải báo cáo có số)")
    start = end = None
    if report.needs_period:
        if not (args.date_from and args.date_to):
            raise CliError(f"báo cáo {args.name} cần --from dd/mm/yyyy và --to dd/mm/yyyy")
        start, end = parse_date(args.date_from), parse_date(args.date_to)
        check_period(start, end)
    elif not args.trainee:
        raise CliError(f"báo cáo {args.name} cần --trainee SỐ_CCCD")
    with _open(args), _Pages() as pages:
        trainee = _history_trainee(args.trainee) if args.trainee else ""
        data = report_file(args.name, start, end, out.suffix.lower(), _document_day(args), trainee=trainee,
                           number=args.number or "", attachment=args.attachment, progress=pages)
        write_atomic(out, data)
    print(f"Đã lưu báo cáo {report.name.lower()} vào {out}.", file=sys.stderr)
    return 0


_BIRTH_AT_END = re.compile(r"^(?P<name>.*?\S)\s*,?\s+(?P<birth>\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4})$")


def _history_trainee(text: str) -> int:
    """``--trainee`` as typed: a CCCD, a name only one person has, or a name followed by the birth
    date (or year) that tells namesakes without a CCCD apart; the person's id. Namesakes are refused
    with who they are and how to say which one (there is no list to pick from here)."""
    from app.domain.dates import parse_date
    from app.domain.errors import NotFoundError
    from app.domain.formatting import format_birth
    from app.domain.text import clean
    from app.services.lists import trainee_rows
    from app.services.reports.history import AmbiguousTrainee, find_trainee

    typed = clean(text)
    try:
        return find_trainee(typed).id
    except AmbiguousTrainee as exc:
        shown = trainee_rows(exc.ids[:5])
        first = next((r for r in shown if r.birth_date), shown[0] if shown else None)  # a full date, if any
        example = f"{first.full_name} {format_birth(first.birth_date, first.birth_year)}" if first else ""
        said = exc.message.removesuffix("Hãy nhập số CCCD hoặc chọn người trong danh sách.").rstrip()
        raise UserError(f"{said} Hãy ghi số CCCD, hoặc họ tên kèm ngày sinh (hay năm sinh), ví dụ "
                        f"--trainee \"{example}\".") from None
    except NotFoundError:
        found = _BIRTH_AT_END.match(typed)
        if found is None:
            raise
    name, birth = found["name"], found["birth"]
    try:
        ids = [find_trainee(name).id]
    except AmbiguousTrainee as exc:
        ids = exc.ids
    if len(birth) == 4:
        year = int(birth)
        people = [r for r in trainee_rows(ids) if (r.birth_date.year if r.birth_date else r.birth_year) == year]
        when = f"năm {birth}"
    else:
        day = parse_date(birth)
        people = [r for r in trainee_rows(ids) if r.birth_date == day]
        when = f"ngày {day:%d/%m/%Y}"
    if not people:
        raise NotFoundError(f"Không có học viên {name} sinh {when}.", field="trainee")
    if len(people) > 1:
        listed = "; ".join(f"{r.full_name} ({format_birth(r.birth_date, r.birth_year)}, {r.unit or 'chưa có đơn vị'})"
                           for r in people[:5])
        raise UserError(f"Có {len(people)} học viên {name} sinh {when}: {listed}. Hãy ghi số CCCD, hoặc ngày sinh "
                        "đầy đủ.")
    return people[0].id


def _trainee_rows(args: argparse.Namespace):
    from app.services.courses import find_course
    from app.services.lists import trainee_ids, trainee_rows

    course_id = find_course(args.course).id if args.course else None
    return trainee_rows(trainee_ids(getattr(args, "search", None), course_id=course_id))


def cmd_trainees(args: argparse.Namespace) -> int:
    from app.domain.formatting import format_birth

    with _open(args):
        for row in _trainee_rows(args):
            print("\t".join((row.full_name, format_birth(row.birth_date, row.birth_year), row.citizen_id,
                             row.unit)))
    return 0


def cmd_export_trainees(args: argparse.Namespace) -> int:
    """The Học viên list as the window's Xuất Excel writes it (streamed, birth dates as dates)."""
    from app.outputs.lists import export_trainees
    from app.services.courses import find_course

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise CliError("export trainees ghi ra tệp .xlsx")
    with _open(args), _Pages(done="Đã ghi", unit="dòng") as rows:
        course_id = find_course(args.course).id if args.course else None
        count = export_trainees(out, course_id=course_id, subtitle=f"Lớp {args.course}" if args.course else "",
                                progress=rows)
    from app.domain.formatting import format_int

    print(f"Đã xuất {format_int(count)} học viên vào {out}.", file=sys.stderr)  # 8.951, as the window says
    return 0


def cmd_copy_to(args: argparse.Namespace) -> int:
    from app.services.transfer import copy_to_server
    from app.store.backend import is_url

    source = _db_path(args)
    if is_url(source) or not is_url(args.url):
        raise UserError("copy-to chép một tệp cơ sở dữ liệu (--db TỆP) lên máy chủ (URL postgresql://…).")
    from app.domain.formatting import format_int as n

    report = copy_to_server(Path(source), args.url)
    for table in report.tables:
        print(f"{table.table}\t{table.rows}\t{table.checksum[:16]}")
    print(f"Đã chép {n(len(report.tables))} bảng, {n(report.rows)} dòng từ {source} lên {report.target}; "
          "số dòng và tổng kiểm tra của từng bảng khớp.", file=sys.stderr)
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "copy-to": cmd_copy_to,
    "feedback add": cmd_feedback_add,
    "feedback summary": cmd_feedback_summary,
    "instructors": cmd_instructors,
    "trainees": cmd_trainees,
    "export trainees": cmd_export_trainees,
    "report": cmd_report,
    "import roster": cmd_import_roster,
    "import scores": cmd_import_scores,
    "import history": cmd_import_history,
    "print": cmd_print,
    "demo": cmd_demo,
    "init": cmd_init,
    "check": cmd_check,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "backups": cmd_backups,
    "course add": cmd_course_add,
    "course cancel": cmd_course_cancel,
    "courses": cmd_courses,
}
