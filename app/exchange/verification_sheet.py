"""The verification sheet as a file: a CSV (UTF-8) the centre sends to a province that keeps no database.

    GCN-SHEET1,<centre code>,<year>
    Số,Trạng thái,Ngày hủy,Cấp lại bằng số,all,centre,full_name,birth,course_code,issued_on
    0001/2025,Còn hiệu lực,,,<16 base32>,<16 base32>,…

No name, birth date or class is written in plain: only hashes keyed by each certificate's printed
check code (``app.domain.seal.sheet_hash``). See ``docs/certificate-verification.md``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from app.domain.errors import ValidationError
from app.domain.seal import FIELD_LABELS, SHEET_VERSION
from app.domain.verification import SheetEntry
from app.exchange.csv_writer import csv_bytes

HASH_COLUMNS = ("all", *(name for name in FIELD_LABELS if name != "number"))
HEADER = ("Số", "Trạng thái", "Ngày hủy", "Cấp lại bằng số", *HASH_COLUMNS)
STATUS_WORDS = {"issued": "Còn hiệu lực", "cancelled": "Đã hủy", "reissued": "Đã cấp lại"}
MAX_SHEET_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Sheet:
    centre: str
    year: str
    entries: dict[str, SheetEntry]


def sheet_bytes(centre: str, year: int, entries: list[SheetEntry]) -> bytes:
    rows: list[list[object]] = [[SHEET_VERSION, centre, str(year)], list(HEADER)]
    for entry in entries:
        rows.append([entry.number, STATUS_WORDS[entry.status], entry.cancelled_on, entry.reissued_as,
                     *(entry.hashes[name] for name in HASH_COLUMNS)])
    return csv_bytes(rows)


def read_sheet(data: bytes, name: str = "") -> Sheet:
    """Read a sheet written by :func:`sheet_bytes`; ValidationError (Vietnamese) for anything else."""
    what = f"Tệp {name}" if name else "Tệp"
    if len(data) > MAX_SHEET_BYTES:
        raise ValidationError(f"{what} quá lớn để là bảng đối chiếu giấy chứng nhận.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(f"{what} không phải bảng đối chiếu giấy chứng nhận (không đọc được chữ).") from None
    rows = list(csv.reader(io.StringIO(text)))
    if len(rows) < 2 or not rows[0] or rows[0][0].strip() != SHEET_VERSION or len(rows[0]) < 3:
        raise ValidationError(f"{what} không phải bảng đối chiếu giấy chứng nhận ({SHEET_VERSION}).")
    if tuple(cell.strip() for cell in rows[1]) != HEADER:
        raise ValidationError(f"{what}: dòng tiêu đề của bảng đối chiếu đã bị sửa.")
    words = {word: status for status, word in STATUS_WORDS.items()}
    entries = {}
    for line_no, row in enumerate(rows[2:], 3):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(HEADER) or row[1].strip() not in words:
            raise ValidationError(f"{what}: dòng {line_no} của bảng đối chiếu không đúng mẫu.")
        number, status, cancelled_on, reissued_as = (cell.strip() for cell in row[:4])
        entries[number] = SheetEntry(number, words[status], cancelled_on, reissued_as,
                                     dict(zip(HASH_COLUMNS, (cell.strip() for cell in row[4:]), strict=True)))
    return Sheet(rows[0][1].strip(), rows[0][2].strip(), entries)
