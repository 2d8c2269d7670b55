"""The command line's parser: Vietnamese argparse, exit codes, every command's options, help and example."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable

from app import __version__

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


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Quản lý đào tạo, bồi dưỡng lý luận chính trị.")
    parser.add_argument("--db", metavar="FILE|URL",
                        help="tệp cơ sở dữ liệu (mặc định: thư mục dữ liệu) hoặc máy chủ "
                             "postgresql://người-dùng@máy-chủ/tên-cơ-sở-dữ-liệu")
    parser.add_argument("--demo", action="store_true",
                        help="mở cửa sổ trên một cơ sở dữ liệu mẫu mới (thư mục tạm)")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    p = sub.add_parser("demo", help="tạo dữ liệu mẫu nhiệm kỳ 2015–2020 trong cơ sở dữ liệu mới")
    p.add_argument("--scale", choices=("term", "province"), default="term",
                   help="term: nhiệm kỳ 2015–2020 của một huyện; province: kho lưu trữ cỡ tỉnh "
                        "(100.000 học viên, 2.000 lớp, 500.000 lượt ghi danh)")
    p = sub.add_parser("init", help="tạo cơ sở dữ liệu mới, trống (không ghi vào tệp đã có), "
                                   "cả trên máy chủ: --db postgresql://…")
    p.add_argument("--institution", metavar="TÊN", help="tên trung tâm, ví dụ \"Trung tâm Chính trị huyện Si Ma Cai\"")
    p.add_argument("--parent-body", metavar="TÊN", help="cơ quan chủ quản, ví dụ \"Huyện ủy Si Ma Cai\"")
    p.add_argument("--place", metavar="ĐỊA DANH", help="địa danh ghi ở dòng ngày tháng, ví dụ Si Ma Cai")
    p.add_argument("--director", metavar="HỌ TÊN", help="họ tên Giám đốc")
    p.add_argument("--deputy", metavar="HỌ TÊN", help="họ tên Phó Giám đốc")
    p.add_argument("--deputy-signs", action="store_true", help="Phó Giám đốc ký thay (K/T GIÁM ĐỐC)")
    p.add_argument("--style", choices=("party", "state"), default="party",
                   help="thể thức văn bản: party (văn bản Đảng) hoặc state (văn bản nhà nước)")
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
    p = sub.add_parser("copy-to", help="chép toàn bộ tệp cơ sở dữ liệu lên một cơ sở dữ liệu trống trên máy chủ")
    p.add_argument("url", metavar="URL", help="postgresql://người-dùng@máy-chủ/tên-cơ-sở-dữ-liệu")

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
    for what, text in (("roster", "nhập danh sách học viên của lớp từ tệp .xlsx, .xls hoặc .ods"),
                       ("scores", "nhập điểm của lớp từ tệp .xlsx, .xls hoặc .ods (họ tên + ngày sinh hoặc CCCD + "
                                  "điểm)")):
        p = imports.add_parser(what, help=text)  # the same conventions for both imports
        p.add_argument("file", metavar="FILE", help="tệp Excel (.xlsx, .xls) hoặc LibreOffice (.ods)")
        p.add_argument("--course", required=True, metavar="CODE")
        p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
        p.add_argument("--skip-errors", action="store_true", help="bỏ qua dòng lỗi, ghi các dòng còn lại")
        p.add_argument("--encoding", choices=("unicode", "tcvn3", "vni"),
                       help="bảng mã của chữ trong tệp (mặc định: tự nhận ra)")
        if what == "roster":
            p.add_argument("--new-if-ambiguous", action="store_true",
                           help="dòng chưa rõ là ai: tạo học viên mới (mặc định: không ghi gì)")
    p = imports.add_parser("history", help="nhập hồ sơ cũ: các lớp đã mở, danh sách học viên, sổ cấp GCN "
                           "(một tệp .xlsx/.xls/.ods theo mẫu nhập hồ sơ cũ)")
    p.add_argument("file", metavar="FILE", help="tệp Excel (.xlsx, .xls) hoặc LibreOffice (.ods)")
    p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
    certs = sub.add_parser("certificates", help="cấp, hủy giấy chứng nhận").add_subparsers(
        dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    p = certs.add_parser("issue", help="cấp số cho mọi học viên đủ điều kiện chưa có giấy chứng nhận")
    p.add_argument("--course", required=True, metavar="CODE")
    p.add_argument("--force", action="store_true", help="cấp cả khi lớp chưa kết thúc (theo lịch)")
    p = certs.add_parser("cancel", help="hủy một giấy chứng nhận (giữ số, ghi lý do)")
    p.add_argument("--number", required=True, metavar="NUMBER")
    p.add_argument("--reason", required=True)
    p = sub.add_parser("verify", help="kiểm tra giấy chứng nhận: nội dung mã QR, số giấy và mã kiểm tra, hoặc ảnh "
                                      "chụp/quét", description=VERIFY_DESCRIPTION)
    p.add_argument("input", nargs="+", metavar="TEXT|IMAGE",
                   help="nội dung mã QR (GCN1|…), hoặc số giấy và mã kiểm tra (0125/2025 ABCDE FGHIJ), hoặc tệp ảnh")
    p.add_argument("--sheet", metavar="FILE", help="đối chiếu với bảng đối chiếu .csv của Trung tâm thay cho cơ sở "
                   "dữ liệu (không cần --db)")
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
    p = exports.add_parser("verification", help="bảng đối chiếu giấy chứng nhận của một năm ra .csv (số giấy, "
                           "trạng thái và mã băm; không ghi họ tên)")
    p.add_argument("--year", required=True, type=_year, metavar="YYYY", help="năm cấp (năm ghi sau dấu / của số giấy)")
    p.add_argument("--out", required=True, metavar="FILE.csv")
    p = sub.add_parser("report", help="báo cáo cho một kỳ (hoặc một học viên) ra PDF, Excel hoặc CSV")
    p.add_argument("name", metavar="NAME", help="results, results-partners, plan, grades, hours, feedback, "
                   "instructors, history, registry")
    p.add_argument("--from", dest="date_from", metavar="dd/mm/yyyy")
    p.add_argument("--to", dest="date_to", metavar="dd/mm/yyyy")
    p.add_argument("--trainee", metavar="CITIZEN_ID",
                   help="số CCCD của học viên, hoặc họ tên (thêm ngày sinh hay năm sinh khi trùng tên), "
                   "cho báo cáo history")
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


VERIFY_DESCRIPTION = (
    "Kiểm tra một giấy chứng nhận với sổ cấp giấy chứng nhận (hoặc với bảng đối chiếu --sheet).\n"
    "Mã thoát: 0 = giấy thật, còn hiệu lực; 1 = đã hủy, đã cấp lại bằng số khác, bị sửa (nói rõ phần nào) "
    "hoặc không có trong sổ; 2 = lệnh gõ sai hoặc không đọc được nội dung, ảnh, bảng đối chiếu.")

# An example for every command's --help (the README's table says the same in English).
_DB = "du-lieu.sqlite3"
EXAMPLES = {
    "": f"  {PROG}                         mở cửa sổ chương trình\n"
        f"  {PROG} --db {_DB} courses --year 2025\n"
        f"  {PROG} LỆNH --help              hướng dẫn của từng lệnh",
    "demo": f"{PROG} --db mau.sqlite3 demo",
    "init": f"{PROG} --db {_DB} init --institution \"Trung tâm Chính trị huyện Si Ma Cai\" "
            "--parent-body \"Huyện ủy Si Ma Cai\" --place \"Si Ma Cai\"",
    "check": f"{PROG} --db {_DB} check",
    "backup": f"{PROG} --db {_DB} backup E:\\   (ghi tệp {PROG}-<ngày giờ>.sqlite3 vào ổ USB)",
    "backups": f"{PROG} --db {_DB} backups",
    "restore": f"{PROG} --db {_DB} restore E:\\{PROG}-20250304-090506.sqlite3",
    "copy-to": f"{PROG} --db {_DB} copy-to postgresql://boiduong@192.168.1.10/trungtam",
    "course": f"{PROG} --db {_DB} course add --code BD-2025-01 --program NQ --name \"Học tập Nghị quyết\" "
              "--start 03/03/2025 --end 07/03/2025",
    "course add": f"{PROG} --db {_DB} course add --code BD-2025-01 --program NQ --name \"Học tập Nghị quyết\" "
                  "--start 03/03/2025 --end 07/03/2025",
    "course cancel": f"{PROG} --db {_DB} course cancel --code BD-2025-01 --reason \"Hoãn theo công văn số 12\"",
    "courses": f"{PROG} --db {_DB} courses --year 2025",
    "import": f"{PROG} --db {_DB} import roster danh-sach.xlsx --course BD-2025-01 --dry-run",
    "import roster": f"{PROG} --db {_DB} import roster danh-sach.xlsx --course BD-2025-01 --dry-run",
    "import scores": f"{PROG} --db {_DB} import scores bang-diem.xlsx --course BD-2025-01",
    "import history": f"{PROG} --db {_DB} import history ho-so-cu.xlsx --dry-run",
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
    "export verification": f"{PROG} --db {_DB} export verification --year 2025 --out doi-chieu-2025.csv",
    "verify": f"{PROG} --db {_DB} verify 0125/2025 ABCDE FGHIJ\n  {PROG} --db {_DB} verify anh-chup.jpg\n"
              f"  {PROG} verify --sheet doi-chieu-2025.csv anh-chup.jpg",
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
