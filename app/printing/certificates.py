"""Giấy chứng nhận: the full design on plain paper, or the fields alone on pre-printed blanks."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.domain.documents import CertificateRow
from app.domain.formatting import birth_line, date_line, format_date
from app.domain.institution import Institution
from app.printing.blank import PREPRINTED_FIELDS, SEAL_FIELD
from app.printing.fonts import SERIF, SERIF_BOLD, SERIF_ITALIC, register_fonts
from app.printing.names import balanced_lines
from app.printing.progress import PageCount, Progress, Stop
from app.printing.qr import draw_seal, draw_seal_placeholder
from app.printing.template import PARTY_NAME, STATE_MOTTO, STATE_NAME, Signer

RED = colors.Color(0.75, 0.05, 0.05)


def _period(row: CertificateRow) -> str:
    return f"Từ ngày {format_date(row.start_date)} đến ngày {format_date(row.end_date)}"


def certificates_pdf(institution: Institution, rows: Sequence[CertificateRow], *, signer: Signer,
                     paper: str = "A4", seals: Mapping[str, tuple[str, str]] | None = None,
                     progress: Progress | None = None, cancelled: Stop | None = None) -> bytes:
    """One page per certificate in the full design, A4 or A5 landscape; ``seals`` maps a number
    to its QR code's text and check code (app.services.verification.course_seals). Each page is
    told to ``progress`` (of ``len(rows)``); ``cancelled()`` stops the drawing there
    (:mod:`app.printing.progress`)."""
    register_fonts()
    pages = PageCount(len(rows), progress, cancelled)
    size = landscape(A5 if paper == "A5" else A4)
    scale = size[0] / landscape(A4)[0]
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size, initialFontName=SERIF)
    canvas.setTitle("Giấy chứng nhận")
    canvas.setAuthor(institution.name)
    for row in rows:
        canvas.saveState()
        canvas.scale(scale, scale)
        _draw_full(canvas, institution, row, signer)
        if seals and row.number in seals:  # bottom, between the numbers and the photo box
            draw_seal(canvas, *seals[row.number], x=SEAL_X, top=54 * mm, side=SEAL_SIDE, caption_size=9)
        canvas.restoreState()
        canvas.showPage()
        pages.page_done()
    canvas.save()
    return buffer.getvalue()


def _centered(canvas: Canvas, text: str, x: float, y: float, font: str, size: float, *, underline: bool = False):
    canvas.setFont(font, size)
    canvas.drawCentredString(x, y, text)
    if underline:
        width = canvas.stringWidth(text, font, size)
        canvas.setLineWidth(0.6)
        canvas.line(x - width / 2, y - 2.5, x + width / 2, y - 2.5)


def _draw_full(canvas: Canvas, institution: Institution, row: CertificateRow, signer: Signer) -> None:
    width, height = landscape(A4)
    canvas.setStrokeColor(RED)
    canvas.setLineWidth(2.5)
    canvas.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    canvas.setLineWidth(0.8)
    canvas.rect(13 * mm, 13 * mm, width - 26 * mm, height - 26 * mm)
    canvas.setStrokeColor(colors.black)
    left_x, right_x, top = 75 * mm, width - 85 * mm, height - 25 * mm
    state = institution.header_style == "state"
    # The left column runs from the inner frame to the state line's column: long names wrap
    # between words or get smaller inside it.
    y = _name_lines(canvas, institution.parent_body.upper(), left_x, top, SERIF, 13, LEFT_ROOM)
    y = _name_lines(canvas, institution.name.upper(), left_x, y, SERIF_BOLD, 12, LEFT_ROOM, min_size=10,
                    rule=state)
    if not state:
        _centered(canvas, "*", left_x, y + 1 * mm, SERIF, 12)
    if state:
        _centered(canvas, STATE_NAME, right_x, top, SERIF_BOLD, 12)
        _centered(canvas, STATE_MOTTO, right_x, top - 6 * mm, SERIF_BOLD, 13, underline=True)
    else:
        _centered(canvas, PARTY_NAME, right_x, top, SERIF_BOLD, 15, underline=True)
    canvas.setFillColor(RED)
    _centered(canvas, "GIẤY CHỨNG NHẬN", width / 2, height - 62 * mm, SERIF_BOLD, 30)
    canvas.setFillColor(colors.black)
    below = _name_lines(canvas, f"GIÁM ĐỐC {institution.name.upper()}", width / 2, height - 74 * mm, SERIF_BOLD, 14,
                        SIGNER_ROOM, min_size=11, shrink_one_line=True, max_lines=2)
    drop = max(0.0, (height - 74 * mm - below) - 7 * mm)  # a second line pushes what follows down
    _centered(canvas, "CHỨNG NHẬN:", width / 2, height - 82 * mm - drop, SERIF_BOLD, 14)
    lines = [
        [("Đồng chí: ", False), (row.full_name, True)],
        [(birth_line(row.birth), False)],
        [(f"Đơn vị: {row.unit}", False)],
        [("Đã hoàn thành lớp: ", False), (row.course_name, True)],
        [(_period(row) + (f", tại {row.venue}" if row.venue else ""), False)],
    ]
    if row.result:
        lines.append([("Xếp loại: ", False), (row.result, True)])
    # The date line's baseline is at 64 mm, its letters reach ~69 mm: the body stays above 72 mm.
    _draw_lines(canvas, lines, 45 * mm, height - 90 * mm - drop, width - 90 * mm, bottom=72 * mm)
    canvas.setFont(SERIF, 12)
    canvas.drawString(30 * mm, 32 * mm, f"Số: {row.serial}")
    canvas.drawString(30 * mm, 26 * mm, f"Số vào sổ: {row.number}")
    sign_x = width - 75 * mm
    canvas.setFont(SERIF_ITALIC, 13)
    canvas.drawCentredString(sign_x, 64 * mm, date_line(institution.place_name, row.issued_on))
    for i, title in enumerate(signer.titles()):
        _centered(canvas, title, sign_x, 57 * mm - i * 6 * mm, SERIF_BOLD, 14)
    _centered(canvas, signer.name, sign_x, 22 * mm, SERIF_BOLD, 14)
    if row.photo:
        draw_photo(canvas, row.photo, PHOTO_BOX)


# The 3×4 photo box of the full design (x, y of its lower-left corner, width, height; A4 landscape
# before scaling): left of the signature, so the seal can overlap the photo's corner.
PHOTO_BOX = (120 * mm, 24 * mm, 30 * mm, 40 * mm)


def draw_photo(canvas: Canvas, jpeg: bytes, box: tuple[float, float, float, float]) -> None:
    """The photo (a 3:4 JPEG) filling ``box``, with a thin frame."""
    from reportlab.lib.utils import ImageReader

    x, y, width, height = box
    canvas.drawImage(ImageReader(io.BytesIO(jpeg)), x, y, width, height, preserveAspectRatio=True, anchor="c")
    canvas.setLineWidth(0.5)
    canvas.rect(x, y, width, height)


SEAL_SIDE, SEAL_X = 26 * mm, 86 * mm  # the QR code on the full design (18 mm on A5), left of PHOTO_BOX
LEFT_ROOM = 112 * mm  # the heading's left column: from the inner frame to the party / state line
SIGNER_ROOM = 250 * mm  # "GIÁM ĐỐC TRUNG TÂM …" inside the inner frame (271 mm)


def _name_lines(canvas: Canvas, text: str, x: float, y: float, font: str, size: float, room: float, *,
                min_size: float = 12, shrink_one_line: bool = False, max_lines: int = 3, rule: bool = False) -> float:
    """``text`` centred on ``x`` from the baseline ``y`` down, in balanced lines broken between words
    that fit ``room`` (smaller type when needed); returns the baseline of the next line."""
    lines, used = balanced_lines(text, font, size, room, min_size=min_size, shrink_one_line=shrink_one_line,
                                 max_lines=max_lines)
    for line in lines:
        _centered(canvas, line, x, y, font, used)
        y -= max(used * 1.3, 5.5 * mm)
    if rule and lines:
        widest = max(stringWidth(line, font, used) for line in lines)
        canvas.setLineWidth(0.6)
        canvas.line(x - widest * 0.2, y + 3 * mm, x + widest * 0.2, y + 3 * mm)
    return y


def _layout(lines: Sequence[Sequence[tuple[str, bool]]], width: float,
            size: float) -> list[list[tuple[str, str, float]]]:
    """Wrap lines of (text, bold) runs at spaces to ``width``: rows of (word, font, advance)."""
    space = {font: stringWidth(" ", font, size) for font in (SERIF, SERIF_BOLD)}
    placed_rows: list[list[tuple[str, str, float]]] = []
    for runs in lines:
        words = [(word, SERIF_BOLD if bold else SERIF) for text, bold in runs for word in text.split()]
        rows: list[list[tuple[str, str, float]]] = [[]]
        used = 0.0
        for word, font in words:
            advance = stringWidth(word, font, size)
            gap = space[rows[-1][-1][1]] if rows[-1] else 0.0  # the space belongs to the word before
            if rows[-1] and used + gap + advance > width:
                rows.append([])
                used, gap = 0.0, 0.0
            rows[-1].append((word, font, advance))
            used += gap + advance
        placed_rows += rows
    return placed_rows


BODY_SIZES = (15, 14, 13, 12, 11, 10)


def _draw_lines(canvas: Canvas, lines: Sequence[Sequence[tuple[str, bool]]], x: float, top: float,
                width: float, *, bottom: float) -> None:
    """Lines of (text, bold) runs, each wrapped at spaces to ``width``, the first one hanging from
    ``top``; the type gets smaller (15 pt down to 10 pt) until the last line stays above ``bottom``,
    so a long unit or venue never runs into the date line and the signature.

    Drawn straight on the canvas: reportlab's paragraphs and frames would parse and lay out the same
    few lines at three times the cost, which is most of the time of printing a class's certificates.
    """
    for size in BODY_SIZES:
        leading = size * 22 / 15
        rows = _layout(lines, width, size)
        if top - size - (len(rows) - 1) * leading >= bottom:
            break
    space = {font: stringWidth(" ", font, size) for font in (SERIF, SERIF_BOLD)}
    y = top - size
    for placed in rows:
        cursor, start = x, 0
        while start < len(placed):  # one drawString per run of words in the same face
            font = placed[start][1]
            end = start
            while end < len(placed) and placed[end][1] == font:
                end += 1
            if start:
                cursor += space[placed[start - 1][1]]
            canvas.setFont(font, size)
            canvas.drawString(cursor, y, " ".join(word for word, _font, _w in placed[start:end]))
            cursor += sum(w for _word, _font, w in placed[start:end]) + space[font] * (end - start - 1)
            start = end
        y -= leading


def _field_values(institution: Institution, row: CertificateRow) -> dict[str, str]:
    return {
        "full_name": row.full_name, "birth": row.birth, "unit": row.unit, "course_name": row.course_name,
        "period": _period(row), "venue": row.venue, "result": row.result,
        "date_line": date_line(institution.place_name, row.issued_on), "serial": row.serial, "number": row.number,
    }


def positions_with_defaults(positions: Mapping[str, Sequence[float]] | None) -> dict[str, tuple[float, float, float]]:
    """Calibrated (x mm, y mm, size pt) per field, falling back to the defaults."""
    merged = {}
    for key, (_label, x, y, size) in PREPRINTED_FIELDS.items():
        custom = (positions or {}).get(key)
        if custom:
            x, y, size = (float(v) for v in custom)
        merged[key] = (x, y, size)
    return merged


def preprinted_pdf(institution: Institution, rows: Sequence[CertificateRow],
                   positions: Mapping[str, Sequence[float]] | None = None, *, test_page: bool = False,
                   seals: Mapping[str, tuple[str, str]] | None = None,
                   progress: Progress | None = None, cancelled: Stop | None = None) -> bytes:
    """Only the fields, each at its calibrated place on an A4 landscape blank (mm from top-left).

    With ``test_page`` a millimetre grid is drawn too and each field shows its name, so the user
    can print it on plain paper, lay it on a blank against the light and correct the positions.
    Pages are told to ``progress`` and ``cancelled()`` stops the drawing, as in :func:`certificates_pdf`.
    """
    register_fonts()
    size = landscape(A4)
    places = positions_with_defaults(positions)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size, initialFontName=SERIF)
    canvas.setTitle("Giấy chứng nhận (in trên phôi)")
    sheets = rows if not test_page else [None]
    pages = PageCount(len(sheets), progress, cancelled)
    for row in sheets:
        if test_page:
            _grid(canvas, size)
        values = (_field_values(institution, row) if row is not None
                  else {k: f"[{label}]" for k, (label, *_rest) in PREPRINTED_FIELDS.items()})
        for key, (x, y, font_size) in places.items():
            if key == SEAL_FIELD:  # x, y: the code's top-left corner; the "size" is its side in mm
                if test_page:
                    draw_seal_placeholder(canvas, x * mm, size[1] - y * mm, font_size * mm, "[Mã QR]")
                elif row is not None and seals and row.number in seals:
                    draw_seal(canvas, *seals[row.number], x=x * mm, top=size[1] - y * mm, side=font_size * mm)
                continue
            text = values.get(key, "")
            if not text:
                continue
            font = SERIF_BOLD if key == "full_name" else SERIF
            # A field never runs off the blank: a long unit or class name gets smaller type
            # (down to 8 pt) so that it ends 15 mm before the paper's edge.
            room = size[0] - x * mm - 15 * mm
            while font_size > 8 and stringWidth(text, font, font_size) > room:
                font_size -= 0.5
            canvas.setFont(font, font_size)
            canvas.drawString(x * mm, size[1] - y * mm, text)
        canvas.showPage()
        pages.page_done()
    canvas.save()
    return buffer.getvalue()


def _grid(canvas: Canvas, size: tuple[float, float]) -> None:
    width, height = size
    canvas.setStrokeColor(colors.Color(0.7, 0.7, 0.9))
    canvas.setFillColor(colors.Color(0.4, 0.4, 0.7))
    canvas.setFont(SERIF, 7)
    for x_mm in range(0, int(width / mm) + 1, 10):
        canvas.setLineWidth(0.6 if x_mm % 50 == 0 else 0.2)
        canvas.line(x_mm * mm, 0, x_mm * mm, height)
        canvas.drawString(x_mm * mm + 1, height - 8, str(x_mm))
    for y_mm in range(0, int(height / mm) + 1, 10):
        canvas.setLineWidth(0.6 if y_mm % 50 == 0 else 0.2)
        canvas.line(0, height - y_mm * mm, width, height - y_mm * mm)
        canvas.drawString(2, height - y_mm * mm - 8, str(y_mm))
    canvas.setFillColor(colors.black)
    canvas.setStrokeColor(colors.black)
