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
