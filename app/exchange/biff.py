"""What calamine does not tell of an .xls (Excel 97–2003, BIFF8): hidden rows and struck-through cells.

A small, bounded reader of the compound file (OLE2) that holds the "Workbook" stream, and of the
few BIFF8 records that carry those flags: FONT (strike-out), XF (a cell format's font), BOUNDSHEET
(where each sheet's records start), ROW (the hidden flag) and the value cells (their format). The
values themselves are calamine's. Anything unexpected gives up quietly (no flags), never a crash
or a hang: every chain and loop is bounded by the file's size.
"""

from __future__ import annotations

import struct

_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
_VALUE_CELLS = {0x00FD, 0x0204, 0x0203, 0x027E, 0x0006, 0x0205}  # LABELSST LABEL NUMBER RK FORMULA BOOLERR
_MULRK = 0x00BD
ENCRYPTED = "encrypted with a password"  # check()'s answer for a workbook saved with a password to open it
MAX_GRID_CELLS = 2_000_000  # rows x columns a sheet may declare (a roster at the row limit: 20,000 x 100)


class _Broken(Exception):
    pass


def _chain(fat: list[int], start: int, limit: int) -> list[int]:
    sectors: list[int] = []
    current = start
    while current not in (_END_OF_CHAIN, _FREE):
        if current >= len(fat) or len(sectors) > limit:
            raise _Broken("bad sector chain")
        sectors.append(current)
        current = fat[current]
    return sectors


def _workbook_stream(data: bytes) -> bytes:
    if not data.startswith(_SIGNATURE) or len(data) < 512:
        raise _Broken("not a compound file")
    sector_size = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    mini_size = 1 << struct.unpack_from("<H", data, 0x20)[0]
    if sector_size not in (512, 4096) or mini_size != 64:
        raise _Broken("odd sector sizes")
    limit = len(data) // sector_size + 1

    def sector(n: int) -> bytes:
        offset = (n + 1) * sector_size
        if offset + sector_size > len(data) + sector_size:  # the last sector may be short
            raise _Broken("sector past the end")
        return data[offset:offset + sector_size]

    fat_count, first_dir, cutoff, first_minifat, minifat_count, first_difat, difat_count = (
        struct.unpack_from("<I", data, 0x2C)[0], struct.unpack_from("<I", data, 0x30)[0],
        struct.unpack_from("<I", data, 0x38)[0], struct.unpack_from("<I", data, 0x3C)[0],
        struct.unpack_from("<I", data, 0x40)[0], struct.unpack_from("<I", data, 0x44)[0],
        struct.unpack_from("<I", data, 0x48)[0])
    if fat_count > limit or difat_count > limit or minifat_count > limit:
        raise _Broken("counts larger than the file")
    fat_sectors = [n for n in struct.unpack_from("<109I", data, 0x4C) if n != _FREE][:fat_count]
    current, seen = first_difat, 0
    per = sector_size // 4 - 1
    while len(fat_sectors) < fat_count and current not in (_END_OF_CHAIN, _FREE) and seen <= difat_count:
        block = struct.unpack(f"<{per + 1}I", sector(current))
        fat_sectors += [n for n in block[:per] if n != _FREE]
        current, seen = block[per], seen + 1
    fat: list[int] = []
    for n in fat_sectors[:fat_count]:
        fat += struct.unpack(f"<{sector_size // 4}I", sector(n))
    directory = b"".join(sector(n) for n in _chain(fat, first_dir, limit))
    root_start = root_size = None
    found = None
    encrypted = False
    for offset in range(0, len(directory) - 127, 128):
        name_length = struct.unpack_from("<H", directory, offset + 0x40)[0]
        name = directory[offset:offset + max(0, min(name_length, 64) - 2)].decode("utf-16-le", "replace")
        kind = directory[offset + 0x42]
        start, size = struct.unpack_from("<II", directory, offset + 0x74)
        if kind == 5:
            root_start, root_size = start, size
        elif kind == 2 and name in ("Workbook", "Book") and found is None:
            found = (start, size)
        elif kind == 2 and name == "EncryptedPackage":  # an .xlsx saved with a password: Office's encryption
            encrypted = True
    if found is None:
        raise _Broken(ENCRYPTED if encrypted else "no Workbook stream")
    start, size = found
    if size > len(data) * 2:
        raise _Broken("stream larger than the file")
    if size >= cutoff:
        return b"".join(sector(n) for n in _chain(fat, start, limit))[:size]
    if root_start is None:
        raise _Broken("no root entry")
    mini_stream = b"".join(sector(n) for n in _chain(fat, root_start, limit))[:root_size]
    minifat: list[int] = []
    for n in _chain(fat, first_minifat, limit):
        minifat += struct.unpack(f"<{sector_size // 4}I", sector(n))
    chain = _chain(minifat, start, len(mini_stream) // mini_size + 1)
    pieces = [mini_stream[n * mini_size:(n + 1) * mini_size] for n in chain]
    return b"".join(pieces)[:size]


def _records(stream: bytes, start: int = 0):
    position = start
    while position + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, position)
        yield kind, stream[position + 4:position + 4 + length]
        position += 4 + length


