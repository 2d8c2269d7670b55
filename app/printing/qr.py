"""The certificate's QR code, drawn as vector paths (segno's matrix), with its check code under it.

One filled path of the dark runs, drawn in module units: sharp at any printer resolution, small in the PDF.
"""

from __future__ import annotations

import segno
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.domain.seal import grouped
from app.printing.fonts import SERIF

QUIET_MODULES = 2  # segno's matrix has no border; the paper around the code stays white this wide
MIN_SIDE_MM = 18.0  # smaller than this, a phone's camera cannot resolve the modules of a printed code


def qr_matrix(text: str) -> list[list[bool]]:
    """The dark (True) and light modules of the QR code for ``text`` (error correction M, byte mode, UTF-8)."""
    code = segno.make_qr(text, error="m", boost_error=False, encoding="utf-8")
    return [[bool(v) for v in row] for row in code.matrix]


def draw_seal(canvas: Canvas, text: str, check: str, x: float, top: float, side: float, *,
              caption_size: float = 8) -> None:
    """The QR code of ``text`` in a ``side``-wide square whose top-left corner is at (``x``, ``top``)
    (points, reportlab's origin at the bottom), the check code centred under it."""
    matrix = qr_matrix(text)
    modules = len(matrix) + 2 * QUIET_MODULES
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, top - side, side, side, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    # Drawn in module units (whole numbers: a row of 430 runs writes short operators, twice as fast).
    canvas.saveState()
    canvas.translate(x, top - side)
    canvas.scale(side / modules, side / modules)
    path = canvas.beginPath()
    for r, row in enumerate(matrix):
        y = modules - (r + QUIET_MODULES + 1)
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            path.rect(start + QUIET_MODULES, y, c - start, 1)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
    canvas.setFont(SERIF, caption_size)
    canvas.drawCentredString(x + side / 2, top - side - caption_size - 0.5 * mm, f"Mã kiểm tra: {grouped(check)}")
    canvas.restoreState()


def draw_seal_placeholder(canvas: Canvas, x: float, top: float, side: float, label: str) -> None:
    """Where the QR code will go, on the calibration test page: a dashed square and its name."""
    canvas.saveState()
    canvas.setDash(2, 2)
    canvas.rect(x, top - side, side, side, stroke=1, fill=0)
    canvas.setFont(SERIF, 8)
    canvas.drawCentredString(x + side / 2, top - side / 2, label)
    canvas.restoreState()
