"""Command line: no command opens the window; commands run headless on the same services.

    boiduong [--db FILE]                 open the window
    boiduong --demo                      open the window on a fresh demo database
    boiduong --db FILE demo              fill a new database with the 2015–2020 demo term
    boiduong --db FILE check             exit 0 when healthy, 1 when damaged (says what)
    boiduong --db FILE backup OUT        copy the database to OUT (backup API, checked)
    boiduong --db FILE restore IN        put the backup IN in place (the old file is kept)
    boiduong --db FILE course add …      create a class;  course cancel --code C --reason R
    boiduong --db FILE courses [--year]  one class per line, tab-separated
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from app import __version__
from app.domain.errors import UserError

PROG = "boiduong"

# Exit codes (README "Command line" lists them; a test compares).
EXIT_OK = 0            # done (also: the reader of a pipe closed it, `boiduong trainees | head -1`)
EXIT_ERROR = 1         # the program's own refusal: bad data, a locked or damaged file… (one Vietnamese line)
EXIT_USAGE = 2         # the command line itself is wrong (unknown command, missing option, bad number)
EXIT_BUG = 3           # a bug: one line naming the crash log that holds the details
EXIT_INTERRUPTED = 130  # Ctrl+C

EXIT_CODES = {EXIT_OK: "xong", EXIT_ERROR: "lỗi của dữ liệu hoặc tệp (một dòng, tiếng Việt)",
              EXIT_USAGE: "lệnh gõ sai", EXIT_BUG: "lỗi của chương trình (ghi vào nhật ký lỗi)",
              EXIT_INTERRUPTED: "dừng bằng Ctrl+C"}


class CliError(Exception):
    """A usage error: one line on stderr, exit 2."""


# argparse's own words, in Vietnamese: argparse looks its texts up through ``gettext`` at the
# moment it needs them, so its module-level ``_``/``ngettext`` are pointed at this catalogue.
_ARGPARSE_VI = {
    "usage: ": "Cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "optional arguments": "tùy chọn",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "giá trị không hợp lệ: %(value)r (chọn một trong: %(choices)s)",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ: %(value)r",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "tùy chọn không hợp lệ: %s",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected %s argument": "cần %s giá trị",
    "expected %s arguments": "cần %s giá trị",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn không rõ: %(option)s có thể là %(matches)s",
    "not allowed with argument %s": "không dùng cùng với %s",
    "ignored explicit argument %r": "tùy chọn không nhận giá trị: %r",
    "one of the arguments %s is required": "cần một trong các tùy chọn %s",
    "unexpected option string: %s": "tùy chọn không hợp lệ: %s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
}


def _gettext_vi(text: str) -> str:
    return _ARGPARSE_VI.get(text, text)


def _ngettext_vi(singular: str, plural: str, n: int) -> str:
    return _gettext_vi(singular if n == 1 else plural)


argparse._ = _gettext_vi  # type: ignore[attr-defined]
argparse.ngettext = _ngettext_vi  # type: ignore[attr-defined]

# What the sub-command slots are called in the usage line ("boiduong course VIỆC").
_SLOT_NAMES = {"command": "LỆNH", "action": "VIỆC"}


class _Parser(argparse.ArgumentParser):
    """An argparse parser that speaks Vietnamese and never exits the process by itself."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str):  # argparse's own exit would print usage noise and end the process
        match = re.match(r"^(LỆNH|VIỆC): giá trị không hợp lệ: (.*) \(chọn một trong: (.*)\)$", message)
        if match:
            message = f"lệnh không hợp lệ: {match.group(2)} (có: {match.group(3)})"
        raise CliError(f"{message}\n{self.format_usage().strip()}\n"
                       f"(xem: {self.prog} --help)")


