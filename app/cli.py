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
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from app import __version__
from app.domain.errors import UserError

PROG = "boiduong"


class CliError(Exception):
    """A usage error: one line on stderr, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own exit would print English usage noise
        raise CliError(message)


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
    from app.services.backup import backup_file

    out = backup_file(_db_path(args), Path(args.out))
    print(f"Đã sao lưu vào {out}.")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from app.services.backup import restore_path

    path = _db_path(args)
    session, aside = restore_path(path, Path(args.source))
    session.close()
    kept = f" Cơ sở dữ liệu cũ được giữ tại {aside}." if aside else ""
    print(f"Đã khôi phục {path} từ {args.source}.{kept}")
    return 0


def _open(args: argparse.Namespace):
    from app.services.session import open_session

    return open_session(_db_path(args), create=False)


def cmd_course_add(args: argparse.Namespace) -> int:
    from app.services.courses import CourseInput, add_course

    with _open(args):
        course = add_course(CourseInput(code=args.code, program_code=args.program, name=args.name,
                                        start=args.start, end=args.end, partner=args.partner or "",
                                        venue=args.venue or ""))
        print(f"Đã tạo lớp {course.code}.")
    return 0


def cmd_course_cancel(args: argparse.Namespace) -> int:
    from app.services.courses import cancel_course

    with _open(args):
        course = cancel_course(args.code, args.reason)
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
    lines = [["Câu hỏi", "Số phiếu", *[f"{label} ({value})" for value, label in scale],
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
    from app.services.certificates import issue_certificates

    with _open(args):
        for number, name in issue_certificates(args.course):
            print(f"{number}\t{name}")
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
    p = sub.add_parser("courses", help="danh sách lớp (mỗi dòng một lớp, phân cách bằng tab)")
    p.add_argument("--year", type=int, metavar="YYYY")
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
    p.add_argument("--lesson", type=int, metavar="ID")
    p.add_argument("--answers", required=True, metavar="4,4,3,4")
    p.add_argument("--form-no", type=int, metavar="N")
    p.add_argument("--comment", metavar="TEXT")
    p = feedback.add_parser("summary", help="kết quả theo câu hỏi (CSV)")
    p.add_argument("--course", required=True, metavar="CODE")
    p.add_argument("--lesson", type=int, metavar="ID")
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
    p.add_argument("--lesson", type=int, metavar="ID", help="phiếu phản hồi về một buổi học (feedback-forms)")
    return parser


def _utf8_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``boiduong`` and ``python main.py``; returns the exit code."""
    _utf8_streams()
    try:
        args = build_parser().parse_args(argv)
    except CliError as exc:
        print(f"{PROG}: lỗi: {exc}", file=sys.stderr)
        return 2
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
    try:
        return COMMANDS[name](args)
    except UserError as exc:
        print(f"{PROG}: lỗi: {exc.message}", file=sys.stderr)
        return 1
    except CliError as exc:
        print(f"{PROG}: lỗi: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: đã dừng.", file=sys.stderr)
        return 130
