"""The certificate's seal: what its QR code says, and the check code that proves the centre printed it.

A certificate is shown decades after it was printed, so the text carries its format's version
first (``GCN1``); a later format gets a new prefix and this one stays readable. The format is
written down in ``docs/certificate-verification.md``; ``tests/unit/test_seal.py`` pins it.

    GCN1|<centre>|<number>|<full name>|<birth>|<class code>|<issued on>|<check code>

- centre: the centre's short code (letters, digits, ``-``), e.g. ``TTBDCT-SMC``;
- number: ``0125/2025`` (sequence / year);
- full name: NFC, as in the registry; birth: ``dd/mm/yyyy``, or ``yyyy`` when only the year is known;
- class code: the class's code, e.g. ``NTVD-2025-01``; issued on: ``dd/mm/yyyy``;
- check code: HMAC-SHA256, keyed by the database's secret, over the canonical serialisation
  (:func:`canonical`), base32 (RFC 4648) and cut to its first 10 characters (50 bits).

Inside a field ``%`` is written ``%25`` and ``|`` is written ``%7C`` (no field holds them in
practice; the escape keeps the text unambiguous if one ever does).

Pure: no database, no secret here. The caller passes the key.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
from dataclasses import dataclass, fields, replace

from app.domain.dates import format_date
from app.domain.text import clean

VERSION = "GCN1"
CHECK_LENGTH = 10  # base32 characters: 50 bits
SEPARATOR = "|"
_BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
# What people type for the letters base32 has no digits for (it has no 0, 1, 8 or 9).
_TYPED = str.maketrans({"0": "O", "1": "I", "8": "B", "9": "G"})

# The fields, in their order on the code, with the names the answers use.
FIELD_LABELS: dict[str, str] = {
    "centre": "Mã trung tâm",
    "number": "Số giấy chứng nhận",
    "full_name": "Họ và tên",
    "birth": "Ngày sinh",
    "course_code": "Mã lớp",
    "issued_on": "Ngày cấp",
}
CHECK_LABEL = "Mã kiểm tra"


class SealError(ValueError):
    """Text that is not a certificate's seal (the message says why, in Vietnamese)."""


@dataclass(frozen=True)
class SealFields:
    """What the seal vouches for, as printed (strings: the seal is text on paper)."""

    centre: str
    number: str
    full_name: str
    birth: str
    course_code: str
    issued_on: str

    def values(self) -> tuple[str, ...]:
        return tuple(getattr(self, f.name) for f in fields(self))

    def differences(self, other: SealFields) -> list[str]:
        """The names of the fields where ``other`` says something else (names compared as NFC)."""
        return [f.name for f in fields(self) if clean(getattr(self, f.name)) != clean(getattr(other, f.name))]


def seal_fields(*, centre: str, number: str, full_name: str, birth: str, course_code: str,
                issued_on: dt.date) -> SealFields:
    """The seal's fields from the registry's values, normalised as they are printed."""
    return SealFields(centre=clean(centre), number=clean(number), full_name=clean(full_name), birth=clean(birth),
                      course_code=clean(course_code), issued_on=format_date(issued_on))


def canonical(sealed: SealFields) -> bytes:
    """The bytes the check code is computed over: the version, then each field on its own line, UTF-8, NFC."""
    return "\n".join((VERSION, *(clean(value) for value in sealed.values()))).encode("utf-8")


def check_code(secret: bytes, sealed: SealFields) -> str:
    """HMAC-SHA256 of :func:`canonical` keyed by ``secret``, base32, first 10 characters."""
    digest = hmac.new(secret, canonical(sealed), hashlib.sha256).digest()
    return base64.b32encode(digest).decode("ascii")[:CHECK_LENGTH]


def normalise_check(text: str) -> str:
    """A check code as typed (``abcde fghij``, ``ABCDE-FGHIJ``, a 0 for an O) in its printed form."""
    return re.sub(r"[\s\-.]", "", text or "").upper().translate(_TYPED)


