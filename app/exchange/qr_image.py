"""Reading a certificate's QR code from a photo or a scan (zxing-cpp), safely.

The file comes from whoever shows the certificate: it may be no image, a huge one, or a
truncated one; each is a Vietnamese message, never a crash.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from app.domain.errors import ValidationError

MAX_FILE_BYTES = 60 * 1024 * 1024
MAX_PIXELS = 120_000_000  # a 600-dpi A3 scan is ~70 Mpx; anything far past it is not a photo of a paper


def image_decoding_available() -> bool:
    try:
        import zxingcpp  # noqa: F401
    except ImportError:
        return False
    return True


def read_qr_texts(path: Path) -> list[str]:
    """The texts of the QR codes found in the image at ``path`` (possibly none)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        import zxingcpp
    except ImportError:
        raise ValidationError("Máy này thiếu thư viện đọc mã QR (zxing-cpp) nên không đọc được ảnh; hãy dán nội "
                              "dung mã QR, hoặc gõ số giấy và mã kiểm tra.") from None
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError:
        raise ValidationError(f"Không mở được tệp ảnh {path}.") from None
    if size > MAX_FILE_BYTES:
        raise ValidationError(f"Tệp ảnh {path.name} quá lớn ({size // (1024 * 1024)} MB).")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as opened:
                if opened.width * opened.height > MAX_PIXELS:
                    raise ValidationError(f"Ảnh {path.name} quá lớn ({opened.width} × {opened.height} điểm ảnh).")
                image = ImageOps.exif_transpose(opened).convert("L")
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(f"Ảnh {path.name} quá lớn để đọc.") from None
    except UnidentifiedImageError:
        raise ValidationError(f"Tệp {path.name} không phải là ảnh (chụp hoặc quét) đọc được.") from None
    except (OSError, SyntaxError, ValueError) as exc:  # truncated or damaged
        raise ValidationError(f"Ảnh {path.name} bị hỏng hoặc không đầy đủ, không đọc được.", details=str(exc)) from None
    found = [r.text for r in zxingcpp.read_barcodes(image) if r.text]
    if not found and max(image.size) > 2000:  # a large phone photo: the code may read better smaller
        scale = 2000 / max(image.size)
        smaller = image.resize((max(1, int(image.width * scale)), max(1, int(image.height * scale))))
        found = [r.text for r in zxingcpp.read_barcodes(smaller) if r.text]
    return found
