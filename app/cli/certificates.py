"""The certificate and verification commands: ``certificates issue`` and ``certificates cancel``
(number a class's eligible trainees, cancel one certificate keeping its number), ``verify`` (a QR
code's text, a number and its check code, or a photo or scan, against the database or a
verification sheet) and ``export verification`` (a year's sheet, .csv, that ``verify --sheet``
reads without the database). Registered in :data:`COMMANDS`, which ``app.cli`` joins with
:data:`app.cli.commands.COMMANDS`; they open the database the way every command does
(:func:`app.cli.commands._open`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from app.cli.commands import _open
from app.cli.parsing import CliError


def cmd_certificates_issue(args: argparse.Namespace) -> int:
    from app.domain.errors import ConflictError
    from app.services.certificates import issue_certificates, why_none_issued

    with _open(args):
        try:
            issued = issue_certificates(args.course, before_end=args.force)
        except ConflictError as exc:
            if exc.field != "before_end":
                raise
            raise ConflictError(f"{exc.message} Thêm --force để cấp trước ngày kết thúc lớp.") from None
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


def cmd_verify(args: argparse.Namespace) -> int:
    """Exit 0: genuine and valid; 1: cancelled, reissued, altered or unknown; 2: unreadable input."""
    from app.domain.errors import ValidationError
    from app.outputs.verification import load_sheet, verify_input, verify_with_sheet

    raw = " ".join(args.input)
    try:
        if args.sheet:
            results = verify_with_sheet(load_sheet(Path(args.sheet)), raw)
        else:
            with _open(args):
                results = verify_input(raw)
    except ValidationError as exc:  # what was given cannot be read: a usage matter (exit 2), not a verdict
        raise CliError(exc.message) from None
    for i, result in enumerate(results):
        print(("\n" if i else "") + result.text())
    return max(result.exit_code for result in results)


def cmd_export_verification(args: argparse.Namespace) -> int:
    from app.outputs.files import write_atomic
    from app.outputs.verification import verification_sheet

    out = Path(args.out)
    if out.suffix.lower() != ".csv":
        raise CliError("export verification ghi ra tệp .csv")
    with _open(args):
        data, count = verification_sheet(args.year)
    write_atomic(out, data)
    from app.domain.formatting import format_int

    print(f"Đã ghi bảng đối chiếu {format_int(count)} giấy chứng nhận năm {args.year} vào {out}.", file=sys.stderr)
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "verify": cmd_verify,
    "export verification": cmd_export_verification,
    "certificates issue": cmd_certificates_issue,
    "certificates cancel": cmd_certificates_cancel,
}