def is_check_code(text: str) -> bool:
    code = normalise_check(text)
    return len(code) == CHECK_LENGTH and all(ch in _BASE32 for ch in code)


def grouped(code: str) -> str:
    """How the check code is printed under the QR code: two groups of five (``ABCDE FGHIJ``)."""
    return f"{code[:5]} {code[5:]}"


def _escape(value: str) -> str:
    return clean(value).replace("%", "%25").replace(SEPARATOR, "%7C")


def _unescape(value: str) -> str:
    return value.replace("%7C", SEPARATOR).replace("%7c", SEPARATOR).replace("%25", "%")


def seal_text(sealed: SealFields, code: str) -> str:
    """The text the QR code holds."""
    return SEPARATOR.join((VERSION, *(_escape(v) for v in sealed.values()), code))


@dataclass(frozen=True)
class Seal:
    """A seal read back: the fields as printed and the printed check code."""

    fields: SealFields
    check: str


def looks_like_seal(text: str) -> bool:
    return (text or "").strip().upper().startswith("GCN") and SEPARATOR in (text or "")


def parse_seal(text: str) -> Seal:
    """Read a seal's text (from the QR code, pasted); raises :class:`SealError` saying what is wrong."""
    text = (text or "").strip()
    parts = text.split(SEPARATOR)
    if not parts or not re.fullmatch(r"GCN\d+", parts[0].strip().upper()):
        raise SealError("Đây không phải mã QR của giấy chứng nhận (phải bắt đầu bằng GCN1|…).")
    if parts[0].strip().upper() != VERSION:
        raise SealError(f"Mã QR theo mẫu {parts[0].strip()}, chương trình này chỉ đọc được mẫu {VERSION}; "
                        "hãy dùng phiên bản chương trình mới hơn.")
    expected = len(FIELD_LABELS) + 2
    if len(parts) != expected:
        raise SealError(f"Mã QR của giấy chứng nhận phải có {expected} phần cách nhau bằng dấu |, "
                        f"ở đây có {len(parts)}: có thể chép thiếu hoặc thừa.")
    values = [_unescape(part) for part in parts[1:-1]]
    sealed = SealFields(*(clean(v) for v in values))
    check = normalise_check(parts[-1])
    if not is_check_code(check):
        raise SealError(f"Mã kiểm tra \"{parts[-1].strip()}\" phải gồm {CHECK_LENGTH} chữ cái A–Z và chữ số 2–7.")
    return Seal(sealed, check)


def with_field(sealed: SealFields, name: str, value: str) -> SealFields:
    """The same fields with one changed (what a forger does; the tests use it)."""
    return replace(sealed, **{name: value})


# --- the verification sheet -----------------------------------------------------------------
#
# A sheet lists each certificate's number with hashes keyed by the certificate's own check
# code: whoever holds the paper (and so its code) can compare; whoever holds only the sheet
# cannot confirm a guess of a name or a birth date without also guessing 50 bits of check code.

SHEET_VERSION = "GCN-SHEET1"
SHEET_HASH_LENGTH = 16  # base32 characters of each keyed hash: 80 bits


def sheet_hash(code: str, label: str, value: str) -> str:
    """HMAC-SHA256 keyed by the check code over ``<sheet version>\\n<label>\\n<value>``, base32, 16 characters."""
    message = "\n".join((SHEET_VERSION, label, clean(value))).encode("utf-8")
    digest = hmac.new(normalise_check(code).encode("ascii"), message, hashlib.sha256).digest()
    return base64.b32encode(digest).decode("ascii")[:SHEET_HASH_LENGTH]


def sheet_hashes(sealed: SealFields, code: str) -> dict[str, str]:
    """One keyed hash for the whole seal and one per field except the number (the sheet's key)."""
    hashes = {"all": sheet_hash(code, "all", canonical(sealed).decode("utf-8"))}
    for name in FIELD_LABELS:
        if name != "number":
            hashes[name] = sheet_hash(code, name, getattr(sealed, name))
    return hashes
