"""Checking a certificate: what the paper says against the registry (or a verification sheet), in words.

Pure rules: the services look the certificate up and compute check codes; this module decides
the answer and writes it in Vietnamese. Five answers, and the exit code scripts read:

- genuine and valid (0);
- genuine but cancelled, with the reason and the date (1);
- reissued: the paper was replaced by a new number (1);
- altered: a field differs from the registry, or the check code does not match (1);
- unknown: the number is not in the registry (1).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from app.domain.dates import format_date
from app.domain.seal import CHECK_LABEL, FIELD_LABELS, Seal, SealFields, grouped, sheet_hashes


class Verdict(Enum):
    VALID = "valid"
    CANCELLED = "cancelled"
    REISSUED = "reissued"
    ALTERED = "altered"
    UNKNOWN = "unknown"


VERDICT_TITLES = {
    Verdict.VALID: "GIẤY CHỨNG NHẬN THẬT, CÒN HIỆU LỰC",
    Verdict.CANCELLED: "GIẤY CHỨNG NHẬN THẬT NHƯNG ĐÃ BỊ HỦY",
    Verdict.REISSUED: "GIẤY CHỨNG NHẬN ĐÃ ĐƯỢC CẤP LẠI BẰNG SỐ KHÁC",
    Verdict.ALTERED: "GIẤY CHỨNG NHẬN BỊ SỬA HOẶC KHÔNG KHỚP VỚI SỔ",
    Verdict.UNKNOWN: "KHÔNG CÓ GIẤY CHỨNG NHẬN NÀY TRONG SỔ",
}

EXIT_VALID, EXIT_NOT_VALID = 0, 1


@dataclass(frozen=True)
class RegistryEntry:
    """A certificate as the registry holds it now."""

    fields: SealFields
    status: str  # issued | cancelled
    cancel_reason: str = ""
    cancelled_on: dt.date | None = None
    reissued_as: str = ""  # the number that replaced it, when it was reissued


@dataclass(frozen=True)
class SheetEntry:
    """One line of a verification sheet: the number, its status and the keyed hashes."""

    number: str
    status: str  # issued | cancelled | reissued
    cancelled_on: str = ""
    reissued_as: str = ""
    hashes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Verification:
    """The answer: the verdict, the number asked about, the fields that differ, and the lines to show."""

    verdict: Verdict
    number: str
    lines: tuple[str, ...]
    differing: tuple[str, ...] = ()  # field names (FIELD_LABELS keys, or "check")

    @property
    def title(self) -> str:
        return VERDICT_TITLES[self.verdict]

    @property
    def exit_code(self) -> int:
        return EXIT_VALID if self.verdict is Verdict.VALID else EXIT_NOT_VALID

    def text(self) -> str:
        return "\n".join((self.title, *self.lines))


def _label(name: str) -> str:
    return CHECK_LABEL if name == "check" else FIELD_LABELS[name]


def _describe(sealed: SealFields) -> list[str]:
    return [f"  {FIELD_LABELS[name]}: {value}" for name, value in zip(FIELD_LABELS, sealed.values(), strict=True)
            if name != "centre"]


def _status(number: str, status: str, reason: str, cancelled_on: str, reissued_as: str,
            described: list[str]) -> Verification:
    if reissued_as:
        return Verification(Verdict.REISSUED, number, (
            f"Giấy số {number} đã được thay bằng giấy số {reissued_as}"
            + (f" (ngày {cancelled_on})" if cancelled_on else "") + "; giấy số cũ không còn giá trị.",
            *([f"Lý do: {reason}"] if reason else []), *described))
    if status == "cancelled":
        return Verification(Verdict.CANCELLED, number, (
            f"Giấy số {number} do Trung tâm cấp nhưng đã bị hủy"
            + (f" ngày {cancelled_on}" if cancelled_on else "") + ".",
            *([f"Lý do hủy: {reason}"] if reason else []), *described))
    return Verification(Verdict.VALID, number, (
        f"Giấy số {number} do Trung tâm cấp, nội dung khớp với sổ cấp giấy chứng nhận.", *described))


def _registry_status(entry: RegistryEntry, described: list[str]) -> Verification:
    reason = entry.cancel_reason.removeprefix("Cấp lại: ") if entry.reissued_as else entry.cancel_reason
    return _status(entry.fields.number, entry.status, reason, format_date(entry.cancelled_on),
                   entry.reissued_as, described)


def unknown(number: str, where: str = "sổ cấp giấy chứng nhận của Trung tâm") -> Verification:
    return Verification(Verdict.UNKNOWN, number, (
        f"Không có giấy chứng nhận số {number} trong {where}: giấy không do Trung tâm cấp, "
        "hoặc số bị sửa.",))


def judge_seal(seal: Seal, entry: RegistryEntry | None, check_of: Callable[[SealFields], str]) -> Verification:
    """The paper's seal (QR text) against the registry; ``check_of`` computes a check code with the secret."""
    number = seal.fields.number
    if entry is None:
        return unknown(number)
    printed_ok = check_of(seal.fields) == seal.check
    differing = [name for name in entry.fields.differences(seal.fields)
                 if not (printed_ok and name == "centre")]  # a genuine paper printed under an older centre code
    if not differing and printed_ok:
        return _registry_status(entry, _describe(entry.fields))
    lines = []
    for name in differing:
        lines.append(f"{FIELD_LABELS[name]} khác sổ: trên giấy \"{getattr(seal.fields, name)}\", "
                     f"trong sổ \"{getattr(entry.fields, name)}\".")
    if printed_ok:
        lines.append("Mã kiểm tra khớp với nội dung in trên giấy: giấy do Trung tâm in, nhưng sổ đã được sửa "
                     "sau khi in. Hãy đối chiếu hồ sơ; nếu sổ đúng, in lại giấy chứng nhận.")
    else:
        differing.append("check")
        lines.append(f"Mã kiểm tra {grouped(seal.check)} không khớp với nội dung trên giấy: giấy bị sửa hoặc giả.")
    if entry.status == "cancelled":
        lines.append("Giấy số này trong sổ cũng đã bị hủy" + (f" (cấp lại bằng số {entry.reissued_as})"
                                                              if entry.reissued_as else "") + ".")
    return Verification(Verdict.ALTERED, number, tuple(lines), tuple(differing))


