"""Image files for the photo tests: real photos of any size and orientation, and hostile ones."""

from __future__ import annotations

import io
import random
import struct
import zlib

from PIL import Image


def noisy_jpeg(width: int = 3000, height: int = 4000, *, quality: int = 95) -> bytes:
    """A camera-like JPEG that compresses badly (random noise over colour bands)."""
    rng = random.Random(7)
    small = Image.frombytes("RGB", (width // 8, height // 8), bytes(rng.randrange(256) for _ in range(
        (width // 8) * (height // 8) * 3)))
    image = small.resize((width, height), Image.Resampling.NEAREST)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def rotated_jpeg() -> bytes:
    """A landscape JPEG (left half red, right half blue) whose EXIF says "turn 90° clockwise":
    shown upright it is portrait with red on top."""
    image = Image.new("RGB", (800, 600), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 400, 600))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90 CW to display
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=exif)
    return buffer.getvalue()


def small_png(color=(20, 120, 60), size=(300, 400)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def declared_png(width: int = 50_000, height: int = 50_000) -> bytes:
    """A tiny PNG file whose header declares ``width`` × ``height`` pixels (a decompression bomb)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(b"\x00" * 64))
            + _chunk(b"IEND", b""))


def truncated_jpeg() -> bytes:
    """The first half of a real JPEG."""
    data = noisy_jpeg(800, 1000)
    return data[: len(data) // 2]