def check(data: bytes) -> str:
    """Why this .xls must not be handed to calamine ("" if it may): calamine trusts some counts of a
    damaged file and asks for hundreds of GB, which aborts the whole program (a Rust allocation
    failure is no Python exception). So the compound file must walk cleanly and the counts
    calamine sizes its tables by must fit in the stream."""
    try:
        stream = _workbook_stream(data)
    except (_Broken, struct.error, IndexError, ValueError) as exc:
        return ENCRYPTED if str(exc) == ENCRYPTED else f"compound file: {exc}"
    position = 0
    while position + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, position)
        if kind == 0x002F:  # FILEPASS: the records after it are encrypted
            return ENCRYPTED
        if length > 8224:  # BIFF8's largest record
            return f"record {kind:#06x} of {length} bytes"
        body = stream[position + 4:position + 4 + length]
        if kind == 0x00FC and len(body) >= 8:  # SST: a unique string takes 3 bytes at least
            total, unique = struct.unpack_from("<II", body, 0)
            if unique > len(stream) // 3 or total > len(stream) * 1000:
                return f"shared strings count {unique}"
        elif kind == 0x0200 and len(body) >= 12:  # DIMENSIONS: calamine sizes the sheet's grid by it
            first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", body, 0)
            if (last_row > 65536 or last_col > 256 or first_row > last_row or first_col > last_col
                    or (last_row - first_row) * (last_col - first_col) > MAX_GRID_CELLS):
                return f"sheet dimensions {first_row}-{last_row} x {first_col}-{last_col}"
        position += 4 + length
    return ""


def formatting(data: bytes, max_rows: int) -> dict[str, tuple[frozenset[int], frozenset[tuple[int, int]]]]:
    """Sheet name → (hidden rows, struck cells), 1-based. Empty when the file cannot be walked."""
    try:
        stream = _workbook_stream(data)
        fonts: list[bool] = []
        xf_fonts: list[int] = []
        sheets: list[tuple[int, str]] = []
        for kind, body in _records(stream):
            if kind == 0x0031 and len(body) >= 4:  # FONT
                fonts.append(bool(struct.unpack_from("<H", body, 2)[0] & 0x0008))
            elif kind == 0x00E0 and len(body) >= 2:  # XF
                xf_fonts.append(struct.unpack_from("<H", body, 0)[0])
            elif kind == 0x0085 and len(body) >= 8:  # BOUNDSHEET
                position = struct.unpack_from("<I", body, 0)[0]
                count, flags = body[6], body[7]
                raw = body[8:8 + count * (2 if flags & 1 else 1)]
                sheets.append((position, raw.decode("utf-16-le" if flags & 1 else "latin-1", "replace")))
            elif kind == 0x000A:  # EOF of the workbook globals
                break
        # Font index 4 does not exist in BIFF: the fifth FONT record is font 5.
        struck_font = {(i if i < 4 else i + 1) for i, strike in enumerate(fonts) if strike}
        struck_xf = {i for i, font in enumerate(xf_fonts) if font in struck_font}
        result = {}
        for position, name in sheets:
            hidden: set[int] = set()
            struck: set[tuple[int, int]] = set()
            for kind, body in _records(stream, position):
                if kind == 0x000A:
                    break
                if kind == 0x0208 and len(body) >= 14:  # ROW
                    row, flags = struct.unpack_from("<H", body, 0)[0], struct.unpack_from("<H", body, 12)[0]
                    if flags & 0x0020 and row < max_rows:
                        hidden.add(row + 1)
                elif kind in _VALUE_CELLS and len(body) >= 6 and struck_xf:
                    row, column, xf = struct.unpack_from("<HHH", body, 0)
                    if xf in struck_xf and row < max_rows:
                        struck.add((row + 1, column + 1))
                elif kind == _MULRK and len(body) >= 6 and struck_xf:
                    row, first = struct.unpack_from("<HH", body, 0)
                    for k in range((len(body) - 6) // 6):
                        if struct.unpack_from("<H", body, 4 + 6 * k)[0] in struck_xf and row < max_rows:
                            struck.add((row + 1, first + k + 1))
            result[name] = (frozenset(hidden), frozenset(struck))
        return result
    except (_Broken, struct.error, IndexError, ValueError):
        return {}