def judge_code(number: str, check: str, entry: RegistryEntry | None, expected: str | None) -> Verification:
    """A number and a check code typed from the paper: the answer shows what the paper must say."""
    if entry is None or expected is None:
        return unknown(number)
    if check != expected:
        return Verification(Verdict.ALTERED, number, (
            f"Mã kiểm tra {grouped(check)} không khớp với giấy số {number} trong sổ: giấy bị sửa, giả, "
            "hoặc gõ nhầm. Quét mã QR trên giấy để biết phần nào khác.",), ("check",))
    return _registry_status(entry, ["Trên giấy phải ghi đúng như sau:", *_describe(entry.fields)])


def judge_sheet(seal: Seal, entry: SheetEntry | None, year: str) -> Verification:
    """The paper's seal against a verification sheet (no database): hashes keyed by the printed check code."""
    number = seal.fields.number
    if entry is None:
        return unknown(number, f"bảng đối chiếu năm {year}")
    mine = sheet_hashes(seal.fields, seal.check)
    if mine["all"] == entry.hashes.get("all"):
        return _status(number, "cancelled" if entry.status != "issued" else "issued", "", entry.cancelled_on,
                       entry.reissued_as, _describe(seal.fields))
    differing = [name for name in mine if name != "all" and mine[name] != entry.hashes.get(name)]
    if not differing or len(differing) == len(mine) - 1:  # every field differs: the check code is not the one issued
        return Verification(Verdict.ALTERED, number, (
            f"Mã kiểm tra {grouped(seal.check)} không phải mã của giấy số {number} trong bảng đối chiếu: "
            "giấy giả hoặc bị sửa (hoặc sổ của Trung tâm đã sửa giấy này sau khi in; hãy hỏi Trung tâm).",),
            ("check",))
    lines = [f"{_label(name)} trên giấy (\"{getattr(seal.fields, name)}\") khác với bảng đối chiếu."
             for name in differing]
    return Verification(Verdict.ALTERED, number, tuple(lines), tuple(differing))
