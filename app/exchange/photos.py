"""A trainee's 3×4 photo from an untrusted file or the clipboard: checked, turned upright, cut to
3:4 and written as a 300 dpi JPEG of at most 100 KB.

Image files come from anywhere (a phone, a scanner, a stick passed around), so they are read
like rosters are: a size limit before reading, a pixel limit read from the header before any
decoding (Pillow's own decompression-bomb guard set to the same limit, its warning made an
error), truncated data refused rather than padded with grey, and every decoder error turned into
one Vietnamese message. Nothing here touches the database.
"""

from __future__ import annotations

import io
import struct
import warnings
from pathlib import Path

from PIL import Image, ImageFile, ImageOps

from app.domain.errors import ValidationError
from app.domain.formatting import format_int

# 3 × 4 cm at 300 dpi.
PHOTO_DPI = 300
PHOTO_SIZE = (354, 472)
MAX_JPEG_BYTES = 100 * 1024
# The qualities tried in turn until the JPEG fits MAX_JPEG_BYTES (a 354×472 photo is ~40-70 KB
# at 90; a noisy scan may need less).
QUALITIES = (92, 88, 84, 80, 75, 70, 65, 60, 55, 50, 45, 40, 35, 30)

MAX_FILE_BYTES = 20 * 1024 * 1024  # a phone photo is 2-10 MB
MAX_PIXELS = 64_000_000  # a 64-megapixel camera; 50,000 × 50,000 declared is refused unread
FORMATS = ("JPEG", "PNG", "BMP", "GIF", "TIFF", "WEBP")  # a phone's MPO opens as JPEG

# Pillow's guard, explicit: above this it warns (made an error below), above twice it refuses.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
ImageFile.LOAD_TRUNCATED_IMAGES = False  # a cut-off file is an error, not a grey lower half

NOT_AN_IMAGE = ("Tệp này không phải là ảnh, hoặc là loại ảnh không đọc được. "
                "Hãy chọn ảnh JPEG, PNG, BMP, GIF, TIFF hoặc WebP.")
DAMAGED = "Ảnh bị hỏng hoặc không trọn vẹn (tệp bị cắt cụt), không đọc được. Hãy chụp hoặc quét lại ảnh."


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def read_photo_file(path: Path | str) -> bytes:
    """The bytes of an image file, refused before reading when it is empty or too large."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ValidationError(f"\"{path.name}\" không phải là một tệp ảnh.")
        if size > MAX_FILE_BYTES:
            raise ValidationError(f"Tệp ảnh \"{path.name}\" quá lớn ({_megabytes(size)} MB; tối đa "
                                  f"{MAX_FILE_BYTES // 1024 // 1024} MB). Hãy thu nhỏ ảnh rồi thử lại.")
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ValidationError(f"Không đọc được tệp \"{path.name}\": {exc.strerror or exc}.") from exc
    if len(data) > MAX_FILE_BYTES:  # it grew while being read
        raise ValidationError(f"Tệp ảnh \"{path.name}\" quá lớn (tối đa {MAX_FILE_BYTES // 1024 // 1024} MB).")
    return data


def prepare_photo(data: bytes) -> bytes:
    """``data`` (an image file's bytes) as the stored photo: upright by its EXIF orientation, cut
    to 3:4 around the upper middle (where a face is), 354 × 472 pixels, a 300 dpi JPEG of at most
    100 KB. A :class:`ValidationError` in Vietnamese for anything that is not a readable image of
    a sensible size."""
    if not data:
        raise ValidationError("Tệp ảnh rỗng (0 byte): không có ảnh nào để lưu.")
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(f"Ảnh quá lớn ({_megabytes(len(data))} MB; tối đa "
                              f"{MAX_FILE_BYTES // 1024 // 1024} MB). Hãy thu nhỏ ảnh rồi thử lại.")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=FORMATS)
        except Image.DecompressionBombError as exc:
            raise _too_many_pixels(None) from exc
        except (OSError, SyntaxError, ValueError, EOFError, struct.error, Image.DecompressionBombWarning) as exc:
            if isinstance(exc, Image.DecompressionBombWarning):
                raise _too_many_pixels(None) from exc
            raise ValidationError(NOT_AN_IMAGE) from exc
        with image:
            width, height = image.size
            if width < 1 or height < 1 or width * height > MAX_PIXELS:
                raise _too_many_pixels((width, height))
            try:
                # A JPEG decodes straight at a smaller scale (far less memory for a camera photo).
                image.draft("RGB", (PHOTO_SIZE[0] * 2, PHOTO_SIZE[1] * 2))
                image.load()
                upright = ImageOps.exif_transpose(image)
                rgb = _on_white(upright)
                fitted = ImageOps.fit(rgb, PHOTO_SIZE, method=Image.Resampling.LANCZOS, centering=(0.5, 0.4))
            except Image.DecompressionBombError as exc:
                raise _too_many_pixels((width, height)) from exc
            except (OSError, SyntaxError, ValueError, EOFError, struct.error, MemoryError,
                    Image.DecompressionBombWarning) as exc:
                raise ValidationError(DAMAGED) from exc
    return encode_jpeg(fitted)


def encode_jpeg(image: Image.Image, limit: int = MAX_JPEG_BYTES) -> bytes:
    """``image`` as a 300 dpi JPEG, the quality lowered step by step until it is at most ``limit`` bytes."""
    for quality in QUALITIES:
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality, optimize=True, dpi=(PHOTO_DPI, PHOTO_DPI))
        if buffer.tell() <= limit:
            return buffer.getvalue()
    raise ValidationError("Không nén được ảnh xuống dưới 100 KB; hãy chọn một ảnh khác.")


def _on_white(image: Image.Image) -> Image.Image:
    """RGB; a transparent background (a cut-out PNG) becomes white, as on printed paper."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGB", rgba.size, (255, 255, 255))
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    return image.convert("RGB")


def _too_many_pixels(size: tuple[int, int] | None) -> ValidationError:
    limit = f"tối đa {MAX_PIXELS // 1_000_000} triệu điểm ảnh"
    if size is None:
        return ValidationError(f"Ảnh quá lớn ({limit}). Hãy thu nhỏ ảnh rồi thử lại.")
    width, height = size
    return ValidationError(f"Ảnh quá lớn: {format_int(width)} × {format_int(height)} điểm ảnh ({limit}). "
                           "Hãy thu nhỏ ảnh rồi thử lại.")
