"""Opening an untrusted .xlsx (or .ods, .xls, .csv) without trusting it: size limits, zip checks, read-only parsing.

openpyxl parses with defusedxml when it is installed (a declared dependency), which stops
entity-expansion ("billion laughs") attacks; the zip checks stop decompression bombs before
any XML is read.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from app.domain.errors import ValidationError

MAX_FILE_BYTES = 20 * 1024 * 1024
# A roster at the reader's 20,000-row limit unpacks to about 20 MB of XML. openpyxl may parse a
# sheet twice (once only to find its size when the file does not state it), so this bounds the
# reading time of the worst file it lets through to a few seconds, and its memory.
MAX_UNCOMPRESSED_BYTES = 40 * 1024 * 1024
# Shared strings, styles and the rest are read whole into memory before the first row: smaller still.
MAX_PART_BYTES = 16 * 1024 * 1024
MAX_RATIO = 200


def require_file(path: Path) -> None:
    """Refuse a path where no file is: a folder chosen by mistake is said as such."""
    if Path(path).is_dir():
        raise ValidationError(f"{path} là một thư mục, không phải tệp: hãy chọn tệp danh sách bên trong thư mục.")
    if not Path(path).is_file():
        raise ValidationError(f"Không tìm thấy tệp {path}.")


def check_size(path: Path) -> None:
    """Refuse a missing file or one larger than any roster (every format)."""
    path = Path(path)
    require_file(path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        megabytes = f"{size / (1024 * 1024):.1f}".replace(".", ",")
        raise ValidationError(f"Tệp {path.name} quá lớn ({megabytes} MB); "
                              f"giới hạn {MAX_FILE_BYTES // (1024 * 1024)} MB.")


def _zip_sizes(path: Path) -> tuple[set[str], int, int, list[zipfile.ZipInfo]]:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except Exception as exc:  # BadZipFile, OSError, NotImplementedError (a damaged "zip file version") …
        raise ValidationError(f"Tệp {path.name} bị hỏng, không đọc được.", details=str(exc)) from exc
    names = {info.filename for info in infos}
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    return names, total, packed, infos


def _check_unpacked(path: Path, total: int, packed: int, parts: list[zipfile.ZipInfo]) -> None:
    if total / packed > MAX_RATIO:
        raise ValidationError(f"Tệp {path.name} có nội dung nén bất thường (quá lớn khi giải nén); "
                              "không đọc để tránh treo máy.")
    if total > MAX_UNCOMPRESSED_BYTES or any(info.file_size > MAX_PART_BYTES for info in parts):
        raise ValidationError(f"Tệp {path.name} chứa quá nhiều dữ liệu ({total // (1024 * 1024)} MB khi giải nén) "
                              "so với một danh sách học viên; hãy chia nhỏ tệp.")


def check_ods_file(path: Path) -> None:
    """The zip checks of an OpenDocument spreadsheet (.ods): the same limits as an .xlsx."""
    path = Path(path)
    check_size(path)
    if not zipfile.is_zipfile(path):
        raise ValidationError(f"Tệp {path.name} không phải bảng tính .ods.")
    names, total, packed, infos = _zip_sizes(path)
    if "content.xml" not in names:
        raise ValidationError(f"Tệp {path.name} không phải bảng tính .ods.")
    # calamine reads content.xml whole into memory: it is held to the per-part limit.
    _check_unpacked(path, total, packed, infos)


def check_xlsx_file(path: Path) -> None:
    """Refuse, with a clear Vietnamese reason, anything that is not a sane .xlsx workbook."""
    path = Path(path)
    check_size(path)
    if not zipfile.is_zipfile(path):
        hint = " (tệp .xls cũ: hãy mở bằng Excel và lưu lại dạng .xlsx)" if path.suffix.lower() == ".xls" else ""
        raise ValidationError(f"Tệp {path.name} không phải tệp Excel .xlsx{hint}.")
    names, total, packed, infos = _zip_sizes(path)
    parts = [info for info in infos if not info.filename.startswith("xl/worksheets/")]
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise ValidationError(f"Tệp {path.name} không phải bảng tính Excel .xlsx.")
    _check_unpacked(path, total, packed, parts)