def _int_between(low: int, high: int, what: str) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high`` (no 20-digit years, no negative numbers)."""
    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} phải là một số nguyên, không phải {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{what} phải từ {low} đến {high}, không phải {text.strip()}")
        return value
    parse.__name__ = what
    return parse


_year = _int_between(1900, 2100, "năm")
_form_no = _int_between(1, 1_000_000, "số phiếu")
_record_id = _int_between(1, 2**53, "mã buổi học")


def _db_path(args: argparse.Namespace) -> Path:
    if args.db:
        return Path(args.db)
    from app.paths import default_db_path

    return default_db_path()


def cmd_demo(args: argparse.Namespace) -> int:
    from app.demo import term as demo
    from app.services.session import open_session

    path = _db_path(args)
    with open_session(path, backup_on_start=False) as session:
        if args.scale == "province":
            from app.demo.province import build_province

            summary = build_province()
        else:
            summary = demo.build_demo()
        session.backup_now(force=True)
    from app.domain.formatting import format_int as n

    print(f"Đã tạo dữ liệu mẫu trong {path}: {n(summary.courses)} lớp, {n(summary.trainees)} học viên, "
          f"{n(summary.enrollments)} lượt ghi danh, {n(summary.certificates)} giấy chứng nhận.")
    return 0


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
    session, aside = restore_path(path, Path(args.source))
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


def _open(args: argparse.Namespace):
    from app.services.session import open_session

    # The automatic backup on start at most once per ``cli_every_minutes`` of command-line work.
    return open_session(_db_path(args), create=False, backup_on_start="throttled")


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


def _print_registry(args: argparse.Namespace) -> int:

    from app.domain.dates import check_period, parse_date
    from app.outputs.files import write_atomic
    from app.outputs.printouts import registry_pdf, registry_xlsx

    if not (args.date_from and args.date_to):
        raise CliError("print registry cần --from dd/mm/yyyy --to dd/mm/yyyy")
    start, end = parse_date(args.date_from), parse_date(args.date_to)
    check_period(start, end)
    out = Path(args.out)
    with _open(args):
        if out.suffix.lower() == ".pdf":
            data = registry_pdf(start, end, _document_day(args))
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
        return _print_registry(args)
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
    with _open(args):
        if suffix == ".pdf":
            data = class_pdf(document.key, args.course, _document_day(args), preprinted=args.preprinted,
                             lesson_id=args.lesson)
        elif suffix == ".xlsx" and document.xlsx:
            data = class_xlsx(document.key, args.course, _document_day(args))
        else:
            raise CliError(f"{document.title} lưu được dưới dạng {'.pdf hoặc .xlsx' if document.xlsx else '.pdf'}")
        write_atomic(out, data)
    print(f"Đã lưu {document.title.lower()} vào {out}.")
    return 0


def _run_import(args: argparse.Namespace, preview_fn, commit_fn, what: str, done) -> int:
    """The import convention: one line per row; any error, or a row whose person is in question,
    writes nothing (exit 1) unless skipped (or, for a roster, ``--new-if-ambiguous``)."""
    new_if_ambiguous = getattr(args, "new_if_ambiguous", False)
    with _open(args) as session:
        preview = preview_fn(Path(args.file), args.course, encoding=args.encoding)
        for line in preview.lines():
            print(line)
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
    from app.services.roster_import import commit_roster, preview_roster

    def done(r, code: str) -> str:
        text = f"Đã thêm {r.created} học viên mới, ghi danh {r.enrolled} học viên vào lớp {code}"
        if r.updated:
            text += f", bổ sung hồ sơ của {r.updated} học viên"
        return text + "."

    return _run_import(args, preview_roster, commit_roster, "danh sách", done)


def cmd_import_scores(args: argparse.Namespace) -> int:
    from app.services.scores_import import commit_scores, preview_scores

    return _run_import(args, preview_scores, commit_scores, "bảng điểm",
                       lambda n, code: f"Đã ghi điểm của {n} học viên lớp {code}.")


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
    start = end = None
    if report.needs_period:
        if not (args.date_from and args.date_to):
            raise CliError(f"báo cáo {args.name} cần --from dd/mm/yyyy và --to dd/mm/yyyy")
        start, end = parse_date(args.date_from), parse_date(args.date_to)
        check_period(start, end)
    elif not args.trainee:
        raise CliError(f"báo cáo {args.name} cần --trainee SỐ_CCCD")
    with _open(args):
        data = report_file(args.name, start, end, out.suffix.lower(), _document_day(args), trainee=args.trainee or "",
                           number=args.number or "", attachment=args.attachment)
        write_atomic(out, data)
    print(f"Đã lưu báo cáo {report.name.lower()} vào {out}.", file=sys.stderr)
    return 0


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
    from app.outputs.files import write_atomic
    from app.outputs.printouts import trainees_xlsx

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise CliError("export trainees ghi ra tệp .xlsx")
    with _open(args):
        rows = _trainee_rows(args)
        write_atomic(out, trainees_xlsx(rows, args.course or ""))
    print(f"Đã xuất {len(rows)} học viên vào {out}.", file=sys.stderr)
    return 0


def cmd_certificates_issue(args: argparse.Namespace) -> int:
    from app.services.certificates import issue_certificates, why_none_issued

    with _open(args):
        issued = issue_certificates(args.course)
        for number, name in issued:
            print(f"{number}\t{name}")
        if not issued:  # nobody eligible: say why, one line per reason (stdout keeps its NUMBER<TAB>name form)
            print(f"Không cấp giấy chứng nhận nào cho lớp {args.course}:", file=sys.stderr)
            for line in why_none_issued(args.course):
                print(line, file=sys.stderr)
    return 0


def cmd_certificates_cancel(args: argparse.Namespace) -> int:
    from app.services.certificates import cancel_certificate, number_text

    with _open(args):
        certificate = cancel_certificate(args.number, args.reason)
        print(f"Đã hủy giấy chứng nhận số {number_text(certificate.number, certificate.year)}.", file=sys.stderr)
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "certificates issue": cmd_certificates_issue,
    "certificates cancel": cmd_certificates_cancel,
    "feedback add": cmd_feedback_add,
    "feedback summary": cmd_feedback_summary,
    "instructors": cmd_instructors,
    "trainees": cmd_trainees,
    "export trainees": cmd_export_trainees,
    "report": cmd_report,
    "import roster": cmd_import_roster,
    "import scores": cmd_import_scores,
    "print": cmd_print,
    "demo": cmd_demo,
    "check": cmd_check,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "backups": cmd_backups,
    "course add": cmd_course_add,
    "course cancel": cmd_course_cancel,
    "courses": cmd_courses,
}


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Quản lý đào tạo, bồi dưỡng lý luận chính trị.")
    parser.add_argument("--db", metavar="FILE", help="tệp cơ sở dữ liệu (mặc định: thư mục dữ liệu)")
    parser.add_argument("--demo", action="store_true",
                        help="mở cửa sổ trên một cơ sở dữ liệu mẫu mới (thư mục tạm)")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    p = sub.add_parser("demo", help="tạo dữ liệu mẫu nhiệm kỳ 2015–2020 trong cơ sở dữ liệu mới")
    p.add_argument("--scale", choices=("term", "province"), default="term",
                   help="term: nhiệm kỳ 2015–2020 của một huyện; province: kho lưu trữ cỡ tỉnh "
                        "(100.000 học viên, 2.000 lớp, 500.000 lượt ghi danh)")
    sub.add_parser("check", help="kiểm tra toàn vẹn cơ sở dữ liệu")
    p = sub.add_parser("backup", help="sao lưu ra tệp")
    p.add_argument("out", metavar="OUT")
    p.add_argument("--overwrite", action="store_true", help="ghi đè nếu tệp OUT đã có")
    p = sub.add_parser("backups", help="các bản sao lưu tự động: ngày, dung lượng, số lớp, học viên, giấy chứng nhận")
    p.add_argument("--set", action="append", metavar="TÊN=SỐ",
                   help="đổi cài đặt giữ bản sao lưu: today, daily_days, weekly_weeks, monthly_months, max_mb, "
                        "max_free_percent, cli_every_minutes (ví dụ --set max_mb=500)")
    p = sub.add_parser("restore", help="khôi phục từ tệp sao lưu")
    p.add_argument("source", metavar="IN")

    course = sub.add_parser("course", help="thêm, hủy lớp").add_subparsers(
        dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    p = course.add_parser("add", help="thêm lớp")
    p.add_argument("--code", required=True)
    p.add_argument("--program", required=True, metavar="PROGRAM_CODE")
    p.add_argument("--name", required=True)
    p.add_argument("--start", required=True, metavar="dd/mm/yyyy")
    p.add_argument("--end", required=True, metavar="dd/mm/yyyy")
    p.add_argument("--partner", metavar="NAME")
    p.add_argument("--venue", metavar="TEXT")
    p = course.add_parser("cancel", help="hủy lớp (giữ hồ sơ, ghi lý do)")
    p.add_argument("--code", required=True)
    p.add_argument("--reason", required=True)
    p.add_argument("--force", action="store_true",
                   help="hủy cả khi lớp đã cấp giấy chứng nhận (các giấy vẫn còn hiệu lực)")
    p = sub.add_parser("courses", help="danh sách lớp (mỗi dòng một lớp, phân cách bằng tab)")
    p.add_argument("--year", type=_year, metavar="YYYY")
    imports = sub.add_parser("import", help="nhập danh sách từ Excel").add_subparsers(
        dest="action", metavar="WHAT", parser_class=_Parser, required=True)
    for what, text in (("roster", "nhập danh sách học viên của lớp từ tệp .xlsx"),
                       ("scores", "nhập điểm của lớp từ tệp .xlsx (họ tên + ngày sinh hoặc CCCD + điểm)")):
        p = imports.add_parser(what, help=text)  # the same conventions for both imports
        p.add_argument("file", metavar="FILE.xlsx")
        p.add_argument("--course", required=True, metavar="CODE")
        p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
        p.add_argument("--skip-errors", action="store_true", help="bỏ qua dòng lỗi, ghi các dòng còn lại")
        p.add_argument("--encoding", choices=("unicode", "tcvn3", "vni"),
                       help="bảng mã của chữ trong tệp (mặc định: tự nhận ra)")
        if what == "roster":
            p.add_argument("--new-if-ambiguous", action="store_true",
                           help="dòng chưa rõ là ai: tạo học viên mới (mặc định: không ghi gì)")
    certs = sub.add_parser("certificates", help="cấp, hủy giấy chứng nhận").add_subparsers(
        dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    p = certs.add_parser("issue", help="cấp số cho mọi học viên đủ điều kiện chưa có giấy chứng nhận")
    p.add_argument("--course", required=True, metavar="CODE")
    p = certs.add_parser("cancel", help="hủy một giấy chứng nhận (giữ số, ghi lý do)")
    p.add_argument("--number", required=True, metavar="NUMBER")
    p.add_argument("--reason", required=True)
    feedback = sub.add_parser("feedback", help="phiếu phản hồi").add_subparsers(
        dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    p = feedback.add_parser("add", help="nhập một phiếu")
    p.add_argument("--course", required=True, metavar="CODE")
    p.add_argument("--lesson", type=_record_id, metavar="ID")
    p.add_argument("--answers", required=True, metavar="4,4,3,4")
    p.add_argument("--form-no", type=_form_no, metavar="N")
    p.add_argument("--comment", metavar="TEXT")
    p = feedback.add_parser("summary", help="kết quả theo câu hỏi (CSV)")
    p.add_argument("--course", required=True, metavar="CODE")
    p.add_argument("--lesson", type=_record_id, metavar="ID")
    sub.add_parser("instructors", help="giảng viên và giờ chuẩn năm nay (mỗi dòng một người, tab)")
    p = sub.add_parser("trainees", help="học viên theo thứ tự tên tiếng Việt (mỗi dòng một người, tab)")
    p.add_argument("--search", metavar="TEXT")
    p.add_argument("--course", metavar="CODE")
    exports = sub.add_parser("export", help="xuất ra Excel").add_subparsers(
        dest="action", metavar="WHAT", parser_class=_Parser, required=True)
    p = exports.add_parser("trainees", help="danh sách học viên ra .xlsx")
    p.add_argument("--out", required=True, metavar="FILE.xlsx")
    p.add_argument("--course", metavar="CODE")
    p = sub.add_parser("report", help="báo cáo cho một kỳ (hoặc một học viên) ra PDF, Excel hoặc CSV")
    p.add_argument("name", metavar="NAME", help="results, results-partners, plan, grades, hours, feedback, "
                   "instructors, history, registry")
    p.add_argument("--from", dest="date_from", metavar="dd/mm/yyyy")
    p.add_argument("--to", dest="date_to", metavar="dd/mm/yyyy")
    p.add_argument("--trainee", metavar="CITIZEN_ID", help="số CCCD của học viên (báo cáo history)")
    p.add_argument("--out", required=True, metavar="FILE.pdf|FILE.xlsx|FILE.csv")
    p.add_argument("--date", metavar="dd/mm/yyyy", help="ngày ghi trên văn bản (mặc định: hôm nay)")
    p.add_argument("--number", metavar="SỐ", help="số báo cáo (để trống: in dấu chấm để ghi tay)")
    p.add_argument("--attachment", action="store_true", help="in bảng làm phụ lục kèm theo báo cáo số --number")
    p = sub.add_parser("print", help="in tài liệu của lớp ra PDF hoặc Excel")
    p.add_argument("document", metavar="DOC")
    p.add_argument("--course", metavar="CODE")
    p.add_argument("--from", dest="date_from", metavar="dd/mm/yyyy")
    p.add_argument("--to", dest="date_to", metavar="dd/mm/yyyy")
    p.add_argument("--out", required=True, metavar="FILE")
    p.add_argument("--date", metavar="dd/mm/yyyy", help="ngày ghi trên văn bản (mặc định: hôm nay)")
    p.add_argument("--preprinted", action="store_true", help="chỉ in các trường lên phôi in sẵn")
    p.add_argument("--lesson", type=_record_id, metavar="ID", help="phiếu phản hồi về một buổi học (feedback-forms)")
    return _finish(parser)


# An example for every command's --help (the README's table says the same in English).
_DB = "du-lieu.sqlite3"
EXAMPLES = {
    "": f"  {PROG}                         mở cửa sổ chương trình\n"
        f"  {PROG} --db {_DB} courses --year 2025\n"
        f"  {PROG} LỆNH --help              hướng dẫn của từng lệnh",
    "demo": f"{PROG} --db mau.sqlite3 demo",
    "check": f"{PROG} --db {_DB} check",
    "backup": f"{PROG} --db {_DB} backup E:\\   (ghi tệp {PROG}-<ngày giờ>.sqlite3 vào ổ USB)",
    "backups": f"{PROG} --db {_DB} backups",
    "restore": f"{PROG} --db {_DB} restore E:\\{PROG}-20250304-090506.sqlite3",
    "course": f"{PROG} --db {_DB} course add --code BD-2025-01 --program NQ --name \"Học tập Nghị quyết\" "
              "--start 03/03/2025 --end 07/03/2025",
    "course add": f"{PROG} --db {_DB} course add --code BD-2025-01 --program NQ --name \"Học tập Nghị quyết\" "
                  "--start 03/03/2025 --end 07/03/2025",
    "course cancel": f"{PROG} --db {_DB} course cancel --code BD-2025-01 --reason \"Hoãn theo công văn số 12\"",
    "courses": f"{PROG} --db {_DB} courses --year 2025",
    "import": f"{PROG} --db {_DB} import roster danh-sach.xlsx --course BD-2025-01 --dry-run",
    "import roster": f"{PROG} --db {_DB} import roster danh-sach.xlsx --course BD-2025-01 --dry-run",
    "import scores": f"{PROG} --db {_DB} import scores bang-diem.xlsx --course BD-2025-01",
    "certificates": f"{PROG} --db {_DB} certificates issue --course BD-2025-01",
    "certificates issue": f"{PROG} --db {_DB} certificates issue --course BD-2025-01",
    "certificates cancel": f"{PROG} --db {_DB} certificates cancel --number 0125/2025 --reason \"In sai tên\"",
    "feedback": f"{PROG} --db {_DB} feedback add --course BD-2025-01 --answers 4,4,3,4 --form-no 7",
    "feedback add": f"{PROG} --db {_DB} feedback add --course BD-2025-01 --answers 4,4,3,4 --form-no 7",
    "feedback summary": f"{PROG} --db {_DB} feedback summary --course BD-2025-01 > phan-hoi.csv",
    "instructors": f"{PROG} --db {_DB} instructors",
    "trainees": f"{PROG} --db {_DB} trainees --search \"nguyen van\" --course BD-2025-01",
    "export": f"{PROG} --db {_DB} export trainees --out hoc-vien.xlsx --course BD-2025-01",
    "export trainees": f"{PROG} --db {_DB} export trainees --out hoc-vien.xlsx --course BD-2025-01",
    "report": f"{PROG} --db {_DB} report results --from 01/01/2025 --to 31/12/2025 --out ket-qua.pdf",
    "print": f"{PROG} --db {_DB} print class-list --course BD-2025-01 --out danh-sach.pdf",
}


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """Every command's parser by its name ("course add"), depth first; "" is the program's."""
    found = {"": parser}

    def walk(prefix: str, current: argparse.ArgumentParser) -> None:
        for action in current._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    full = f"{prefix} {name}".strip()
                    found[full] = child
                    walk(full, child)

    walk("", parser)
    return found


# What an option means, for options declared without a help text.
OPTION_HELP = {
    "code": "mã lớp, ví dụ BD-2025-01",
    "course": "mã lớp, ví dụ BD-2025-01",
    "program": "mã chương trình (xem trong cửa sổ Danh mục), ví dụ NQ",
    "name": "tên lớp",
    "start": "ngày khai giảng, dd/mm/yyyy",
    "end": "ngày bế giảng, dd/mm/yyyy",
    "partner": "đơn vị phối hợp",
    "venue": "địa điểm học",
    "reason": "lý do (được ghi vào nhật ký thao tác)",
    "number": "số giấy chứng nhận, dạng SỐ/NĂM, ví dụ 0125/2025",
    "answers": "câu trả lời theo thứ tự câu hỏi, cách nhau bằng dấu phẩy",
    "form_no": "số phiếu in trên phiếu",
    "comment": "ý kiến khác ghi trên phiếu",
    "lesson": "mã buổi học",
    "year": "chỉ các lớp khai giảng trong năm này",
    "out": "tệp ghi ra",
    "file": "tệp Excel cần nhập",
    "source": "tệp sao lưu cần khôi phục",
    "date_from": "từ ngày, dd/mm/yyyy",
    "date_to": "đến ngày, dd/mm/yyyy",
    "document": "mẫu in: class-list, sign-in, attendance, results, timetable, receipt, certificates, "
                "feedback-forms, registry",
    "search": "tìm theo tên (không cần dấu)",
}


def _finish(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Vietnamese names for the command slots, a description, a help text for every option and an
    example under every command's help."""
    for name, child in subcommands(parser).items():
        for action in child._actions:
            if isinstance(action, argparse._SubParsersAction):
                action.metavar = _SLOT_NAMES.get(action.dest, action.metavar)
                for choice in action._choices_actions:  # a command's own --help starts with its summary
                    sub = action.choices.get(choice.dest)
                    if sub is not None and sub.description is None and choice.help:
                        sub.description = choice.help[0].upper() + choice.help[1:] + "."
            elif isinstance(action, argparse._VersionAction):
                action.help = "in số phiên bản rồi thoát"
            elif action.help is None and action.dest in OPTION_HELP:
                action.help = OPTION_HELP[action.dest]
        example = EXAMPLES.get(name)
        if example:
            child.epilog = f"Ví dụ:\n{example}" if not name else f"Ví dụ:\n  {example}"
    return parser


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
        from app.ui.app import run_gui

        return run_gui(Path(args.db) if args.db else None, demo=demo, precheck=precheck)
    name = f"{args.command} {args.action}" if getattr(args, "action", None) else args.command
    _require_database_file(_db_path(args), missing_ok=name in CREATES_DATABASE)
    if name == "restore" and args.db and not Path(args.db).parent.is_dir():
        raise UserError(f"Không có thư mục {Path(args.db).parent} (không có tệp nào được tạo).")
    return COMMANDS[name](args)


# Commands that may create the database file (restore: in a folder that exists).
CREATES_DATABASE = {"demo", "restore"}


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
