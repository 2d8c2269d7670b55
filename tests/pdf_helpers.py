"""Reading back what a PDF says (text per page, fonts) for assertions."""

from __future__ import annotations

import io
import unicodedata

from pypdf import PdfReader


def pages_text(pdf: bytes) -> list[str]:
    """The NFC text of each page."""
    reader = PdfReader(io.BytesIO(pdf))
    return [unicodedata.normalize("NFC", page.extract_text() or "") for page in reader.pages]


def fonts(pdf: bytes) -> dict[str, bool]:
    """Every font used, and whether it is embedded."""
    reader = PdfReader(io.BytesIO(pdf))
    found: dict[str, bool] = {}
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            name = str(font.get("/BaseFont"))
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            found[name] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return found


def text_runs(pdf: bytes, page: int = 0) -> list[tuple[str, float, float, float, str]]:
    """Each piece of text drawn on the page: (text, x, y, size, font), in points from the
    bottom-left corner (the page's transformation applied), in drawing order; font is the
    shipped face that draws it (VNSerif, VNSerif-Bold, …)."""
    from app.printing.fonts import SERIF, SERIF_BOLD, SERIF_BOLD_ITALIC, SERIF_ITALIC

    faces = {"Regular": SERIF, "Bold": SERIF_BOLD, "Italic": SERIF_ITALIC, "BoldItalic": SERIF_BOLD_ITALIC}
    reader = PdfReader(io.BytesIO(pdf))
    found: list[tuple[str, float, float, float, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            a, b, c, d, e, f = cm
            x, y = tm[4], tm[5]
            scale = (abs(tm[0]) or 1) * (abs(a) or 1)
            base = str((font or {}).get("/BaseFont", "")).split("+")[-1]
            base = base.split("-", 1)[1] if "-" in base else "Regular"
            found.append((unicodedata.normalize("NFC", text.strip()), a * x + c * y + e, b * x + d * y + f,
                          size * scale, faces.get(base, SERIF_BOLD)))

    reader.pages[page].extract_text(visitor_text=visit)
    return found


def rules(pdf: bytes, page: int = 0) -> list[tuple[float, float, float, float]]:
    """The straight lines drawn on the page (a table's rules): (x0, y0, x1, y1) in points from
    the bottom-left corner, the page's transformations applied."""
    from pypdf.generic import ContentStream

    reader = PdfReader(io.BytesIO(pdf))
    content = ContentStream(reader.pages[page].get_contents(), reader)
    matrix, stack = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], []
    start: tuple[float, float] | None = None
    found = []

    def apply(x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = matrix
        return a * x + c * y + e, b * x + d * y + f

    for operands, operator in content.operations:
        if operator == b"q":
            stack.append(list(matrix))
        elif operator == b"Q":
            matrix = stack.pop()
        elif operator == b"cm":
            a2, b2, c2, d2, e2, f2 = (float(v) for v in operands)
            a, b, c, d, e, f = matrix
            matrix = [a2 * a + b2 * c, a2 * b + b2 * d, c2 * a + d2 * c, c2 * b + d2 * d,
                      e2 * a + f2 * c + e, e2 * b + f2 * d + f]
        elif operator == b"m":
            start = apply(float(operands[0]), float(operands[1]))
        elif operator == b"l" and start is not None:
            end = apply(float(operands[0]), float(operands[1]))
            found.append((start[0], start[1], end[0], end[1]))
            start = end
    return found


def table_grid(pdf: bytes, page: int = 0, *, min_length: float = 100) -> tuple[list[float], list[float]]:
    """The y of every horizontal rule at least ``min_length`` points long (top first) and the x of
    every vertical rule (left first): a ruled table's row and column edges."""
    ys, xs = set(), set()
    for x0, y0, x1, y1 in rules(pdf, page):
        if abs(y0 - y1) < 0.01 and abs(x1 - x0) >= min_length:
            ys.add(round(y0, 2))
        elif abs(x0 - x1) < 0.01 and abs(y1 - y0) > 1:
            xs.add(round(x0, 2))
    return sorted(ys, reverse=True), sorted(xs)
