"""Checking certificates, for the command line and the window alike: what was given (text, a
typed number and check code, a photo or a scan) -> the answer; and the verification sheet file.

See ``docs/certificate-verification.md``.
"""

from __future__ import annotations

from pathlib import Path

from app.domain import seal as seals
from app.domain.errors import ValidationError
from app.domain.verification import Verification, judge_sheet
from app.exchange.qr_image import read_qr_texts
from app.exchange.verification_sheet import Sheet, read_sheet, sheet_bytes

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp")


def texts_from_image(path: Path) -> list[str]:
    """The certificate seals read from a photo or scan; ValidationError when there is none."""
    found = read_qr_texts(path)
    ours = [text for text in found if seals.looks_like_seal(text)]
    if ours:
        return ours
    if found:
        raise ValidationError(f"Mã QR trong ảnh {Path(path).name} không phải mã của giấy chứng nhận.")
    raise ValidationError(f"Không tìm thấy mã QR trong ảnh {Path(path).name}. Hãy chụp lại gần hơn, đủ sáng, "
                          "không lóa, mã QR nằm trọn trong ảnh; hoặc gõ số giấy và mã kiểm tra.")


def texts_from_input(raw: str) -> list[str]:
    """What the user gave: the path of an image (its seals), else the text itself."""
    raw = (raw or "").strip()
    if not raw:
        raise ValidationError("Chưa có gì để kiểm tra: dán nội dung mã QR, gõ số giấy và mã kiểm tra, "
                              "hoặc chọn ảnh chụp giấy chứng nhận.")
    if "|" not in raw and len(raw) < 4096:
        path = Path(raw.strip('"'))
        try:
            is_file = path.is_file()
        except OSError:
            is_file = False
        if is_file:
            return texts_from_image(path)
        if path.suffix.lower() in IMAGE_SUFFIXES:
            raise ValidationError(f"Không có tệp ảnh {path}.")
    return [raw]


def verify_input(raw: str) -> list[Verification]:
    """Each certificate in what was given, checked against the open database's registry."""
    from app.services.verification import verify_text

    return [verify_text(text) for text in texts_from_input(raw)]


def load_sheet(path: Path) -> Sheet:
    try:
        data = Path(path).read_bytes()
    except OSError:
        raise ValidationError(f"Không đọc được bảng đối chiếu {path}.") from None
    return read_sheet(data, Path(path).name)


def verify_with_sheet(sheet: Sheet, raw: str) -> list[Verification]:
    """Each certificate in what was given, against a verification sheet (no database needed)."""
    results = []
    for text in texts_from_input(raw):
        if not seals.looks_like_seal(text):
            raise ValidationError("Đối chiếu với bảng cần nội dung mã QR (GCN1|…) hoặc ảnh chụp mã QR: bảng đối "
                                  "chiếu không đủ để kiểm tra chỉ bằng số giấy và mã kiểm tra.")
        try:
            seal = seals.parse_seal(text)
        except seals.SealError as exc:
            raise ValidationError(str(exc)) from None
        if sheet.year and not seal.fields.number.endswith("/" + sheet.year):
            raise ValidationError(f"Giấy số {seal.fields.number} không thuộc năm {sheet.year} của bảng đối chiếu; "
                                  "hãy dùng bảng đối chiếu của năm ghi sau dấu /.")
        results.append(judge_sheet(seal, sheet.entries.get(seal.fields.number), sheet.year))
    return results


def verification_sheet(year: int) -> tuple[bytes, int]:
    """The verification sheet of ``year`` as a CSV file's bytes, and how many certificates it lists."""
    from app.services.verification import sheet_entries

    centre, entries = sheet_entries(year)
    return sheet_bytes(centre, year, entries), len(entries)
