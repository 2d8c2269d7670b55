"""What both packaging tests check of an installed program: the demo's certificates, read back."""

from __future__ import annotations

import io
import sqlite3
import unicodedata
from pathlib import Path

from pypdf import PdfReader


def smallest_certified_class(db: Path) -> tuple[str, list[tuple[str, str]]]:
    """The demo class with the fewest issued certificates: its code and (number, name) per certificate,
    read straight from the database (not through the program)."""
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        (code,) = conn.execute(
            "SELECT c.code FROM certificate g JOIN enrollment e ON e.id = g.enrollment_id "
            "JOIN course c ON c.id = e.course_id WHERE g.status = 'issued' "
            "GROUP BY c.id HAVING count(*) >= 2 ORDER BY count(*), c.code LIMIT 1").fetchone()
        rows = conn.execute(
            "SELECT printf('%04d/%d', g.number, g.year), t.full_name FROM certificate g "
            "JOIN enrollment e ON e.id = g.enrollment_id JOIN course c ON c.id = e.course_id "
            "JOIN trainee t ON t.id = e.trainee_id WHERE c.code = ? AND g.status = 'issued'", (code,)).fetchall()
    finally:
        conn.close()
    return code, rows


def assert_certificates_pdf(pdf: Path, expected: list[tuple[str, str]]) -> None:
    """One page per certificate, and every name with its register number on its own page."""
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    pages = [" ".join(unicodedata.normalize("NFC", p.extract_text() or "").split()) for p in reader.pages]
    assert len(pages) == len(expected), (len(pages), len(expected))
    for number, name in expected:
        assert any(f"Đồng chí: {name}" in page and number in page for page in pages), (number, name)
    assert all("GIẤY CHỨNG NHẬN" in page for page in pages)
